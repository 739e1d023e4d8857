//! The game's content file is checked against the scenario: every advisor a person of the scenario,
//! every source one of its sources, every decision with the options the game gives effects to.

use bianjing_game::content::{BUILTIN_TEXT, Content};

fn parse(text: &str) -> Result<Content, String> {
    Content::parse(text, "game.toml", &bianjing_scenario::builtin())
}

#[test]
fn the_builtin_content_is_valid_and_cites_real_sources() {
    let c = parse(BUILTIN_TEXT).expect("the built-in content checks");
    assert!(c.decision.iter().all(|d| !d.advisor.is_empty()));
    // Reconstructions are marked; at least one argument is from the sources as they stand.
    let advisors: Vec<_> = c.decision.iter().flat_map(|d| &d.advisor).collect();
    assert!(advisors.iter().any(|a| a.reconstruction));
    assert!(advisors.iter().any(|a| !a.reconstruction));
}

#[test]
fn unknown_persons_sources_and_options_are_named() {
    let cases = [
        (
            BUILTIN_TEXT.replacen("person = \"li_gang\"", "person = \"li_gong\"", 1),
            "`li_gong`",
        ),
        (
            BUILTIN_TEXT.replacen("[\"essay:5\", \"SBH\"]", "[\"SJ99\"]", 1),
            "`SJ99`",
        ),
        (
            BUILTIN_TEXT.replacen("id = \"wait\"", "id = \"later\"", 1),
            "decision `negotiate`: options",
        ),
        (
            BUILTIN_TEXT.replacen("squeeze = 0.5", "squeeze = 1.5", 1),
            "option `light`",
        ),
        (
            BUILTIN_TEXT.replacen("version = 1", "version = 7", 1),
            "version 7",
        ),
        (
            BUILTIN_TEXT.replacen("reask_days = 3", "reask_days = \"three\"", 1),
            "game.toml",
        ),
    ];
    for (text, expected) in cases {
        assert_ne!(
            text, BUILTIN_TEXT,
            "the case for {expected} changed nothing"
        );
        let e = parse(&text).unwrap_err();
        assert!(e.starts_with("game.toml"), "{e}");
        assert!(e.contains(expected), "expected `{expected}` in: {e}");
    }
}
