//! Every row of the sources.md month table, and the checks `Calendar::new` makes.

mod common;

use bianjing_calendar::{Calendar, CivilDate, Era, ErrorKind, Jdn, MonthRow};
use common::{TABLE, calendar, eras, julian, lunar, rows};

#[test]
fn every_row_julian_date_matches_its_jdn() {
    for &(era, year, month, leap, (y, m, d), jdn, _) in TABLE {
        assert_eq!(julian(y, m, d), Jdn(jdn), "{era}{year} {month} leap={leap}");
        assert_eq!(Jdn(jdn).to_julian(), CivilDate::new(y, m, d));
    }
}

#[test]
fn every_row_converts_both_ways() {
    let cal = calendar();
    for &(era, year, month, leap, (y, m, d), jdn, days) in TABLE {
        let first = lunar(era, year, month, leap, 1);
        assert_eq!(cal.to_jdn(&first).unwrap(), Jdn(jdn));
        assert_eq!(
            cal.to_jdn(&first).unwrap().to_julian(),
            CivilDate::new(y, m, d)
        );
        assert_eq!(cal.to_lunar(Jdn(jdn)).unwrap(), first);

        let last = lunar(era, year, month, leap, days);
        let last_jdn = Jdn(jdn + i64::from(days) - 1);
        assert_eq!(cal.to_jdn(&last).unwrap(), last_jdn);
        assert_eq!(cal.to_lunar(last_jdn).unwrap(), last);

        let row = cal.month_of(&first).unwrap();
        assert_eq!((row.first_day, row.days), (Jdn(jdn), days));

        let past_end = lunar(era, year, month, leap, days + 1);
        let err = cal.to_jdn(&past_end).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NoSuchDay, "{err}");
    }
}

#[test]
fn leap_eleventh_month_of_jingkang_1() {
    let cal = calendar();
    let day = cal.to_jdn(&lunar("JK", 1, 11, true, 1)).unwrap();
    assert_eq!(day.to_julian().to_string(), "1126-12-16");
    assert_eq!(cal.format_short(&cal.to_lunar(day).unwrap()), "JK1 L11/1");
    // The day before is the last of the regular 11th month.
    assert_eq!(
        cal.to_lunar(day - 1).unwrap(),
        lunar("JK", 1, 11, false, 30)
    );
}

