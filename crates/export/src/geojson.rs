//! GeoJSON (RFC 7946) of the scenario's places and roads and a run's force positions.

use std::io::{self, Write};

use bianjing_engine::setup::default_of;
use bianjing_scenario::model::ScenarioFile;
use serde_json::{Map, Value, json};

use crate::ForcePosition;

/// Rounds a coordinate to 6 decimals (about 0.1 m), enough for any map and free of float noise.
fn coord(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn feature(geometry: Value, properties: Map<String, Value>) -> Value {
    json!({ "type": "Feature", "geometry": geometry, "properties": properties })
}

fn props(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Writes one FeatureCollection. Every feature's `properties.feature` says what it is:
/// - `place`: a Point at the place (`[lon, lat]`, as RFC 7946 orders them), with id, name, Chinese
///   name, kind, side holding it at the start, and sources;
/// - `road`: a LineString from one place to the other (a straight line; the real road's course is not
///   in the data), with the road distance in li (the default version) and its sources;
/// - `force`: a Point per force per day of the run, with the day, its Julian, Gregorian and lunar
///   dates and day name, the force's posture (and the eastern army's phase) and the men present. See
///   [`crate::positions`] for how positions are derived.
pub fn write_geojson(
    out: &mut impl Write,
    file: &ScenarioFile,
    forces: &[ForcePosition],
) -> io::Result<()> {
    let mut features = Vec::new();
    for p in &file.place {
        if !(p.lon.is_finite() && p.lat.is_finite()) {
            continue;
        }
        let held_by = p
            .held_by
            .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
            .unwrap_or(Value::Null);
        features.push(feature(
            json!({ "type": "Point", "coordinates": [coord(p.lon), coord(p.lat)] }),
            props(vec![
                ("feature", json!("place")),
                ("id", json!(p.id)),
                ("name", json!(p.name)),
                ("chinese", json!(p.chinese)),
                ("kind", serde_json::to_value(p.kind).unwrap_or(Value::Null)),
                ("held_by", held_by),
                ("part_of", json!(p.part_of)),
                ("sources", json!(p.sources)),
            ]),
        ));
    }
    let place = |id: &str| {
        file.place
            .iter()
            .find(|p| p.id == id && p.lon.is_finite() && p.lat.is_finite())
    };
    for r in &file.road {
        let (Some(a), Some(b)) = (place(&r.from), place(&r.to)) else {
            continue;
        };
        let (li, sources) = if r.li.is_empty() {
            (Value::Null, Vec::new())
        } else {
            let v = default_of(&r.li);
            (json!(v.value), v.sources.clone())
        };
        features.push(feature(
            json!({
                "type": "LineString",
                "coordinates": [[coord(a.lon), coord(a.lat)], [coord(b.lon), coord(b.lat)]]
            }),
            props(vec![
                ("feature", json!("road")),
                ("from", json!(r.from)),
                ("to", json!(r.to)),
                ("li", li),
                ("sources", json!(sources)),
            ]),
        ));
    }
    for f in forces {
        features.push(feature(
            json!({ "type": "Point", "coordinates": [coord(f.lon), coord(f.lat)] }),
            props(vec![
                ("feature", json!("force")),
                ("force", json!(f.force)),
                ("name", json!(f.name)),
                ("side", json!(f.side)),
                ("day", json!(f.day)),
                ("julian", json!(f.dates.julian)),
                ("gregorian", json!(f.dates.gregorian)),
                ("lunar", json!(f.dates.lunar)),
                ("lunar_chinese", json!(f.dates.lunar_chinese)),
                ("day_name", json!(f.dates.day_name)),
                ("posture", json!(f.posture)),
                ("phase", json!(f.phase)),
                ("men", json!(f.men.round())),
            ]),
        ));
    }
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_writer(&mut *out, &collection)?;
    out.write_all(b"\n")
}
