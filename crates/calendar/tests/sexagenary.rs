//! Day names of the 60-day cycle.

mod common;

use bianjing_calendar::{Branch, CivilDate, Jdn, Sexagenary, Stem};
use common::{calendar, lunar};
use proptest::prelude::*;

#[test]
fn known_values() {
    let day = Jdn::from_gregorian(CivilDate::new(2000, 1, 1)).unwrap();
    let name = day.sexagenary();
    assert_eq!(name.index(), 54);
    assert_eq!(name.chinese(), "戊午");
    assert_eq!(name.pinyin(), "wuwu");
    assert_eq!(name.to_string(), "戊午");
    assert_eq!(name.stem().chinese(), '戊');
    assert_eq!(name.branch().pinyin(), "wu");

    // The rule (JDN + 49) mod 60 puts 甲子 at JDN 11 and every 60 days after.
    assert_eq!(Jdn(11).sexagenary().chinese(), "甲子");
    assert_eq!(Jdn(11 + 59).sexagenary().chinese(), "癸亥");
    assert_eq!(Jdn(11 + 59).sexagenary().pinyin(), "guihai");
    assert_eq!(Jdn(-49).sexagenary().index(), 0);
}

#[test]
fn jingkang_dates() {
    // Independent of the table: pins the day names a reader will compare with the annals.
    let cal = calendar();
    let name = |m, d| {
        cal.to_jdn(&lunar("JK", 1, m, false, d))
            .unwrap()
            .sexagenary()
            .chinese()
    };
    assert_eq!(name(1, 1), "丁卯");
    assert_eq!(name(1, 16), "壬午");
    assert_eq!(name(2, 1), "丁酉");
}

#[test]
fn cycle_has_length_sixty() {
    let start = Jdn(2132354);
    let mut seen = std::collections::HashSet::new();
    for k in 0..60 {
        let name = (start + k).sexagenary();
        assert!(seen.insert(name.chinese()));
        assert_eq!((start + k + 60).sexagenary(), name);
        assert_eq!(name.stem().index(), name.index() % 10);
        assert_eq!(name.branch().index(), name.index() % 12);
    }
    assert_eq!(seen.len(), 60);
}

#[test]
fn names_and_parsing() {
    assert_eq!(Sexagenary::new(0).unwrap().chinese(), "甲子");
    assert_eq!(Sexagenary::new(0).unwrap().pinyin(), "jiazi");
    assert_eq!(Sexagenary::new(59).unwrap().chinese(), "癸亥");
    assert_eq!(Sexagenary::new(60), None);
    assert_eq!("戊午".parse::<Sexagenary>().unwrap().index(), 54);
    assert_eq!("WuWu".parse::<Sexagenary>().unwrap().index(), 54);
    assert_eq!("jiawu".parse::<Sexagenary>().unwrap().chinese(), "甲午");
    assert_eq!("jiwei".parse::<Sexagenary>().unwrap().chinese(), "己未");
    for bad in ["", "甲丑", "jiachou", "甲", "甲子子", "foo"] {
        assert!(bad.parse::<Sexagenary>().is_err(), "{bad}");
    }
    let s = Stem::new(4).unwrap();
    let b = Branch::new(6).unwrap();
    assert_eq!(Sexagenary::from_stem_branch(s, b).unwrap().index(), 54);
    assert_eq!(Stem::new(10), None);
    assert_eq!(Branch::new(12), None);
    assert_eq!(Sexagenary::new(58).unwrap().offset(3).index(), 1);
    assert_eq!(Sexagenary::new(1).unwrap().offset(-3).index(), 58);
}

proptest! {
    #[test]
    fn index_increments_by_one_per_day(j in -10_000_000i64..10_000_000) {
        let today = Jdn(j).sexagenary();
        let tomorrow = Jdn(j + 1).sexagenary();
        prop_assert_eq!(tomorrow.index(), (today.index() + 1) % 60);
        prop_assert_eq!(today.offset(1), tomorrow);
        prop_assert_eq!(i64::from(today.index()), (j + 49).rem_euclid(60));
    }
}
