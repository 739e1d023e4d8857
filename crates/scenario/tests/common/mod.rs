//! Helpers shared by the integration tests.
#![allow(dead_code)]

use bianjing_scenario::{Diagnostic, Diagnostics, Scenario, load};

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

pub fn load_fixture(name: &str) -> Result<Scenario, Diagnostics> {
    load(&fixture(name), name)
}

/// The diagnostics of a fixture that must fail.
pub fn errors(name: &str) -> Diagnostics {
    match load_fixture(name) {
        Ok(_) => panic!("{name} loaded although it is broken"),
        Err(e) => e,
    }
}

/// Asserts that a diagnostic is at `line:column`, about `path`, and that its message contains
/// `message`.
pub fn assert_diag(d: &Diagnostic, line: usize, column: usize, path: &str, message: &str) {
    assert_eq!(
        (d.line, d.column, d.path.as_str()),
        (line, column, path),
        "wrong place for:\n{d}"
    );
    assert!(
        d.message.contains(message),
        "message {:?} lacks {message:?}:\n{d}",
        d.message
    );
    assert!(!d.expected.is_empty(), "no expectation given:\n{d}");
}

/// Asserts that the fixture fails with exactly one diagnostic, as described, and returns it.
pub fn assert_only(
    name: &str,
    line: usize,
    column: usize,
    path: &str,
    message: &str,
) -> Diagnostic {
    let errors = errors(name);
    assert_eq!(
        errors.len(),
        1,
        "expected one error in {name}, got:\n{errors}"
    );
    assert_diag(&errors[0], line, column, path, message);
    assert_eq!(errors[0].file, name);
    errors[0].clone()
}
