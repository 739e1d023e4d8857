//! Each export read back by a parser of its format and checked against the format's rules, on the
//! built-in scenario's history run and a free run.

use bianjing_chronicle::{Chronicle, Entry, RunLabel};
use bianjing_engine::{Mode, RunConfig, Script, Setup, Simulation};
use bianjing_export::{
    CSV_HEADER, ForcePosition, positions, to_string, write_csv, write_geojson, write_jsonl,
    write_timeline,
};
use bianjing_scenario::Scenario;
use serde_json::Value;

struct Run {
    scenario: Scenario,
    chronicle: Chronicle,
    positions: Vec<ForcePosition>,
    days: u16,
}

fn run(mode: Mode, seed: u64) -> Run {
    let scenario = bianjing_scenario::builtin();
    let setup = Setup::build(scenario.data(), scenario.calendar()).expect("builds");
    let config = RunConfig {
        mode,
        ..RunConfig::default()
    };
    let script = Script::compile(&setup, &config).expect("compiles");
    let mut sim = Simulation::new(&setup, &setup.params, &script, seed, 0);
    let mut events = Vec::new();
    let mut pos = Vec::new();
    let mut days = 0;
    while !sim.is_finished() {
        let day = sim.world().day;
        sim.step(&mut events);
        pos.extend(positions(
            scenario.data(),
            scenario.calendar(),
            &setup,
            sim.world(),
            day,
        ));
        days += 1;
    }
    let outcome = sim.outcome();
    let label = RunLabel {
        mode: format!("{mode:?}").to_lowercase(),
        record: "essay".into(),
        seed,
        what_ifs: vec![],
    };
    let chronicle = Chronicle::tell(
        scenario.data(),
        scenario.calendar(),
        &setup,
        label,
        &events,
        &outcome,
    );
    Run {
        scenario,
        chronicle,
        positions: pos,
        days,
    }
}

fn runs() -> Vec<Run> {
    vec![run(Mode::History, 1126), run(Mode::Free, 7)]
}

// ---------------------------------------------------------------------------------------------
// CSV, read back with a strict RFC 4180 parser.

/// Parses RFC 4180 text: records end in CRLF; a field is either unquoted (no comma, quote, CR or LF)
/// or quoted with inner quotes doubled. Anything else is an error.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    loop {
        let Some(c) = chars.next() else {
            if !at_field_start || !field.is_empty() || !record.is_empty() {
                return Err("the last record does not end in CRLF".into());
            }
            return Ok(records);
        };
        match c {
            '"' if at_field_start => {
                // Quoted field.
                loop {
                    match chars.next() {
                        None => return Err("unterminated quoted field".into()),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(other) => field.push(other),
                    }
                }
                match chars.peek() {
                    Some(',') | Some('\r') | None => {}
                    Some(other) => return Err(format!("`{other}` after a closing quote")),
                }
                at_field_start = false;
            }
            '"' => return Err("a quote inside an unquoted field".into()),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR not followed by LF".into());
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => return Err("a bare LF outside quotes".into()),
            other => {
                field.push(other);
                at_field_start = false;
            }
        }
    }
}

fn csv_row(e: &Entry) -> Vec<String> {
    vec![
        e.day.to_string(),
        e.dates.julian.clone(),
        e.dates.gregorian.clone(),
        e.dates.lunar.clone(),
        e.dates.lunar_chinese.clone(),
        e.dates.day_name.clone(),
        e.kind.clone(),
        e.text.clone(),
        e.persons.join("; "),
        e.places.join("; "),
        e.sources.join("; "),
        e.recorded.clone().unwrap_or_default(),
    ]
}

#[test]
fn csv_reads_back_row_for_row() {
    for r in runs() {
        let text = to_string(|w| write_csv(w, &r.chronicle));
        let rows = parse_csv(&text).unwrap_or_else(|e| panic!("not RFC 4180: {e}\n{text}"));
        assert_eq!(rows[0], CSV_HEADER.to_vec());
        assert_eq!(rows.len(), r.chronicle.events.len() + 1);
        for (row, e) in rows[1..].iter().zip(&r.chronicle.events) {
            assert_eq!(
                row.len(),
                CSV_HEADER.len(),
                "every row has as many fields as the header"
            );
            assert_eq!(*row, csv_row(e));
        }
    }
}

