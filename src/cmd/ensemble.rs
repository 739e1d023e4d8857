//! `bianjing ensemble`: many runs of the factual configuration and of compared what-ifs, summarised
//! in a mergeable aggregate; shards, `merge`, `--resume`, Ctrl-C, progress, and per-run rows.

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use bianjing_analysis::{
    Aggregate, EnsembleSpec, Report, RunRow, merge, run_ensemble_until, run_rows,
};
use bianjing_calendar::Calendar;
use bianjing_engine::Setup;
use serde_json::{Value, json};

use crate::Reported;
use crate::args::{
    EnsembleArgs, EnsembleCommand, EnsembleRunArgs, MergeArgs, RunArgs, ScenarioOpt, ShardArg,
};
use crate::model;
use crate::output::{tmp_path, write_atomically};

/// Set by the Ctrl-C handler: running chunks finish, the others are skipped.
pub(crate) static STOP: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler (once): the first Ctrl-C asks the ensemble to stop cleanly, a second
/// one ends the process at once.
pub(crate) fn install_ctrl_c() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    });
}

pub(crate) fn stopped() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Dates for output: a day index as lunar and Julian dates through the scenario's calendar.
pub(crate) struct Dates<'a> {
    pub setup: &'a Setup,
    pub calendar: &'a Calendar,
}

impl Dates<'_> {
    pub fn julian(&self, day: i64) -> String {
        (self.setup.start + day).to_julian().to_string()
    }
    pub fn lunar(&self, day: i64) -> String {
        self.calendar
            .to_lunar(self.setup.start + day)
            .map(|l| self.calendar.format_short(&l))
            .unwrap_or_else(|_| format!("day {day}"))
    }
    /// The day's sexagenary name, 干支.
    pub fn day_name(&self, day: i64) -> String {
        (self.setup.start + day).sexagenary().chinese()
    }
    /// "JK1 1/16 壬午 (1126-02-09)": the lunar date with its day name, then the Julian date.
    pub fn both(&self, day: i64) -> String {
        format!(
            "{} {} ({})",
            self.lunar(day),
            self.day_name(day),
            self.julian(day)
        )
    }
}

/// How long the runs took; kept apart from the results, which never depend on it.
pub(crate) struct Timing {
    pub seconds: f64,
    pub runs_run: u64,
    pub arms: usize,
    pub threads: usize,
}

impl Timing {
    fn to_json(&self) -> Value {
        json!({
            "seconds": self.seconds,
            "runs_run": self.runs_run,
            "arms": self.arms,
            "threads": self.threads,
            "runs_per_second": if self.seconds > 0.0 { self.runs_run as f64 / self.seconds } else { 0.0 },
        })
    }
    fn line(&self) -> String {
        if self.runs_run == 0 {
            return format!("no new runs ({:.2} s)", self.seconds);
        }
        format!(
            "{} runs x {} arm(s) in {:.2} s on {} thread(s): {:.0} runs/s",
            self.runs_run,
            self.arms,
            self.seconds,
            self.threads,
            self.runs_run as f64 / self.seconds.max(1e-9)
        )
    }
}

