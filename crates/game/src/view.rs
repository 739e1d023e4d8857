//! What a front end shows: plain, serializable data, the same for the terminal and a web page.

use bianjing_chronicle::{Chronicle, Dates, Entry};
use serde::Serialize;

use crate::game::Choice;

/// The game as the emperor sees it this morning.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub title: String,
    /// The scenario's emperor and war leader, by name (the roles the decisions turn on).
    pub emperor: String,
    pub war_leader: String,
    pub seed: u64,
    pub what_ifs: Vec<String>,
    /// Days since the scenario's start.
    pub day: u16,
    pub date: Dates,
    pub finished: bool,
    pub map: MapView,
    /// What the court has heard of, dated; the western army's moves only once the end reveals them.
    pub chronicle: Vec<Entry>,
    pub knowledge: KnowledgeView,
    /// The decision waiting for an answer.
    pub pending: Option<DecisionView>,
    pub choices: Vec<Choice>,
}

/// The theatre: places with coordinates, roads, and the forces where they stand.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub places: Vec<MapPlace>,
    /// Pairs of place ids.
    pub roads: Vec<(String, String)>,
    pub forces: Vec<MapForce>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapPlace {
    pub id: String,
    pub name: String,
    /// `capital`, `gate`, `camp`, `crossing`, `prefecture`, `town`, ...
    pub kind: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapForce {
    pub id: String,
    pub name: String,
    /// `song` or `jin`.
    pub side: String,
    /// `waiting`, `marching`, `at-capital` or `away`.
    pub posture: String,
    /// Men, as the court believes them (the Jin through the day's estimate).
    pub men: f64,
    pub lon: f64,
    pub lat: f64,
}

/// What the emperor knows of the armies, the city, the treasury and the court.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeView {
    pub estimates: Vec<Estimate>,
    /// Reports from the west, as they arrived, with their delay.
    pub news: Vec<Heard>,
    /// The latest rumours, newest first; some are false.
    pub rumours: Vec<Heard>,
}

/// One estimate with its uncertainty.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// `armies`, `city`, `treasury` or `court`.
    pub topic: String,
    pub label: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub unit: String,
    /// Where the estimate comes from.
    pub note: String,
}

/// A report or a rumour.
#[derive(Debug, Clone, Serialize)]
pub struct Heard {
    pub day: u16,
    pub dates: Dates,
    pub text: String,
    /// `news` or `rumour`.
    pub kind: String,
}

/// A decision put to the player.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub title: String,
    pub situation: String,
    /// Why the choice is hard.
    pub why_hard: String,
    pub sources: Vec<String>,
    pub options: Vec<OptionView>,
    pub advisors: Vec<AdvisorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    /// What it does in the model, in plain words.
    pub effect: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AdvisorView {
    /// The scenario person's id.
    pub person: String,
    pub name: String,
    pub says: String,
    pub sources: Vec<String>,
    /// A reconstruction from the person's recorded position, not a quotation.
    pub reconstruction: bool,
}

/// The end: the player's outcome beside the record and beside what usually happens.
#[derive(Debug, Clone, Serialize)]
pub struct EndSummary {
    /// This game, told in full (the western army's moves included), with its outcome.
    pub game: Chronicle,
    /// The recorded history, replayed, with its outcome.
    pub recorded: Chronicle,
    /// Outcome categories, then key events, with their share of free runs from the same start.
    pub usually: Vec<Share>,
    pub runs: u64,
    pub turning_points: Vec<TurningPoint>,
}

/// How many of [`EndSummary::usually`]'s shares are outcome categories (the rest are key events).
pub const OUTCOME_CATEGORIES: usize = bianjing_engine::Category::ALL.len();

/// A share of the ensemble's runs with its 95% Wilson interval.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub name: String,
    pub text: String,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
}

/// A moment that decided this game: a choice of the player's, or a key event.
#[derive(Debug, Clone, Serialize)]
pub struct TurningPoint {
    pub day: u16,
    pub dates: Dates,
    /// The player's own choice.
    pub yours: bool,
    pub text: String,
}
