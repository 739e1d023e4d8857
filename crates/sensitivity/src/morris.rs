//! Morris screening: elementary effects along random one-at-a-time trajectories on a grid.
//!
//! A trajectory starts at a random point of a `p`-level grid in the unit cube and moves each parameter
//! once, in random order and direction, by `Δ = p / (2 (p - 1))`. The elementary effect of parameter
//! `i` is the change of the output over that step divided by `Δ` (so an effect is "per whole range").
//! Over `r` trajectories: `μ` (their mean), `μ*` (the mean of their absolute values, Campolongo et al.
//! 2007, which cannot cancel out when an effect changes sign) and `σ` (their standard deviation:
//! interactions or non-linearity). `r (k + 1)` evaluations for `k` parameters.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::bootstrap::{Bootstrap, Estimate};
use crate::{Error, check_outputs};

/// One step of a trajectory: which parameter moved and whether it went up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    param: usize,
    up: bool,
}

/// `r` Morris trajectories over `k` parameters; point `(k + 1) t + m` is the `m`-th point of trajectory
/// `t`.
#[derive(Debug, Clone)]
pub struct MorrisDesign {
    params: usize,
    trajectories: usize,
    levels: usize,
    /// Every point's coordinates, `params` per point.
    points: Vec<f64>,
    /// For trajectory `t`, its `k` steps.
    steps: Vec<Step>,
}

impl MorrisDesign {
    /// `trajectories` (at least 2) random trajectories of `params` parameters (at least 1) on a grid
    /// of `levels` levels (even, at least 2; 4 is usual), drawn from a ChaCha8 stream seeded by `seed`.
    pub fn new(
        params: usize,
        trajectories: usize,
        levels: usize,
        seed: u64,
    ) -> Result<MorrisDesign, Error> {
        if params == 0 {
            return Err(Error::Size {
                what: "parameters",
                asked: params,
                min: 1,
            });
        }
        if trajectories < 2 {
            return Err(Error::Size {
                what: "trajectories",
                asked: trajectories,
                min: 2,
            });
        }
        if levels < 2 || levels % 2 == 1 {
            return Err(Error::Levels(levels));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let step = levels as f64 / (2.0 * (levels - 1) as f64);
        let mut points = Vec::with_capacity(trajectories * (params + 1) * params);
        let mut steps = Vec::with_capacity(trajectories * params);
        for _ in 0..trajectories {
            // A base level low enough that base + Δ is still on the grid: the lower half.
            let base: Vec<f64> = (0..params)
                .map(|_| uniform_below(&mut rng, levels / 2) as f64 / (levels - 1) as f64)
                .collect();
            let up: Vec<bool> = (0..params).map(|_| rng.next_u32() & 1 == 1).collect();
            let mut order: Vec<usize> = (0..params).collect();
            for i in (1..params).rev() {
                order.swap(i, uniform_below(&mut rng, i + 1));
            }
            let mut x: Vec<f64> = (0..params)
                .map(|i| if up[i] { base[i] } else { base[i] + step })
                .collect();
            points.extend_from_slice(&x);
            for &i in &order {
                x[i] = if up[i] { base[i] + step } else { base[i] };
                points.extend_from_slice(&x);
                steps.push(Step {
                    param: i,
                    up: up[i],
                });
            }
        }
        Ok(MorrisDesign {
            params,
            trajectories,
            levels,
            points,
            steps,
        })
    }

    pub fn params(&self) -> usize {
        self.params
    }

    pub fn trajectories(&self) -> usize {
        self.trajectories
    }

    pub fn levels(&self) -> usize {
        self.levels
    }

    /// The step `Δ` in the unit cube.
    pub fn delta(&self) -> f64 {
        self.levels as f64 / (2.0 * (self.levels - 1) as f64)
    }

    /// Number of points, `r (k + 1)`.
    pub fn len(&self) -> usize {
        self.trajectories * (self.params + 1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point `index`: `params` coordinates on the grid, in [0, 1].
    ///
    /// # Panics
    /// If `index >= len()`.
    pub fn point(&self, index: usize) -> &[f64] {
        &self.points[index * self.params..(index + 1) * self.params]
    }

    /// `μ`, `μ*` and `σ` of every parameter from `outputs` (one per point, in point order), with a
    /// bootstrap interval for `μ*` over the trajectories.
    pub fn analyse(&self, outputs: &[f64], bootstrap: &Bootstrap) -> Result<MorrisIndices, Error> {
        check_outputs(outputs, self.len())?;
        bootstrap.check()?;
        let k = self.params;
        // effects[t * k + i]: trajectory t's elementary effect of parameter i.
        let mut effects = vec![0.0; self.trajectories * k];
        for t in 0..self.trajectories {
            for m in 0..k {
                let s = self.steps[t * k + m];
                let before = outputs[t * (k + 1) + m];
                let after = outputs[t * (k + 1) + m + 1];
                let change = if s.up { after - before } else { before - after };
                effects[t * k + s.param] = change / self.delta();
            }
        }
        let r = self.trajectories;
        let mut mu = vec![0.0; k];
        let mut mu_star = vec![0.0; k];
        let mut sigma = vec![0.0; k];
        for i in 0..k {
            let e = |t: usize| effects[t * k + i];
            mu[i] = (0..r).map(e).sum::<f64>() / r as f64;
            mu_star[i] = (0..r).map(|t| e(t).abs()).sum::<f64>() / r as f64;
            sigma[i] =
                ((0..r).map(|t| (e(t) - mu[i]).powi(2)).sum::<f64>() / (r - 1) as f64).sqrt();
        }
        let mut reps = vec![Vec::with_capacity(bootstrap.resamples); k];
        let mut resampler = bootstrap.resamples(r);
        let mut picks = vec![0; r];
        for _ in 0..bootstrap.resamples {
            resampler.fill(&mut picks);
            for (i, rep) in reps.iter_mut().enumerate() {
                rep.push(picks.iter().map(|&t| effects[t * k + i].abs()).sum::<f64>() / r as f64);
            }
        }
        Ok(MorrisIndices {
            mu,
            mu_star: (0..k)
                .map(|i| bootstrap.interval(mu_star[i], &mut reps[i]))
                .collect(),
            sigma,
        })
    }
}

/// Morris's measures of one output, per parameter, in units of the output per whole range.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// `μ`: the mean elementary effect (signed; effects of opposite signs cancel).
    pub mu: Vec<f64>,
    /// `μ*`: the mean absolute elementary effect, the measure to rank by.
    pub mu_star: Vec<Estimate>,
    /// `σ`: the spread of the elementary effects; large beside `μ*` means interactions or curvature.
    pub sigma: Vec<f64>,
}

/// A uniform integer in `0..n` (small `n`) by rejection on 32-bit draws, portable and exact.
fn uniform_below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let n = n as u64;
    let zone = (1u64 << 32) - (1u64 << 32) % n;
    loop {
        let x = u64::from(rng.next_u32());
        if x < zone {
            return (x % n) as usize;
        }
    }
}
