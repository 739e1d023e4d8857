//! `GET /api/geojson`: the scenario's places and roads and every force's position on every day of a
//! run, as `bianjing export --format geojson` writes them.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::Response;
use bianjing_engine::Simulation;

use crate::plan::{RunOptions, plan};
use crate::{ApiError, App, query};

/// The GeoJSON text of the run `o` describes.
pub fn geojson(app: &App, o: &RunOptions) -> Result<String, ApiError> {
    let p = plan(&app.setup, o, "what_if", "set")?;
    // A single run takes run 0's draw of its seed, as the command line's does.
    let params = app.source.params_for(&p.params, &p.pinned, o.seed, 0);
    let file = app.scenario.data();
    let calendar = app.scenario.calendar();
    // The same steps as `Simulation::run`, looking at the world after each day.
    let mut sim = Simulation::new(&app.setup, &params, &p.script, o.seed, 0);
    let mut events = Vec::new();
    let mut positions = Vec::new();
    while !sim.is_finished() {
        let day = sim.world().day;
        sim.step(&mut events);
        positions.extend(bianjing_export::positions(
            file,
            calendar,
            &app.setup,
            sim.world(),
            day,
        ));
    }
    let mut buf = Vec::new();
    bianjing_export::write_geojson(&mut buf, file, &positions)
        .map_err(|e| ApiError::internal(format!("cannot write GeoJSON: {e}")))?;
    String::from_utf8(buf).map_err(|e| ApiError::internal(format!("GeoJSON is not UTF-8: {e}")))
}

pub async fn get(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let o = query::run_options(q.as_deref())?;
    Ok(super::json_text(geojson(&app, &o)?, "application/geo+json"))
}
