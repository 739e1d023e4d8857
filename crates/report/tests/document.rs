//! The whole report from a small ensemble and fixture sensitivity and posterior data: every section by
//! its anchor, every plot well-formed, nothing fetched from outside, the headline built from the
//! numbers.

mod common;

use bianjing_analysis::{Arm, EnsembleSpec, ParamSource, Report, run_ensemble};
use bianjing_engine::{KeyEvent, Mode, RunConfig, Setup, WhatIfChoice};
use bianjing_report::headline::pct;
use bianjing_report::{
    ArmInfo, DayLabel, EventDates, ParameterPosterior, ReportInput, SECTION_IDS, Sensitivity,
    SensitivityRow, render, series,
};
use common::{check_xml, svgs};

struct Fixture {
    setup: Setup,
    report: Report,
    events: Vec<EventDates>,
}

fn fixture(runs: u64) -> Fixture {
    let scenario = bianjing_scenario::builtin();
    let setup = Setup::build(scenario.data(), scenario.calendar()).unwrap();
    let free = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    let refuse = RunConfig {
        what_ifs: vec![WhatIfChoice {
            index: setup.what_if("refuse-terms").unwrap(),
            value: None,
        }],
        ..free.clone()
    };
    let arms = vec![
        Arm::compile(&setup, "factual", &free, setup.params.clone()).unwrap(),
        Arm::compile(&setup, "refuse-terms", &refuse, setup.params.clone()).unwrap(),
    ];
    let spec = EnsembleSpec {
        runs,
        seed: 7,
        arms,
        source: ParamSource::Fixed,
    };
    let agg = run_ensemble(&setup, &spec, 1, 0..runs, &|_| {});
    let events = KeyEvent::ALL
        .iter()
        .zip(&agg.arms[0].events)
        .map(|(&k, e)| EventDates {
            name: e.event.clone(),
            counts: e.days.clone(),
            runs,
            recorded_day: bianjing_analysis::recorded_day(&setup, k),
        })
        .collect();
    Fixture {
        report: Report::new(&agg),
        setup,
        events,
    }
}

fn input<'a>(f: &'a Fixture, with_files: bool) -> ReportInput<'a> {
    let script = bianjing_engine::Script::compile(
        &f.setup,
        &RunConfig {
            mode: Mode::Free,
            ..RunConfig::default()
        },
    )
    .unwrap();
    let days = (0..f.setup.days)
        .map(|d| DayLabel {
            lunar_short: format!("m/{d}"),
            julian_short: format!("J {d}"),
            full: format!("day {d}"),
        })
        .collect();
    let sensitivity = with_files.then(|| {
        Sensitivity::Sobol(vec![
            SensitivityRow {
                output: "p:withdrew-with-terms".into(),
                parameter: "court.resolve_start".into(),
                first_order: 0.31,
                first_order_ci: Some([0.25, 0.37]),
                total: 0.45,
                total_ci: Some([0.38, 0.52]),
            },
            SensitivityRow {
                output: "p:withdrew-with-terms".into(),
                parameter: "jin.supply_days".into(),
                first_order: 0.05,
                first_order_ci: None,
                total: 0.09,
                total_ci: None,
            },
        ])
    });
    let posterior = with_files.then(|| {
        vec![ParameterPosterior {
            name: "jin.supply_days".into(),
            unit: "days".into(),
            prior_min: 20.0,
            prior_max: 80.0,
            samples: (0..100).map(|i| 30.0 + f64::from(i) * 0.2).collect(),
            weights: Vec::new(),
            default: Some(40.0),
        }]
    });
    ReportInput {
        title: "Test <report>".into(),
        meta: "fixture".into(),
        ensemble: &f.report,
        arms: vec![
            ArmInfo {
                name: "factual".into(),
                what_ifs: vec![],
                summary: "nothing imposed".into(),
            },
            ArmInfo {
                name: "refuse-terms".into(),
                what_ifs: vec!["refuse-terms".into()],
                summary: "terms refused".into(),
            },
        ],
        days,
        day_axis: "lunar date above, Julian date below".into(),
        event_dates: f.events.clone(),
        series: Some(series::collect(
            &f.setup,
            &|_| f.setup.params.clone(),
            &script,
            7,
            40,
        )),
        sensitivity,
        posterior,
        how_to_sensitivity: "HOW-TO-SENSITIVITY".into(),
        how_to_posterior: "HOW-TO-POSTERIOR".into(),
        notes: vec![],
    }
}

