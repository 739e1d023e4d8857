//! The scenario shipped inside the binary.

use std::sync::OnceLock;

use crate::scenario::Scenario;

/// File name of the built-in scenario, as shown in diagnostics.
pub const BUILTIN_NAME: &str = "bianjing-1126.toml";

const TEXT: &str = include_str!("../../../scenarios/bianjing-1126.toml");

/// File name of the built-in scenario's calibrated posterior, as shown in diagnostics.
pub const BUILTIN_POSTERIOR_NAME: &str = "bianjing-1126.posterior.toml";

const POSTERIOR: &str = include_str!("../../../scenarios/bianjing-1126.posterior.toml");

/// The text of the built-in scenario's calibrated posterior (written by `bianjing calibrate`; read
/// with `bianjing_calibration::Posterior::load`). Runs of the built-in scenario draw their parameters
/// from it unless told otherwise.
pub fn builtin_posterior() -> &'static str {
    POSTERIOR
}

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
