//! The lunar-date parser: every accepted spelling, malformed input, and fuzzing.

mod common;

use bianjing_calendar::{ErrorKind, LunarDate};
use common::{calendar, lunar};
use proptest::prelude::*;

fn ok(text: &str) -> LunarDate {
    calendar()
        .parse_lunar(text)
        .unwrap_or_else(|e| panic!("'{text}' should parse: {e}"))
}

fn err(text: &str) -> (ErrorKind, String) {
    match calendar().parse_lunar(text) {
        Ok(d) => panic!("'{text}' should not parse, got {d}"),
        Err(e) => (e.kind(), e.to_string()),
    }
}

#[test]
fn compact_forms() {
    let jan16 = lunar("JK", 1, 1, false, 16);
    for text in [
        "JK1 1/16",
        "jk1 1/16",
        "JK 1 1/16",
        "  JK1   1 / 16 ",
        "JK1,1/16",
        "JK1 01/16",
        "Jingkang 1 1/16",
        "JINGKANG 1 1/16",
        "Jìngkāng 1 1/16",
        "靖康 1 1/16",
        "ＪＫ１　１／１６",
    ] {
        assert_eq!(ok(text), jan16, "{text}");
    }
    let leap = lunar("JK", 1, 11, true, 5);
    for text in [
        "JK1 L11/5",
        "jk1 l11/5",
        "JK1 L 11/5",
        "JK1 leap 11/5",
        "jingkang 1 leap 11/5",
        "Jingkang 1, Leap 11/5",
    ] {
        assert_eq!(ok(text), leap, "{text}");
    }
    assert_eq!(ok("XH7 12/21"), lunar("XH", 7, 12, false, 21));
    assert_eq!(ok("Xuanhe 7 11/1"), lunar("XH", 7, 11, false, 1));
}

#[test]
fn english_forms() {
    assert_eq!(
        ok("Jingkang 1, 1st month, 16th day"),
        lunar("JK", 1, 1, false, 16)
    );
    assert_eq!(
        ok("jingkang 1 1st month 16th day"),
        lunar("JK", 1, 1, false, 16)
    );
    assert_eq!(ok("Jingkang 1, 1 month, 16"), lunar("JK", 1, 1, false, 16));
    assert_eq!(ok("JK1 2nd month 10th"), lunar("JK", 1, 2, false, 10));
    assert_eq!(
        ok("Jingkang 1, leap 11th month, 5th day"),
        lunar("JK", 1, 11, true, 5)
    );
    assert_eq!(
        ok("Xuanhe 7, 12th month, 21st day"),
        lunar("XH", 7, 12, false, 21)
    );
    assert_eq!(
        ok("Jingkang 2, 3rd month, 23rd day"),
        lunar("JK", 2, 3, false, 23)
    );
}

#[test]
fn chinese_forms() {
    let cases = [
        ("靖康元年正月十六日", lunar("JK", 1, 1, false, 16)),
        ("靖康元年二月十日", lunar("JK", 1, 2, false, 10)),
        ("靖康元年閏十一月五日", lunar("JK", 1, 11, true, 5)),
        ("靖康元年闰十一月五日", lunar("JK", 1, 11, true, 5)),
        ("宣和七年十二月二十一日", lunar("XH", 7, 12, false, 21)),
        ("宣和七年十二月廿一日", lunar("XH", 7, 12, false, 21)),
        ("宣和七年臘月廿一", lunar("XH", 7, 12, false, 21)),
        ("靖康元年一月十六日", lunar("JK", 1, 1, false, 16)),
        ("靖康一年正月十六", lunar("JK", 1, 1, false, 16)),
        ("靖康元年正月初五", lunar("JK", 1, 1, false, 5)),
        ("靖康元年正月初十日", lunar("JK", 1, 1, false, 10)),
        ("靖康元年正月卅日", lunar("JK", 1, 1, false, 30)),
        ("靖康元年正月三十日", lunar("JK", 1, 1, false, 30)),
        ("靖康元年二月一日", lunar("JK", 1, 2, false, 1)),
        ("靖康二年四月三十日", lunar("JK", 2, 4, false, 30)),
        ("靖康元年春正月十六日", lunar("JK", 1, 1, false, 16)),
        ("靖康元年冬閏十一月五日", lunar("JK", 1, 11, true, 5)),
        ("靖康 元年 正月 十六日", lunar("JK", 1, 1, false, 16)),
        ("靖康1年1月16日", lunar("JK", 1, 1, false, 16)),
        ("JK元年正月十六日", lunar("JK", 1, 1, false, 16)),
        ("Jingkang 元年正月十六日", lunar("JK", 1, 1, false, 16)),
    ];
    for (text, expected) in cases {
        assert_eq!(ok(text), expected, "{text}");
    }
}

