//! `GET /api/chronicle`: one run told day by day, as `bianjing chronicle --json` prints it.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::Response;
use bianjing_chronicle::Chronicle;
use bianjing_engine::Simulation;

use crate::plan::{RunOptions, label, plan};
use crate::{ApiError, App, query};

/// The chronicle of the run `o` describes.
pub fn tell(app: &App, o: &RunOptions) -> Result<Chronicle, ApiError> {
    let p = plan(&app.setup, o, "what_if", "set")?;
    // A single run takes run 0's draw of its seed, as the command line's does.
    let params = app.source.params_for(&p.params, &p.pinned, o.seed, 0);
    let mut events = Vec::new();
    let outcome = Simulation::new(&app.setup, &params, &p.script, o.seed, 0).run(&mut events);
    Ok(Chronicle::tell(
        app.scenario.data(),
        app.scenario.calendar(),
        &app.setup,
        label(o, &p),
        &events,
        &outcome,
    ))
}

/// One run is a few hundred microseconds of work: it runs on the async worker.
pub async fn get(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let o = query::run_options(q.as_deref())?;
    super::json_response(&tell(&app, &o)?)
}
