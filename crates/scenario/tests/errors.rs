//! One test per kind of error, each on its own fixture: the place (line, column, path) and the
//! gist of the message are exact.

mod common;

use common::{assert_diag, assert_only, errors};

#[test]
fn syntax_error() {
    let d = assert_only("syntax_one.toml", 6, 23, "", "invalid basic string");
    assert!(d.message.starts_with("syntax: "));
    assert_eq!(d.expected, "`\"`");
}

#[test]
fn two_syntax_errors_are_reported_together() {
    let errors = errors("syntax_two.toml");
    assert!(errors.len() >= 2, "{errors}");
    assert_diag(&errors[0], 6, 23, "", "invalid basic string");
    assert_diag(&errors[1], 163, 9, "", "extra `=`");
    assert!(errors.iter().all(|d| d.message.starts_with("syntax: ")));
}

#[test]
fn unknown_key() {
    let d = assert_only(
        "unknown_key.toml",
        157,
        1,
        "force[0].comander",
        "unknown key `comander`",
    );
    assert!(d.message.contains("did you mean `commander`?"), "{d}");
    assert!(
        d.expected
            .starts_with("one of: id, name, side, kind, origin,"),
        "{d}"
    );
    assert!(d.expected.contains("commander"), "{d}");
}

#[test]
fn unknown_key_renders_like_rustc() {
    let shown = errors("unknown_key.toml").to_string();
    let expected = "\
error: unknown key `comander` (did you mean `commander`?)
   --> unknown_key.toml:157:1
    |
157 | comander = \"wolibu\"
    | ^^^^^^^^
    = at: force[0].comander
    = expected one of: id, name, side, kind, origin, strength, grade, arrives, commander, core, marches, note, raised_in, road_li

1 error in unknown_key.toml";
    assert_eq!(shown, expected);
}

#[test]
fn missing_key_is_reported_at_its_table() {
    let d = assert_only(
        "missing_key.toml",
        174,
        1,
        "force[2].origin",
        "missing key `origin` in `force[2]`",
    );
    assert!(d.expected.contains("a string"), "{d}");
}

#[test]
fn wrong_type() {
    let d = assert_only(
        "wrong_type.toml",
        135,
        7,
        "place[2].lat",
        "wrong type: found a string",
    );
    assert_eq!(d.expected, "a number");
}

#[test]
fn bad_enum_value() {
    let d = assert_only(
        "bad_enum.toml",
        187,
        8,
        "force[3].kind",
        "unknown value `relife` for `kind`",
    );
    assert_eq!(
        d.expected,
        "one of: eastern-army, western-army, garrison, city-field-force, relief"
    );
}

#[test]
fn out_of_range_number() {
    let d = assert_only(
        "out_of_range.toml",
        40,
        8,
        "calendar.month[1].days",
        "31 is out of range for `days`",
    );
    assert_eq!(d.expected, "an integer from 29 to 30");
}

#[test]
fn duplicate_id() {
    let d = assert_only(
        "duplicate_id.toml",
        140,
        6,
        "place[3].id",
        "duplicate id `taiyuan`",
    );
    assert!(d.message.contains("place[2]"), "{d}");
}

#[test]
fn dangling_person() {
    assert_only(
        "dangling_person.toml",
        157,
        13,
        "force[0].commander",
        "unknown person `wolibo`",
    );
}

#[test]
fn dangling_place() {
    assert_only(
        "dangling_place.toml",
        233,
        11,
        "event[0].places[0]",
        "unknown place `kaifen`",
    );
}

#[test]
fn dangling_force() {
    assert_only(
        "dangling_force.toml",
        219,
        8,
        "western.army",
        "unknown force `west-army`",
    );
}

#[test]
fn dangling_event() {
    let d = assert_only(
        "dangling_event.toml",
        256,
        15,
        "what_if[0].diverges_at",
        "unknown event `night-rade`",
    );
    assert_eq!(d.expected, "the id of an `event` entry");
}

#[test]
fn capital_must_be_a_capital() {
    assert_only(
        "capital_not_capital.toml",
        10,
        11,
        "scenario.capital",
        "`xuanze-gate` is not a place of kind `capital`",
    );
}

#[test]
fn unknown_source() {
    let d = assert_only(
        "unknown_source.toml",
        94,
        12,
        "person[0].sources[0]",
        "unknown source `SongShi`",
    );
    assert!(d.expected.contains("essay:N"), "{d}");
}

