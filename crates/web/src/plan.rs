//! Turning a request's run options into the model's values with the command line's planner
//! (`bianjing_analysis::plan`): the same what-if spellings, the same parameter overrides and the same
//! arms, so that the same options give the same runs. Errors name the request's field.

use bianjing_analysis::{EnsembleSpec, ParamSource, compare_arms};
use bianjing_chronicle::RunLabel;
use bianjing_engine::{Mode, Record, Setup};

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

pub use bianjing_analysis::RunPlan;

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
    bianjing_analysis::plan(setup, o.mode, o.record, &o.what_ifs, &o.set)
        .map_err(|e| ApiError::bad_request(e.with_fields(what_if_field, set_field, "compare")))
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
    let arms = compare_arms(
        setup,
        base.mode,
        base.record,
        &base.what_ifs,
        &base.set,
        compare,
    )
    .map_err(|e| ApiError::bad_request(e.with_fields("what_ifs", "set", "compare")))?;
    Ok(EnsembleSpec {
        runs,
        seed: base.seed,
        arms,
        source: source.clone(),
    })
}
