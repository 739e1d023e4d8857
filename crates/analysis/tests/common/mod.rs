//! Shared fixtures: the built-in scenario and small ensembles.
#![allow(dead_code)]

use std::sync::OnceLock;

use bianjing_analysis::{Arm, EnsembleSpec, ParamSource};
use bianjing_engine::{Mode, RunConfig, Setup, WhatIfChoice};

pub fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let scenario = bianjing_scenario::builtin();
        Setup::build(scenario.data(), scenario.calendar()).expect("the built-in scenario builds")
    })
}

pub fn free_config() -> RunConfig {
    RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    }
}

pub fn what_if_config(setup: &Setup, id: &str) -> RunConfig {
    RunConfig {
        mode: Mode::History,
        what_ifs: vec![WhatIfChoice {
            index: setup
                .what_if(id)
                .expect("the built-in scenario has this what-if"),
            value: None,
        }],
        ..RunConfig::default()
    }
}

/// A free factual arm only.
pub fn free_spec(runs: u64, seed: u64) -> EnsembleSpec {
    let s = setup();
    EnsembleSpec {
        runs,
        seed,
        arms: vec![Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap()],
        source: ParamSource::Fixed,
    }
}

/// A free factual arm, a history-mode what-if (paired with its own factual runs) and a free arm with
/// a parameter changed (paired with arm 0).
pub fn three_arm_spec(runs: u64, seed: u64) -> EnsembleSpec {
    let s = setup();
    let mut params = s.params.clone();
    params
        .apply_overrides(
            &s.ranges,
            &[(
                "court.dismiss_base".to_string(),
                s.ranges
                    .iter()
                    .find(|(n, _)| *n == "court.dismiss_base")
                    .unwrap()
                    .1
                    .max,
            )],
        )
        .unwrap();
    EnsembleSpec {
        runs,
        seed,
        arms: vec![
            Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap(),
            Arm::compile(
                s,
                "no-raid",
                &what_if_config(s, "no-raid"),
                s.params.clone(),
            )
            .unwrap(),
            Arm::compile(s, "eager-dismissal", &free_config(), params).unwrap(),
        ],
        source: ParamSource::Fixed,
    }
}
