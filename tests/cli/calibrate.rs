//! `bianjing calibrate` and the parameter sources of the run commands: `--posterior FILE`, `--prior`,
//! `--fixed` and the built-in posterior by default.

use serde_json::Value;

use super::harness::{Output, TempDir, bianjing};

#[track_caller]
fn succeeds(out: Output) -> Output {
    if out.code != 0 {
        out.fail("expected exit code 0");
    }
    out
}

/// The ensemble's JSON without `timing` (the only part allowed to vary between identical runs).
fn report(extra: &[&str]) -> Value {
    let mut args = vec!["ensemble", "--runs", "300", "--seed", "5", "--json"];
    args.extend_from_slice(extra);
    let mut v = succeeds(bianjing(&args)).json();
    v.as_object_mut().unwrap().remove("timing");
    v
}

#[test]
fn calibrate_fits_the_parameters_asked_for() {
    let cal = succeeds(bianjing(&[
        "calibrate",
        "--particles",
        "10",
        "--simulations",
        "60",
        "--generations",
        "1",
        "--replicates",
        "2",
        "--params",
        "jin.withdraw_base,court.dismiss_base",
        "--json",
    ]))
    .stdout;
    let cal: Value = serde_json::from_str(&cal).unwrap();
    let names: Vec<&str> = cal["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // In the scenario's order, whatever the order asked.
    assert_eq!(names, ["jin.withdraw_base", "court.dismiss_base"]);
    bianjing(&["calibrate", "--params", "court.nonsense"])
        .fails(2)
        .stderr_has("no parameter is called `court.nonsense`");
}

#[test]
fn calibrate_writes_a_posterior_that_ensembles_read() {
    let dir = TempDir::new("calibrate");
    for method in ["abc-rejection", "abc-smc"] {
        let file = dir.path().join(format!("{method}.toml"));
        let f = file.to_string_lossy().to_string();
        let cal = succeeds(bianjing(&[
            "calibrate",
            "--method",
            method,
            "--particles",
            "20",
            "--simulations",
            "120",
            "--generations",
            "2",
            "--threads",
            "2",
            "--json",
            "--out",
            &f,
        ]))
        .stdout;
        // stderr holds the timing line, so parse stdout directly.
        let cal: Value = serde_json::from_str(&cal).unwrap();
        assert_eq!(cal["method"], method);
        assert_eq!(cal["particles"], 20);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("format = \"bianjing-posterior\""), "{text}");
        assert_eq!(text.matches("[[sample]]").count(), 20);
        let params = cal["parameters"].as_array().unwrap();
        // By default the parameters the scenario marks `calibrate = true`, and only those.
        let scenario = std::fs::read_to_string("scenarios/bianjing-1126.toml").unwrap();
        let marked = scenario.matches("\ncalibrate = true").count();
        assert!(marked >= 10, "the scenario marks {marked} parameters");
        assert_eq!(params.len(), marked);
        for p in params {
            let name = p["name"].as_str().unwrap();
            let block = scenario
                .split("[[parameter]]")
                .find(|b| b.contains(&format!("name = \"{name}\"\n")))
                .unwrap();
            assert!(block.contains("calibrate = true"), "{name} is not marked");
        }
        for p in params {
            let (lo, hi) = (p["min"].as_f64().unwrap(), p["max"].as_f64().unwrap());
            let m = p["median"].as_f64().unwrap();
            assert!(lo <= m && m <= hi, "{p}");
        }
        let v = report(&["--posterior", &f]);
        assert_eq!(
            v["parameters"],
            format!("posterior:{}", cal["digest"].as_str().unwrap()).as_str()
        );
        assert_eq!(v["arms"][0]["runs"], 300);
    }
}

#[test]
fn prior_fixed_and_the_builtin_posterior_give_different_results() {
    let fixed = report(&["--fixed"]);
    let prior = report(&["--prior"]);
    let builtin = report(&[]);
    assert_eq!(fixed["parameters"], "fixed");
    assert_eq!(prior["parameters"], "prior");
    assert!(
        builtin["parameters"]
            .as_str()
            .unwrap()
            .starts_with("posterior:")
    );
    // The key events' counts, not the end categories: the Jin withdraw with terms in nearly every run
    // whatever the parameters, so a few hundred runs may well end alike under all three.
    let counts = |v: &Value| -> Vec<Value> {
        v["arms"][0]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["count"].clone())
            .collect()
    };
    assert_ne!(counts(&fixed), counts(&prior));
    assert_ne!(counts(&fixed), counts(&builtin));
    assert_ne!(counts(&prior), counts(&builtin));
    // A scenario given by path runs at its defaults unless told otherwise.
    let by_path = report(&["--scenario", "scenarios/bianjing-1126.toml"]);
    assert_eq!(by_path["parameters"], "fixed");
    assert_eq!(by_path["arms"], fixed["arms"]);
}

