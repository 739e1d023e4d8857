//! The posterior file: exact round trip, clear errors on bad files, and the per-run sampler.

use bianjing_calibration::{Bounds, Method, ParamSpec, Posterior, Sample, prior_for_run};

fn space() -> Vec<ParamSpec> {
    vec![
        ParamSpec {
            name: "court.accept_base".into(),
            bounds: Bounds { min: 0.0, max: 0.5 },
        },
        ParamSpec {
            name: "engagement.bouts".into(),
            bounds: Bounds {
                min: 6.0,
                max: 20.0,
            },
        },
    ]
}

fn posterior() -> Posterior {
    Posterior::new(
        "bianjing-1126".into(),
        Method::Smc,
        1126,
        0.123_456_789_012_345_67,
        98_765,
        vec!["court.accept_base".into(), "engagement.bouts".into()],
        vec![
            Sample {
                weight: 0.7,
                values: vec![0.1, 6.0],
            },
            Sample {
                weight: 0.2,
                values: vec![1.0 / 3.0, 19.999_999_999_999_996],
            },
            Sample {
                weight: 1e-300,
                values: vec![5e-324, 12.5],
            },
        ],
    )
}

#[test]
fn the_file_round_trips_exactly() {
    let p = posterior();
    let text = p.to_toml();
    let back = Posterior::load(&text, "p.toml", "bianjing-1126", &space()).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.to_toml(), text);
    assert_eq!(back.digest(), p.digest());
    for (a, b) in back.samples.iter().zip(&p.samples) {
        for (x, y) in a.values.iter().zip(&b.values) {
            assert_eq!(x.to_bits(), y.to_bits());
        }
    }
}

/// The error for `text` after replacing `from` with `to` in the good file.
fn error_after(from: &str, to: &str) -> String {
    let text = posterior().to_toml();
    assert!(text.contains(from), "{from} not in the file");
    let bad = text.replacen(from, to, 1);
    Posterior::load(&bad, "bad.toml", "bianjing-1126", &space())
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_files_give_errors_naming_the_file_the_line_and_the_problem() {
    let text = posterior().to_toml();
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
    let e = error_after("\"court.accept_base\"", "\"court.nonsense\"");
    assert_eq!(
        e,
        format!(
            "bad.toml:{}: the scenario `bianjing-1126` has no uncertain parameter `court.nonsense` (see `bianjing scenario params`)",
            line_of("\"court.accept_base\"")
        )
    );
    let e = error_after("values = [0.1, 6.0]", "values = [0.9, 6.0]");
    assert_eq!(
        e,
        format!(
            "bad.toml:{}: sample 1: court.accept_base = 0.9 is outside its declared range [0, 0.5]",
            line_of("values = [0.1, 6.0]")
        )
    );
    let e = error_after("weight = 0.2", "weight = -0.2");
    assert_eq!(
        e,
        format!(
            "bad.toml:{}: sample 2: the weight -0.2 is not positive and finite",
            line_of("weight = 0.2")
        )
    );
    assert!(error_after("weight = 0.2", "weight = nan").contains("not positive and finite"));
    assert!(error_after("weight = 0.2", "weight = inf").contains("not positive and finite"));
    let e = error_after("values = [0.1, 6.0]", "values = [0.1]");
    assert!(e.contains("sample 1: 1 values for 2 parameters"), "{e}");
    let e = error_after(
        "format = \"bianjing-posterior\"",
        "format = \"bianjing-ensemble-aggregate\"",
    );
    assert_eq!(
        e,
        "bad.toml: not a posterior file: its format is `bianjing-ensemble-aggregate`, expected `bianjing-posterior`"
    );
    let e = error_after("version = 1", "version = 7");
    assert!(
        e.starts_with("bad.toml:3: posterior format version 7"),
        "{e}"
    );
    let e = error_after("scenario = \"bianjing-1126\"", "scenario = \"other\"");
    assert!(
        e.contains("made for scenario `other`, not `bianjing-1126`"),
        "{e}"
    );
    let e = error_after("method = \"abc-smc\"", "method = \"mcmc\"");
    assert!(e.contains("unknown method `mcmc`"), "{e}");
    let e = error_after("\"engagement.bouts\",", "\"court.accept_base\",");
    assert!(e.contains("listed twice"), "{e}");
}

#[test]
fn corrupt_and_foreign_files_are_errors_not_panics() {
    let text = posterior().to_toml();
    // Every truncation of the file is either a valid file or an error: never a panic.
    for cut in (0..text.len()).step_by(7) {
        let _ = Posterior::load(&text[..cut], "cut.toml", "bianjing-1126", &space());
    }
    let e = Posterior::parse("this is [not toml", "x.toml").unwrap_err();
    assert_eq!(e.file, "x.toml");
    assert_eq!(e.line, Some(1));
    assert!(e.message.starts_with("not valid TOML"), "{e}");
    let e = Posterior::parse("[scenario]\nid = \"bianjing-1126\"\n", "s.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("no `format = \"bianjing-posterior\"` line"),
        "{e}"
    );
    let no_samples = text.split("\n[[sample]]").next().unwrap().to_string();
    let e = Posterior::parse(&no_samples, "n.toml").unwrap_err();
    assert!(e.to_string().contains("no [[sample]]"), "{e}");
    let e = Posterior::parse(&text.replace("seed = 1126", "seed = \"x\""), "t.toml").unwrap_err();
    assert_eq!(e.line, Some(6), "{e}");
}

#[test]
fn runs_draw_samples_by_weight_from_their_own_stream() {
    let p = posterior();
    let n = 20_000u64;
    let first = (0..n)
        .filter(|&r| p.sample_for_run(7, r).values[0] == 0.1)
        .count() as f64
        / n as f64;
    // Weight share 0.7/0.9 = 0.778; standard error 0.003 at 20,000 runs.
    assert!((first - 0.7 / 0.9).abs() < 0.015, "share {first}");
    assert_eq!(p.sample_for_run(7, 5), p.sample_for_run(7, 5));
    let b = [
        Bounds { min: 2.0, max: 3.0 },
        Bounds {
            min: -1.0,
            max: 1.0,
        },
    ];
    let a = prior_for_run(&b, 9, 4);
    assert_eq!(a, prior_for_run(&b, 9, 4));
    assert_ne!(a, prior_for_run(&b, 9, 5));
    assert_ne!(a, prior_for_run(&b, 10, 4));
    assert!((2.0..3.0).contains(&a[0]) && (-1.0..1.0).contains(&a[1]));
}

#[test]
fn weighted_quantiles() {
    let p = posterior();
    assert_eq!(p.quantile(0, 0.5), 0.1);
    assert_eq!(p.quantile(0, 0.95), 1.0 / 3.0);
}
