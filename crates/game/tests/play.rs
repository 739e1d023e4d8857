//! Games played through the library: to the end screen, replayed, saved and loaded, and bad saves.

use bianjing_game::{Decision, Game, load, save};

fn new_game(seed: u64) -> Game {
    Game::new(bianjing_scenario::builtin(), seed, &[]).expect("the built-in game starts")
}

/// Plays a game to the end with a fixed policy: the first option of every decision, except a few
/// that make the game take the historical road (terms accepted, a secret raid, Li Gang dismissed
/// and restored, a pursuit ordered and recalled).
fn play(game: &mut Game) {
    let mut guard = 0;
    while !game.is_finished() {
        game.advance();
        if let Some(d) = game.pending() {
            let option = match d {
                Decision::Negotiate => "send",
                Decision::Terms => "accept",
                Decision::Squeeze => "strip",
                Decision::Hostage => "send",
                Decision::Raid => "tonight-secret",
                Decision::Dismiss => "dismiss",
                Decision::Restore => "restore",
                Decision::Pursue => "pursue",
                Decision::Recall => "recall",
            };
            game.choose(option).expect("a listed option");
        }
        guard += 1;
        assert!(guard < 500, "the game does not end");
    }
}

#[test]
fn a_scripted_playthrough_reaches_the_end_screen() {
    let mut game = new_game(7);
    play(&mut game);
    assert!(game.is_finished());
    let decided: Vec<Decision> = game.choices().iter().map(|c| c.decision).collect();
    for d in [Decision::Negotiate, Decision::Terms] {
        assert!(decided.contains(&d), "never asked {d:?}: {decided:?}");
    }
    let end = game.end_summary().expect("an end summary").clone();
    // The ensemble's outcome shares sum to one.
    let cats: f64 = end.usually.iter().take(6).map(|s| s.p).sum();
    assert!((cats - 1.0).abs() < 1e-9, "{cats}");
    assert_eq!(end.recorded.outcome.category, "withdrew-with-terms");
    assert!(end.turning_points.iter().any(|t| t.yours));
    assert!(end.turning_points.windows(2).all(|w| w[0].day <= w[1].day));
    let view = game.view();
    assert!(view.finished && view.pending.is_none());
}

#[test]
fn same_seed_and_choices_same_game() {
    let mut a = new_game(11);
    play(&mut a);
    let mut b = new_game(11);
    play(&mut b);
    assert_eq!(a.choices(), b.choices());
    assert_eq!(a.events(), b.events());
    assert_eq!(save(&a), save(&b));
    let (va, vb) = (a.view(), b.view());
    assert_eq!(
        serde_json::to_string(&va).unwrap(),
        serde_json::to_string(&vb).unwrap()
    );
}

#[test]
fn different_choices_change_the_game_but_not_its_weather() {
    let mut a = new_game(3);
    play(&mut a);
    let mut b = new_game(3);
    while !b.is_finished() {
        b.advance();
        if let Some(d) = b.pending() {
            let last = match d {
                Decision::Squeeze => 0,
                _ => 1,
            };
            b.choose_nth(last).unwrap();
        }
    }
    assert_ne!(a.choices(), b.choices());
    let snow = |g: &Game| {
        g.events()
            .iter()
            .filter(|e| e.what == bianjing_engine::Happening::Snow)
            .map(|e| e.day)
            .collect::<Vec<_>>()
    };
    let end = a.day().min(b.day());
    let upto = |v: Vec<u16>| v.into_iter().filter(|&d| d < end).collect::<Vec<_>>();
    assert_eq!(upto(snow(&a)), upto(snow(&b)));
}

#[test]
fn save_and_load_round_trip_mid_game() {
    let mut game = new_game(5);
    for _ in 0..4 {
        game.advance();
        if game.pending().is_some() {
            game.choose_nth(0).unwrap();
        }
    }
    game.step_day();
    let text = save(&game);
    let loaded = load(bianjing_scenario::builtin(), &text, "mid.json").expect("loads");
    assert_eq!(loaded.day(), game.day());
    assert_eq!(loaded.choices(), game.choices());
    assert_eq!(loaded.events(), game.events());
    assert_eq!(save(&loaded), text);
    // And it plays on to the same end.
    let (mut a, mut b) = (game, loaded);
    play(&mut a);
    play(&mut b);
    assert_eq!(a.events(), b.events());
}

#[test]
fn bad_saves_are_refused_with_the_file_and_the_reason() {
    let mut game = new_game(5);
    game.advance();
    game.choose_nth(0).unwrap();
    game.advance();
    let good = save(&game);
    let cases = [
        ("{ not json", "not JSON"),
        (
            "{\"format\": \"something-else\", \"version\": 1}",
            "format `something-else`",
        ),
        ("[1, 2, 3]", "no `format` field"),
        (
            &good.replace("\"version\": 1", "\"version\": 99"),
            "version 99",
        ),
        (
            &good.replace("\"seed\": 5", "\"seed\": \"five\""),
            "damaged save",
        ),
        (&good[..good.len() / 2], "not JSON"),
    ];
    for (text, expected) in cases {
        let e = load(bianjing_scenario::builtin(), text, "broken.json").unwrap_err();
        assert!(e.0.starts_with("broken.json: "), "{e}");
        assert!(e.0.contains(expected), "expected `{expected}` in: {e}");
    }
    // Another scenario digest.
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let digest = v["scenario"].as_str().unwrap();
    let foreign = good.replace(digest, "0123456789abcdef");
    let e = load(bianjing_scenario::builtin(), &foreign, "f.json").unwrap_err();
    assert!(e.0.contains("another scenario"), "{e}");
    // A choice moved to a day when nothing was asked.
    let first_day = game.choices()[0].day;
    let moved = good.replace(
        &format!("\"day\": {first_day},\n      \"decision\""),
        &format!("\"day\": {},\n      \"decision\"", first_day + 40),
    );
    assert_ne!(moved, good);
    let e = load(bianjing_scenario::builtin(), &moved, "m.json").unwrap_err();
    assert!(e.0.contains("does not fit this game"), "{e}");
}

#[test]
fn the_emperor_sees_estimates_not_the_truth() {
    let mut game = new_game(9);
    game.advance();
    let view = game.view();
    let jin = &view.knowledge.estimates[0];
    assert!(jin.low < jin.value && jin.value < jin.high, "{jin:?}");
    // Looking twice shows the same estimate; the world is not disturbed by looking.
    let again = game.view();
    assert_eq!(again.knowledge.estimates[0].value, jin.value);
    // The western army's moves are not in the chronicle the emperor reads.
    assert!(
        view.chronicle
            .iter()
            .all(|e| e.kind != "western-mutiny" && e.kind != "western-advance")
    );
}
