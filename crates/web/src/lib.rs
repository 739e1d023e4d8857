//! The Bianjing 1126 web app: the chronicle on a time axis, a map of the theatre by day, a what-if
//! explorer and the scenario's sources, served by one HTTP server with a JSON API.
//!
//! The main types and functions:
//! - [`App`]: the loaded scenario, its model setup and the [`Limits`] the server enforces; shared by
//!   every request.
//! - [`router`]: the axum [`Router`](axum::Router) of every page, asset and API route, built from one
//!   table ([`routes::ROUTES`]) that the OpenAPI document (`/api/openapi.json`) is checked against.
//! - [`serve`]: listens on a bound [`tokio::net::TcpListener`] until the shutdown future completes, then
//!   lets requests in flight finish.
//!
//! Every page, script and style sheet is compiled into the binary ([`assets`]): the app works offline,
//! loads nothing from another host (its pages say so to the browser with a Content-Security-Policy),
//! and no request can read a file: assets are looked up by exact name in a fixed table.
//!
//! The API answers with the same JSON as the command line: `GET /api/chronicle` what
//! `bianjing chronicle --json` prints for the same options, `POST /api/ensemble` what
//! `bianjing ensemble --json` prints (its `timing` apart). Work per request is bounded: the request
//! body, the runs one ensemble may ask for, the ensembles running at once (they run on the blocking
//! pool, never on the async workers) and the time a request may take.
//!
//! This crate holds no historical fact: everything shown comes from the scenario.

pub mod api;
pub mod assets;
mod error;
pub mod pages;
mod plan;
mod query;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use bianjing_analysis::ParamSource;
use bianjing_engine::Setup;
use bianjing_scenario::Scenario;
use tokio::sync::Semaphore;

pub use error::ApiError;
pub use routes::router;

/// The bounds on the work one request, and all requests together, may ask of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Most runs of every arm one ensemble request may ask for.
    pub max_runs: u64,
    /// Most arms (the factual arm and compared what-ifs) of one ensemble request.
    pub max_arms: usize,
    /// Ensembles running at once; one more is refused with 429.
    pub max_concurrent: usize,
    /// Worker threads of one ensemble (0: one per core). Results do not depend on it.
    pub ensemble_threads: usize,
    /// Longest time any request may take before it is answered with an error.
    pub request_timeout: Duration,
}

impl Default for Limits {
    /// Defaults sized for a small machine (2 cores): an ensemble at the cap takes a few seconds.
    fn default() -> Limits {
        Limits {
            max_body_bytes: 64 * 1024,
            max_runs: 100_000,
            max_arms: 8,
            max_concurrent: 2,
            ensemble_threads: 0,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// What every request shares: the scenario, its model setup, the limits and the ensemble permits.
pub struct App {
    pub scenario: Scenario,
    pub setup: Setup,
    /// Where runs take their parameters from, as the command line's `--posterior`, `--prior`,
    /// `--fixed` or default decide.
    pub source: ParamSource,
    pub limits: Limits,
    ensembles: Arc<Semaphore>,
}

impl App {
    pub fn new(scenario: Scenario, setup: Setup, source: ParamSource, limits: Limits) -> Arc<App> {
        Arc::new(App {
            scenario,
            setup,
            source,
            ensembles: Arc::new(Semaphore::new(limits.max_concurrent)),
            limits,
        })
    }

    /// How many ensembles are running now (each holds one of `max_concurrent` permits until its
    /// running chunks finish, even after its request went away).
    pub fn ensembles_running(&self) -> usize {
        self.limits
            .max_concurrent
            .saturating_sub(self.ensembles.available_permits())
    }
}

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting and lets the requests in
/// flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
