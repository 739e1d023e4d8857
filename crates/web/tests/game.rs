//! The game's API through the router, in process: a new game, running on, a choice, replaying a save,
//! and every way a request can be refused (a bad save, a choice not open, a body too large).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bianjing_analysis::ParamSource;
use bianjing_engine::Setup;
use bianjing_web::api::game::MAX_CHOICES;
use bianjing_web::{App, Limits, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn app(limits: Limits) -> Arc<App> {
    let scenario = bianjing_scenario::builtin();
    let setup =
        Setup::build(scenario.data(), scenario.calendar()).expect("the built-in scenario builds");
    App::new(scenario, setup, ParamSource::Fixed, limits)
}

struct Answer {
    status: StatusCode,
    body: Value,
}

impl Answer {
    fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or_else(|| {
            panic!(
                "expected an error, got {} {}",
                self.status,
                self.body.to_string().chars().take(300).collect::<String>()
            )
        })
    }
    /// The answer of a successful request.
    fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        self.body
    }
}

async fn post(app: &Arc<App>, uri: &str, body: impl Into<Body>) -> Answer {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let response = router(Arc::clone(app)).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    Answer { status, body }
}

/// The save of an answer, read as JSON (the answer carries the file's text).
fn save_of(answer: &Value) -> Value {
    serde_json::from_str(answer["save"].as_str().expect("the save's text")).unwrap()
}

async fn new_game(app: &Arc<App>, seed: u64) -> Value {
    post(app, "/api/game", json!({ "seed": seed }).to_string())
        .await
        .ok()
}

async fn next(app: &Arc<App>, save: &Value, until: &str) -> Answer {
    let body = json!({ "save": save, "until": until }).to_string();
    post(app, "/api/game/next", body).await
}

async fn choose(app: &Arc<App>, save: &Value, option: &str) -> Answer {
    let body = json!({ "save": save, "option": option }).to_string();
    post(app, "/api/game/choice", body).await
}

/// A game run on to its first decision.
async fn at_first_decision(app: &Arc<App>, seed: u64) -> Value {
    let started = new_game(app, seed).await;
    if !started["view"]["pending"].is_null() {
        return started;
    }
    next(app, &started["save"], "decision").await.ok()
}

