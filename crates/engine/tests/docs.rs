//! The model's documentation keeps up with the model: every parameter the engine knows is described in
//! `docs/model.md`.

use bianjing_engine::PARAM_NAMES;

#[test]
fn every_parameter_is_documented() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/model.md");
    let doc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let missing: Vec<&str> = PARAM_NAMES
        .iter()
        .copied()
        .filter(|name| !doc.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/model.md does not document these parameters (each must appear in backticks): {}",
        missing.join(", ")
    );
}
