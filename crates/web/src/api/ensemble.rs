//! `POST /api/ensemble`: many runs of the factual configuration and of compared what-ifs, as
//! `bianjing ensemble --json` reports them.
//!
//! The work is bounded three ways: the runs of one request ([`Limits::max_runs`](crate::Limits) and
//! `max_arms`, a 400 past them), the ensembles running at once (`max_concurrent`, a 429 past it) and
//! the time one may take (`request_timeout`, a 503). Ensembles run on the blocking pool so that the
//! async workers keep answering; when the request goes away (the client left, or the time ran out) the
//! ensemble is told to stop and its permit comes back as soon as its running chunks finish.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::Response;
use bianjing_analysis::{Report, run_ensemble_until};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::plan::{RunOptions, ensemble_spec, parse_mode, parse_record};
use crate::{ApiError, App};

/// Runs of every arm when the request does not say.
pub const DEFAULT_RUNS: u64 = 10_000;

/// The request body. Every field is optional; unknown fields are refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsembleRequest {
    /// Runs of every arm; [`DEFAULT_RUNS`] or the server's cap, whichever is smaller, if not given.
    #[serde(default)]
    pub runs: Option<u64>,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// `free` (the default for ensembles) or `history`.
    #[serde(default)]
    pub mode: Option<String>,
    /// `essay` (the default) or `sources`.
    #[serde(default)]
    pub record: Option<String>,
    /// What-ifs applied to the factual arm itself, `NAME` or `NAME=VALUE`.
    #[serde(default)]
    pub what_ifs: Vec<String>,
    /// Parameter overrides of every arm.
    #[serde(default)]
    pub set: BTreeMap<String, f64>,
    /// What-ifs compared with the factual arm, each its own arm.
    #[serde(default)]
    pub compare: Vec<String>,
}

fn default_seed() -> u64 {
    RunOptions::default().seed
}

/// Reads the body, naming the field at fault (`runs: invalid type: ...`).
pub fn parse_request(body: &[u8]) -> Result<EnsembleRequest, ApiError> {
    // serde would also read a struct from an array of its fields in order: only an object is meant.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::bad_request(
            "request body: expected a JSON object such as {\"runs\": 2000, \"compare\": [\"no-raid\"]}",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path == "?" || path.is_empty() {
            ApiError::bad_request(format!("request body: {inner}"))
        } else {
            ApiError::bad_request(format!("{path}: {inner}"))
        }
    })
}

/// Sets the flag when dropped: the request went away, so the ensemble should stop.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

pub async fn post(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let request = parse_request(&body)?;
    let limits = app.limits;
    let runs = request.runs.unwrap_or(DEFAULT_RUNS.min(limits.max_runs));
    if runs == 0 || runs > limits.max_runs {
        return Err(ApiError::bad_request(format!(
            "runs: {runs} is outside what this server runs for one request (1 to {}); \
             `bianjing ensemble --runs N` on the command line has no such limit",
            limits.max_runs
        )));
    }
    if 1 + request.compare.len() > limits.max_arms {
        return Err(ApiError::bad_request(format!(
            "compare: {} what-ifs; this server compares at most {} at once",
            request.compare.len(),
            limits.max_arms - 1
        )));
    }
    let options = RunOptions {
        mode: match &request.mode {
            Some(m) => parse_mode("mode", m)?,
            None => bianjing_engine::Mode::Free,
        },
        record: match &request.record {
            Some(r) => parse_record("record", r)?,
            None => bianjing_engine::Record::Essay,
        },
        seed: request.seed,
        what_ifs: request.what_ifs.clone(),
        set: request.set.into_iter().collect(),
    };
    let spec = ensemble_spec(&app.setup, &app.source, &options, runs, &request.compare)?;

    let Ok(permit) = Arc::clone(&app.ensembles).try_acquire_owned() else {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "{} ensembles are already running, as many as this server runs at once; try again in a moment",
                limits.max_concurrent
            ),
        );
        e.retry_after = Some(2);
        return Err(e);
    };
    let stop = Arc::new(AtomicBool::new(false));
    let _stop_on_drop = StopOnDrop(Arc::clone(&stop));
    let started = Instant::now();
    let worker = {
        let app = Arc::clone(&app);
        let spec = spec.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            run_ensemble_until(
                &app.setup,
                &spec,
                limits.ensemble_threads,
                0..spec.runs,
                &|_| {},
                &stop,
            )
        })
    };
    let agg = match tokio::time::timeout(limits.request_timeout, worker).await {
        Ok(Ok(agg)) => agg,
        Ok(Err(e)) => return Err(ApiError::internal(format!("the ensemble failed: {e}"))),
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the ensemble took longer than {} s and was stopped; ask for fewer runs or arms",
                    limits.request_timeout.as_secs()
                ),
            ));
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if !agg.complete() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the ensemble was stopped before it finished",
        ));
    }
    let report = Report::new(&agg);
    let mut v = bianjing_export::report_json(&report, app.scenario.calendar(), &app.setup)
        .map_err(|e| ApiError::internal(format!("cannot write the report: {e}")))?;
    if let Value::Object(m) = &mut v {
        m.insert("parameters".into(), Value::String(agg.parameters.clone()));
        m.insert(
            "timing".into(),
            timing(seconds, agg.runs_covered(), spec.arms.len(), limits),
        );
    }
    super::json_response(&v)
}

/// The same keys as the command line's `timing`.
fn timing(seconds: f64, runs_run: u64, arms: usize, limits: crate::Limits) -> Value {
    let threads = if limits.ensemble_threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        limits.ensemble_threads
    };
    json!({
        "seconds": seconds,
        "runs_run": runs_run,
        "arms": arms,
        "threads": threads,
        "runs_per_second": if seconds > 0.0 { runs_run as f64 / seconds } else { 0.0 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_field_errors() {
        let r = parse_request(b"{}").unwrap();
        assert_eq!((r.runs, r.seed), (None, 1126));
        let e = parse_request(br#"{"runs": "many"}"#).unwrap_err();
        assert!(e.message.starts_with("runs: invalid type"), "{}", e.message);
        let e = parse_request(br#"{"set": {"a": "x"}}"#).unwrap_err();
        assert!(e.message.starts_with("set.a: "), "{}", e.message);
        let e = parse_request(br#"{"compare": ["no-raid", 3]}"#).unwrap_err();
        assert!(e.message.starts_with("compare[1]: "), "{}", e.message);
        let e = parse_request(br#"{"runz": 3}"#).unwrap_err();
        assert!(e.message.contains("unknown field `runz`"), "{}", e.message);
        let e = parse_request(b"{").unwrap_err();
        assert!(e.message.starts_with("request body: "), "{}", e.message);
    }
}
