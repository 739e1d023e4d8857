//! Hostile input: the loader must answer with diagnostics, never panic or overflow the stack.

use bianjing_scenario::{MAX_BYTES, MAX_DEPTH, load, load_bytes};
use proptest::prelude::*;

#[test]
fn empty_input_lists_the_missing_tables() {
    let errors = load("", "empty.toml").unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    for table in [
        "scenario", "calendar", "source", "side", "person", "place", "force", "western", "event",
    ] {
        let wanted = format!("missing key `{table}` at the top level");
        assert!(messages.contains(&wanted.as_str()), "{errors}");
    }
    assert!(errors.iter().all(|d| (d.line, d.column) == (1, 1)));
    assert_eq!(errors.len(), 9);
}

#[test]
fn binary_blob_is_a_diagnostic() {
    let mut blob = b"[scenario]\nid = \"x\"\n".to_vec();
    blob.extend([0x00, 0x9f, 0x92, 0x96, 0xff, 0xfe]);
    let errors = load_bytes(&blob, "blob.bin").unwrap_err();
    assert_eq!(errors.len(), 1);
    let d = &errors[0];
    assert_eq!((d.line, d.column), (3, 2));
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert!(d.message.contains("offset 21"), "{d}");
    assert!(d.message.contains("line 3"), "{d}");
    assert_eq!(d.expected, "UTF-8 text");
}

#[test]
fn control_characters_are_syntax_errors() {
    let text = "a = \"\u{0}\"\n\u{1}\u{7f} = 3\n";
    let errors = load(text, "ctl.toml").unwrap_err();
    assert!(
        errors.iter().all(|d| d.message.starts_with("syntax: ")),
        "{errors}"
    );
    // The rendering escapes control characters instead of printing them.
    assert!(!errors.to_string().contains('\u{0}'));
}

#[test]
fn twenty_mebibytes_are_refused() {
    let text = "# padding\n".repeat(2 * 1024 * 1024);
    assert!(text.len() > MAX_BYTES);
    let errors = load(&text, "big.toml").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("more than the limit of 16 MiB"),
        "{}",
        errors[0]
    );
    let errors = load_bytes(text.as_bytes(), "big.toml").unwrap_err();
    assert!(
        errors[0].message.contains("20971520 bytes"),
        "{}",
        errors[0]
    );
}

#[test]
fn ten_thousand_open_brackets_are_refused_where_too_deep() {
    let errors = load(&"[".repeat(10_000), "brackets.toml").unwrap_err();
    assert_eq!(errors.len(), 1);
    let d = &errors[0];
    assert_eq!((d.line, d.column), (1, MAX_DEPTH + 1));
    assert!(d.message.contains("nesting deeper than 64 levels"), "{d}");

    let text = format!("\n\nx = {}", "[".repeat(10_000));
    let d = &load(&text, "brackets.toml").unwrap_err()[0];
    assert_eq!((d.line, d.column), (3, 5 + MAX_DEPTH));
}

#[test]
fn deeply_nested_inline_tables_are_refused() {
    let text = format!("a = {}1{}\n", "{ b = ".repeat(5_000), " }".repeat(5_000));
    let d = &load(&text, "tables.toml").unwrap_err()[0];
    assert_eq!(d.line, 1);
    assert!(d.message.contains("nesting deeper"), "{d}");
}

#[test]
fn long_dotted_keys_are_refused() {
    let key = vec!["k"; 5_000].join(".");
    let d = &load(&format!("{key} = 1\n"), "dots.toml").unwrap_err()[0];
    assert!(d.message.contains("nesting deeper"), "{d}");
    let d = &load(&format!("[{key}]\n"), "dots.toml").unwrap_err()[0];
    assert!(d.message.contains("nesting deeper"), "{d}");
}

#[test]
fn nesting_just_under_the_limit_is_left_to_the_parser() {
    let depth = 30;
    let text = format!("a = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let errors = load(&text, "ok-depth.toml").unwrap_err();
    // Parsed fine; it is just not a scenario.
    assert!(
        errors.iter().all(|d| !d.message.contains("nesting")),
        "{errors}"
    );
    assert!(
        errors.iter().any(|d| d.message.contains("unknown key `a`")),
        "{errors}"
    );
}

#[test]
fn many_syntax_errors_do_not_explode() {
    let text = "= = =\n[[[\n\"\n'\n{\n".repeat(2_000);
    let errors = load(&text, "junk.toml").unwrap_err();
    assert!(!errors.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = load_bytes(&bytes, "random.bin");
    }

    #[test]
    fn random_toml_like_text_never_panics(
        text in proptest::string::string_regex("[\\[\\]{}=\"'.,#\\n a-z0-9_:-]{0,400}").unwrap()
    ) {
        let _ = load(&text, "random.toml");
    }

    #[test]
    fn mutated_valid_fixture_never_panics(at in 0usize..20_000, byte in any::<u8>()) {
        let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid.toml")).unwrap();
        let at = at % bytes.len();
        bytes[at] = byte;
        let _ = load_bytes(&bytes, "mutated.toml");
    }
}

#[test]
fn a_flood_of_errors_is_capped() {
    use bianjing_scenario::MAX_ERRORS;
    let text: String = (0..5_000).map(|i| format!("unknown_{i} = {i}\n")).collect();
    let errors = load(&text, "flood.toml").unwrap_err();
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert!(
        errors[MAX_ERRORS].message.starts_with("too many errors"),
        "{}",
        errors[MAX_ERRORS]
    );

    let text = "x = = 1\n".repeat(5_000);
    let errors = load(&text, "flood.toml").unwrap_err();
    assert_eq!(errors.len(), MAX_ERRORS + 1);
}
