//! Approximate Bayesian computation: rejection and sequential Monte Carlo (population Monte Carlo).
//!
//! **Rejection** draws `simulations` parameter sets from the uniform prior, simulates each once and
//! keeps the `particles` closest to the record; the tolerance is the distance of the last one kept.
//!
//! **ABC-SMC** (Toni et al. 2009; Beaumont, Cornuet, Marin and Robert 2009): generation 0 is
//! `particles` draws from the prior, all kept. Generation `t` sets its tolerance to the `quantile` of
//! generation `t-1`'s distances, then fills each particle slot by picking an ancestor by weight,
//! moving it with a Gaussian kernel whose variance is twice the weighted variance of the previous
//! generation (per parameter: a diagonal covariance), rejecting moves that leave the prior box, and
//! simulating until the distance falls within the tolerance. (When discrete distances leave the
//! quantile equal to the current tolerance, the largest distance below it is used instead.)
//!
//! Moves are rejected coordinate by coordinate: a coordinate drawn outside its range is drawn again.
//! Rejecting the whole move instead would almost never keep one with a hundred parameters (each
//! coordinate stays inside with probability of about 3/4, all of them with 0.75^100). The kernel is
//! then a product of truncated normals, and its normalising constant, which depends on the ancestor,
//! enters the weights: a kept particle's weight is prior / sum_k w_k K(theta | theta_k), the prior
//! being constant inside the box. It stops after
//! `generations` generations, or once the simulations spent reach `budget`, or when a slot cannot be
//! filled within `max_attempts` proposals (the last complete generation is kept).
//!
//! **Determinism.** Proposal `i` draws from the stream of (seed, proposal, `i`), and particle slot `j`
//! of generation `t` from (seed, particle `t`, `j`); slots are filled in parallel, but each one's
//! result depends on its key and the previous generation alone, and results are gathered in slot
//! order. Any thread count gives the same particles, bit for bit.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::model::{Bounds, Model};
use crate::streams::{Purpose, normal, stream, uniform};

/// The two methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Rejection,
    Smc,
}

impl Method {
    /// The name used on the command line and in the posterior file.
    pub fn name(self) -> &'static str {
        match self {
            Method::Rejection => "abc-rejection",
            Method::Smc => "abc-smc",
        }
    }
    pub fn from_name(s: &str) -> Option<Method> {
        match s {
            "abc-rejection" => Some(Method::Rejection),
            "abc-smc" => Some(Method::Smc),
            _ => None,
        }
    }
}

/// How to run a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub method: Method,
    pub seed: u64,
    /// Particles kept (the posterior sample size).
    pub particles: usize,
    /// Rejection: proposals drawn. SMC: the budget of simulations after which no new generation starts.
    pub simulations: u64,
    /// SMC: the most generations after generation 0.
    pub generations: u32,
    /// SMC: each tolerance is this quantile of the previous generation's distances.
    pub quantile: f64,
    /// SMC: proposals per particle slot before the generation is given up.
    pub max_attempts: u64,
    /// Worker threads; 0 uses every core. The result does not depend on it.
    pub threads: usize,
}

/// A weighted parameter set with its distance.
#[derive(Debug, Clone, PartialEq)]
pub struct Particle {
    pub theta: Vec<f64>,
    pub distance: f64,
    pub weight: f64,
}

/// One generation's figures (rejection has a single one).
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub tolerance: f64,
    /// Simulations run in this generation.
    pub simulations: u64,
    /// Coordinates drawn outside the prior box (drawn again, not simulated).
    pub outside: u64,
    /// Effective sample size of the weights.
    pub ess: f64,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub method: Method,
    pub seed: u64,
    /// Every kept particle's distance is at most this.
    pub tolerance: f64,
    /// Simulations run in all.
    pub simulations: u64,
    pub particles: Vec<Particle>,
    pub generations: Vec<Generation>,
    /// Why SMC stopped, in words.
    pub stopped: String,
}

/// Why a calibration could not run.
#[derive(Debug, Clone, PartialEq)]
pub enum AbcError {
    Settings(String),
}

impl std::fmt::Display for AbcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AbcError::Settings(why) => write!(f, "invalid calibration settings: {why}"),
        }
    }
}

impl std::error::Error for AbcError {}

/// Effective sample size, (sum w)^2 / sum w^2.
pub fn ess(weights: &[f64]) -> f64 {
    let s: f64 = weights.iter().sum();
    let s2: f64 = weights.iter().map(|w| w * w).sum();
    if s2 > 0.0 { s * s / s2 } else { 0.0 }
}

