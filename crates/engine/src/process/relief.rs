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
        let day = i32::from(self.world.day);
        let free = self.free();
        let slow = if self.world.snow_today {
            self.p.snow_slow
        } else {
            1.0
        };
        let mut all_arrived = true;
        for &i in &setup.marching {
            // Setting out and marching change nothing at the capital, so they go straight to the
            // force's state and leave the cached balance of forces valid.
            let f = &mut self.world.forces[i as usize];
            match f.posture {
                Posture::Marching => {}
                Posture::Waiting => {
                    all_arrived = false;
                    let sets_out =
                        f64::from(setup.forces[i as usize].departs) - self.script.early_relief;
                    if f64::from(day) < sets_out {
                        continue;
                    }
                    f.posture = Posture::Marching;
                }
                Posture::AtCapital | Posture::Away => continue,
            }
            all_arrived = false;
            f.li_left -= self.p.pace_li_per_day * f.pace * slow;
            let arrived = if free {
                f.li_left <= 0.0
            } else {
                // History: the record's arrival day, for contingents no recorded event brings in.
                let record = self.script_record_arrival(i);
                record.is_some_and(|d| d == day)
            };
            if arrived {
                self.arrive(i, None);
            }
        }
        self.world.all_arrived = all_arrived;
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
