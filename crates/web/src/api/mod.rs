//! The JSON API: one module per resource. Each handler parses and checks its input first (a 400 that
//! names the field), then does bounded work.

pub mod chronicle;
pub mod ensemble;
pub mod game;
pub mod map;
pub mod openapi;
pub mod scenario;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::ApiError;

/// `value` as pretty JSON with a final newline: the bytes the command line prints for `--json`.
pub fn json_response(value: &impl Serialize) -> Result<Response, ApiError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| ApiError::internal(format!("cannot write the answer as JSON: {e}")))?;
    text.push('\n');
    Ok(json_text(text, "application/json"))
}

/// A JSON text already made, with its media type.
pub fn json_text(text: String, media_type: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, format!("{media_type}; charset=utf-8"))],
        text,
    )
        .into_response()
}
