//! `bianjing play`: saved games are checked before the terminal is touched; bad ones name the file and
//! the problem (exit 1), and without a terminal the game refuses to start (exit 2). Tests run without a
//! terminal, so a good save gets as far as that refusal.

use super::harness::{TempDir, run_in};

fn write(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("writes the test file");
    path.display().to_string()
}

/// A real save of a game played a little through the library.
fn good_save() -> String {
    let mut game = bianjing_game::Game::new(bianjing_scenario::builtin(), 7, &[]).unwrap();
    game.advance();
    game.choose_nth(0).unwrap();
    game.advance();
    bianjing_game::save(&game)
}

#[test]
fn corrupted_and_foreign_saves_name_the_file_and_exit_1() {
    let dir = TempDir::new("play-saves");
    let good = good_save();
    let cases = [
        (
            "broken.json",
            "{ \"format\": \"bianjing-game-save\", ".to_string(),
            "not JSON",
        ),
        (
            "foreign.json",
            "{\"format\": \"timeline\", \"events\": []}".to_string(),
            "format `timeline`",
        ),
        (
            "future.json",
            good.replace("\"version\": 1", "\"version\": 2"),
            "save version 2",
        ),
        (
            "other-scenario.json",
            good.replace("\"scenario\": \"", "\"scenario\": \"00"),
            "another scenario",
        ),
        (
            "binary.json",
            "\u{0}\u{1}garbage".to_string(),
            "not a game save",
        ),
    ];
    for (name, text, problem) in cases {
        let path = write(&dir, name, &text);
        run_in(dir.path(), &["play", "--load", &path])
            .fails(1)
            .stderr_has(&path)
            .stderr_has(problem);
    }
    let missing = dir.path().join("missing.json").display().to_string();
    run_in(dir.path(), &["play", "--load", &missing])
        .fails(1)
        .stderr_has(&missing);
}

#[test]
fn a_good_save_loads_and_then_the_game_wants_a_terminal() {
    let dir = TempDir::new("play-good");
    let path = write(&dir, "game.json", &good_save());
    run_in(dir.path(), &["play", "--load", &path])
        .fails(2)
        .stderr_has("needs a terminal");
    run_in(dir.path(), &["play", "--seed", "3"])
        .fails(2)
        .stderr_has("needs a terminal");
    // Nothing was written where saves go.
    assert!(!dir.path().join("bianjing-game.json").exists());
}

#[test]
fn bad_what_ifs_and_conflicting_options_are_usage_errors() {
    let dir = TempDir::new("play-args");
    run_in(dir.path(), &["play", "--what-if", "no-such"])
        .fails(2)
        .stderr_has("no-such");
    run_in(dir.path(), &["play", "--load", "x.json", "--seed", "3"])
        .fails(2)
        .stderr_has("--seed");
}