#[tokio::test]
async fn a_new_game_starts_on_the_first_morning_with_an_empty_save() {
    let app = app(Limits::default());
    let a = new_game(&app, 7).await;
    assert_eq!(a["view"]["day"], 0);
    assert_eq!(a["view"]["seed"], 7);
    assert_eq!(a["view"]["finished"], false);
    assert!(
        a["view"]["date"]["lunar"]
            .as_str()
            .unwrap()
            .starts_with("JK1 ")
    );
    assert!(!a["view"]["date"]["julian"].as_str().unwrap().is_empty());
    assert!(!a["view"]["map"]["places"].as_array().unwrap().is_empty());
    assert!(
        !a["view"]["knowledge"]["estimates"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let save = save_of(&a);
    assert_eq!(save["format"], bianjing_game::FORMAT);
    assert_eq!(save["seed"], 7);
    assert_eq!(save["choices"], json!([]));
    assert!(a["end"].is_null());

    let defaults = post(&app, "/api/game", "{}").await.ok();
    assert_eq!(save_of(&defaults)["seed"], 1126);
    let with = post(&app, "/api/game", r#"{"what_ifs": ["early-relief=10"]}"#)
        .await
        .ok();
    assert_eq!(with["view"]["what_ifs"], json!(["early-relief=10"]));
}

#[tokio::test]
async fn a_new_game_refuses_bad_requests_naming_the_field() {
    let app = app(Limits::default());
    let a = post(&app, "/api/game", r#"{"what_ifs": ["no-such"]}"#).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.error().contains("no what-if is called `no-such`"),
        "{}",
        a.error()
    );
    let a = post(&app, "/api/game", r#"{"seed": "seven"}"#).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.error().starts_with("seed: invalid type"), "{}", a.error());
    let a = post(&app, "/api/game", r#"{"sead": 7}"#).await;
    assert!(a.error().contains("unknown field `sead`"), "{}", a.error());
    let a = post(&app, "/api/game", "[7]").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.error()
            .starts_with("request body: expected a JSON object"),
        "{}",
        a.error()
    );
}

#[tokio::test]
async fn running_on_stops_at_a_decision_and_a_choice_is_recorded_in_the_save() {
    let app = app(Limits::default());
    let start = new_game(&app, 7).await;
    let one = next(&app, &start["save"], "day").await.ok();
    assert_eq!(one["view"]["day"], 1, "`day` runs exactly one day");

    let at = at_first_decision(&app, 7).await;
    let pending = &at["view"]["pending"];
    let decision = pending["id"]
        .as_str()
        .expect("a decision waits")
        .to_string();
    assert!(!pending["options"].as_array().unwrap().is_empty());
    assert!(!pending["advisors"].as_array().unwrap().is_empty());
    let option = pending["options"][0]["id"].as_str().unwrap().to_string();
    let day = at["view"]["day"].clone();

    let chosen = choose(&app, &at["save"], &option).await.ok();
    let expected = json!([{ "day": day, "decision": decision, "option": option }]);
    assert_eq!(save_of(&chosen)["choices"], expected);
    assert_eq!(chosen["view"]["choices"], expected);
    // The answered question is not asked again the same day.
    assert_ne!(
        chosen["view"]["pending"]["id"].as_str(),
        Some(decision.as_str())
    );
}

#[tokio::test]
async fn a_save_replays_to_the_same_view_here_and_in_the_terminal_game() {
    let app = app(Limits::default());
    let at = at_first_decision(&app, 11).await;
    let option = at["view"]["pending"]["options"][0]["id"].as_str().unwrap();
    let chosen = choose(&app, &at["save"], option).await.ok();
    let moved = if chosen["view"]["pending"].is_null() {
        next(&app, &chosen["save"], "decision").await.ok()
    } else {
        chosen
    };

    let save_text = moved["save"].as_str().expect("the save's text").to_string();
    let loaded = post(&app, "/api/game/load", save_text.clone()).await.ok();
    assert_eq!(loaded["view"], moved["view"]);
    assert_eq!(loaded["save"], moved["save"]);

    // The same file loads in the terminal game, at the same morning.
    let game = bianjing_game::load(bianjing_scenario::builtin(), &save_text, "save").unwrap();
    // Through the same JSON reader as the answer's (serde_json's default reading of floats is not
    // always the closest double, so a `Value` straight from the `View` may differ in a last digit).
    let terminal: Value =
        serde_json::from_str(&serde_json::to_string(&game.view()).unwrap()).unwrap();
    assert_eq!(terminal, moved["view"]);
}

#[tokio::test]
async fn bad_saves_are_refused_with_the_reason() {
    let app = app(Limits::default());
    let at = at_first_decision(&app, 7).await;
    let option = at["view"]["pending"]["options"][0]["id"].as_str().unwrap();
    let good = save_of(&choose(&app, &at["save"], option).await.ok());

    let refused = |a: Answer, wanted: &str| {
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        assert!(
            a.error().contains(wanted),
            "`{}` lacks `{wanted}`",
            a.error()
        );
    };
    refused(next(&app, &json!(3), "day").await, "not a game save");
    refused(next(&app, &json!("{\"seed\": "), "day").await, "not JSON");

    let mut other = good.clone();
    other["format"] = json!("something-else");
    refused(next(&app, &other, "day").await, "format `something-else`");

    let mut newer = good.clone();
    newer["version"] = json!(99);
    refused(next(&app, &newer, "day").await, "save version 99");

    let mut elsewhere = good.clone();
    elsewhere["scenario"] = json!("0000000000000000");
    refused(next(&app, &elsewhere, "day").await, "another scenario");

    let mut moved = good.clone();
    moved["choices"][0]["day"] = json!(good["choices"][0]["day"].as_u64().unwrap() + 40);
    refused(next(&app, &moved, "day").await, "does not fit this game");

    let mut unknown = good.clone();
    unknown["choices"][0]["option"] = json!("fly-away");
    refused(
        next(&app, &unknown, "day").await,
        "has no option `fly-away`",
    );

    let mut many = good.clone();
    let one = good["choices"][0].clone();
    many["choices"] = Value::Array(vec![one; MAX_CHOICES + 1]);
    refused(
        next(&app, &many, "day").await,
        &format!(
            "{} choices; this server replays at most {MAX_CHOICES}",
            MAX_CHOICES + 1
        ),
    );

    refused(post(&app, "/api/game/load", "{not json").await, "not JSON");
    refused(
        post(
            &app,
            "/api/game/load",
            r#"{"format": "bianjing-game-save"}"#,
        )
        .await,
        "no `version` field",
    );
    let a = post(
        &app,
        "/api/game/next",
        json!({ "until": "day" }).to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.error().contains("missing field `save`"), "{}", a.error());
}

#[tokio::test]
async fn a_choice_not_open_is_refused() {
    let app = app(Limits::default());
    let at = at_first_decision(&app, 7).await;
    let pending = at["view"]["pending"]["id"].as_str().unwrap();

    let a = choose(&app, &at["save"], "fly-away").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.error()
            .contains("has no option `fly-away`; its options: "),
        "{}",
        a.error()
    );

    let other = ["negotiate", "raid", "dismiss"]
        .into_iter()
        .find(|d| *d != pending)
        .unwrap();
    let option = at["view"]["pending"]["options"][0]["id"].as_str().unwrap();
    let body = json!({ "save": at["save"], "option": option, "decision": other });
    let a = post(&app, "/api/game/choice", body.to_string()).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.error().contains(&format!(
            "`{other}` is not open; the decision waiting is `{pending}`"
        )),
        "{}",
        a.error()
    );

    // The court does not move on while a decision waits.
    let a = next(&app, &at["save"], "decision").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.error().contains("waits for an answer"), "{}", a.error());

    let a = next(&app, &at["save"], "week").await;
    assert!(a.error().starts_with("until: `week`"), "{}", a.error());
}

#[tokio::test]
async fn a_game_played_to_the_end_shows_the_end_screen_and_takes_no_more_moves() {
    let app = app(Limits::default());
    let mut answer = new_game(&app, 3).await;
    let mut moves = 0;
    while answer["view"]["finished"] == false {
        moves += 1;
        assert!(moves < 500, "the game did not end");
        answer = if let Some(options) = answer["view"]["pending"]["options"].as_array() {
            // The last option: mostly the cautious one (wait, refuse, hold), which asks again later
            // and so makes the longest games.
            let option = options.last().unwrap()["id"].as_str().unwrap().to_string();
            choose(&app, &answer["save"], &option).await.ok()
        } else {
            next(&app, &answer["save"], "decision").await.ok()
        };
    }
    let choices = save_of(&answer)["choices"].as_array().unwrap().len();
    assert!(choices > 0);
    assert!(
        choices * 4 < MAX_CHOICES,
        "{choices} choices: the bound is too tight"
    );
    let end = &answer["end"];
    assert!(end.is_object(), "the end screen comes with the last move");
    assert!(
        !end["game"]["outcome"]["summary"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert!(
        !end["recorded"]["outcome"]["summary"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    let shares = end["usually"].as_array().unwrap();
    let categories = shares
        .iter()
        .take(end["categories"].as_u64().unwrap() as usize)
        .map(|s| s["p"].as_f64().unwrap())
        .sum::<f64>();
    assert!(
        (categories - 1.0).abs() < 1e-9,
        "the outcome shares sum to {categories}"
    );
    let points = end["turning_points"].as_array().unwrap();
    assert!(points.iter().any(|p| p["yours"] == true));

    let a = next(&app, &answer["save"], "day").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.error().contains("the game is over"), "{}", a.error());
    let a = choose(&app, &answer["save"], "wait").await;
    assert!(a.error().contains("the game is over"), "{}", a.error());
}

#[tokio::test]
async fn a_body_past_the_limit_is_413() {
    let app = app(Limits {
        max_body_bytes: 2048,
        ..Limits::default()
    });
    let save = save_of(&new_game(&app, 7).await);
    let mut padded = save.clone();
    padded["what_ifs"] = json!(["x".repeat(4096)]);
    let a = next(&app, &padded, "day").await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    // The same save without the padding is within the limit.
    next(&app, &save, "day").await.ok();
}
