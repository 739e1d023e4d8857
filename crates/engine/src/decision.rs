//! The emperor's decisions, taken by a player instead of the model.
//!
//! Without a player the model makes every decision of the court by mechanism: a hazard read against a
//! uniform of the day's draws. A player can hold those decisions instead: [`Simulation::set_orders`]
//! attaches standing [`Orders`], and each process that would draw a decision reads the order in place
//! of its uniform. The uniforms are still drawn, in the same slots (the draws are a fixed block per
//! day), so the rest of the world keeps its luck whatever the player decides.
//!
//! Once orders are attached, the player holds every decision listed in [`Decision`]: an order left
//! unset means "not today" (the emperor has not yet decided), never a throw of the dice. What-ifs that
//! fix a decision (`no-raid`, `keep-li-gang`, `refuse-terms`, `pay-in-full`, `pursue`) still fix it,
//! and [`Simulation::open_decisions`] leaves such a decision out.
//!
//! With no orders attached (the default), every run is bit for bit what it was before this module.

use serde::{Deserialize, Serialize};

use crate::math::logistic;
use crate::process::court::dismissal_pressure;
use crate::sim::Simulation;
use crate::world::{JinPhase, Pursuit, RaidState};

/// A decision of the emperor's that a player can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Send envoys to the Jin camp to hear their demands, rather than wait for their letter.
    Negotiate,
    /// Accept the Jin terms, or refuse them.
    Terms,
    /// How hard to squeeze the city for the indemnity.
    Squeeze,
    /// Send a prince as hostage (again, after a raid has angered the Jin).
    Hostage,
    /// Authorise a night raid on the Jin camp, when, and whether to tell the relief commander and the
    /// war leader.
    Raid,
    /// Dismiss the war leader, as the peace party demands.
    Dismiss,
    /// Restore the dismissed war leader; with a crowd at the palace gate, the answer to the crowd.
    Restore,
    /// Order the pursuit of the withdrawing Jin.
    Pursue,
    /// Recall the pursuit when news from the west arrives.
    Recall,
}

impl Decision {
    pub const ALL: [Decision; 9] = [
        Decision::Negotiate,
        Decision::Terms,
        Decision::Squeeze,
        Decision::Hostage,
        Decision::Raid,
        Decision::Dismiss,
        Decision::Restore,
        Decision::Pursue,
        Decision::Recall,
    ];

    /// A stable name for data files and saves.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Negotiate => "negotiate",
            Decision::Terms => "terms",
            Decision::Squeeze => "squeeze",
            Decision::Hostage => "hostage",
            Decision::Raid => "raid",
            Decision::Dismiss => "dismiss",
            Decision::Restore => "restore",
            Decision::Pursue => "pursue",
            Decision::Recall => "recall",
        }
    }

    pub fn from_name(name: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// The player's order on the night raid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RaidOrder {
    /// No raid.
    Hold,
    /// A general attack on the agreed day, the relief commander and the war leader informed.
    Agreed,
    /// Attack tonight with all the field armies, the relief commander and the war leader informed.
    TonightInformed,
    /// Let the raid general strike tonight with his own men, telling no one.
    TonightSecret,
}

/// The player's standing orders. `None` leaves a decision untaken: nothing happens today.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Orders {
    pub negotiate: Option<bool>,
    pub accept_terms: Option<bool>,
    /// The squeeze (a share of what the city holds, inside the range of `court.squeeze`).
    pub squeeze: Option<f64>,
    pub send_hostage: Option<bool>,
    pub raid: Option<RaidOrder>,
    pub dismiss: Option<bool>,
    pub restore: Option<bool>,
    pub pursue: Option<bool>,
    pub recall: Option<bool>,
}

impl Simulation<'_> {
    /// Attaches a player's standing orders: from now on the player holds the emperor's decisions.
    pub fn set_orders(&mut self, orders: Orders) {
        self.orders = Some(orders);
    }

    /// The player's standing orders, if a player is attached.
    pub fn orders(&self) -> Option<&Orders> {
        self.orders.as_ref()
    }

    /// The decisions open before today's step, from the state of the world: what a player would be
    /// asked at the morning audience. Empty before the point of divergence and after the end.
    pub fn open_decisions(&self) -> Vec<Decision> {
        let w = &self.world;
        let s = self.script;
        if !self.free() || w.finished || w.ending.is_some() {
            return Vec::new();
        }
        let before = w.jin == JinPhase::BeforeCapital;
        let mut open = Vec::new();
        if before && !w.letter_sent {
            open.push(Decision::Negotiate);
        }
        if before && w.letter_sent && !w.terms_accepted && !s.refuse_terms {
            open.push(Decision::Terms);
        }
        if w.terms_accepted && w.jin != JinPhase::North && !s.pay_in_full {
            open.push(Decision::Squeeze);
        }
        let wants_hostage =
            (w.terms_accepted && w.hostage.is_none()) || (w.jin_aggrieved && w.hostage.is_some());
        let princes_left = (w.hostages_taken as usize) < self.setup.cast.princes.len();
        if before && wants_hostage && !s.refuse_terms && princes_left {
            open.push(Decision::Hostage);
        }
        let raid_open = matches!(w.raid, RaidState::None | RaidState::Planned { .. });
        if before
            && raid_open
            && !s.forbid_raid
            && s.coordinated_raid.is_none()
            && (self.raid_general_force().is_some() || self.relief_commander_force().is_some())
        {
            open.push(Decision::Raid);
        }
        if w.war_leader_in_office && !s.keep_war_leader && !w.restored_by_crowd {
            open.push(Decision::Dismiss);
        }
        if !w.war_leader_in_office {
            open.push(Decision::Restore);
        }
        if w.withdrew_day.is_some() && w.pursuit == Pursuit::NotOrdered && !s.pursue {
            open.push(Decision::Pursue);
        }
        if matches!(w.pursuit, Pursuit::Ordered { .. }) && w.alarm > 0.0 && !s.pursue {
            open.push(Decision::Recall);
        }
        open
    }

    /// The model's daily chance that the emperor dismisses the war leader, from the pressure on him: how
    /// hard the peace party presses. Zero while he is out of office or protected.
    pub fn dismissal_chance(&self) -> f64 {
        let w = &self.world;
        if !w.war_leader_in_office || w.restored_by_crowd {
            return 0.0;
        }
        let p = self.p;
        let pressure = dismissal_pressure(w.shock, self.support(), w.jin_aggrieved, p.shock_defeat);
        logistic(p.dismiss_base + p.dismiss_pressure * pressure)
    }

    /// The player's order for a decision, read by the processes: `Some(x)` when a player is attached
    /// (`x` the order, `None` if untaken), `None` when the model decides.
    #[inline]
    pub(crate) fn order<T>(&self, pick: impl Fn(&Orders) -> Option<T>) -> Option<Option<T>> {
        self.orders.as_ref().map(pick)
    }

    /// Today's decision: the player's order when a player is attached (an untaken order counts as
    /// no), else the model's draw.
    #[inline]
    pub(crate) fn decide(&self, pick: impl Fn(&Orders) -> Option<bool>, model: bool) -> bool {
        match self.order(pick) {
            Some(order) => order == Some(true),
            None => model,
        }
    }
}
