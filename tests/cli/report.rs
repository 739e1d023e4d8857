//! `bianjing report`: the HTML report written to a directory, its sections, its independence from the
//! thread count, and its errors.

use crate::harness::{TempDir, bianjing};

const SECTIONS: [&str; 7] = [
    "headline",
    "outcomes",
    "effects",
    "event-dates",
    "over-time",
    "sensitivity",
    "calibration",
];

fn written(dir: &TempDir, name: &str, extra: &[&str]) -> String {
    let out = dir.path().join(name);
    let mut args = vec![
        "report",
        "--out",
        out.to_str().unwrap(),
        "--runs",
        "40",
        "--series-runs",
        "20",
        "--screening-runs",
        "3",
    ];
    // A small screening of its own, unless the test sizes it.
    if !extra.contains(&"--screening-trajectories") {
        args.extend_from_slice(&["--screening-trajectories", "2"]);
    }
    args.extend_from_slice(extra);
    let run = bianjing(&args);
    if run.code != 0 {
        run.fail("expected exit code 0");
    }
    if !run.stderr.contains("index.html") {
        run.fail("expected a line naming the file written");
    }
    std::fs::read_to_string(out.join("index.html")).expect("index.html written")
}

#[test]
fn report_writes_index_html_with_every_section() {
    let dir = TempDir::new("report");
    let html = written(&dir, "site", &[]);
    for id in SECTIONS {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no section {id}"
        );
    }
    for bad in ["http://", "https://", "src=", "@import", "<script", "<link"] {
        assert!(!html.contains(bad), "the report contains `{bad}`");
    }
    // The what-ifs of the essay's question and their combination are all there.
    for arm in ["pursue", "raid-as-planned", "keep-li-gang", "refuse-terms"] {
        assert!(html.contains(&format!(">{arm}</text>")), "no arm {arm}");
    }
    // Without a file the report screens the parameters itself: the sensitivity section ranks them.
    assert!(!html.contains("--sensitivity FILE.json"));
    assert!(html.contains("court.dismiss_base"), "no screened parameter");
    // The built-in posterior is in use: the calibration section shows it beside the prior ranges
    // and the declared defaults, and does not ask for one.
    assert!(!html.contains("--posterior FILE"));
    assert!(html.contains(">default</text>"), "no default marked");
    // Only index.html: no temporary file left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["index.html"]);
}

#[test]
fn the_report_does_not_depend_on_the_thread_count() {
    let dir = TempDir::new("report-threads");
    let one = written(&dir, "one", &["--threads", "1"]);
    let two = written(&dir, "two", &["--threads", "2"]);
    assert!(one == two, "the reports differ between 1 and 2 threads");
}

#[test]
fn without_a_screening_the_section_says_how_to_get_one() {
    let dir = TempDir::new("report-no-screening");
    let html = written(&dir, "site", &["--screening-trajectories", "0"]);
    assert!(html.contains("--sensitivity FILE.json"));
    assert!(html.contains("<section id=\"sensitivity\">"));
}

#[test]
fn the_sensitivity_commands_json_is_read_as_it_is() {
    let dir = TempDir::new("report-sensitivity-json");
    let run = bianjing(&[
        "sensitivity",
        "--method",
        "sobol",
        "--samples",
        "4",
        "--runs-per-point",
        "2",
        "--params",
        "court.dismiss_base,jin.withdraw_base",
        "--output",
        "dismissal",
        "--json",
    ]);
    if run.code != 0 {
        run.fail("expected exit code 0");
    }
    let file = dir.write("sobol.json", &run.stdout);
    let html = written(&dir, "site", &["--sensitivity", file.to_str().unwrap()]);
    assert!(html.contains("jin.withdraw_base"));
    assert!(
        html.contains("first-order [95%]"),
        "not shown as Sobol indices"
    );
}

#[test]
fn a_sensitivity_file_fills_its_section() {
    let dir = TempDir::new("report-files");
    let sens = dir.write(
        "sobol.json",
        r#"{"method": "sobol", "rows": [
            {"output": "p:withdrew-with-terms", "parameter": "court.war_start", "first_order": 0.12,
             "first_order_ci": [0.08, 0.16], "total": 0.2, "total_ci": [0.15, 0.25]}]}"#,
    );
    let html = written(&dir, "site", &["--sensitivity", sens.to_str().unwrap()]);
    assert!(html.contains("court.war_start"));
    assert!(!html.contains("--sensitivity FILE.json"));
}

#[test]
fn without_a_posterior_the_calibration_section_says_how_to_get_one() {
    let dir = TempDir::new("report-fixed");
    let html = written(&dir, "site", &["--fixed", "--screening-trajectories", "0"]);
    assert!(html.contains("--posterior FILE"));
    assert!(html.contains("<section id=\"calibration\">"));
}

#[test]
fn an_unwritable_directory_is_an_error_naming_it() {
    let dir = TempDir::new("report-unwritable");
    let blocker = dir.write("blocker", "a file, not a directory");
    let out = blocker.join("site");
    bianjing(&[
        "report",
        "--out",
        out.to_str().unwrap(),
        "--runs",
        "5",
        "--series-runs",
        "5",
    ])
    .fails(2)
    .stderr_has("cannot create the directory")
    .stderr_has("blocker");
    assert!(!out.exists());
}

#[test]
fn bad_input_files_and_arguments_are_refused() {
    let dir = TempDir::new("report-bad");
    let out = dir.path().join("site");
    let out = out.to_str().unwrap();
    let bad_json = dir.write("bad.json", "{\"method\": \"sobol\",\n \"rows\": [1, 2]}");
    bianjing(&[
        "report",
        "--out",
        out,
        "--runs",
        "5",
        "--sensitivity",
        bad_json.to_str().unwrap(),
    ])
    .fails(1)
    .stderr_has("bad.json")
    .stderr_has("line 2");
    let bad_post = dir.write("post.toml", "format = \"something else\"\n");
    bianjing(&[
        "report",
        "--out",
        out,
        "--runs",
        "5",
        "--posterior",
        bad_post.to_str().unwrap(),
    ])
    .fails(1)
    .stderr_has("post.toml");
    let missing = dir.path().join("missing.toml");
    bianjing(&[
        "report",
        "--out",
        out,
        "--runs",
        "5",
        "--posterior",
        missing.to_str().unwrap(),
    ])
    .fails(1)
    .stderr_has("missing.toml");
    bianjing(&["report", "--out", out, "--runs", "0"])
        .fails(2)
        .stderr_has("--runs");
    bianjing(&["report", "--out", out, "--series-runs", "5000"])
        .fails(2)
        .stderr_has("5000");
    bianjing(&["report"]).fails(2).stderr_has("--out");
    // Nothing was written by any of these.
    assert!(!dir.path().join("site").exists());
}