pub(crate) fn threads_used(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// A progress line on stderr, only when stderr is a terminal, updated at most 5 times a second.
pub(crate) struct Progress {
    done: Arc<AtomicU64>,
    finished: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(total: u64, what: &'static str) -> Progress {
        let done = Arc::new(AtomicU64::new(0));
        let finished = Arc::new(AtomicBool::new(false));
        let thread = (std::io::stderr().is_terminal() && total > 0).then(|| {
            let done = Arc::clone(&done);
            let finished = Arc::clone(&finished);
            std::thread::spawn(move || {
                let t0 = Instant::now();
                let mut shown = false;
                while !finished.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(200));
                    let d = done.load(Ordering::Relaxed).min(total);
                    let secs = t0.elapsed().as_secs_f64();
                    let rate = d as f64 / secs.max(1e-9);
                    let left = if d > 0 {
                        format!("{:.0} s left", (total - d) as f64 / rate)
                    } else {
                        "…".to_string()
                    };
                    let width = 30usize;
                    let filled = (d as f64 / total as f64 * width as f64) as usize;
                    eprint!(
                        "\r\x1b[K[{}{}] {d}/{total} {what}  {rate:.0}/s  {left}{}",
                        "#".repeat(filled),
                        "-".repeat(width - filled),
                        if stopped() { "  stopping…" } else { "" }
                    );
                    shown = true;
                }
                if shown {
                    eprint!("\r\x1b[K");
                }
            })
        });
        Progress {
            done,
            finished,
            thread,
        }
    }
    pub fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
    pub fn finish(mut self) {
        self.finished.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Runs `ranges` of `spec` (in order), with progress and Ctrl-C; returns their aggregate.
pub(crate) fn run_ranges(
    setup: &Setup,
    spec: &EnsembleSpec,
    threads: usize,
    ranges: &[Range<u64>],
) -> Aggregate {
    let total: u64 = ranges.iter().map(|r| r.end - r.start).sum();
    let progress = Progress::start(total, "runs");
    let mut acc = Aggregate::empty(setup, spec);
    for r in ranges {
        if stopped() {
            break;
        }
        let part = run_ensemble_until(setup, spec, threads, r.clone(), &|n| progress.add(n), &STOP);
        acc = merge(&acc, &part).expect("disjoint ranges of one ensemble merge");
    }
    progress.finish();
    acc
}

/// The base run options as `RunArgs`, for `model::plan`, with `extra` what-ifs on top.
fn run_args(a: &EnsembleRunArgs, extra: Option<&str>) -> RunArgs {
    let mut what_if = a.what_if.clone();
    what_if.extend(extra.map(str::to_string));
    RunArgs {
        mode: a.mode,
        record: a.record,
        seed: a.seed,
        what_if,
        set: a.set.clone(),
        params: a.params.clone(),
        scenario: ScenarioOpt {
            scenario: a.scenario.scenario.clone(),
        },
    }
}

/// The ensemble's spec: arm 0 the factual configuration, then one arm per compared what-if.
fn spec_of(
    loaded: &model::Loaded,
    a: &EnsembleRunArgs,
    compare: &[String],
) -> anyhow::Result<EnsembleSpec> {
    let setup = &loaded.setup;
    let source = model::param_source(loaded, a.scenario.scenario.as_deref(), &a.params)?;
    let arms = model::compare_arms(setup, &run_args(a, None), compare)?;
    Ok(EnsembleSpec {
        runs: a.runs,
        seed: a.seed,
        arms,
        source,
    })
}

/// The 1-based shard index: given, or from SLURM_ARRAY_TASK_ID (1-based) or JOB_COMPLETION_INDEX
/// (0-based).
fn shard_index(s: ShardArg) -> anyhow::Result<u64> {
    if let Some(i) = s.index {
        return Ok(i);
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let (i, from) = if let Some(v) = env("SLURM_ARRAY_TASK_ID") {
        let i: u64 = v.trim().parse().map_err(|_| {
            anyhow::anyhow!("--shard auto: SLURM_ARRAY_TASK_ID=`{v}` is not a number")
        })?;
        (i, "SLURM_ARRAY_TASK_ID (1-based)")
    } else if let Some(v) = env("JOB_COMPLETION_INDEX") {
        let i: u64 = v.trim().parse().map_err(|_| {
            anyhow::anyhow!("--shard auto: JOB_COMPLETION_INDEX=`{v}` is not a number")
        })?;
        (i + 1, "JOB_COMPLETION_INDEX (0-based)")
    } else {
        anyhow::bail!(
            "--shard auto/{}: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set",
            s.count
        );
    };
    if i == 0 || i > s.count {
        anyhow::bail!(
            "--shard auto/{}: {from} gives shard {i}, outside 1..={}",
            s.count,
            s.count
        );
    }
    Ok(i)
}

/// The I-th (1-based) of N contiguous slices of `0..runs`.
fn slice(runs: u64, i: u64, n: u64) -> Range<u64> {
    let at = |k: u64| (u128::from(runs) * u128::from(k) / u128::from(n)) as u64;
    at(i - 1)..at(i)
}

/// `target` minus the runs `agg` already covers.
fn still_missing(agg: &Aggregate, target: &Range<u64>) -> Vec<Range<u64>> {
    agg.missing()
        .into_iter()
        .map(|r| r.start.max(target.start)..r.end.min(target.end))
        .filter(|r| r.start < r.end)
        .collect()
}

pub fn run(args: &EnsembleArgs) -> anyhow::Result<()> {
    if let Some(EnsembleCommand::Merge(m)) = &args.merge {
        return merge_files(m);
    }
    let a = &args.run;
    let rows_format = match &args.runs_out {
        None => None,
        Some(p) => Some(match p.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => RowsFormat::Csv,
            Some(e) if e.eq_ignore_ascii_case("jsonl") => RowsFormat::Jsonl,
            _ => anyhow::bail!(
                "--runs-out {}: the file name must end in .csv or .jsonl",
                p.display()
            ),
        }),
    };
    let loaded = model::build(model::load_scenario(a.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let spec = spec_of(&loaded, a, &args.compare)?;
    let target = match args.shard {
        Some(s) => {
            let i = shard_index(s)?;
            Some((i, s.count, slice(a.runs, i, s.count)))
        }
        None => None,
    };
    let range = target.as_ref().map_or(0..a.runs, |t| t.2.clone());

    // What is already done (--resume) and what is left to run.
    let mut acc = Aggregate::empty(setup, &spec);
    if args.resume
        && let Some(out) = &args.out
        && out.exists()
    {
        let text = std::fs::read_to_string(out)
            .with_context(|| format!("--resume: cannot read {}", out.display()))?;
        let old = Aggregate::from_json(&text)
            .and_then(|old| merge(&old, &acc))
            .map_err(|e| {
                eprintln!(
                    "error: --resume {}: {e}\n(it must come from the same command: same runs, seed, mode, what-ifs, --set, --compare and parameter source)",
                    out.display()
                );
                Reported(1)
            })?;
        acc = old;
    }
    let todo = still_missing(&acc, &range);
    let rows_path = args.runs_out.clone();

    install_ctrl_c();
    let t0 = Instant::now();
    let new = run_ranges(setup, &spec, a.threads, &todo);
    let seconds = t0.elapsed().as_secs_f64();
    let timing = Timing {
        seconds,
        runs_run: new.runs_covered(),
        arms: spec.arms.len(),
        threads: threads_used(a.threads),
    };
    acc = merge(&acc, &new).expect("new runs are the missing ones");
    if let Some(out) = &args.out {
        let mut text = acc.to_json();
        text.push('\n');
        write_atomically(out, text.as_bytes())?;
    }
    if stopped() {
        let left: u64 = still_missing(&acc, &range)
            .iter()
            .map(|r| r.end - r.start)
            .sum();
        let done = (range.end - range.start) - left;
        match &args.out {
            Some(out) => {
                let mut cmd: Vec<String> = std::env::args().collect();
                if !cmd.iter().any(|s| s == "--resume") {
                    cmd.push("--resume".into());
                }
                eprintln!(
                    "interrupted: {done} of {} runs done and saved in {}; to finish, run\n  {}",
                    range.end - range.start,
                    out.display(),
                    cmd.join(" ")
                );
            }
            None => eprintln!(
                "interrupted: {done} of {} runs done, not saved (give --out FILE to be able to resume with --resume)",
                range.end - range.start
            ),
        }
        return Err(Reported(130).into());
    }
    if let (Some(path), Some(fmt)) = (&rows_path, rows_format) {
        write_rows(setup, &spec, &todo, path, fmt)?;
        if stopped() {
            eprintln!(
                "interrupted while writing {}: the rows are incomplete",
                path.display()
            );
            return Err(Reported(130).into());
        }
    }
    let dates = Dates {
        setup,
        calendar: loaded.scenario.calendar(),
    };
    if let Some((i, n, r)) = target {
        eprintln!(
            "shard {i}/{n}: runs {}..{} of {} ({} new) written to {}; {}",
            r.start,
            r.end,
            a.runs,
            timing.runs_run,
            args.out
                .as_deref()
                .map_or(String::new(), |p| p.display().to_string()),
            timing.line()
        );
        return Ok(());
    }
    let format = Format::of(args.json, args.csv);
    print_report(&acc, &dates, format, &timing)
}

#[derive(Clone, Copy)]
enum Format {
    Text,
    Json,
    Csv,
}

impl Format {
    fn of(json: bool, csv: bool) -> Format {
        if json {
            Format::Json
        } else if csv {
            Format::Csv
        } else {
            Format::Text
        }
    }
}

/// What the unsplit run and `merge` both print.
fn print_report(
    agg: &Aggregate,
    dates: &Dates,
    format: Format,
    timing: &Timing,
) -> anyhow::Result<()> {
    let report = Report::new(agg);
    match format {
        Format::Text => {
            eprintln!("{}; parameters: {}", timing.line(), agg.parameters);
            super::print(&report.render(&|d| dates.both(i64::from(d))))
        }
        Format::Csv => {
            eprintln!("{}", timing.line());
            super::print(&report_csv(&report, dates))
        }
        Format::Json => {
            let mut v = bianjing_export::report_json(&report, dates.calendar, dates.setup)?;
            if let Value::Object(m) = &mut v {
                m.insert("parameters".into(), Value::String(agg.parameters.clone()));
                m.insert("timing".into(), timing.to_json());
            }
            let mut s = serde_json::to_string_pretty(&v)?;
            s.push('\n');
            super::print(&s)
        }
    }
}

/// The columns of the report as CSV.
const REPORT_CSV_HEADER: &str = "arm,kind,name,estimate,lo,hi,count,unit,q05,q25,q50,q75,q95,\
    q05_julian,q25_julian,q50_julian,q75_julian,q95_julian";

/// One row of the report as CSV; what does not apply to a row stays empty.
#[derive(Default)]
struct CsvRow<'a> {
    arm: &'a str,
    kind: &'a str,
    name: &'a str,
    estimate: f64,
    lo: Option<f64>,
    hi: Option<f64>,
    count: Option<u64>,
    unit: &'a str,
    quantiles: Option<[f64; 5]>,
    julian: Option<[String; 5]>,
}

impl CsvRow<'_> {
    fn push_to(&self, out: &mut String) {
        let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        let q = self.quantiles.map_or_else(
            || ",,,,".to_string(),
            |q| q.map(|v| v.to_string()).join(","),
        );
        let j = self
            .julian
            .as_ref()
            .map_or_else(|| ",,,,".to_string(), |j| j.join(","));
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{q},{j}\n",
            bianjing_analysis::csv_field(self.arm),
            self.kind,
            bianjing_analysis::csv_field(self.name),
            self.estimate,
            opt(self.lo),
            opt(self.hi),
            self.count.map_or(String::new(), |c| c.to_string()),
            bianjing_analysis::csv_field(self.unit),
        ));
    }
}

