//! Sobol indices by Saltelli's design and Jansen's estimators.
//!
//! The design takes `N` points of a `2k`-dimensional Sobol sequence; the first `k` coordinates of
//! point `j` form row `A_j`, the last `k` row `B_j`, and `AB_j^(i)` is `A_j` with coordinate `i` taken
//! from `B_j`. That is `N (k + 2)` model evaluations for all first-order and total indices. The
//! estimators are Jansen's, in the form of Saltelli et al. (2010), table 2:
//!
//! - first order: `S_i = (V - 1/(2N) Σ_j (f(B_j) - f(AB_j^(i)))²) / V`
//! - total: `S_Ti = 1/(2N) Σ_j (f(A_j) - f(AB_j^(i)))² / V`
//!
//! with `V` the variance of the `2N` outputs of the `A` and `B` rows. Both use only squared
//! differences of paired outputs, which keeps them stable when the output has a large mean (a
//! probability near 1, a sum of gold in the hundreds of thousands).

use crate::bootstrap::{Bootstrap, Estimate};
use crate::sequence::{MAX_DIMENSIONS, SobolSequence};
use crate::{Error, check_outputs};

/// Which row of a base sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    A,
    B,
    /// `A` with the given coordinate taken from `B`.
    Mixed(usize),
}

/// Saltelli's A, B, AB_i design on a Sobol sequence: `base` base samples of `params` parameters in
/// the unit cube. Point `(k + 2) j + c` is row `A_j` for `c = 0`, `B_j` for `c = 1` and `AB_j^(c-2)`
/// otherwise.
#[derive(Debug, Clone)]
pub struct SaltelliDesign {
    params: usize,
    base: usize,
    sequence: SobolSequence,
}

impl SaltelliDesign {
    /// A design of `base` base samples (at least 2; a power of two balances the Sobol points best)
    /// over `params` parameters (at least 1, at most half the sequence's dimensions).
    pub fn new(params: usize, base: usize) -> Result<SaltelliDesign, Error> {
        if params == 0 || 2 * params > MAX_DIMENSIONS {
            return Err(Error::Dimensions {
                asked: 2 * params,
                max: MAX_DIMENSIONS,
            });
        }
        if base < 2 || base as u64 >= u64::from(u32::MAX) {
            return Err(Error::Size {
                what: "base samples",
                asked: base,
                min: 2,
            });
        }
        Ok(SaltelliDesign {
            params,
            base,
            sequence: SobolSequence::new(2 * params)?,
        })
    }

    pub fn params(&self) -> usize {
        self.params
    }

    /// Number of base samples `N`.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Number of points, `N (k + 2)`: the model evaluations the design needs.
    pub fn len(&self) -> usize {
        self.base * (self.params + 2)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of `row` of base sample `j` among the points.
    pub fn position(&self, j: usize, row: Row) -> usize {
        let c = match row {
            Row::A => 0,
            Row::B => 1,
            Row::Mixed(i) => 2 + i,
        };
        j * (self.params + 2) + c
    }

    /// Writes point `index` into `out` (`params` coordinates in [0, 1)).
    ///
    /// # Panics
    /// If `index >= len()` or `out.len() != params()`.
    pub fn point(&self, index: usize, out: &mut [f64]) {
        assert!(index < self.len(), "point {index} of {}", self.len());
        let k = self.params;
        let (j, c) = (index / (k + 2), index % (k + 2));
        let mut both = vec![0.0; 2 * k];
        // Sobol point 0 is the origin, where A = B and a base sample tells nothing: start at 1.
        self.sequence.point(j as u64 + 1, &mut both);
        let (a, b) = both.split_at(k);
        match c {
            0 => out.copy_from_slice(a),
            1 => out.copy_from_slice(b),
            _ => {
                out.copy_from_slice(a);
                out[c - 2] = b[c - 2];
            }
        }
    }

    /// The first-order and total indices of every parameter from `outputs` (one per point, in point
    /// order), with bootstrap intervals over the base samples.
    pub fn analyse(&self, outputs: &[f64], bootstrap: &Bootstrap) -> Result<SobolIndices, Error> {
        check_outputs(outputs, self.len())?;
        bootstrap.check()?;
        let all: Vec<usize> = (0..self.base).collect();
        let point = self.estimate(outputs, &all);
        let k = self.params;
        let mut first_reps = vec![Vec::with_capacity(bootstrap.resamples); k];
        let mut total_reps = vec![Vec::with_capacity(bootstrap.resamples); k];
        let mut resampler = bootstrap.resamples(self.base);
        let mut rows = vec![0; self.base];
        for _ in 0..bootstrap.resamples {
            resampler.fill(&mut rows);
            let rep = self.estimate(outputs, &rows);
            for i in 0..k {
                first_reps[i].push(rep.first[i]);
                total_reps[i].push(rep.total[i]);
            }
        }
        Ok(SobolIndices {
            mean: point.mean,
            variance: point.variance,
            first: (0..k)
                .map(|i| bootstrap.interval(point.first[i], &mut first_reps[i]))
                .collect(),
            total: (0..k)
                .map(|i| bootstrap.interval(point.total[i], &mut total_reps[i]))
                .collect(),
        })
    }

    /// Jansen's estimators over the base samples `rows` (repeats allowed, as in a resample).
    fn estimate(&self, y: &[f64], rows: &[usize]) -> PointEstimate {
        let k = self.params;
        let n = rows.len() as f64;
        let at = |j: usize, r: Row| y[self.position(j, r)];
        let mean = rows
            .iter()
            .map(|&j| at(j, Row::A) + at(j, Row::B))
            .sum::<f64>()
            / (2.0 * n);
        let variance = rows
            .iter()
            .map(|&j| (at(j, Row::A) - mean).powi(2) + (at(j, Row::B) - mean).powi(2))
            .sum::<f64>()
            / (2.0 * n - 1.0);
        let mut first = vec![0.0; k];
        let mut total = vec![0.0; k];
        // No variance, nothing to apportion: every index is 0 rather than 0/0.
        if variance > 0.0 {
            for i in 0..k {
                let (mut d_first, mut d_total) = (0.0, 0.0);
                for &j in rows {
                    let ab = at(j, Row::Mixed(i));
                    d_first += (at(j, Row::B) - ab).powi(2);
                    d_total += (at(j, Row::A) - ab).powi(2);
                }
                first[i] = (variance - d_first / (2.0 * n)) / variance;
                total[i] = d_total / (2.0 * n) / variance;
            }
        }
        PointEstimate {
            mean,
            variance,
            first,
            total,
        }
    }
}

struct PointEstimate {
    mean: f64,
    variance: f64,
    first: Vec<f64>,
    total: Vec<f64>,
}

/// First-order and total Sobol indices of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// Mean of the output over the A and B rows.
    pub mean: f64,
    /// Its variance over the A and B rows: what the indices apportion.
    pub variance: f64,
    /// `S_i`: the share of the variance due to parameter `i` alone.
    pub first: Vec<Estimate>,
    /// `S_Ti`: the share due to parameter `i` with all its interactions.
    pub total: Vec<Estimate>,
}
