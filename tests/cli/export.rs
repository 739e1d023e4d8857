//! `bianjing export`: every format read back by a parser of its format, `--out` written atomically.

use serde_json::Value;

use super::harness::{TempDir, bianjing};

/// Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes and newlines).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF ends a record: RFC 4180 wants CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated CSV"
    );
    rows
}

#[test]
fn csv_of_the_record() {
    let text = bianjing(&["export", "--format", "csv"]).ok();
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "day",
            "julian",
            "gregorian",
            "lunar",
            "lunar_chinese",
            "day_name",
            "kind",
            "text",
            "persons",
            "places",
            "sources",
            "recorded"
        ]
    );
    assert!(rows.len() > 20);
    for r in &rows {
        assert_eq!(r.len(), rows[0].len());
    }
    // The first recorded event: Junzhou falls on JK1 1/2 (1126-01-26 Julian), a 戊辰 day.
    assert_eq!(rows[1][1], "1126-01-26");
    assert_eq!(rows[1][3], "JK1 1/2");
    assert_eq!(rows[1][5], "戊辰");
    assert!(rows[1][10].contains("SS23"));
    // The same events as the chronicle's JSON.
    let chronicle = bianjing(&["chronicle", "--json"]).json();
    assert_eq!(
        rows.len() - 1,
        chronicle["events"].as_array().unwrap().len()
    );
}

#[test]
fn jsonl_matches_the_chronicle_events() {
    let args = ["--mode", "free", "--seed", "7"];
    let text = bianjing(&[&["export", "--format", "jsonl"][..], &args].concat()).ok();
    let chronicle = bianjing(&[&["chronicle", "--json"][..], &args].concat()).json();
    let events = chronicle["events"].as_array().unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(&lines, events);
}

#[test]
fn timeline_json_of_a_what_if() {
    let v = bianjing(&[
        "export",
        "--format",
        "timeline-json",
        "--what-if",
        "no-raid",
        "--seed",
        "7",
    ])
    .json();
    assert!(v["title"]["text"]["headline"].is_string());
    assert!(
        v["title"]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("no-raid")
    );
    let events = v["events"].as_array().unwrap();
    assert!(!events.is_empty());
    for e in events {
        assert!(e["start_date"]["year"].is_i64());
        assert!(e["text"]["headline"].is_string());
    }
    // Placed by the Gregorian date, shown with the lunar and Julian dates.
    let first = &events[0]["start_date"];
    assert_eq!(
        (
            first["year"].as_i64(),
            first["month"].as_i64(),
            first["day"].as_i64()
        ),
        (Some(1126), Some(2), Some(2))
    );
    let shown = first["display_date"].as_str().unwrap();
    assert!(
        shown.contains("1126-01-26") && shown.contains("戊辰"),
        "{shown}"
    );
}

#[test]
fn geojson_with_force_positions() {
    let v = bianjing(&[
        "export", "--format", "geojson", "--mode", "free", "--seed", "3",
    ])
    .json();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    let kinds = |k: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["feature"] == k)
            .count()
    };
    assert!(kinds("place") > 10 && kinds("road") > 5 && kinds("force") > 100);
    for f in features {
        let c = &f["geometry"]["coordinates"];
        let points: Vec<&Value> = match f["geometry"]["type"].as_str().unwrap() {
            "Point" => vec![c],
            "LineString" => c.as_array().unwrap().iter().collect(),
            other => panic!("geometry {other}"),
        };
        for p in points {
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            // The whole theatre lies in north China: [lon, lat], not [lat, lon].
            assert!((100.0..=125.0).contains(&lon) && (30.0..=45.0).contains(&lat));
        }
    }
    let capital = features
        .iter()
        .find(|f| f["properties"]["id"] == "kaifeng")
        .unwrap();
    assert_eq!(capital["geometry"]["type"], "Point");
}

#[test]
fn out_writes_a_file_and_replaces_it() {
    let dir = TempDir::new("export");
    let path = dir.path().join("events.csv");
    let p = path.to_str().unwrap();
    let printed = bianjing(&["export", "--format", "csv"]).ok();
    assert_eq!(
        bianjing(&["export", "--format", "csv", "--out", p]).ok(),
        ""
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), printed);
    // Again, over the old file: replaced whole, and no temporary file is left behind.
    std::fs::write(&path, "old").unwrap();
    bianjing(&["export", "--format", "jsonl", "--out", p]).ok();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("{\"day\":0")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn bad_export_arguments_exit_2() {
    bianjing(&["export"]).fails(2).stderr_has("--format");
    bianjing(&["export", "--format", "kml"])
        .fails(2)
        .stderr_has("kml");
    bianjing(&["export", "--format", "csv", "--what-if", "nope"])
        .fails(2)
        .stderr_has("nope");
    let dir = TempDir::new("export-bad");
    let missing = dir.path().join("no-such-dir").join("x.csv");
    bianjing(&[
        "export",
        "--format",
        "csv",
        "--out",
        missing.to_str().unwrap(),
    ])
    .fails(2)
    .stderr_has("cannot write");
}
