//! What an ensemble says, computed from an [`Aggregate`]: probabilities with Wilson intervals,
//! means and quantiles, and for each what-if its paired differences from the factual runs.
//!
//! Every number is computed from the aggregate's integers in a fixed order, so a report serializes to
//! the same JSON bytes whatever the thread count or shard split that produced the aggregate.

use bianjing_engine::{Category, KeyEvent};
use serde::Serialize;

use crate::aggregate::{Aggregate, ArmStats, PairedStats, Table2};
use crate::measure::Measure;
use crate::stats::{
    Difference, Z95, day_quantile, hist_quantile, mean, paired_mean, paired_proportion, variance,
    wilson,
};

/// The quantiles reported: 5, 25, 50, 75 and 95%.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// A proportion with its 95% Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proportion {
    pub name: String,
    pub count: u64,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Proportion {
    fn of(name: &str, count: u64, n: u64) -> Proportion {
        let (lo, hi) = wilson(count, n, Z95);
        Proportion {
            name: name.to_string(),
            count,
            p: if n == 0 { 0.0 } else { count as f64 / n as f64 },
            lo,
            hi,
        }
    }
}

/// A key event: how often it happened, and the quantiles of its first day (day indices).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSummary {
    pub name: String,
    pub count: u64,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
    /// Mean first day over the runs in which it happened.
    pub mean_day: Option<f64>,
    /// Day indices at the [`QUANTILES`], over the runs in which it happened.
    pub days: Option<[u16; 5]>,
}

/// A measure: mean, standard deviation and quantiles, in natural units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureSummary {
    pub name: String,
    pub unit: String,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// At the [`QUANTILES`].
    pub quantiles: Option<[f64; 5]>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// One arm's summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmReport {
    pub name: String,
    pub runs: u64,
    /// In [`Category::ALL`] order.
    pub categories: Vec<Proportion>,
    /// The whole recorded sequence in order (see [`crate::in_sequence`]).
    pub sequence: Proportion,
    /// In [`KeyEvent::ALL`] order.
    pub events: Vec<EventSummary>,
    /// In [`Measure::ALL`] order.
    pub measures: Vec<MeasureSummary>,
}

/// A paired difference: the factual and what-if values and their difference with intervals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffRow {
    pub name: String,
    pub factual: f64,
    pub arm: f64,
    #[serde(flatten)]
    pub difference: Difference,
}

/// A what-if against its paired factual runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub arm: String,
    /// First free day of the paired factual runs (`65535`: history kept throughout).
    pub factual_free_from: u16,
    pub pairs: u64,
    /// Differences of category probabilities (Newcombe's score interval for paired proportions).
    pub categories: Vec<DiffRow>,
    /// Differences of key-event probabilities.
    pub events: Vec<DiffRow>,
    pub sequence: DiffRow,
    /// Differences of measure means.
    pub measures: Vec<DiffRow>,
}

/// The report of an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub seed: u64,
    pub runs_planned: u64,
    pub runs_covered: u64,
    pub complete: bool,
    /// Confidence level of every interval.
    pub confidence: f64,
    pub arms: Vec<ArmReport>,
    /// One per arm after the first.
    pub comparisons: Vec<Comparison>,
}

fn arm_report(agg: &Aggregate, a: &ArmStats) -> ArmReport {
    let n = a.runs;
    let categories = Category::ALL
        .iter()
        .zip(&a.categories)
        .map(|(c, &k)| Proportion::of(c.name(), k, n))
        .collect();
    let events = a
        .events
        .iter()
        .map(|e| {
            let p = Proportion::of(&e.event, e.occurred, n);
            let day_sum: u64 = e.days.iter().enumerate().map(|(d, &c)| d as u64 * c).sum();
            let days =
                (e.occurred > 0).then(|| QUANTILES.map(|q| day_quantile(q, &e.days).unwrap_or(0)));
            EventSummary {
                name: p.name,
                count: p.count,
                p: p.p,
                lo: p.lo,
                hi: p.hi,
                mean_day: (e.occurred > 0).then(|| day_sum as f64 / e.occurred as f64),
                days,
            }
        })
        .collect();
    let measures = Measure::ALL
        .iter()
        .zip(&a.measures)
        .zip(&agg.grids)
        .map(|((&m, s), g)| {
            let scale = g.scale as f64;
            let quantiles = (n > 0)
                .then(|| QUANTILES.map(|q| hist_quantile(q, &g.grid, s).unwrap_or(0.0) / scale));
            MeasureSummary {
                name: m.name().to_string(),
                unit: m.unit().to_string(),
                mean: mean(s.sum, n, g.scale),
                sd: variance(s.sum, s.sum_sq, n, g.scale).map(f64::sqrt),
                quantiles,
                min: s.min.map(|v| v as f64 / scale),
                max: s.max.map(|v| v as f64 / scale),
            }
        })
        .collect();
    ArmReport {
        name: a.name.clone(),
        runs: n,
        categories,
        sequence: Proportion::of("whole-sequence", a.sequence, n),
        events,
        measures,
    }
}

