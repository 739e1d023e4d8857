//! The API through the router, in process (`tower::ServiceExt::oneshot`, no network): each route, its
//! errors, its limits, and the OpenAPI document against the route table.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bianjing_analysis::ParamSource;
use bianjing_engine::Setup;
use bianjing_web::{App, Limits, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

fn app(limits: Limits) -> Arc<App> {
    let scenario = bianjing_scenario::builtin();
    let setup =
        Setup::build(scenario.data(), scenario.calendar()).expect("the built-in scenario builds");
    // The command line's default for the built-in scenario: its shipped posterior.
    let source = ParamSource::builtin(&setup, &scenario.data().scenario.id)
        .expect("the built-in posterior fits");
    App::new(scenario, setup, source, limits)
}

struct Answer {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8")
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The message of a JSON error answer.
    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("an `error` string")
            .to_string()
    }
}

async fn send(app: &Arc<App>, request: Request<Body>) -> Answer {
    let response = router(Arc::clone(app))
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

async fn get(app: &Arc<App>, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Arc<App>, uri: &str, body: impl Into<Body>) -> Answer {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    send(app, request).await
}

fn without_timing(mut v: Value) -> Value {
    v.as_object_mut()
        .unwrap()
        .remove("timing")
        .expect("a `timing` object");
    v
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_nothing_else() {
    let app = app(Limits::default());
    let doc = get(&app, "/api/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut routed = Vec::new();
    for (method, path) in bianjing_web::routes::paths() {
        // axum writes a catch-all as `{*name}`, OpenAPI as `{name}`.
        let path = path.replace("{*", "{");
        assert!(
            paths.get(&path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is routed but not in /api/openapi.json"
        );
        routed.push((method.to_string(), path));
    }
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(method.clone(), path.clone())),
                "/api/openapi.json describes {method} {path}, which is not routed"
            );
        }
    }
    // Every $ref points at a schema the document defines.
    let text = serde_json::to_string(&doc).unwrap();
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "no schema {name}"
        );
    }
}

#[tokio::test]
async fn chronicle_of_the_record_and_of_a_run() {
    let app = app(Limits::default());
    let record = get(&app, "/api/chronicle").await;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.content_type.starts_with("application/json"));
    let v = record.json();
    assert_eq!(
        (v["mode"].as_str(), v["record"].as_str()),
        (Some("history"), Some("essay"))
    );
    let raid = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "night-raid")
        .expect("the record has the night raid");
    assert_eq!(raid["lunar"], "JK1 2/1");
    assert_eq!(raid["julian"], "1126-02-24");
    assert!(!raid["sources"].as_array().unwrap().is_empty());

    let run = get(
        &app,
        "/api/chronicle?mode=free&seed=7&what_if=no-raid&set=engagement.fortification%3D5",
    )
    .await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text());
    let v = run.json();
    assert_eq!(
        (v["mode"].as_str(), v["seed"].as_u64()),
        (Some("free"), Some(7))
    );
    assert_eq!(v["what_ifs"], serde_json::json!(["no-raid"]));
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "night-raid")
    );
    // The same options give the same bytes.
    let again = get(
        &app,
        "/api/chronicle?seed=7&mode=free&what-if=no-raid&set=engagement.fortification=5",
    )
    .await;
    assert_eq!(again.body, run.body);
}

