//! The month table of the project's history notes (sources.md) (section "The essay's dates are lunar"),
//! embedded as expected values: (era, year, month, leap, day 1 in Julian, JDN of day 1, days).

#![allow(dead_code)]

use bianjing_calendar::{Calendar, CivilDate, Era, Jdn, LunarDate, MonthRow};

pub type Row = (&'static str, u16, u8, bool, (i32, u8, u8), i64, u8);

pub const TABLE: &[Row] = &[
    ("XH", 7, 11, false, (1125, 11, 27), 2132295, 30),
    ("XH", 7, 12, false, (1125, 12, 27), 2132325, 29),
    ("JK", 1, 1, false, (1126, 1, 25), 2132354, 30),
    ("JK", 1, 2, false, (1126, 2, 24), 2132384, 30),
    ("JK", 1, 3, false, (1126, 3, 26), 2132414, 30),
    ("JK", 1, 4, false, (1126, 4, 25), 2132444, 29),
    ("JK", 1, 5, false, (1126, 5, 24), 2132473, 30),
    ("JK", 1, 6, false, (1126, 6, 23), 2132503, 29),
    ("JK", 1, 7, false, (1126, 7, 22), 2132532, 29),
    ("JK", 1, 8, false, (1126, 8, 20), 2132561, 30),
    ("JK", 1, 9, false, (1126, 9, 19), 2132591, 29),
    ("JK", 1, 10, false, (1126, 10, 18), 2132620, 29),
    ("JK", 1, 11, false, (1126, 11, 16), 2132649, 30),
    ("JK", 1, 11, true, (1126, 12, 16), 2132679, 30),
    ("JK", 1, 12, false, (1127, 1, 15), 2132709, 29),
    ("JK", 2, 1, false, (1127, 2, 13), 2132738, 30),
    ("JK", 2, 2, false, (1127, 3, 15), 2132768, 30),
    ("JK", 2, 3, false, (1127, 4, 14), 2132798, 29),
    ("JK", 2, 4, false, (1127, 5, 13), 2132827, 30),
];

pub fn eras() -> Vec<Era> {
    vec![
        Era::new("XH", "Xuanhe", "宣和"),
        Era::new("JK", "Jingkang", "靖康"),
    ]
}

pub fn rows() -> Vec<MonthRow> {
    TABLE
        .iter()
        .map(|&(era, year, month, leap, _, jdn, days)| MonthRow {
            era: era.to_owned(),
            year,
            month,
            leap,
            first_day: Jdn(jdn),
            days,
        })
        .collect()
}

pub fn calendar() -> Calendar {
    Calendar::new(eras(), rows()).expect("the sources.md table is valid")
}

pub fn julian(y: i32, m: u8, d: u8) -> Jdn {
    Jdn::from_julian(CivilDate::new(y, m, d)).expect("valid Julian date")
}

pub fn lunar(era: &str, year: u16, month: u8, leap: bool, day: u8) -> LunarDate {
    LunarDate::new(era, year, month, leap, day)
}
