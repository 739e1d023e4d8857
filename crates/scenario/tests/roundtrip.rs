//! A small valid fixture loads, and everything a later layer needs is there: typed data,
//! lookups, the calendar, and positions of values by path.

mod common;

use bianjing_scenario::model::{ForceKind, SideId};
use bianjing_scenario::{
    Diagnostics, Jdn, Location, Scenario, schema_json, try_version_default, version_default,
};
use common::{fixture, load_fixture};

fn valid() -> Scenario {
    load_fixture("valid.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn valid_fixture_loads() {
    let s = valid();
    assert_eq!(s.file(), "valid.toml");
    assert_eq!(s.text(), fixture("valid.toml"));
    let d = s.data();
    assert_eq!(d.scenario.id, "fixture");
    assert_eq!(d.force.len(), 4);
    assert_eq!(d.force[3].kind, ForceKind::Relief);
    assert_eq!(d.person[2].side, SideId::Jin);
    assert_eq!(s.calendar().months().len(), 4);
}

#[test]
fn locate_gives_line_and_column_of_a_path() {
    let s = valid();
    assert_eq!(
        s.locate("force[3].commander"),
        Some(Location {
            line: 188,
            column: 13
        })
    );
    assert_eq!(
        s.locate("scenario.start"),
        Some(Location { line: 8, column: 9 })
    );
    assert_eq!(
        s.locate("event[0].date[1].value"),
        Some(Location {
            line: 231,
            column: 15
        })
    );
    // A table from an array of tables is located at its header.
    assert_eq!(
        s.locate("force[3]"),
        Some(Location {
            line: 183,
            column: 1
        })
    );
    assert_eq!(s.locate("force[3].note"), None);
    assert_eq!(s.locate("force[99]"), None);
    let span = s.span("scenario.start").unwrap();
    assert_eq!(&s.text()[span], "\"JK1 1/2\"");
}

#[test]
fn later_layers_report_at_the_right_place() {
    let s = valid();
    let d = s.diagnostic(
        "parameter[0].name",
        "unknown parameter `engagement.fortification`",
        "one of: siege.rate",
    );
    assert_eq!((d.line, d.column), (247, 8));
    assert_eq!(d.path, "parameter[0].name");
    assert_eq!(d.file, "valid.toml");
    // A defaulted field has no text: its table stands in.
    let d = s.diagnostic("force[1].note", "note needed", "a note");
    assert_eq!(
        (d.line, d.column, d.path.as_str()),
        (165, 1, "force[1].note")
    );
    let all = Diagnostics::new(s.file(), vec![d]);
    assert!(
        all.to_string().contains("   --> valid.toml:165:1\n"),
        "{all}"
    );
}

#[test]
fn lookups_by_id() {
    let s = valid();
    assert_eq!(
        s.person("li-gang").map(|p| p.name.as_str()),
        Some("Li Gang")
    );
    assert_eq!(s.person_index("wolibu"), Some(2));
    assert_eq!(s.place("taiyuan").map(|p| p.lat), Some(37.87));
    assert_eq!(s.place_index("jingzhao"), Some(3));
    assert_eq!(s.force_index("shaanxi-relief"), Some(3));
    assert!(s.force("nobody").is_none());
    assert_eq!(s.event_index("night-raid"), Some(1));
    assert_eq!(s.event("investment").map(|e| e.key), Some(true));
    assert_eq!(s.source("SS").map(|x| x.title.as_str()), Some("Songshi"));
    assert_eq!(s.source_index("ESSAY"), Some(2));
}

#[test]
fn dates_and_defaults() {
    let s = valid();
    // JK1 1/1 is JDN 2132354 in the fixture's table.
    assert_eq!(s.lunar_jdn("JK1 1/16").unwrap(), Jdn(2132369));
    assert!(s.lunar_jdn("JK1 2/30").is_err());
    assert_eq!(s.start(), Jdn(2132355));
    assert_eq!(s.horizon(), Jdn(2132422));

    let army = s.force("eastern-army").unwrap();
    assert_eq!(version_default(&army.strength).value, 60000.0);
    assert_eq!(Scenario::version_default(&army.strength).value, 60000.0);
    let garrison = s.force("garrison").unwrap();
    assert_eq!(version_default(&garrison.strength).value, 30000.0);
    assert!(try_version_default(&garrison.core).is_none());
}

#[test]
fn bytes_load_like_text() {
    let text = fixture("valid.toml");
    let s = bianjing_scenario::load_bytes(text.as_bytes(), "valid.toml").unwrap();
    assert_eq!(s.data(), valid().data());
}

#[test]
fn schema_is_titled_json_with_definitions() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    assert_eq!(schema["title"], "Bianjing 1126 scenario");
    assert!(schema["description"].as_str().unwrap().contains("scenario"));
    assert!(schema["$defs"]["ForceDef"]["properties"]["commander"].is_object());
    assert!(schema["$defs"]["Version_of_double"].is_object());
    assert!(schema["$defs"]["Version_of_string"].is_object());
}
