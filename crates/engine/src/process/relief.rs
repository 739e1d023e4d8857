//! Relief contingents: they set out on their order to march, cover their road at their pace (slower in
//! snow), and join the armies at the capital.

use bianjing_scenario::model::EventKind;

use crate::event::{ForceId, Happening};
use crate::params::Params;
use crate::script::Script;
use crate::setup::Setup;
use crate::sim::Simulation;
use crate::world::{ForceState, Posture};

/// A contingent's march on the run's march clock (see [`Simulation::relief`]). What does not change
/// while it is on the road is worked out once, when it sets out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Leg {
    /// The contingent.
    pub force: ForceId,
    /// The march clock on the morning it set out.
    pub clock: f64,
    /// Road left that morning, in li.
    pub road: f64,
    /// Li covered per unit of the march clock: the usual pace times this contingent's.
    pub stride: f64,
    /// The day its order to march takes effect (it sets out on the first day not before it).
    pub sets_out: f64,
    /// The march clock at which it would arrive, a little early so that rounding cannot make a quiet
    /// day of an arrival day; infinite before it sets out.
    pub due: f64,
    /// History: the record's arrival day, for a contingent no recorded event brings in.
    pub recorded_arrival: Option<i32>,
}

impl Leg {
    /// Sets the leg out on the morning the march clock reads `clock`, with `road` li to go.
    fn set_out(&mut self, clock: f64, road: f64) {
        self.clock = clock;
        self.road = road;
        let due = clock + road / self.stride;
        self.due = due - 1e-9 * (1.0 + due.abs());
    }

    /// Whether the contingent, on the road, is at the capital when the march clock reads `clock` (free)
    /// or on `day` (history).
    #[inline]
    fn done(&self, clock: f64, free: bool, day: i32) -> bool {
        if free {
            // Road left = road - covered, so the road is done exactly when covered >= road.
            self.stride * (clock - self.clock) >= self.road
        } else {
            self.recorded_arrival == Some(day)
        }
    }
}

/// The marches at the start of a run.
/// The legs of the contingents of `setup.marching` are written, in its order, into the caller's
/// storage; those already on the road set out at clock 0.
pub(crate) struct Marches {
    /// When the first contingent may arrive and set out, as [`Simulation::visit_marches`] notes them.
    pub next_arrival: f64,
    pub next_set_out: f64,
    /// No contingent is on the road or waiting to set out.
    pub all_arrived: bool,
}

impl Marches {
    /// The marches of a run whose forces start as `forces`, their legs written into `legs`. `legs` is
    /// empty, or holds the legs of a run of the same setup and script: what does not change from run
    /// to run (which contingent, when it sets out, its recorded arrival) is then kept, so that a
    /// restarted run sets out only its paces and roads.
    pub(crate) fn start(
        setup: &Setup,
        p: &Params,
        script: &Script,
        forces: &[ForceState],
        legs: &mut Vec<Leg>,
    ) -> Marches {
        if legs.len() != setup.marching.len() {
            // Only a run that imposes the record before its divergence reads the recorded arrivals.
            let history = script.free_from > 0;
            legs.clear();
            legs.extend(setup.marching.iter().map(|&i| Leg {
                force: i,
                clock: 0.0,
                road: 0.0,
                stride: 0.0,
                sets_out: script.sets_out(&setup.forces[i as usize]),
                due: f64::INFINITY,
                recorded_arrival: if history {
                    record_arrival(setup, script, i)
                } else {
                    None
                },
            }));
        }
        let (mut next_arrival, mut next_set_out) = (f64::INFINITY, f64::INFINITY);
        let mut on_road = false;
        for leg in legs.iter_mut() {
            let f = &forces[leg.force as usize];
            leg.clock = 0.0;
            leg.road = f.li_left;
            leg.stride = p.pace_li_per_day * f.pace;
            leg.due = f64::INFINITY;
            match f.posture {
                Posture::Marching => {
                    leg.set_out(0.0, f.li_left);
                    on_road = true;
                    next_arrival = next_arrival.min(leg.due);
                }
                Posture::Waiting => {
                    on_road = true;
                    next_set_out = next_set_out.min(leg.sets_out);
                }
                Posture::AtCapital | Posture::Away => {}
            }
        }
        Marches {
            next_arrival,
            next_set_out,
            all_arrived: !on_road,
        }
    }
}

/// The recorded arrival day of a force that no `relief-arrives` event names.
fn record_arrival(setup: &Setup, script: &Script, force: ForceId) -> Option<i32> {
    let named = setup
        .events
        .iter()
        .any(|e| e.kind == EventKind::ReliefArrives && e.forces.contains(&force));
    if named {
        return None;
    }
    setup.forces[force as usize].arrives[script.record.index()]
}

