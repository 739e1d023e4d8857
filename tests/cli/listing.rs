//! The listing commands: `what-ifs`, `scenario schema`, `scenario show`, `scenario params`, `scenario check`.

use super::harness::{TempDir, bianjing, root};

#[test]
fn what_ifs_lists_every_named_what_if() {
    let out = bianjing(&["what-ifs"]).ok();
    let names: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split('=').next().unwrap_or(n))
        .collect();
    for expected in [
        "no-raid",
        "raid-as-planned",
        "keep-li-gang",
        "refuse-terms",
        "pay-in-full",
        "pursue",
        "early-relief",
    ] {
        assert!(
            names.contains(&expected),
            "`{expected}` not listed by what-ifs:\n{out}"
        );
    }
    for line in out.lines() {
        assert!(
            line.contains(" diverges "),
            "no point of divergence: {line:?}"
        );
    }
}

#[test]
fn schema_is_json_describing_forces_and_events() {
    let out = bianjing(&["scenario", "schema"]).ok();
    let schema: serde_json::Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("scenario schema is not JSON: {e}\n{out}"));
    let props = schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no `properties` object in\n{out}"));
    for key in ["force", "event", "scenario", "parameter", "what_if"] {
        assert!(
            props.contains_key(key),
            "`properties` has no `{key}`: {:?}",
            props.keys()
        );
    }
}

#[test]
fn scenario_show_is_the_shipped_file_and_checks_clean() {
    let shown = bianjing(&["scenario", "show"]).ok();
    let shipped = std::fs::read_to_string(root().join("scenarios/bianjing-1126.toml")).unwrap();
    assert!(
        shown == shipped,
        "scenario show differs from scenarios/bianjing-1126.toml"
    );

    let dir = TempDir::new("show");
    let path = dir.write("copy.toml", &shown);
    let p = path.to_str().unwrap();
    let check = bianjing(&["scenario", "check", p]).ok();
    assert!(
        check.starts_with(&format!("{p}: ok (")),
        "unexpected check output: {check:?}"
    );
    // The copy tells exactly the same chronicle as the built-in scenario, given the same parameters: a
    // scenario read from a file runs at its defaults unless given the posterior.
    let builtin = bianjing(&["chronicle", "--json"]).ok();
    let posterior = "scenarios/bianjing-1126.posterior.toml";
    let copy = bianjing(&[
        "chronicle",
        "--json",
        "--scenario",
        p,
        "--posterior",
        posterior,
    ])
    .ok();
    assert!(
        builtin == copy,
        "a copy of the built-in scenario tells another chronicle"
    );
    let builtin = bianjing(&["chronicle", "--json", "--fixed"]).ok();
    let copy = bianjing(&["chronicle", "--json", "--scenario", p]).ok();
    assert!(
        builtin == copy,
        "a copy of the built-in scenario tells another chronicle at the defaults"
    );
}

#[test]
fn scenario_check_accepts_the_shipped_scenario() {
    let out = bianjing(&["scenario", "check", "scenarios/bianjing-1126.toml"]).ok();
    assert!(
        out.starts_with("scenarios/bianjing-1126.toml: ok ("),
        "unexpected check output: {out:?}"
    );
    for part in [
        "sources",
        "persons",
        "places",
        "forces",
        "events",
        "parameters",
        "what-ifs",
    ] {
        assert!(
            out.contains(part),
            "check output does not count {part}: {out:?}"
        );
    }
}

#[test]
fn scenario_params_lists_the_parameters() {
    let out = bianjing(&["scenario", "params"]).ok();
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some("engagement.fortification"))
        .unwrap_or_else(|| panic!("engagement.fortification not listed:\n{out}"));
    assert!(
        line.contains('[') && line.contains(", ") && line.contains(']'),
        "no range in {line:?}"
    );
    // Every parameter listed can be set to its own default.
    let default = line.split_whitespace().nth(1).unwrap();
    bianjing(&[
        "chronicle",
        "--set",
        &format!("engagement.fortification={default}"),
    ])
    .ok();
}

#[test]
fn set_changes_the_run() {
    let base = bianjing(&["chronicle", "--json"]).ok();
    let set = bianjing(&["chronicle", "--json", "--set", "engagement.fortification=5"]).ok();
    assert!(
        base != set,
        "--set engagement.fortification=5 changed nothing"
    );
}

#[test]
fn help_and_version() {
    let help = bianjing(&["--help"]).ok();
    for cmd in ["chronicle", "what-ifs", "scenario"] {
        assert!(help.contains(cmd), "--help does not list {cmd}:\n{help}");
    }
    let help = bianjing(&["chronicle", "--help"]).ok();
    for opt in [
        "--mode",
        "--record",
        "--seed",
        "--what-if",
        "--set",
        "--scenario",
        "--json",
    ] {
        assert!(
            help.contains(opt),
            "chronicle --help does not list {opt}:\n{help}"
        );
    }
    let version = bianjing(&["--version"]).ok();
    assert!(version.starts_with("bianjing "), "{version:?}");
}
