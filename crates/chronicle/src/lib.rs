//! A run told in words.
//!
//! The engine reports events as small values with indices; this crate gives them dates as historians
//! write them (the lunar date with its day name, and the Julian date), names for the persons, places and
//! forces, plain-words text, and the source tags of recorded events. It builds a [`Chronicle`] that
//! renders as text lines or serializes to JSON. It runs no model and does no I/O.

mod narrate;
mod text;

use bianjing_calendar::{Calendar, Jdn};
use bianjing_engine::{Event, Outcome, Setup};
use bianjing_scenario::model::ScenarioFile;
use serde::Serialize;

pub use narrate::{describe_outcome, thousands};

/// Dates of one day in every form a reader needs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dates {
    /// Julian calendar date, `YYYY-MM-DD`.
    pub julian: String,
    /// Proleptic Gregorian date, `YYYY-MM-DD`.
    pub gregorian: String,
    /// Lunar date, short form (`JK1 1/16`).
    pub lunar: String,
    /// Lunar date in words (`Jingkang 1, 1st month, 16th day`).
    pub lunar_long: String,
    /// Lunar date in Chinese (`靖康元年正月十六日`).
    pub lunar_chinese: String,
    /// The day's sexagenary name (`甲子`) and its pinyin.
    pub day_name: String,
    pub day_name_pinyin: String,
    pub jdn: i64,
}

impl Dates {
    pub fn of(calendar: &Calendar, jdn: Jdn) -> Dates {
        let (lunar, lunar_long, lunar_chinese) = match calendar.to_lunar(jdn) {
            Ok(d) => (
                calendar.format_short(&d),
                calendar.format_long(&d),
                calendar.format_chinese(&d),
            ),
            // Outside the table: say so rather than invent a date.
            Err(_) => (
                "(outside the calendar table)".into(),
                String::new(),
                String::new(),
            ),
        };
        let s = jdn.sexagenary();
        Dates {
            julian: jdn.to_julian().to_string(),
            gregorian: jdn.to_gregorian().to_string(),
            lunar,
            lunar_long,
            lunar_chinese,
            day_name: s.chinese(),
            day_name_pinyin: s.pinyin(),
            jdn: jdn.0,
        }
    }
}

/// One line of the chronicle.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    /// Days since the scenario's start.
    pub day: u16,
    #[serde(flatten)]
    pub dates: Dates,
    /// What kind of event (kebab-case), e.g. `night-raid`.
    pub kind: String,
    /// What happened, in plain words.
    pub text: String,
    pub persons: Vec<String>,
    pub places: Vec<String>,
    /// Citations of a recorded event (`essay:11`, `SS23`); empty for what the model made happen.
    pub sources: Vec<String>,
    /// The scenario event this reproduces, when the record imposed it.
    pub recorded: Option<String>,
}

/// A run's chronicle and outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Chronicle {
    pub scenario: String,
    pub mode: String,
    pub record: String,
    pub seed: u64,
    pub what_ifs: Vec<String>,
    pub events: Vec<Entry>,
    pub outcome: narrate::OutcomeReport,
}

/// How the run was made, for the chronicle's header.
#[derive(Debug, Clone, Default)]
pub struct RunLabel {
    pub mode: String,
    pub record: String,
    pub seed: u64,
    pub what_ifs: Vec<String>,
}

impl Chronicle {
    /// Tells `events` and `outcome` of a run of `setup`, built from `file` with `calendar`.
    pub fn tell(
        file: &ScenarioFile,
        calendar: &Calendar,
        setup: &Setup,
        label: RunLabel,
        events: &[Event],
        outcome: &Outcome,
    ) -> Chronicle {
        let n = narrate::Narrator {
            file,
            calendar,
            setup,
        };
        Chronicle {
            scenario: file.scenario.title.clone(),
            mode: label.mode,
            record: label.record,
            seed: label.seed,
            what_ifs: label.what_ifs,
            events: events.iter().map(|e| n.entry(e)).collect(),
            outcome: n.outcome(outcome),
        }
    }

    /// The chronicle as text: a header, one line per event, then the outcome.
    pub fn render(&self) -> String {
        text::render(self)
    }
}