/// Runs a calibration. `progress` is called from worker threads with the number of simulations just
/// run; once `stop` is set, no new generation starts (the last complete one is returned).
pub fn calibrate(
    model: &dyn Model,
    settings: &Settings,
    progress: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Result<Fit, AbcError> {
    check(model.bounds(), settings)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| AbcError::Settings(format!("cannot start worker threads: {e}")))?;
    pool.install(|| match settings.method {
        Method::Rejection => Ok(rejection(model, settings, progress, stop)),
        Method::Smc => Ok(smc(model, settings, progress, stop)),
    })
}

fn check(bounds: &[Bounds], s: &Settings) -> Result<(), AbcError> {
    let bad = |why: String| Err(AbcError::Settings(why));
    if bounds.is_empty() {
        return bad("the model has no uncertain parameter".into());
    }
    if let Some(b) = bounds
        .iter()
        .find(|b| !(b.min.is_finite() && b.max.is_finite() && b.min < b.max))
    {
        return bad(format!("a parameter range [{}, {}] is empty", b.min, b.max));
    }
    if s.particles < 2 {
        return bad("at least 2 particles are needed".into());
    }
    if s.method == Method::Rejection && s.simulations < s.particles as u64 {
        return bad(format!(
            "rejection keeps {} particles out of {} simulations: the simulations must be at least the particles",
            s.particles, s.simulations
        ));
    }
    if !(s.quantile > 0.0 && s.quantile < 1.0) {
        return bad(format!(
            "the tolerance quantile {} is not in (0, 1)",
            s.quantile
        ));
    }
    if s.max_attempts == 0 {
        return bad("max attempts must be at least 1".into());
    }
    Ok(())
}

/// A draw from the uniform prior over `bounds`.
fn from_prior(bounds: &[Bounds], rng: &mut rand_chacha::ChaCha8Rng) -> Vec<f64> {
    bounds
        .iter()
        .map(|b| b.min + uniform(rng) * b.width())
        .collect()
}

/// Proposal `i`: its prior draw and its distance (the draw comes first from the stream, so it can be
/// drawn again from the key alone).
fn proposal(model: &dyn Model, seed: u64, i: u64) -> (Vec<f64>, f64) {
    let mut rng = stream(seed, Purpose::Proposal, i);
    let theta = from_prior(model.bounds(), &mut rng);
    let d = model.distance(&model.simulate(&theta, &mut rng));
    (theta, d)
}

/// Orders distances with NaN last, then by index, so ties and failures sort the same on any machine.
fn by_distance(a: &(f64, u64), b: &(f64, u64)) -> std::cmp::Ordering {
    let key = |d: f64| if d.is_nan() { f64::INFINITY } else { d };
    key(a.0).total_cmp(&key(b.0)).then(a.1.cmp(&b.1))
}

