//! The eastern army: its crossing, its approach, and its commanders' daily choice before the capital
//! between staying, assaulting, negotiating and withdrawing, weighing what they have gained against the
//! relief armies, their supply and the season.

use crate::combat::{self, Circumstances, Party};
use crate::draws::Slot;
use crate::event::{Engagement, EngagementKind, Happening, Side};
use crate::params::Params;
use crate::setup::Setup;
use crate::sim::Simulation;
use crate::world::{Ending, JinPhase, Posture};

/// What the eastern army's daily choice weighs that depends only on the setup and the parameters:
/// worked out once for a parameter set instead of on every day before the capital, by the same
/// expressions on the same values, so the choice is the same to the bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct JinMeasures {
    /// The money they would settle for, in silver; `None` when no money is demanded.
    pub settle_for: Option<f64>,
    /// Their full supply in days, at least 1: what their hunger is measured against.
    pub supply_span: f64,
    /// The length of the spring thaw in days, at least 1.
    pub thaw_span: f64,
}

impl JinMeasures {
    pub(crate) fn of(setup: &Setup, p: &Params) -> JinMeasures {
        JinMeasures {
            settle_for: settle_for(
                setup.gold_demanded * p.gold_to_silver + setup.silver_demanded,
                p.money_satisfaction,
            ),
            supply_span: p.supply_days.max(1.0),
            thaw_span: p.thaw_days.max(1.0),
        }
    }
}

