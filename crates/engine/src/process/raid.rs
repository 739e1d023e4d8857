//! The Song field armies' initiative: skirmishes with Jin detachments, and the war party's attack on
//! the Jin camp. Once the relief armies outnumber the Jin, the war party agrees a general attack for a
//! later day; until then an impatient general may jump the date with a night raid of his own, kept from
//! the relief commander. Either attack may leak to the Jin, who then lie in wait.

use bianjing_scenario::model::ForceKind;

use crate::combat::{self, Circumstances, Party};
use crate::decision::RaidOrder;
use crate::draws::Slot;
use crate::event::{Engagement, EngagementKind, ForceId, Happening, Side};
use crate::sim::Simulation;
use crate::world::{JinPhase, Posture, RaidState};

impl Simulation<'_> {
    /// Inlined into the day so that the many days without the Jin before the capital cost a test,
    /// not a call.
    #[inline]
    pub(crate) fn raid(&mut self) {
        if !self.free() || self.world.jin != JinPhase::BeforeCapital || self.world.ending.is_some()
        {
            return;
        }
        self.raid_before_capital();
    }

    /// The day's skirmish, raid planning and raid, with the Jin camped before the capital.
    #[inline(always)]
    fn raid_before_capital(&mut self) {
        let p = self.p;
        let today = self.world.day;
        if self.script.coordinated_raid == Some(today)
            && !matches!(self.world.raid, RaidState::Done { .. })
        {
            self.launch_raid(true, None);
            return;
        }
        // The frequent draw is a read from today's block and the men a sum over the field forces:
        // neither changes anything, so the cheaper one goes first.
        if self.draws.chance(Slot::ReliefFight, p.skirmish_hazard) && self.song_field_men() > 0.0 {
            self.field_action(None, None);
        }
        if self.script.forbid_raid {
            return;
        }
        if let Some(order) = self.order(|o| o.raid) {
            self.ordered_raid(order.unwrap_or(RaidOrder::Hold));
            return;
        }
        match self.world.raid {
            RaidState::None => {
                // The cheap tests first; none of them reads a draw, so their order changes nothing.
                if self.world.war_leader_in_office
                    && self.song_field_power() / self.jin_power().max(1.0) >= p.plan_ratio
                    && self.relief_commander_force().is_some()
                    && self.draws.chance(Slot::RaidPlan, p.plan_hazard)
                {
                    self.plan_raid();
                }
            }
            RaidState::Planned { day } if today < day => {
                let general_here = self.raid_general_force().is_some();
                let hazard = p.premature_hazard * (0.5 + self.world.resolve);
                if general_here && self.draws.chance(Slot::RaidPremature, hazard) {
                    self.launch_raid(false, None);
                }
            }
            RaidState::Planned { .. } => self.launch_raid(true, None),
            RaidState::Done { .. } => {}
        }
    }

    /// The war party agrees a coordinated raid for `raid.plan_lead_days` ahead.
    fn plan_raid(&mut self) {
        let for_day = self.world.day + self.p.plan_lead_days.round().max(1.0) as u16;
        self.world.raid = RaidState::Planned { day: for_day };
        self.emit(
            Happening::RaidPlanned {
                for_day,
                coordinated: true,
            },
            None,
        );
    }

    /// The raid as the player orders it. The generals obey: no premature raid without the order.
    fn ordered_raid(&mut self, order: RaidOrder) {
        let today = self.world.day;
        match (order, self.world.raid) {
            (_, RaidState::Done { .. }) => {}
            (RaidOrder::Hold, _) => self.world.raid = RaidState::None,
            (RaidOrder::Agreed, RaidState::None) => self.plan_raid(),
            (RaidOrder::Agreed, RaidState::Planned { day }) if today >= day => {
                self.launch_raid(true, None);
            }
            (RaidOrder::Agreed, RaidState::Planned { .. }) => {}
            (RaidOrder::TonightInformed, _) => self.launch_raid(true, None),
            (RaidOrder::TonightSecret, _) => self.launch_raid(false, None),
        }
    }

    /// The force the raid general commands, if it is at the capital.
    pub(crate) fn raid_general_force(&self) -> Option<ForceId> {
        self.setup
            .raid_general_forces
            .iter()
            .copied()
            .find(|&i| self.world.force(i).posture == Posture::AtCapital)
    }

    pub(crate) fn relief_commander_force(&self) -> Option<ForceId> {
        self.setup
            .relief_commander_forces
            .iter()
            .copied()
            .find(|&i| self.world.force(i).posture == Posture::AtCapital)
    }

    /// A raid on the Jin camp: coordinated (the agreed attack, commanders informed, the field armies in
    /// support) or premature (the raid general's own, secret). `recorded` imposes the record: the Jin
    /// warned, the raid beaten.
    pub(crate) fn launch_raid(&mut self, coordinated: bool, recorded: Option<u16>) {
        let p = self.p;
        let Some(lead) = (if coordinated {
            self.relief_commander_force()
        } else {
            None
        })
        .or_else(|| self.raid_general_force())
        .or_else(|| self.field_force(ForceKind::Relief)) else {
            return;
        };
        let field = self.song_field_men();
        let men = if coordinated {
            p.support_share * field
        } else {
            self.setup
                .raid_size
                .unwrap_or(self.world.force(lead).present)
                .min(field)
        };
        let leak = if coordinated {
            p.leak_planned
        } else {
            p.leak_secret
        };
        let warned = recorded.is_some() || self.draws.chance(Slot::RaidLeak, leak);
        self.emit(
            Happening::NightRaid {
                coordinated,
                informed: coordinated,
            },
            recorded,
        );
        let jin = self.setup.jin_east;
        // The agreed attack draws on all the field armies; a premature raid is the raid general's own.
        let quality = if coordinated {
            self.song_field_quality()
        } else {
            self.quality(lead)
        };
        let attacker = Party {
            men,
            quality,
            morale: self.world.force(lead).morale,
            crossing: false,
        };
        let defender = self.party_of(jin, self.world.force(jin).present * p.rearguard_share);
        let c = Circumstances {
            fortified: false,
            night: true,
            surprise: !warned,
            ambush: warned,
        };
        let u = [
            self.draws.u(Slot::RaidA),
            self.draws.u(Slot::RaidD),
            self.draws.u(Slot::RaidBreak),
        ];
        let r = combat::resolve(p, attacker, defender, c, u, recorded.map(|_| false));
        let deserted = if r.attacker_won {
            0.0
        } else {
            p.desertion * (men - r.attacker_losses).max(0.0)
        };
        self.spread_song_losses(r.attacker_losses, deserted);
        self.take_losses(jin, r.defender_losses, 0.0);
        self.world.raid = RaidState::Done {
            failed: !r.attacker_won,
        };
        // A beaten raid breaks the oath for nothing: the Jin close in and demand an apology. After a
        // successful one they have their losses to mend, not terms to dictate.
        self.world.jin_aggrieved = !r.attacker_won;
        self.world.apology_owed = !r.attacker_won;
        if r.attacker_won {
            self.nudge_war(p.shock_victory * 2.0);
        } else {
            self.world.shock += p.shock_defeat;
            self.nudge_war(-p.shock_defeat);
        }
        self.after_fight(jin, lead, !r.attacker_won, r.rout);
        let e = Engagement::resolved(
            EngagementKind::NightRaid,
            [lead, jin],
            [men, defender.men],
            &r,
            Side::Song,
            warned,
        );
        self.emit(Happening::Fight(e), None);
    }

    /// A clash between a Song field detachment and Jin foragers or outposts.
    pub(crate) fn field_action(&mut self, force: Option<ForceId>, recorded: Option<u16>) {
        let p = self.p;
        let Some(song) = force
            .filter(|&f| self.world.force(f).posture == Posture::AtCapital)
            .or_else(|| self.field_force(ForceKind::Relief))
            .or_else(|| self.field_force(ForceKind::CityFieldForce))
        else {
            return;
        };
        let jin = self.setup.jin_east;
        let a = self.party_of(song, self.world.force(song).present * p.skirmish_share);
        let d = self.party_of(jin, self.world.force(jin).present * p.skirmish_share);
        let u = [
            self.draws.u(Slot::PursuitA),
            self.draws.u(Slot::PursuitD),
            self.draws.u(Slot::SkirmishBreak),
        ];
        let r = combat::resolve(p, a, d, Circumstances::default(), u, recorded.map(|_| true));
        self.take_losses(song, r.attacker_losses, 0.0);
        self.take_losses(jin, r.defender_losses, 0.0);
        self.after_fight(jin, song, !r.attacker_won, r.rout);
        let e = Engagement::resolved(
            EngagementKind::FieldAction,
            [song, jin],
            [a.men, d.men],
            &r,
            Side::Song,
            false,
        );
        self.emit(Happening::Fight(e), recorded);
    }

    /// Spreads losses over the Song field forces at the capital in proportion to their men.
    pub(crate) fn spread_song_losses(&mut self, losses: f64, deserted: f64) {
        let total = self.song_field_men();
        if total <= 0.0 {
            return;
        }
        // Taking losses moves no force to or from the capital, so the list stands while it is walked.
        for k in 0..self.field_here.len() {
            let i = self.field_here[k];
            let share = self.world.force(i).present / total;
            self.take_losses(i, losses * share, deserted * share);
        }
    }
}
