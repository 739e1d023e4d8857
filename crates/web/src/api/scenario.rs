//! The scenario as data for the pages: every fact with its sources (`GET /api/scenario`), the named
//! what-ifs with their points of divergence (`GET /api/what-ifs`) and the model's parameters with their
//! ranges (`GET /api/parameters`).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use bianjing_chronicle::Dates;
use bianjing_engine::Record;
use serde_json::{Value, json};

use crate::{ApiError, App};

/// Longest text tried as a lunar date when collecting the scenario's dates.
const MAX_DATE_LEN: usize = 32;

/// Every string of `v` that reads as a lunar date of the scenario's calendar, with its dates.
fn lunar_dates(app: &App, v: &Value, out: &mut BTreeMap<String, Dates>) {
    match v {
        Value::String(s) if s.len() <= MAX_DATE_LEN && !out.contains_key(s) => {
            if let Ok(jdn) = app.scenario.lunar_jdn(s) {
                out.insert(s.clone(), Dates::of(app.scenario.calendar(), jdn));
            }
        }
        Value::Array(items) => items.iter().for_each(|x| lunar_dates(app, x, out)),
        Value::Object(m) => m.values().for_each(|x| lunar_dates(app, x, out)),
        _ => {}
    }
}

/// The scenario file as JSON, with every lunar date in it converted (`dates`), and the simulated span.
pub fn scenario_json(app: &App) -> Result<Value, ApiError> {
    let data = serde_json::to_value(app.scenario.data())
        .map_err(|e| ApiError::internal(format!("cannot write the scenario as JSON: {e}")))?;
    let mut dates = BTreeMap::new();
    lunar_dates(app, &data, &mut dates);
    let calendar = app.scenario.calendar();
    Ok(json!({
        "scenario": data,
        "dates": dates,
        "start": Dates::of(calendar, app.setup.start),
        "days": app.setup.days,
        "last": Dates::of(calendar, app.setup.jdn(app.setup.days.saturating_sub(1))),
    }))
}

pub async fn get_scenario(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    super::json_response(&scenario_json(&app)?)
}

/// The named what-ifs, as `bianjing what-ifs` lists them, with their divergence dated.
pub fn what_ifs_json(app: &App) -> Value {
    let data = app.scenario.data();
    let items: Vec<Value> = app
        .setup
        .what_ifs
        .iter()
        .map(|w| {
            let def = data.what_if.iter().find(|d| d.id == w.id);
            let diverges = app
                .setup
                .event_day(w.diverges_at, Record::Essay)
                .map(|day| Dates::of(app.scenario.calendar(), app.setup.jdn(day.max(0) as u16)));
            let value = w.value.map(|(min, default, max)| {
                json!({
                    "min": min,
                    "default": default,
                    "max": max,
                    "meaning": def.and_then(|d| d.value.as_ref()).map(|v| v.meaning.clone()),
                })
            });
            json!({
                "id": w.id,
                "summary": w.summary,
                "diverges_at": def.map(|d| d.diverges_at.clone()),
                "diverges": diverges,
                "shifts_divergence": w.shifts_divergence,
                "value": value,
            })
        })
        .collect();
    Value::Array(items)
}

pub async fn get_what_ifs(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    super::json_response(&what_ifs_json(&app))
}

pub async fn get_parameters(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    super::json_response(&app.scenario.data().parameter)
}
