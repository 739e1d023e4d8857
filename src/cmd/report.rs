//! `bianjing report`: a self-contained HTML report (DIR/index.html, plots as inline SVG) answering the
//! essay's closing question with the factual free runs, the what-ifs of a more aggressive policy and
//! their combinations, the key events' dates, the siege over time, and, when given, sensitivity
//! indices and the calibration's posterior.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use bianjing_analysis::{Arm, EnsembleSpec, Report, recorded_day};
use bianjing_engine::{KeyEvent, Setup};
use bianjing_report::{
    ArmInfo, DayLabel, EventDates, ParameterPosterior, Posterior, ReportInput, Sensitivity, render,
    series,
};

use super::ensemble::{Dates, install_ctrl_c, run_ranges, stopped, threads_used};
use crate::Reported;
use crate::args::{ModeArg, RecordArg, ReportArgs, RunArgs, ScenarioOpt};
use crate::model;
use crate::output::write_atomically;

/// The what-ifs of the essay's closing question (pursue the retreating Jin, raid as planned, keep
/// Li Gang, refuse the terms) and the combinations compared: each, the two that keep the war party in
/// charge to the end, the three of a coordinated offensive, and all four. Ids of the scenario's
/// `[[what_if]]` tables; an arm whose what-if the scenario lacks is left out with a note.
const ARMS: [&[&str]; 7] = [
    &["pursue"],
    &["raid-as-planned"],
    &["keep-li-gang"],
    &["refuse-terms"],
    &["keep-li-gang", "pursue"],
    &["raid-as-planned", "keep-li-gang", "pursue"],
    &["raid-as-planned", "keep-li-gang", "refuse-terms", "pursue"],
];

/// Input files larger than this are refused before parsing: far above any real index table or
/// posterior sample, small enough to read at once.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    if args.runs == 0 {
        anyhow::bail!("--runs must be at least 1");
    }
    // Read the optional inputs first: a bad file is reported before minutes of runs.
    let sensitivity = match &args.sensitivity {
        Some(p) => Some(read_sensitivity(p)?),
        None => None,
    };
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let posterior = match &args.posterior {
        Some(p) => Some(read_posterior(p, setup)?),
        None => None,
    };
    let run_args = |what_if: Vec<String>| RunArgs {
        mode: ModeArg::Free,
        record: RecordArg::Essay,
        seed: args.seed,
        what_if,
        set: args.set.clone(),
        scenario: ScenarioOpt { scenario: None },
    };
    let base = model::plan(setup, &run_args(Vec::new()))?;
    let mut arms = vec![Arm {
        name: "factual".into(),
        script: base.script.clone(),
        params: base.params.clone(),
    }];
    let mut infos = vec![ArmInfo {
        name: "factual".into(),
        what_ifs: Vec::new(),
        summary: "Nothing imposed: every event arises from the mechanisms.".into(),
    }];
    let mut notes = Vec::new();
    for ids in ARMS {
        if let Some(missing) = ids.iter().find(|id| setup.what_if(id).is_none()) {
            notes.push(format!(
                "The scenario has no what-if `{missing}`, so the arm {} is left out.",
                ids.join(" + ")
            ));
            continue;
        }
        let plan = model::plan(
            setup,
            &run_args(ids.iter().map(|s| s.to_string()).collect()),
        )?;
        let name = ids.join("+");
        let summary = ids
            .iter()
            .filter_map(|id| setup.what_if(id).map(|i| setup.what_ifs[i].summary.clone()))
            .collect::<Vec<_>>()
            .join(" ");
        arms.push(Arm {
            name: name.clone(),
            script: plan.script,
            params: plan.params,
        });
        infos.push(ArmInfo {
            name,
            what_ifs: ids.iter().map(|s| s.to_string()).collect(),
            summary,
        });
    }
    let spec = EnsembleSpec {
        runs: args.runs,
        seed: args.seed,
        arms,
    };

    install_ctrl_c();
    let t0 = Instant::now();
    let all = [std::ops::Range {
        start: 0,
        end: args.runs,
    }];
    let agg = run_ranges(setup, &spec, args.threads, &all);
    if stopped() {
        eprintln!("interrupted: the report needs every run; nothing written");
        return Err(Reported(130).into());
    }
    let ensemble_seconds = t0.elapsed().as_secs_f64();
    let report = Report::new(&agg);
    let t1 = Instant::now();
    let series = series::collect(
        setup,
        &spec.arms[0].params,
        &spec.arms[0].script,
        args.seed,
        args.series_runs.min(args.runs),
    );
    let series_seconds = t1.elapsed().as_secs_f64();

    let dates = Dates {
        setup,
        calendar: loaded.scenario.calendar(),
    };
    let days = day_labels(setup, &dates);
    let event_dates = KeyEvent::ALL
        .iter()
        .zip(&agg.arms[0].events)
        .map(|(&k, e)| EventDates {
            name: e.event.clone(),
            counts: e.days.clone(),
            runs: agg.arms[0].runs,
            recorded_day: recorded_day(setup, k),
        })
        .collect();
    let set = if args.set.is_empty() {
        "the scenario's default parameters".to_string()
    } else {
        format!("the scenario's parameters with {}", args.set.join(", "))
    };
    let input = ReportInput {
        title: "Bianjing 1126: would a more aggressive policy have changed the outcome?".into(),
        meta: format!(
            "Scenario {}; {} free runs per arm from seed {}, with {}; bianjing {}.",
            loaded.scenario.file(),
            args.runs,
            args.seed,
            set,
            env!("CARGO_PKG_VERSION")
        ),
        ensemble: &report,
        arms: infos,
        day_axis: day_axis(setup, &dates),
        days,
        event_dates,
        series: Some(series),
        sensitivity,
        posterior,
        how_to_sensitivity: HOW_TO_SENSITIVITY.into(),
        how_to_posterior: HOW_TO_POSTERIOR.into(),
        notes,
    };
    let html = render(&input);

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("--out {}: cannot create the directory", args.out.display()))?;
    let index = args.out.join("index.html");
    write_atomically(&index, html.as_bytes())?;
    eprintln!(
        "wrote {} ({} KiB): {} arms x {} runs in {ensemble_seconds:.2} s on {} thread(s), {} runs followed day by day in {series_seconds:.2} s",
        index.display(),
        html.len().div_ceil(1024),
        spec.arms.len(),
        args.runs,
        threads_used(args.threads),
        args.series_runs.min(args.runs),
    );
    Ok(())
}

