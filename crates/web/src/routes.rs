//! Every route in one table, and the router built from it with the server's limits around it.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use tower_http::timeout::TimeoutLayer;

use crate::pages::{self, PAGES};
use crate::{ApiError, App, api, assets};

/// One route: its method, its path as axum writes it, and its handler.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<Arc<App>>,
}

fn route(method: &'static str, path: &'static str, handler: MethodRouter<Arc<App>>) -> Route {
    Route {
        method,
        path,
        handler,
    }
}

/// Every route of the server: the API, the pages and the assets. The router is built from this table
/// alone, and a test checks it against the OpenAPI document.
pub fn table() -> Vec<Route> {
    let mut routes = vec![
        route("get", "/api/openapi.json", get(api::openapi::get)),
        route("get", "/api/chronicle", get(api::chronicle::get)),
        route("post", "/api/ensemble", post(api::ensemble::post)),
        route("get", "/api/geojson", get(api::map::get)),
        route("get", "/api/scenario", get(api::scenario::get_scenario)),
        route("get", "/api/what-ifs", get(api::scenario::get_what_ifs)),
        route("get", "/api/parameters", get(api::scenario::get_parameters)),
        route("post", "/api/game", post(api::game::post_new)),
        route("post", "/api/game/choice", post(api::game::post_choice)),
        route("post", "/api/game/next", post(api::game::post_next)),
        route("post", "/api/game/load", post(api::game::post_load)),
        route("get", "/assets/{*path}", get(assets::get)),
    ];
    for page in PAGES {
        routes.push(route(
            "get",
            page.path,
            get(move || async move { Html(pages::render(page)) }),
        ));
    }
    routes
}

/// The paths of [`table`] with their methods, for documentation and tests.
pub fn paths() -> Vec<(&'static str, &'static str)> {
    table().iter().map(|r| (r.method, r.path)).collect()
}

/// Unknown paths: JSON under `/api/`, a short page elsewhere.
async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return ApiError::not_found(format!(
            "no API route is called `{path}`; see /api/openapi.json"
        ))
        .into_response();
    }
    let links: String = PAGES
        .iter()
        .map(|p| format!("<a href=\"{}\">{}</a> ", p.path, p.title))
        .collect();
    (
        StatusCode::NOT_FOUND,
        Html(format!(
            "<!doctype html><meta charset=\"utf-8\"><title>Not found · Bianjing 1126</title>\
             <link rel=\"stylesheet\" href=\"/assets/style.css\"><main><h1>Not found</h1>\
             <p>There is no page here. The pages: {links}</p></main>"
        )),
    )
        .into_response()
}

/// Headers on every answer: pages load only this server's own files, and are not framed elsewhere.
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// The router of every route of [`table`], with the body limit, the request timeout and the headers.
pub fn router(app: Arc<App>) -> Router {
    let limits = app.limits;
    let mut router = Router::new();
    for r in table() {
        router = router.route(r.path, r.handler);
    }
    router
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            // The ensemble handler answers its own timeout with a message; this is the backstop.
            limits.request_timeout + std::time::Duration::from_secs(5),
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}