fn diff_of_table(name: &str, t: &Table2) -> Option<DiffRow> {
    let n = t.n();
    let d = paired_proportion(
        n,
        t.factual_yes(),
        t.arm_yes(),
        t.factual_only,
        t.arm_only,
        Z95,
    )?;
    Some(DiffRow {
        name: name.to_string(),
        factual: t.factual_yes() as f64 / n as f64,
        arm: t.arm_yes() as f64 / n as f64,
        difference: d,
    })
}

fn zero_row(name: &str) -> DiffRow {
    DiffRow {
        name: name.to_string(),
        factual: 0.0,
        arm: 0.0,
        difference: Difference {
            diff: 0.0,
            lo: 0.0,
            hi: 0.0,
            paired_half_width: 0.0,
            unpaired_half_width: 0.0,
        },
    }
}

fn comparison(agg: &Aggregate, arm: &ArmStats, p: &PairedStats) -> Comparison {
    let n = p.pairs;
    let table = |name: &str, t: &Table2| diff_of_table(name, t).unwrap_or_else(|| zero_row(name));
    let categories = Category::ALL
        .iter()
        .zip(&p.categories)
        .map(|(c, t)| table(c.name(), t))
        .collect();
    let events = KeyEvent::ALL
        .iter()
        .zip(&p.events)
        .map(|(k, t)| table(k.name(), t))
        .collect();
    let measures = p
        .measures
        .iter()
        .zip(&arm.measures)
        .zip(&agg.grids)
        .map(|((pm, am), g)| {
            let var_arm = variance(am.sum, am.sum_sq, arm.runs, g.scale).unwrap_or(0.0);
            let var_f = variance(pm.factual_sum, pm.factual_sum_sq, n, g.scale).unwrap_or(0.0);
            match paired_mean(n, pm.diff_sum, pm.diff_sum_sq, g.scale, var_arm, var_f, Z95) {
                Some(d) => DiffRow {
                    name: pm.measure.clone(),
                    factual: mean(pm.factual_sum, n, g.scale).unwrap_or(0.0),
                    arm: mean(am.sum, arm.runs, g.scale).unwrap_or(0.0),
                    difference: d,
                },
                None => zero_row(&pm.measure),
            }
        })
        .collect();
    Comparison {
        arm: p.arm.clone(),
        factual_free_from: p.factual_free_from,
        pairs: n,
        categories,
        events,
        sequence: table("whole-sequence", &p.sequence),
        measures,
    }
}

impl Report {
    /// The report of an aggregate (complete or not: `complete` says which).
    pub fn new(agg: &Aggregate) -> Report {
        Report {
            seed: agg.seed,
            runs_planned: agg.runs_planned,
            runs_covered: agg.runs_covered(),
            complete: agg.complete(),
            confidence: 0.95,
            arms: agg.arms.iter().map(|a| arm_report(agg, a)).collect(),
            comparisons: agg
                .paired
                .iter()
                .zip(agg.arms.iter().skip(1))
                .map(|(p, a)| comparison(agg, a, p))
                .collect(),
        }
    }

