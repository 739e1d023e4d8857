//! Date conversion between the Chinese lunar calendar and the Julian and proleptic Gregorian
//! calendars, for the Bianjing 1126 simulator.
//!
//! The lunar calendar cannot be computed from a simple rule: month lengths and leap months
//! were fixed by the court's astronomers. So this crate knows no history at all. The caller
//! supplies the facts as data, a list of [`Era`]s and a month table of [`MonthRow`]s (era,
//! year, month, leap flag, first day, length), and [`Calendar::new`] checks and indexes them.
//! Every conversion then goes through the Julian Day Number ([`Jdn`]), a plain count of days.
//!
//! Main types:
//! - [`Jdn`]: a day; converts to and from [`CivilDate`] (Julian or Gregorian, see [`Style`])
//!   and gives the day's [`Sexagenary`] name (甲子 ... 癸亥), the stamp the annals use.
//! - [`Calendar`]: lunar ([`LunarDate`]) <-> [`Jdn`], formatting in three styles
//!   ("JK1 1/16", "Jingkang 1, 1st month, 16th day", "靖康元年正月十六日") and parsing of all of
//!   them plus Western `YYYY-MM-DD`.
//! - [`CalendarError`]: one error type with an [`ErrorKind`] and a message meant for users.
//!
//! Not in scope: any I/O or file format (the project's scenario crate reads the table from
//! TOML and builds the [`Calendar`]), astronomical computation of new moons, time of day,
//! and dates outside the table.
//!
//! ```
//! use bianjing_calendar::{Calendar, Era, Jdn, MonthRow, Style};
//!
//! let eras = vec![Era::new("JK", "Jingkang", "靖康")];
//! let months = vec![
//!     MonthRow { era: "JK".into(), year: 1, month: 1, leap: false, first_day: Jdn(2132354), days: 30 },
//!     MonthRow { era: "JK".into(), year: 1, month: 2, leap: false, first_day: Jdn(2132384), days: 30 },
//! ];
//! let cal = Calendar::new(eras, months)?;
//!
//! let date = cal.parse_lunar("靖康元年正月十六日")?;
//! let day = cal.to_jdn(&date)?;
//! assert_eq!(day.to_julian().to_string(), "1126-02-09");
//! assert_eq!(day.to_gregorian().to_string(), "1126-02-16");
//! assert_eq!(cal.format_long(&date), "Jingkang 1, 1st month, 16th day");
//! assert_eq!(day.sexagenary().pinyin(), "renwu");
//!
//! let back = cal.to_lunar(cal.parse_western("1126-02-24", Style::Julian)?)?;
//! assert_eq!(cal.format_short(&back), "JK1 2/1");
//! # Ok::<(), bianjing_calendar::CalendarError>(())
//! ```

mod error;
mod format;
mod jdn;
mod lunar;
mod parse;
mod sexagenary;

pub use error::{CalendarError, ErrorKind};
pub use format::{chinese_number, english_ordinal};
pub use jdn::{CivilDate, Jdn, Style};
pub use lunar::{Calendar, Era, LunarDate, MonthRow};
pub use sexagenary::{Branch, Sexagenary, Stem};