/// The report as tidy CSV: one row per arm and category, event, measure, and per compared what-if
/// and difference. `estimate` is a probability (with its Wilson interval), a mean (with its normal
/// interval) or a paired difference (with its paired interval). `count` is the runs in a category,
/// the runs in which an event happened, or the runs a measure is taken over. The quantiles are a
/// measure's in its `unit`, or an event's first day (`unit` "day", counted from the scenario's first
/// day, whose Julian dates follow); they are empty where they do not apply, as are `count` and
/// `unit` for differences.
fn report_csv(r: &Report, dates: &Dates) -> String {
    let mut out = format!("{REPORT_CSV_HEADER}\n");
    for a in &r.arms {
        for p in a.categories.iter().chain(std::iter::once(&a.sequence)) {
            CsvRow {
                arm: &a.name,
                kind: "category",
                name: &p.name,
                estimate: p.p,
                lo: Some(p.lo),
                hi: Some(p.hi),
                count: Some(p.count),
                ..CsvRow::default()
            }
            .push_to(&mut out);
        }
        for e in &a.events {
            CsvRow {
                arm: &a.name,
                kind: "event",
                name: &e.name,
                estimate: e.p,
                lo: Some(e.lo),
                hi: Some(e.hi),
                count: Some(e.count),
                unit: "day",
                quantiles: e.days.map(|d| d.map(f64::from)),
                julian: e.days.map(|d| d.map(|d| dates.julian(i64::from(d)))),
            }
            .push_to(&mut out);
        }
        for m in &a.measures {
            if let Some(mean) = m.mean {
                let half =
                    m.sd.map(|sd| bianjing_analysis::Z95 * sd / (a.runs.max(1) as f64).sqrt());
                CsvRow {
                    arm: &a.name,
                    kind: "measure",
                    name: &m.name,
                    estimate: mean,
                    lo: half.map(|h| mean - h),
                    hi: half.map(|h| mean + h),
                    count: Some(a.runs),
                    unit: &m.unit,
                    quantiles: m.quantiles,
                    julian: None,
                }
                .push_to(&mut out);
            }
        }
    }
    for c in &r.comparisons {
        let rows = [
            ("category_difference", &c.categories[..]),
            ("event_difference", &c.events[..]),
            ("measure_difference", &c.measures[..]),
            ("category_difference", std::slice::from_ref(&c.sequence)),
        ];
        for (kind, rows) in rows {
            for d in rows {
                CsvRow {
                    arm: &c.arm,
                    kind,
                    name: &d.name,
                    estimate: d.difference.diff,
                    lo: Some(d.difference.lo),
                    hi: Some(d.difference.hi),
                    ..CsvRow::default()
                }
                .push_to(&mut out);
            }
        }
    }
    out
}

