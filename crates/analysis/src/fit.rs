//! The siege as a model to calibrate: free runs summarised by what the record can check.
//!
//! **Summary statistics** ([`Target`]), each read from the scenario, never from code:
//! - for every key event with a date in the essay, the day it first happens (missing if it does not);
//! - the figures the sources give that a run also produces: the gold and silver handed over (against
//!   the last amount the scenario records as raised for the gold and silver demands), and the largest
//!   crowd (against the default version of the fact `crowd`).
//!
//! **Distance**: the mean over the targets of a term in [0, 1]. A date's term is
//! `min(|simulated - recorded| / DAY_SCALE, 1)`, and 1 if the event did not happen; a figure's term is
//! `min(|ln((simulated + 1) / (recorded + 1))| / ln FIGURE_FACTOR, 1)`. So a perfect match scores 0,
//! and a run that misses every event scores at least the events' share of the targets.

use bianjing_calibration::{Bounds, Model};
use bianjing_engine::{KeyEvent, Mode, Params, RunConfig, Script, Setup, Simulation};
use bianjing_scenario::model::{Metal, ScenarioFile};
use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use crate::measure::Measure;
use crate::source::uncertain;
use crate::validate::recorded_day;

/// Modelling assumption: a date this many days off the record counts as a full miss (plausible 5-20:
/// narrower than the spread of the sources' own dates is too strict, wider than a lunar half-month
/// says nothing).
pub const DAY_SCALE: f64 = 10.0;
/// Modelling assumption: a figure off the record by this factor counts as a full miss (plausible
/// 2-10: the sources' figures are round numbers that disagree by factors of 2 to 10, e.g. the crowd).
pub const FIGURE_FACTOR: f64 = 3.0;

/// One summary statistic and what the record says of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The first day of a key event against its recorded day.
    Day { event: KeyEvent, recorded: i32 },
    /// A measure against a figure of the sources.
    Figure {
        measure: Measure,
        recorded: f64,
        /// Where the figure comes from in the scenario, e.g. `demand gold, raised by JK1 1/20`.
        from: String,
    },
}

impl Target {
    /// A short name for tables.
    pub fn name(&self) -> String {
        match self {
            Target::Day { event, .. } => format!("day of {}", event.name()),
            Target::Figure { measure, .. } => measure.name().to_string(),
        }
    }
}

/// The siege as a model for ABC: free runs of the factual configuration with the uncertain
/// parameters set from `theta`.
pub struct SiegeFit<'a> {
    setup: &'a Setup,
    script: Script,
    base: Params,
    names: Vec<String>,
    bounds: Vec<Bounds>,
    pub targets: Vec<Target>,
    /// Runs per simulation: the distance is the mean of their distances, so a parameter set is judged
    /// by how it usually plays out, not by one lucky run.
    replicates: usize,
}

/// The record's targets in `file` and `setup`.
pub fn targets(setup: &Setup, file: &ScenarioFile) -> Vec<Target> {
    let mut t: Vec<Target> = KeyEvent::ALL
        .iter()
        .filter_map(|&event| {
            recorded_day(setup, event).map(|recorded| Target::Day { event, recorded })
        })
        .collect();
    for (metal, measure) in [
        (Metal::Gold, Measure::GoldDelivered),
        (Metal::Silver, Measure::SilverDelivered),
    ] {
        if let Some((d, r)) = file
            .demand
            .iter()
            .filter(|d| d.metal == Some(metal))
            .find_map(|d| d.raised.last().map(|r| (d, r)))
        {
            t.push(Target::Figure {
                measure,
                recorded: r.amount,
                from: format!("demand {}, raised by {}", d.id, r.by),
            });
        }
    }
    if let Some(v) = file
        .fact
        .iter()
        .find(|f| f.id == "crowd")
        .and_then(|f| f.value.iter().find(|v| v.default).or(f.value.first()))
    {
        t.push(Target::Figure {
            measure: Measure::CrowdPeak,
            recorded: v.value,
            from: "fact crowd".into(),
        });
    }
    t
}

