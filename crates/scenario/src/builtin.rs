//! The scenario shipped inside the binary.

use std::sync::OnceLock;

use crate::scenario::Scenario;

/// File name of the built-in scenario, as shown in diagnostics.
pub const BUILTIN_NAME: &str = "bianjing-1126.toml";

const TEXT: &str = include_str!("../../../scenarios/bianjing-1126.toml");

/// The text of the built-in scenario.
pub fn builtin_text() -> &'static str {
    TEXT
}

/// The built-in scenario, loaded once and cloned.
///
/// # Panics
/// If the embedded file does not validate; the crate's tests load it, so a release cannot ship
/// one that fails.
pub fn builtin() -> Scenario {
    static BUILTIN: OnceLock<Scenario> = OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            crate::load(TEXT, BUILTIN_NAME)
                .unwrap_or_else(|errors| panic!("the built-in scenario is invalid:\n{errors}"))
        })
        .clone()
}
