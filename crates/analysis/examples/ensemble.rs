//! An ensemble of the built-in scenario: the free factual runs against two what-ifs, the report and
//! the validation table, and the time taken.
//!
//! `cargo run --release -p bianjing-analysis --example ensemble -- [RUNS] [SEED] [THREADS]`

use std::time::Instant;

use bianjing_analysis::{Arm, EnsembleSpec, Report, run_ensemble, validate};
use bianjing_engine::{Mode, RunConfig, Setup, WhatIfChoice};

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let runs = args.first().copied().unwrap_or(20_000);
    let seed = args.get(1).copied().unwrap_or(1126);
    let threads = args.get(2).copied().unwrap_or(0) as usize;
    let scenario = bianjing_scenario::builtin();
    let setup = Setup::build(scenario.data(), scenario.calendar()).expect("built-in scenario");
    let free = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    let what_if = |id: &str| {
        let config = RunConfig {
            what_ifs: vec![WhatIfChoice {
                index: setup.what_if(id).expect("a built-in what-if"),
                value: None,
            }],
            ..RunConfig::default()
        };
        Arm::compile(&setup, id, &config, setup.params.clone()).expect("compiles")
    };
    let spec = EnsembleSpec {
        runs,
        seed,
        arms: vec![
            Arm::compile(&setup, "factual", &free, setup.params.clone()).expect("compiles"),
            what_if("no-raid"),
            what_if("keep-li-gang"),
        ],
        source: bianjing_analysis::ParamSource::Fixed,
    };
    let t = Instant::now();
    let agg = run_ensemble(&setup, &spec, threads, 0..runs, &|_| {});
    let elapsed = t.elapsed();
    let date = |d: i64| {
        scenario
            .calendar()
            .to_lunar(setup.start + d)
            .map(|l| scenario.calendar().format_short(&l))
            .unwrap_or_else(|_| format!("day {d}"))
    };
    print!("{}", Report::new(&agg).render(&|d| date(i64::from(d))));
    println!();
    print!("{}", validate(&setup, &agg).render(&|d| date(i64::from(d))));
    println!(
        "\n{} runs x {} arms (+ paired factual runs) in {:.2} s",
        runs,
        spec.arms.len(),
        elapsed.as_secs_f64()
    );
}