#[test]
fn csv_quoting_round_trips_commas_quotes_and_newlines() {
    let mut r = run(Mode::History, 1126);
    let nasty = [
        "plain",
        "a, b, and c",
        "he said \"no\", twice",
        "two\nlines",
        "crlf\r\ninside",
        "\"",
        "\"\"",
        ",",
        "",
        " spaces kept ",
        "靖康元年，二月",
    ];
    for (i, t) in nasty.iter().enumerate() {
        r.chronicle.events[i].text = (*t).to_string();
        r.chronicle.events[i].persons = vec![format!("A, \"{t}\""), "B".into()];
    }
    let text = to_string(|w| write_csv(w, &r.chronicle));
    let rows = parse_csv(&text).unwrap_or_else(|e| panic!("not RFC 4180: {e}"));
    for (i, t) in nasty.iter().enumerate() {
        assert_eq!(rows[i + 1][7], *t);
        assert_eq!(rows[i + 1][8], format!("A, \"{t}\"; B"));
        assert_eq!(rows[i + 1].len(), CSV_HEADER.len());
    }
}

#[test]
fn the_test_parser_rejects_malformed_csv() {
    for bad in ["a\"b,c\r\n", "\"open\r\n", "a,b\n", "\"x\"y\r\n", "a,b"] {
        assert!(parse_csv(bad).is_err(), "{bad:?} should be rejected");
    }
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\",\r\n").unwrap(),
        vec![vec!["a".to_string(), "b,\"c\"".into(), String::new()]]
    );
}

// ---------------------------------------------------------------------------------------------
// JSON lines.

