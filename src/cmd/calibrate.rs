//! `bianjing calibrate`: fit the uncertain parameters to the record by ABC and write the posterior.

use std::time::Instant;

use bianjing_analysis::{SiegeFit, Target, uncertain};
use bianjing_calibration::{Method, Posterior, Settings, calibrate};
use serde_json::{Value, json};

use super::ensemble::{Dates, Progress, STOP, install_ctrl_c, stopped, threads_used};
use crate::Reported;
use crate::args::{CalibrateArgs, MethodArg};
use crate::model;
use crate::output::write_atomically;

pub fn run(args: &CalibrateArgs) -> anyhow::Result<()> {
    // A calibration takes a minute: find out now, not after it, that the posterior cannot be written.
    if let Some(out) = &args.out {
        let dir = out.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            anyhow::bail!(
                "--out {}: the directory {} does not exist",
                out.display(),
                dir.display()
            );
        }
    }
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let replicates = usize::try_from(args.replicates).unwrap_or(1);
    let marked: Vec<String> = loaded
        .scenario
        .data()
        .parameter
        .iter()
        .filter(|p| p.calibrate)
        .map(|p| p.name.clone())
        .collect();
    let chosen = if args.params.is_empty() {
        &marked
    } else {
        &args.params
    };
    let (model, space) = if chosen.is_empty() {
        (
            SiegeFit::new(setup, loaded.scenario.data()).with_replicates(replicates),
            uncertain(setup),
        )
    } else {
        let model = SiegeFit::with_parameters(setup, loaded.scenario.data(), chosen)
            .map_err(|e| {
                eprintln!("error: --params: {e}");
                Reported(2)
            })?
            .with_replicates(replicates);
        let space: Vec<_> = uncertain(setup)
            .into_iter()
            .filter(|s| model.names().contains(&s.name))
            .collect();
        (model, space)
    };
    let settings = Settings {
        method: match args.method {
            MethodArg::AbcRejection => Method::Rejection,
            MethodArg::AbcSmc => Method::Smc,
        },
        seed: args.seed,
        particles: args.particles,
        simulations: args.simulations,
        generations: args.generations,
        quantile: args.quantile,
        max_attempts: 20_000,
        threads: args.threads,
    };
    install_ctrl_c();
    let t0 = Instant::now();
    let progress = Progress::start(args.simulations, "simulations");
    let fit = calibrate(&model, &settings, &|n| progress.add(n), &STOP);
    progress.finish();
    let fit = fit.map_err(|e| {
        eprintln!("error: {e}");
        Reported(2)
    })?;
    let seconds = t0.elapsed().as_secs_f64();
    if stopped() && settings.method == Method::Rejection {
        eprintln!("interrupted: rejection needs every simulation; nothing written");
        return Err(Reported(130).into());
    }
    let posterior = Posterior::from_fit(&fit, &loaded.scenario.data().scenario.id, &space);
    if posterior.ess() < fit.particles.len() as f64 / 10.0 {
        eprintln!(
            "warning: the weights degenerated: effective sample size {:.0} of {} particles; runs drawing from this posterior see few distinct parameter sets (consider --method abc-rejection)",
            posterior.ess(),
            fit.particles.len()
        );
    }
    if let Some(out) = &args.out {
        write_atomically(out, posterior.to_toml().as_bytes())?;
    }
    eprintln!(
        "{} simulations in {seconds:.1} s on {} thread(s): {}{}",
        fit.simulations,
        threads_used(args.threads),
        fit.stopped,
        args.out.as_ref().map_or(String::new(), |p| format!(
            "; posterior written to {}",
            p.display()
        ))
    );
    let dates = Dates {
        setup,
        calendar: loaded.scenario.calendar(),
    };
    let rows: Vec<Row> = space
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (q05, q50, q95) = (
                posterior.quantile(i, 0.05),
                posterior.quantile(i, 0.5),
                posterior.quantile(i, 0.95),
            );
            Row {
                name: s.name.clone(),
                min: s.bounds.min,
                max: s.bounds.max,
                q05,
                q50,
                q95,
                // The prior's central 90% spans 0.9 of the range.
                narrowed: 1.0 - (q95 - q05) / (0.9 * s.bounds.width()),
            }
        })
        .collect();
    let targets: Vec<Value> = model
        .targets
        .iter()
        .map(|t| match t {
            Target::Day { recorded, .. } => json!({
                "name": t.name(),
                "recorded_day": recorded,
                "recorded_julian": dates.julian(i64::from(*recorded)),
            }),
            Target::Figure { recorded, from, .. } => json!({
                "name": t.name(), "recorded": recorded, "from": from,
            }),
        })
        .collect();
    if args.json {
        let out = json!({
            "method": fit.method.name(),
            "seed": fit.seed,
            "particles": fit.particles.len(),
            "simulations": fit.simulations,
            "tolerance": fit.tolerance,
            "ess": posterior.ess(),
            "stopped": fit.stopped,
            "digest": posterior.digest(),
            "generations": fit.generations.iter().map(|g| json!({
                "tolerance": if g.tolerance.is_finite() { json!(g.tolerance) } else { Value::Null },
                "simulations": g.simulations,
                "outside_prior": g.outside,
                "ess": g.ess,
            })).collect::<Vec<_>>(),
            "targets": targets,
            "parameters": rows.iter().map(|r| json!({
                "name": r.name, "min": r.min, "max": r.max,
                "q05": r.q05, "median": r.q50, "q95": r.q95, "narrowed": r.narrowed,
            })).collect::<Vec<_>>(),
            "timing": { "seconds": seconds, "threads": threads_used(args.threads) },
        });
        let mut s = serde_json::to_string_pretty(&out)?;
        s.push('\n');
        return super::print(&s);
    }
    let mut text = format!(
        "Calibration by {} to the record: {} particles from {} simulations, tolerance {:.4}, effective sample size {:.0}.\n\nGenerations:\n",
        fit.method.name(),
        fit.particles.len(),
        fit.simulations,
        fit.tolerance,
        posterior.ess()
    );
    for (i, g) in fit.generations.iter().enumerate() {
        let tol = if g.tolerance.is_finite() {
            format!("{:.4}", g.tolerance)
        } else {
            "prior".into()
        };
        text.push_str(&format!(
            "  {i:>2}  tolerance {tol:>7}  simulations {:>9}  outside the prior {:>8}  ESS {:>6.0}\n",
            g.simulations, g.outside, g.ess
        ));
    }
    text.push_str("\nTargets (summary statistics):\n");
    for t in &model.targets {
        match t {
            Target::Day { recorded, .. } => text.push_str(&format!(
                "  {:<26} recorded {}\n",
                t.name(),
                dates.both(i64::from(*recorded))
            )),
            Target::Figure { recorded, from, .. } => text.push_str(&format!(
                "  {:<26} recorded {recorded} ({from})\n",
                t.name()
            )),
        }
    }
    let w = rows.iter().map(|r| r.name.len()).max().unwrap_or(9).max(9);
    text.push_str(&format!(
        "\n{:<w$}  {:>21}  {:>10}  {:>23}  {:>8}\n",
        "parameter", "prior range", "median", "90% interval", "narrowed"
    ));
    for r in &rows {
        text.push_str(&format!(
            "{:<w$}  {:>21}  {:>10}  {:>23}  {:>7.0}%\n",
            r.name,
            format!("[{}, {}]", g(r.min), g(r.max)),
            g(r.q50),
            format!("[{}, {}]", g(r.q05), g(r.q95)),
            100.0 * r.narrowed
        ));
    }
    text.push_str(
        "\nnarrowed: 1 - (width of the posterior's 90% interval) / (width of the prior's, 0.9 of the range).\n",
    );
    super::print(&text)
}

struct Row {
    name: String,
    min: f64,
    max: f64,
    q05: f64,
    q50: f64,
    q95: f64,
    narrowed: f64,
}

/// Four significant digits, without trailing noise.
fn g(v: f64) -> String {
    let s = format!("{v:.3e}");
    let x: f64 = s.parse().unwrap_or(v);
    format!("{x}")
}
