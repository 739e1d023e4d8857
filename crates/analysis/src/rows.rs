//! One tidy row per run, for pandas, polars or R: `--runs-out FILE.csv` or `.jsonl`.
//!
//! Columns, in order: `seed`, `run`, `what_if`, one column per parameter (named as in
//! [`PARAM_NAMES`]), `category`, one per measure (named as in [`Measure::name`], natural units), one
//! per key event `day_<event>` (day index of its first occurrence; empty in CSV and `null` in JSON if
//! it did not happen). The JSON object of a row has the same keys in the same order.

use std::ops::Range;

use bianjing_engine::{KeyEvent, PARAM_NAMES, Setup, Simulation};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::measure::Measure;
use crate::source::ParamSource;
use crate::spec::Arm;

/// A run's row.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub seed: u64,
    pub run: u64,
    /// The arm's name.
    pub what_if: String,
    /// The run's parameter values, in [`PARAM_NAMES`] order (drawn per run unless the source is
    /// fixed).
    pub params: Vec<f64>,
    pub category: &'static str,
    /// In [`Measure::ALL`] order, natural units.
    pub measures: [f64; Measure::ALL.len()],
    /// In [`KeyEvent::ALL`] order.
    pub key_days: [Option<u16>; KeyEvent::ALL.len()],
}

/// The rows of runs `range` of `arm` from `seed`, each with the parameters `source` draws for it,
/// run lazily one at a time.
pub fn run_rows<'a>(
    setup: &'a Setup,
    seed: u64,
    source: &'a ParamSource,
    arm: &'a Arm,
    range: Range<u64>,
) -> impl Iterator<Item = RunRow> + 'a {
    range.map(move |run| {
        let p = source.params_for(&arm.params, &arm.pinned, seed, run);
        let o = Simulation::new(setup, &p, &arm.script, seed, run).run(&mut ());
        RunRow {
            seed,
            run,
            what_if: arm.name.clone(),
            params: PARAM_NAMES
                .iter()
                .map(|n| p.get(n).unwrap_or(f64::NAN))
                .collect(),
            category: o.category.name(),
            measures: Measure::ALL.map(|m| m.value(&o)),
            key_days: o.key_days,
        }
    })
}

fn event_column(k: KeyEvent) -> String {
    format!("day_{}", k.name())
}

/// Quotes a CSV field per RFC 4180 when it holds a comma, a quote, or a line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl RunRow {
    /// The column names, in order.
    pub fn columns() -> Vec<String> {
        let mut c = vec!["seed".to_string(), "run".to_string(), "what_if".to_string()];
        c.extend(PARAM_NAMES.iter().map(|s| s.to_string()));
        c.push("category".to_string());
        c.extend(Measure::ALL.iter().map(|m| m.name().to_string()));
        c.extend(KeyEvent::ALL.iter().map(|&k| event_column(k)));
        c
    }

    /// The CSV header line (no line ending).
    pub fn csv_header() -> String {
        Self::columns()
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The row as a CSV line (no line ending), fields quoted per RFC 4180 where needed.
    pub fn to_csv_line(&self) -> String {
        let mut f: Vec<String> = vec![
            self.seed.to_string(),
            self.run.to_string(),
            csv_field(&self.what_if),
        ];
        f.extend(self.params.iter().map(|v| v.to_string()));
        f.push(csv_field(self.category));
        f.extend(self.measures.iter().map(|v| v.to_string()));
        f.extend(
            self.key_days
                .iter()
                .map(|d| d.map_or(String::new(), |d| d.to_string())),
        );
        f.join(",")
    }

    /// The row as one line of JSON (for JSON lines).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a row always serializes")
    }
}

impl Serialize for RunRow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(Self::columns().len()))?;
        m.serialize_entry("seed", &self.seed)?;
        m.serialize_entry("run", &self.run)?;
        m.serialize_entry("what_if", &self.what_if)?;
        for (n, v) in PARAM_NAMES.iter().zip(&self.params) {
            m.serialize_entry(n, v)?;
        }
        m.serialize_entry("category", self.category)?;
        for (k, v) in Measure::ALL.iter().zip(&self.measures) {
            m.serialize_entry(k.name(), v)?;
        }
        for (&k, d) in KeyEvent::ALL.iter().zip(&self.key_days) {
            m.serialize_entry(&event_column(k), d)?;
        }
        m.end()
    }
}
