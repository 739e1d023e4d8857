//! Julian and Gregorian calendars against the JDN.

mod common;

use bianjing_calendar::{CivilDate, ErrorKind, Jdn, Style};
use common::{calendar, julian};
use proptest::prelude::*;

#[test]
fn fixed_points() {
    assert_eq!(Jdn(2451545).to_gregorian(), CivilDate::new(2000, 1, 1));
    assert_eq!(
        Jdn::from_gregorian(CivilDate::new(2000, 1, 1)).unwrap(),
        Jdn(2451545)
    );
    assert_eq!(Jdn(0).to_julian(), CivilDate::new(-4712, 1, 1));
    assert_eq!(
        Jdn::from_julian(CivilDate::new(-4712, 1, 1)).unwrap(),
        Jdn(0)
    );
    assert_eq!(julian(1126, 1, 25), Jdn(2132354));
}

#[test]
fn gregorian_is_julian_plus_seven_in_1126() {
    assert_eq!(
        julian(1126, 1, 25).to_gregorian(),
        CivilDate::new(1126, 2, 1)
    );
    for offset in 0..365 {
        let day = julian(1126, 1, 1) + offset;
        let j = Jdn::from_julian(day.to_julian()).unwrap();
        let g = Jdn::from_gregorian(day.to_gregorian()).unwrap();
        assert_eq!(j, g);
        assert_eq!(Jdn::from_gregorian(day.to_julian()).unwrap() - day, -7);
    }
}

#[test]
fn leap_day_validation() {
    assert!(Jdn::from_julian(CivilDate::new(1100, 2, 29)).is_ok());
    let err = Jdn::from_gregorian(CivilDate::new(1100, 2, 29)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchDay);
    assert_eq!(
        err.to_string(),
        "1100-02 has 28 days in the Gregorian calendar; day 29 does not exist"
    );
    assert!(Jdn::from_julian(CivilDate::new(1126, 2, 29)).is_err());
    assert_eq!(
        Jdn::from_julian(CivilDate::new(1126, 13, 1))
            .unwrap_err()
            .kind(),
        ErrorKind::NoSuchMonth
    );
    assert_eq!(
        Jdn::from_julian(CivilDate::new(1126, 4, 31))
            .unwrap_err()
            .kind(),
        ErrorKind::NoSuchDay
    );
    assert_eq!(
        Jdn::from_julian(CivilDate::new(1126, 4, 0))
            .unwrap_err()
            .kind(),
        ErrorKind::NoSuchDay
    );
}

#[test]
fn arithmetic() {
    let a = Jdn(2132354);
    assert_eq!(a + 15, Jdn(2132369));
    assert_eq!(a - 1, Jdn(2132353));
    assert_eq!((a + 15) - a, 15);
    let mut b = a;
    b += 3;
    b -= 1;
    assert_eq!(b, Jdn(2132356));
    assert_eq!(Jdn(i64::MAX).checked_add(1), None);
    assert_eq!(a.to_string(), "JDN 2132354");
}

#[test]
fn civil_date_text() {
    let d: CivilDate = "1126-02-09".parse().unwrap();
    assert_eq!(d, CivilDate::new(1126, 2, 9));
    assert_eq!(d.to_string(), "1126-02-09");
    assert_eq!(CivilDate::new(33, 4, 3).to_string(), "0033-04-03");
    assert_eq!(" 1126-02-09 ".parse::<CivilDate>().unwrap(), d);
    for bad in [
        "",
        "1126",
        "1126-2-9",
        "1126/02/09",
        "126-02-09",
        "1126-02-09-",
        "1126-02-0x",
        "x126-02-09",
        "1126-02",
        "+1126-02-09",
        "1126-02-09T00",
        "１１２６-02-09",
    ] {
        let err = bad.parse::<CivilDate>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Syntax, "{bad}");
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
    assert_eq!(
        "1126-13-01".parse::<CivilDate>().unwrap_err().kind(),
        ErrorKind::NoSuchMonth
    );
    assert_eq!(
        "1126-00-01".parse::<CivilDate>().unwrap_err().kind(),
        ErrorKind::NoSuchMonth
    );
    assert_eq!(
        "1126-01-32".parse::<CivilDate>().unwrap_err().kind(),
        ErrorKind::NoSuchDay
    );
    assert_eq!(
        "99999999999-01-01".parse::<CivilDate>().unwrap_err().kind(),
        ErrorKind::OutOfRange
    );
}

