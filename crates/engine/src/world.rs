//! The state of the world on a given day. Plain data; the processes in `process/` change it.

use crate::event::{ForceId, KeyEvent, PersonId, PlaceId};

/// Where a force is and what it is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posture {
    /// Not yet set out (a relief contingent before its order to march takes effect).
    Waiting,
    /// On the road to the capital.
    Marching,
    /// At the capital: relief camps outside the walls, garrison and field force inside.
    AtCapital,
    /// Away from the capital (the western army, the eastern army north of the river).
    Away,
}

/// One force's state. Men are conserved: `start + joined = present + killed + wounded + deserted`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForceState {
    pub present: f64,
    pub killed: f64,
    pub wounded: f64,
    pub deserted: f64,
    /// Men who joined after the start (none in the 1126 scenario; kept for the conservation law).
    pub joined: f64,
    /// 0 (broken) to 1 (eager).
    pub morale: f64,
    pub posture: Posture,
    /// Road still to march, in li.
    pub li_left: f64,
    /// This contingent's pace factor for the run (drawn once; 1 for a force that does not march).
    pub pace: f64,
}

/// The eastern army's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JinPhase {
    /// On the north bank, about to cross.
    NorthBank,
    /// Crossing southwards in small boats; days left.
    Crossing { days_left: u8 },
    /// On the road from the crossing to the capital.
    Approaching,
    /// Before the capital, in the camp.
    BeforeCapital,
    /// Marching back to the river.
    Withdrawing,
    /// Crossing north on the bridge; days left.
    Bridging { days_left: u8 },
    /// Back north of the river.
    North,
}

/// The war party's plan of attack on the Jin camp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaidState {
    None,
    /// A general attack agreed for `day`.
    Planned {
        day: u16,
    },
    /// A raid went in; `failed` if the Jin won.
    Done {
        failed: bool,
    },
}

/// The pursuit of the withdrawing Jin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pursuit {
    NotOrdered,
    Ordered {
        men: f64,
        days_left: u8,
    },
    Recalled,
    Ended,
    /// The window for ordering it passed.
    Declined,
}

/// The end state of a run, as categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    CityTaken,
    Capitulation,
    EasternArmyBroken,
}

/// All mutable state of a run.
#[derive(Debug, Clone)]
pub struct World {
    pub day: u16,
    pub forces: Vec<ForceState>,
    pub jin: JinPhase,
    pub jin_li_left: f64,
    pub jin_supply: f64,
    pub jin_start: f64,
    /// Close investment of the city in force.
    pub invested: bool,
    pub letter_sent: bool,
    /// Days since the eastern army withdrew.
    pub withdrew_day: Option<u16>,
    pub withdrew_with_terms: bool,
    pub crossed_north_day: Option<u16>,
    /// Jin anger after a raid on them: they close in again and want a fresh hostage.
    pub jin_aggrieved: bool,
    /// The apology the Jin demand after a beaten raid, owed until the war leader is dismissed (SS23 has
    /// Li Gang "dismissed to apologise to the Jin"). A fresh hostage does not pay it.
    pub apology_owed: bool,

    // Court.
    pub war: f64,
    pub resolve: f64,
    pub war_leader_in_office: bool,
    /// The war leader was brought back by the crowd.
    pub restored_by_crowd: bool,
    /// Every marching contingent is at the capital: the marches are over for this run.
    pub all_arrived: bool,
    /// Recent shock from bad news, driving the peace party's demands; decays.
    pub shock: f64,

    // Negotiation.
    pub terms_accepted: bool,
    pub oath: bool,
    pub cession_promised: bool,
    pub hostage: Option<PersonId>,
    pub hostages_taken: u8,
    pub gold_raised: f64,
    pub silver_raised: f64,
    pub gold_delivered: f64,
    pub silver_delivered: f64,
    /// Share of the city's wealth squeezed out today, 0 to 1.
    pub squeezed: f64,

    // City and season.
    pub food: f64,
    pub price: f64,
    pub snow_today: bool,
    pub snow_shock: f64,

    // Populace.
    pub grievance: f64,
    pub outrage: f64,
    pub crowd: f64,
    pub crowd_peak: f64,
    pub crowd_out: bool,

    // Raid and pursuit.
    pub raid: RaidState,
    pub pursuit: Pursuit,

    // Western theatre.
    pub western_mutiny: bool,
    /// Index into the route of the next place the western army would take.
    pub western_next: u8,
    /// News on the road to the court: (arrival day, place, day it happened); `None` when the slot is free.
    pub news: [Option<(u16, PlaceId, u16)>; 8],
    /// How alarming the news from the west is, 0 to 1.
    pub alarm: f64,

    pub ending: Option<Ending>,
    pub finished: bool,
    pub key_days: [Option<u16>; KeyEvent::ALL.len()],
    /// The balance of forces at the capital, computed when first needed and forgotten whenever any
    /// force changes: a cache, not state.
    pub(crate) balance: std::cell::Cell<Option<Balance>>,
}

/// The balance of forces at the capital, and the threat to the eastern army that follows from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Balance {
    /// Song field power: men weighted by quality and morale.
    pub song_power: f64,
    pub song_men: f64,
    pub jin_power: f64,
    /// R / (1 + R) for the power ratio R; kept with the balance since several processes read it
    /// every day while the forces stand still.
    pub threat: f64,
}

impl World {
    pub fn force(&self, id: ForceId) -> &ForceState {
        &self.forces[id as usize]
    }
    pub fn force_mut(&mut self, id: ForceId) -> &mut ForceState {
        self.balance.set(None);
        &mut self.forces[id as usize]
    }
}
