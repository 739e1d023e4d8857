//! Free runs against the record: how often each recorded key event of the essay happens, when,
//! against its recorded date, and how often the whole recorded sequence happens in order.
//!
//! The targets (PRODUCT.md, "Validation targets"): each recorded event occurs in most runs
//! (probability at least 0.5) and its recorded date falls inside the central 90% of simulated dates
//! (`q05 <= recorded <= q95`).

use bianjing_engine::{KeyEvent, Record, Setup};
use bianjing_scenario::model::EventKind;
use serde::Serialize;

use crate::aggregate::Aggregate;
use crate::stats::{Z95, day_quantile, wilson};

/// One recorded key event against the free runs. Days are day indices (`setup.jdn(day)` gives the
/// Julian Day Number).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventCheck {
    pub name: String,
    /// Share of the runs in which it happened, with its 95% Wilson interval.
    pub probability: f64,
    pub probability_lo: f64,
    pub probability_hi: f64,
    /// The essay's day for it; `None` if the scenario records no such event.
    pub recorded_day: Option<i32>,
    pub q05_day: Option<u16>,
    pub q50_day: Option<u16>,
    pub q95_day: Option<u16>,
    /// Probability at least 0.5 and `q05 <= recorded <= q95`.
    pub meets_target: bool,
}

/// The validation table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    pub runs: u64,
    /// Share of runs with the whole recorded sequence in order (raid fails, dismissal, uprising,
    /// restoration, withdrawal, crossing, recall).
    pub sequence_probability: f64,
    pub sequence_lo: f64,
    pub sequence_hi: f64,
    /// Recorded key events, in [`KeyEvent::ALL`] order (those the scenario does not record left out).
    pub events: Vec<EventCheck>,
    /// Whether every event meets its target.
    pub all_met: bool,
}

/// The scenario's event kind recording a key event. Both the raid and its failure are dated by the
/// recorded night raid.
pub fn recorded_kind(k: KeyEvent) -> EventKind {
    match k {
        KeyEvent::NightRaid | KeyEvent::RaidFails => EventKind::NightRaid,
        KeyEvent::Dismissal => EventKind::Dismissal,
        KeyEvent::Uprising => EventKind::Uprising,
        KeyEvent::Restoration => EventKind::Restoration,
        KeyEvent::Withdrawal => EventKind::WithdrawalBegins,
        KeyEvent::CrossedNorth => EventKind::JinCrossedNorth,
        KeyEvent::PursuitOrdered => EventKind::PursuitOrdered,
        KeyEvent::PursuitRecalled => EventKind::PursuitRecalled,
    }
}

/// The essay's day of a key event: the first scenario event of its kind with a date in the essay.
pub fn recorded_day(setup: &Setup, k: KeyEvent) -> Option<i32> {
    let kind = recorded_kind(k);
    setup
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == kind)
        .find_map(|(i, _)| setup.event_day(i, Record::Essay))
}

/// Validates the factual arm (arm 0) of `agg`, which should be a free-mode ensemble.
pub fn validate(setup: &Setup, agg: &Aggregate) -> Validation {
    let arm = &agg.arms[0];
    let n = arm.runs;
    let share = |k: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let mut events = Vec::new();
    for (&k, e) in KeyEvent::ALL.iter().zip(&arm.events) {
        let Some(recorded) = recorded_day(setup, k) else {
            continue;
        };
        let p = share(e.occurred);
        let (lo, hi) = wilson(e.occurred, n, Z95);
        let q05 = day_quantile(0.05, &e.days);
        let q50 = day_quantile(0.5, &e.days);
        let q95 = day_quantile(0.95, &e.days);
        let inside = matches!((q05, q95), (Some(a), Some(b))
            if i32::from(a) <= recorded && recorded <= i32::from(b));
        events.push(EventCheck {
            name: k.name().to_string(),
            probability: p,
            probability_lo: lo,
            probability_hi: hi,
            recorded_day: Some(recorded),
            q05_day: q05,
            q50_day: q50,
            q95_day: q95,
            meets_target: p >= 0.5 && inside,
        });
    }
    let (sequence_lo, sequence_hi) = wilson(arm.sequence, n, Z95);
    Validation {
        runs: n,
        sequence_probability: share(arm.sequence),
        sequence_lo,
        sequence_hi,
        all_met: events.iter().all(|e| e.meets_target),
        events,
    }
}

impl Validation {
    /// The table as aligned text; `date` shows a day index (negative days are before the start).
    pub fn render(&self, date: &dyn Fn(i32) -> String) -> String {
        let mut out = format!(
            "Validation against the record: {} free runs.\n\n{:<18} {:>6} {:>16} {:>12} {:>12} {:>12} {:>12}  target\n",
            self.runs, "event", "p", "95% CI", "recorded", "5%", "median", "95%"
        );
        let d = |v: Option<u16>| v.map_or("-".to_string(), |v| date(i32::from(v)));
        for e in &self.events {
            out.push_str(&format!(
                "{:<18} {:>6.3} {:>16} {:>12} {:>12} {:>12} {:>12}  {}\n",
                e.name,
                e.probability,
                format!("[{:.3}, {:.3}]", e.probability_lo, e.probability_hi),
                e.recorded_day.map_or("-".to_string(), date),
                d(e.q05_day),
                d(e.q50_day),
                d(e.q95_day),
                if e.meets_target { "met" } else { "not met" }
            ));
        }
        out.push_str(&format!(
            "\nwhole recorded sequence in order: {:.3} [{:.3}, {:.3}]\n",
            self.sequence_probability, self.sequence_lo, self.sequence_hi
        ));
        out
    }
}
