//! `bianjing report`: a self-contained HTML report (DIR/index.html, plots as inline SVG) answering the
//! essay's closing question with the factual free runs, the what-ifs of a more aggressive policy and
//! their combinations, the key events' dates, the siege over time, and, when given, sensitivity
//! indices and the calibration's posterior.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use bianjing_analysis::{Arm, EnsembleSpec, ParamSource, Report, recorded_day};
use bianjing_calibration::Posterior;
use bianjing_engine::{KeyEvent, Setup};
use bianjing_report::{
    ArmInfo, DayLabel, EventDates, MorrisRow, ParameterPosterior, ReportInput, Sensitivity,
    SensitivityRow, render, series,
};

use super::ensemble::{Dates, install_ctrl_c, run_ranges, stopped, threads_used};
use crate::Reported;
use crate::args::{
    ModeArg, RecordArg, ReportArgs, RunArgs, ScenarioOpt, SensitivityArgs, SensitivityMethod,
};
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
    let mut sensitivity = match &args.sensitivity {
        Some(p) => Some(read_sensitivity(p)?),
        None => None,
    };
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let source = model::param_source(&loaded, args.scenario.scenario.as_deref(), &args.params)?;
    let posterior = match &source {
        ParamSource::Posterior { posterior, .. } => Some(shown_posterior(
            posterior,
            &loaded.scenario.data().parameter,
        )),
        _ => None,
    };
    let run_args = |what_if: Vec<String>| RunArgs {
        mode: ModeArg::Free,
        record: RecordArg::Essay,
        seed: args.seed,
        what_if,
        set: args.set.clone(),
        params: args.params.clone(),
        scenario: ScenarioOpt { scenario: None },
    };
    let base = model::plan(setup, &run_args(Vec::new()))?;
    let mut arms = vec![Arm {
        name: "factual".into(),
        script: base.script.clone(),
        params: base.params.clone(),
        pinned: base.pinned.clone(),
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
            pinned: plan.pinned,
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
        source,
    };

    // An unusable directory is reported before minutes of runs, not after.
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("--out {}: cannot create the directory", args.out.display()))?;
    install_ctrl_c();
    if sensitivity.is_none() && args.screening_trajectories > 0 {
        sensitivity = Some(screening(args)?);
    }
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
    let factual = &spec.arms[0];
    let series = series::collect(
        setup,
        &|run| {
            spec.source
                .params_for(&factual.params, &factual.pinned, args.seed, run)
        },
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
    let drawn = match &spec.source {
        ParamSource::Fixed => "the scenario's default parameters".to_string(),
        ParamSource::Prior { .. } => {
            "parameters drawn from the uniform prior over their ranges".to_string()
        }
        ParamSource::Posterior { digest, .. } => {
            format!("parameters drawn from the calibrated posterior ({digest})")
        }
    };
    let set = if args.set.is_empty() {
        drawn
    } else {
        format!("{drawn}, with {}", args.set.join(", "))
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

const HOW_TO_SENSITIVITY: &str = "No sensitivity indices were computed (--screening-trajectories 0). Run the report without it for a Morris screening, or pass indices with --sensitivity FILE.json: the output of `bianjing sensitivity --json`, or {\"method\": \"sobol\", \"rows\": [{\"output\": ..., \"parameter\": ..., \"first_order\": ..., \"first_order_ci\": [lo, hi], \"total\": ..., \"total_ci\": [lo, hi]}, ...]} (the intervals may be left out) or {\"method\": \"morris\", \"rows\": [{\"output\": ..., \"parameter\": ..., \"mu_star\": ..., \"sigma\": ...}, ...]}, as the sensitivity analysis writes it.";

const HOW_TO_POSTERIOR: &str = "These runs drew no parameters from a posterior (--fixed or --prior, or a scenario read from a file). The built-in scenario uses its calibrated posterior by default; `bianjing calibrate --out posterior.toml` fits one and --posterior FILE uses it.";

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

/// The report's own Morris screening of the main outputs, at the sizes its options give.
fn screening(args: &ReportArgs) -> anyhow::Result<Sensitivity> {
    let screening = SensitivityArgs {
        method: SensitivityMethod::Morris,
        output: Vec::new(),
        samples: Some(args.screening_trajectories),
        runs_per_point: args.screening_runs,
        levels: 4,
        params: Vec::new(),
        what_if: Vec::new(),
        effect_of: None,
        set: args.set.clone(),
        mode: ModeArg::Free,
        record: RecordArg::Essay,
        seed: args.seed,
        threads: args.threads,
        top: 0,
        bootstrap_resamples: 0,
        json: true,
        scenario: ScenarioOpt {
            scenario: args.scenario.scenario.clone(),
        },
    };
    let analysis = super::sensitivity::analyse(&screening)?;
    from_analysis(&analysis.json).map_err(|e| anyhow::anyhow!("the report's screening: {e}"))
}

/// Parameters kept per output from a full analysis: the report plots the leading ones.
const SENSITIVITY_ROWS_PER_OUTPUT: usize = 15;

/// The rows of the JSON that `bianjing sensitivity --json` writes, the leading parameters of each
/// output in its ranking.
fn from_analysis(v: &serde_json::Value) -> Result<Sensitivity, String> {
    let method = v["method"].as_str().ok_or("`method` is missing")?;
    let outputs = v["outputs"].as_array().ok_or("`outputs` is missing")?;
    let number = |row: &serde_json::Value, key: &str| -> Result<f64, String> {
        row[key]
            .as_f64()
            .ok_or_else(|| format!("`{key}` is missing or not a number"))
    };
    let pair =
        |row: &serde_json::Value, lo: &str, hi: &str| match (row[lo].as_f64(), row[hi].as_f64()) {
            (Some(a), Some(b)) => Some([a, b]),
            _ => None,
        };
    let mut sobol = Vec::new();
    let mut morris = Vec::new();
    for (i, o) in outputs.iter().enumerate() {
        let name = o["name"]
            .as_str()
            .ok_or_else(|| format!("outputs[{i}]: `name` is missing"))?;
        let rows = o["indices"]
            .as_array()
            .ok_or_else(|| format!("outputs[{i}]: `indices` is missing"))?;
        let ranking: Vec<&str> = o["ranking"]
            .as_array()
            .ok_or_else(|| format!("outputs[{i}]: `ranking` is missing"))?
            .iter()
            .filter_map(|p| p.as_str())
            .take(SENSITIVITY_ROWS_PER_OUTPUT)
            .collect();
        for parameter in ranking {
            let row = rows
                .iter()
                .find(|r| r["parameter"].as_str() == Some(parameter))
                .ok_or_else(|| format!("outputs[{i}]: no indices for `{parameter}`"))?;
            let at = |e: String| format!("outputs[{i}] ({name}), {parameter}: {e}");
            match method {
                "sobol" => sobol.push(SensitivityRow {
                    output: name.to_string(),
                    parameter: parameter.to_string(),
                    first_order: number(row, "first").map_err(at)?,
                    first_order_ci: pair(row, "first_lo", "first_hi"),
                    total: number(row, "total").map_err(at)?,
                    total_ci: pair(row, "total_lo", "total_hi"),
                }),
                "morris" => morris.push(MorrisRow {
                    output: name.to_string(),
                    parameter: parameter.to_string(),
                    mu_star: number(row, "mu_star").map_err(at)?,
                    sigma: number(row, "sigma").map_err(at)?,
                }),
                other => return Err(format!("unknown method `{other}`")),
            }
        }
    }
    Ok(if method == "sobol" {
        Sensitivity::Sobol(sobol)
    } else {
        Sensitivity::Morris(morris)
    })
}

fn read_sensitivity(path: &Path) -> anyhow::Result<Sensitivity> {
    let text = read_input(path, "--sensitivity")?;
    // The sensitivity command's own JSON first; the plain rows format otherwise.
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
        && v.get("outputs").is_some()
    {
        let s = from_analysis(&v).map_err(|e| invalid("--sensitivity", path, e))?;
        s.check().map_err(|e| invalid("--sensitivity", path, e))?;
        return Ok(s);
    }
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

/// Posterior panels shown at most: every calibrated parameter of the built-in scenario, most narrowed first.
const POSTERIOR_PANELS: usize = 40;

/// The posterior in use, as the report's panels: for the parameters whose central 90% narrowed most
/// against their prior range, the weighted samples beside the prior range and the declared default.
fn shown_posterior(
    posterior: &Posterior,
    declared: &[bianjing_scenario::model::ParameterDef],
) -> Vec<ParameterPosterior> {
    let weights: Vec<f64> = posterior.samples.iter().map(|s| s.weight).collect();
    let mut panels: Vec<(f64, ParameterPosterior)> = posterior
        .parameters
        .iter()
        .enumerate()
        .filter_map(|(k, name)| {
            let range = declared.iter().find(|d| d.name == *name)?;
            let samples: Vec<f64> = posterior.samples.iter().map(|s| s.values[k]).collect();
            let panel = ParameterPosterior {
                name: name.clone(),
                unit: range.unit.clone(),
                prior_min: range.min,
                prior_max: range.max,
                samples,
                weights: weights.clone(),
                default: Some(range.default),
            };
            let width = match (panel.quantile(0.05), panel.quantile(0.95)) {
                (Some(lo), Some(hi)) => (hi - lo) / (range.max - range.min).max(f64::MIN_POSITIVE),
                _ => 1.0,
            };
            Some((width, panel))
        })
        .collect();
    panels.sort_by(|a, b| a.0.total_cmp(&b.0));
    panels
        .into_iter()
        .take(POSTERIOR_PANELS)
        .map(|(_, p)| p)
        .collect()
}
