//! Loading a scenario and building the model's setup, reporting every problem at its line and column.

use std::path::Path;

use anyhow::Context;
use bianjing_engine::{Mode, Params, Record, RunConfig, Script, Setup, WhatIfChoice};
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

/// A run's configuration and parameters from the command line.
pub struct RunPlan {
    /// The defaults with `--set` applied.
    pub params: Params,
    /// The parameters `--set` fixed: they keep their value whatever a run draws.
    pub pinned: Vec<String>,
    pub script: Script,
    pub what_if_names: Vec<String>,
}

/// Where runs take their parameters from: `--fixed`, `--prior`, `--posterior FILE`, or by default the
/// built-in posterior for the built-in scenario (`scenario_path` is `None`) and the defaults for a
/// scenario read from a file.
pub fn param_source(
    setup: &Setup,
    scenario: &Scenario,
    scenario_path: Option<&Path>,
    args: &ParamSourceArgs,
) -> anyhow::Result<ParamSource> {
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
    let mut what_ifs = Vec::new();
    let mut names = Vec::new();
    for spec in &args.what_if {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => {
                let v: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| anyhow::anyhow!("--what-if {spec}: `{v}` is not a number"))?;
                (n.trim(), Some(v))
            }
            None => (spec.trim(), None),
        };
        let index = setup.what_if(name).ok_or_else(|| {
            let known: Vec<_> = setup.what_ifs.iter().map(|w| w.id.as_str()).collect();
            anyhow::anyhow!(
                "--what-if: no what-if is called `{name}`; known: {}",
                known.join(", ")
            )
        })?;
        if what_ifs.iter().any(|w: &WhatIfChoice| w.index == index) {
            anyhow::bail!("--what-if: `{name}` given twice");
        }
        what_ifs.push(WhatIfChoice { index, value });
        names.push(spec.trim().to_string());
    }
    let mut overrides = Vec::new();
    for s in &args.set {
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("--set {s}: expected PARAM=VALUE"))?;
        let v: f64 = value
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("--set {s}: `{value}` is not a number"))?;
        overrides.push((name.trim().to_string(), v));
    }
    let mut params = setup.params.clone();
    params
        .apply_overrides(&setup.ranges, &overrides)
        .map_err(|e| anyhow::anyhow!("--set: {e}"))?;
    let pinned = overrides.into_iter().map(|(n, _)| n).collect();
    let config = RunConfig {
        mode: match args.mode {
            ModeArg::History => Mode::History,
            ModeArg::Free => Mode::Free,
        },
        record: match args.record {
            RecordArg::Essay => Record::Essay,
            RecordArg::Sources => Record::Sources,
        },
        what_ifs,
    };
    let script = Script::compile(setup, &config).map_err(|e| anyhow::anyhow!("--what-if: {e}"))?;
    Ok(RunPlan {
        params,
        pinned,
        script,
        what_if_names: names,
    })
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
