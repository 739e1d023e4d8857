//! `GET /api/openapi.json`: the OpenAPI 3.1 document of every route, written by hand beside this file
//! (`openapi.json`) and checked against the route table by the tests.

use axum::response::Response;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn get() -> Response {
    super::json_text(DOCUMENT.to_string(), "application/json")
}
