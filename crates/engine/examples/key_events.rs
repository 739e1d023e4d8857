//! Free runs of the built-in scenario: how often each key event happens, its median day against the
//! record's, the outcome categories, and the time per run.
//!
//! `cargo run --release -p bianjing-engine --example key_events -- [RUNS] [SEED] [--set NAME=VALUE]...`

use std::time::Instant;

use bianjing_engine::{Category, KeyEvent, Mode, Record, RunConfig, Script, Setup, Simulation};
use bianjing_scenario::model::EventKind;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = args
        .iter()
        .filter(|a| !a.starts_with("--") && !a.contains('='));
    let runs: u64 = positional
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let seed: u64 = positional
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1126);
    let scenario = bianjing_scenario::builtin();
    let setup =
        Setup::build(scenario.data(), scenario.calendar()).expect("built-in scenario builds");
    let mut params = setup.params.clone();
    let overrides: Vec<(String, f64)> = args
        .iter()
        .filter_map(|a| a.split_once('='))
        .map(|(n, v)| {
            (
                n.trim_start_matches("--set").trim().to_string(),
                v.parse().expect("a number"),
            )
        })
        .collect();
    params
        .apply_overrides(&setup.ranges, &overrides)
        .expect("overrides in range");
    let config = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    let script = Script::compile(&setup, &config).expect("free mode compiles");

    let mut days: Vec<Vec<u16>> = vec![Vec::new(); KeyEvent::ALL.len()];
    let mut categories = [0u64; Category::ALL.len()];
    let mut sequence = 0u64;
    let mut sim_days = 0u64;
    let t = Instant::now();
    for run in 0..runs {
        let mut sim = Simulation::new(&setup, &params, &script, seed, run);
        let o = sim.run(&mut ());
        sim_days += u64::from(sim.world().day);
        for (d, v) in o.key_days.iter().zip(days.iter_mut()) {
            if let Some(d) = d {
                v.push(*d);
            }
        }
        categories[Category::ALL.iter().position(|&c| c == o.category).unwrap()] += 1;
        if o.followed_the_record() {
            sequence += 1;
        }
    }
    let elapsed = t.elapsed();
    let recorded = |kind: EventKind| {
        setup
            .events
            .iter()
            .position(|e| e.kind == kind)
            .and_then(|i| setup.event_day(i, Record::Essay))
    };
    let kinds = [
        EventKind::NightRaid,
        EventKind::NightRaid,
        EventKind::Dismissal,
        EventKind::Uprising,
        EventKind::Restoration,
        EventKind::WithdrawalBegins,
        EventKind::JinCrossedNorth,
        EventKind::PursuitOrdered,
        EventKind::PursuitRecalled,
    ];
    let date = |d: i64| {
        let jdn = setup.start + d;
        scenario
            .calendar()
            .to_lunar(jdn)
            .map(|l| scenario.calendar().format_short(&l))
            .unwrap_or_default()
    };
    println!("{runs} free runs, seed {seed}");
    println!(
        "{:<18} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "event", "p", "q05", "median", "q95", "recorded"
    );
    for ((k, v), kind) in KeyEvent::ALL.iter().zip(days.iter_mut()).zip(kinds) {
        v.sort_unstable();
        let q = |f: f64| {
            if v.is_empty() {
                "-".to_string()
            } else {
                date(i64::from(v[((v.len() - 1) as f64 * f) as usize]))
            }
        };
        let rec = recorded(kind).map_or("-".to_string(), |d| date(i64::from(d)));
        println!(
            "{:<18} {:>8.3} {:>10} {:>10} {:>10} {:>10}",
            k.name(),
            v.len() as f64 / runs as f64,
            q(0.05),
            q(0.5),
            q(0.95),
            rec
        );
    }
    println!(
        "whole recorded sequence: {:.3}",
        sequence as f64 / runs as f64
    );
    for (c, n) in Category::ALL.iter().zip(categories) {
        println!("{:<24} {:.3}", c.name(), n as f64 / runs as f64);
    }
    println!(
        "time: {:.2} s, {:.1} us per run, {:.0} ns per simulated day (1 thread)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / runs as f64,
        elapsed.as_secs_f64() * 1e9 / sim_days as f64
    );
}
