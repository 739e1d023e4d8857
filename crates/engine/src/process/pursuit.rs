//! Pursuit of the withdrawing eastern army: ordered (or not) by the court while the Jin march back,
//! catching their rearguard or, best of all, catching them astride the river; recalled on alarming news
//! from the west.

use crate::combat::{self, Circumstances, Party};
use crate::draws::Slot;
use crate::event::{Engagement, EngagementKind, ForceId, Happening, Side};
use crate::sim::Simulation;
use crate::world::{JinPhase, Pursuit};

impl Simulation<'_> {
    /// Nothing to pursue before the eastern army withdraws: most days of most runs.
    #[inline]
    pub(crate) fn pursuit(&mut self) {
        if let Some(withdrew) = self.world.withdrew_day {
            self.pursue_withdrawal(withdrew);
        }
    }

    #[inline(always)]
    fn pursue_withdrawal(&mut self, withdrew: u16) {
        if !self.free() || self.world.ending.is_some() {
            return;
        }
        let p = self.p;
        match self.world.pursuit {
            Pursuit::NotOrdered => {
                // Only a war leader in office urges the pursuit on the court.
                let urged = self.world.war_leader_in_office;
                let x = p.pursuit_base + p.pursuit_support * self.support();
                let model = urged && self.draws.chance_logistic(Slot::PursuitOrder, x);
                if self.script.pursue || self.decide(|o| o.pursue, model) {
                    let men = p.share * self.song_field_men();
                    self.order_pursuit(men, None);
                } else if f64::from(self.world.day - withdrew) >= p.window_days {
                    self.world.pursuit = Pursuit::Declined;
                }
            }
            Pursuit::Ordered { men, days_left } => {
                let x = p.recall_base
                    + p.recall_alarm * self.world.alarm
                    + p.recall_peace * (1.0 - self.support());
                let model = self.draws.chance_logistic(Slot::Recall, x);
                if !self.script.pursue && self.decide(|o| o.recall, model) {
                    self.recall(None);
                    return;
                }
                let astride = matches!(self.world.jin, JinPhase::Bridging { .. });
                let hazard = if astride {
                    (2.0 * p.catch_hazard).min(1.0)
                } else {
                    p.catch_hazard
                };
                if self.draws.chance(Slot::PursuitCatch, hazard) {
                    self.pursuit_fight(men, astride);
                }
                let left = days_left.saturating_sub(1);
                self.world.pursuit = if left == 0 {
                    Pursuit::Ended
                } else {
                    Pursuit::Ordered {
                        men,
                        days_left: left,
                    }
                };
                if left == 0 {
                    self.emit(Happening::PursuitEnds, None);
                }
            }
            Pursuit::Recalled | Pursuit::Ended | Pursuit::Declined => {}
        }
    }

    fn pursuit_fight(&mut self, men: f64, astride: bool) {
        let p = self.p;
        let jin = self.setup.jin_east;
        let Some(lead) = self.field_force(bianjing_scenario::model::ForceKind::Relief) else {
            return;
        };
        let share = if astride { 0.5 } else { p.rearguard_share };
        let attacker = Party {
            men,
            quality: self.song_field_quality(),
            morale: self.world.force(lead).morale,
            crossing: false,
        };
        let defender = Party {
            crossing: astride,
            ..self.party_of(jin, self.world.force(jin).present * share)
        };
        let u = [
            self.draws.u(Slot::PursuitA),
            self.draws.u(Slot::PursuitD),
            self.draws.u(Slot::PursuitBreak),
        ];
        let r = combat::resolve(p, attacker, defender, Circumstances::default(), u, None);
        self.spread_song_losses(r.attacker_losses, 0.0);
        let deserted = if r.attacker_won {
            p.desertion * (defender.men - r.defender_losses).max(0.0)
        } else {
            0.0
        };
        self.take_losses(jin, r.defender_losses, deserted);
        self.after_fight(jin, lead as ForceId, !r.attacker_won, r.rout);
        let kind = if astride {
            EngagementKind::RiverCrossing
        } else {
            EngagementKind::Pursuit
        };
        let e = Engagement::resolved(
            kind,
            [lead, jin],
            [men, defender.men],
            &r,
            Side::Song,
            false,
        );
        self.emit(Happening::Fight(e), None);
    }

    pub(crate) fn order_pursuit(&mut self, men: f64, recorded: Option<u16>) {
        let days = self.p.span_days.round().clamp(1.0, 255.0) as u8;
        self.world.pursuit = Pursuit::Ordered {
            men,
            days_left: days,
        };
        self.emit(Happening::PursuitOrdered { men }, recorded);
    }

    pub(crate) fn recall(&mut self, recorded: Option<u16>) {
        self.world.pursuit = Pursuit::Recalled;
        self.emit(Happening::PursuitRecalled, recorded);
    }
}
