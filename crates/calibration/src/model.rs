//! What ABC needs to know of a model: its parameter box, a simulator and a distance to the record.

use rand_chacha::ChaCha8Rng;

/// The closed range of one parameter; the prior is uniform over it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
}

impl Bounds {
    pub fn width(&self) -> f64 {
        self.max - self.min
    }
    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }
}

/// A stochastic model to calibrate.
///
/// `simulate` must take all its randomness from `stream` (never from a global generator), so that
/// a particle's result depends on its key alone.
pub trait Model: Sync {
    /// The prior box, one entry per parameter.
    fn bounds(&self) -> &[Bounds];
    /// The summary statistics of one simulation at `theta`.
    fn simulate(&self, theta: &[f64], stream: &mut ChaCha8Rng) -> Vec<f64>;
    /// How far a simulation's summary lies from the observed record (0 = a perfect match).
    fn distance(&self, summary: &[f64]) -> f64;
}
