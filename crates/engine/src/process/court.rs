//! The court: the war party's influence drifts back towards its usual level and jumps on news; the
//! emperor's resolve follows it and wavers. Dismissing the war leader and restoring him are hazards
//! that depend on that state, never on the date.

use crate::draws::Slot;
use crate::event::{CrowdAnswer, Happening};
use crate::math::normal_quantile;
use crate::sim::Simulation;

impl Simulation<'_> {
    #[inline(always)]
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
        // A minister the crowd has brought back is not dismissed again while the crisis lasts.
        let protected = self.world.restored_by_crowd;
        if self.world.war_leader_in_office && !self.script.keep_war_leader && !protected {
            let pressure = dismissal_pressure(
                self.world.shock,
                self.support(),
                self.world.apology_owed,
                p.shock_defeat,
            );
            let model = self.draws.chance_logistic(
                Slot::Dismiss,
                p.dismiss_base + p.dismiss_pressure * pressure,
            );
            if self.decide(|o| o.dismiss, model) {
                self.dismiss(None);
            }
        } else if !self.world.war_leader_in_office {
            self.court_without_war_leader();
        }
        if self.world.crowd_out && self.world.crowd < 0.5 * p.uprising_size {
            self.crowd_disperses();
        }
    }

    /// The days the war leader is out of office: whether he is restored. Out of line, as are the
    /// crowd's dispersal and the dismissal: few days come here, and the court's code is compiled into
    /// every day.
    #[inline(never)]
    fn court_without_war_leader(&mut self) {
        let p = self.p;
        if self.order(|o| o.restore).is_some() {
            // The player's answer.
            if self.order(|o| o.restore) == Some(Some(true)) {
                self.restore_answering_the_crowd();
            }
        } else if self.world.crowd_out {
            let x = p.restore_base + p.restore_crowd * self.world.crowd / p.uprising_size.max(1.0);
            if self.draws.chance_logistic(Slot::Restore, x) {
                self.restore_answering_the_crowd();
            }
        }
    }

    /// Restores the war leader, which answers a crowd at the gate if there is one.
    fn restore_answering_the_crowd(&mut self) {
        if self.world.crowd_out {
            self.emit(
                Happening::CrowdAnswered {
                    answer: CrowdAnswer::Conceded,
                },
                None,
            );
        }
        self.restore(None);
    }

    #[cold]
    #[inline(never)]
    fn crowd_disperses(&mut self) {
        self.world.crowd_out = false;
        self.emit(
            Happening::CrowdAnswered {
                answer: CrowdAnswer::Dispersed,
            },
            None,
        );
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn dismiss(&mut self, recorded: Option<u16>) {
        let Some(person) = self.setup.cast.war_leader else {
            return;
        };
        self.world.war_leader_in_office = false;
        // His dismissal is the apology the Jin asked for.
        self.world.apology_owed = false;
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
        w.restored_by_crowd = true;
        w.crowd_out = false;
        // The crowd has what it came for: the outrage that brought it out is spent.
        w.outrage = 0.0;
        w.grievance = (w.grievance - self.p.outrage).max(0.0);
        self.nudge_war(self.p.shock_victory);
        self.emit(Happening::Restoration { person }, recorded);
    }
}

/// Pressure on the emperor to dismiss the war leader: the shock of recent bad news, the court's lack of
/// will to fight, and, while a beaten raid is unapologised for, the Jin demand for an apology (weighed as
/// a defeat's shock).
pub(crate) fn dismissal_pressure(
    shock: f64,
    support: f64,
    apology_demanded: bool,
    shock_defeat: f64,
) -> f64 {
    shock + (1.0 - support) + if apology_demanded { shock_defeat } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::dismissal_pressure;
    use crate::math::logistic;

    #[test]
    fn dismissal_hazard_hand_computed() {
        // Calm court: no shock, support 0.55: pressure 0.45; at base -10.5 and weight 9 the daily chance
        // is logistic(-6.45), about 0.16%.
        let calm = dismissal_pressure(0.0, 0.55, false, 0.3);
        assert!((calm - 0.45).abs() < 1e-12);
        assert!((logistic(-10.5 + 9.0 * calm) - 0.001_578).abs() < 1e-5);
        // The day after a beaten raid: shock 0.3, support 0.35, the Jin demanding an apology: pressure 1.25,
        // chance logistic(0.75), about 68%.
        let after = dismissal_pressure(0.3, 0.35, true, 0.3);
        assert!((after - 1.25).abs() < 1e-12);
        assert!((logistic(-10.5 + 9.0 * after) - 0.679_2).abs() < 1e-3);
    }
}