    /// The report as JSON (pretty): the same aggregate gives the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The report as aligned text tables. `date` turns a day index into the text shown for it (the
    /// front end gives lunar and Julian dates; `|d| d.to_string()` shows day indices).
    pub fn render(&self, date: &dyn Fn(u16) -> String) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "Ensemble of {} runs from seed {}{}; intervals at {:.0}%.\n",
            self.runs_covered,
            self.seed,
            if self.complete {
                String::new()
            } else {
                format!(" (partial: {} planned)", self.runs_planned)
            },
            self.confidence * 100.0
        ));
        for a in &self.arms {
            out.push_str(&format!("\n== {} ({} runs) ==\n\n", a.name, a.runs));
            let mut rows: Vec<Vec<String>> = a
                .categories
                .iter()
                .chain(std::iter::once(&a.sequence))
                .map(|p| {
                    vec![
                        p.name.clone(),
                        format!("{:.3}", p.p),
                        format!("[{:.3}, {:.3}]", p.lo, p.hi),
                    ]
                })
                .collect();
            out.push_str(&table(&["outcome", "p", "95% CI"], &mut rows));
            out.push('\n');
            let mut rows: Vec<Vec<String>> = a
                .events
                .iter()
                .map(|e| {
                    let mut r = vec![
                        e.name.clone(),
                        format!("{:.3}", e.p),
                        format!("[{:.3}, {:.3}]", e.lo, e.hi),
                    ];
                    match e.days {
                        Some(ds) => r.extend(ds.iter().map(|&d| date(d))),
                        None => r.extend((0..5).map(|_| "-".to_string())),
                    }
                    r
                })
                .collect();
            out.push_str(&table(
                &["event", "p", "95% CI", "5%", "25%", "median", "75%", "95%"],
                &mut rows,
            ));
            out.push('\n');
            let mut rows: Vec<Vec<String>> = a
                .measures
                .iter()
                .map(|m| {
                    let mut r = vec![
                        m.name.clone(),
                        m.unit.clone(),
                        m.mean.map_or("-".into(), num),
                    ];
                    match m.quantiles {
                        Some(q) => r.extend(q.iter().map(|&v| num(v))),
                        None => r.extend((0..5).map(|_| "-".to_string())),
                    }
                    r
                })
                .collect();
            out.push_str(&table(
                &[
                    "measure", "unit", "mean", "5%", "25%", "median", "75%", "95%",
                ],
                &mut rows,
            ));
        }
        for c in &self.comparisons {
            let from = if c.factual_free_from == u16::MAX {
                "history throughout".to_string()
            } else if c.factual_free_from == 0 {
                "free from the start".to_string()
            } else {
                format!("history to {}, free after", date(c.factual_free_from))
            };
            out.push_str(&format!(
                "\n== {} against the factual runs ({from}; {} pairs) ==\n\n",
                c.arm, c.pairs
            ));
            let mut rows: Vec<Vec<String>> = c
                .categories
                .iter()
                .chain(&c.events)
                .chain(std::iter::once(&c.sequence))
                .map(|r| {
                    vec![
                        r.name.clone(),
                        format!("{:.3}", r.factual),
                        format!("{:.3}", r.arm),
                        format!("{:+.3}", r.difference.diff),
                        format!("[{:+.3}, {:+.3}]", r.difference.lo, r.difference.hi),
                        format!("{:.3}", r.difference.unpaired_half_width),
                    ]
                })
                .collect();
            out.push_str(&table(
                &[
                    "probability",
                    "factual",
                    "what-if",
                    "difference",
                    "paired 95% CI",
                    "unpaired ±",
                ],
                &mut rows,
            ));
            out.push('\n');
            let mut rows: Vec<Vec<String>> = c
                .measures
                .iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        num(r.factual),
                        num(r.arm),
                        signed(r.difference.diff),
                        format!("[{}, {}]", signed(r.difference.lo), signed(r.difference.hi)),
                        num(r.difference.unpaired_half_width),
                    ]
                })
                .collect();
            out.push_str(&table(
                &[
                    "mean",
                    "factual",
                    "what-if",
                    "difference",
                    "paired 95% CI",
                    "unpaired ±",
                ],
                &mut rows,
            ));
        }
        out
    }
}

fn num(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

fn signed(v: f64) -> String {
    let s = num(v);
    if v >= 0.0 { format!("+{s}") } else { s }
}

/// Aligned columns: the first left-aligned, the others right-aligned.
fn table(headers: &[&str], rows: &mut [Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows.iter() {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (c, w)) in cells.zip(&widths).enumerate() {
            let pad = w - c.chars().count();
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut out, &mut headers.iter().copied());
    for r in rows.iter() {
        line(&mut out, &mut r.iter().map(String::as_str));
    }
    out
}
