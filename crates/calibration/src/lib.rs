//! Calibration of a stochastic model to a record by approximate Bayesian computation (ABC), and the
//! posterior file the runs of Bianjing 1126 draw their parameters from.
//!
//! - [`Model`]: what a model must offer: a parameter box (the uniform prior), a simulator taking its
//!   randomness from a given stream, and a distance from a simulation's summary to the record.
//! - [`calibrate`]: ABC rejection or ABC-SMC ([`Method`]), parallel with rayon yet the same bits for
//!   any thread count (every draw comes from a stream keyed by its purpose and index, see
//!   [`streams`]).
//! - [`Posterior`]: the weighted samples as a versioned TOML file, a loader that names the file, the
//!   line and the problem, and [`Posterior::sample_for_run`], the parameter draw of one run.
//!
//! No I/O: callers read and write the files.

pub mod abc;
pub mod model;
pub mod posterior;
pub mod streams;

pub use abc::{AbcError, Fit, Generation, Method, Particle, Settings, calibrate, ess};
pub use model::{Bounds, Model};
pub use posterior::{FORMAT, ParamSpec, Posterior, PosteriorError, Sample, VERSION, prior_for_run};
