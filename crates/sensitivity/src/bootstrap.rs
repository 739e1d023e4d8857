//! Bootstrap intervals: resample the design's independent units (Saltelli's base rows, Morris's
//! trajectories) with replacement, recompute the statistic, and take percentiles.
//!
//! The resampler draws from a ChaCha8 stream fixed by the seed, so an interval is the same on every
//! machine and for every thread count.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::Error;

/// How to compute bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples; 0 gives no interval (each bound equal to the estimate).
    pub resamples: usize,
    /// Coverage of the percentile interval, e.g. 0.95.
    pub confidence: f64,
    /// Seed of the resampler's stream.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            resamples: 500,
            confidence: 0.95,
            seed: 1126,
        }
    }
}

impl Bootstrap {
    pub(crate) fn check(&self) -> Result<(), Error> {
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(Error::Confidence(self.confidence));
        }
        Ok(())
    }

    /// `resamples` lists of `units` indices drawn with replacement, one after another from the stream.
    pub(crate) fn resamples(&self, units: usize) -> Resampler {
        Resampler {
            rng: ChaCha8Rng::seed_from_u64(self.seed),
            units,
        }
    }

    /// The percentile interval of `replicates` around `estimate`, or the estimate itself twice when
    /// there are none. Sorts `replicates`.
    pub(crate) fn interval(&self, estimate: f64, replicates: &mut [f64]) -> Estimate {
        if replicates.is_empty() {
            return Estimate {
                value: estimate,
                lo: estimate,
                hi: estimate,
            };
        }
        replicates.sort_by(f64::total_cmp);
        let tail = (1.0 - self.confidence) / 2.0;
        Estimate {
            value: estimate,
            lo: quantile(replicates, tail),
            hi: quantile(replicates, 1.0 - tail),
        }
    }
}

/// An estimate with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Draws resamples of unit indices.
pub(crate) struct Resampler {
    rng: ChaCha8Rng,
    units: usize,
}

impl Resampler {
    /// Fills `out` with indices in `0..units`, uniformly and independently.
    pub fn fill(&mut self, out: &mut [usize]) {
        for slot in out {
            *slot = uniform_below(&mut self.rng, self.units as u64) as usize;
        }
    }
}

/// A uniform integer in `0..n` by Lemire's multiply-and-reject: exact, and portable because it uses
/// only 64-bit draws and integer arithmetic.
fn uniform_below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    debug_assert!(n > 0);
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(n);
        if (m as u64) >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// The `q` quantile of sorted `xs`, interpolating linearly between order statistics.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let h = q * (xs.len() - 1) as f64;
    let i = h.floor() as usize;
    let j = (i + 1).min(xs.len() - 1);
    xs[i] + (h - i as f64) * (xs[j] - xs[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_below_hits_every_value_evenly() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            counts[uniform_below(&mut rng, 7) as usize] += 1;
        }
        // Each count is Binomial(70000, 1/7): sd about 93, so 500 is more than five sd.
        assert!(
            counts.iter().all(|&c| c.abs_diff(10_000) < 500),
            "{counts:?}"
        );
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&xs, 0.0), 0.0);
        assert_eq!(quantile(&xs, 0.5), 2.0);
        assert_eq!(quantile(&xs, 0.625), 2.5);
        assert_eq!(quantile(&xs, 1.0), 4.0);
    }
}
