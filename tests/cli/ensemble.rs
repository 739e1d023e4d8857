//! `bianjing ensemble`, `ensemble merge`, `validate` and `bench`: the same answer for any thread count
//! and any split into shards, resume, per-run rows, and the documented JSON keys.

use serde_json::Value;

use super::harness::{Output, TempDir, bianjing};

/// Small enough for a debug build to run in well under a second per command.
const RUNS: &str = "600";

/// Asserts exit 0 (stderr may hold timing or a shard's summary) and returns the output.
#[track_caller]
fn succeeds(out: Output) -> Output {
    if out.code != 0 {
        out.fail("expected exit code 0");
    }
    out
}

/// The JSON on stdout with its `timing` object removed (the only part allowed to vary).
#[track_caller]
fn without_timing(out: Output) -> Value {
    let mut v = out.json();
    let timing = v
        .as_object_mut()
        .and_then(|m| m.remove("timing"))
        .expect("a top-level `timing` object");
    assert!(timing.is_object(), "timing is an object: {timing}");
    v
}

fn ensemble(extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "ensemble",
        "--runs",
        RUNS,
        "--seed",
        "11",
        "--compare",
        "no-raid",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn run(args: &[String]) -> Output {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    bianjing(&a)
}

#[test]
fn json_is_the_same_for_any_thread_count() {
    let one = without_timing(run(&ensemble(&["--json", "--threads", "1"])));
    for t in ["2", "7"] {
        let other = without_timing(run(&ensemble(&["--json", "--threads", t])));
        assert!(one == other, "--threads {t} changed the report");
    }
    // Dates are given as Julian dates beside the day indices.
    let ev = &one["arms"][0]["events"][0];
    assert!(
        ev["days_julian"].is_array() || ev["days_julian"].is_null(),
        "{ev}"
    );
    assert_eq!(one["runs_covered"], 600);
    assert_eq!(one["comparisons"][0]["arm"], "no-raid");
}

#[test]
fn shards_merged_equal_the_unsplit_run() {
    let dir = TempDir::new("shards");
    let whole = without_timing(run(&ensemble(&["--json"])));
    let text = succeeds(run(&ensemble(&[]))).stdout;
    let csv = succeeds(run(&ensemble(&["--csv"]))).stdout;
    for n in [3u32, 7] {
        let mut files = Vec::new();
        for i in 1..=n {
            let f = dir.path().join(format!("part-{i}-of-{n}.json"));
            let f = f.to_string_lossy().into_owned();
            succeeds(run(&ensemble(&[
                "--shard",
                &format!("{i}/{n}"),
                "--out",
                &f,
            ])));
            files.push(f);
        }
        // Any order of the files gives the same result.
        files.reverse();
        let mut args = vec!["ensemble".to_string(), "merge".to_string()];
        args.extend(files.iter().cloned());
        let merged_text = succeeds(run(&args)).stdout;
        assert_eq!(merged_text, text, "merge of {n} shards: text differs");
        let mut csv_args = args.clone();
        csv_args.push("--csv".into());
        assert_eq!(
            succeeds(run(&csv_args)).stdout,
            csv,
            "merge of {n} shards: CSV differs"
        );
        args.push("--json".into());
        let merged = without_timing(run(&args));
        assert!(merged == whole, "merge of {n} shards: JSON differs");
    }
}

#[test]
fn merge_refuses_overlaps_mismatches_and_gaps() {
    let dir = TempDir::new("merge-bad");
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    succeeds(run(&ensemble(&["--shard", "1/2", "--out", &p("a1.json")])));
    succeeds(run(&ensemble(&["--shard", "2/2", "--out", &p("a2.json")])));
    let mut other_seed = ensemble(&["--shard", "2/2", "--out", &p("b2.json")]);
    other_seed[4] = "12".into();
    succeeds(run(&other_seed));
    bianjing(&["ensemble", "merge", &p("a1.json"), &p("a1.json")])
        .fails(1)
        .stderr_has("overlap")
        .stderr_has("a1.json");
    bianjing(&["ensemble", "merge", &p("a1.json"), &p("b2.json")])
        .fails(1)
        .stderr_has("seeds")
        .stderr_has("b2.json");
    bianjing(&["ensemble", "merge", &p("a1.json")])
        .fails(1)
        .stderr_has("incomplete");
    let junk = dir.write("junk.json", "{\"not\": 1}");
    bianjing(&["ensemble", "merge", &p("a1.json"), &junk.to_string_lossy()])
        .fails(1)
        .stderr_has("junk.json");
    // Both shards merge.
    succeeds(bianjing(&[
        "ensemble",
        "merge",
        &p("a2.json"),
        &p("a1.json"),
    ]));
}

#[test]
fn resume_finishes_a_shard_and_does_nothing_on_a_complete_file() {
    let dir = TempDir::new("resume");
    let out = dir.path().join("ens.json").to_string_lossy().into_owned();
    let whole = without_timing(run(&ensemble(&["--json"])));
    // A file holding only the first third, resumed to the whole.
    succeeds(run(&ensemble(&["--shard", "1/3", "--out", &out])));
    let resumed = run(&ensemble(&["--json", "--out", &out, "--resume"])).json();
    assert_eq!(
        resumed["timing"]["runs_run"], 400,
        "only the missing runs ran"
    );
    let mut resumed = resumed;
    resumed.as_object_mut().unwrap().remove("timing");
    assert!(
        resumed == whole,
        "resumed result differs from the unsplit run"
    );
    // Again: complete already, nothing runs, same output.
    let again = run(&ensemble(&["--json", "--out", &out, "--resume"])).json();
    assert_eq!(again["timing"]["runs_run"], 0);
    let mut again = again;
    again.as_object_mut().unwrap().remove("timing");
    assert!(again == whole);
    // A file of another ensemble is refused.
    let mut other = ensemble(&["--out", &out, "--resume"]);
    other[2] = "700".into();
    run(&other).fails(1).stderr_has("ens.json");
}

/// A small RFC 4180 reader: fields separated by commas, quoted fields with doubled quotes inside.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn runs_out_csv_has_one_row_per_run_per_arm() {
    let dir = TempDir::new("rows");
    let f = dir.path().join("runs.csv").to_string_lossy().into_owned();
    let args = vec![
        "ensemble",
        "--runs",
        "40",
        "--compare",
        "no-raid",
        "--runs-out",
        &f,
    ];
    succeeds(bianjing(&args));
    let text = std::fs::read_to_string(&f).unwrap();
    let rows = read_csv(&text);
    let header = &rows[0];
    for col in [
        "seed",
        "run",
        "what_if",
        "category",
        "end-day",
        "day_night-raid",
    ] {
        assert!(
            header.iter().any(|h| h == col),
            "no column {col}: {header:?}"
        );
    }
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), header.len(), "row {i} has {} fields", r.len());
    }
    let arm = header.iter().position(|h| h == "what_if").unwrap();
    for name in ["factual", "no-raid"] {
        let n = rows[1..].iter().filter(|r| r[arm] == name).count();
        assert_eq!(n, 40, "rows of {name}");
    }
    // JSON lines too.
    let j = dir.path().join("runs.jsonl").to_string_lossy().into_owned();
    succeeds(bianjing(&["ensemble", "--runs", "5", "--runs-out", &j]));
    let lines: Vec<Value> = std::fs::read_to_string(&j)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    // The report as tidy CSV.
    let csv = succeeds(bianjing(&[
        "ensemble",
        "--runs",
        "50",
        "--csv",
        "--compare",
        "pursue",
    ]))
    .stdout;
    let rows = read_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "arm",
            "kind",
            "name",
            "estimate",
            "lo",
            "hi",
            "count",
            "unit",
            "q05",
            "q25",
            "q50",
            "q75",
            "q95",
            "q05_julian",
            "q25_julian",
            "q50_julian",
            "q75_julian",
            "q95_julian"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 18));
    assert!(
        rows.iter()
            .any(|r| r[0] == "pursue" && r[1] == "event_difference")
    );
    // A key event's row: how often it happened, and its first day's quantiles as day numbers in
    // order, then as Julian dates of the siege.
    let raid = rows
        .iter()
        .find(|r| r[0] == "factual" && r[1] == "event" && r[2] == "night-raid")
        .expect("a night-raid row");
    let count: u64 = raid[6].parse().unwrap();
    let p: f64 = raid[3].parse().unwrap();
    assert!(
        count > 0 && (p - count as f64 / 50.0).abs() < 1e-12,
        "{raid:?}"
    );
    assert_eq!(raid[7], "day");
    let days: Vec<f64> = raid[8..13].iter().map(|d| d.parse().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{raid:?}");
    assert!(
        raid[13..18].iter().all(|d| d.starts_with("1126-")),
        "{raid:?}"
    );
    // A measure's row: its unit and quantiles in order; no dates.
    let killed = rows
        .iter()
        .find(|r| r[0] == "factual" && r[1] == "measure" && r[2] == "song-killed")
        .expect("a song-killed row");
    assert_eq!((killed[6].as_str(), killed[7].as_str()), ("50", "men"));
    let q: Vec<f64> = killed[8..13].iter().map(|d| d.parse().unwrap()).collect();
    assert!(q.windows(2).all(|w| w[0] <= w[1]), "{killed:?}");
    assert!(killed[13..18].iter().all(String::is_empty), "{killed:?}");
}