/// Rejection. Once `stop` is set the remaining blocks are skipped and the fit covers fewer simulations
/// than asked (`simulations` says how many ran); the caller decides whether to keep it.
fn rejection(
    model: &dyn Model,
    s: &Settings,
    progress: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Fit {
    const BLOCK: u64 = 256;
    let blocks = s.simulations.div_ceil(BLOCK);
    // Only (distance, index) is kept: a million parameter sets would not fit in memory, and each can be
    // drawn again from its index.
    let mut scored: Vec<(f64, u64)> = (0..blocks)
        .into_par_iter()
        .flat_map_iter(|b| {
            if stop.load(Ordering::Relaxed) {
                return Vec::new();
            }
            let r = b * BLOCK..((b + 1) * BLOCK).min(s.simulations);
            let n = r.end - r.start;
            let out: Vec<(f64, u64)> = r.map(|i| (proposal(model, s.seed, i).1, i)).collect();
            progress(n);
            out
        })
        .collect();
    let simulations = scored.len() as u64;
    scored.sort_by(by_distance);
    scored.truncate(s.particles);
    let tolerance = scored.last().map_or(f64::INFINITY, |x| x.0);
    let particles: Vec<Particle> = scored
        .par_iter()
        .map(|&(distance, i)| {
            let mut rng = stream(s.seed, Purpose::Proposal, i);
            Particle {
                theta: from_prior(model.bounds(), &mut rng),
                distance,
                weight: 1.0 / s.particles as f64,
            }
        })
        .collect();
    let w: Vec<f64> = particles.iter().map(|p| p.weight).collect();
    let kept = particles.len();
    Fit {
        method: Method::Rejection,
        seed: s.seed,
        tolerance,
        simulations,
        generations: vec![Generation {
            tolerance,
            simulations,
            outside: 0,
            ess: ess(&w),
        }],
        particles,
        stopped: format!("kept the {kept} closest of {simulations} simulations"),
    }
}

/// The previous generation, ready to be sampled and perturbed.
struct Previous {
    particles: Vec<Particle>,
    /// Cumulative normalised weights, for picking ancestors.
    cumulative: Vec<f64>,
    /// The kernel's standard deviation per parameter.
    sigma: Vec<f64>,
    /// Per particle, the log of the kernel's normalising constant: sum over parameters of
    /// ln P(a normal around the particle falls inside the range).
    log_mass: Vec<f64>,
}

impl Previous {
    fn new(particles: Vec<Particle>, bounds: &[Bounds]) -> Previous {
        let total: f64 = particles.iter().map(|p| p.weight).sum();
        let mut acc = 0.0;
        let cumulative = particles
            .iter()
            .map(|p| {
                acc += p.weight / total;
                acc
            })
            .collect();
        let sigma = (0..bounds.len())
            .map(|d| {
                let mean: f64 =
                    particles.iter().map(|p| p.weight * p.theta[d]).sum::<f64>() / total;
                let var: f64 = particles
                    .iter()
                    .map(|p| p.weight * (p.theta[d] - mean).powi(2))
                    .sum::<f64>()
                    / total;
                // Twice the weighted variance (Beaumont et al. 2009); a floor keeps a collapsed
                // parameter movable.
                (2.0 * var).sqrt().max(1e-9 * bounds[d].width())
            })
            .collect();
        let log_mass = particles
            .iter()
            .map(|p| {
                p.theta
                    .iter()
                    .zip(&sigma)
                    .zip(bounds)
                    .map(|((&t, &sd), b)| {
                        let mass = phi((b.max - t) / sd) - phi((b.min - t) / sd);
                        mass.max(f64::MIN_POSITIVE).ln()
                    })
                    .sum()
            })
            .collect();
        Previous {
            particles,
            cumulative,
            sigma,
            log_mass,
        }
    }

    fn pick(&self, u: f64) -> &Particle {
        let k = self.cumulative.partition_point(|&c| c <= u);
        &self.particles[k.min(self.particles.len() - 1)]
    }

    /// log sum_k w_k K(theta | theta_k), up to a constant shared by every theta.
    fn log_mixture(&self, theta: &[f64]) -> f64 {
        let total: f64 = self.particles.iter().map(|p| p.weight).sum();
        let terms: Vec<f64> = self
            .particles
            .iter()
            .zip(&self.log_mass)
            .map(|(p, log_mass)| {
                let q: f64 = theta
                    .iter()
                    .zip(&p.theta)
                    .zip(&self.sigma)
                    .map(|((a, b), s)| ((a - b) / s).powi(2))
                    .sum();
                (p.weight / total).ln() - 0.5 * q - log_mass
            })
            .collect();
        let m = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        m + terms.iter().map(|t| (t - m).exp()).sum::<f64>().ln()
    }
}

/// The standard normal distribution function, through `erfc` (Numerical Recipes' Chebyshev fit,
/// relative error below 1.2e-7: ample for weights).
fn phi(x: f64) -> f64 {
    let z = (x / std::f64::consts::SQRT_2).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if x >= 0.0 {
        1.0 - 0.5 * erfc
    } else {
        0.5 * erfc
    }
}

/// One slot's result: the particle (if filled), simulations run and coordinates drawn outside the box.
struct Slot {
    particle: Option<(Vec<f64>, f64)>,
    simulations: u64,
    outside: u64,
}

fn fill_slot(
    model: &dyn Model,
    s: &Settings,
    prev: &Previous,
    generation: u32,
    j: u64,
    tolerance: f64,
) -> Slot {
    let bounds = model.bounds();
    let mut rng = stream(s.seed, Purpose::Particle { generation }, j);
    let (mut simulations, mut outside) = (0, 0);
    for _ in 0..s.max_attempts {
        let ancestor = prev.pick(uniform(&mut rng));
        let mut theta = Vec::with_capacity(bounds.len());
        for ((&t, &sd), b) in ancestor.theta.iter().zip(&prev.sigma).zip(bounds) {
            // Inside the range with probability at least about 1/5 (sd is at most 0.71 of the
            // width), so the cap is never reached in practice; it only bounds the loop.
            let mut v = t;
            for _ in 0..10_000 {
                let x = t + sd * normal(&mut rng);
                if b.contains(x) {
                    v = x;
                    break;
                }
                outside += 1;
            }
            theta.push(v);
        }
        simulations += 1;
        let d = model.distance(&model.simulate(&theta, &mut rng));
        if d <= tolerance {
            return Slot {
                particle: Some((theta, d)),
                simulations,
                outside,
            };
        }
    }
    Slot {
        particle: None,
        simulations,
        outside,
    }
}

/// The `q` quantile of the distances (the order statistic at `ceil(q n)`).
fn quantile(particles: &[Particle], q: f64) -> f64 {
    let mut d: Vec<f64> = particles.iter().map(|p| p.distance).collect();
    d.sort_by(|a, b| a.total_cmp(b));
    let k = ((q * d.len() as f64).ceil() as usize).clamp(1, d.len()) - 1;
    d[k]
}

/// The next tolerance: the quantile of the distances, or, when discrete distances leave the quantile
/// at the current tolerance, the largest distance below it (so that the tolerance keeps shrinking).
fn next_tolerance(particles: &[Particle], q: f64, current: f64) -> f64 {
    let eps = quantile(particles, q);
    if eps < current {
        return eps;
    }
    particles
        .iter()
        .map(|p| p.distance)
        .filter(|&d| d < current)
        .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))))
        .unwrap_or(eps)
}

