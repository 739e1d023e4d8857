//! Relief contingents: they set out on their order to march, cover their road at their pace (slower in
//! snow), and join the armies at the capital.

use crate::event::{ForceId, Happening};
use crate::sim::Simulation;
use crate::world::Posture;

impl Simulation<'_> {
    pub(crate) fn relief(&mut self) {
        if self.world.all_arrived {
            return;
        }
        let setup = self.setup;
        let day = self.world.day;
        let free = self.free();
        let slow = if self.world.snow_today {
            self.p.snow_slow
        } else {
            1.0
        };
        // Only contingents not yet known to be in are visited (the first 64 by bit; any beyond, always).
        let mut on_road = self.on_road;
        let mut visit = on_road;
        while visit != 0 {
            let k = visit.trailing_zeros() as usize;
            visit &= visit - 1;
            if !self.march(setup.marching[k], day, free, slow) {
                on_road &= !(1 << k);
            }
        }
        let mut beyond = false;
        for &i in setup.marching.iter().skip(64) {
            beyond |= self.march(i, day, free, slow);
        }
        self.on_road = on_road;
        // As before: a contingent arriving today keeps the marches open until tomorrow.
        self.world.all_arrived = on_road == 0 && !beyond;
    }

    /// A contingent's day: it sets out on its day, marches, and arrives. Returns whether it was still
    /// waiting or on the road this morning.
    #[inline(always)]
    fn march(&mut self, i: ForceId, day: u16, free: bool, slow: f64) -> bool {
        // Setting out and marching change nothing at the capital, so they go straight to the force's
        // state and leave the cached balance of forces valid.
        let f = &mut self.world.forces[i as usize];
        match f.posture {
            Posture::Marching => {}
            Posture::Waiting => {
                let sets_out =
                    f64::from(self.setup.forces[i as usize].departs) - self.script.early_relief;
                if f64::from(day) < sets_out {
                    return true;
                }
                f.posture = Posture::Marching;
            }
            Posture::AtCapital | Posture::Away => return false,
        }
        f.li_left -= self.p.pace_li_per_day * f.pace * slow;
        let arrived = if free {
            f.li_left <= 0.0
        } else {
            // History: the record's arrival day, for contingents no recorded event brings in.
            self.script_record_arrival(i)
                .is_some_and(|d| d == i32::from(day))
        };
        if arrived {
            self.arrive(i, None);
        }
        true
    }

    /// The recorded arrival day of a force that no `relief-arrives` event names.
    fn script_record_arrival(&self, force: ForceId) -> Option<i32> {
        let named = self.setup.events.iter().any(|e| {
            e.kind == bianjing_scenario::model::EventKind::ReliefArrives
                && e.forces.contains(&force)
        });
        if named {
            return None;
        }
        let spec = &self.setup.forces[force as usize];
        spec.arrives[self.script.record.index()]
    }

    /// A contingent reaches the capital. Returns the men who arrived (0 if it was already there).
    pub(crate) fn arrive(&mut self, force: ForceId, recorded: Option<u16>) -> f64 {
        let f = self.world.force_mut(force);
        if f.posture == Posture::AtCapital {
            return 0.0;
        }
        f.posture = Posture::AtCapital;
        f.li_left = 0.0;
        let men = f.present;
        let share = men / self.world.jin_start.max(1.0);
        self.nudge_war(self.p.shock_relief * share);
        if recorded.is_none() {
            self.emit(Happening::ReliefArrives { force, men }, None);
        }
        men
    }
}
