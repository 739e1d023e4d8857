//! The screens drawn on ratatui's test backend and compared with reviewed text snapshots in
//! `tests/screens/`. After a deliberate change, regenerate them with `BIANJING_BLESS=1 cargo test -p
//! bianjing-tui` and read the diff before committing.

use bianjing_game::Game;
use bianjing_tui::app::{App, Key, Screen};
use bianjing_tui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(seed: u64) -> App {
    let game = Game::new(bianjing_scenario::builtin(), seed, &[]).expect("the game starts");
    App::new(game, false, "save.json".into())
}

/// The screen as text, one line per row, trailing spaces trimmed.
fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal.draw(|f| render::draw(f, app)).expect("draws");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            // A wide character (the day names) fills two cells; the second holds a blank.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = ratatui::text::Line::raw(symbol).width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn check(name: &str, actual: &str) {
    let path = format!("{}/tests/screens/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("BIANJING_BLESS").is_some() {
        std::fs::write(&path, actual).expect("writes the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run with BIANJING_BLESS=1 to create it)"));
    assert!(
        expected == actual,
        "screen {name} differs from {path}\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

/// Plays with the keys: the first option of each decision, Enter between them.
fn play_to_end(app: &mut App) {
    for _ in 0..200 {
        if app.screen == Screen::End {
            return;
        }
        app.key(Key::Char('1'));
        app.key(Key::Enter);
    }
    panic!("the game did not end");
}

#[test]
fn first_decision_at_80x24() {
    let a = app(7);
    let s = screen(&a, 80, 24);
    assert!(s.contains("Envoys to the Jin camp?"), "{s}");
    assert!(
        s.contains("1 Send envoys"),
        "the options must show at 80x24:\n{s}"
    );
    check("first-decision-80x24", &s);
}

#[test]
fn knowledge_and_city_map_at_120x40() {
    let mut a = app(7);
    a.key(Key::Tab);
    let s = screen(&a, 120, 40);
    assert!(s.contains("What you know"), "{s}");
    assert!(s.contains("The city and the Jin camp"), "{s}");
    check("knowledge-120x40", &s);
}

#[test]
fn end_screen_at_80x24() {
    let mut a = app(7);
    play_to_end(&mut a);
    let s = screen(&a, 80, 24);
    assert!(
        s.contains("Your reign:") && s.contains("The record:"),
        "{s}"
    );
    check("end-80x24", &s);
}

#[test]
fn help_and_quit_dialogs() {
    let mut a = app(7);
    a.key(Key::Char('?'));
    let help = screen(&a, 80, 24);
    assert!(help.contains("q  quit (asks to save)"), "{help}");
    a.key(Key::Char('x'));
    assert_eq!(a.screen, Screen::Play);
    assert_eq!(a.key(Key::Char('q')), bianjing_tui::Action::None);
    let quit = screen(&a, 80, 24);
    assert!(quit.contains("Leave the court?"), "{quit}");
    check("quit-80x24", &quit);
    assert!(matches!(
        a.key(Key::Char('y')),
        bianjing_tui::Action::SaveAndQuit(_)
    ));
}

#[test]
fn any_size_draws_without_panicking() {
    let mut a = app(3);
    for (w, h) in [(80, 24), (20, 5), (1, 1), (200, 60), (79, 23), (100, 30)] {
        let s = screen(&a, w, h);
        if w < 80 || h < 24 {
            assert!(s.contains("needs") || w * h < 40, "{w}x{h}:\n{s}");
        }
        a.key(Key::Tab);
    }
    play_to_end(&mut a);
    for (w, h) in [(80, 24), (30, 10), (160, 50)] {
        screen(&a, w, h);
    }
}

#[test]
fn the_keys_play_the_same_game_as_the_library() {
    let mut by_keys = app(11);
    play_to_end(&mut by_keys);
    let mut game = Game::new(bianjing_scenario::builtin(), 11, &[]).unwrap();
    while !game.is_finished() {
        game.advance();
        if game.pending().is_some() {
            game.choose_nth(0).unwrap();
        }
    }
    assert_eq!(by_keys.game.choices(), game.choices());
    assert_eq!(by_keys.game.events(), game.events());
}
