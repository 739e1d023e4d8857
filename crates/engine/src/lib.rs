//! The model of Bianjing 1126: a pure, deterministic, day-by-day stochastic simulation of the first Jin
//! siege of the Northern Song capital.
//!
//! The crate takes a validated scenario (from `bianjing-scenario`), resolves it into a [`Setup`], and
//! runs [`Simulation`]s: state machines stepped one day at a time that report [`Event`]s to an
//! [`Observer`] and end with an [`Outcome`]. It does no I/O, reads no clock and holds no global random
//! state; each run is keyed by its own ChaCha8 stream, fixed by the seed and the run index, and reads
//! each day's uniforms at fixed places of a counter-based sequence under that key (see [`draws`]), so
//! runs are reproducible on any machine and thread.
//!
//! It knows nothing of TOML, terminals or HTTP, and formats no text: the `bianjing-chronicle` crate
//! tells a run's events in words.
//!
//! ```no_run
//! # fn demo(setup: &bianjing_engine::Setup) -> Result<(), bianjing_engine::ConfigError> {
//! use bianjing_engine::{Mode, RunConfig, Script, Simulation};
//! let config = RunConfig { mode: Mode::Free, ..RunConfig::default() };
//! let script = Script::compile(setup, &config)?;
//! let mut events = Vec::new();
//! let outcome = Simulation::new(setup, &setup.params, &script, 42, 0).run(&mut events);
//! println!("{:?} after {} events", outcome.category, events.len());
//! # Ok(()) }
//! ```

pub mod combat;
pub mod decision;
pub mod draws;
pub mod event;
pub mod math;
mod muster;
mod normal;
pub mod outcome;
pub mod params;
mod process;
pub mod script;
pub mod setup;
mod sim;
pub mod world;

pub use decision::{Decision, Orders, RaidOrder};
pub use draws::DRAWS_LAYOUT;
pub use event::{Engagement, EngagementKind, Event, Happening, KeyEvent, Observer, Side};
pub use outcome::{Category, Losses, Outcome};
pub use params::{PARAM_NAMES, ParamError, Params, Range};
pub use process::cascade;
pub use script::{ConfigError, Mode, RunConfig, Script, WhatIfChoice};
pub use setup::{Record, RecordedEvent, Setup, SetupError};
pub use sim::{Diagnostics, Simulation, days_compiled_for};
pub use world::World;

/// What the engine's own tests build runs from.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::{Mode, RunConfig, Script, Setup};

    /// The built-in scenario's setup.
    pub(crate) fn builtin_setup() -> Setup {
        let s = bianjing_scenario::builtin();
        Setup::build(s.data(), s.calendar()).expect("the built-in scenario builds")
    }

    /// The script of a free run with nothing imposed.
    pub(crate) fn free_script(setup: &Setup) -> Script {
        let config = RunConfig {
            mode: Mode::Free,
            ..RunConfig::default()
        };
        Script::compile(setup, &config).expect("the free script compiles")
    }
}