#[test]
fn malformed_inputs() {
    let cases: &[(&str, ErrorKind)] = &[
        ("JK1 13/1", ErrorKind::NoSuchMonth),
        ("JK1 0/1", ErrorKind::NoSuchMonth),
        ("JK1 99999999999/1", ErrorKind::NoSuchMonth),
        ("JK1 4/30", ErrorKind::NoSuchDay),
        ("JK1 1/0", ErrorKind::NoSuchDay),
        ("JK1 1/31", ErrorKind::NoSuchDay),
        ("JK1 1/300", ErrorKind::NoSuchDay),
        ("JK1 L4/1", ErrorKind::NoSuchMonth),
        ("JK9 1/1", ErrorKind::OutOfRange),
        ("JK0 1/1", ErrorKind::OutOfRange),
        ("JK70000 1/1", ErrorKind::OutOfRange),
        ("XH6 12/1", ErrorKind::OutOfRange),
        ("", ErrorKind::Syntax),
        ("   ", ErrorKind::Syntax),
        ("JK1 1/", ErrorKind::Syntax),
        ("JK1", ErrorKind::Syntax),
        ("JK", ErrorKind::Syntax),
        ("JK1 1", ErrorKind::Syntax),
        ("JK1 1/16/3", ErrorKind::Syntax),
        ("JK1 1/16 extra", ErrorKind::Syntax),
        ("JK1 1-16", ErrorKind::Syntax),
        ("JK1 leap", ErrorKind::Syntax),
        ("JK1 leap leap 11/5", ErrorKind::Syntax),
        ("JK 1st month 16th day", ErrorKind::Syntax),
        ("Jingkang 1, 1st month", ErrorKind::Syntax),
        ("Jingkang 1, 1st day, 16th month", ErrorKind::Syntax),
        ("1/16", ErrorKind::Syntax),
        ("靖康元年十三月一日", ErrorKind::NoSuchMonth),
        ("靖康元年四月三十日", ErrorKind::NoSuchDay),
        ("靖康元年正月", ErrorKind::Syntax),
        ("靖康元年正月初十一日", ErrorKind::Syntax),
        ("靖康元年正月十十日", ErrorKind::Syntax),
        ("靖康年正月十六日", ErrorKind::Syntax),
        ("靖康元年十六日", ErrorKind::Syntax),
        ("靖康元年夏正月十六日", ErrorKind::Syntax),
        ("靖康九年正月一日", ErrorKind::OutOfRange),
        ("宣德七年十二月二十一日", ErrorKind::UnknownEra),
        ("Foo 1/1", ErrorKind::UnknownEra),
        ("JKX1 1/1", ErrorKind::UnknownEra),
        ("Jingkangxyz 1 1/1", ErrorKind::UnknownEra),
        ("qwertyuiop", ErrorKind::UnknownEra),
        ("💥 1/1", ErrorKind::UnknownEra),
    ];
    for &(text, kind) in cases {
        let (got, msg) = err(text);
        assert_eq!(got, kind, "'{text}': {msg}");
        assert!(!msg.is_empty());
    }
}

#[test]
fn error_messages_say_what_was_expected() {
    assert_eq!(
        err("Foo 1/1").1,
        "expected an era name or code such as JK, Jingkang or 靖康, found 'Foo'"
    );
    assert_eq!(
        err("宣德七年十二月二十一日").1,
        "expected an era name or code such as JK, Jingkang or 靖康, found '宣德'"
    );
    assert_eq!(
        err("JK1 4/30").1,
        "Jingkang 1, 4th month has 29 days; day 30 does not exist"
    );
    assert_eq!(
        err("JK1 1/300").1,
        "Jingkang 1, 1st month has 30 days; day 300 does not exist"
    );
    assert_eq!(
        err("JK1 1/").1,
        "expected a day number after '/', found the end of the input"
    );
    assert_eq!(
        err("JK1 13/1").1,
        "Jingkang 1: there is no month 13; months are numbered 1 to 12"
    );
    assert!(err("").1.contains("'JK1 1/16'"));
    assert_eq!(
        err("JK1 1/16 extra").1,
        "expected the end of the date, found 'extra'"
    );
}

