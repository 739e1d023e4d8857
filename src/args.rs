//! The command line, as clap types: the low-level mirror of what the user typed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Bianjing 1126: a counterfactual simulator of the first Jin siege of the Northern Song capital.
#[derive(Debug, Parser)]
#[command(name = "bianjing", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a run's chronicle, one line per event, then its outcome.
    Chronicle(ChronicleArgs),
    /// List the named what-ifs with their points of divergence.
    WhatIfs(ScenarioOpt),
    /// Check, describe or print scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Convert a date: lunar to Julian and Gregorian, or Western to lunar, with the day name.
    Date(DateArgs),
    /// Export the record or a run as TimelineJS JSON, GeoJSON, CSV or JSON lines.
    Export(ExportArgs),
    /// Run many runs (free mode by default) and report probabilities, quantiles and paired what-if
    /// differences; shard, merge and resume.
    Ensemble(EnsembleArgs),
    /// Check free runs against the record: each key event's probability and dates, and a verdict.
    Validate(ValidateArgs),
    /// Measure the speed of free runs on 1 thread and on every core, and peak memory.
    Bench(BenchArgs),
    /// Write a self-contained HTML report with SVG plots: would a more aggressive policy have
    /// changed the outcome?
    Report(ReportArgs),
    /// Which uncertain parameters drive each outcome: Morris screening or Sobol indices.
    Sensitivity(SensitivityArgs),
    /// Play the crisis in the terminal: you take Emperor Qinzong's decisions.
    Play(PlayArgs),
    /// Serve the web app (chronicle, map, what-if explorer, sources) and its JSON API.
    #[cfg(feature = "web")]
    Serve(ServeArgs),
    /// Fit the uncertain parameters to the record by approximate Bayesian computation and write the
    /// posterior that runs draw their parameters from.
    Calibrate(CalibrateArgs),
}

/// Options of `bianjing play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The game's random seed (a new game; 1126 if not given).
    #[arg(long, conflicts_with = "load")]
    pub seed: Option<u64>,
    /// A what-if in force from the start, as NAME or NAME=VALUE (see `bianjing what-ifs`); repeatable.
    #[arg(long = "what-if", value_name = "NAME[=VALUE]", conflicts_with = "load")]
    pub what_if: Vec<String>,
    /// Go on with a saved game (it holds its seed and what-ifs).
    #[arg(long, value_name = "FILE")]
    pub load: Option<PathBuf>,
    /// Where `s` saves: by default the loaded file, or bianjing-game.json in the current directory.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Impose the recorded events on their dates.
    History,
    /// Impose nothing: events arise from the mechanisms.
    Free,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordArg {
    /// The essay's dates.
    Essay,
    /// The primary sources' dates where they differ; events found in the essay only are left out.
    Sources,
}

#[derive(Debug, Args)]
pub struct ScenarioOpt {
    /// A scenario file to use instead of the built-in 1126 scenario.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
}

/// The options that shape one run.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// History imposes the record; free lets the mechanisms decide.
    #[arg(long, value_enum, default_value = "history")]
    pub mode: ModeArg,
    /// Which record history mode follows where the essay and the primary sources differ.
    #[arg(long, value_enum, default_value = "essay")]
    pub record: RecordArg,
    /// The run's random seed.
    #[arg(long, default_value_t = 1126)]
    pub seed: u64,
    /// A what-if, as NAME or NAME=VALUE (see `bianjing what-ifs`); repeat to compose.
    #[arg(long = "what-if", value_name = "NAME[=VALUE]")]
    pub what_if: Vec<String>,
    /// Override a parameter, as NAME=VALUE (see `bianjing scenario params`); repeatable.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub params: ParamSourceArgs,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

