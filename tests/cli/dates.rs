//! `bianjing date`: both ways across the month table, every spelling, and clear errors.

use super::harness::bianjing;

/// The day name by the standard rule: index = (JDN + 49) mod 60, 0 = 甲子.
fn day_name(jdn: i64) -> String {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const BRANCHES: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    let i = (jdn + 49).rem_euclid(60) as usize;
    [STEMS[i % 10], BRANCHES[i % 12]].iter().collect()
}

#[test]
fn lunar_to_western_as_json() {
    let v = bianjing(&["date", "JK1 2/10", "--json"]).json();
    assert_eq!(v["julian"], "1126-03-05");
    assert_eq!(v["gregorian"], "1126-03-12");
    assert_eq!(v["era"]["id"], "JK");
    assert_eq!(v["era"]["pinyin"], "Jingkang");
    assert_eq!(v["era"]["chinese"], "靖康");
    assert_eq!(v["lunar"]["short"], "JK1 2/10");
    assert_eq!(v["lunar"]["long"], "Jingkang 1, 2nd month, 10th day");
    assert_eq!(v["lunar"]["chinese"], "靖康元年二月十日");
    assert_eq!(v["lunar"]["year"], 1);
    assert_eq!(v["lunar"]["month"], 2);
    assert_eq!(v["lunar"]["leap"], false);
    assert_eq!(v["lunar"]["day"], 10);
    let jdn = v["jdn"].as_i64().unwrap();
    assert_eq!(jdn, 2_132_393);
    assert_eq!(v["day_name"]["chinese"], day_name(jdn).as_str());
    assert_eq!(v["day_name"]["index"], (jdn + 49).rem_euclid(60));
    assert_eq!(v["day_name"]["pinyin"], "bingwu");
}

#[test]
fn lunar_to_western_as_text() {
    let out = bianjing(&["date", "JK1 2/10"]).ok();
    for needle in [
        "JK1 2/10",
        "Jingkang 1, 2nd month, 10th day",
        "靖康元年二月十日",
        "靖康",
        "1126-03-05",
        "1126-03-12",
        "2132393",
        &day_name(2_132_393),
    ] {
        assert!(out.contains(needle), "{needle:?} missing from\n{out}");
    }
    for label in [
        "Lunar:",
        "Era:",
        "Day name:",
        "Julian:",
        "Gregorian:",
        "JDN:",
    ] {
        assert!(out.contains(label), "{label} missing from\n{out}");
    }
}

#[test]
fn western_to_lunar_julian_by_default_or_gregorian() {
    for args in [
        vec!["date", "1126-03-05", "--json"],
        vec!["date", "--julian", "1126-03-05", "--json"],
        vec!["date", "--gregorian", "1126-03-12", "--json"],
    ] {
        let v = bianjing(&args).json();
        assert_eq!(v["lunar"]["short"], "JK1 2/10", "{args:?}");
        assert_eq!(v["julian"], "1126-03-05");
        assert_eq!(v["gregorian"], "1126-03-12");
    }
}

#[test]
fn every_spelling_in_the_issue() {
    for text in [
        "Jingkang 1, 2nd month, 10th day",
        "JK1 2/10",
        "靖康元年二月十日",
        "jingkang 1 2/10",
        "Jīngkāng 1, 2nd month, 10th day",
    ] {
        let v = bianjing(&["date", text, "--json"]).json();
        assert_eq!(v["julian"], "1126-03-05", "{text}");
    }
    // Unquoted words are joined.
    let v = bianjing(&["date", "JK1", "2/10", "--json"]).json();
    assert_eq!(v["julian"], "1126-03-05");
    // The leap 11th month of Jingkang 1 (begins 1126-12-16 Julian).
    for text in [
        "Jingkang 1, leap 11th month, 1st day",
        "靖康元年閏十一月一日",
        "靖康元年闰十一月一日",
        "JK1 L11/1",
        "jingkang 1 leap 11/1",
    ] {
        let v = bianjing(&["date", text, "--json"]).json();
        assert_eq!(v["julian"], "1126-12-16", "{text}");
        assert_eq!(v["lunar"]["leap"], true);
        assert_eq!(v["lunar"]["chinese"], "靖康元年閏十一月一日");
    }
}

#[test]
fn every_day_of_the_table_converts_both_ways() {
    // The table's first and last days and a month boundary, through the binary.
    for (lunar, julian) in [
        ("XH7 11/1", "1125-11-27"),
        ("JK1 1/1", "1126-01-25"),
        ("JK1 1/30", "1126-02-23"),
        ("JK1 2/1", "1126-02-24"),
        ("JK2 4/30", "1127-06-11"),
    ] {
        let v = bianjing(&["date", lunar, "--json"]).json();
        assert_eq!(v["julian"], julian, "{lunar}");
        let back = bianjing(&["date", julian, "--json"]).json();
        assert_eq!(back["lunar"]["short"], lunar, "{julian}");
        let jdn = v["jdn"].as_i64().unwrap();
        assert_eq!(v["day_name"]["chinese"], day_name(jdn).as_str());
    }
}

#[test]
fn malformed_input_exits_2() {
    for text in [
        "hello",
        "JK1",
        "JK1 2/",
        "JK1 13/1",
        "JK1 2/0",
        "JK1 2/31",
        "1126-13-01",
        "1126-02-30",
        "1126/03/05",
        "Zhenguan 1, 1st month, 1st day",
        "",
    ] {
        bianjing(&["date", text]).fails(2).stderr_has("error");
    }
    bianjing(&["date", "JK1 2/31"])
        .fails(2)
        .stderr_has("has 30 days");
    bianjing(&["date", "JK1 L2/1"]).fails(2).stderr_has("leap");
    bianjing(&["date", "--julian", "--gregorian", "1126-03-05"]).fails(2);
    bianjing(&["date"]).fails(2);
}

#[test]
fn out_of_range_names_the_range() {
    for args in [
        vec!["date", "JK3 1/1"],
        vec!["date", "XH1 1/1"],
        vec!["date", "JK99999 1/1"],
    ] {
        bianjing(&args)
            .fails(2)
            .stderr_has("covers")
            .stderr_has("Xuanhe 7, 11th month")
            .stderr_has("Jingkang 2, 4th month");
    }
    bianjing(&["date", "1130-01-01"])
        .fails(2)
        .stderr_has("covers")
        .stderr_has("1125-11-27")
        .stderr_has("1127-06-11");
    // A Gregorian date is answered with the range in the Gregorian calendar.
    bianjing(&["date", "--gregorian", "1000-01-01"])
        .fails(2)
        .stderr_has("covers")
        .stderr_has("1125-12-04")
        .stderr_has("1127-06-18");
}