#[derive(Clone, Copy)]
enum RowsFormat {
    Csv,
    Jsonl,
}

/// Streams one row per run per arm (arm by arm, runs in order) to `path`, atomically.
fn write_rows(
    setup: &Setup,
    spec: &EnsembleSpec,
    ranges: &[Range<u64>],
    path: &Path,
    fmt: RowsFormat,
) -> anyhow::Result<()> {
    let tmp = tmp_path(path)?;
    let result = (|| -> anyhow::Result<()> {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        if let RowsFormat::Csv = fmt {
            writeln!(w, "{}", RunRow::csv_header())?;
        }
        for arm in &spec.arms {
            for r in ranges {
                for row in run_rows(setup, spec.seed, &spec.source, arm, r.clone()) {
                    match fmt {
                        RowsFormat::Csv => writeln!(w, "{}", row.to_csv_line())?,
                        RowsFormat::Jsonl => writeln!(w, "{}", row.to_json_line())?,
                    }
                    if stopped() {
                        break;
                    }
                }
            }
        }
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.context(format!("cannot write {}", path.display())));
    }
    Ok(())
}

/// `bianjing ensemble merge`: every file must read, belong to one ensemble, not overlap, and together
/// cover every run.
fn merge_files(m: &MergeArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let loaded = model::build(model::load_scenario(m.scenario.scenario.as_deref())?)?;
    let fail = |file: &Path, why: String| -> anyhow::Error {
        eprintln!("error: {}: {why}", file.display());
        Reported(1).into()
    };
    let mut acc: Option<(Aggregate, &Path)> = None;
    for file in &m.files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| fail(file, format!("cannot read it: {e}")))?;
        let part = Aggregate::from_json(&text).map_err(|e| fail(file, e.to_string()))?;
        acc = Some(match acc {
            None => (part, file.as_path()),
            Some((a, first)) => {
                let merged = merge(&a, &part).map_err(|e| {
                    fail(
                        file,
                        format!(
                            "cannot be merged with {} (and any before it): {e}",
                            first.display()
                        ),
                    )
                })?;
                (merged, first)
            }
        });
    }
    let (agg, _) = acc.expect("clap requires at least one file");
    if !agg.complete() {
        let missing: Vec<String> = agg
            .missing()
            .iter()
            .map(|r| format!("{}..{}", r.start, r.end))
            .collect();
        eprintln!(
            "error: {}: incomplete: together they cover {} of {} runs; missing runs {} (a shard left out, or one still running?)",
            m.files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            agg.runs_covered(),
            agg.runs_planned,
            missing.join(", ")
        );
        return Err(Reported(1).into());
    }
    if let Some(out) = &m.out {
        let mut text = agg.to_json();
        text.push('\n');
        write_atomically(out, text.as_bytes())?;
    }
    let dates = Dates {
        setup: &loaded.setup,
        calendar: loaded.scenario.calendar(),
    };
    let timing = Timing {
        seconds: t0.elapsed().as_secs_f64(),
        runs_run: 0,
        arms: agg.arms.len(),
        threads: 1,
    };
    print_report(&agg, &dates, Format::of(m.json, m.csv), &timing)
}
