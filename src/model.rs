//! Loading a scenario and building the model's setup, reporting every problem at its line and column.

use std::path::Path;

use anyhow::Context;
use bianjing_engine::{Mode, Params, Record, Setup};
use bianjing_scenario::{Diagnostics, Scenario};

use bianjing_analysis::{ParamSource, uncertain};
use bianjing_calibration::Posterior;

use crate::Reported;
use crate::args::{ModeArg, ParamSourceArgs, RecordArg, RunArgs};

/// A scenario with its model setup.
pub struct Loaded {
    pub scenario: Scenario,
    pub setup: Setup,
}

/// Reads and validates a scenario file, or takes the built-in one.
pub fn load_scenario(path: Option<&Path>) -> anyhow::Result<Scenario> {
    let Some(path) = path else {
        return Ok(bianjing_scenario::builtin());
    };
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read scenario file {}", path.display()))?;
    bianjing_scenario::load_bytes(&bytes, &path.display().to_string()).map_err(|d| report(&d))
}

/// Builds the model's setup, reporting the model's own objections at their place in the file.
pub fn build(scenario: Scenario) -> anyhow::Result<Loaded> {
    match Setup::build(scenario.data(), scenario.calendar()) {
        Ok(setup) => Ok(Loaded { scenario, setup }),
        Err(errors) => {
            let items = errors
                .iter()
                .map(|e| scenario.diagnostic(&e.path, e.message.clone(), e.expected.clone()))
                .collect();
            Err(report(&Diagnostics::new(scenario.file(), items)))
        }
    }
}

fn report(d: &Diagnostics) -> anyhow::Error {
    eprintln!("{d}");
    Reported(1).into()
}

pub use bianjing_analysis::RunPlan;

/// Where runs take their parameters from: `--fixed`, `--prior`, `--posterior FILE`, or by default the
/// built-in posterior for the built-in scenario (`scenario_path` is `None`) and the defaults for a
/// scenario read from a file.
pub fn param_source(
    loaded: &Loaded,
    scenario_path: Option<&Path>,
    args: &ParamSourceArgs,
) -> anyhow::Result<ParamSource> {
    let (setup, scenario) = (&loaded.setup, &loaded.scenario);
    if args.fixed {
        return Ok(ParamSource::Fixed);
    }
    if args.prior {
        return Ok(ParamSource::prior(setup));
    }
    let space = uncertain(setup);
    let id = &scenario.data().scenario.id;
    let posterior = match (&args.posterior, scenario_path) {
        (Some(path), _) => {
            let text = std::fs::read(path).map_err(|e| {
                eprintln!("error: --posterior {}: cannot read it: {e}", path.display());
                Reported(1)
            })?;
            let text = String::from_utf8(text).map_err(|_| {
                eprintln!(
                    "error: --posterior {}: not a text file (not UTF-8)",
                    path.display()
                );
                Reported(1)
            })?;
            Posterior::load(&text, &path.display().to_string(), id, &space).map_err(|e| {
                eprintln!("error: --posterior {e}");
                Reported(1)
            })?
        }
        (None, Some(_)) => return Ok(ParamSource::Fixed),
        (None, None) => {
            return ParamSource::builtin(setup, id).map_err(|e| anyhow::anyhow!(e));
        }
    };
    Ok(ParamSource::posterior(posterior, &setup.params))
}

pub fn plan(setup: &Setup, args: &RunArgs) -> anyhow::Result<RunPlan> {
    bianjing_analysis::plan(
        setup,
        mode(args.mode),
        record(args.record),
        &args.what_if,
        &overrides(&args.set)?,
    )
    .map_err(|e| anyhow::anyhow!(e.with_fields("--what-if", "--set", "--compare")))
}

/// The plan of the single run `args` describes and its parameters: run 0 of its seed, with that run's
/// draw from the parameter source.
pub fn single_run(loaded: &Loaded, args: &RunArgs) -> anyhow::Result<(RunPlan, Params)> {
    let plan = plan(&loaded.setup, args)?;
    let source = param_source(loaded, args.scenario.scenario.as_deref(), &args.params)?;
    let params = source.params_for(&plan.params, &plan.pinned, args.seed, 0);
    Ok((plan, params))
}

/// The arms of an ensemble of `args` comparing the what-ifs of `compare` with the factual runs.
pub fn compare_arms(
    setup: &Setup,
    args: &RunArgs,
    compare: &[String],
) -> anyhow::Result<Vec<bianjing_analysis::Arm>> {
    bianjing_analysis::compare_arms(
        setup,
        mode(args.mode),
        record(args.record),
        &args.what_if,
        &overrides(&args.set)?,
        compare,
    )
    .map_err(|e| anyhow::anyhow!(e.with_fields("--what-if", "--set", "--compare")))
}

/// `--set NAME=VALUE` options as (name, value) pairs.
fn overrides(set: &[String]) -> anyhow::Result<Vec<(String, f64)>> {
    set.iter()
        .map(|s| {
            let (name, value) = s
                .split_once('=')
                .ok_or_else(|| anyhow::anyhow!("--set {s}: expected PARAM=VALUE"))?;
            let v: f64 = value
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("--set {s}: `{value}` is not a number"))?;
            Ok((name.trim().to_string(), v))
        })
        .collect()
}

fn mode(m: ModeArg) -> Mode {
    match m {
        ModeArg::History => Mode::History,
        ModeArg::Free => Mode::Free,
    }
}

fn record(r: RecordArg) -> Record {
    match r {
        RecordArg::Essay => Record::Essay,
        RecordArg::Sources => Record::Sources,
    }
}

/// How a run was made, for a chronicle's header.
pub fn label(args: &RunArgs, plan: &RunPlan) -> bianjing_chronicle::RunLabel {
    bianjing_chronicle::RunLabel {
        mode: match args.mode {
            ModeArg::History => "history",
            ModeArg::Free => "free",
        }
        .into(),
        record: match args.record {
            RecordArg::Essay => "essay",
            RecordArg::Sources => "sources",
        }
        .into(),
        seed: args.seed,
        what_ifs: plan.what_if_names.clone(),
    }
}
