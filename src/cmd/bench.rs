//! `bianjing bench`: free runs, outcomes only, on 1 thread and on every core.

use std::time::Instant;

use bianjing_analysis::{Aggregate, Arm, EnsembleSpec, Measure, run_ensemble};
use bianjing_engine::{Mode, RunConfig};
use serde_json::json;

use crate::args::BenchArgs;
use crate::model;

/// Peak resident memory (bytes), from `VmHWM` in /proc/self/status; `None` where that is not known.
fn peak_memory() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The processor the figures were measured on, from /proc/cpuinfo: its model name, with the family and
/// model numbers, since a virtual machine may give only the vendor's line ("AMD EPYC"). The same build
/// runs at very different speeds on different processors, so a figure means little without it.
fn processor() -> Option<String> {
    let s = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let field = |key: &str| {
        s.lines()
            .take_while(|l| !l.trim().is_empty())
            .find(|l| l.split(':').next().is_some_and(|k| k.trim() == key))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let name = field("model name")?;
    Some(match (field("cpu family"), field("model")) {
        (Some(family), Some(model)) => format!("{name} (family {family}, model {model})"),
        _ => name,
    })
}

/// Days simulated: each run simulates days 0..=end_day.
fn days_simulated(agg: &Aggregate) -> u64 {
    let i = Measure::ALL
        .iter()
        .position(|&m| m == Measure::EndDay)
        .expect("end-day is a measure");
    let arm = &agg.arms[0];
    let scale = agg.grids[i].scale as i128;
    (arm.measures[i].sum / scale) as u64 + arm.runs
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let free = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    let arm = Arm::compile(setup, "factual", &free, setup.params.clone())
        .map_err(|e| anyhow::anyhow!("free mode: {e}"))?;
    let spec = EnsembleSpec {
        source: bianjing_analysis::ParamSource::Fixed,
        runs: args.runs,
        seed: 1126,
        arms: vec![arm],
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A short warm-up so that neither measurement pays for first-touch page faults.
    let _ = run_ensemble(setup, &spec, 1, 0..args.runs.min(2_000), &|_| {});

    let t = Instant::now();
    let one = run_ensemble(setup, &spec, 1, 0..args.runs, &|_| {});
    let t1 = t.elapsed().as_secs_f64().max(1e-9);
    let t = Instant::now();
    let all = run_ensemble(setup, &spec, cores, 0..args.runs, &|_| {});
    let tn = t.elapsed().as_secs_f64().max(1e-9);
    assert_eq!(one, all, "the thread count changed the result");

    let days = days_simulated(&one);
    let runs = args.runs as f64;
    let per_core_1 = runs / t1;
    let per_core_n = runs / tn / cores as f64;
    let ns_per_day = t1 * 1e9 / days as f64;
    let scaling = t1 / tn;
    let peak = peak_memory();
    let processor = processor();
    if args.json {
        let out = json!({
            "runs": args.runs,
            "cores": cores,
            "simulated_days": days,
            "seconds_1_thread": t1,
            "seconds_all_cores": tn,
            "runs_per_second_per_core_1_thread": per_core_1,
            "runs_per_second_per_core_all_cores": per_core_n,
            "runs_per_second_all_cores": runs / tn,
            "ns_per_simulated_day": ns_per_day,
            "scaling": scaling,
            "peak_memory_bytes": peak,
            "days_compiled_for": bianjing_engine::days_compiled_for(),
            "processor": processor,
        });
        let mut s = serde_json::to_string_pretty(&out)?;
        s.push('\n');
        super::print(&s)
    } else {
        let mem = peak.map_or("unknown".to_string(), |b| {
            format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
        });
        super::print(&format!(
            "Free runs, outcomes only: {} runs ({} simulated days, {:.1} days a run).\n\
             1 thread:        {t1:>8.3} s  {per_core_1:>10.0} runs/s per core  {ns_per_day:.0} ns per simulated day\n\
             {cores} thread(s):    {tn:>8.3} s  {per_core_n:>10.0} runs/s per core  {:>10.0} runs/s in all\n\
             scaling 1 -> {cores}: {scaling:.2}x\n\
             peak memory:     {mem}\n\
             days compiled for: {}\n\
             processor:       {}\n",
            args.runs,
            days,
            days as f64 / runs,
            runs / tn,
            bianjing_engine::days_compiled_for(),
            processor.as_deref().unwrap_or("unknown"),
        ))
    }
}
