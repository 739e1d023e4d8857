//! The engine driven on the built-in 1126 scenario: determinism, the record, the divergence rule,
//! invariants under random parameters, and free-mode frequencies.

use bianjing_engine::{
    Event, Happening, KeyEvent, Mode, Outcome, Params, Record, RunConfig, Script, Setup,
    Simulation, WhatIfChoice, World,
};
use proptest::prelude::*;

fn setup() -> Setup {
    let s = bianjing_scenario::builtin();
    Setup::build(s.data(), s.calendar()).expect("the built-in scenario builds")
}

fn run(
    setup: &Setup,
    params: &Params,
    config: &RunConfig,
    seed: u64,
    index: u64,
) -> (Vec<Event>, Outcome) {
    let script = Script::compile(setup, config).unwrap();
    let mut events = Vec::new();
    let outcome = Simulation::new(setup, params, &script, seed, index).run(&mut events);
    (events, outcome)
}

fn free() -> RunConfig {
    RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    }
}

#[test]
fn same_seed_same_run_bit_for_bit() {
    let s = setup();
    for config in [RunConfig::default(), free()] {
        let a = run(&s, &s.params, &config, 99, 3);
        let b = run(&s, &s.params, &config, 99, 3);
        assert_eq!(a, b);
    }
    // Another run index draws from another stream.
    let a = run(&s, &s.params, &free(), 99, 3);
    let c = run(&s, &s.params, &free(), 99, 4);
    assert_ne!(a.0, c.0);
}

#[test]
fn stepping_day_by_day_is_running_to_the_end() {
    // `run` lets the marches go unvisited on quiet days and brings the roads up to date at the end;
    // `step` brings them up to date every day. Both give the same events and the same final state, and
    // a contingent's road left shrinks day by day while it marches.
    let s = setup();
    let script = Script::compile(&s, &free()).unwrap();
    let mut shrank = 0;
    for index in 0..40 {
        let mut whole = Simulation::new(&s, &s.params, &script, 5, index);
        let mut whole_events = Vec::new();
        let outcome = whole.run(&mut whole_events);
        let mut daily = Simulation::new(&s, &s.params, &script, 5, index);
        let mut daily_events = Vec::new();
        let mut last: Vec<f64> = daily.world().forces.iter().map(|f| f.li_left).collect();
        while !daily.is_finished() {
            daily.step(&mut daily_events);
            for (f, before) in daily.world().forces.iter().zip(&mut last) {
                if f.posture == bianjing_engine::world::Posture::Marching && f.li_left < *before {
                    shrank += 1;
                }
                assert!(f.li_left <= *before, "a road left grew");
                *before = f.li_left;
            }
        }
        assert_eq!(whole_events, daily_events, "run {index}");
        assert_eq!(outcome, daily.outcome());
        let li = |sim: &Simulation| {
            sim.world()
                .forces
                .iter()
                .map(|f| f.li_left)
                .collect::<Vec<_>>()
        };
        assert_eq!(li(&whole), li(&daily));
    }
    assert!(
        shrank > 100,
        "marches should be seen progressing ({shrank})"
    );
}

#[test]
fn history_imposes_every_recorded_event_on_its_date() {
    let s = setup();
    for record in [Record::Essay, Record::Sources] {
        let config = RunConfig {
            record,
            ..RunConfig::default()
        };
        let (events, _) = run(&s, &s.params, &config, 1, 0);
        for (i, e) in s.events.iter().enumerate() {
            let Some(day) = s.event_day(i, record) else {
                continue;
            };
            if e.kind == bianjing_scenario::model::EventKind::Background
                || day < 0
                || day >= i32::from(s.days)
            {
                continue;
            }
            let found = events.iter().find(|x| x.recorded == Some(i as u16));
            let found =
                found.unwrap_or_else(|| panic!("{record:?}: recorded event `{}` missing", e.id));
            assert_eq!(
                i32::from(found.day),
                day,
                "{record:?}: `{}` on the wrong day",
                e.id
            );
        }
        // Days never go backwards.
        assert!(events.windows(2).all(|w| w[0].day <= w[1].day));
    }
}

