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
        let participation = cascade(
            p.student_share,
            w.grievance,
            p.threshold_mean,
            p.threshold_sd,
        );
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
    let mut r = seed;
    // Below six standard deviations nobody but the students comes out: Phi is under 1e-9.
    if (seed + grievance - mean) / sd.max(1e-9) < -6.0 {
        return seed.clamp(0.0, 1.0);
    }
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
    use super::cascade;

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
