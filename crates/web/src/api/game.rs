//! The game (`bianjing play`'s, from `bianjing-game`) as a JSON API, without server memory.
//!
//! A game is defined by its seed, its what-ifs and the player's choices, which is what its save holds.
//! So the browser keeps the save and sends it with every move; the server replays it, makes the move
//! and answers with the new view and the new save. Nothing is stored between requests, so there is no
//! limit on open games and no game to lose when the server restarts. The saves are the terminal
//! game's: one saved in the browser loads with `bianjing play --load`, and the other way round.
//!
//! Every answer is `{"view": ..., "save": ..., "end": ...}`: the [`View`](bianjing_game::View), the
//! save file's text, and the end screen once the game is over (`null` before). The save travels as
//! text so that no JSON reader on the way rounds its numbers (a seed past 2^53 would not survive a
//! browser's); requests take it as text or as the JSON object.
//!
//! The work is bounded: the request body (the router's limit), the choices of one save
//! ([`MAX_CHOICES`]) and the days of a run (the model ends every run). A replay runs on the blocking
//! pool, so that the async workers keep answering.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::response::Response;
use bianjing_game::Game;
use bianjing_game::view::OUTCOME_CATEGORIES;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::{ApiError, App};

/// Most choices one save may hold. A game asks a few questions a week over at most a few months:
/// the longest games the tests play make well under a hundred choices.
pub const MAX_CHOICES: usize = 400;

/// `POST /api/game`: a new game.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewGame {
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// What-ifs in force, `NAME` or `NAME=VALUE` as `--what-if` takes them.
    #[serde(default)]
    pub what_ifs: Vec<String>,
}

fn default_seed() -> u64 {
    1126
}

/// `POST /api/game/choice`: answer the decision waiting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRequest {
    /// The save file's text, or its JSON object.
    pub save: Value,
    /// The option's id (`send`, `wait`, ...).
    pub option: String,
    /// The decision the player answers; when given, it must be the one waiting, so that an answer
    /// to a question no longer asked is refused rather than applied to the next one.
    #[serde(default)]
    pub decision: Option<String>,
}

/// `POST /api/game/next`: run on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextRequest {
    /// The save file's text, or its JSON object.
    pub save: Value,
    /// `day` (one day) or `decision` (to the next decision or the end, the default).
    #[serde(default)]
    pub until: Option<String>,
}

/// Reads a JSON object body, naming the field at fault.
fn parse<T: DeserializeOwned>(body: &[u8], example: &str) -> Result<T, ApiError> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::bad_request(format!(
            "request body: expected a JSON object such as {example}"
        )));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            ApiError::bad_request(format!("request body: {inner}"))
        } else {
            ApiError::bad_request(format!("{path}: {inner}"))
        }
    })
}

/// The game a save describes (its text, or its JSON object), replayed; `what` names it in errors.
fn replay(app: &App, save: &Value, what: &str) -> Result<Game, ApiError> {
    let parsed;
    let (text, value) = match save {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|e| {
                ApiError::bad_request(format!("{what}: not a game save: not JSON ({e})"))
            })?;
            (text.clone(), &parsed)
        }
        Value::Object(_) => (save.to_string(), save),
        _ => {
            return Err(ApiError::bad_request(format!(
                "{what}: not a game save: expected the save file's text, or its JSON object"
            )));
        }
    };
    let choices = value
        .get("choices")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if choices > MAX_CHOICES {
        return Err(ApiError::bad_request(format!(
            "{what}: {choices} choices; this server replays at most {MAX_CHOICES}"
        )));
    }
    bianjing_game::load(app.scenario.clone(), &text, what).map_err(|e| ApiError::bad_request(e.0))
}

/// The answer: the view, the save's text and, once the game is over, the end screen.
fn answer(game: &mut Game) -> Result<Value, ApiError> {
    let view = game.view();
    let save = bianjing_game::save(game);
    let mut end = serde_json::to_value(game.end_summary())
        .map_err(|e| ApiError::internal(format!("cannot write the end screen: {e}")))?;
    if let Value::Object(m) = &mut end {
        // `usually` lists the outcome categories first, then key events: say where they part.
        m.insert("categories".into(), json!(OUTCOME_CATEGORIES));
    }
    Ok(json!({ "view": view, "save": save, "end": end }))
}

/// Runs `work` on the blocking pool and answers with its JSON.
async fn blocking(
    app: Arc<App>,
    work: impl FnOnce(&App) -> Result<Value, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let value = tokio::task::spawn_blocking(move || work(&app))
        .await
        .map_err(|e| ApiError::internal(format!("the game failed: {e}")))??;
    super::json_response(&value)
}

fn body_of(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| ApiError::new(e.status(), e.body_text()))
}

/// `POST /api/game`.
pub async fn post_new(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body_of(body)?;
    let request: NewGame = parse(&body, r#"{"seed": 1126, "what_ifs": ["early-relief=10"]}"#)?;
    blocking(app, move |app| {
        let mut game = Game::new(app.scenario.clone(), request.seed, &request.what_ifs)
            .map_err(|e| ApiError::bad_request(e.0))?;
        answer(&mut game)
    })
    .await
}

/// `POST /api/game/choice`.
pub async fn post_choice(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body_of(body)?;
    let request: ChoiceRequest = parse(&body, r#"{"save": {...}, "option": "wait"}"#)?;
    blocking(app, move |app| {
        let mut game = replay(app, &request.save, "save")?;
        let Some(waiting) = game.pending() else {
            let why = if game.is_finished() {
                "the game is over"
            } else {
                "no decision is waiting; run on to the next one"
            };
            return Err(ApiError::bad_request(format!("option: {why}")));
        };
        let asked = request.decision.as_deref().unwrap_or(waiting.name());
        if asked != waiting.name() {
            return Err(ApiError::bad_request(format!(
                "decision: `{asked}` is not open; the decision waiting is `{}`",
                waiting.name()
            )));
        }
        game.choose(&request.option)
            .map_err(|e| ApiError::bad_request(format!("option: {e}")))?;
        answer(&mut game)
    })
    .await
}

/// `POST /api/game/next`.
pub async fn post_next(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body_of(body)?;
    let request: NextRequest = parse(&body, r#"{"save": {...}, "until": "decision"}"#)?;
    let one_day = match request.until.as_deref() {
        None | Some("decision") => false,
        Some("day") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "until: `{other}`; expected `day` or `decision`"
            )));
        }
    };
    blocking(app, move |app| {
        let mut game = replay(app, &request.save, "save")?;
        if game.is_finished() {
            return Err(ApiError::bad_request("save: the game is over"));
        }
        if let Some(d) = game.pending() {
            return Err(ApiError::bad_request(format!(
                "save: the decision `{}` waits for an answer before the court moves on",
                d.name()
            )));
        }
        if one_day {
            game.step_day();
        } else {
            game.advance();
        }
        answer(&mut game)
    })
    .await
}

/// `POST /api/game/load`: the body is a save file, as `bianjing play` writes it or the page downloads it.
pub async fn post_load(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body_of(body)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the save: not a game save: not UTF-8 text"))?;
    let save = Value::String(text.to_string());
    blocking(app, move |app| {
        let mut game = replay(app, &save, "the save")?;
        answer(&mut game)
    })
    .await
}