#[test]
fn jsonl_has_one_entry_object_per_line() {
    for r in runs() {
        let text = to_string(|w| write_jsonl(w, &r.chronicle));
        assert!(text.ends_with('\n'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), r.chronicle.events.len());
        for (line, e) in lines.iter().zip(&r.chronicle.events) {
            let v: Value = serde_json::from_str(line).expect("each line is JSON");
            assert!(v.is_object());
            assert_eq!(v, serde_json::to_value(e).unwrap());
            for key in [
                "julian",
                "gregorian",
                "lunar",
                "day_name",
                "sources",
                "text",
            ] {
                assert!(v.get(key).is_some(), "{key} missing");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TimelineJS.

#[test]
fn timeline_follows_the_timelinejs_format() {
    for r in runs() {
        let text = to_string(|w| write_timeline(w, &r.chronicle));
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert!(v["title"]["text"]["headline"].is_string());
        let events = v["events"].as_array().expect("events is an array");
        // One slide per entry, then the outcome.
        assert_eq!(events.len(), r.chronicle.events.len() + 1);
        let mut ids = std::collections::HashSet::new();
        for (i, ev) in events.iter().enumerate() {
            let d = &ev["start_date"];
            let year = d["year"].as_i64().expect("start_date.year is a number");
            let month = d["month"].as_u64().expect("month");
            let day = d["day"].as_u64().expect("day");
            assert!((1..=12).contains(&month) && (1..=31).contains(&day));
            let headline = ev["text"]["headline"].as_str().expect("text.headline");
            assert!(!headline.is_empty());
            assert!(ev["text"]["text"].is_string());
            assert!(ev["group"].is_string());
            assert!(ids.insert(ev["unique_id"].as_str().expect("unique_id").to_string()));
            if let Some(e) = r.chronicle.events.get(i) {
                // Placed by the proleptic Gregorian date; shown with lunar, day name and Julian.
                assert_eq!(
                    format!("{year:04}-{month:02}-{day:02}"),
                    e.dates.gregorian,
                    "slide {i}"
                );
                let shown = d["display_date"].as_str().expect("display_date");
                assert!(shown.contains(&e.dates.julian), "{shown}");
                assert!(shown.contains(&e.dates.day_name), "{shown}");
                assert!(shown.contains(&e.dates.lunar_chinese), "{shown}");
                assert_eq!(
                    ev["group"],
                    if e.recorded.is_some() {
                        "Recorded"
                    } else {
                        "Model"
                    }
                );
                for s in &e.sources {
                    assert!(ev["text"]["text"].as_str().unwrap().contains(s.as_str()));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// GeoJSON.

fn check_position(p: &Value) -> (f64, f64) {
    let a = p.as_array().expect("a position is an array");
    assert_eq!(a.len(), 2, "positions are [lon, lat]");
    let lon = a[0].as_f64().expect("lon is a number");
    let lat = a[1].as_f64().expect("lat is a number");
    assert!((-180.0..=180.0).contains(&lon), "lon {lon}");
    assert!((-90.0..=90.0).contains(&lat), "lat {lat}");
    (lon, lat)
}

#[test]
fn geojson_follows_rfc_7946() {
    for r in runs() {
        let text = to_string(|w| write_geojson(w, r.scenario.data(), &r.positions));
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["type"], "FeatureCollection");
        assert!(v.get("crs").is_none(), "RFC 7946 has no crs member");
        let features = v["features"].as_array().expect("features");
        let (mut places, mut roads, mut forces) = (0, 0, 0);
        for f in features {
            assert_eq!(f["type"], "Feature");
            assert!(f["properties"].is_object());
            let g = &f["geometry"];
            match g["type"].as_str().expect("geometry.type") {
                "Point" => {
                    check_position(&g["coordinates"]);
                }
                "LineString" => {
                    let line = g["coordinates"].as_array().expect("coordinates");
                    assert!(line.len() >= 2, "a LineString has two or more positions");
                    line.iter().for_each(|p| {
                        check_position(p);
                    });
                }
                other => panic!("unexpected geometry {other}"),
            }
            match f["properties"]["feature"]
                .as_str()
                .expect("properties.feature")
            {
                "place" => places += 1,
                "road" => roads += 1,
                "force" => forces += 1,
                other => panic!("unexpected feature kind {other}"),
            }
        }
        let file = r.scenario.data();
        assert_eq!(places, file.place.len());
        assert_eq!(roads, file.road.len());
        assert_eq!(forces, file.force.len() * usize::from(r.days));
        // [lon, lat], not [lat, lon]: check against the scenario's own numbers.
        for p in &file.place {
            let f = features
                .iter()
                .find(|f| f["properties"]["feature"] == "place" && f["properties"]["id"] == p.id)
                .expect("every place is a feature");
            let (lon, lat) = check_position(&f["geometry"]["coordinates"]);
            assert!((lon - p.lon).abs() < 1e-6 && (lat - p.lat).abs() < 1e-6);
        }
    }
}

#[test]
fn force_positions_stay_between_origin_and_capital() {
    for r in runs() {
        let file = r.scenario.data();
        let capital = file
            .place
            .iter()
            .find(|p| p.id == file.scenario.capital)
            .unwrap();
        for p in &r.positions {
            let force = file.force.iter().find(|f| f.id == p.force).unwrap();
            let origin = file.place.iter().find(|x| x.id == force.origin).unwrap();
            let camp = file
                .place
                .iter()
                .find(|x| x.kind == bianjing_scenario::model::PlaceKind::Camp)
                .unwrap();
            let route: Vec<_> = file
                .western
                .route
                .iter()
                .filter_map(|id| file.place.iter().find(|x| &x.id == id))
                .collect();
            let inside = |a: (f64, f64), b: (f64, f64)| {
                let eps = 1e-6;
                p.lon >= a.0.min(b.0) - eps
                    && p.lon <= a.0.max(b.0) + eps
                    && p.lat >= a.1.min(b.1) - eps
                    && p.lat <= a.1.max(b.1) + eps
            };
            let o = (origin.lon, origin.lat);
            let ok = inside(o, (capital.lon, capital.lat))
                || inside(o, (camp.lon, camp.lat))
                || route.iter().any(|x| inside((x.lon, x.lat), (x.lon, x.lat)));
            assert!(ok, "{p:?} is off its road");
            assert!(p.men >= 0.0 && p.men.is_finite());
            if p.posture == "at-capital" && p.phase.is_none() {
                assert_eq!((p.lon, p.lat), (capital.lon, capital.lat));
            }
        }
    }
}
