//! A run's plan from its options as people write them (`NAME` or `NAME=VALUE` what-ifs, `NAME=VALUE`
//! parameter overrides, what-ifs to compare): one place for the command line and the web server, so the
//! same options give the same runs whichever asks.

use bianjing_engine::{Mode, Params, Record, RunConfig, Script, Setup, WhatIfChoice};

use crate::spec::Arm;

/// A run's parameters and compiled script, with the what-ifs as given.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The defaults with the overrides applied.
    pub params: Params,
    /// The parameters set by hand: they keep their value whatever a run draws.
    pub pinned: Vec<String>,
    pub script: Script,
    pub what_if_names: Vec<String>,
}

/// Why the options could not be planned, by the option at fault; the caller names the option in its
/// own words (`--what-if` on the command line, `what_if` in a request).
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    WhatIf(String),
    Set(String),
    Compare(String),
}

impl PlanError {
    /// The message with the option's name in front, as `what_if`, `set` and `compare` say it.
    pub fn with_fields(&self, what_if: &str, set: &str, compare: &str) -> String {
        match self {
            PlanError::WhatIf(m) => format!("{what_if}: {m}"),
            PlanError::Set(m) => format!("{set}: {m}"),
            PlanError::Compare(m) => format!("{compare}: {m}"),
        }
    }
}

/// The plan of a run in `mode` following `record`, with `what_ifs` (`NAME` or `NAME=VALUE`) and the
/// parameter overrides `set`.
pub fn plan(
    setup: &Setup,
    mode: Mode,
    record: Record,
    what_ifs: &[String],
    set: &[(String, f64)],
) -> Result<RunPlan, PlanError> {
    let mut choices: Vec<WhatIfChoice> = Vec::new();
    let mut names = Vec::new();
    for spec in what_ifs {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => {
                let v: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| PlanError::WhatIf(format!("`{spec}`: `{v}` is not a number")))?;
                (n.trim(), Some(v))
            }
            None => (spec.trim(), None),
        };
        let index = setup.what_if(name).ok_or_else(|| {
            let known: Vec<_> = setup.what_ifs.iter().map(|w| w.id.as_str()).collect();
            PlanError::WhatIf(format!(
                "no what-if is called `{name}`; known: {}",
                known.join(", ")
            ))
        })?;
        if choices.iter().any(|w| w.index == index) {
            return Err(PlanError::WhatIf(format!("`{name}` given twice")));
        }
        choices.push(WhatIfChoice { index, value });
        names.push(spec.trim().to_string());
    }
    let mut params = setup.params.clone();
    params
        .apply_overrides(&setup.ranges, set)
        .map_err(|e| PlanError::Set(e.to_string()))?;
    let config = RunConfig {
        mode,
        record,
        what_ifs: choices,
    };
    let script = Script::compile(setup, &config).map_err(|e| PlanError::WhatIf(e.to_string()))?;
    Ok(RunPlan {
        params,
        pinned: set.iter().map(|(n, _)| n.clone()).collect(),
        script,
        what_if_names: names,
    })
}

/// The arms of an ensemble: arm 0 the factual configuration (`what_ifs` and `set`), then one arm per
/// what-if of `compare` added on top of it, named as given.
pub fn compare_arms(
    setup: &Setup,
    mode: Mode,
    record: Record,
    what_ifs: &[String],
    set: &[(String, f64)],
    compare: &[String],
) -> Result<Vec<Arm>, PlanError> {
    let base = plan(setup, mode, record, what_ifs, set)?;
    let mut arms = vec![Arm {
        name: "factual".to_string(),
        script: base.script,
        params: base.params,
        pinned: base.pinned,
    }];
    for name in compare {
        let name = name.trim();
        if name.is_empty() {
            return Err(PlanError::Compare("an empty what-if name".into()));
        }
        if arms.iter().any(|arm| arm.name == name) {
            return Err(PlanError::Compare(format!("`{name}` given twice")));
        }
        let mut with = what_ifs.to_vec();
        with.push(name.to_string());
        let p = plan(setup, mode, record, &with, set).map_err(|e| match e {
            PlanError::WhatIf(m) | PlanError::Compare(m) => {
                PlanError::Compare(format!("`{name}`: {m}"))
            }
            set => set,
        })?;
        arms.push(Arm {
            name: name.to_string(),
            script: p.script,
            params: p.params,
            pinned: p.pinned,
        });
    }
    Ok(arms)
}
