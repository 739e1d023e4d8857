//! Turning a request's run options into the model's values, as the command line does (`src/model.rs`
//! and `src/cmd/ensemble.rs` of the binary): the same what-if spellings, the same parameter overrides
//! and the same arms, so that the same options give the same runs. Errors name the request's field.

use bianjing_analysis::{Arm, EnsembleSpec, ParamSource};
use bianjing_chronicle::RunLabel;
use bianjing_engine::{Mode, Params, Record, RunConfig, Script, Setup, WhatIfChoice};

use crate::ApiError;

/// The options that shape a run: those of `bianjing chronicle`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    pub mode: Mode,
    pub record: Record,
    pub seed: u64,
    /// `NAME` or `NAME=VALUE`, as `--what-if` takes them.
    pub what_ifs: Vec<String>,
    /// Parameter overrides, as `--set NAME=VALUE`.
    pub set: Vec<(String, f64)>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            mode: Mode::History,
            record: Record::Essay,
            seed: 1126,
            what_ifs: Vec::new(),
            set: Vec::new(),
        }
    }
}

/// A run's parameters and compiled script, with the what-ifs as given.
pub struct RunPlan {
    /// The defaults with the overrides applied.
    pub params: Params,
    /// The parameters set by hand: they keep their value whatever a run draws.
    pub pinned: Vec<String>,
    pub script: Script,
    pub what_if_names: Vec<String>,
}

pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::History => "history",
        Mode::Free => "free",
    }
}

pub fn record_name(record: Record) -> &'static str {
    match record {
        Record::Essay => "essay",
        Record::Sources => "sources",
    }
}

pub fn parse_mode(field: &str, text: &str) -> Result<Mode, ApiError> {
    match text {
        "history" => Ok(Mode::History),
        "free" => Ok(Mode::Free),
        _ => Err(ApiError::bad_request(format!(
            "{field}: `{text}` is not a mode; expected `history` or `free`"
        ))),
    }
}

pub fn parse_record(field: &str, text: &str) -> Result<Record, ApiError> {
    match text {
        "essay" => Ok(Record::Essay),
        "sources" => Ok(Record::Sources),
        _ => Err(ApiError::bad_request(format!(
            "{field}: `{text}` is not a record; expected `essay` or `sources`"
        ))),
    }
}

/// Splits `NAME=VALUE` of a parameter override, as `--set` does.
pub fn parse_set(field: &str, text: &str) -> Result<(String, f64), ApiError> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| ApiError::bad_request(format!("{field}: `{text}`: expected PARAM=VALUE")))?;
    let v: f64 = value.trim().parse().map_err(|_| {
        ApiError::bad_request(format!("{field}: `{text}`: `{value}` is not a number"))
    })?;
    Ok((name.trim().to_string(), v))
}

/// The run's plan, or a 400 naming `what_if_field` or `set_field`.
pub fn plan(
    setup: &Setup,
    o: &RunOptions,
    what_if_field: &str,
    set_field: &str,
) -> Result<RunPlan, ApiError> {
    let bad = |m: String| ApiError::bad_request(m);
    let mut what_ifs: Vec<WhatIfChoice> = Vec::new();
    let mut names = Vec::new();
    for spec in &o.what_ifs {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => {
                let v: f64 = v.trim().parse().map_err(|_| {
                    bad(format!("{what_if_field}: `{spec}`: `{v}` is not a number"))
                })?;
                (n.trim(), Some(v))
            }
            None => (spec.trim(), None),
        };
        let index = setup.what_if(name).ok_or_else(|| {
            let known: Vec<_> = setup.what_ifs.iter().map(|w| w.id.as_str()).collect();
            bad(format!(
                "{what_if_field}: no what-if is called `{name}`; known: {}",
                known.join(", ")
            ))
        })?;
        if what_ifs.iter().any(|w| w.index == index) {
            return Err(bad(format!("{what_if_field}: `{name}` given twice")));
        }
        what_ifs.push(WhatIfChoice { index, value });
        names.push(spec.trim().to_string());
    }
    let mut params = setup.params.clone();
    params
        .apply_overrides(&setup.ranges, &o.set)
        .map_err(|e| bad(format!("{set_field}: {e}")))?;
    let pinned = o.set.iter().map(|(n, _)| n.clone()).collect();
    let config = RunConfig {
        mode: o.mode,
        record: o.record,
        what_ifs,
    };
    let script =
        Script::compile(setup, &config).map_err(|e| bad(format!("{what_if_field}: {e}")))?;
    Ok(RunPlan {
        params,
        pinned,
        script,
        what_if_names: names,
    })
}

/// How the run was made, for the chronicle's header (as `bianjing chronicle` labels it).
pub fn label(o: &RunOptions, plan: &RunPlan) -> RunLabel {
    RunLabel {
        mode: mode_name(o.mode).into(),
        record: record_name(o.record).into(),
        seed: o.seed,
        what_ifs: plan.what_if_names.clone(),
    }
}

/// The ensemble's spec, as `bianjing ensemble` builds it: arm 0 the factual configuration, then one arm
/// per compared what-if added on top of it.
pub fn ensemble_spec(
    setup: &Setup,
    source: &ParamSource,
    base: &RunOptions,
    runs: u64,
    compare: &[String],
) -> Result<EnsembleSpec, ApiError> {
    let factual = plan(setup, base, "what_ifs", "set")?;
    let mut arms = vec![Arm {
        name: "factual".to_string(),
        script: factual.script,
        params: factual.params,
        pinned: factual.pinned,
    }];
    for name in compare {
        let name = name.trim();
        if name.is_empty() {
            return Err(ApiError::bad_request("compare: an empty what-if name"));
        }
        if arms.iter().any(|arm| arm.name == name) {
            return Err(ApiError::bad_request(format!(
                "compare: `{name}` given twice"
            )));
        }
        let mut options = base.clone();
        options.what_ifs.push(name.to_string());
        let p = plan(setup, &options, "compare", "set").map_err(|e| {
            ApiError::bad_request(format!(
                "compare: `{name}`: {}",
                e.message.trim_start_matches("compare: ")
            ))
        })?;
        arms.push(Arm {
            name: name.to_string(),
            script: p.script,
            params: p.params,
            pinned: p.pinned,
        });
    }
    Ok(EnsembleSpec {
        runs,
        seed: base.seed,
        arms,
        source: source.clone(),
    })
}
