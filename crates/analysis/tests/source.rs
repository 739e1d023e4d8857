//! Per-run parameters: drawn once per run index for every arm, with `--set` pinned on top; results
//! that record their source and refuse to merge across sources.

mod common;

use bianjing_analysis::{
    Arm, EnsembleSpec, MergeError, ParamSource, SiegeFit, Target, merge, run_ensemble, run_rows,
    uncertain,
};
use bianjing_calibration::{Method, Model, Posterior, Sample};
use bianjing_engine::PARAM_NAMES;
use common::{free_config, setup, three_arm_spec};

fn with_source(mut spec: EnsembleSpec, source: ParamSource) -> EnsembleSpec {
    spec.source = source;
    spec
}

/// A posterior of two samples over two parameters, far apart.
fn two_point_posterior() -> Posterior {
    Posterior::new(
        "bianjing-1126".into(),
        Method::Smc,
        1,
        0.1,
        10,
        vec!["court.dismiss_base".into(), "populace.pool".into()],
        vec![
            Sample {
                weight: 1.0,
                values: vec![range("court.dismiss_base").0, range("populace.pool").0],
            },
            Sample {
                weight: 3.0,
                values: vec![range("court.dismiss_base").1, range("populace.pool").1],
            },
        ],
    )
}

fn range(name: &str) -> (f64, f64) {
    let r = setup().ranges.iter().find(|(n, _)| *n == name).unwrap().1;
    (r.min, r.max)
}

#[test]
fn every_arm_of_a_run_uses_the_same_draw_and_pinned_values_stay() {
    let s = setup();
    let source = ParamSource::prior(s);
    let factual = Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap();
    let mut pinned = factual.clone();
    pinned.name = "pinned".into();
    pinned.params.pool = range("populace.pool").0;
    pinned.pinned = vec!["populace.pool".into()];
    let a: Vec<_> = run_rows(s, 5, &source, &factual, 0..20).collect();
    let b: Vec<_> = run_rows(s, 5, &source, &pinned, 0..20).collect();
    let pool = PARAM_NAMES
        .iter()
        .position(|n| *n == "populace.pool")
        .unwrap();
    for (x, y) in a.iter().zip(&b) {
        for (i, (u, v)) in x.params.iter().zip(&y.params).enumerate() {
            if i == pool {
                assert_eq!(*v, range("populace.pool").0);
            } else {
                assert_eq!(u.to_bits(), v.to_bits(), "{}", PARAM_NAMES[i]);
            }
        }
    }
    // The rows show each run's draw: different runs, different values, all inside their ranges.
    assert_ne!(a[0].params, a[1].params);
    for row in &a {
        for ((name, r), v) in s.ranges.iter().zip(&row.params) {
            assert!(r.min <= *v && *v <= r.max, "{name} = {v}");
        }
    }
    // A fixed source gives the defaults.
    let fixed: Vec<_> = run_rows(s, 5, &ParamSource::Fixed, &factual, 0..2).collect();
    assert_eq!(fixed[0].params, fixed[1].params);
    assert_eq!(fixed[0].params[pool], s.params.pool);
}

#[test]
fn a_posterior_source_draws_its_samples_by_weight() {
    let s = setup();
    let source = ParamSource::posterior(two_point_posterior(), &setup().params);
    let arm = Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap();
    let dismiss = PARAM_NAMES
        .iter()
        .position(|n| *n == "court.dismiss_base")
        .unwrap();
    let rows: Vec<_> = run_rows(s, 9, &source, &arm, 0..200).collect();
    let high = rows
        .iter()
        .filter(|r| r.params[dismiss] == range("court.dismiss_base").1)
        .count();
    // Weight 3 of 4: 150 expected, sd 6.1.
    assert!((120..=180).contains(&high), "{high} of 200");
    // A pinned parameter keeps the arm's value whatever the sample.
    let mut pinned = arm.clone();
    pinned.params.dismiss_base =
        (range("court.dismiss_base").0 + range("court.dismiss_base").1) / 2.0;
    pinned.pinned = vec!["court.dismiss_base".into()];
    let pool = PARAM_NAMES
        .iter()
        .position(|n| *n == "populace.pool")
        .unwrap();
    for (a, b) in rows.iter().zip(run_rows(s, 9, &source, &pinned, 0..200)) {
        assert_eq!(b.params[dismiss], pinned.params.dismiss_base);
        assert_eq!(a.params[pool], b.params[pool]);
    }
    // Parameters outside the posterior keep their defaults.
    let other = PARAM_NAMES
        .iter()
        .position(|n| *n == "engagement.bouts")
        .unwrap();
    assert!(rows.iter().all(|r| r.params[other] == s.params.bouts));
}

