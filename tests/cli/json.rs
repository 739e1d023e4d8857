//! The shape of `chronicle --json`.

use serde_json::Value;

use super::harness::{bianjing, events, jdn_of, parse_ymd};

/// Runs of different kinds, so the shape holds beyond the default run.
const RUNS: &[&[&str]] = &[
    &["chronicle", "--json"],
    &["chronicle", "--json", "--record", "sources"],
    &["chronicle", "--json", "--mode", "free", "--seed", "3"],
    &["chronicle", "--json", "--what-if", "no-raid"],
    &["chronicle", "--json", "--what-if", "refuse-terms"],
    &[
        "chronicle",
        "--json",
        "--what-if",
        "early-relief=7",
        "--what-if",
        "keep-li-gang",
    ],
];

#[track_caller]
fn check_string_array(e: &Value, key: &str) {
    let Some(items) = e[key].as_array() else {
        panic!("`{key}` is not an array in event\n{e:#}");
    };
    for item in items {
        assert!(
            item.as_str().is_some_and(|s| !s.trim().is_empty()),
            "`{key}` holds {item} (expected non-empty strings) in event\n{e:#}"
        );
    }
}

#[track_caller]
fn check_non_empty_string(e: &Value, key: &str) {
    assert!(
        e[key].as_str().is_some_and(|s| !s.trim().is_empty()),
        "`{key}` is missing or not a non-empty string in\n{e:#}"
    );
}

#[test]
fn chronicle_json_has_the_documented_shape() {
    for args in RUNS {
        let c = bianjing(args).json();
        let evs = events(&c);
        assert!(!evs.is_empty(), "no events from {args:?}");
        for e in evs {
            assert!(e.is_object(), "an event is not an object: {e}");
            let julian = e["julian"].as_str().unwrap_or("");
            assert!(
                parse_ymd(julian).is_some(),
                "`julian` is not YYYY-MM-DD in event\n{e:#}"
            );
            for key in ["lunar", "kind", "text"] {
                check_non_empty_string(e, key);
            }
            for key in ["persons", "places", "sources"] {
                check_string_array(e, key);
            }
        }
        let outcome = &c["outcome"];
        assert!(
            outcome.is_object(),
            "no `outcome` object from {args:?}:\n{c:#}"
        );
        check_non_empty_string(outcome, "category");
    }
}

#[test]
fn chronicle_json_names_the_run() {
    let c = bianjing(&[
        "chronicle",
        "--json",
        "--mode",
        "free",
        "--record",
        "sources",
        "--seed",
        "42",
        "--what-if",
        "no-raid",
        "--what-if",
        "pursue",
    ])
    .json();
    assert_eq!(c["mode"], "free", "{c:#}");
    assert_eq!(c["record"], "sources");
    assert_eq!(c["seed"], 42);
    assert_eq!(c["what_ifs"], serde_json::json!(["no-raid", "pursue"]));
}

#[test]
fn chronicle_julian_dates_never_go_backwards() {
    for args in RUNS {
        let c = bianjing(args).json();
        let mut last: Option<(i64, &Value)> = None;
        for e in events(&c) {
            let day = jdn_of(e["julian"].as_str().unwrap_or(""));
            if let Some((prev, pe)) = last {
                assert!(
                    day >= prev,
                    "{args:?}: dates go backwards, from\n{pe:#}\nto\n{e:#}"
                );
            }
            last = Some((day, e));
        }
    }
}

/// The text and the JSON tell the same run: one text line per event, in the same order and dates.
#[test]
fn text_and_json_tell_the_same_events() {
    for args in RUNS {
        let c = bianjing(args).json();
        let text_args: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
        let text = bianjing(&text_args).ok();
        let dated: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()) && l.contains('/'))
            .filter(|l| {
                l.split_whitespace()
                    .nth(3)
                    .is_some_and(|d| parse_ymd(d).is_some())
            })
            .collect();
        let evs = events(&c);
        assert_eq!(
            dated.len(),
            evs.len(),
            "{args:?}: {} dated text lines but {} JSON events\n--- text ---\n{text}",
            dated.len(),
            evs.len()
        );
        for (line, e) in dated.iter().zip(evs) {
            let julian = e["julian"].as_str().unwrap_or("");
            let lunar = e["lunar"].as_str().unwrap_or("");
            assert!(
                line.starts_with(lunar) && line.contains(julian),
                "{args:?}: text line {line:?} does not match event\n{e:#}"
            );
        }
    }
}
