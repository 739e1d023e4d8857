//! Julian Day Numbers and the two Western solar calendars.

use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::str::FromStr;

use crate::error::{CalendarError, ErrorKind};
use crate::sexagenary::Sexagenary;

/// A day, counted as the standard astronomical Julian Day Number (the day that begins at noon
/// UT of that number; JDN 0 is Julian -4712-01-01, JDN 2451545 is Gregorian 2000-01-01).
///
/// Every calendar in this crate converts through this one count, so day arithmetic is plain
/// integer arithmetic: `jdn + 7`, `later - earlier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Jdn(pub i64);

/// Which Western calendar a [`CivilDate`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// The Julian calendar, in use in Europe in 1126 and the usual choice for medieval dates.
    Julian,
    /// The proleptic Gregorian calendar (Gregorian rules extended back before 1582).
    Gregorian,
}

/// A year-month-day date in a Western calendar. Which one is not stored: it depends on whether
/// it came from [`Jdn::to_julian`] or [`Jdn::to_gregorian`].
///
/// Years are astronomical: year 0 is 1 BC, year -4712 is 4713 BC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

// Offsets that make the March-based day count below agree with the JDN: chosen so that
// Julian -4712-01-01 is JDN 0 and Gregorian 2000-01-01 is JDN 2451545.
const JULIAN_OFFSET: i128 = 1_721_117;
const GREGORIAN_OFFSET: i128 = 1_721_119;

impl Style {
    /// Whether `year` has a February 29 in this calendar.
    pub fn is_leap_year(self, year: i32) -> bool {
        match self {
            Style::Julian => year.rem_euclid(4) == 0,
            Style::Gregorian => {
                year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
            }
        }
    }

