//! The populace: grievance from hunger, the squeeze and humiliation, and outrage at the dismissal of a
//! popular minister; a threshold cascade (Granovetter) seeded by the students decides how many come out
//! (see [`crate::process::cascade`]).

use crate::draws::Slot;
use crate::event::Happening;
use crate::math::lognormal_factor;
use crate::process::cascade::cascade_share;
use crate::sim::Simulation;

impl Simulation<'_> {
    #[inline(always)]
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
        let participation = cascade_share(&mut self.cascade, w.grievance);
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
