//! The scenario format of Bianjing 1126: reading a scenario file (TOML) into typed, validated
//! data, with every problem reported at its file, line and column.
//!
//! A scenario holds the sourced facts of the first Jin siege of Kaifeng: the lunar calendar,
//! sources, persons, places, forces, demands, dated events, uncertain parameters and named
//! what-ifs. Its shape is the set of types in [`model`]; the JSON Schema derived from them
//! ([`schema_json`]) is the single source of truth for structure.
//!
//! This crate does no simulation and knows nothing of the engine's vocabulary (which parameter
//! names or event kinds it acts on). A later layer that finds a problem of its own reports it
//! through [`Scenario::diagnostic`], which points at the right line as this crate's own checks do.
//!
//! # Flow
//!
//! [`load`] (or [`load_bytes`]) runs passes in order; each reports everything it finds, and the
//! next runs only when it found nothing, since it relies on what the earlier ones established:
//!
//! 1. guards: at most 16 MiB, UTF-8, nesting at most 64 levels (checked by a scan before any
//!    parser runs, so that no input can overflow the stack);
//! 2. syntax: TOML, with recovery so that several syntax errors are reported at once;
//! 3. structure: the parse tree against the JSON Schema: unknown and missing keys, wrong types,
//!    values outside an enum, numbers out of range;
//! 4. types: deserialization into [`ScenarioFile`];
//! 5. meaning: unique ids, references between tables, citations (`ID` of a source or
//!    `essay:N`), lunar dates inside the month table, a consistent month table, one default
//!    among several versions of a fact, possible numbers, parameter ranges.
//!
//! The result is a [`Scenario`]: the typed data, the [`Calendar`], and an index from paths such
//! as `force[3].commander` or `event[12].date[0].value` to positions in the text. On failure it
//! is [`Diagnostics`], whose `Display` reads like rustc's. Hostile input gets at most
//! [`MAX_ERRORS`] diagnostics and a note that more were left out.
//!
//! # Example
//!
//! ```
//! let text = "[scenario]\nid = 3\n";
//! let errors = bianjing_scenario::load(text, "bad.toml").unwrap_err();
//! let wrong = errors.iter().find(|d| d.path == "scenario.id").unwrap();
//! assert_eq!((wrong.line, wrong.column), (2, 6));
//! assert!(wrong.message.starts_with("wrong type"));
//! assert!(errors.to_string().contains("--> bad.toml:2:6"));
//! // The rest of the pass is reported too: keys missing from [scenario] and from the file.
//! assert!(errors.iter().any(|d| d.message == "missing key `calendar` at the top level"));
//!
//! let scenario = bianjing_scenario::builtin();
//! let start = scenario.start();
//! assert!(start < scenario.horizon());
//! ```
//!
//! The scenario shipped with the program is [`builtin`].

mod builtin;
mod check;
mod diagnostic;
mod guard;
mod load;
pub mod model;
mod scenario;
mod schema;
mod span_index;
mod structure;

pub use bianjing_calendar::{Calendar, CalendarError, Jdn, LunarDate};
pub use builtin::{BUILTIN_NAME, BUILTIN_POSTERIOR_NAME, builtin, builtin_posterior, builtin_text};
pub use diagnostic::{Diagnostic, Diagnostics, Location, MAX_ERRORS};
pub use guard::{MAX_BYTES, MAX_DEPTH};
pub use load::{load, load_bytes};
pub use model::{ScenarioFile, Version};
pub use scenario::{Scenario, try_version_default, version_default};
pub use schema::schema_json;
