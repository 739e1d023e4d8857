//! The crowd's threshold cascade (Granovetter): how many come out, solved day after day.
//!
//! Each person joins once the share already out reaches their threshold; thresholds are normal with
//! `mean` and `sd`, lowered by the grievance; the students (`seed`) are out whatever others do. The crowd
//! is the least equilibrium share r >= seed of r = seed + (1 - seed) Phi((r + grievance - mean) / sd).
//!
//! It is found by Newton's method in x = (r + grievance - mean) / sd, where r is an equilibrium when
//!
//!   F(x) = sd x - (grievance - mean) - seed - (1 - seed) Phi(x) = 0.
//!
//! F is below zero at the students and rises without bound. It falls only where (1 - seed) phi(x) > sd,
//! which is for |x| < turn with turn = sqrt(2 ln((1 - seed) / (sd sqrt(2 pi)))) when that logarithm is
//! positive: then the crowd can tip. F is concave for x < 0 and convex for x > 0. So the least root lies
//!
//! - when the crowd can tip: below -turn if F(-turn) >= 0, which holds exactly while the grievance is at
//!   most a fixed tipping grievance (F(-turn) falls one for one with it); above turn otherwise;
//! - when it cannot: below 0 if F(0) >= 0, above 0 otherwise.
//!
//! Either way it is the only root of a region where F rises and keeps its curvature, and there Newton's
//! steps converge to it from any start inside the region (on the concave side they land at or below the
//! root and then climb; on the convex side at or above it and then descend).
//!
//! A day takes one Newton step from yesterday's solution, when that lies in today's region and the
//! step leaves an error of at most [`ONE_STEP_ERROR`]: F there is known without evaluating Phi
//! (yesterday's Phi serves), and Phi is then evaluated once, where the step lands, to give the share as
//! one round of the map from there. The grievance moves little from one day to the next, so the share
//! is close to the equilibrium (on the side of it that Newton's steps keep to), and a day on which the
//! grievance holds closes the gap (Newton's steps converge quadratically). Days with a larger error, a change of region
//! or no solution yet are solved to [`TOLERANCE`]. One step a day, with no test of convergence, is for
//! speed: whether a second step was needed could not be foreseen by the processor, and guessing it wrong
//! on many days cost more than the rest of the cascade (docs/performance.md).

use crate::math::{ln, normal_cdf_and_density};
use crate::params::Params;

/// 1 / sqrt(2 pi): the normal density at 0.
const DENSITY_SCALE: f64 = 0.398_942_280_401_432_7;
/// Newton's steps stop once a step would move the share by less than this (ten people in a pool of a
/// million); that step is taken, and the error left is of the order of its square (about 1e-9 of the
/// pool, more only where F is nearly flat at the root, just short of the tipping grievance).
const TOLERANCE: f64 = 1e-5;
/// More steps than convergence ever needs from inside the region; a guard, not a setting.
const MAX_STEPS: usize = 60;
/// The largest error of the share (a ten-thousandth of the pool: a hundred people in a million) that a
/// day leaves after one Newton step, as the step estimates it: F'' / (2 F') times the step squared, from
/// yesterday's point. A day whose step would leave more, as when the grievance jumps on news or nears the
/// tipping grievance, where F is nearly flat, is solved to [`TOLERANCE`].
const ONE_STEP_ERROR: f64 = 1e-4;

/// The shape of F for one run's thresholds: where it turns, and the tipping grievance.
#[derive(Debug, Clone, Copy)]
struct Shape {
    seed: f64,
    mean: f64,
    sd: f64,
    /// 1 - seed: the share that may join.
    joiners: f64,
    /// F falls for |x| < turn; `None` when it rises everywhere (the crowd cannot tip).
    turn: Option<f64>,
    /// With `turn`: the highest grievance at which an equilibrium below -turn exists.
    tipping_grievance: f64,
}

impl Shape {
    fn new(seed: f64, mean: f64, sd: f64) -> Shape {
        let steep = (1.0 - seed) * DENSITY_SCALE / sd;
        let turn = (steep > 1.0).then(|| (2.0 * ln(steep)).sqrt());
        // F(-turn) = -sd turn - (grievance - mean) - seed - (1 - seed) Phi(-turn) >= 0.
        let tipping_grievance = turn.map_or(f64::INFINITY, |t| {
            mean - sd * t - seed - (1.0 - seed) * normal_cdf_and_density(-t).0
        });
        Shape {
            seed,
            mean,
            sd,
            joiners: 1.0 - seed,
            turn,
            tipping_grievance,
        }
    }
}

