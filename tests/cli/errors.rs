//! Bad input: the exit code (1 invalid input, 2 usage), a message that says what is wrong, never a panic.
//! (Every run checks "panicked" is absent from stderr: see the harness.)

use super::harness::{TempDir, bianjing, noise, run_in};

/// The built-in scenario's text, as `scenario show` prints it.
fn builtin_text() -> String {
    bianjing(&["scenario", "show"]).ok()
}

/// Replaces line `index` (0-based) of `text` with `line`.
fn with_line(text: &str, index: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines[index] = line;
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[test]
fn unknown_what_if_names_the_known_ones() {
    let out = bianjing(&["chronicle", "--what-if", "no-such-thing"])
        .fails(2)
        .stderr_has("no-such-thing");
    for known in [
        "no-raid",
        "raid-as-planned",
        "keep-li-gang",
        "refuse-terms",
        "pay-in-full",
        "pursue",
        "early-relief",
    ] {
        out.clone().stderr_has(known);
    }
}

#[test]
fn what_if_that_takes_no_value_refuses_one() {
    bianjing(&["chronicle", "--what-if", "no-raid=3"])
        .fails(2)
        .stderr_has("no-raid");
}

#[test]
fn what_if_value_out_of_range_or_not_a_number() {
    bianjing(&["chronicle", "--what-if", "early-relief=50"])
        .fails(2)
        .stderr_has("early-relief");
    bianjing(&["chronicle", "--what-if", "early-relief=abc"])
        .fails(2)
        .stderr_has("abc");
}

#[test]
fn what_if_given_twice() {
    bianjing(&["chronicle", "--what-if", "pursue", "--what-if", "pursue"])
        .fails(2)
        .stderr_has("pursue");
}

#[test]
fn set_unknown_parameter() {
    bianjing(&["chronicle", "--set", "nosuch=1"])
        .fails(2)
        .stderr_has("nosuch");
}

#[test]
fn set_outside_the_range_gives_the_range() {
    // The range as `scenario params` lists it: `engagement.fortification   4 [2, 8] ...`.
    let params = bianjing(&["scenario", "params"]).ok();
    let line = params
        .lines()
        .find(|l| l.split_whitespace().next() == Some("engagement.fortification"))
        .unwrap_or_else(|| panic!("engagement.fortification not in\n{params}"));
    let range = line
        .split_once('[')
        .and_then(|(_, r)| r.split_once(']'))
        .map(|(r, _)| r);
    let (min, max) = range
        .and_then(|r| r.split_once(','))
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .unwrap_or_else(|| panic!("no [MIN, MAX] in {line:?}"));
    let out = bianjing(&["chronicle", "--set", "engagement.fortification=100"])
        .fails(2)
        .stderr_has("engagement.fortification")
        .stderr_has("100");
    let msg = out.stderr.clone();
    if !msg.contains(&format!("[{min}, {max}]")) {
        out.fail(&format!("expected the range {min}..{max} in the message"));
    }
}

#[test]
fn set_without_equals_sign() {
    bianjing(&["chronicle", "--set", "x"])
        .fails(2)
        .stderr_has("PARAM=VALUE");
}

#[test]
fn set_value_not_a_number() {
    bianjing(&["chronicle", "--set", "engagement.fortification=abc"])
        .fails(2)
        .stderr_has("abc");
}

#[test]
fn bad_mode_and_record_are_usage_errors() {
    bianjing(&["chronicle", "--mode", "bogus"])
        .fails(2)
        .stderr_has("bogus")
        .stderr_has("history");
    bianjing(&["chronicle", "--record", "bogus"])
        .fails(2)
        .stderr_has("bogus");
    bianjing(&["chronicle", "--seed", "many"]).fails(2);
    bianjing(&["no-such-command"]).fails(2);
}

#[test]
fn no_subcommand_prints_usage() {
    bianjing(&[]).fails(2).stderr_has("Usage");
}

#[test]
fn missing_scenario_file_names_the_path() {
    let dir = TempDir::new("missing");
    let path = dir.path().join("no-such-scenario.toml");
    let p = path.to_str().unwrap();
    bianjing(&["chronicle", "--scenario", p])
        .fails(2)
        .stderr_has(p);
    bianjing(&["what-ifs", "--scenario", p])
        .fails(2)
        .stderr_has(p);
    bianjing(&["scenario", "check", p]).fails(2).stderr_has(p);
}

#[test]
fn check_syntax_error() {
    let dir = TempDir::new("syntax");
    let text = builtin_text();
    // Break one line in the middle of the real file: an unclosed table header.
    let index = text
        .lines()
        .position(|l| l == "[scenario]")
        .expect("a [scenario] table");
    let path = dir.write("syntax.toml", with_line(&text, index, "[scenario"));
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .points_at(&path, index + 1);
}

#[test]
fn check_small_syntax_error() {
    let dir = TempDir::new("syntax-small");
    let path = dir.write("bad.toml", "[scenario]\nid = \n");
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .points_at(&path, 2);
}

#[test]
fn check_unknown_key() {
    let dir = TempDir::new("unknown-key");
    let text = builtin_text();
    let index = text
        .lines()
        .position(|l| l.starts_with("start = "))
        .expect("a start key");
    let line = text.lines().nth(index).unwrap();
    let path = dir.write(
        "unknown.toml",
        with_line(&text, index, &format!("no_such_key = 1\n{line}")),
    );
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .stderr_has("no_such_key")
        .points_at(&path, index + 1);
}

#[test]
fn check_dangling_reference() {
    let dir = TempDir::new("dangling");
    let text = builtin_text();
    let index = text
        .lines()
        .position(|l| l.starts_with("commander = \""))
        .expect("a force with a commander");
    let path = dir.write(
        "dangling.toml",
        with_line(&text, index, "commander = \"no_such_person\""),
    );
    let p = path.to_str().unwrap();
    bianjing(&["scenario", "check", p])
        .fails(1)
        .stderr_has("no_such_person")
        .points_at(&path, index + 1);
    // The other commands refuse it the same way.
    bianjing(&["chronicle", "--scenario", p])
        .fails(1)
        .points_at(&path, index + 1);
}

#[test]
fn check_a_jin_force_that_marches() {
    // The marches move Song contingents only: a Jin force marked to march would wait for ever.
    let dir = TempDir::new("jin-marches");
    let text = builtin_text();
    let lines: Vec<&str> = text.lines().collect();
    let index = (0..lines.len())
        .find(|&i| {
            lines[i] == "side = \"jin\""
                && lines[..i].iter().rev().find(|l| l.starts_with("[[")) == Some(&"[[force]]")
        })
        .expect("a Jin force");
    let path = dir.write(
        "jin-marches.toml",
        with_line(&text, index, "side = \"jin\"\nmarches = true"),
    );
    let p = path.to_str().unwrap();
    bianjing(&["scenario", "check", p])
        .fails(1)
        .stderr_has("only Song contingents march")
        .points_at(&path, index + 2);
    bianjing(&["ensemble", "--scenario", p, "--runs", "10"]).fails(1);
}

#[test]
fn check_parameter_the_model_does_not_know() {
    let dir = TempDir::new("param");
    let text = builtin_text();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| *l == "[[parameter]]")
        .expect("a [[parameter]]");
    let index = (header..lines.len())
        .find(|&i| lines[i].starts_with("name = \""))
        .expect("a parameter name");
    let path = dir.write(
        "param.toml",
        with_line(&text, index, "name = \"engagement.no_such_parameter\""),
    );
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .stderr_has("engagement.no_such_parameter")
        .points_at(&path, index + 1);
}

#[test]
fn check_empty_file() {
    let dir = TempDir::new("empty");
    let path = dir.write("empty.toml", "");
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .points_at(&path, 1);
}

#[test]
fn check_binary_file() {
    let dir = TempDir::new("binary");
    let mut bytes = vec![0xff, 0xfe, 0x00, 0x80];
    bytes.extend(noise(4096, 0x1126_0125));
    let path = dir.write("random.toml", bytes);
    bianjing(&["scenario", "check", path.to_str().unwrap()])
        .fails(1)
        .points_into(&path);
}

#[test]
fn check_relative_path_is_reported_as_given() {
    let dir = TempDir::new("relative");
    dir.write("bad.toml", "[scenario]\nid = \n");
    run_in(dir.path(), &["scenario", "check", "bad.toml"])
        .fails(1)
        .stderr_has("bad.toml:2:");
}

#[test]
fn check_directory_is_an_error_not_a_panic() {
    let dir = TempDir::new("dir");
    bianjing(&["scenario", "check", dir.path().to_str().unwrap()]).fails(2);
}