#[test]
fn history_generates_no_key_event_of_its_own() {
    let s = setup();
    for seed in 0..20 {
        let (events, _) = run(&s, &s.params, &RunConfig::default(), seed, 0);
        for e in &events {
            if KeyEvent::of(&e.what).is_some() && !matches!(e.what, Happening::Fight(_)) {
                assert!(
                    e.recorded.is_some(),
                    "seed {seed}: unrecorded key event {e:?} in history mode"
                );
            }
        }
    }
}

#[test]
fn history_ends_as_recorded() {
    let s = setup();
    for seed in 0..20 {
        let (_, o) = run(&s, &s.params, &RunConfig::default(), seed, 0);
        assert_eq!(
            o.category,
            bianjing_engine::Category::WithdrewWithTerms,
            "seed {seed}"
        );
        assert!(
            o.raid && o.raid_failed && o.pursuit && o.recall,
            "seed {seed}: {o:?}"
        );
        assert!(o.war_leader_in_office, "restored by the end");
    }
}

/// The divergence rule: a what-if's chronicle equals the history chronicle before its divergence day.
#[test]
fn what_ifs_keep_history_before_their_divergence() {
    let s = setup();
    for (index, w) in s.what_ifs.iter().enumerate() {
        let value = w.value.map(|(_, d, _)| d);
        let config = RunConfig {
            what_ifs: vec![WhatIfChoice { index, value }],
            ..RunConfig::default()
        };
        let script = Script::compile(&s, &config).unwrap();
        let divergence = script.free_from;
        assert!(divergence < s.days, "{} diverges inside the run", w.id);
        for seed in 0..10 {
            let (history, _) = run(&s, &s.params, &RunConfig::default(), seed, 0);
            let (what_if, _) = run(&s, &s.params, &config, seed, 0);
            let before = |v: &[Event]| {
                v.iter()
                    .filter(|e| e.day < divergence)
                    .copied()
                    .collect::<Vec<_>>()
            };
            assert_eq!(before(&history), before(&what_if), "{} seed {seed}", w.id);
        }
    }
}

#[test]
fn what_ifs_change_what_they_say() {
    let s = setup();
    let choose = |id: &str| RunConfig {
        what_ifs: vec![WhatIfChoice {
            index: s.what_if(id).unwrap(),
            value: None,
        }],
        ..RunConfig::default()
    };
    for seed in 0..30 {
        let (_, o) = run(&s, &s.params, &choose("no-raid"), seed, 0);
        assert!(!o.raid, "no-raid, seed {seed}");
        let (events, _) = run(&s, &s.params, &choose("keep-li-gang"), seed, 0);
        let divergence = Script::compile(&s, &choose("keep-li-gang"))
            .unwrap()
            .free_from;
        assert!(
            !events
                .iter()
                .any(|e| e.day >= divergence && matches!(e.what, Happening::Dismissal { .. })),
            "keep-li-gang, seed {seed}"
        );
        let (events, _) = run(&s, &s.params, &choose("refuse-terms"), seed, 0);
        assert!(
            !events
                .iter()
                .any(|e| matches!(e.what, Happening::PeaceOath | Happening::TermsAccepted))
        );
        let (_, o) = run(&s, &s.params, &choose("pursue"), seed, 0);
        assert!(o.pursuit && !o.recall, "pursue, seed {seed}: {o:?}");
    }
}

