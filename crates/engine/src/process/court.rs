//! The court: the war party's influence drifts back towards its usual level and jumps on news; the
//! emperor's resolve follows it and wavers. Dismissing the war leader and restoring him are hazards
//! that depend on that state, never on the date.

use crate::draws::Slot;
use crate::event::{CrowdAnswer, Happening};
use crate::math::{logistic, normal_quantile};
use crate::sim::Simulation;

impl Simulation<'_> {
    pub(crate) fn court(&mut self) {
        let p = self.p;
        let war_noise = normal_quantile(self.draws.u(Slot::WarNoise));
        let resolve_noise = normal_quantile(self.draws.u(Slot::ResolveNoise));
        let w = &mut self.world;
        w.war = (w.war + p.reversion * (p.war_start - w.war) + p.influence_noise * war_noise)
            .clamp(0.02, 0.98);
        w.resolve =
            (w.resolve + p.resolve_follow * (w.war - w.resolve) + p.resolve_noise * resolve_noise)
                .clamp(0.0, 1.0);
        w.shock *= p.shock_decay;
        if !self.free() || self.world.ending.is_some() {
            return;
        }
        if self.world.war_leader_in_office && !self.script.keep_war_leader {
            let apology = f64::from(u8::from(self.world.jin_aggrieved));
            let pressure = self.world.shock + (1.0 - self.support()) + apology * p.shock_defeat;
            let x = p.dismiss_base + p.dismiss_pressure * pressure;
            if self.draws.chance(Slot::Dismiss, logistic(x)) {
                self.dismiss(None);
            }
        } else if self.world.crowd_out && !self.world.war_leader_in_office {
            let x = p.restore_base + p.restore_crowd * self.world.crowd / p.uprising_size.max(1.0);
            if self.draws.chance(Slot::Restore, logistic(x)) {
                self.emit(
                    Happening::CrowdAnswered {
                        answer: CrowdAnswer::Conceded,
                    },
                    None,
                );
                self.restore(None);
            }
        }
        if self.world.crowd_out && self.world.crowd < 0.5 * p.uprising_size {
            self.world.crowd_out = false;
            self.emit(
                Happening::CrowdAnswered {
                    answer: CrowdAnswer::Dispersed,
                },
                None,
            );
        }
    }

    pub(crate) fn dismiss(&mut self, recorded: Option<u16>) {
        let Some(person) = self.setup.cast.war_leader else {
            return;
        };
        self.world.war_leader_in_office = false;
        self.world.war_leader_dismissed_once = true;
        self.world.outrage += self.p.outrage;
        self.nudge_war(-self.p.shock_defeat * 0.5);
        self.emit(Happening::Dismissal { person }, recorded);
    }

    pub(crate) fn restore(&mut self, recorded: Option<u16>) {
        let Some(person) = self.setup.cast.war_leader else {
            return;
        };
        let w = &mut self.world;
        w.war_leader_in_office = true;
        w.crowd_out = false;
        // The crowd has what it came for: the outrage that brought it out is spent.
        w.outrage = 0.0;
        w.grievance = (w.grievance - self.p.outrage).max(0.0);
        self.nudge_war(self.p.shock_victory);
        self.emit(Happening::Restoration { person }, recorded);
    }
}