impl Simulation<'_> {
    #[inline(always)]
    pub(crate) fn eastern_army(&mut self) {
        let free = self.free();
        let p = self.p;
        match self.world.jin {
            JinPhase::NorthBank => {
                if free {
                    self.jin_crossing_begins(None);
                }
            }
            JinPhase::Crossing { days_left } => {
                let left = days_left.saturating_sub(1);
                self.world.jin = JinPhase::Crossing { days_left: left };
                if free && left == 0 {
                    self.jin_crossed(None);
                    // The horsemen ride on the day the last of them are over.
                    self.approach();
                }
            }
            JinPhase::Approaching => self.approach(),
            JinPhase::BeforeCapital => {
                if free {
                    self.jin_choice();
                }
            }
            JinPhase::Withdrawing => {
                self.world.jin_li_left -= p.march_li_per_day;
                if free && self.world.jin_li_left <= 0.0 {
                    self.world.jin = JinPhase::Bridging {
                        days_left: p.bridge_days.round().max(1.0) as u8,
                    };
                }
            }
            JinPhase::Bridging { days_left } => {
                let left = days_left.saturating_sub(1);
                self.world.jin = JinPhase::Bridging { days_left: left };
                if free && left == 0 {
                    self.cross_north(None);
                }
            }
            JinPhase::North => {}
        }
    }

    /// A day's ride towards the capital; on arrival (free mode) the city is invested and may be probed
    /// that night.
    fn approach(&mut self) {
        let p = self.p;
        self.world.jin_li_left -= p.march_li_per_day;
        if self.free() && self.world.jin_li_left <= 0.0 {
            self.investment(None);
            if self.draws.chance(Slot::JinProbe, p.probe_chance) {
                self.jin_attack(EngagementKind::NightAttack, None);
            }
        }
    }

    /// The commanders' choice, one day before the capital.
    #[inline(always)]
    fn jin_choice(&mut self) {
        let p = self.p;
        let w = &self.world;
        if w.jin_aggrieved && !w.invested {
            self.world.invested = true;
            self.emit_seldom(Happening::Reinvestment);
        }
        let gains = self.jin_gains();
        let threat = self.threat();
        if self.world.invested
            && !self.world.letter_sent
            && (self.draws.chance(Slot::JinLetter, p.letter_hazard)
                || self.order(|o| o.negotiate) == Some(Some(true)))
        {
            self.world.letter_sent = true;
            self.emit_seldom(Happening::DemandLetter);
        }
        let assault = p.assault_hazard * (1.0 - gains) * (1.0 - threat);
        if (!self.world.oath || self.world.jin_aggrieved)
            && self.draws.chance(Slot::JinAssault, assault)
        {
            self.jin_attack(EngagementKind::Assault, None);
            if self.world.ending.is_some() {
                return;
            }
        }
        if self.world.oath
            && self.world.invested
            && !self.world.jin_aggrieved
            && self.draws.chance(Slot::JinLift, p.lift_hazard)
        {
            self.world.invested = false;
            self.emit_seldom(Happening::InvestmentLifted);
        }
        let hunger = (1.0 - self.world.jin_supply / self.jin_measures.supply_span).clamp(0.0, 1.0);
        let x = p.withdraw_base
            + p.withdraw_gain * gains
            + p.withdraw_threat * threat
            + p.withdraw_hunger * hunger
            + p.withdraw_season * self.thaw();
        if self.draws.chance_logistic(Slot::JinWithdraw, x) {
            self.begin_withdrawal(None);
        }
    }

    /// A happening of the camp that comes once or twice a run at most, recorded out of line so that
    /// the daily choice stays small.
    #[inline(never)]
    fn emit_seldom(&mut self, what: Happening) {
        self.emit(what, None);
    }

    /// What the Jin have secured, 0 to 1: a hostage held, the cession promised, and the money delivered
    /// against what they would settle for, in equal parts; discounted while a raid on them is unanswered.
    pub(crate) fn jin_gains(&self) -> f64 {
        let w = &self.world;
        let p = self.p;
        gains(
            w.hostage.is_some(),
            w.cession_promised,
            w.gold_delivered * p.gold_to_silver + w.silver_delivered,
            self.jin_measures.settle_for,
            if w.jin_aggrieved {
                p.grievance_discount
            } else {
                1.0
            },
        )
    }

    /// A night attack or an assault on the walls; the city falls if the garrison breaks.
    pub(crate) fn jin_attack(&mut self, kind: EngagementKind, recorded: Option<u16>) {
        let p = self.p;
        let jin = self.setup.jin_east;
        // The garrison's men and their weighted quality and morale, in one pass; each sum starts from
        // -0.0 and adds in force order, as `Iterator::sum` does.
        let (mut first, mut men, mut quality, mut morale) = (None, -0.0, -0.0, -0.0);
        for &g in &self.setup.garrison {
            let f = self.world.force(g);
            if f.posture == Posture::AtCapital {
                first = first.or(Some(g));
                men += f.present;
                quality += self.quality(g) * f.present;
                morale += f.morale * f.present;
            }
        }
        let Some(first) = first.filter(|_| men > 0.0) else {
            return;
        };
        let (quality, morale) = (quality / men, morale / men);
        let share = if kind == EngagementKind::NightAttack {
            p.probe_share
        } else {
            p.assault_share
        };
        let attacker = self.party_of(jin, self.world.force(jin).present * share);
        let defender = Party {
            men: men * p.garrison_share,
            quality,
            morale,
            crossing: false,
        };
        let night = kind == EngagementKind::NightAttack;
        let c = Circumstances {
            fortified: true,
            night,
            surprise: false,
            ambush: false,
        };
        let u = [
            self.draws.u(Slot::AssaultA),
            self.draws.u(Slot::AssaultD),
            self.draws.u(Slot::AssaultBreak),
        ];
        let imposed = recorded.map(|_| false);
        let r = combat::resolve(p, attacker, defender, c, u, imposed);
        self.take_losses(jin, r.attacker_losses, 0.0);
        for &g in &self.setup.garrison {
            if self.world.force(g).posture == Posture::AtCapital {
                let share = self.world.force(g).present / men;
                self.take_losses(g, r.defender_losses * share, 0.0);
            }
        }
        self.after_fight(jin, first, r.attacker_won, r.rout);
        let e = Engagement::resolved(
            kind,
            [jin, first],
            [attacker.men, defender.men],
            &r,
            Side::Jin,
            false,
        );
        self.emit(Happening::Fight(e), recorded);
        if r.attacker_won {
            self.world.ending = Some(Ending::CityTaken);
            self.emit(Happening::CityTaken, None);
        }
    }

    /// Morale and court after a fight between a Jin and a Song force.
    pub(crate) fn after_fight(&mut self, jin: u16, song: u16, jin_won: bool, rout: bool) {
        let swing = self.p.morale_swing * if rout { 1.5 } else { 1.0 };
        let (winner, loser) = if jin_won { (jin, song) } else { (song, jin) };
        let wf = self.world.force_mut(winner);
        wf.morale = (wf.morale + swing / 3.0).min(1.0);
        let lf = self.world.force_mut(loser);
        lf.morale = (lf.morale - swing).max(0.0);
        if jin_won {
            self.nudge_war(-self.p.shock_defeat * 0.5);
        } else {
            self.nudge_war(self.p.shock_victory);
        }
        self.check_jin_broken();
    }

    /// The eastern army counts as broken once it falls below its breaking share.
    pub(crate) fn check_jin_broken(&mut self) {
        let present = self.world.force(self.setup.jin_east).present;
        if self.world.ending.is_none() && present < self.p.broken_share * self.world.jin_start {
            self.world.ending = Some(Ending::EasternArmyBroken);
            self.emit(Happening::EasternArmyBroken, None);
        }
    }

    pub(crate) fn jin_crossing_begins(&mut self, recorded: Option<u16>) {
        self.world.jin = JinPhase::Crossing {
            days_left: self.p.crossing_days.round().max(1.0) as u8,
        };
        self.emit(Happening::JinCrossingBegins, recorded);
    }

    pub(crate) fn jin_crossed(&mut self, recorded: Option<u16>) {
        self.world.jin = JinPhase::Approaching;
        self.world.jin_li_left = self.setup.crossing_li;
        self.emit(Happening::JinCrossed, recorded);
    }

    pub(crate) fn investment(&mut self, recorded: Option<u16>) {
        self.world.jin = JinPhase::BeforeCapital;
        self.world.invested = true;
        self.world.force_mut(self.setup.jin_east).posture = Posture::AtCapital;
        self.nudge_war(-self.p.shock_threat);
        self.emit(Happening::Investment, recorded);
    }

    pub(crate) fn begin_withdrawal(&mut self, recorded: Option<u16>) {
        let w = &mut self.world;
        w.jin = JinPhase::Withdrawing;
        w.jin_li_left = self.setup.crossing_li;
        w.invested = false;
        w.withdrew_day = Some(w.day);
        w.withdrew_with_terms = w.oath || w.cession_promised || w.hostage.is_some();
        let with_terms = w.withdrew_with_terms;
        self.emit(Happening::WithdrawalBegins { with_terms }, recorded);
    }

    pub(crate) fn cross_north(&mut self, recorded: Option<u16>) {
        self.world.jin = JinPhase::North;
        self.world.crossed_north_day = Some(self.world.day);
        self.world.force_mut(self.setup.jin_east).posture = Posture::Away;
        self.emit(Happening::JinCrossedNorth, recorded);
    }
}

