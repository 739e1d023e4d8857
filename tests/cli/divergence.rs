//! The divergence rule at the command line: a what-if tells the same story as history until its point of
//! divergence; and what-ifs compose.

use serde_json::Value;

use super::harness::{bianjing, events, jdn_of, str_field};

/// One line of `bianjing what-ifs`, e.g.
/// `early-relief=N     diverges JK1 1/16 壬午 (1126-02-09), less N days: ... (N from 1 to 20, default 5)`.
#[derive(Debug)]
struct WhatIf {
    name: String,
    lunar: String,
    /// The day name shown beside the lunar date.
    day_name: String,
    julian: String,
    /// The divergence moves N days earlier.
    shifts: bool,
    /// `(min, default, max)` for a what-if that takes a value.
    value: Option<(f64, f64, f64)>,
    line: String,
}

fn parse_what_ifs(listing: &str) -> Vec<WhatIf> {
    listing
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let bad = |why: &str| -> ! { panic!("cannot read what-ifs line ({why}): {line:?}") };
            let shown = line
                .split_whitespace()
                .next()
                .unwrap_or_else(|| bad("empty"));
            let (name, takes_value) = match shown.split_once('=') {
                Some((n, _)) => (n.to_string(), true),
                None => (shown.to_string(), false),
            };
            let rest = line
                .split_once(" diverges ")
                .unwrap_or_else(|| bad("no `diverges`"))
                .1;
            let (lunar, rest) = rest.split_once(" (").unwrap_or_else(|| bad("no date"));
            let (lunar, day_name) = lunar
                .rsplit_once(' ')
                .unwrap_or_else(|| bad("no day name after the lunar date"));
            let (julian, rest) = rest
                .split_once(')')
                .unwrap_or_else(|| bad("no Julian date"));
            let shifts = rest.starts_with(", less N days");
            let value = takes_value.then(|| {
                let tail = line
                    .rsplit_once("(N from ")
                    .unwrap_or_else(|| bad("no range for N"))
                    .1;
                let nums: Vec<f64> = tail
                    .trim_end_matches(')')
                    .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                    .filter_map(|t| t.parse().ok())
                    .collect();
                match nums.as_slice() {
                    [min, max, default] => (*min, *default, *max),
                    _ => bad("range is not `N from MIN to MAX, default D`"),
                }
            });
            WhatIf {
                name,
                lunar: lunar.to_string(),
                day_name: day_name.to_string(),
                julian: julian.to_string(),
                shifts,
                value,
                line: line.to_string(),
            }
        })
        .collect()
}

fn jdn_of_event(e: &Value) -> i64 {
    jdn_of(str_field(e, "julian"))
}

/// The events strictly before `cutoff` (a JDN).
fn before(c: &Value, cutoff: i64) -> Vec<Value> {
    events(c)
        .iter()
        .filter(|e| jdn_of_event(e) < cutoff)
        .cloned()
        .collect()
}

#[test]
fn what_ifs_follow_history_until_their_divergence() {
    let listing = bianjing(&["what-ifs"]).ok();
    let what_ifs = parse_what_ifs(&listing);
    assert!(!what_ifs.is_empty(), "no what-ifs listed:\n{listing}");
    let history = bianjing(&["chronicle", "--json"]).json();

    for w in &what_ifs {
        // The divergence date is the date of a recorded event of the history chronicle.
        let anchor = events(&history)
            .iter()
            .find(|e| e["recorded"].is_string() && e["julian"] == w.julian.as_str())
            .unwrap_or_else(|| {
                panic!(
                    "`{}` diverges on {} but history has no recorded event that day\n{}",
                    w.name, w.julian, w.line
                )
            });
        assert_eq!(
            str_field(anchor, "lunar"),
            w.lunar,
            "lunar date of {}",
            w.line
        );
        assert_eq!(
            str_field(anchor, "day_name"),
            w.day_name,
            "day name of {}",
            w.line
        );

        // Each what-if alone; one that takes a value also at its default, bounds and a middle value.
        let mut specs: Vec<(String, f64)> = vec![];
        match w.value {
            None => specs.push((w.name.clone(), 0.0)),
            Some((min, default, max)) => {
                specs.push((w.name.clone(), default));
                for n in [min, 7.0_f64.clamp(min, max), max] {
                    specs.push((format!("{}={n}", w.name), n));
                }
            }
        }
        for (spec, n) in specs {
            let cutoff = jdn_of(&w.julian) - if w.shifts { n.ceil() as i64 } else { 0 };
            let run = bianjing(&["chronicle", "--json", "--what-if", &spec]).json();
            let (h, r) = (before(&history, cutoff), before(&run, cutoff));
            assert!(
                w.shifts || !h.is_empty(),
                "--what-if {spec}: nothing before its divergence to compare ({})",
                w.line
            );
            if h != r {
                let first = h
                    .iter()
                    .zip(&r)
                    .position(|(a, b)| a != b)
                    .unwrap_or(h.len().min(r.len()));
                panic!(
                    "--what-if {spec}: the events before its divergence (JDN {cutoff}) differ from history at #{first}\n\
                     history ({} events before):\n{:#}\nwhat-if ({} events before):\n{:#}",
                    h.len(),
                    h.get(first).unwrap_or(&Value::Null),
                    r.len(),
                    r.get(first).unwrap_or(&Value::Null)
                );
            }
            // ... and it does change the story somewhere.
            assert_ne!(
                events(&history),
                events(&run),
                "--what-if {spec} changes nothing"
            );
            assert_eq!(run["what_ifs"], serde_json::json!([spec]), "what_ifs label");
        }
    }
}

#[test]
fn what_ifs_compose() {
    let c = bianjing(&[
        "chronicle",
        "--json",
        "--what-if",
        "no-raid",
        "--what-if",
        "pursue",
    ])
    .json();
    let outcome = &c["outcome"];
    assert_eq!(
        outcome["raid"], false,
        "a run without the raid:\n{outcome:#}"
    );
    assert_eq!(
        outcome["recall"], false,
        "pursue: never recalled:\n{outcome:#}"
    );
    assert!(
        !events(&c).iter().any(|e| e["kind"] == "night-raid"),
        "no-raid composed with pursue still has a night raid:\n{c:#}"
    );
    // The text form runs too and names both what-ifs.
    let text = bianjing(&["chronicle", "--what-if", "no-raid", "--what-if", "pursue"]).ok();
    assert!(
        text.lines()
            .next()
            .unwrap_or("")
            .contains("no-raid + pursue"),
        "heading should name both what-ifs:\n{text}"
    );
}
