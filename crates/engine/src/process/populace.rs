//! The populace: grievance from hunger, the squeeze and humiliation, and outrage at the dismissal of a
//! popular minister; a threshold cascade (Granovetter) seeded by the students decides how many come out.

use crate::draws::Slot;
use crate::event::Happening;
use crate::math::{lognormal_factor, normal_cdf};
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
        // With grievance no lower than yesterday's, nobody who came out would go home: the cascade can
        // resume from yesterday's equilibrium, below today's, and climb to the same least equilibrium
        // above the students that it would reach from them alone, in fewer rounds.
        let (last_grievance, last_share) = self.last_cascade;
        let start = if w.grievance >= last_grievance {
            last_share
        } else {
            p.student_share
        };
        let participation = cascade_from(
            start,
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
    cascade_from(seed, seed, grievance, mean, sd)
}

/// As [`cascade`], iterating from `start`, a share known to lie between the students and the
/// equilibrium and below the map (yesterday's equilibrium at a grievance no higher than today's).
fn cascade_from(start: f64, seed: f64, grievance: f64, mean: f64, sd: f64) -> f64 {
    // Below six standard deviations nobody but the students comes out: Phi is under 1e-9.
    if (seed + grievance - mean) / sd.max(1e-9) < -6.0 {
        return seed.clamp(0.0, 1.0);
    }
    let mut r = start;
    for _ in 0..CASCADE_ROUNDS {
        let next = seed + (1.0 - seed) * normal_cdf((r + grievance - mean) / sd.max(1e-9));
        // Ten people in a pool of a million: finer than anything the crowd size is used for.
        let settled = (next - r).abs() < 1e-5;
        r = next;
        if settled {
            break;
        }
    }
    r.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::{cascade, cascade_from};

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
        // Grievance rising day by day through the tipping point: each day's cascade resumed from the
        // day before agrees with one started from the students, to the cascade's tolerance.
        let (seed, mean, sd) = (0.001, 0.3, 0.1);
        let mut last = seed;
        for i in 0..60 {
            let g = i as f64 * 0.006;
            let resumed = cascade_from(last, seed, g, mean, sd);
            let fresh = cascade(seed, g, mean, sd);
            assert!(
                (resumed - fresh).abs() < 1e-4,
                "g {g}: {resumed} against {fresh}"
            );
            assert!(
                resumed + 1e-12 >= last,
                "the crowd shrank as grievance rose"
            );
            last = resumed;
        }
        assert!(last > 0.9, "{last}");
    }

    #[test]
    fn monotone_in_grievance() {
        let mut last = 0.0;
        for i in 0..40 {
            let r = cascade(0.001, i as f64 * 0.01, 0.3, 0.1);
            assert!(r + 1e-12 >= last);
            assert!((0.0..=1.0).contains(&r));
            last = r;
        }
    }
}
