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
