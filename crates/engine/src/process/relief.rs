//! Relief contingents: they set out on their order to march, cover their road at their pace (slower in
//! snow), and join the armies at the capital.

use crate::event::{ForceId, Happening};
use crate::sim::Simulation;
use crate::world::Posture;

/// Where a contingent set out from, on the run's march clock (see [`Simulation::relief`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Leg {
    /// The march clock on the morning it set out.
    pub clock: f64,
    /// Road left that morning, in li.
    pub road: f64,
}

impl Simulation<'_> {
    /// The day's marches. Every contingent on the road covers its own pace times the day's going (1,
    /// or the snow's slowing), so the road it has covered is its pace times the sum of the days' going
    /// since it set out: the march clock. Days on which, by that clock, no contingent can arrive and
    /// none sets out pass without visiting them; the roads left shown in the state are brought up to
    /// date when the state is shown (after each [`Simulation::step`], and at the end of a run).
    pub(crate) fn relief(&mut self) {
        if self.world.all_arrived {
            return;
        }
        let slow = if self.world.snow_today {
            self.p.snow_slow
        } else {
            1.0
        };
        let morning = self.march_clock;
        self.march_clock += slow;
        let quiet =
            self.march_clock < self.next_arrival && f64::from(self.world.day) < self.next_set_out;
        // History brings contingents in on the record's days, so it visits them every day.
        if quiet && self.free() {
            return;
        }
        self.visit_marches(morning);
    }

    /// Sets out, moves and brings in the contingents, and notes when the next may set out or arrive.
    fn visit_marches(&mut self, morning: f64) {
        let setup = self.setup;
        let day = self.world.day;
        let free = self.free();
        let (mut next_arrival, mut next_set_out) = (f64::INFINITY, f64::INFINITY);
        let mut on_road = false;
        for (k, &i) in setup.marching.iter().enumerate() {
            let f = &mut self.world.forces[i as usize];
            match f.posture {
                Posture::Marching => {}
                Posture::Waiting => {
                    let sets_out =
                        f64::from(setup.forces[i as usize].departs) - self.script.early_relief;
                    if f64::from(day) < sets_out {
                        on_road = true;
                        next_set_out = next_set_out.min(sets_out);
                        continue;
                    }
                    f.posture = Posture::Marching;
                    self.legs[k] = Leg {
                        clock: morning,
                        road: f.li_left,
                    };
                }
                Posture::AtCapital | Posture::Away => continue,
            }
            let leg = self.legs[k];
            let stride = self.p.pace_li_per_day * f.pace;
            // Road left = leg.road - covered, so the road is done exactly when covered >= leg.road.
            let covered = stride * (self.march_clock - leg.clock);
            let arrived = if free {
                covered >= leg.road
            } else {
                // History: the record's arrival day, for contingents no recorded event brings in.
                self.script_record_arrival(i)
                    .is_some_and(|d| d == i32::from(day))
            };
            if arrived {
                self.arrive(i, None);
            } else {
                on_road = true;
                // The clock at which it would arrive, a little early so that rounding cannot make
                // a quiet day of an arrival day.
                let due = leg.clock + leg.road / stride;
                next_arrival = next_arrival.min(due - 1e-9 * (1.0 + due.abs()));
            }
        }
        self.next_arrival = next_arrival;
        self.next_set_out = next_set_out;
        self.world.all_arrived = !on_road;
    }

    /// Brings the road left of each contingent on the road up to date with the march clock.
    pub(crate) fn sync_marches(&mut self) {
        for (k, &i) in self.setup.marching.iter().enumerate() {
            let f = &mut self.world.forces[i as usize];
            if f.posture == Posture::Marching {
                let leg = self.legs[k];
                let covered = self.p.pace_li_per_day * f.pace * (self.march_clock - leg.clock);
                f.li_left = leg.road - covered;
            }
        }
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
