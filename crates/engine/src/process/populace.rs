//! The populace: grievance from hunger, the squeeze and humiliation, and outrage at the dismissal of a
//! popular minister; a threshold cascade (Granovetter) seeded by the students decides how many come out.

use crate::draws::Slot;
use crate::event::Happening;
use crate::math::{lognormal_factor, normal_cdf_and_density};
use crate::sim::Simulation;

/// Iterations of the cascade map; it converges well within this from the students' seed.
const CASCADE_ROUNDS: usize = 24;

impl Simulation<'_> {
    pub(crate) fn populace(&mut self) {
        let p = self.p;
        let free = self.free();
        let w = &mut self.world;
        let hunger = (w.price - 1.0).max(0.0);
        let spread = p.outrage_spread * w.outrage;
        w.outrage -= spread;
        w.grievance = w.grievance * p.grievance_decay
            + p.hunger_weight * hunger
            + p.humiliation * w.squeezed
            + spread;
        let (last_grievance, last_share) = self.last_cascade;
        let participation = cascade_resumed(
            last_grievance,
            last_share,
            p.student_share,
            w.grievance,
            p.threshold_mean,
            p.threshold_sd,
        );
        self.last_cascade = (w.grievance, participation);
        // Luck moves the turnout, but never beyond everyone who could come.
        let luck = lognormal_factor(self.draws.u(Slot::CrowdNoise), p.crowd_noise);
        // While a recorded crowd is out (history), its recorded size stands.
        if free {
            w.crowd = (participation * luck).min(1.0) * p.pool;
        } else if !w.crowd_out {
            // History: a crowd the size of an uprising exists only when the record has one.
            w.crowd = ((participation * luck).min(1.0) * p.pool).min(0.5 * p.uprising_size);
        }
        w.crowd_peak = w.crowd_peak.max(w.crowd);
        if free && !w.crowd_out && w.crowd >= p.uprising_size {
            w.crowd_out = true;
            let crowd = w.crowd;
            self.emit(Happening::Uprising { crowd }, None);
        }
    }

    pub(crate) fn uprising(&mut self, crowd: f64, recorded: Option<u16>) {
        self.world.crowd_out = true;
        self.world.crowd = crowd;
        self.world.crowd_peak = self.world.crowd_peak.max(crowd);
        self.emit(Happening::Uprising { crowd }, recorded);
    }
}

/// The equilibrium share of the population in the streets: each person joins once the share already
/// out reaches their threshold, thresholds being normal with `mean` and `sd`, lowered by `grievance`;
/// `seed` (the students) are out whatever others do.
pub fn cascade(seed: f64, grievance: f64, mean: f64, sd: f64) -> f64 {
    cascade_from(seed, seed, grievance, mean, sd, false)
}

/// Today's [`cascade`] found from yesterday's equilibrium `last_share` at grievance `last_grievance`,
/// which usually lies within the tolerance of today's, so that one round of the map settles it instead of
/// the two or more that the climb from the students takes.
///
/// The map f(r) = seed + (1 - seed) Phi((r + grievance - mean) / sd) rises with r and with grievance,
/// and the crowd is its least fixed point above the students. With grievance no lower than yesterday's,
/// yesterday's share lies below today's least fixed point with f above it, so the rounds climb to that
/// fixed point as they would from the students. With grievance lower, they start above it and descend;
/// they stop at the least fixed point when no other lies between, which holds while yesterday's share
/// is on the convex lower part of the map (r + grievance <= mean, where the map's excess over r can cross
/// zero only once going up) and the first round goes down. Otherwise the rounds start from the
/// students.
fn cascade_resumed(
    last_grievance: f64,
    last_share: f64,
    seed: f64,
    grievance: f64,
    mean: f64,
    sd: f64,
) -> f64 {
    if grievance >= last_grievance {
        return cascade_from(last_share, seed, grievance, mean, sd, false);
    }
    if last_share + grievance - mean <= 0.0
        && let Some(r) = descend(last_share, seed, grievance, mean, sd)
    {
        return r;
    }
    cascade_from(seed, seed, grievance, mean, sd, false)
}

/// The rounds of the map from `start` above the least fixed point; `None` if the first round goes up
/// (then `start` is not known to lie above it).
fn descend(start: f64, seed: f64, grievance: f64, mean: f64, sd: f64) -> Option<f64> {
    let r = cascade_from(start, seed, grievance, mean, sd, true);
    r.is_finite().then_some(r)
}

/// The rounds of the cascade map from `start` until the share is within about 1e-5 of the fixed point:
/// a round moved it by less than that, or the next round would (the step times the map's slope, known
/// from the same exponential, is under half of it). With `must_descend`, a first round that goes up
/// gives NaN.
fn cascade_from(
    start: f64,
    seed: f64,
    grievance: f64,
    mean: f64,
    sd: f64,
    must_descend: bool,
) -> f64 {
    let sd = sd.max(1e-9);
    // Below six standard deviations nobody but the students comes out: Phi is under 1e-9.
    if seed + grievance - mean < -6.0 * sd {
        return seed.clamp(0.0, 1.0);
    }
    // x = (r + grievance - mean) / sd as r * scale + offset: a multiply-add in each round's chain
    // instead of a division.
    let scale = 1.0 / sd;
    let offset = (grievance - mean) * scale;
    let joiners = 1.0 - seed;
    let mut r = start;
    for round in 0..CASCADE_ROUNDS {
        let (cdf, density) = normal_cdf_and_density(r * scale + offset);
        let next = seed + joiners * cdf;
        if must_descend && round == 0 && next > r {
            return f64::NAN;
        }
        // Ten people in a pool of a million: finer than anything the crowd size is used for.
        let step = (next - r).abs();
        let slope = joiners * density * scale;
        let settled = step < 1e-5 || step * slope < 5e-6;
        r = next;
        if settled {
            break;
        }
    }
    r.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::{cascade, cascade_resumed};

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
    fn resuming_from_yesterday_reaches_the_same_equilibrium() {
        // Grievance rising day by day through the tipping point and falling back: each day's cascade
        // resumed from the day before agrees with one started from the students, to the cascade's
        // tolerance, on both branches and on the way down (where the crowd, once out, stays out only
        // as long as the least equilibrium is the high one).
        let (seed, mean, sd) = (0.005, 0.35, 0.1);
        let path = (0..60)
            .map(|i| f64::from(i) * 0.007)
            .chain((0..60).rev().map(|i| f64::from(i) * 0.007 + 0.001))
            .chain((0..40).map(|i| 0.2 * 0.85f64.powi(i)));
        let (mut last_g, mut last_r) = (f64::INFINITY, seed);
        let mut tipped = false;
        for g in path {
            let resumed = cascade_resumed(last_g, last_r, seed, g, mean, sd);
            let fresh = cascade(seed, g, mean, sd);
            assert!(
                (resumed - fresh).abs() < 2e-4,
                "grievance {g} after {last_g}: {resumed} against {fresh}"
            );
            tipped |= resumed > 0.9;
            (last_g, last_r) = (g, resumed);
        }
        assert!(tipped, "the path should pass the tipping point");
    }

    #[test]
    fn monotone_in_grievance() {
        let mut last = 0.0;
        for i in 0..40 {
            let r = cascade(0.001, i as f64 * 0.01, 0.3, 0.1);
            // Monotone up to the cascade's tolerance (it stops within about 1e-5 of the fixed point).
            assert!(r + 1e-6 >= last, "{r} after {last}");
            assert!((0.0..=1.0).contains(&r));
            last = r;
        }
    }
}