impl Simulation<'_> {
    /// The day's marches. Every contingent on the road covers its own pace times the day's going (1,
    /// or the snow's slowing), so the road it has covered is its pace times the sum of the days' going
    /// since it set out: the march clock. Days on which, by that clock, no contingent can arrive and
    /// none sets out pass without visiting them; the roads left shown in the state are brought up to
    /// date when the state is shown (after each [`Simulation::step`], and at the end of a run).
    #[inline]
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
    /// Kept apart from [`Simulation::relief`]: few days come here.
    #[inline(never)]
    fn visit_marches(&mut self, morning: f64) {
        let day = f64::from(self.world.day);
        let today = i32::from(self.world.day);
        let free = self.free();
        let clock = self.march_clock;
        // Neither is ever NaN, so a comparison keeps the smaller as `f64::min` would.
        let (mut next_arrival, mut next_set_out) = (f64::INFINITY, f64::INFINITY);
        let mut on_road = false;
        // The legs are taken out for the visit, so that an arrival may change the rest of the state.
        let mut legs = std::mem::take(&mut self.legs);
        for leg in &mut legs {
            let f = &mut self.world.forces[leg.force as usize];
            match f.posture {
                Posture::Marching => {}
                Posture::Waiting => {
                    if day < leg.sets_out {
                        on_road = true;
                        if leg.sets_out < next_set_out {
                            next_set_out = leg.sets_out;
                        }
                        continue;
                    }
                    f.posture = Posture::Marching;
                    leg.set_out(morning, f.li_left);
                }
                Posture::AtCapital | Posture::Away => continue,
            }
            if leg.done(clock, free, today) {
                let force = leg.force;
                self.arrive(force, None);
            } else {
                on_road = true;
                if leg.due < next_arrival {
                    next_arrival = leg.due;
                }
            }
        }
        self.legs = legs;
        self.next_arrival = next_arrival;
        self.next_set_out = next_set_out;
        self.world.all_arrived = !on_road;
    }

    /// Brings the road left of each contingent on the road up to date with the march clock.
    pub(crate) fn sync_marches(&mut self) {
        if self.world.all_arrived {
            return;
        }
        for leg in &self.legs {
            let f = &mut self.world.forces[leg.force as usize];
            if f.posture == Posture::Marching {
                let covered = leg.stride * (self.march_clock - leg.clock);
                f.li_left = leg.road - covered;
            }
        }
    }

    /// A contingent reaches the capital. Returns the men who arrived (0 if it was already there).
    #[inline]
    pub(crate) fn arrive(&mut self, force: ForceId, recorded: Option<u16>) -> f64 {
        let f = self.world.force_mut(force);
        if f.posture == Posture::AtCapital {
            return 0.0;
        }
        f.posture = Posture::AtCapital;
        f.li_left = 0.0;
        let men = f.present;
        self.note_at_capital(force);
        let share = men / self.world.jin_start.max(1.0);
        self.nudge_war(self.p.shock_relief * share);
        if recorded.is_none() {
            self.emit(Happening::ReliefArrives { force, men }, None);
        }
        men
    }
}

#[cfg(test)]
mod tests {
    use crate::event::Event;
    use crate::script::{Mode, RunConfig, Script, WhatIfChoice};
    use crate::setup::Setup;
    use crate::sim::Simulation;

    /// The events and the roads left, day by day, of run `run`; with `every_day`, the contingents are
    /// visited every day instead of only on the days the march clock says they may set out or arrive.
    fn marches(
        setup: &Setup,
        script: &Script,
        run: u64,
        every_day: bool,
    ) -> (Vec<Event>, Vec<Vec<u64>>) {
        let mut sim = Simulation::new(setup, &setup.params, script, 1126, run);
        let (mut events, mut roads) = (Vec::new(), Vec::new());
        while !sim.is_finished() {
            if every_day {
                sim.next_arrival = f64::NEG_INFINITY;
            }
            sim.step(&mut events);
            roads.push(
                sim.world()
                    .forces
                    .iter()
                    .map(|f| f.li_left.to_bits())
                    .collect(),
            );
        }
        (events, roads)
    }

    #[test]
    fn quiet_days_passed_over_change_nothing() {
        let setup = crate::fixture::builtin_setup();
        let early = setup
            .what_ifs
            .iter()
            .position(|w| w.id == "early-relief")
            .expect("the scenario has the early-relief what-if");
        let configs = [
            RunConfig {
                mode: Mode::Free,
                ..RunConfig::default()
            },
            // Contingents already on the road at the start.
            RunConfig {
                mode: Mode::Free,
                what_ifs: vec![WhatIfChoice {
                    index: early,
                    value: Some(12.0),
                }],
                ..RunConfig::default()
            },
        ];
        let mut arrivals = 0;
        for config in &configs {
            let script = Script::compile(&setup, config).expect("the run configuration compiles");
            for run in 0..200 {
                let skipping = marches(&setup, &script, run, false);
                let visiting = marches(&setup, &script, run, true);
                assert_eq!(skipping, visiting, "run {run} of {config:?}");
                arrivals += skipping
                    .0
                    .iter()
                    .filter(|e| matches!(e.what, crate::event::Happening::ReliefArrives { .. }))
                    .count();
            }
        }
        assert!(
            arrivals > 1000,
            "only {arrivals} arrivals: the runs test little"
        );
    }
}