fn smc(model: &dyn Model, s: &Settings, progress: &(dyn Fn(u64) + Sync), stop: &AtomicBool) -> Fit {
    let bounds = model.bounds();
    let n = s.particles;
    // Generation 0: the prior itself (infinite tolerance).
    let first: Vec<Particle> = (0..n as u64)
        .into_par_iter()
        .map(|i| {
            let (theta, distance) = proposal(model, s.seed, i);
            progress(1);
            Particle {
                theta,
                distance,
                weight: 1.0 / n as f64,
            }
        })
        .collect();
    let mut spent = n as u64;
    let mut generations = vec![Generation {
        tolerance: f64::INFINITY,
        simulations: n as u64,
        outside: 0,
        ess: n as f64,
    }];
    let mut current = first;
    let mut tolerance = f64::INFINITY;
    let mut stopped = format!("reached {} generations", s.generations);
    for t in 1..=s.generations {
        if stop.load(Ordering::Relaxed) {
            stopped = "stopped by the user".into();
            break;
        }
        if spent >= s.simulations {
            stopped = format!("spent the budget of {} simulations", s.simulations);
            break;
        }
        let eps = next_tolerance(&current, s.quantile, tolerance);
        let prev = Previous::new(current.clone(), bounds);
        let slots: Vec<Slot> = (0..n as u64)
            .into_par_iter()
            .map(|j| {
                let slot = fill_slot(model, s, &prev, t, j, eps);
                progress(slot.simulations);
                slot
            })
            .collect();
        let sims: u64 = slots.iter().map(|x| x.simulations).sum();
        let outside: u64 = slots.iter().map(|x| x.outside).sum();
        spent += sims;
        if slots.iter().any(|x| x.particle.is_none()) {
            stopped = format!(
                "generation {t} could not fill every particle within {} proposals at tolerance {eps:.4}; kept generation {}",
                s.max_attempts,
                t - 1
            );
            break;
        }
        let accepted: Vec<(Vec<f64>, f64)> = slots.into_iter().filter_map(|x| x.particle).collect();
        let log_w: Vec<f64> = accepted
            .par_iter()
            .map(|(theta, _)| -prev.log_mixture(theta))
            .collect();
        let m = log_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let raw: Vec<f64> = log_w.iter().map(|l| (l - m).exp()).collect();
        let total: f64 = raw.iter().sum();
        current = accepted
            .into_iter()
            .zip(raw)
            .map(|((theta, distance), w)| Particle {
                theta,
                distance,
                weight: w / total,
            })
            .collect();
        tolerance = eps;
        let w: Vec<f64> = current.iter().map(|p| p.weight).collect();
        generations.push(Generation {
            tolerance: eps,
            simulations: sims,
            outside,
            ess: ess(&w),
        });
    }
    if tolerance.is_infinite() {
        tolerance = current
            .iter()
            .map(|p| p.distance)
            .fold(f64::NEG_INFINITY, f64::max);
    }
    Fit {
        method: Method::Smc,
        seed: s.seed,
        tolerance,
        simulations: spent,
        particles: current,
        generations,
        stopped,
    }
}

#[cfg(test)]
mod tests {
    use super::phi;

    #[test]
    fn normal_distribution_function() {
        // Tabulated values of the standard normal distribution function.
        for (x, p) in [
            (0.0, 0.5),
            (1.0, 0.841_344_746),
            (-1.959_963_985, 0.025),
            (3.0, 0.998_650_102),
        ] {
            assert!((phi(x) - p).abs() < 1e-7, "phi({x}) = {} not {p}", phi(x));
        }
    }
}