#[tokio::test]
async fn chronicle_refuses_bad_options_naming_them() {
    let app = app(Limits::default());
    for (query, field) in [
        ("seed=seven", "seed: "),
        ("mode=siege", "mode: "),
        ("record=annals", "record: "),
        ("what_if=no-such", "what_if: no what-if is called `no-such`"),
        ("what_if=early-relief%3Dmany", "what_if: "),
        ("set=engagement.fortification", "set: "),
        ("set=no.such%3D1", "set: "),
        ("colour=red", "unknown query parameter `colour`"),
    ] {
        let a = get(&app, &format!("/api/chronicle?{query}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}: {}", a.text());
        assert!(
            a.error().starts_with(field) || a.error().contains(field),
            "{query}: {}",
            a.error()
        );
    }
}

#[tokio::test]
async fn ensemble_reports_arms_and_paired_comparisons() {
    let app = app(Limits::default());
    let body = r#"{"runs": 300, "seed": 5, "compare": ["no-raid", "early-relief=10"]}"#;
    let a = post(&app, "/api/ensemble", body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v = a.json();
    let arms: Vec<&str> = v["arms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(arms, ["factual", "no-raid", "early-relief=10"]);
    assert_eq!(v["comparisons"].as_array().unwrap().len(), 2);
    assert_eq!(v["runs_covered"], 300);
    let event = &v["arms"][0]["events"][0];
    assert_eq!(
        event["days_lunar"].as_array().map(Vec::len),
        event["days"].as_array().map(Vec::len)
    );
    assert_eq!(v["timing"]["runs_run"], 300);
    // No raid in any run of the no-raid arm.
    let raid = v["arms"][1]["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "night-raid")
        .unwrap();
    assert_eq!(raid["count"], 0);
    // Deterministic: the same request, the same report.
    let b = post(&app, "/api/ensemble", body).await;
    assert_eq!(without_timing(b.json()), without_timing(v));
}

#[tokio::test]
async fn ensemble_refuses_malformed_requests_naming_the_field() {
    let app = app(Limits {
        max_runs: 1000,
        ..Limits::default()
    });
    for (body, field) in [
        ("{", "request body: "),
        ("[]", "request body: "),
        (r#"{"runs": "many"}"#, "runs: invalid type"),
        (r#"{"runs": -3}"#, "runs: "),
        (r#"{"runs": 1001}"#, "runs: 1001 is outside"),
        (r#"{"runs": 0}"#, "runs: 0 is outside"),
        (r#"{"runz": 10}"#, "unknown field `runz`"),
        (r#"{"compare": ["no-such"]}"#, "compare: `no-such`"),
        (
            r#"{"compare": ["no-raid", "no-raid"]}"#,
            "compare: `no-raid` given twice",
        ),
        (r#"{"what_ifs": ["pursue=x"]}"#, "what_ifs: "),
        (
            r#"{"set": {"engagement.fortification": "high"}}"#,
            "set.engagement.fortification: ",
        ),
        (r#"{"set": {"no.such": 1}}"#, "set: "),
        (r#"{"mode": "siege"}"#, "mode: "),
    ] {
        let a = post(&app, "/api/ensemble", body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.text());
        assert!(a.error().contains(field), "{body}: {}", a.error());
    }
    let many: Vec<String> = (0..8)
        .map(|i| format!("\"early-relief={}\"", i + 1))
        .collect();
    let a = post(
        &app,
        "/api/ensemble",
        format!(r#"{{"runs": 10, "compare": [{}]}}"#, many.join(",")),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.error().starts_with("compare: 8 what-ifs"),
        "{}",
        a.error()
    );
}

#[tokio::test]
async fn a_body_past_the_limit_is_413() {
    let app = app(Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    });
    let big = format!(
        r#"{{"runs": 10, "what_ifs": [], "pad": "{}"}}"#,
        "x".repeat(4096)
    );
    let a = post(&app, "/api/ensemble", big).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text());
    assert!(!a.error().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_ensemble_too_many_is_429_and_a_dropped_request_frees_its_place() {
    let app = app(Limits {
        max_concurrent: 1,
        max_runs: 10_000_000,
        ensemble_threads: 1,
        ..Limits::default()
    });
    let long = {
        let app = Arc::clone(&app);
        tokio::spawn(async move { post(&app, "/api/ensemble", r#"{"runs": 5000000}"#).await })
    };
    let t0 = std::time::Instant::now();
    while app.ensembles_running() == 0 {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the long ensemble never started"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let refused = post(&app, "/api/ensemble", r#"{"runs": 10}"#).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.text()
    );
    assert_eq!(refused.headers.get(header::RETRY_AFTER).unwrap(), "2");
    assert!(
        refused.error().contains("already running"),
        "{}",
        refused.error()
    );
    // The client goes away: the ensemble stops after its running chunk and gives its place back.
    long.abort();
    let t0 = std::time::Instant::now();
    while app.ensembles_running() > 0 {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the abandoned ensemble kept running"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(
        post(&app, "/api/ensemble", r#"{"runs": 10}"#).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_ensemble_past_the_time_limit_is_stopped_with_503() {
    let app = app(Limits {
        max_runs: 10_000_000,
        ensemble_threads: 1,
        request_timeout: Duration::from_millis(200),
        ..Limits::default()
    });
    let a = post(&app, "/api/ensemble", r#"{"runs": 5000000}"#).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.text());
    assert!(a.error().contains("longer than"), "{}", a.error());
}

#[tokio::test]
async fn pages_assets_and_unknown_paths() {
    let app = app(Limits::default());
    for page in bianjing_web::pages::PAGES {
        let a = get(&app, page.path).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.content_type.starts_with("text/html"));
        assert!(a.text().contains(&format!("/assets/pages/{}.js", page.id)));
        let csp = a
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
    }
    let js = get(&app, "/assets/pages/map.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
    // Nothing outside the embedded set, however the path is spelt.
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2fsrc%2flib.rs",
        "/assets//etc/passwd",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/pages/../../src/lib.rs",
        "/Cargo.toml",
        "/src/lib.rs",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let api = get(&app, "/api/nothing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.error().contains("/api/nothing"));
    assert_eq!(
        get(&app, "/api/ensemble").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn scenario_what_ifs_parameters_and_geojson() {
    let app = app(Limits::default());
    let sc = get(&app, "/api/scenario").await.json();
    assert_eq!(sc["dates"]["JK1 2/1"]["julian"], "1126-02-24");
    assert_eq!(sc["dates"]["JK1 2/1"]["day_name"], "丁酉");
    assert!(sc["scenario"]["event"].as_array().unwrap().len() > 20);
    assert_eq!(sc["start"]["lunar"], "JK1 1/2");

    let wi = get(&app, "/api/what-ifs").await.json();
    let no_raid = wi
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "no-raid")
        .unwrap();
    assert_eq!(no_raid["diverges"]["lunar"], "JK1 2/1");
    let early = wi
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "early-relief")
        .unwrap();
    assert!(early["value"]["max"].as_f64().unwrap() > early["value"]["min"].as_f64().unwrap());

    let params = get(&app, "/api/parameters").await.json();
    let p = &params.as_array().unwrap()[0];
    assert!(p["min"].as_f64().unwrap() <= p["default"].as_f64().unwrap());

    let geo = get(&app, "/api/geojson?mode=free&seed=3").await;
    assert!(geo.content_type.starts_with("application/geo+json"));
    let geo = geo.json();
    let forces: Vec<&Value> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["feature"] == "force" && f["properties"]["force"] == "jin_east")
        .collect();
    assert!(forces.len() > 10, "the eastern army on every day");
    let first = &forces[0]["geometry"]["coordinates"];
    assert!(
        forces
            .iter()
            .any(|f| &f["geometry"]["coordinates"] != first),
        "the eastern army moves"
    );
    assert_eq!(
        get(&app, "/api/geojson?seed=-1").await.status,
        StatusCode::BAD_REQUEST
    );
}
