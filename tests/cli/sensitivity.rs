//! `bianjing sensitivity`: indices for every uncertain parameter, the same bytes for any thread count,
//! paired what-if effects, and clear errors.

use serde_json::Value;

use super::harness::{Output, bianjing};

/// Asserts exit 0 (stderr holds the timing line) and returns the JSON without its `timing`.
#[track_caller]
fn report(args: &[&str]) -> Value {
    let out = bianjing(args);
    if out.code != 0 {
        out.fail("expected exit code 0");
    }
    let mut v = out.json();
    let timing = v
        .as_object_mut()
        .and_then(|m| m.remove("timing"))
        .expect("a top-level `timing` object");
    assert!(timing["seconds"].is_number(), "timing: {timing}");
    v
}

/// The parameters whose declared range has min < max, read from `bianjing scenario params`
/// (lines `NAME DEFAULT [MIN, MAX] UNIT`).
fn uncertain_parameters() -> Vec<String> {
    let listing = bianjing(&["scenario", "params"]).ok();
    listing
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .filter_map(|l| {
            let name = l.split_whitespace().next()?;
            let range = &l[l.find('[')? + 1..l.find(']')?];
            let (lo, hi) = range.split_once(',')?;
            (lo.trim() != hi.trim()).then(|| name.to_string())
        })
        .collect()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x[key].as_str().expect("a name").to_string())
        .collect()
}