impl<'a> SiegeFit<'a> {
    /// The model over `setup`'s uncertain parameters, free mode, targets from `file`.
    pub fn new(setup: &'a Setup, file: &ScenarioFile) -> SiegeFit<'a> {
        let free = RunConfig {
            mode: Mode::Free,
            ..RunConfig::default()
        };
        let script = Script::compile(setup, &free).expect("free mode without what-ifs compiles");
        let space = uncertain(setup);
        SiegeFit {
            setup,
            script,
            base: setup.params.clone(),
            names: space.iter().map(|s| s.name.clone()).collect(),
            bounds: space.iter().map(|s| s.bounds).collect(),
            targets: targets(setup, file),
            replicates: 1,
        }
    }

    /// Judges each parameter set by the mean distance of `replicates` runs (at least 1).
    pub fn with_replicates(mut self, replicates: usize) -> SiegeFit<'a> {
        self.replicates = replicates.max(1);
        self
    }

    /// The model over only the uncertain parameters in `names` (in the scenario's order); the others stay
    /// at their declared defaults. An unknown or fixed name is an error naming it.
    pub fn with_parameters(
        setup: &'a Setup,
        file: &ScenarioFile,
        names: &[String],
    ) -> Result<SiegeFit<'a>, String> {
        let mut fit = SiegeFit::new(setup, file);
        for n in names {
            if !fit.names.contains(n) {
                return Err(if setup.ranges.iter().any(|(m, _)| m == n) {
                    format!("`{n}` has no range to calibrate (its min equals its max)")
                } else {
                    format!("no parameter is called `{n}`")
                });
            }
        }
        let keep: Vec<bool> = fit.names.iter().map(|n| names.contains(n)).collect();
        let mut k = keep.iter();
        fit.names.retain(|_| *k.next().unwrap_or(&false));
        let mut k = keep.iter();
        fit.bounds.retain(|_| *k.next().unwrap_or(&false));
        Ok(fit)
    }

    /// The calibrated parameters' names, in the order of `theta`.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// One target's term of the distance, in [0, 1].
    fn term(t: &Target, v: f64) -> f64 {
        match t {
            Target::Day { recorded, .. } => {
                if v.is_nan() {
                    1.0
                } else {
                    ((v - f64::from(*recorded)).abs() / DAY_SCALE).min(1.0)
                }
            }
            Target::Figure { recorded, .. } => {
                let r = ((v.max(0.0) + 1.0) / (recorded.max(0.0) + 1.0)).ln().abs();
                (r / FIGURE_FACTOR.ln()).min(1.0)
            }
        }
    }
}

impl Model for SiegeFit<'_> {
    fn bounds(&self) -> &[Bounds] {
        &self.bounds
    }

    fn simulate(&self, theta: &[f64], stream: &mut ChaCha8Rng) -> Vec<f64> {
        let mut p = self.base.clone();
        for (n, &v) in self.names.iter().zip(theta) {
            if let Some(slot) = p.get_mut(n) {
                *slot = v;
            }
        }
        let mut summary = Vec::with_capacity(self.replicates * self.targets.len());
        for _ in 0..self.replicates {
            // The engine's own stream for this run, keyed by a seed drawn from the particle's.
            let seed = stream.next_u64();
            let o = Simulation::new(self.setup, &p, &self.script, seed, 0).run(&mut ());
            summary.extend(self.targets.iter().map(|t| match t {
                Target::Day { event, .. } => {
                    let k = KeyEvent::ALL.iter().position(|e| e == event).unwrap_or(0);
                    o.key_days[k].map_or(f64::NAN, f64::from)
                }
                Target::Figure { measure, .. } => measure.value(&o),
            }));
        }
        summary
    }

    fn distance(&self, summary: &[f64]) -> f64 {
        if self.targets.is_empty() {
            return 0.0;
        }
        let runs = summary.chunks(self.targets.len());
        let n = runs.len().max(1);
        let sum: f64 = runs
            .map(|run| {
                self.targets
                    .iter()
                    .zip(run)
                    .map(|(t, &v)| Self::term(t, v))
                    .sum::<f64>()
            })
            .sum();
        sum / (self.targets.len() * n) as f64
    }
}