#[test]
fn rows_show_each_runs_draw_with_set_on_top() {
    let dir = TempDir::new("rows");
    let rows = dir.path().join("rows.csv");
    let r = rows.to_string_lossy().to_string();
    succeeds(bianjing(&[
        "ensemble",
        "--runs",
        "4",
        "--prior",
        "--set",
        "populace.pool=100000",
        "--runs-out",
        &r,
    ]));
    let text = std::fs::read_to_string(&rows).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| lines[0].iter().position(|h| *h == name).unwrap();
    let (pool, bouts) = (col("populace.pool"), col("engagement.bouts"));
    assert_eq!(lines.len(), 5);
    assert!(lines[1..].iter().all(|l| l[pool] == "100000"), "{text}");
    assert_ne!(lines[1][bouts], lines[2][bouts], "{text}");
}

#[test]
fn parts_from_different_parameter_sources_refuse_to_merge() {
    let dir = TempDir::new("sources");
    let a = dir.path().join("a.json").to_string_lossy().to_string();
    let b = dir.path().join("b.json").to_string_lossy().to_string();
    let base = ["ensemble", "--runs", "200", "--out"];
    succeeds(bianjing(
        &[&base[..], &[&a, "--shard", "1/2", "--prior"]].concat(),
    ));
    succeeds(bianjing(
        &[&base[..], &[&b, "--shard", "2/2", "--fixed"]].concat(),
    ));
    bianjing(&["ensemble", "merge", &a, &b])
        .fails(1)
        .stderr_has("parameter sources");
}

#[test]
fn bad_posterior_files_name_the_file_and_the_problem() {
    let dir = TempDir::new("bad-posterior");
    let good = dir.path().join("good.toml");
    let g = good.to_string_lossy().to_string();
    succeeds(bianjing(&[
        "calibrate",
        "--method",
        "abc-rejection",
        "--particles",
        "3",
        "--simulations",
        "20",
        "--out",
        &g,
    ]));
    let text = std::fs::read_to_string(&good).unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.to_string_lossy().to_string()
    };
    // A value pushed outside its range: the first sample's first value.
    let line = text
        .lines()
        .position(|l| l.starts_with("values = ["))
        .unwrap()
        + 1;
    let values = text.lines().nth(line - 1).unwrap();
    let bad = text.replacen(values, "values = [1e9", 1).replacen(
        "values = [1e9",
        &format!(
            "values = [1e9, {}",
            &values[values.find(',').unwrap() + 2..]
        ),
        1,
    );
    let out_of_range = write("range.toml", &bad);
    for cmd in [
        &["ensemble", "--runs", "10"][..],
        &["chronicle"],
        &["validate", "--runs", "10"],
        &["export", "--format", "csv"],
    ] {
        let args = [cmd, &["--posterior", &out_of_range]].concat();
        bianjing(&args)
            .fails(1)
            .stderr_has(&format!("{out_of_range}:{line}: sample 1:"))
            .stderr_has("outside its declared range");
    }
    let foreign = write("foreign.toml", "format = \"bianjing-ensemble-aggregate\"\n");
    bianjing(&["chronicle", "--posterior", &foreign])
        .fails(1)
        .stderr_has(&foreign)
        .stderr_has("not a posterior file");
    let weight = write("weight.toml", &text.replacen("weight = ", "weight = -", 1));
    bianjing(&["chronicle", "--posterior", &weight])
        .fails(1)
        .stderr_has("is not positive and finite");
    let name = write(
        "name.toml",
        &text.replacen("\"court.dismiss_base\"", "\"court.nonsense\"", 1),
    );
    bianjing(&["chronicle", "--posterior", &name])
        .fails(1)
        .stderr_has("no uncertain parameter `court.nonsense`");
    let missing = dir
        .path()
        .join("missing.toml")
        .to_string_lossy()
        .to_string();
    bianjing(&["chronicle", "--posterior", &missing])
        .fails(1)
        .stderr_has(&missing)
        .stderr_has("cannot read it");
    bianjing(&["chronicle", "--prior", "--fixed"]).fails(2);
    let nowhere = dir.path().join("no-such-dir").join("p.toml");
    bianjing(&["calibrate", "--out", &nowhere.to_string_lossy()])
        .fails(2)
        .stderr_has("does not exist");
    bianjing(&["calibrate", "--particles", "1", "--simulations", "10"])
        .fails(2)
        .stderr_has("at least 2 particles");
    bianjing(&["chronicle", "--prior", "--posterior", &g]).fails(2);
}
