//! The essay's key dates (lunar, Jingkang 1) in the Julian calendar.

mod common;

use bianjing_calendar::Style;
use common::calendar;

#[test]
fn key_dates() {
    let cal = calendar();
    for (lunar, julian, gregorian) in [
        ("JK1 1/16", "1126-02-09", "1126-02-16"),
        ("JK1 1/21", "1126-02-14", "1126-02-21"),
        ("JK1 2/1", "1126-02-24", "1126-03-03"),
        ("JK1 2/10", "1126-03-05", "1126-03-12"),
    ] {
        let day = cal.to_jdn(&cal.parse_lunar(lunar).unwrap()).unwrap();
        assert_eq!(day.to_julian().to_string(), julian, "{lunar}");
        assert_eq!(day.to_gregorian().to_string(), gregorian, "{lunar}");
        assert_eq!(cal.parse_western(julian, Style::Julian).unwrap(), day);
        assert_eq!(cal.format_short(&cal.to_lunar(day).unwrap()), lunar);
    }
}

#[test]
fn western_book_date_is_the_lifting_of_the_close_investment() {
    // sources.md: "the Jin withdrew on 10 Feb 1126" (Julian) is lunar 1/17.
    let cal = calendar();
    let day = cal.parse_western("1126-02-10", Style::Julian).unwrap();
    assert_eq!(
        cal.format_chinese(&cal.to_lunar(day).unwrap()),
        "靖康元年正月十七日"
    );
}
