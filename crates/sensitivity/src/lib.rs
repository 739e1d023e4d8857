//! Global sensitivity analysis of a model with uncertain inputs: which inputs drive an output.
//!
//! The crate gives designs (the points at which to evaluate the model) and analysers (which turn the
//! outputs at those points into indices). It never calls the model: the caller evaluates it however it
//! likes, in parallel or on many machines, and hands back one output per point in point order. Points
//! lie in the unit cube; the caller maps each coordinate onto its parameter's range. No I/O, no
//! threads, no clock; the only randomness is ChaCha8 streams fixed by explicit seeds.
//!
//! - [`SobolSequence`]: the Sobol low-discrepancy sequence with Joe and Kuo's (2008) direction numbers
//!   for up to [`MAX_DIMENSIONS`] dimensions, stored in `data/` with their citation.
//! - [`SaltelliDesign`]: Saltelli's A, B, AB_i design on that sequence and Jansen's estimators of the
//!   first-order (`S_i`) and total (`S_Ti`) Sobol indices ([`SobolIndices`]).
//! - [`MorrisDesign`]: Morris's elementary effects on random trajectories, with `μ`, Campolongo's `μ*`
//!   and `σ` ([`MorrisIndices`]): a cheap screening, `r (k + 1)` evaluations against Sobol's `N (k + 2)`.
//! - [`Bootstrap`]: percentile intervals for every index, resampling the independent units of the
//!   design (base samples, trajectories) with a seeded ChaCha8 stream.
//!
//! ```
//! use bianjing_sensitivity::{Bootstrap, SaltelliDesign};
//!
//! // y = x0 + 2 x1 on the unit square: x1 carries 4/5 of the variance.
//! let design = SaltelliDesign::new(2, 1024).unwrap();
//! let mut x = [0.0; 2];
//! let outputs: Vec<f64> = (0..design.len())
//!     .map(|i| {
//!         design.point(i, &mut x);
//!         x[0] + 2.0 * x[1]
//!     })
//!     .collect();
//! let s = design.analyse(&outputs, &Bootstrap::default()).unwrap();
//! assert!((s.total[1].value - 0.8).abs() < 0.01);
//! ```

mod bootstrap;
mod morris;
mod saltelli;
mod sequence;

pub use bootstrap::{Bootstrap, Estimate};
pub use morris::{MorrisDesign, MorrisIndices};
pub use saltelli::{Row, SaltelliDesign, SobolIndices};
pub use sequence::{MAX_DIMENSIONS, SobolSequence};

/// Why a design could not be made or outputs not analysed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// More dimensions than the stored direction numbers give (or none).
    Dimensions { asked: usize, max: usize },
    /// A size below its minimum.
    Size {
        what: &'static str,
        asked: usize,
        min: usize,
    },
    /// A Morris grid needs an even number of levels, at least 2.
    Levels(usize),
    /// The outputs do not match the design's points one for one.
    Outputs { given: usize, expected: usize },
    /// An output is NaN or infinite.
    NotFinite { index: usize, value: f64 },
    /// A bootstrap confidence outside (0, 1).
    Confidence(f64),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Dimensions { asked, max } => write!(
                f,
                "{asked} dimensions asked; the Sobol sequence has direction numbers for 1 to {max}"
            ),
            Error::Size { what, asked, min } => {
                write!(f, "{asked} {what}: at least {min} are needed")
            }
            Error::Levels(p) => write!(
                f,
                "{p} levels: a Morris grid needs an even number, at least 2"
            ),
            Error::Outputs { given, expected } => {
                write!(f, "{given} outputs for a design of {expected} points")
            }
            Error::NotFinite { index, value } => write!(f, "output {index} is {value}"),
            Error::Confidence(c) => write!(f, "confidence {c}: must lie strictly between 0 and 1"),
        }
    }
}

impl std::error::Error for Error {}

fn check_outputs(outputs: &[f64], expected: usize) -> Result<(), Error> {
    if outputs.len() != expected {
        return Err(Error::Outputs {
            given: outputs.len(),
            expected,
        });
    }
    if let Some((index, &value)) = outputs.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NotFinite { index, value });
    }
    Ok(())
}
