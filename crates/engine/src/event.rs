//! What the engine reports: small `Copy` values, no text. The chronicle crate turns them into words.

use serde::Serialize;

/// Index of a force in [`crate::Setup::forces`].
pub type ForceId = u16;
/// Index of a person in the scenario's `[[person]]` table.
pub type PersonId = u16;
/// Index of a place in the scenario's `[[place]]` table.
pub type PlaceId = u16;

/// The two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Song,
    Jin,
}

/// The kinds of fighting the model resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EngagementKind {
    /// A night attack on a gate of the city.
    NightAttack,
    /// An assault on the walls.
    Assault,
    /// A relief force against a Jin detachment in the field.
    FieldAction,
    /// A night raid on the Jin camp.
    NightRaid,
    /// Pursuers catch the Jin rearguard.
    Pursuit,
    /// Pursuers catch the Jin while they cross the river.
    RiverCrossing,
}

/// One fought engagement, with what each side put in and lost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Engagement {
    pub kind: EngagementKind,
    pub attacker: ForceId,
    pub defender: ForceId,
    pub attacker_men: f64,
    pub defender_men: f64,
    pub attacker_losses: f64,
    pub defender_losses: f64,
    pub winner: Side,
    /// Whether the defender was warned (an ambush) or surprised.
    pub warned: bool,
    /// Whether the loser routed (as opposed to breaking off in order).
    pub rout: bool,
}

impl Engagement {
    /// An engagement between `forces` (attacker, defender) with `men` engaged on each side, as
    /// `result` resolved it; `attacker_side` tells who won from whether the attacker did.
    pub fn resolved(
        kind: EngagementKind,
        forces: [ForceId; 2],
        men: [f64; 2],
        result: &crate::combat::Result,
        attacker_side: Side,
        warned: bool,
    ) -> Engagement {
        let other = match attacker_side {
            Side::Song => Side::Jin,
            Side::Jin => Side::Song,
        };
        Engagement {
            kind,
            attacker: forces[0],
            defender: forces[1],
            attacker_men: men[0],
            defender_men: men[1],
            attacker_losses: result.attacker_losses,
            defender_losses: result.defender_losses,
            winner: if result.attacker_won {
                attacker_side
            } else {
                other
            },
            warned,
            rout: result.rout,
        }
    }
}

/// How the court answered a crowd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrowdAnswer {
    Conceded,
    Dispersed,
}

/// Something that happened on a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Happening {
    JinCrossingBegins,
    JinCrossed,
    Investment,
    Fight(Engagement),
    DemandLetter,
    HostageSent {
        person: PersonId,
    },
    HostageReturned {
        person: PersonId,
    },
    TermsAccepted,
    PeaceOath,
    DemandDropped,
    IndemnityRaised {
        gold: f64,
        silver: f64,
    },
    ReliefArrives {
        force: ForceId,
        men: f64,
    },
    ReliefCamps,
    InvestmentLifted,
    Snow,
    RaidPlanned {
        for_day: u16,
        coordinated: bool,
    },
    NightRaid {
        coordinated: bool,
        informed: bool,
    },
    Reinvestment,
    Dismissal {
        person: PersonId,
    },
    Uprising {
        crowd: f64,
    },
    CrowdAnswered {
        answer: CrowdAnswer,
    },
    Restoration {
        person: PersonId,
    },
    WithdrawalBegins {
        with_terms: bool,
    },
    JinCrossedNorth,
    PursuitOrdered {
        men: f64,
    },
    PursuitRecalled,
    PursuitEnds,
    WesternMutiny {
        place: PlaceId,
    },
    WesternAdvance {
        place: PlaceId,
    },
    WesternNews {
        place: PlaceId,
        days_late: u16,
    },
    PlacesReturned,
    /// A recorded event with no effect in the model.
    Note,
    CityTaken,
    Capitulation,
    EasternArmyBroken,
}

/// A dated happening. `recorded` names the scenario event it reproduces in history mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Event {
    /// Days since the scenario's start.
    pub day: u16,
    pub what: Happening,
    /// Index into the scenario's `[[event]]` table when the record imposed this event.
    pub recorded: Option<u16>,
}

/// The events the validation and the ensembles track by their first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyEvent {
    NightRaid,
    RaidFails,
    Dismissal,
    Uprising,
    Restoration,
    Withdrawal,
    CrossedNorth,
    PursuitOrdered,
    PursuitRecalled,
}

impl KeyEvent {
    pub const ALL: [KeyEvent; 9] = [
        KeyEvent::NightRaid,
        KeyEvent::RaidFails,
        KeyEvent::Dismissal,
        KeyEvent::Uprising,
        KeyEvent::Restoration,
        KeyEvent::Withdrawal,
        KeyEvent::CrossedNorth,
        KeyEvent::PursuitOrdered,
        KeyEvent::PursuitRecalled,
    ];

    /// A stable name for output and tables.
    pub fn name(self) -> &'static str {
        match self {
            KeyEvent::NightRaid => "night-raid",
            KeyEvent::RaidFails => "raid-fails",
            KeyEvent::Dismissal => "dismissal",
            KeyEvent::Uprising => "uprising",
            KeyEvent::Restoration => "restoration",
            KeyEvent::Withdrawal => "withdrawal",
            KeyEvent::CrossedNorth => "crossed-north",
            KeyEvent::PursuitOrdered => "pursuit-ordered",
            KeyEvent::PursuitRecalled => "pursuit-recalled",
        }
    }

    /// The key event a happening marks, if any.
    pub fn of(what: &Happening) -> Option<KeyEvent> {
        Some(match what {
            Happening::NightRaid { .. } => KeyEvent::NightRaid,
            Happening::Fight(e) if e.kind == EngagementKind::NightRaid && e.winner == Side::Jin => {
                KeyEvent::RaidFails
            }
            Happening::Dismissal { .. } => KeyEvent::Dismissal,
            Happening::Uprising { .. } => KeyEvent::Uprising,
            Happening::Restoration { .. } => KeyEvent::Restoration,
            Happening::WithdrawalBegins { .. } => KeyEvent::Withdrawal,
            Happening::JinCrossedNorth => KeyEvent::CrossedNorth,
            Happening::PursuitOrdered { .. } => KeyEvent::PursuitOrdered,
            Happening::PursuitRecalled => KeyEvent::PursuitRecalled,
            _ => return None,
        })
    }
}

/// Receives the events of a run as they happen. The chronicle keeps them all; an ensemble keeps only
/// what it aggregates, so the hot path formats no text and allocates nothing per day.
pub trait Observer {
    fn event(&mut self, event: &Event);
}

/// An observer that keeps every event.
impl Observer for Vec<Event> {
    fn event(&mut self, event: &Event) {
        self.push(*event);
    }
}

/// An observer that keeps nothing.
impl Observer for () {
    fn event(&mut self, _: &Event) {}
}