/// Where each run's parameters come from. By default the built-in scenario's calibrated posterior,
/// and the declared defaults for a scenario given with --scenario. --set fixes a parameter on top.
#[derive(Debug, Clone, Default, Args)]
pub struct ParamSourceArgs {
    /// Draw each run's parameters from this posterior file (written by `bianjing calibrate`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["prior", "fixed"])]
    pub posterior: Option<PathBuf>,
    /// Draw each run's parameters uniformly from their declared ranges (the uncalibrated prior).
    #[arg(long, conflicts_with = "fixed")]
    pub prior: bool,
    /// Run every run at the scenario's default values.
    #[arg(long)]
    pub fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Keep the simulations closest to the record out of draws from the prior.
    AbcRejection,
    /// Sequential Monte Carlo: generations with shrinking tolerance.
    AbcSmc,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The ABC method: sequential Monte Carlo (generations with shrinking tolerance) or rejection.
    #[arg(long, value_enum, default_value = "abc-smc")]
    pub method: MethodArg,
    /// Particles kept: the posterior's number of samples.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub particles: usize,
    /// Rejection: simulations drawn from the prior. SMC: the budget after which no generation starts.
    /// A simulation is one parameter set, run --replicates times.
    #[arg(long, default_value_t = 4_000_000, value_name = "N")]
    pub simulations: u64,
    /// SMC: the most generations after the prior's.
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub generations: u32,
    /// SMC: each generation's tolerance is this quantile of the previous generation's distances.
    #[arg(long, default_value_t = 0.5, value_name = "Q")]
    pub quantile: f64,
    /// The calibration's seed (at most 2^63 - 1, which the posterior file can hold).
    #[arg(long, default_value_t = 1126, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    pub seed: u64,
    /// Worker threads; 0 uses every core. The result does not depend on it.
    #[arg(long, default_value_t = 0, value_name = "T")]
    pub threads: usize,
    /// Runs per simulated parameter set: its distance is the mean over them, so a set is judged by how
    /// it usually plays out rather than by one lucky run.
    #[arg(long, default_value_t = 10, value_name = "K", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub replicates: u64,
    /// Calibrate only these parameters (comma-separated or repeated); the others stay at their
    /// declared defaults. Default: those the scenario marks `calibrate = true`, or, if none is
    /// marked, every parameter whose range has min < max.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Write the posterior to FILE (TOML, atomically).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Args)]
pub struct ChronicleArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Validate a scenario file and report every problem with its line and column.
    Check {
        /// The scenario file (TOML).
        file: PathBuf,
    },
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// Print the built-in 1126 scenario (TOML), to read or copy.
    Show,
    /// List the model's parameters with default, range and reasoning.
    Params(ScenarioOpt),
}

#[derive(Debug, Args)]
pub struct DateArgs {
    /// A lunar date ("JK1 2/10", "Jingkang 1, 2nd month, 10th day", "靖康元年二月十日", "JK1 L11/5")
    /// or a Western date YYYY-MM-DD. Quotes are optional: the words are joined with spaces.
    #[arg(required = true, num_args = 1.., value_name = "DATE")]
    pub text: Vec<String>,
    /// Read a Western date as Julian (the default).
    #[arg(long, conflicts_with = "gregorian")]
    pub julian: bool,
    /// Read a Western date as proleptic Gregorian.
    #[arg(long)]
    pub gregorian: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// TimelineJS JSON: one slide per event, placed by Gregorian date, shown with lunar and Julian dates.
    TimelineJson,
    /// GeoJSON: places, roads to the capital, and every force's position on every day of the run.
    Geojson,
    /// CSV (RFC 4180): one row per event with lunar and Western dates and sources.
    Csv,
    /// JSON lines: one event object per line.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (atomically: a temporary file beside it, then renamed) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Which slice of the run indices a shard runs: `I/N` (I from 1 to N), or `auto/N` to take I from the
/// environment (`SLURM_ARRAY_TASK_ID`, 1-based; `JOB_COMPLETION_INDEX`, 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardArg {
    /// 1-based; `None` for `auto`.
    pub index: Option<u64>,
    pub count: u64,
}

/// A count of runs: a whole number of at least 1, since no runs give no answer.
fn at_least_one(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("`{s}` is not a whole number of runs ({e})")),
    }
}