/// A point of F in x, with Phi(x), phi(x) and F'(x) = sd - (1 - seed) phi(x) there.
#[derive(Debug, Clone, Copy)]
struct Point {
    x: f64,
    cdf: f64,
    density: f64,
    slope: f64,
}

impl Point {
    /// No solution yet: its x is NaN, which lies in no region, so the next day starts afresh.
    const NONE: Point = Point {
        x: f64::NAN,
        cdf: f64::NAN,
        density: f64::NAN,
        slope: f64::NAN,
    };
}

/// What the cascade keeps: the shape of F for the run's thresholds, worked out once for a parameter
/// set, and yesterday's solution.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CascadeMemory {
    shape: Shape,
    /// Yesterday's solution, with Phi and phi evaluated there, so that today's step from it is a true
    /// Newton step; [`Point::NONE`] before the first day.
    last: Point,
}

impl CascadeMemory {
    /// The crowd's cascade under the parameters `p`, with no day solved yet.
    pub(crate) fn of(p: &Params) -> CascadeMemory {
        CascadeMemory::new(p.student_share, p.threshold_mean, p.threshold_sd)
    }

    /// The cascade for thresholds normal with `mean` and `sd` and the students `seed`, with no day
    /// solved yet.
    pub(crate) fn new(seed: f64, mean: f64, sd: f64) -> CascadeMemory {
        CascadeMemory {
            shape: Shape::new(seed, mean, sd.max(1e-9)),
            last: Point::NONE,
        }
    }

    /// Forgets yesterday's solution (a new run), keeping the shape of the same thresholds.
    pub(crate) fn forget_yesterday(&mut self) {
        self.last = Point::NONE;
    }
}

/// Today's crowd share at `grievance`, starting from yesterday's solution in `memory` and leaving
/// today's there, with Phi evaluated at it.
pub(crate) fn cascade_share(memory: &mut CascadeMemory, grievance: f64) -> f64 {
    let shape = &memory.shape;
    let last = memory.last;
    let inside = Region::at(shape, grievance).holds(last.x);
    let step =
        (shape.sd * last.x - (grievance - shape.mean) - shape.seed - shape.joiners * last.cdf)
            / last.slope;
    // The step's error in x is about F'' / (2 F') step^2, with F'' = (1 - seed) x phi(x).
    let error = shape.joiners * last.x.abs() * last.density / (2.0 * last.slope) * step * step;
    if inside && last.slope > 0.0 && shape.sd * error <= ONE_STEP_ERROR {
        let point = evaluate(last.x - step, shape.sd, shape.joiners);
        memory.last = point;
        return (shape.seed + shape.joiners * point.cdf).clamp(0.0, 1.0);
    }
    solve_anew(memory, grievance)
}

/// A day the one step does not settle: solved to [`TOLERANCE`], with Phi evaluated at the solution for
/// tomorrow's step.
#[inline(never)]
fn solve_anew(memory: &mut CascadeMemory, grievance: f64) -> f64 {
    let (share, point) = solve(&memory.shape, grievance, memory.last);
    memory.last = evaluate(point.x, memory.shape.sd, memory.shape.joiners);
    share
}

/// The region holding the least root: x <= edge on the concave side, x >= edge on the convex side.
#[derive(Debug, Clone, Copy)]
struct Region {
    edge: f64,
    concave: bool,
}

impl Region {
    /// The region at `grievance`.
    fn at(shape: &Shape, grievance: f64) -> Region {
        let (edge, concave) = match shape.turn {
            Some(turn) if grievance <= shape.tipping_grievance => (-turn, true),
            Some(turn) => (turn, false),
            None => {
                let f0 = -(grievance - shape.mean) - shape.seed - shape.joiners * 0.5;
                (0.0, f0 >= 0.0)
            }
        };
        Region { edge, concave }
    }