/// The money the Jin would settle for: the share `satisfaction` of the `demanded` total, in silver;
/// `None` when nothing is demanded.
pub(crate) fn settle_for(demanded: f64, satisfaction: f64) -> Option<f64> {
    (demanded > 0.0).then_some(satisfaction * demanded)
}

/// What the Jin hold, 0 to 1: the mean of a hostage held, the cession promised, and the money delivered
/// against what they would settle for ([`settle_for`]; all of it when nothing is demanded), in silver;
/// times `discount`.
pub(crate) fn gains(
    hostage: bool,
    cession: bool,
    delivered: f64,
    settle_for: Option<f64>,
    discount: f64,
) -> f64 {
    let money = match settle_for {
        Some(settle_for) => (delivered / settle_for).min(1.0),
        None => 1.0,
    };
    (f64::from(u8::from(hostage)) + f64::from(u8::from(cession)) + money) / 3.0 * discount
}

#[cfg(test)]
mod tests {
    use super::{gains, settle_for};

    #[test]
    fn gains_hand_computed() {
        // Demanded 5M gold at 10 and 50M silver: 100M in silver. Delivered 3M gold-in-silver and 12M
        // silver = 15M, against the 20M (20%) they would settle for: money 0.75.
        let twenty_percent = settle_for(100e6, 0.2);
        assert_eq!(twenty_percent, Some(20e6));
        let g = gains(true, true, 15e6, twenty_percent, 1.0);
        assert!((g - (1.0 + 1.0 + 0.75) / 3.0).abs() < 1e-12);
        assert_eq!(gains(false, false, 0.0, twenty_percent, 1.0), 0.0);
        // More than they would settle for counts as all of it; a raid unanswered halves it.
        assert!((gains(true, true, 50e6, twenty_percent, 0.5) - 0.5).abs() < 1e-12);
        // Nothing demanded: the money counts as had in full.
        assert_eq!(settle_for(0.0, 0.2), None);
        assert!((gains(false, false, 0.0, None, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    }
}
