//! `bianjing sensitivity`: which uncertain parameters drive each outcome, by Morris screening or by
//! Sobol indices.
//!
//! Each point of the design is a full parameter set: the defaults (with `--set`), the varied
//! parameters moved across their declared ranges. The model's output at a point is the mean of a
//! small free-mode ensemble of R runs, with the same seed and run indices at every point: common random
//! numbers, so two points differ by their parameters and not by their luck. Points run in parallel;
//! each point sums its runs in run order, so the result does not depend on the thread count.

use std::time::Instant;

use bianjing_analysis::Arm;
use bianjing_engine::{Category, KeyEvent, Outcome, Params, Range, Script, Setup, Simulation};
use bianjing_sensitivity::{
    Bootstrap, Estimate, MAX_DIMENSIONS, MorrisDesign, MorrisIndices, SaltelliDesign, SobolIndices,
};
use rayon::prelude::*;
use serde_json::{Value, json};

use super::ensemble::{Progress, threads_used};
use crate::args::{ParamSourceArgs, RunArgs, ScenarioOpt, SensitivityArgs, SensitivityMethod};
use crate::model;

/// Default trajectories (Morris) and base samples (Sobol): sized to finish in seconds on 2 cores.
const MORRIS_TRAJECTORIES: usize = 20;
const SOBOL_BASE: usize = 64;

/// What a run yields for the analysis: an indicator (0 or 1) or a measure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quantity {
    Category(Category),
    RecordedSequence,
    Key(KeyEvent),
    GoldDelivered,
    SilverDelivered,
    JinKilled,
    SongKilled,
}

impl Quantity {
    fn all() -> Vec<Quantity> {
        let mut v: Vec<Quantity> = Category::ALL
            .iter()
            .map(|&c| Quantity::Category(c))
            .collect();
        v.push(Quantity::RecordedSequence);
        v.extend(KeyEvent::ALL.iter().map(|&k| Quantity::Key(k)));
        v.extend([
            Quantity::GoldDelivered,
            Quantity::SilverDelivered,
            Quantity::JinKilled,
            Quantity::SongKilled,
        ]);
        v
    }

    /// The main outputs, analysed when `--output` is not given.
    fn main() -> Vec<Quantity> {
        let mut v: Vec<Quantity> = Category::ALL
            .iter()
            .map(|&c| Quantity::Category(c))
            .collect();
        v.push(Quantity::RecordedSequence);
        v.extend(
            [
                KeyEvent::RaidFails,
                KeyEvent::Dismissal,
                KeyEvent::Uprising,
                KeyEvent::Restoration,
                KeyEvent::PursuitRecalled,
            ]
            .map(Quantity::Key),
        );
        v.extend([Quantity::GoldDelivered, Quantity::JinKilled]);
        v
    }

    fn name(self) -> &'static str {
        match self {
            Quantity::Category(c) => c.name(),
            Quantity::RecordedSequence => "recorded-sequence",
            Quantity::Key(k) => k.name(),
            Quantity::GoldDelivered => "gold-delivered",
            Quantity::SilverDelivered => "silver-delivered",
            Quantity::JinKilled => "jin-killed",
            Quantity::SongKilled => "song-killed",
        }
    }

    fn describe(self) -> String {
        match self {
            Quantity::Category(c) => format!("P({})", c.describe()),
            Quantity::RecordedSequence => {
                "P(the whole recorded sequence in order: raid fails, dismissal, uprising, restoration, withdrawal, crossing, recall)".into()
            }
            Quantity::Key(k) => format!("P(key event {})", k.name()),
            Quantity::GoldDelivered => "mean gold delivered to the Jin (taels)".into(),
            Quantity::SilverDelivered => "mean silver delivered to the Jin (taels)".into(),
            Quantity::JinKilled => "mean Jin killed".into(),
            Quantity::SongKilled => "mean Song killed".into(),
        }
    }

    fn of(self, o: &Outcome) -> f64 {
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            Quantity::Category(c) => flag(o.category == c),
            Quantity::RecordedSequence => flag(o.followed_the_record()),
            Quantity::Key(k) => flag(o.key_day(k).is_some()),
            Quantity::GoldDelivered => o.gold_delivered,
            Quantity::SilverDelivered => o.silver_delivered,
            Quantity::JinKilled => o.jin_losses.killed,
            Quantity::SongKilled => o.song_losses.killed,
        }
    }
}

