//! `bianjing validate`: free runs of the factual arm against the record.

use std::ops::Range;
use std::time::Instant;

use bianjing_analysis::{Arm, EnsembleSpec, validate};
use bianjing_engine::{Mode, RunConfig};
use serde_json::{Value, json};

use super::ensemble::{Dates, install_ctrl_c, run_ranges, stopped, threads_used};
use crate::Reported;
use crate::args::{ModeArg, RecordArg, RunArgs, ScenarioOpt, ValidateArgs};
use crate::model;

pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    // The parameters (with --set) as the other commands read them.
    let plan = model::plan(
        setup,
        &RunArgs {
            mode: ModeArg::Free,
            record: RecordArg::Essay,
            seed: args.seed,
            what_if: Vec::new(),
            set: args.set.clone(),
            params: args.params.clone(),
            scenario: ScenarioOpt { scenario: None },
        },
    )?;
    let source = model::param_source(&loaded, args.scenario.scenario.as_deref(), &args.params)?;
    let free = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    let mut arm = Arm::compile(setup, "factual", &free, plan.params)
        .map_err(|e| anyhow::anyhow!("free mode: {e}"))?;
    arm.pinned = plan.pinned;
    let spec = EnsembleSpec {
        runs: args.runs,
        seed: args.seed,
        arms: vec![arm],
        source,
    };
    install_ctrl_c();
    let t0 = Instant::now();
    let all = [Range {
        start: 0,
        end: args.runs,
    }];
    let agg = run_ranges(setup, &spec, args.threads, &all);
    let seconds = t0.elapsed().as_secs_f64();
    if stopped() {
        eprintln!("interrupted: validation needs every run; nothing printed");
        return Err(Reported(130).into());
    }
    let v = validate(setup, &agg);
    let dates = Dates {
        setup,
        calendar: loaded.scenario.calendar(),
    };
    let timing = json!({
        "seconds": seconds,
        "runs_run": args.runs,
        "threads": threads_used(args.threads),
        "runs_per_second": args.runs as f64 / seconds.max(1e-9),
    });
    if args.json {
        let day = |d: Option<i64>, f: &dyn Fn(i64) -> String| {
            d.map_or(Value::Null, |d| Value::String(f(d)))
        };
        let events: Vec<Value> = v
            .events
            .iter()
            .map(|e| {
                let rec = e.recorded_day.map(i64::from);
                let q = |x: Option<u16>| x.map(i64::from);
                json!({
                    "name": e.name,
                    "probability": e.probability,
                    "probability_lo": e.probability_lo,
                    "probability_hi": e.probability_hi,
                    "recorded_julian": day(rec, &|d| dates.julian(d)),
                    "recorded_lunar": day(rec, &|d| dates.lunar(d)),
                    "q05_julian": day(q(e.q05_day), &|d| dates.julian(d)),
                    "q50_julian": day(q(e.q50_day), &|d| dates.julian(d)),
                    "q95_julian": day(q(e.q95_day), &|d| dates.julian(d)),
                    "q05_lunar": day(q(e.q05_day), &|d| dates.lunar(d)),
                    "q50_lunar": day(q(e.q50_day), &|d| dates.lunar(d)),
                    "q95_lunar": day(q(e.q95_day), &|d| dates.lunar(d)),
                    "meets_target": e.meets_target,
                })
            })
            .collect();
        let out = json!({
            "runs": v.runs,
            "seed": args.seed,
            "parameters": spec.source.label(),
            "sequence_probability": v.sequence_probability,
            "sequence_lo": v.sequence_lo,
            "sequence_hi": v.sequence_hi,
            "all_met": v.all_met,
            "events": events,
            "timing": timing,
        });
        let mut s = serde_json::to_string_pretty(&out)?;
        s.push('\n');
        super::print(&s)
    } else {
        eprintln!(
            "{} free runs in {seconds:.2} s on {} thread(s); parameters: {}",
            args.runs,
            threads_used(args.threads),
            spec.source.label()
        );
        let d = |x: Option<i64>| x.map_or("-".to_string(), |x| dates.both(x));
        let q = |x: Option<u16>| d(x.map(i64::from));
        let mut rows: Vec<[String; 8]> = vec![[
            "event".into(),
            "p".into(),
            "95% CI".into(),
            "recorded".into(),
            "5%".into(),
            "median".into(),
            "95%".into(),
            "target".into(),
        ]];
        for e in &v.events {
            rows.push([
                e.name.clone(),
                format!("{:.3}", e.probability),
                format!("[{:.3}, {:.3}]", e.probability_lo, e.probability_hi),
                d(e.recorded_day.map(i64::from)),
                q(e.q05_day),
                q(e.q50_day),
                q(e.q95_day),
                if e.meets_target { "met" } else { "not met" }.into(),
            ]);
        }
        let mut widths = [0usize; 8];
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut text = format!(
            "Validation against the record: {} free runs, parameters {}.\n\n",
            v.runs,
            describe(&spec.source)
        );
        for r in &rows {
            let mut line = String::new();
            for (i, (c, w)) in r.iter().zip(widths).enumerate() {
                let pad = " ".repeat(w - c.chars().count());
                match i {
                    0 => line.push_str(&format!("{c}{pad}")),
                    7 => line.push_str(&format!("  {c}")),
                    _ => line.push_str(&format!("  {pad}{c}")),
                }
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push_str(&format!(
            "\nwhole recorded sequence in order (raid fails, dismissal, uprising, restoration, withdrawal, crossing, recall): {:.3} [{:.3}, {:.3}]\n",
            v.sequence_probability, v.sequence_lo, v.sequence_hi
        ));
        text.push_str(
            "\nTarget (PRODUCT.md): probability at least 0.5 and the recorded date inside the simulated 5-95% range.\n",
        );
        super::print(&text)
    }
}

/// The parameter source in words, for headers.
pub(crate) fn describe(source: &bianjing_analysis::ParamSource) -> String {
    use bianjing_analysis::ParamSource;
    match source {
        ParamSource::Fixed => "fixed at the scenario's defaults".into(),
        ParamSource::Prior { names, .. } => {
            format!("drawn from the prior (uniform over {} ranges)", names.len())
        }
        ParamSource::Posterior {
            posterior, digest, ..
        } => format!(
            "drawn from the posterior {digest} ({} samples, {})",
            posterior.samples.len(),
            posterior.method.name()
        ),
    }
}