#[test]
fn morris_json_has_indices_for_every_uncertain_parameter() {
    let v = report(&[
        "sensitivity",
        "--method",
        "morris",
        "--samples",
        "2",
        "--runs-per-point",
        "3",
        "--output",
        "withdrew-with-terms,dismissal,gold-delivered",
        "--bootstrap",
        "50",
        "--json",
    ]);
    let expected = uncertain_parameters();
    assert!(
        expected.len() > 100,
        "the scenario lists {} uncertain parameters",
        expected.len()
    );
    // The same set; the command lists them in the model's order, the listing in the file's.
    let mut listed = names(&v["parameters"], "name");
    let mut sorted = expected.clone();
    listed.sort();
    sorted.sort();
    assert_eq!(listed, sorted);
    let expected = names(&v["parameters"], "name");
    let outputs = v["outputs"].as_array().unwrap();
    assert_eq!(
        names(&v["outputs"], "name"),
        ["withdrew-with-terms", "dismissal", "gold-delivered"]
    );
    assert_eq!(v["points"], 2 * (expected.len() + 1));
    for o in outputs {
        assert_eq!(names(&o["indices"], "parameter"), expected, "{}", o["name"]);
        for row in o["indices"].as_array().unwrap() {
            let (mu, mu_star) = (
                row["mu"].as_f64().unwrap(),
                row["mu_star"].as_f64().unwrap(),
            );
            assert!(mu_star >= mu.abs() - 1e-12, "{row}");
            assert!(row["sigma"].as_f64().unwrap() >= 0.0, "{row}");
            assert!(row["mu_star_lo"].as_f64().unwrap() <= row["mu_star_hi"].as_f64().unwrap());
        }
        // The ranking is by mu*, largest first.
        let ranked: Vec<&str> = o["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(ranked.len(), expected.len());
        let mu_star = |p: &str| {
            o["indices"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["parameter"] == p)
                .unwrap()["mu_star"]
                .as_f64()
                .unwrap()
        };
        assert!(ranked.windows(2).all(|w| mu_star(w[0]) >= mu_star(w[1])));
    }
}

#[test]
fn sobol_json_has_first_and_total_indices_for_the_chosen_parameters() {
    let params = "jin.withdraw_base,court.dismiss_base,populace.threshold_mean";
    let v = report(&[
        "sensitivity",
        "--method",
        "sobol",
        "--params",
        params,
        "--samples",
        "8",
        "--runs-per-point",
        "4",
        "--output",
        "dismissal,recorded-sequence",
        "--json",
    ]);
    assert_eq!(v["points"], 8 * (3 + 2));
    assert_eq!(v["runs"], 8 * 5 * 4);
    for o in v["outputs"].as_array().unwrap() {
        assert_eq!(
            names(&o["indices"], "parameter"),
            params.split(',').collect::<Vec<_>>()
        );
        for row in o["indices"].as_array().unwrap() {
            let f = |k: &str| row[k].as_f64().unwrap_or_else(|| panic!("{k} in {row}"));
            assert!(f("total") >= 0.0 && f("first") <= 1.0, "{row}");
            assert!(
                f("first_lo") <= f("first_hi") && f("total_lo") <= f("total_hi"),
                "{row}"
            );
        }
        let p = o["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "a probability: {p}");
    }
}

#[test]
fn json_is_byte_identical_for_any_thread_count() {
    for method in ["sobol", "morris"] {
        let args = |t: &'static str| {
            vec![
                "sensitivity",
                "--method",
                method,
                "--params",
                "jin.withdraw_base,court.dismiss_base,court.restore_crowd,populace.outrage",
                "--samples",
                "4",
                "--runs-per-point",
                "5",
                "--seed",
                "9",
                "--json",
                "--threads",
                t,
            ]
        };
        let one = report(&args("1"));
        for t in ["2", "3"] {
            let other = report(&args(t));
            assert!(
                serde_json::to_string(&one).unwrap() == serde_json::to_string(&other).unwrap(),
                "{method}: --threads {t} changed the report"
            );
        }
        let reseeded: Vec<&str> = args("1")
            .into_iter()
            .map(|a| if a == "9" { "10" } else { a })
            .collect();
        assert!(
            report(&reseeded) != one,
            "{method}: another seed gave the same report"
        );
    }
}

#[test]
fn effect_of_a_what_if_is_the_paired_difference() {
    // Forbidding the raid can only take raids away: every point's difference is at most 0, and
    // the mean is below 0 as long as the factual runs raid at all.
    let v = report(&[
        "sensitivity",
        "--method",
        "sobol",
        "--params",
        "raid.plan_hazard,raid.plan_ratio",
        "--samples",
        "8",
        "--runs-per-point",
        "20",
        "--effect-of",
        "no-raid",
        "--output",
        "night-raid",
        "--json",
    ]);
    assert_eq!(v["effect_of"], "no-raid");
    assert_eq!(v["runs"], 8 * 4 * 20 * 2);
    let mean = v["outputs"][0]["mean"].as_f64().unwrap();
    assert!(
        (-1.0..0.0).contains(&mean),
        "mean shift in P(night raid): {mean}"
    );
}

#[test]
fn text_ranks_the_top_parameters_per_output() {
    let out = bianjing(&[
        "sensitivity",
        "--samples",
        "2",
        "--runs-per-point",
        "2",
        "--output",
        "withdrew-with-terms",
        "--top",
        "3",
    ]);
    if out.code != 0 {
        out.fail("expected exit code 0");
    }
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(rows.len(), 3, "three ranked rows:\n{}", out.stdout);
    assert!(
        out.stdout
            .contains("withdrew-with-terms: P(the Jin withdraw with terms)")
    );
}

fn error(args: &[&str]) -> Output {
    let mut all = vec!["sensitivity"];
    all.extend_from_slice(args);
    bianjing(&all).fails(2)
}

#[test]
fn bad_input_is_refused_with_a_message() {
    error(&["--output", "city-sacked"])
        .stderr_has("no output is called `city-sacked`")
        .stderr_has("withdrew-with-terms");
    error(&["--params", "jin.courage"]).stderr_has("no parameter is called `jin.courage`");
    error(&["--params", "quality.regular"]).stderr_has("its range is the single value 1");
    error(&[
        "--params",
        "jin.withdraw_base",
        "--set",
        "jin.withdraw_base=0.01",
    ])
    .stderr_has("also fixed with --set");
    error(&["--runs-per-point", "0"]).stderr_has("--runs-per-point 0");
    error(&["--method", "sobol", "--samples", "1"]).stderr_has("1 base samples: at least 2");
    error(&["--levels", "3"]).stderr_has("3 levels");
    error(&["--effect-of", "no-such-thing"]).stderr_has("--effect-of no-such-thing");
    error(&["--output", "dismissal,dismissal"]).stderr_has("given twice");
}