/// The outputs asked for, in the order given, or the main ones.
fn outputs(names: &[String]) -> anyhow::Result<Vec<Quantity>> {
    if names.is_empty() {
        return Ok(Quantity::main());
    }
    let all = Quantity::all();
    let mut chosen = Vec::new();
    for name in names {
        let name = name.trim();
        let q = all.iter().find(|q| q.name() == name).ok_or_else(|| {
            let known: Vec<_> = all.iter().map(|q| q.name()).collect();
            anyhow::anyhow!(
                "--output: no output is called `{name}`; known: {}",
                known.join(", ")
            )
        })?;
        if chosen.contains(q) {
            anyhow::bail!("--output: `{name}` given twice");
        }
        chosen.push(*q);
    }
    Ok(chosen)
}

/// A parameter the design moves across its range.
struct Varied {
    name: &'static str,
    range: Range,
}

/// The uncertain parameters (min < max) not fixed with `--set`, or the `--params` subset of them.
fn varied(setup: &Setup, args: &SensitivityArgs) -> anyhow::Result<Vec<Varied>> {
    let fixed: Vec<&str> = args
        .set
        .iter()
        .filter_map(|s| s.split_once('=').map(|(n, _)| n.trim()))
        .collect();
    let uncertain = |&(name, range): &(&'static str, Range)| {
        (range.min < range.max && !fixed.contains(&name)).then_some(Varied { name, range })
    };
    if args.params.is_empty() {
        let all: Vec<Varied> = setup.ranges.iter().filter_map(uncertain).collect();
        if all.is_empty() {
            anyhow::bail!(
                "no parameter is left to vary: every range is a single value or fixed with --set"
            );
        }
        return Ok(all);
    }
    let mut chosen: Vec<Varied> = Vec::new();
    for name in &args.params {
        let name = name.trim();
        let Some(entry) = setup.ranges.iter().find(|(n, _)| *n == name) else {
            anyhow::bail!(
                "--params: no parameter is called `{name}` (see `bianjing scenario params` for the list)"
            );
        };
        if fixed.contains(&name) {
            anyhow::bail!(
                "--params: `{name}` is also fixed with --set; vary it or fix it, not both"
            );
        }
        let Some(v) = uncertain(entry) else {
            anyhow::bail!(
                "--params: `{name}` has no uncertainty to analyse: its range is the single value {}",
                entry.1.min
            );
        };
        if chosen.iter().any(|c| c.name == v.name) {
            anyhow::bail!("--params: `{name}` given twice");
        }
        chosen.push(v);
    }
    Ok(chosen)
}

/// The arm whose runs are measured, and its factual counterpart for `--effect-of`.
struct Arms {
    base: Params,
    script: Script,
    factual: Option<Script>,
}

fn arms(setup: &Setup, args: &SensitivityArgs) -> anyhow::Result<Arms> {
    let mut what_if = args.what_if.clone();
    what_if.extend(args.effect_of.clone());
    let plan = model::plan(
        setup,
        &RunArgs {
            mode: args.mode,
            record: args.record,
            seed: args.seed,
            what_if,
            set: args.set.clone(),
            // The design moves the parameters across their ranges from the declared defaults.
            params: ParamSourceArgs {
                fixed: true,
                ..ParamSourceArgs::default()
            },
            scenario: ScenarioOpt { scenario: None },
        },
    )
    .map_err(|e| match &args.effect_of {
        Some(name) => {
            let e = format!("{e:#}");
            anyhow::anyhow!(
                "--effect-of {name}: {}",
                e.trim_start_matches("--what-if: ")
            )
        }
        None => e,
    })?;
    Ok(Arms {
        factual: args
            .effect_of
            .as_ref()
            .map(|_| Arm::factual_for(&plan.script)),
        base: plan.params,
        script: plan.script,
    })
}