#[test]
fn formats() {
    let cal = calendar();
    let jan16 = lunar("JK", 1, 1, false, 16);
    assert_eq!(cal.format_short(&jan16), "JK1 1/16");
    assert_eq!(cal.format_long(&jan16), "Jingkang 1, 1st month, 16th day");
    assert_eq!(cal.format_chinese(&jan16), "靖康元年正月十六日");

    let leap = lunar("JK", 1, 11, true, 5);
    assert_eq!(cal.format_short(&leap), "JK1 L11/5");
    assert_eq!(
        cal.format_long(&leap),
        "Jingkang 1, leap 11th month, 5th day"
    );
    assert_eq!(cal.format_chinese(&leap), "靖康元年閏十一月五日");

    let xh = lunar("XH", 7, 12, false, 21);
    assert_eq!(cal.format_long(&xh), "Xuanhe 7, 12th month, 21st day");
    assert_eq!(cal.format_chinese(&xh), "宣和七年十二月二十一日");

    let cases = [
        (
            lunar("JK", 2, 2, false, 10),
            "Jingkang 2, 2nd month, 10th day",
            "靖康二年二月十日",
        ),
        (
            lunar("JK", 2, 3, false, 22),
            "Jingkang 2, 3rd month, 22nd day",
            "靖康二年三月二十二日",
        ),
        (
            lunar("JK", 1, 4, false, 23),
            "Jingkang 1, 4th month, 23rd day",
            "靖康元年四月二十三日",
        ),
        (
            lunar("JK", 1, 10, false, 1),
            "Jingkang 1, 10th month, 1st day",
            "靖康元年十月一日",
        ),
        (
            lunar("JK", 1, 3, false, 30),
            "Jingkang 1, 3rd month, 30th day",
            "靖康元年三月三十日",
        ),
        (
            lunar("JK", 1, 5, false, 13),
            "Jingkang 1, 5th month, 13th day",
            "靖康元年五月十三日",
        ),
    ];
    for (date, long, chinese) in cases {
        assert_eq!(cal.format_long(&date), long);
        assert_eq!(cal.format_chinese(&date), chinese);
    }
    // An era the calendar does not know falls back to its id rather than failing.
    let unknown = lunar("TH", 4, 1, false, 1);
    assert_eq!(cal.format_long(&unknown), "TH 4, 1st month, 1st day");
    assert_eq!(cal.format_chinese(&unknown), "TH四年正月一日");
}

#[test]
fn every_day_round_trips_through_every_format() {
    let cal = calendar();
    let mut day = cal.first_day();
    while day <= cal.last_day() {
        let date = cal.to_lunar(day).unwrap();
        for text in [
            cal.format_short(&date),
            cal.format_long(&date),
            cal.format_chinese(&date),
            cal.format_long(&date).to_uppercase(),
        ] {
            assert_eq!(cal.parse_lunar(&text).as_ref(), Ok(&date), "{text}");
        }
        day += 1;
    }
}

/// Pieces of real dates, so that random combinations reach deep into the grammar.
const PIECES: &[&str] = &[
    "JK",
    "jk",
    "XH",
    "Jingkang",
    "Xuanhe",
    "靖康",
    "宣和",
    "1",
    "2",
    "7",
    "11",
    "16",
    "30",
    "31",
    "255",
    "256",
    "65536",
    "99999999999999999999",
    "/",
    " ",
    ",",
    "L",
    "leap",
    "st",
    "nd",
    "th",
    "month",
    "day",
    "元",
    "年",
    "正",
    "月",
    "日",
    "閏",
    "闰",
    "初",
    "十",
    "廿",
    "卅",
    "卌",
    "百",
    "千",
    "萬",
    "億",
    "〇",
    "零",
    "一",
    "二",
    "九",
    "春",
    "冬",
    "臘",
    "Ｊ",
    "　",
    "é",
    "ǚ",
    "💥",
    "\u{0301}",
    "\u{0}",
    "-",
    "年年",
    "月月",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC*") {
        let cal = calendar();
        if let Ok(date) = cal.parse_lunar(&s) {
            prop_assert!(cal.to_jdn(&date).is_ok());
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(s in any::<String>()) {
        let _ = calendar().parse_lunar(&s);
    }

    #[test]
    fn date_like_text_never_panics(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..12)) {
        let cal = calendar();
        let text = parts.concat();
        match cal.parse_lunar(&text) {
            Ok(date) => prop_assert!(cal.to_jdn(&date).is_ok()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