#[test]
fn sampled_ensembles_do_not_depend_on_threads_or_splits() {
    let s = setup();
    let spec = with_source(three_arm_spec(600, 3), ParamSource::prior(s));
    let whole = run_ensemble(s, &spec, 1, 0..600, &|_| {});
    assert_eq!(whole, run_ensemble(s, &spec, 3, 0..600, &|_| {}));
    let a = run_ensemble(s, &spec, 2, 0..250, &|_| {});
    let b = run_ensemble(s, &spec, 2, 250..600, &|_| {});
    assert_eq!(merge(&b, &a).unwrap().to_json(), whole.to_json());
    assert_eq!(whole.parameters, "prior");
}

#[test]
fn results_from_different_sources_refuse_to_merge() {
    let s = setup();
    let fixed = three_arm_spec(400, 3);
    let prior = with_source(three_arm_spec(400, 3), ParamSource::prior(s));
    let post = with_source(
        three_arm_spec(400, 3),
        ParamSource::posterior(two_point_posterior(), &setup().params),
    );
    let a = run_ensemble(s, &fixed, 2, 0..200, &|_| {});
    let b = run_ensemble(s, &prior, 2, 200..400, &|_| {});
    let c = run_ensemble(s, &post, 2, 200..400, &|_| {});
    assert_ne!(a.arms[0].categories, b.arms[0].categories);
    for (x, y) in [(&a, &b), (&a, &c), (&b, &c)] {
        assert_eq!(
            merge(x, y),
            Err(MergeError::DifferentEnsemble {
                what: "parameter sources (fixed, prior or which posterior)"
            })
        );
    }
    assert!(c.parameters.starts_with("posterior:") && c.parameters.len() == 26);
}

#[test]
fn the_siege_fit_scores_the_record() {
    let s = setup();
    let scenario = bianjing_scenario::builtin();
    let fit = SiegeFit::new(s, scenario.data());
    assert_eq!(fit.bounds().len(), uncertain(s).len());
    assert_eq!(fit.names().len(), fit.bounds().len());
    let days = fit
        .targets
        .iter()
        .filter(|t| matches!(t, Target::Day { .. }))
        .count();
    assert!(days >= 6, "{:?}", fit.targets);
    assert!(fit.targets.len() > days, "figures too: {:?}", fit.targets);
    // The record itself is at distance 0; a run in which nothing recorded happens and every figure is
    // nought is at least the events' share of the targets away.
    let perfect: Vec<f64> = fit
        .targets
        .iter()
        .map(|t| match t {
            Target::Day { recorded, .. } => f64::from(*recorded),
            Target::Figure { recorded, .. } => *recorded,
        })
        .collect();
    assert_eq!(fit.distance(&perfect), 0.0);
    let nothing: Vec<f64> = fit
        .targets
        .iter()
        .map(|t| match t {
            Target::Day { .. } => f64::NAN,
            Target::Figure { .. } => 0.0,
        })
        .collect();
    assert!(fit.distance(&nothing) >= days as f64 / fit.targets.len() as f64);
    let theta: Vec<f64> = fit.bounds().iter().map(|b| (b.min + b.max) / 2.0).collect();
    let mut rng = bianjing_calibration::streams::stream(
        1,
        bianjing_calibration::streams::Purpose::Proposal,
        0,
    );
    let d = fit.distance(&fit.simulate(&theta, &mut rng));
    assert!((0.0..=1.0).contains(&d), "{d}");
}

#[test]
fn the_shipped_posterior_fits_the_builtin_scenario() {
    let s = setup();
    let scenario = bianjing_scenario::builtin();
    let p = Posterior::load(
        bianjing_scenario::builtin_posterior(),
        bianjing_scenario::BUILTIN_POSTERIOR_NAME,
        &scenario.data().scenario.id,
        &uncertain(s),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Exactly the parameters the scenario marks for calibration, and the file is what it says it is.
    let marked: Vec<&str> = scenario
        .data()
        .parameter
        .iter()
        .filter(|d| d.calibrate)
        .map(|d| d.name.as_str())
        .collect();
    let mut fitted: Vec<&str> = p.parameters.iter().map(String::as_str).collect();
    let mut expected = marked.clone();
    fitted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(fitted, expected);
    assert_eq!(p.to_toml(), bianjing_scenario::builtin_posterior());
    assert!(p.ess() > 100.0, "ess {}", p.ess());
}