/// Evaluates every output at every point: `point(i, out)` writes point `i` in the unit cube.
fn evaluate(
    setup: &Setup,
    args: &SensitivityArgs,
    arms: &Arms,
    varied: &[Varied],
    quantities: &[Quantity],
    points: usize,
    point: &(dyn Fn(usize, &mut [f64]) + Sync),
) -> anyhow::Result<Vec<Vec<f64>>> {
    let progress = Progress::start(points as u64, "points");
    let runs = args.runs_per_point;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()?;
    let mean_of = |params: &Params, script: &Script| -> Vec<f64> {
        let mut sums = vec![0.0; quantities.len()];
        for run in 0..runs {
            let o = Simulation::new(setup, params, script, args.seed, run).run(&mut ());
            for (s, q) in sums.iter_mut().zip(quantities) {
                *s += q.of(&o);
            }
        }
        sums.iter().map(|s| s / runs as f64).collect()
    };
    let per_point: Vec<Vec<f64>> = pool.install(|| {
        (0..points)
            .into_par_iter()
            .map(|i| {
                let mut u = vec![0.0; varied.len()];
                point(i, &mut u);
                let mut params = arms.base.clone();
                for (v, u) in varied.iter().zip(&u) {
                    let slot = params
                        .get_mut(v.name)
                        .expect("ranges list only known names");
                    *slot = v.range.min + u * (v.range.max - v.range.min);
                }
                let mut y = mean_of(&params, &arms.script);
                if let Some(factual) = &arms.factual {
                    for (y, f) in y.iter_mut().zip(mean_of(&params, factual)) {
                        *y -= f;
                    }
                }
                progress.add(1);
                y
            })
            .collect()
    });
    progress.finish();
    // One series per output, in point order.
    Ok((0..quantities.len())
        .map(|q| per_point.iter().map(|y| y[q]).collect())
        .collect())
}

/// One output's indices, by either method.
enum Indices {
    Morris(MorrisIndices),
    Sobol(SobolIndices),
}

impl Indices {
    /// The measure parameters are ranked by: μ* or S_T.
    fn rank_value(&self, i: usize) -> f64 {
        match self {
            Indices::Morris(m) => m.mu_star[i].value,
            Indices::Sobol(s) => s.total[i].value,
        }
    }

    fn ranking(&self, k: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..k).collect();
        // Ties keep the declaration order, so the ranking is stable.
        order.sort_by(|&a, &b| self.rank_value(b).total_cmp(&self.rank_value(a)));
        order
    }
}

/// A finished analysis: its JSON (without timing), its text, and how long it took.
pub struct Analysis {
    pub json: Value,
    pub text: String,
    pub timing: Value,
    /// One line for standard error: points, runs, time and threads.
    pub summary: String,
}

pub fn run(args: &SensitivityArgs) -> anyhow::Result<()> {
    let a = analyse(args)?;
    if args.json {
        let mut v = a.json;
        v["timing"] = a.timing;
        let mut s = serde_json::to_string_pretty(&v)?;
        s.push('\n');
        super::print(&s)
    } else {
        eprintln!("{}", a.summary);
        super::print(&a.text)
    }
}

/// Runs the design of `args` and computes every index; prints nothing but progress on a terminal.
pub fn analyse(args: &SensitivityArgs) -> anyhow::Result<Analysis> {
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    if args.runs_per_point == 0 {
        anyhow::bail!("--runs-per-point 0: each point needs at least 1 run");
    }
    if args.bootstrap_resamples > 100_000 {
        anyhow::bail!(
            "--bootstrap {}: at most 100000 resamples",
            args.bootstrap_resamples
        );
    }
    let quantities = outputs(&args.output)?;
    let varied = varied(setup, args)?;
    let arms = arms(setup, args)?;
    let k = varied.len();
    let bootstrap = Bootstrap {
        resamples: args.bootstrap_resamples,
        confidence: 0.95,
        seed: args.seed,
    };
    let t0 = Instant::now();
    let (points, samples, indices): (usize, usize, Vec<Indices>) = match args.method {
        SensitivityMethod::Morris => {
            let r = args.samples.unwrap_or(MORRIS_TRAJECTORIES);
            let design = MorrisDesign::new(k, r, args.levels, args.seed)
                .map_err(|e| anyhow::anyhow!("Morris design: {e} (--samples, --levels)"))?;
            let y = evaluate(
                setup,
                args,
                &arms,
                &varied,
                &quantities,
                design.len(),
                &|i, out| out.copy_from_slice(design.point(i)),
            )?;
            let indices = y
                .iter()
                .map(|y| design.analyse(y, &bootstrap).map(Indices::Morris))
                .collect::<Result<_, _>>()?;
            (design.len(), r, indices)
        }
        SensitivityMethod::Sobol => {
            let n = args.samples.unwrap_or(SOBOL_BASE);
            if 2 * k > MAX_DIMENSIONS {
                anyhow::bail!(
                    "Sobol indices of {k} parameters need {} dimensions of the Sobol sequence, which has {MAX_DIMENSIONS}: choose at most {} with --params",
                    2 * k,
                    MAX_DIMENSIONS / 2
                );
            }
            let design = SaltelliDesign::new(k, n)
                .map_err(|e| anyhow::anyhow!("Sobol design: {e} (--samples)"))?;
            let y = evaluate(
                setup,
                args,
                &arms,
                &varied,
                &quantities,
                design.len(),
                &|i, out| design.point(i, out),
            )?;
            let indices = y
                .iter()
                .map(|y| design.analyse(y, &bootstrap).map(Indices::Sobol))
                .collect::<Result<_, _>>()?;
            (design.len(), n, indices)
        }
    };
    let seconds = t0.elapsed().as_secs_f64();
    let arm_count = if arms.factual.is_some() { 2 } else { 1 };
    let runs = points as u64 * args.runs_per_point * arm_count;
    let timing = json!({
        "seconds": seconds,
        "runs_run": runs,
        "threads": threads_used(args.threads),
        "runs_per_second": runs as f64 / seconds.max(1e-9),
    });
    let report = Report {
        args,
        varied: &varied,
        quantities: &quantities,
        indices: &indices,
        points,
        samples,
        runs,
        bootstrap,
    };
    Ok(Analysis {
        json: report.json(),
        text: report.text(),
        timing,
        summary: format!(
            "{points} points x {} run(s) x {arm_count} arm(s) = {runs} runs in {seconds:.2} s on {} thread(s)",
            args.runs_per_point,
            threads_used(args.threads)
        ),
    })
}