#[test]
fn range_and_error_messages() {
    let cal = calendar();
    assert_eq!(cal.first_day(), Jdn(2132295));
    assert_eq!(cal.last_day().to_julian().to_string(), "1127-06-11");
    assert!(cal.contains(cal.first_day()) && cal.contains(cal.last_day()));
    assert!(!cal.contains(cal.first_day() - 1) && !cal.contains(cal.last_day() + 1));

    let err = cal.to_lunar(julian(1127, 9, 1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "date 1127-09-01 is outside the calendar table, which covers 1125-11-27 to 1127-06-11 (Julian)"
    );
    assert_eq!(
        cal.to_lunar(cal.first_day() - 1).unwrap_err().kind(),
        ErrorKind::OutOfRange
    );

    let err = cal.to_jdn(&lunar("JK", 1, 4, false, 30)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchDay);
    assert_eq!(
        err.to_string(),
        "Jingkang 1, 4th month has 29 days; day 30 does not exist"
    );

    let err = cal.to_jdn(&lunar("JK", 1, 4, true, 1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoSuchMonth);
    assert_eq!(err.to_string(), "Jingkang 1 has no leap 4th month");

    let err = cal.to_jdn(&lunar("JK", 9, 1, false, 1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "Jingkang 9, 1st month is outside the calendar table, which covers \
         Xuanhe 7, 11th month to Jingkang 2, 4th month"
    );
    assert_eq!(
        cal.to_jdn(&lunar("XH", 7, 10, false, 1))
            .unwrap_err()
            .kind(),
        ErrorKind::OutOfRange
    );
    assert_eq!(
        cal.to_jdn(&lunar("JK", 1, 13, false, 1))
            .unwrap_err()
            .kind(),
        ErrorKind::NoSuchMonth
    );
    assert_eq!(
        cal.to_jdn(&lunar("JK", 1, 1, false, 0)).unwrap_err().kind(),
        ErrorKind::NoSuchDay
    );
    // Era ids are exact: the pinyin is not an id.
    let err = cal.to_jdn(&lunar("Jingkang", 1, 1, false, 1)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownEra);
    assert!(err.to_string().contains("XH, JK"), "{err}");
}

#[test]
fn lookups() {
    let cal = calendar();
    assert_eq!(cal.eras().len(), 2);
    assert_eq!(cal.months().len(), TABLE.len());
    assert_eq!(cal.era("JK").unwrap().chinese, "靖康");
    assert_eq!(cal.era("jk"), None);
    assert_eq!(cal.find_era("jingKANG").unwrap().id, "JK");
    assert_eq!(cal.find_era(" 宣和 ").unwrap().id, "XH");
    assert_eq!(cal.find_era("Tianhui"), None);
}

fn table_error(eras: Vec<Era>, months: Vec<MonthRow>) -> (Option<usize>, String) {
    let err = Calendar::new(eras, months).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Table, "{err}");
    (err.row(), err.to_string())
}

#[test]
fn table_validation() {
    let (row, msg) = table_error(eras(), vec![]);
    assert_eq!(row, None);
    assert!(msg.contains("empty"), "{msg}");

    let mut m = rows();
    m[3].era = "ZZ".into();
    let (row, msg) = table_error(eras(), m);
    assert_eq!(row, Some(3));
    assert!(msg.starts_with("month table row 3: era 'ZZ'"), "{msg}");

    let mut m = rows();
    m[5].days = 31;
    let (row, msg) = table_error(eras(), m);
    assert_eq!(row, Some(5));
    assert!(msg.contains("31 days"), "{msg}");

    let mut m = rows();
    m[4].first_day += 1;
    let (row, msg) = table_error(eras(), m);
    assert_eq!(row, Some(4));
    assert!(
        msg.contains("should start on 2132414 (1126-03-26 Julian)"),
        "{msg}"
    );

    // A duplicate needs a contiguous table to reach the duplicate check.
    let mut m = rows();
    m[3].month = 1;
    let (row, msg) = table_error(eras(), m);
    assert_eq!(row, Some(3));
    assert!(msg.contains("also row 2"), "{msg}");

    let mut m = rows();
    m[0].month = 0;
    assert_eq!(table_error(eras(), m).0, Some(0));

    let mut m = rows();
    m[0].year = 0;
    assert_eq!(table_error(eras(), m).0, Some(0));

    // Months reversed are not contiguous in the given order.
    let mut m = rows();
    m.reverse();
    assert_eq!(table_error(eras(), m).0, Some(1));

    let mut e = eras();
    e.push(Era::new("JK2", "jingkang", "靖康2"));
    let (row, msg) = table_error(e, rows());
    assert_eq!(row, None);
    assert!(msg.contains("also a spelling of era 'JK'"), "{msg}");

    let mut e = eras();
    e[0].chinese = " ".into();
    assert!(table_error(e, rows()).1.contains("Chinese name is empty"));

    let overflow = vec![MonthRow {
        era: "JK".into(),
        year: 1,
        month: 1,
        leap: false,
        first_day: Jdn(i64::MAX - 5),
        days: 30,
    }];
    assert_eq!(table_error(eras(), overflow).0, Some(0));
}

#[test]
fn a_single_month_table_is_enough() {
    let cal = Calendar::new(eras(), rows()[2..3].to_vec()).unwrap();
    assert_eq!(cal.first_day(), Jdn(2132354));
    assert_eq!(cal.last_day(), Jdn(2132383));
}