#[test]
fn essay_paragraph_out_of_range() {
    let d = assert_only(
        "essay_range.toml",
        103,
        18,
        "person[1].sources[1]",
        "essay paragraph 13 does not exist",
    );
    assert!(d.expected.contains("from 1 to 12"), "{d}");
}

#[test]
fn unparsable_date() {
    let d = assert_only(
        "bad_date.toml",
        242,
        19,
        "event[1].date[0].value",
        "bad date `the day after`",
    );
    assert!(d.expected.contains("XH7 12/1 to JK1 3/30"), "{d}");
}

#[test]
fn date_outside_the_table() {
    assert_only(
        "date_outside.toml",
        202,
        19,
        "demand[0].made[0].value",
        "outside the calendar table",
    );
}

#[test]
fn thirtieth_day_of_a_29_day_month() {
    assert_only(
        "day_30.toml",
        193,
        22,
        "force[3].arrives[0].value",
        "has 29 days; day 30 does not exist",
    );
}

#[test]
fn horizon_before_start() {
    assert_only(
        "horizon_before_start.toml",
        9,
        11,
        "scenario.horizon",
        "is not after the start",
    );
}

#[test]
fn calendar_table_errors_point_at_the_row() {
    let errors = errors("bad_calendar.toml");
    assert_eq!(errors.len(), 3, "{errors}");
    assert_diag(
        &errors[0],
        48,
        17,
        "calendar.month[2].first_day_jdn",
        "disagrees with first_day_julian 1126-02-23",
    );
    assert_diag(&errors[1], 52, 1, "calendar.month[3]", "month table row 3");
    assert_diag(
        &errors[2],
        57,
        17,
        "calendar.month[3].first_day_jdn",
        "disagrees",
    );
}

#[test]
fn no_default_among_versions() {
    assert_only(
        "no_default.toml",
        159,
        12,
        "force[0].strength",
        "2 versions and none is marked `default = true`",
    );
}

#[test]
fn two_defaults() {
    assert_only(
        "two_defaults.toml",
        231,
        59,
        "event[0].date[1].default",
        "2 versions are marked `default = true`",
    );
}

#[test]
fn empty_versions_and_default_without_why() {
    let errors = errors("empty_versions.toml");
    assert_eq!(errors.len(), 2, "{errors}");
    assert_diag(
        &errors[0],
        160,
        5,
        "force[0].strength[0].why",
        "does not say why",
    );
    assert_diag(
        &errors[1],
        244,
        8,
        "event[1].size",
        "`size` has no versions",
    );
}

#[test]
fn negative_strength() {
    let d = assert_only(
        "negative_strength.toml",
        180,
        23,
        "force[2].strength[0].value",
        "impossible strength -500",
    );
    assert_eq!(d.expected, "a finite number greater than 0");
}

#[test]
fn parameter_default_outside_its_range() {
    let d = assert_only(
        "parameter_range.toml",
        248,
        11,
        "parameter[0].default",
        "default 6 is outside its range 2 to 5",
    );
    assert_eq!(d.expected, "a default from 2 to 5");
}

#[test]
fn marching_relief_needs_road_and_arrival() {
    let errors = errors("relief_without_march.toml");
    assert_eq!(errors.len(), 2, "{errors}");
    assert_diag(&errors[0], 183, 1, "force[3].road_li", "has no `road_li`");
    assert_diag(&errors[1], 183, 1, "force[3].arrives", "has no `arrives`");
}

#[test]
fn many_errors_of_meaning_are_all_reported() {
    let errors = errors("many_errors.toml");
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|d| (d.line, d.column, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (94, 12, "person[0].sources[0]"),
            (103, 18, "person[1].sources[1]"),
            (157, 13, "force[0].commander"),
            (180, 23, "force[2].strength[0].value"),
            (193, 22, "force[3].arrives[0].value"),
            (248, 11, "parameter[0].default"),
            (256, 15, "what_if[0].diverges_at"),
        ]
    );
    assert!(
        errors
            .to_string()
            .ends_with("\n7 errors in many_errors.toml")
    );
}

#[test]
fn many_structural_errors_are_all_reported() {
    let errors = errors("many_structure_errors.toml");
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|d| (d.line, d.column, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (40, 8, "calendar.month[1].days"),
            (135, 7, "place[2].lat"),
            (157, 1, "force[0].comander"),
            (174, 1, "force[2].origin"),
            (186, 8, "force[3].kind"),
        ]
    );
}

#[test]
fn diagnostics_are_a_std_error() {
    let errors = errors("wrong_type.toml");
    let boxed: Box<dyn std::error::Error> = Box::new(errors);
    assert!(boxed.to_string().contains("1 error in wrong_type.toml"));
}