    /// Whether `x` lies in the region (never for NaN, the position of no solution).
    fn holds(self, x: f64) -> bool {
        if self.concave {
            x <= self.edge
        } else {
            x >= self.edge
        }
    }
}

/// The least equilibrium share for thresholds normal with `mean` and `sd`, lowered by `grievance`, with
/// the students `seed` out whatever others do.
pub fn cascade(seed: f64, grievance: f64, mean: f64, sd: f64) -> f64 {
    cascade_share(&mut CascadeMemory::new(seed, mean, sd), grievance)
}

/// The least root of F and the share it gives.
fn solve(shape: &Shape, grievance: f64, last: Point) -> (f64, Point) {
    let Shape {
        seed, sd, joiners, ..
    } = *shape;
    let offset = grievance - shape.mean;
    let excess = |x: f64, cdf: f64| sd * x - offset - seed - joiners * cdf;
    let region = Region::at(shape, grievance);
    // Start from yesterday's solution when it lies in today's region, else from an end where F's sign is
    // known: the students (F < 0) on the concave side, everyone out (F >= 0) on the convex side.
    let mut point = if region.holds(last.x) && last.slope > 0.0 {
        last
    } else {
        let x = if region.concave {
            (seed + offset) / sd
        } else {
            (1.0 + offset) / sd
        };
        evaluate(x, sd, joiners)
    };
    for _ in 0..MAX_STEPS {
        let step = excess(point.x, point.cdf) / point.slope;
        let x = point.x - step;
        if (step * sd).abs() < TOLERANCE || !step.is_finite() {
            // The step's error is of the order of its square: take it without evaluating again, and
            // keep Phi there to first order for tomorrow.
            let x = if step.is_finite() { x } else { point.x };
            let cdf = point.cdf + (x - point.x) * point.density;
            let share = (seed + joiners * cdf).clamp(0.0, 1.0);
            return (
                share,
                Point {
                    x,
                    cdf,
                    density: point.density,
                    slope: point.slope,
                },
            );
        }
        point = evaluate(x, sd, joiners);
    }
    ((seed + joiners * point.cdf).clamp(0.0, 1.0), point)
}

