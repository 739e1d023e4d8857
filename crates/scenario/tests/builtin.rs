//! The scenario shipped with the program must load cleanly.

use bianjing_scenario::{BUILTIN_NAME, builtin, builtin_text, load};

#[test]
fn builtin_scenario_is_valid() {
    if let Err(errors) = load(builtin_text(), BUILTIN_NAME) {
        panic!("{errors}");
    }
    let s = builtin();
    assert_eq!(s.file(), "bianjing-1126.toml");
    assert!(s.start() < s.horizon());
    assert!(s.place(&s.data().scenario.capital).is_some());
}
