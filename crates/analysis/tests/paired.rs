//! The paired design: arms on common random numbers.

mod common;

use bianjing_analysis::{Arm, EnsembleSpec, ParamSource, Report, run_ensemble};
use common::{free_config, setup, three_arm_spec, what_if_config};

#[test]
fn an_arm_identical_to_the_factual_differs_by_exactly_zero() {
    let s = setup();
    let factual = Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap();
    let twin = Arm {
        name: "twin".into(),
        ..factual.clone()
    };
    let spec = EnsembleSpec {
        runs: 300,
        seed: 11,
        arms: vec![factual, twin],
        source: ParamSource::Fixed,
    };
    let agg = run_ensemble(s, &spec, 2, 0..300, &|_| {});
    let p = &agg.paired[0];
    assert_eq!(p.pairs, 300);
    for t in p.categories.iter().chain(&p.events) {
        assert_eq!(t.arm_only, 0);
        assert_eq!(t.factual_only, 0);
    }
    for m in &p.measures {
        assert_eq!(m.diff_sum, 0, "{}", m.measure);
        assert_eq!(m.diff_sum_sq, 0, "{}", m.measure);
    }
    assert_eq!(agg.arms[0].categories, agg.arms[1].categories);
    let report = Report::new(&agg);
    let c = &report.comparisons[0];
    // Every difference is exactly zero. Means of paired differences then have a zero-width interval;
    // a proportion's score interval keeps the width the 300 pairs allow (it is never the false
    // certainty of a zero-width interval), around the exact zero.
    for r in c.categories.iter().chain(&c.events).chain(&c.measures) {
        assert_eq!(r.difference.diff, 0.0, "{}", r.name);
        assert!(
            r.difference.lo <= 0.0 && 0.0 <= r.difference.hi,
            "{}",
            r.name
        );
    }
    for r in &c.measures {
        assert_eq!(r.difference.lo, 0.0, "{}", r.name);
        assert_eq!(r.difference.hi, 0.0, "{}", r.name);
        assert_eq!(r.difference.paired_half_width, 0.0, "{}", r.name);
    }
    // The unpaired interval of the same (zero) difference is not zero wherever there is variation.
    assert!(
        c.measures
            .iter()
            .any(|r| r.difference.unpaired_half_width > 0.0)
    );
}

#[test]
fn a_what_if_is_paired_with_the_factual_runs_from_its_divergence() {
    let s = setup();
    let what_if = Arm::compile(
        s,
        "no-raid",
        &what_if_config(s, "no-raid"),
        s.params.clone(),
    )
    .unwrap();
    let factual = Arm::factual_for(&what_if.script);
    assert_eq!(factual.free_from, what_if.script.free_from);
    assert!(factual.free_from > 0 && factual.free_from < u16::MAX);
    assert_eq!(factual.imposed, what_if.script.imposed);
    assert!(what_if.script.forbid_raid && !factual.forbid_raid);

    let spec = three_arm_spec(300, 5);
    let agg = run_ensemble(s, &spec, 2, 0..300, &|_| {});
    // The no-raid arm's factual runs keep history to the divergence: they differ from the free arm 0.
    assert_eq!(agg.paired[0].factual_free_from, what_if.script.free_from);
    assert_eq!(agg.paired[1].factual_free_from, 0);
    // Paired with arm 0 itself, the factual side of the pairs is arm 0's counts.
    let p = &agg.paired[1];
    for (t, &n) in p.categories.iter().zip(&agg.arms[0].categories) {
        assert_eq!(t.factual_yes(), n);
    }
    for (t, &n) in p.categories.iter().zip(&agg.arms[2].categories) {
        assert_eq!(t.arm_yes(), n);
    }
    // No raid in the what-if after the divergence, while its factual runs keep the raid.
    let raid = &agg.paired[0].events[0];
    assert_eq!(raid.arm_yes(), 0);
    assert!(raid.factual_yes() > 0);
    let report = Report::new(&agg);
    let text = report.render(&|d| format!("d{d}"));
    assert!(text.contains("no-raid against the factual runs"), "{text}");
    assert!(text.contains("eager-dismissal"), "{text}");
    // Paired intervals are never wider than what the pairing could at worst give.
    for c in &report.comparisons {
        for r in c.categories.iter().chain(&c.events).chain(&c.measures) {
            assert!(r.difference.lo <= r.difference.diff && r.difference.diff <= r.difference.hi);
        }
    }
}