fn evaluate(x: f64, sd: f64, joiners: f64) -> Point {
    let (cdf, density) = normal_cdf_and_density(x);
    Point {
        x,
        cdf,
        density,
        slope: sd - joiners * density,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::normal_cdf;

    /// The least r >= seed where the map's excess f(r) - r changes sign, by a fine scan and bisection.
    fn least_root_by_scan(seed: f64, grievance: f64, mean: f64, sd: f64) -> f64 {
        let excess = |r: f64| seed + (1.0 - seed) * normal_cdf((r + grievance - mean) / sd) - r;
        let (mut lo, mut hi) = (seed, seed);
        while excess(hi) > 0.0 {
            lo = hi;
            hi += 1e-4;
        }
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if excess(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    const THRESHOLDS: [(f64, f64, f64); 4] = [
        (0.005, 0.35, 0.1),
        (0.001, 0.3, 0.05),
        (0.01, 0.4, 0.5),
        (0.002, 0.25, 0.2),
    ];

    #[test]
    fn no_grievance_no_crowd() {
        // Thresholds around 0.3: the students alone (0.1%) move almost nobody.
        let r = cascade(0.001, 0.0, 0.3, 0.1);
        assert!(r < 0.005, "{r}");
    }

    #[test]
    fn grievance_tips_the_cascade() {
        // Hand check of the first round at grievance 0.25: Phi((0.001 + 0.25 - 0.3) / 0.1) = Phi(-0.49),
        // about 0.31; the map then climbs to nearly everyone.
        let r = cascade(0.001, 0.25, 0.3, 0.1);
        assert!(r > 0.9, "{r}");
    }

    #[test]
    fn the_least_equilibrium_on_both_sides_of_tipping() {
        // Thresholds narrow (the crowd can tip) and wide (it cannot), grievance from none to plenty,
        // through the tipping grievance, where the map's rounds would crawl.
        for (seed, mean, sd) in THRESHOLDS {
            for i in 0..=500 {
                let g = f64::from(i) * 0.001;
                let (ours, scan) = (
                    cascade(seed, g, mean, sd),
                    least_root_by_scan(seed, g, mean, sd),
                );
                assert!(
                    (ours - scan).abs() < 1e-6,
                    "seed {seed} mean {mean} sd {sd} grievance {g}: {ours} against {scan}"
                );
            }
        }
    }

    #[test]
    fn day_after_day_agrees_with_each_day_afresh() {
        // Grievance rising through the tipping point, falling back and decaying, by up to 0.007 a day
        // (more than the model's grievance moves on most days): the solution carried from day to day,
        // one Newton step a day, stays near the one found afresh on both branches, and on the side of it
        // that Newton's steps keep to (below on the concave side, above on the convex one).
        let mut worst: f64 = 0.0;
        for (seed, mean, sd) in THRESHOLDS {
            let path = (0..80)
                .map(|i| f64::from(i) * 0.007)
                .chain((0..80).rev().map(|i| f64::from(i) * 0.007 + 0.001))
                .chain((0..40).map(|i| 0.3 * 0.85f64.powi(i)));
            let mut memory = CascadeMemory::new(seed, mean, sd);
            let mut tipped = false;
            for g in path {
                let carried = cascade_share(&mut memory, g);
                let fresh = least_root_by_scan(seed, g, mean, sd);
                worst = worst.max((carried - fresh).abs());
                assert!(
                    (carried - fresh).abs() < 1e-4,
                    "{seed} {mean} {sd}, grievance {g}: {carried} against {fresh}"
                );
                let concave = memory.last.x <= 0.0;
                assert!(
                    if concave {
                        carried <= fresh + 1e-9
                    } else {
                        carried >= fresh - 1e-9
                    },
                    "{seed} {mean} {sd}, grievance {g}: {carried} on the wrong side of {fresh}"
                );
                tipped |= carried > 0.9;
            }
            if sd < 0.3 {
                assert!(tipped, "the path should pass the tipping point");
            }
        }
        // The bound above is not slack: some day of the paths needs it.
        assert!(worst > 1e-6, "largest difference {worst:e}");
    }

    #[test]
    fn a_grievance_that_holds_brings_the_share_to_the_equilibrium() {
        // A day's step leaves an error of the order of its square; the next day at the same grievance
        // starts from there, and Newton's steps converge quadratically.
        for (seed, mean, sd) in THRESHOLDS {
            let mut memory = CascadeMemory::new(seed, mean, sd);
            cascade_share(&mut memory, 0.0);
            for g in [0.03, 0.06, 0.09] {
                let first = cascade_share(&mut memory, g);
                let fresh = least_root_by_scan(seed, g, mean, sd);
                let second = cascade_share(&mut memory, g);
                let third = cascade_share(&mut memory, g);
                assert!(
                    (third - fresh).abs() < 1e-9
                        && (second - fresh).abs() <= (first - fresh).abs() + 1e-15,
                    "{seed} {mean} {sd}, grievance {g}: {first}, {second}, {third} against {fresh}"
                );
            }
        }
    }

    #[test]
    fn a_jump_in_grievance_is_solved_to_the_tolerance() {
        // A move of the share larger than one step settles (the grievance jumping on news) is solved
        // as on a first day, to the tolerance.
        let (seed, mean, sd) = (0.005, 0.35, 0.1);
        let mut memory = CascadeMemory::new(seed, mean, sd);
        cascade_share(&mut memory, 0.0);
        let jumped = cascade_share(&mut memory, 0.11);
        let fresh = least_root_by_scan(seed, 0.11, mean, sd);
        assert!((jumped - fresh).abs() < 1e-6, "{jumped} against {fresh}");
        // The same jump in small steps passes through one-step days and ends near the same share.
        let mut stepped = CascadeMemory::new(seed, mean, sd);
        let mut share = 0.0;
        for i in 0..=22 {
            share = cascade_share(&mut stepped, f64::from(i) * 0.005);
        }
        assert!((share - fresh).abs() < 1e-4, "{share} against {fresh}");
    }

    #[test]
    fn monotone_in_grievance() {
        let mut last = 0.0;
        for i in 0..400 {
            let r = cascade(0.001, f64::from(i) * 0.001, 0.3, 0.1);
            assert!(r + 1e-9 >= last, "{r} after {last}");
            assert!((0.0..=1.0).contains(&r));
            last = r;
        }
    }
}