#[test]
fn validate_json_has_the_documented_keys() {
    let v = bianjing(&["validate", "--runs", "300", "--json"]).json();
    assert!(v["sequence_probability"].is_f64() || v["sequence_probability"].is_u64());
    let events = v["events"].as_array().expect("events");
    assert!(events.len() >= 7, "{v}");
    for e in events {
        for k in [
            "name",
            "probability",
            "recorded_julian",
            "q05_julian",
            "q50_julian",
            "q95_julian",
            "meets_target",
        ] {
            assert!(e.get(k).is_some(), "event lacks {k}: {e}");
        }
        assert!(
            e["recorded_julian"]
                .as_str()
                .is_some_and(|s| s.starts_with("1126-")),
            "{e}"
        );
        assert!(e["meets_target"].is_boolean());
    }
}

#[test]
fn bench_json_has_the_documented_keys() {
    let v = bianjing(&["bench", "--runs", "300", "--json"]).json();
    for k in [
        "runs_per_second_per_core_1_thread",
        "runs_per_second_per_core_all_cores",
        "ns_per_simulated_day",
        "scaling",
        "cores",
    ] {
        assert!(
            v[k].as_f64().is_some_and(|x| x > 0.0),
            "{k} not positive: {v}"
        );
    }
    assert!(
        matches!(
            v["days_compiled_for"].as_str(),
            Some("x86-64-v3" | "portable")
        ),
        "{v}"
    );
    if cfg!(target_os = "linux") {
        assert!(
            v["peak_memory_bytes"].as_f64().is_some_and(|x| x > 0.0),
            "{v}"
        );
    }
    // Linux on x86-64 names its processors in /proc/cpuinfo; elsewhere `processor` may be null.
    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        assert!(
            v["processor"].as_str().is_some_and(|s| !s.is_empty()),
            "{v}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    bianjing(&["ensemble", "--runs", "10", "--compare", "no-such-what-if"])
        .fails(2)
        .stderr_has("no-such-what-if");
    bianjing(&["ensemble", "--shard", "4/3", "--out", "x.json"]).fails(2);
    bianjing(&["ensemble", "--shard", "1/3"]).fails(2);
    bianjing(&["ensemble", "--resume"]).fails(2);
    bianjing(&["ensemble", "--runs", "10", "--runs-out", "rows.txt"]).fails(2);
    // No runs is no answer: an ensemble, a validation or a benchmark of none is refused.
    for cmd in ["ensemble", "validate", "bench"] {
        bianjing(&[cmd, "--runs", "0"])
            .fails(2)
            .stderr_has("--runs");
    }
}