    /// Length of a month, or `None` if `month` is not 1..=12.
    pub fn days_in_month(self, year: i32, month: u8) -> Option<u8> {
        Some(match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if self.is_leap_year(year) => 29,
            2 => 28,
            _ => return None,
        })
    }

    fn offset(self) -> i128 {
        match self {
            Style::Julian => JULIAN_OFFSET,
            Style::Gregorian => GREGORIAN_OFFSET,
        }
    }

    /// Days from the start of March-based year 0 to the start of March-based year `y`.
    /// Starting years in March puts the leap day at the end, which keeps the month lengths a
    /// fixed pattern (the `(153 * m + 2) / 5` trick).
    fn days_before_year(self, y: i128) -> i128 {
        match self {
            Style::Julian => 365 * y + y.div_euclid(4),
            Style::Gregorian => 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Style::Julian => "Julian",
            Style::Gregorian => "Gregorian",
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl CivilDate {
    /// A date with no validation; use [`Jdn::from_civil`] to check it exists.
    pub const fn new(year: i32, month: u8, day: u8) -> Self {
        CivilDate { year, month, day }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:04}` would count the minus sign in the width, giving "-005" for year -5.
        if self.year < 0 {
            write!(f, "-{:04}", self.year.unsigned_abs())?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        write!(f, "-{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for CivilDate {
    type Err = CalendarError;

    /// Parses `YYYY-MM-DD` (at least four year digits, optionally preceded by `-`; exactly two
    /// month and day digits). Checks month 1..=12 and day 1..=31 only: whether the day exists
    /// depends on the calendar, see [`Jdn::from_civil`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || {
            CalendarError::new(
                ErrorKind::Syntax,
                format!("expected a date written YYYY-MM-DD, such as 1126-02-09, found '{s}'"),
            )
        };
        let text = s.trim();
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut parts = body.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(syntax());
        };
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if y.len() < 4
            || !all_digits(y)
            || m.len() != 2
            || !all_digits(m)
            || d.len() != 2
            || !all_digits(d)
        {
            return Err(syntax());
        }
        let year: i64 = y
            .parse::<i64>()
            .ok()
            .map(|v| if negative { -v } else { v })
            .filter(|v| i32::try_from(*v).is_ok())
            .ok_or_else(|| {
                CalendarError::new(
                    ErrorKind::OutOfRange,
                    format!("year {y} in '{s}' is too large"),
                )
            })?;
        let month: u8 = m.parse().map_err(|_| syntax())?;
        let day: u8 = d.parse().map_err(|_| syntax())?;
        if !(1..=12).contains(&month) {
            return Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!("month {month} in '{s}' does not exist; months run from 01 to 12"),
            ));
        }
        if !(1..=31).contains(&day) {
            return Err(CalendarError::new(
                ErrorKind::NoSuchDay,
                format!("day {day} in '{s}' does not exist; days run from 01 to 31 at most"),
            ));
        }
        Ok(CivilDate {
            year: year as i32,
            month,
            day,
        })
    }
}

impl Jdn {
    /// Converts a date of the given calendar, checking that the day exists in it
    /// (1100-02-29 exists in the Julian calendar but not in the Gregorian).
    pub fn from_civil(date: CivilDate, style: Style) -> Result<Jdn, CalendarError> {
        let Some(len) = style.days_in_month(date.year, date.month) else {
            return Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!(
                    "month {} of {} does not exist; months run from 1 to 12",
                    date.month, date.year
                ),
            ));
        };
        if date.day == 0 || date.day > len {
            return Err(CalendarError::new(
                ErrorKind::NoSuchDay,
                format!(
                    "{:04}-{:02} has {len} days in the {style} calendar; day {} does not exist",
                    date.year, date.month, date.day
                ),
            ));
        }
        let march_year = i128::from(date.year) - i128::from(date.month <= 2);
        let march_month = (i128::from(date.month) + 9) % 12;
        let n = i128::from(date.day)
            + (153 * march_month + 2) / 5
            + style.days_before_year(march_year)
            + style.offset();
        // An i32 year keeps n within about ±8e11, far inside i64.
        Ok(Jdn(n as i64))
    }

    /// [`Jdn::from_civil`] in the Julian calendar.
    pub fn from_julian(date: CivilDate) -> Result<Jdn, CalendarError> {
        Jdn::from_civil(date, Style::Julian)
    }

    /// [`Jdn::from_civil`] in the proleptic Gregorian calendar.
    pub fn from_gregorian(date: CivilDate) -> Result<Jdn, CalendarError> {
        Jdn::from_civil(date, Style::Gregorian)
    }

    /// Parses `YYYY-MM-DD` in the given calendar, with no range limit
    /// (see also [`crate::Calendar::parse_western`], which checks the table's range).
    pub fn parse(text: &str, style: Style) -> Result<Jdn, CalendarError> {
        Jdn::from_civil(text.parse()?, style)
    }

    /// The date of this day in the given calendar.
    ///
    /// Total for every `i64`: days whose year would not fit an `i32` (more than about 2e9 years
    /// away) get a year saturated to `i32::MIN`/`i32::MAX`.
    pub fn to_civil(self, style: Style) -> CivilDate {
        let (cycle_days, cycle_years): (i128, i128) = match style {
            Style::Julian => (1461, 4),
            Style::Gregorian => (146_097, 400),
        };
        let n = i128::from(self.0) - style.offset() - 1;
        let cycle = n.div_euclid(cycle_days);
        let day_of_cycle = n.rem_euclid(cycle_days);
        // Each correction term removes the extra day of a leap year so the division by 365
        // lands in the right year even on the cycle's last (leap) day.
        let year_of_cycle = match style {
            Style::Julian => (day_of_cycle - day_of_cycle / 1460) / 365,
            Style::Gregorian => {
                (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524
                    - day_of_cycle / 146_096)
                    / 365
            }
        };
        let day_of_year = day_of_cycle - style.days_before_year(year_of_cycle);
        let march_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * march_month + 2) / 5 + 1;
        let month = if march_month < 10 {
            march_month + 3
        } else {
            march_month - 9
        };
        let year = cycle * cycle_years + year_of_cycle + i128::from(month <= 2);
        CivilDate {
            year: year.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The Julian-calendar date of this day.
    pub fn to_julian(self) -> CivilDate {
        self.to_civil(Style::Julian)
    }

    /// The proleptic Gregorian date of this day.
    pub fn to_gregorian(self) -> CivilDate {
        self.to_civil(Style::Gregorian)
    }

    /// The day's name in the 60-day cycle.
    pub fn sexagenary(self) -> Sexagenary {
        Sexagenary::from_jdn(self)
    }

    /// `self + days`, or `None` on `i64` overflow.
    pub fn checked_add(self, days: i64) -> Option<Jdn> {
        self.0.checked_add(days).map(Jdn)
    }
}

impl fmt::Display for Jdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JDN {}", self.0)
    }
}

impl Add<i64> for Jdn {
    type Output = Jdn;
    fn add(self, days: i64) -> Jdn {
        Jdn(self.0 + days)
    }
}

impl AddAssign<i64> for Jdn {
    fn add_assign(&mut self, days: i64) {
        self.0 += days;
    }
}

impl Sub<i64> for Jdn {
    type Output = Jdn;
    fn sub(self, days: i64) -> Jdn {
        Jdn(self.0 - days)
    }
}

impl SubAssign<i64> for Jdn {
    fn sub_assign(&mut self, days: i64) {
        self.0 -= days;
    }
}

/// The number of days from `rhs` to `self`.
impl Sub<Jdn> for Jdn {
    type Output = i64;
    fn sub(self, rhs: Jdn) -> i64 {
        self.0 - rhs.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_points() {
        assert_eq!(Jdn(0).to_julian(), CivilDate::new(-4712, 1, 1));
        assert_eq!(Jdn(2_451_545).to_gregorian(), CivilDate::new(2000, 1, 1));
        // The Gregorian reform: Julian 1582-10-04 was followed by Gregorian 1582-10-15.
        let eve = Jdn::from_julian(CivilDate::new(1582, 10, 4)).unwrap();
        assert_eq!((eve + 1).to_gregorian(), CivilDate::new(1582, 10, 15));
        assert_eq!(eve.0, 2_299_160);
    }

    #[test]
    fn negative_years_display_and_parse() {
        let d = CivilDate::new(-4712, 1, 1);
        assert_eq!(d.to_string(), "-4712-01-01");
        assert_eq!("-4712-01-01".parse::<CivilDate>().unwrap(), d);
        assert_eq!(CivilDate::new(-5, 3, 9).to_string(), "-0005-03-09");
        assert_eq!(CivilDate::new(33, 3, 9).to_string(), "0033-03-09");
    }

    #[test]
    fn extreme_jdn_does_not_panic() {
        for j in [i64::MIN, i64::MIN + 1, -1, i64::MAX - 1, i64::MAX] {
            let _ = Jdn(j).to_julian();
            let _ = Jdn(j).to_gregorian();
            let _ = Jdn(j).sexagenary();
        }
        assert_eq!(Jdn(i64::MAX).to_julian().year, i32::MAX);
        assert_eq!(Jdn(i64::MIN).to_gregorian().year, i32::MIN);
    }

    #[test]
    fn leap_rules() {
        assert!(Style::Julian.is_leap_year(1100));
        assert!(!Style::Gregorian.is_leap_year(1100));
        assert!(Style::Gregorian.is_leap_year(2000));
        assert!(Style::Julian.is_leap_year(-4712));
        assert_eq!(Style::Julian.days_in_month(1126, 2), Some(28));
        assert_eq!(Style::Julian.days_in_month(1126, 13), None);
    }
}