#[test]
fn every_section_is_there_and_nothing_comes_from_outside() {
    let f = fixture(300);
    for with_files in [false, true] {
        let html = render(&input(&f, with_files));
        for id in SECTION_IDS {
            assert!(
                html.contains(&format!("<section id=\"{id}\">")),
                "no section {id}"
            );
            assert!(
                html.contains(&format!("<a href=\"#{id}\">")),
                "{id} not in the contents"
            );
        }
        for bad in [
            "http://", "https://", "@import", "src=", "<script", "<link", "url(",
        ] {
            assert!(!html.contains(bad), "the report contains `{bad}`");
        }
        // No protocol-relative URL in any attribute either.
        assert!(!html.contains("=\"//") && !html.contains("='//"));
        assert!(html.contains("<title>Test &lt;report&gt;</title>"));
        let plots = svgs(&html);
        // 6 outcome panels, 6 + 4 effect panels, 9 event histograms, 3 bands, then files' plots.
        let expected = 6 + 10 + KeyEvent::ALL.len() + 3 + if with_files { 2 } else { 0 };
        assert_eq!(plots.len(), expected);
        for svg in plots {
            check_xml(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        }
        assert_eq!(html.contains("HOW-TO-SENSITIVITY"), !with_files);
        assert_eq!(html.contains("HOW-TO-POSTERIOR"), !with_files);
        if with_files {
            assert!(html.contains("court.resolve_start"));
            assert!(html.contains("jin.supply_days (days)"));
            assert!(html.contains("0.310 [0.250, 0.370]"));
        }
    }
}

#[test]
fn the_headline_is_made_of_the_ensemble_numbers() {
    let f = fixture(300);
    let html = render(&input(&f, false));
    let factual = f.report.arms[0]
        .categories
        .iter()
        .find(|c| c.name == "withdrew-with-terms")
        .unwrap();
    let baseline = format!(
        "in {} of runs (95% interval {} to {})",
        pct(factual.p),
        pct(factual.lo),
        pct(factual.hi)
    );
    assert!(html.contains(&baseline), "no `{baseline}` in the headline");
    let c = &f.report.comparisons[0];
    let row = c
        .categories
        .iter()
        .find(|r| r.name == "withdrew-with-terms")
        .unwrap();
    let said = format!(
        "the Jin withdraw with terms in {} of runs against {} in the paired factual runs",
        pct(row.arm),
        pct(row.factual)
    );
    assert!(html.contains(&said), "no `{said}`");
    // Refusing the terms leaves no terms to withdraw with: the answer must say it changes the outcome.
    assert!(row.difference.diff < -0.05, "{row:?}");
    assert!(html.contains("yes for 1 of the 1 what-ifs compared (refuse-terms"));
    // And it says what happens to the eastern army, from the same comparison's numbers.
    let broken = c
        .categories
        .iter()
        .find(|r| r.name == "eastern-army-broken")
        .unwrap();
    let said = if broken.difference.diff > 0.0 {
        // (The page escapes the apostrophe of "refuse-terms's".)
        assert!(html.contains("the Jin eastern army broken: the largest effect is refuse-terms"));
        format!(
            ", from {} to {} of runs (",
            pct(broken.factual),
            pct(broken.arm)
        )
    } else {
        "No what-if compared makes it likelier that the Jin eastern army is broken.".to_string()
    };
    assert!(html.contains(&said), "no `{said}`");
}

#[test]
fn the_daily_series_follows_runs_until_they_end() {
    let f = fixture(10);
    let script = bianjing_engine::Script::compile(
        &f.setup,
        &RunConfig {
            mode: Mode::Free,
            ..RunConfig::default()
        },
    )
    .unwrap();
    let s = series::collect(&f.setup, &|_| f.setup.params.clone(), &script, 7, 60);
    assert_eq!(s.runs, 60);
    assert_eq!(s.running[0], 60, "every run simulates day 0");
    assert!(
        s.running.windows(2).all(|w| w[1] <= w[0]),
        "runs only ever stop"
    );
    assert!(
        *s.running.last().unwrap() < 60,
        "some runs end before the horizon"
    );
    let food_days = f.setup.params.get("city.food_days").unwrap();
    for q in &s.quantities {
        for d in q.days.iter().flatten() {
            assert!(
                d.q05 <= d.q25 && d.q25 <= d.q50 && d.q50 <= d.q75 && d.q75 <= d.q95,
                "{q:?}"
            );
            match q.id.as_str() {
                "war-influence" | "resolve" => assert!(d.q05 >= 0.0 && d.q95 <= 1.0),
                "city-food" => assert!(d.q95 <= food_days),
                _ => assert!(d.q05 >= 0.0),
            }
        }
        // Days with too few runs are left blank.
        for (d, v) in q.days.iter().enumerate() {
            assert_eq!(
                v.is_some(),
                s.running[d] >= s.min_running,
                "day {d} of {}",
                q.id
            );
        }
    }
    // No runs: nothing to draw, and no division by zero.
    let none = series::collect(&f.setup, &|_| f.setup.params.clone(), &script, 7, 0);
    assert!(
        none.quantities
            .iter()
            .all(|q| q.days.iter().all(Option::is_none))
    );
}