const HOW_TO_SENSITIVITY: &str = "No sensitivity indices were given. Pass them with --sensitivity FILE.json, where the file is {\"method\": \"sobol\", \"rows\": [{\"output\": ..., \"parameter\": ..., \"first_order\": ..., \"first_order_ci\": [lo, hi], \"total\": ..., \"total_ci\": [lo, hi]}, ...]} (the intervals may be left out) or {\"method\": \"morris\", \"rows\": [{\"output\": ..., \"parameter\": ..., \"mu_star\": ..., \"sigma\": ...}, ...]}, as the sensitivity analysis writes it.";

const HOW_TO_POSTERIOR: &str = "No posterior was given. Pass one with --posterior FILE, where the file is {\"parameters\": [{\"name\": ..., \"unit\": ..., \"prior_min\": ..., \"prior_max\": ..., \"samples\": [...], \"weights\": [...]}, ...]} (weights may be left out for equal weights), as the calibration writes it.";

/// Each simulated day as an axis and a sentence write it.
fn day_labels(setup: &Setup, dates: &Dates) -> Vec<DayLabel> {
    (0..i64::from(setup.days))
        .map(|d| {
            let jdn = setup.start + d;
            let lunar_short = dates.calendar.to_lunar(jdn).map_or_else(
                |_| format!("d{d}"),
                |l| format!("{}{}/{}", if l.leap { "L" } else { "" }, l.month, l.day),
            );
            let j = jdn.to_julian();
            DayLabel {
                lunar_short,
                julian_short: format!(
                    "{} {}",
                    MONTHS
                        .get(usize::from(j.month).wrapping_sub(1))
                        .unwrap_or(&"?"),
                    j.day
                ),
                full: dates.both(d),
            }
        })
        .collect()
}

/// The title under date axes, naming the era and year of the lunar dates from the scenario's calendar.
fn day_axis(setup: &Setup, dates: &Dates) -> String {
    match dates.calendar.to_lunar(setup.start) {
        Ok(l) => {
            let era = dates
                .calendar
                .era(&l.era)
                .map_or(l.era.clone(), |e| e.pinyin.clone());
            format!(
                "lunar date (month/day, {era} {}) above, Julian date below",
                l.year
            )
        }
        Err(_) => "lunar date (month/day) above, Julian date below".to_string(),
    }
}

fn read_input(path: &Path, option: &str) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("{option} {}: cannot read the file", path.display()))?;
    if meta.len() > MAX_INPUT_BYTES {
        anyhow::bail!(
            "{option} {}: {} bytes is more than the {} MiB allowed",
            path.display(),
            meta.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        );
    }
    std::fs::read_to_string(path).with_context(|| {
        format!(
            "{option} {}: cannot read the file as UTF-8 text",
            path.display()
        )
    })
}

/// An invalid input file: reported with its name and the place of the problem, exit 1.
fn invalid(option: &str, path: &Path, what: impl std::fmt::Display) -> anyhow::Error {
    eprintln!("error: {option} {}: {what}", path.display());
    Reported(1).into()
}

fn read_sensitivity(path: &Path) -> anyhow::Result<Sensitivity> {
    let text = read_input(path, "--sensitivity")?;
    let s: Sensitivity = serde_json::from_str(&text).map_err(|e| {
        invalid(
            "--sensitivity",
            path,
            format!("{e} (expected {{\"method\": \"sobol\" or \"morris\", \"rows\": [...]}})"),
        )
    })?;
    s.check().map_err(|e| invalid("--sensitivity", path, e))?;
    Ok(s)
}

fn read_posterior(path: &Path, setup: &Setup) -> anyhow::Result<Vec<ParameterPosterior>> {
    let text = read_input(path, "--posterior")?;
    let p: Posterior = serde_json::from_str(&text).map_err(|e| {
        invalid(
            "--posterior",
            path,
            format!("{e} (expected {{\"parameters\": [{{\"name\", \"prior_min\", \"prior_max\", \"samples\", ...}}]}})"),
        )
    })?;
    if p.parameters.is_empty() {
        return Err(invalid("--posterior", path, "`parameters` is empty"));
    }
    let mut out = p.parameters;
    for (i, q) in out.iter_mut().enumerate() {
        q.check()
            .map_err(|e| invalid("--posterior", path, format!("parameters[{i}]: {e}")))?;
        if q.default.is_none() {
            q.default = setup.params.get(&q.name);
        }
    }
    Ok(out)
}