pub fn parse_shard(s: &str) -> Result<ShardArg, String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("`{s}`: expected I/N, e.g. 2/8, or auto/N"))?;
    let count: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{s}`: N must be a positive whole number"))?;
    if count == 0 {
        return Err(format!("`{s}`: N must be at least 1"));
    }
    let i = i.trim();
    if i.eq_ignore_ascii_case("auto") {
        return Ok(ShardArg { index: None, count });
    }
    let index: u64 = i
        .parse()
        .map_err(|_| format!("`{s}`: I must be a whole number from 1 to N, or `auto`"))?;
    if index == 0 || index > count {
        return Err(format!("`{s}`: I must be from 1 to {count}"));
    }
    Ok(ShardArg {
        index: Some(index),
        count,
    })
}

/// The options that decide an ensemble's runs (and so whether two partial results can merge).
#[derive(Debug, Args)]
pub struct EnsembleRunArgs {
    /// Number of runs of every arm (run indices 0..N).
    #[arg(long, default_value_t = 100_000, value_name = "N", value_parser = at_least_one)]
    pub runs: u64,
    /// The ensemble's seed: run i of every arm draws from the stream of (seed, i).
    #[arg(long, default_value_t = 1126)]
    pub seed: u64,
    /// Worker threads; 0 uses every core. The results do not depend on it.
    #[arg(long, default_value_t = 0, value_name = "T")]
    pub threads: usize,
    /// FREE by default for ensembles: history mode imposes the recorded events, so without a what-if
    /// its runs differ only in details, not in their course of events.
    #[arg(long, value_enum, default_value = "free")]
    pub mode: ModeArg,
    /// Which record history mode (and the history part of a what-if) follows.
    #[arg(long, value_enum, default_value = "essay")]
    pub record: RecordArg,
    /// A what-if applied to the factual arm itself, as NAME or NAME=VALUE; repeatable.
    #[arg(long = "what-if", value_name = "NAME[=VALUE]")]
    pub what_if: Vec<String>,
    /// Override a parameter of every arm, as NAME=VALUE; repeatable.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub params: ParamSourceArgs,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EnsembleArgs {
    #[command(subcommand)]
    pub merge: Option<EnsembleCommand>,
    #[command(flatten)]
    pub run: EnsembleRunArgs,
    /// Compare what-ifs with the factual runs: each NAME[=VALUE] is added on top of the factual
    /// configuration as its own arm, paired run by run with the factual runs from its point of
    /// divergence (common random numbers). Comma-separated or repeated.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub compare: Vec<String>,
    /// Print the report as one JSON object (day indices also as lunar and Julian dates; timing in
    /// the separate top-level object `timing`).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the report as tidy CSV: arm,kind,name,estimate,lo,hi.
    #[arg(long)]
    pub csv: bool,
    /// Run only the I-th of N contiguous slices of the run indices and write its partial result to
    /// --out (merge the parts with `bianjing ensemble merge`). `auto/N` takes I from
    /// SLURM_ARRAY_TASK_ID (1-based: use --array=1-N) or JOB_COMPLETION_INDEX (0-based, Kubernetes).
    #[arg(long, value_name = "I/N", value_parser = parse_shard, requires = "out")]
    pub shard: Option<ShardArg>,
    /// Write the ensemble's mergeable partial result (counts, not rows) to FILE, atomically.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out: if FILE exists, keep its runs and run only those still missing.
    #[arg(long, requires = "out")]
    pub resume: bool,
    /// Write one tidy row per run per arm (CSV if FILE ends in .csv, JSON lines if .jsonl), streamed.
    #[arg(long, value_name = "FILE.csv|FILE.jsonl")]
    pub runs_out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EnsembleCommand {
    /// Merge partial results (from --shard or --out) and print what the unsplit run prints.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial result files written with --out.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print the report as one JSON object.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the report as tidy CSV.
    #[arg(long)]
    pub csv: bool,
    /// Write the merged result to FILE as well.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Number of free runs.
    #[arg(long, default_value_t = 100_000, value_name = "N", value_parser = at_least_one)]
    pub runs: u64,
    /// The ensemble's seed.
    #[arg(long, default_value_t = 1126)]
    pub seed: u64,
    /// Worker threads; 0 uses every core.
    #[arg(long, default_value_t = 0, value_name = "T")]
    pub threads: usize,
    /// Override a parameter, as NAME=VALUE; repeatable.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub params: ParamSourceArgs,
    /// Print one JSON object: per event name, probability, recorded_julian, q05_julian, q50_julian,
    /// q95_julian, meets_target; and sequence_probability.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Free runs per measurement (one on 1 thread, one on every core).
    #[arg(long, default_value_t = 200_000, value_name = "N", value_parser = at_least_one)]
    pub runs: u64,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The directory to write index.html into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Free runs of every arm (the factual configuration and each what-if).
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub runs: u64,
    /// The ensemble's seed.
    #[arg(long, default_value_t = 1126)]
    pub seed: u64,
    /// Worker threads; 0 uses every core. The report does not depend on it.
    #[arg(long, default_value_t = 0, value_name = "T")]
    pub threads: usize,
    /// Factual runs followed day by day for the plots over time (the first of the ensemble's runs).
    #[arg(long, default_value_t = 2_000, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=bianjing_report::series::MAX_RUNS))]
    pub series_runs: u64,
    /// Override a parameter of every arm, as NAME=VALUE; repeatable.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    /// Sensitivity indices to show: the JSON of `bianjing sensitivity --json` (or {"method":
    /// "sobol"|"morris", "rows": [...]}). Without it the report runs a Morris screening itself.
    #[arg(long, value_name = "FILE.json")]
    pub sensitivity: Option<PathBuf>,
    /// Trajectories of the report's own Morris screening (0: none; ignored with --sensitivity).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub screening_trajectories: usize,
    /// Free runs per point of the report's own Morris screening.
    #[arg(long, default_value_t = 100, value_name = "R")]
    pub screening_runs: u64,
    /// Where runs take their parameters from (the built-in posterior by default); the report's
    /// calibration section shows the posterior in use.
    #[command(flatten)]
    pub params: ParamSourceArgs,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SensitivityMethod {
    /// Morris screening: elementary effects on random trajectories (mu*, sigma); cheap.
    Morris,
    /// Sobol first-order and total indices: Saltelli design, Jansen estimators.
    Sobol,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Morris screening or Sobol indices.
    #[arg(long, value_enum, default_value = "morris")]
    pub method: SensitivityMethod,
    /// Outputs to analyse (default: the outcome categories, the recorded sequence, the key events
    /// raid-fails, dismissal, uprising, restoration, pursuit-recalled, gold-delivered, jin-killed).
    /// Comma-separated or repeated.
    #[arg(long = "output", value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub output: Vec<String>,
    /// Morris: trajectories (default 20). Sobol: base samples N (default 64; a power of two is best).
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Free runs per point, with the same seed and run indices at every point.
    #[arg(long, default_value_t = 100, value_name = "R")]
    pub runs_per_point: u64,
    /// Morris: levels of the grid (even).
    #[arg(long, default_value_t = 4, value_name = "P")]
    pub levels: usize,
    /// Vary only these parameters (comma-separated or repeated); default: every parameter whose
    /// range has min < max, except those fixed with --set.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Analyse a what-if arm, as NAME or NAME=VALUE; repeatable.
    #[arg(long = "what-if", value_name = "NAME[=VALUE]")]
    pub what_if: Vec<String>,
    /// Analyse the paired difference what-if minus factual: which parameters drive the shift it causes.
    #[arg(long, value_name = "NAME[=VALUE]", conflicts_with = "what_if")]
    pub effect_of: Option<String>,
    /// Fix a parameter, as NAME=VALUE (it is then not varied); repeatable.
    #[arg(long = "set", value_name = "PARAM=VALUE")]
    pub set: Vec<String>,
    /// FREE by default: nothing imposed. History keeps the record up to a what-if's divergence.
    #[arg(long, value_enum, default_value = "free")]
    pub mode: ModeArg,
    /// Which record history mode follows.
    #[arg(long, value_enum, default_value = "essay")]
    pub record: RecordArg,
    /// Seed of the runs, of the Morris trajectories and of the bootstrap.
    #[arg(long, default_value_t = 1126)]
    pub seed: u64,
    /// Worker threads; 0 uses every core. The results do not depend on it.
    #[arg(long, default_value_t = 0, value_name = "T")]
    pub threads: usize,
    /// Parameters shown per output in the text (0: all).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Bootstrap resamples for the 95% intervals (0: none).
    #[arg(long = "bootstrap", default_value_t = 500, value_name = "B")]
    pub bootstrap_resamples: usize,
    /// Print one JSON object with every index of every parameter (timing in `timing`).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}

#[cfg(feature = "web")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on. Loopback by default: give 0.0.0.0:PORT only to serve other machines.
    /// Port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8126", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// Most runs of every arm one ensemble request may ask for.
    #[arg(long, default_value_t = 100_000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_runs: u64,
    /// Ensembles running at once; one more request gets 429.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub max_concurrent: u64,
    #[command(flatten)]
    pub params: ParamSourceArgs,
    #[command(flatten)]
    pub scenario: ScenarioOpt,
}
