//! The validation table's shape on a small free ensemble.

mod common;

use bianjing_analysis::{recorded_day, run_ensemble, validate};
use bianjing_engine::KeyEvent;
use common::{free_spec, setup};

#[test]
fn validation_has_a_row_per_recorded_key_event() {
    let s = setup();
    let spec = free_spec(300, 1126);
    let agg = run_ensemble(s, &spec, 2, 0..300, &|_| {});
    let v = validate(s, &agg);
    assert_eq!(v.runs, 300);
    let recorded: Vec<&str> = KeyEvent::ALL
        .iter()
        .filter(|&&k| recorded_day(s, k).is_some())
        .map(|k| k.name())
        .collect();
    let names: Vec<&str> = v.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, recorded);
    for must in [
        "night-raid",
        "raid-fails",
        "dismissal",
        "uprising",
        "restoration",
        "withdrawal",
    ] {
        assert!(
            names.contains(&must),
            "{must} is recorded in the essay: {names:?}"
        );
    }
    // The raid and its failure are dated by the same recorded raid.
    let day = |n: &str| v.events.iter().find(|e| e.name == n).unwrap().recorded_day;
    assert_eq!(day("night-raid"), day("raid-fails"));
    for e in &v.events {
        assert!((0.0..=1.0).contains(&e.probability));
        assert!(e.probability_lo <= e.probability && e.probability <= e.probability_hi);
        if e.probability > 0.0 {
            let (a, b, c) = (e.q05_day.unwrap(), e.q50_day.unwrap(), e.q95_day.unwrap());
            assert!(a <= b && b <= c && c < s.days, "{e:?}");
        } else {
            assert_eq!(e.q50_day, None);
        }
        let inside = match (e.q05_day, e.q95_day, e.recorded_day) {
            (Some(a), Some(b), Some(r)) => i32::from(a) <= r && r <= i32::from(b),
            _ => false,
        };
        assert_eq!(e.meets_target, e.probability >= 0.5 && inside);
    }
    assert!((0.0..=1.0).contains(&v.sequence_probability));
    assert_eq!(v.all_met, v.events.iter().all(|e| e.meets_target));
    let json: serde_json::Value = serde_json::to_value(&v).unwrap();
    assert!(json["sequence_probability"].is_number());
    for key in [
        "name",
        "probability",
        "recorded_day",
        "q05_day",
        "q50_day",
        "q95_day",
        "meets_target",
    ] {
        assert!(json["events"][0].get(key).is_some(), "{key}");
    }
    let text = v.render(&|d| format!("d{d}"));
    assert!(text.contains("whole recorded sequence"), "{text}");
}