/// Everything the output shows.
struct Report<'a> {
    args: &'a SensitivityArgs,
    varied: &'a [Varied],
    quantities: &'a [Quantity],
    indices: &'a [Indices],
    points: usize,
    samples: usize,
    runs: u64,
    bootstrap: Bootstrap,
}

fn interval(e: &Estimate) -> [Value; 3] {
    [json!(e.value), json!(e.lo), json!(e.hi)]
}

impl Report<'_> {
    fn method_name(&self) -> &'static str {
        match self.args.method {
            SensitivityMethod::Morris => "morris",
            SensitivityMethod::Sobol => "sobol",
        }
    }

    fn arm_words(&self) -> String {
        let mode = match self.args.mode {
            crate::args::ModeArg::Free => "free mode",
            crate::args::ModeArg::History => "history mode",
        };
        let mut s = mode.to_string();
        if !self.args.what_if.is_empty() {
            s.push_str(&format!(", what-if {}", self.args.what_if.join(" + ")));
        }
        if let Some(e) = &self.args.effect_of {
            s.push_str(&format!(
                "; each output is the paired difference `{e}` minus factual"
            ));
        }
        s
    }

    fn json(&self) -> Value {
        let parameters: Vec<Value> = self
            .varied
            .iter()
            .map(|v| {
                json!({
                    "name": v.name,
                    "min": v.range.min,
                    "default": v.range.default,
                    "max": v.range.max,
                })
            })
            .collect();
        let outputs: Vec<Value> = self
            .quantities
            .iter()
            .zip(self.indices)
            .map(|(q, ind)| {
                let mut o = json!({ "name": q.name(), "description": q.describe() });
                let ranking: Vec<&str> = ind
                    .ranking(self.varied.len())
                    .into_iter()
                    .map(|i| self.varied[i].name)
                    .collect();
                match ind {
                    Indices::Morris(m) => {
                        let rows: Vec<Value> = (0..self.varied.len())
                            .map(|i| {
                                let [v, lo, hi] = interval(&m.mu_star[i]);
                                json!({
                                    "parameter": self.varied[i].name,
                                    "mu": m.mu[i],
                                    "mu_star": v,
                                    "mu_star_lo": lo,
                                    "mu_star_hi": hi,
                                    "sigma": m.sigma[i],
                                })
                            })
                            .collect();
                        o["indices"] = Value::Array(rows);
                    }
                    Indices::Sobol(s) => {
                        o["mean"] = json!(s.mean);
                        o["variance"] = json!(s.variance);
                        let rows: Vec<Value> = (0..self.varied.len())
                            .map(|i| {
                                let [f, flo, fhi] = interval(&s.first[i]);
                                let [t, tlo, thi] = interval(&s.total[i]);
                                json!({
                                    "parameter": self.varied[i].name,
                                    "first": f,
                                    "first_lo": flo,
                                    "first_hi": fhi,
                                    "total": t,
                                    "total_lo": tlo,
                                    "total_hi": thi,
                                })
                            })
                            .collect();
                        o["indices"] = Value::Array(rows);
                    }
                }
                o["ranking"] = json!(ranking);
                o
            })
            .collect();
        json!({
            "method": self.method_name(),
            "seed": self.args.seed,
            "samples": self.samples,
            "levels": match self.args.method {
                SensitivityMethod::Morris => json!(self.args.levels),
                SensitivityMethod::Sobol => Value::Null,
            },
            "runs_per_point": self.args.runs_per_point,
            "points": self.points,
            "runs": self.runs,
            "mode": match self.args.mode {
                crate::args::ModeArg::Free => "free",
                crate::args::ModeArg::History => "history",
            },
            "what_if": self.args.what_if,
            "effect_of": self.args.effect_of,
            "bootstrap": { "resamples": self.bootstrap.resamples, "confidence": self.bootstrap.confidence },
            "parameters": parameters,
            "outputs": outputs,
        })
    }

    fn text(&self) -> String {
        let k = self.varied.len();
        let top = if self.args.top == 0 {
            k
        } else {
            self.args.top.min(k)
        };
        let mut t = match self.args.method {
            SensitivityMethod::Morris => format!(
                "Morris screening of {k} parameters: {} trajectories on a {}-level grid, {} points x {} runs ({}), seed {}.\n\
                 Ranked by mu* (mean absolute elementary effect, in the output's units per whole range); sigma large beside mu* means interactions or curvature.\n",
                self.samples,
                self.args.levels,
                self.points,
                self.args.runs_per_point,
                self.arm_words(),
                self.args.seed
            ),
            SensitivityMethod::Sobol => format!(
                "Sobol indices of {k} parameters: Saltelli design on {} base samples, {} points x {} runs ({}), seed {}; Jansen estimators.\n\
                 Ranked by S_T (total index: the share of the output's variance due to the parameter with all its interactions); S_1 is its share alone.\n",
                self.samples,
                self.points,
                self.args.runs_per_point,
                self.arm_words(),
                self.args.seed
            ),
        };
        t.push_str(&format!(
            "Intervals: {:.0}% bootstrap ({} resamples). Top {top} of {k} per output; --top 0 shows all, --json everything.\n",
            self.bootstrap.confidence * 100.0,
            self.bootstrap.resamples
        ));
        let width = self
            .varied
            .iter()
            .map(|v| v.name.len())
            .max()
            .unwrap_or(9)
            .max(9);
        for (q, ind) in self.quantities.iter().zip(self.indices) {
            t.push('\n');
            match ind {
                Indices::Morris(_) => t.push_str(&format!("{}: {}\n", q.name(), q.describe())),
                Indices::Sobol(s) => t.push_str(&format!(
                    "{}: {} (mean {}, sd {})\n",
                    q.name(),
                    q.describe(),
                    number(s.mean),
                    number(s.variance.sqrt())
                )),
            }
            match ind {
                Indices::Morris(_) => t.push_str(&format!(
                    "  {:>4}  {:<width$}  {:>10}  {:>23}  {:>10}  {:>10}\n",
                    "rank", "parameter", "mu*", "95% CI", "mu", "sigma"
                )),
                Indices::Sobol(_) => t.push_str(&format!(
                    "  {:>4}  {:<width$}  {:>6}  {:>16}  {:>6}  {:>16}\n",
                    "rank", "parameter", "S_T", "95% CI", "S_1", "95% CI"
                )),
            }
            for (rank, i) in ind.ranking(k).into_iter().take(top).enumerate() {
                let name = self.varied[i].name;
                match ind {
                    Indices::Morris(m) => t.push_str(&format!(
                        "  {:>4}  {name:<width$}  {:>10}  {:>23}  {:>10}  {:>10}\n",
                        rank + 1,
                        number(m.mu_star[i].value),
                        format!("[{}, {}]", number(m.mu_star[i].lo), number(m.mu_star[i].hi)),
                        number(m.mu[i]),
                        number(m.sigma[i])
                    )),
                    Indices::Sobol(s) => t.push_str(&format!(
                        "  {:>4}  {name:<width$}  {:>6.3}  {:>16}  {:>6.3}  {:>16}\n",
                        rank + 1,
                        s.total[i].value,
                        format!("[{:.3}, {:.3}]", s.total[i].lo, s.total[i].hi),
                        s.first[i].value,
                        format!("[{:.3}, {:.3}]", s.first[i].lo, s.first[i].hi)
                    )),
                }
            }
        }
        t
    }
}

/// Four significant figures, whatever the output's scale (a probability or taels of gold).
fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    if x.abs() < 1e-4 {
        return format!("{x:.1e}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}