#[test]
fn parse_western_checks_the_table() {
    let cal = calendar();
    assert_eq!(
        cal.parse_western("1126-02-09", Style::Julian).unwrap(),
        julian(1126, 2, 9)
    );
    assert_eq!(
        cal.parse_western("1126-02-16", Style::Gregorian).unwrap(),
        julian(1126, 2, 9)
    );
    let err = cal.parse_western("1127-09-01", Style::Julian).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert!(
        err.to_string()
            .contains("1125-11-27 to 1127-06-11 (Julian)"),
        "{err}"
    );
    let err = cal
        .parse_western("1200-01-01", Style::Gregorian)
        .unwrap_err();
    assert!(err.to_string().contains("(Gregorian)"), "{err}");
    assert_eq!(
        cal.parse_western("1126-02-30", Style::Julian)
            .unwrap_err()
            .kind(),
        ErrorKind::NoSuchDay
    );
    assert_eq!(
        cal.parse_western("JK1 1/16", Style::Julian)
            .unwrap_err()
            .kind(),
        ErrorKind::Syntax
    );
    assert_eq!(
        Jdn::parse("2000-01-01", Style::Gregorian).unwrap(),
        Jdn(2451545)
    );
}

#[test]
fn consecutive_days_are_consecutive_dates() {
    // Walks 1000..1300 day by day: each next date is the next day of the month or the 1st of
    // the next month, in both calendars.
    for style in [Style::Julian, Style::Gregorian] {
        let start = Jdn::from_civil(CivilDate::new(1000, 1, 1), style).unwrap();
        let end = Jdn::from_civil(CivilDate::new(1300, 1, 1), style).unwrap();
        let mut prev = start.to_civil(style);
        let mut day = start + 1;
        while day <= end {
            let d = day.to_civil(style);
            let expected = if prev.day < style.days_in_month(prev.year, prev.month).unwrap() {
                CivilDate::new(prev.year, prev.month, prev.day + 1)
            } else if prev.month < 12 {
                CivilDate::new(prev.year, prev.month + 1, 1)
            } else {
                CivilDate::new(prev.year + 1, 1, 1)
            };
            assert_eq!(d, expected, "{style} after {prev}");
            prev = d;
            day += 1;
        }
    }
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Julian), Just(Style::Gregorian)]
}

proptest! {
    #[test]
    fn civil_round_trip(year in 1000i32..1300, month in 1u8..=12, day in 1u8..=31, style in style()) {
        let date = CivilDate::new(year, month, day);
        match Jdn::from_civil(date, style) {
            Ok(jdn) => prop_assert_eq!(jdn.to_civil(style), date),
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::NoSuchDay);
                prop_assert!(day > style.days_in_month(year, month).unwrap());
            }
        }
    }

    #[test]
    fn jdn_round_trip(j in 2_086_308i64..2_195_883, style in style()) {
        let jdn = Jdn(j);
        let date = jdn.to_civil(style);
        prop_assert!((999..=1300).contains(&date.year));
        prop_assert_eq!(Jdn::from_civil(date, style).unwrap(), jdn);
        prop_assert_eq!(date.to_string().parse::<CivilDate>().unwrap(), date);
    }

    #[test]
    fn jdn_round_trip_anywhere(j in -1_000_000_000i64..1_000_000_000, style in style()) {
        let date = Jdn(j).to_civil(style);
        prop_assert_eq!(Jdn::from_civil(date, style).unwrap(), Jdn(j));
        prop_assert_eq!(date.to_string().parse::<CivilDate>().unwrap(), date);
    }

    #[test]
    fn civil_parse_never_panics(s in "\\PC*") {
        let _ = s.parse::<CivilDate>();
    }
}
