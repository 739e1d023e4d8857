//! Saves: versioned JSON with the format's name, the scenario's digest, the seed, the what-ifs, the day
//! reached and the player's choices. Loading replays the choices, checking each was open on its day, so
//! a save that does not fit the game it claims to be is refused with the reason, never half-loaded.

use bianjing_scenario::Scenario;
use serde::{Deserialize, Serialize};

use crate::content::BUILTIN_TEXT;
use crate::game::{Choice, Game, GameError};

/// The format's name, first in every save.
pub const FORMAT: &str = "bianjing-game-save";
/// The version this program writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveFile {
    format: String,
    version: u32,
    /// FNV-1a of the scenario's text and the game's content, in hex.
    scenario: String,
    seed: u64,
    what_ifs: Vec<String>,
    day: u16,
    choices: Vec<Choice>,
}

/// The digest of a scenario together with the game's content (and, for the built-in scenario, its
/// posterior) and the layout of the engine's random draws: a save replays only against all of them.
pub fn digest(scenario: &Scenario) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    // The built-in scenario's games draw from its posterior: a save replays only against the same one.
    let posterior = if scenario.text() == bianjing_scenario::builtin_text() {
        bianjing_scenario::builtin_posterior()
    } else {
        ""
    };
    for b in scenario
        .text()
        .bytes()
        .chain([0])
        .chain(BUILTIN_TEXT.bytes())
        .chain([0])
        .chain(posterior.bytes())
        .chain([0])
        .chain(bianjing_engine::DRAWS_LAYOUT.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The game as save-file text (JSON).
pub fn save(game: &Game) -> String {
    let f = SaveFile {
        format: FORMAT.into(),
        version: VERSION,
        scenario: digest(&game.scenario),
        seed: game.seed(),
        what_ifs: game.what_ifs().to_vec(),
        day: game.day(),
        choices: game.choices().to_vec(),
    };
    let mut text = serde_json::to_string_pretty(&f).unwrap_or_default();
    text.push('\n');
    text
}

/// A game from save-file `text` (read from `file`, named in errors), replayed against `scenario`.
pub fn load(scenario: Scenario, text: &str, file: &str) -> Result<Game, GameError> {
    let err = |m: String| GameError(format!("{file}: {m}"));
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| err(format!("not a game save: not JSON ({e})")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(err(format!(
                "not a game save: format `{other}`, expected `{FORMAT}`"
            )));
        }
        None => {
            return Err(err(format!(
                "not a game save: no `format` field (expected `{FORMAT}`)"
            )));
        }
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(err(format!(
                "save version {v}; this program reads version {VERSION}"
            )));
        }
        None => return Err(err("no `version` field".into())),
    }
    let f: SaveFile =
        serde_json::from_value(value).map_err(|e| err(format!("damaged save: {e}")))?;
    let ours = digest(&scenario);
    if f.scenario != ours {
        return Err(err(format!(
            "saved from another scenario, game content or version of the model (digest {}, this one {ours})",
            f.scenario
        )));
    }
    let mut game = Game::new(scenario, f.seed, &f.what_ifs).map_err(|e| err(e.0))?;
    for (i, c) in f.choices.iter().enumerate() {
        let n = i + 1;
        while game.day() < c.day && game.step_day() {}
        match game.pending() {
            Some(d) if d == c.decision && game.day() == c.day => {}
            Some(d) => {
                return Err(err(format!(
                    "choice {n} (day {}, `{}`) does not fit this game: on day {} the decision waiting is `{}`",
                    c.day,
                    c.decision.name(),
                    game.day(),
                    d.name()
                )));
            }
            None => {
                return Err(err(format!(
                    "choice {n} (day {}, `{}`) does not fit this game: no decision waits on day {}",
                    c.day,
                    c.decision.name(),
                    game.day()
                )));
            }
        }
        game.choose(&c.option)
            .map_err(|e| err(format!("choice {n}: {e}")))?;
    }
    while game.day() < f.day && game.step_day() {}
    if game.day() != f.day && !game.is_finished() {
        return Err(err(format!(
            "the save is at day {}, but the game stops for a decision on day {}",
            f.day,
            game.day()
        )));
    }
    Ok(game)
}
