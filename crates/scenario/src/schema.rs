//! The JSON Schema of the scenario format, derived from the model types.

use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::model::ScenarioFile;

const TITLE: &str = "Bianjing 1126 scenario";
const DESCRIPTION: &str = "A scenario file of the Bianjing 1126 simulator (TOML): the sourced \
    historical data of the first Jin siege of Kaifeng, with its calendar, forces, demands, \
    events, model parameters and what-ifs. Every fact cites sources; a fact with several \
    versions marks one as the default.";

/// The schema as a JSON value, built once: the structural pass walks it on every load.
pub(crate) fn schema_value() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = schemars::schema_for!(ScenarioFile);
        schema.insert("title".to_owned(), Json::from(TITLE));
        schema.insert("description".to_owned(), Json::from(DESCRIPTION));
        schema.to_value()
    })
}

/// The JSON Schema (draft 2020-12) of a scenario file, pretty-printed.
///
/// Derived from [`ScenarioFile`] by schemars, so it always matches what [`crate::load`] accepts
/// structurally; the rules of meaning (references, dates, defaults) are described in the crate
/// documentation instead.
pub fn schema_json() -> String {
    // Serializing a `serde_json::Value` cannot fail.
    serde_json::to_string_pretty(schema_value()).unwrap_or_default()
}