fn check_invariants(setup: &Setup, w: &World) -> Result<(), TestCaseError> {
    for (spec, f) in setup.forces.iter().zip(&w.forces) {
        for x in [f.present, f.killed, f.wounded, f.deserted] {
            prop_assert!(
                x >= 0.0 && x.is_finite(),
                "{}: negative or non-finite men {f:?}",
                spec.id
            );
        }
        let total = f.present + f.killed + f.wounded + f.deserted;
        prop_assert!(
            (total - spec.strength - f.joined).abs() < 1e-6 * spec.strength.max(1.0),
            "{}: men not conserved",
            spec.id
        );
        prop_assert!((0.0..=1.0).contains(&f.morale));
    }
    for x in [w.war, w.resolve, w.alarm] {
        prop_assert!((0.0..=1.0).contains(&x), "a share out of [0, 1]: {x}");
    }
    prop_assert!(w.crowd >= 0.0 && w.grievance >= 0.0 && w.gold_delivered <= w.gold_raised + 1e-6);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever the parameters inside their declared ranges, and whatever the seed: men are never negative
    /// and are conserved, shares stay in [0, 1], days only go forward, and the run ends.
    #[test]
    fn invariants_hold_anywhere_in_the_ranges(seed in any::<u64>(), knobs in prop::collection::vec(0.0f64..=1.0, 120), free_mode in any::<bool>()) {
        let s = setup();
        let mut params = s.params.clone();
        for ((name, range), k) in s.ranges.iter().zip(&knobs) {
            *params.get_mut(name).unwrap() = range.min + k * (range.max - range.min);
        }
        let config = if free_mode { free() } else { RunConfig::default() };
        let script = Script::compile(&s, &config).unwrap();
        let mut sim = Simulation::new(&s, &params, &script, seed, 0);
        let mut events: Vec<Event> = Vec::new();
        let mut days = 0;
        while !sim.is_finished() {
            sim.step(&mut events);
            check_invariants(&s, sim.world())?;
            days += 1;
            prop_assert!(days <= s.days as usize, "the run outlived its horizon");
        }
        prop_assert!(events.windows(2).all(|w| w[0].day <= w[1].day));
        for e in &events {
            if let Happening::Fight(f) = e.what {
                prop_assert!(f.attacker_losses >= 0.0 && f.attacker_losses <= f.attacker_men + 1e-9);
                prop_assert!(f.defender_losses >= 0.0 && f.defender_losses <= f.defender_men + 1e-9);
            }
        }
    }
}

/// Free mode over a few thousand runs: each key event must arise from the mechanisms, neither negligibly
/// rare nor scripted. Bounds: at least 3% of runs, so that a mechanism that never fires (a dead branch)
/// fails; at most 99.5% for the court's choices, so that a decision that always goes one way fails. The
/// Jin withdrawal and their crossing back are exempt from the upper bound: with the thaw coming, the model
/// (like the record) has the eastern army leave before the horizon in nearly every run; for them, and for
/// all, the test asks instead that the day varies from run to run (5% and 95% quantiles at least three days
/// apart), which a scripted date would not. Matching the record's frequencies is the calibration's work.
#[test]
fn free_mode_key_events_arise_with_nontrivial_probability() {
    let s = setup();
    let runs = 3000;
    let mut days: Vec<Vec<u16>> = vec![Vec::new(); KeyEvent::ALL.len()];
    let mut categories = std::collections::BTreeMap::new();
    for i in 0..runs {
        let (_, o) = run(&s, &s.params, &free(), 2026, i);
        for (v, d) in days.iter_mut().zip(o.key_days) {
            v.extend(d);
        }
        *categories.entry(o.category.name()).or_insert(0) += 1;
    }
    for (k, v) in KeyEvent::ALL.iter().zip(days.iter_mut()) {
        let p = v.len() as f64 / runs as f64;
        let upper = if matches!(k, KeyEvent::Withdrawal | KeyEvent::CrossedNorth) {
            1.0
        } else {
            0.995
        };
        assert!(
            p >= 0.03 && p <= upper,
            "{}: p = {p} over {runs} free runs",
            k.name()
        );
        v.sort_unstable();
        let q = |f: f64| v[((v.len() - 1) as f64 * f) as usize];
        assert!(
            q(0.95) >= q(0.05) + 3,
            "{}: its day hardly varies ({} to {})",
            k.name(),
            q(0.05),
            q(0.95)
        );
    }
    // Free runs must not all end the same way.
    assert!(categories.len() >= 2, "{categories:?}");
}
