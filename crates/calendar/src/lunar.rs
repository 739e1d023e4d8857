//! The lunar calendar as a table of months supplied by the caller.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use crate::error::{CalendarError, ErrorKind};
use crate::format::english_ordinal;
use crate::jdn::{Jdn, Style};
use crate::parse::normalize;

/// A reign era (年號), the unit in which lunar years are counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Era {
    /// Short code used in compact dates and in [`LunarDate::era`], e.g. "JK".
    pub id: String,
    /// Toneless pinyin, capitalised as it should be displayed, e.g. "Jingkang".
    pub pinyin: String,
    /// The era name in Chinese characters, e.g. "靖康".
    pub chinese: String,
}

impl Era {
    pub fn new(
        id: impl Into<String>,
        pinyin: impl Into<String>,
        chinese: impl Into<String>,
    ) -> Era {
        Era {
            id: id.into(),
            pinyin: pinyin.into(),
            chinese: chinese.into(),
        }
    }
}

/// One lunar month of the table: where it sits in the era count and which days it spans.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MonthRow {
    /// The [`Era::id`] of the era.
    pub era: String,
    /// Year of the era, 1-based.
    pub year: u16,
    /// 1..=12; a leap month carries the number of the month it follows.
    pub month: u8,
    pub leap: bool,
    /// Day 1 of the month.
    pub first_day: Jdn,
    /// 29 or 30.
    pub days: u8,
}

impl MonthRow {
    /// The month's last day.
    pub fn last_day(&self) -> Jdn {
        self.first_day + (i64::from(self.days) - 1)
    }

    /// Whether `jdn` falls in this month.
    pub fn contains(&self, jdn: Jdn) -> bool {
        self.first_day <= jdn && jdn <= self.last_day()
    }
}

/// A date in the lunar calendar, e.g. Jingkang 1, 1st month, 16th day.
///
/// Plain data: it may name a day the calendar does not have until checked by
/// [`Calendar::to_jdn`]. `Display` gives the compact form "JK1 1/16" (leap month "JK1 L11/5").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// The [`Era::id`], not its pinyin or Chinese name.
    pub era: String,
    pub year: u16,
    pub month: u8,
    pub leap: bool,
    pub day: u8,
}

impl LunarDate {
    pub fn new(era: impl Into<String>, year: u16, month: u8, leap: bool, day: u8) -> LunarDate {
        LunarDate {
            era: era.into(),
            year,
            month,
            leap,
            day,
        }
    }
}

impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { "L" } else { "" };
        write!(
            f,
            "{}{} {leap}{}/{}",
            self.era, self.year, self.month, self.day
        )
    }
}

/// Position of a month inside its era; a leap month sorts right after its regular month.
type MonthOrder = (u16, u8, bool);

/// A lunar calendar built from a caller-supplied month table.
///
/// Built once with [`Calendar::new`], which checks the table; every query afterwards is a
/// lookup. It covers the days from [`Calendar::first_day`] to [`Calendar::last_day`] and
/// nothing else: there is no astronomical computation to extend it.
#[derive(Debug, Clone)]
pub struct Calendar {
    eras: Vec<Era>,
    months: Vec<MonthRow>,
    /// (era index, year, month, leap) -> row.
    index: HashMap<(usize, u16, u8, bool), usize>,
    /// First and last month of each era present in the table, to tell "outside the table"
    /// from "the table skips it".
    era_span: Vec<Option<(MonthOrder, MonthOrder)>>,
    /// Normalized era spellings (id, pinyin, Chinese), longest first, for the parser.
    pub(crate) era_names: Vec<(Vec<char>, usize)>,
}

impl Calendar {
    /// Checks and indexes a calendar.
    ///
    /// Requirements: every era has a non-empty id, pinyin and Chinese name, and no spelling is
    /// shared between two eras (case-insensitively), since the parser could not tell them
    /// apart; at least one month; every month's era exists; year >= 1; month 1..=12; days 29 or
    /// 30; each month starts the day after the previous one ends, in the order given; no
    /// (era, year, month, leap) appears twice.
    pub fn new(eras: Vec<Era>, months: Vec<MonthRow>) -> Result<Calendar, CalendarError> {
        let era_names = check_eras(&eras)?;
        if months.is_empty() {
            return Err(CalendarError::new(
                ErrorKind::Table,
                "the month table is empty; a calendar needs at least one month",
            ));
        }
        let era_index: HashMap<&str, usize> = eras
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut index = HashMap::with_capacity(months.len());
        let mut era_span: Vec<Option<(MonthOrder, MonthOrder)>> = vec![None; eras.len()];
        for (row, m) in months.iter().enumerate() {
            let Some(&era) = era_index.get(m.era.as_str()) else {
                return Err(CalendarError::table_row(
                    row,
                    format_args!(
                        "era '{}' is not in the era list ({})",
                        m.era,
                        era_ids(&eras)
                    ),
                ));
            };
            let label = month_label(&eras[era].pinyin, m.year, m.month, m.leap);
            if m.year == 0 {
                return Err(CalendarError::table_row(
                    row,
                    format_args!(
                        "year 0 of era '{}' does not exist; era years start at 1",
                        m.era
                    ),
                ));
            }
            if !(1..=12).contains(&m.month) {
                return Err(CalendarError::table_row(
                    row,
                    format_args!("month number {} is not between 1 and 12", m.month),
                ));
            }
            if m.days != 29 && m.days != 30 {
                return Err(CalendarError::table_row(
                    row,
                    format_args!("{label} has {} days; a lunar month has 29 or 30", m.days),
                ));
            }
            if m.first_day.checked_add(i64::from(m.days)).is_none() {
                return Err(CalendarError::table_row(
                    row,
                    format_args!(
                        "{label} starts at {} and runs past the largest JDN",
                        m.first_day
                    ),
                ));
            }
            if row > 0 {
                let prev = &months[row - 1];
                let expected = prev.first_day + i64::from(prev.days);
                if m.first_day != expected {
                    return Err(CalendarError::table_row(
                        row,
                        format_args!(
                            "{label} starts on {} ({} Julian), but the previous row ends on {} \
                             ({} Julian), so it should start on {} ({} Julian)",
                            m.first_day.0,
                            m.first_day.to_julian(),
                            prev.last_day().0,
                            prev.last_day().to_julian(),
                            expected.0,
                            expected.to_julian()
                        ),
                    ));
                }
            }
            if let Some(first) = index.insert((era, m.year, m.month, m.leap), row) {
                return Err(CalendarError::table_row(
                    row,
                    format_args!("{label} appears twice (also row {first})"),
                ));
            }
            let key = (m.year, m.month, m.leap);
            era_span[era] = Some(match era_span[era] {
                None => (key, key),
                Some((lo, hi)) => (lo.min(key), hi.max(key)),
            });
        }
        Ok(Calendar {
            eras,
            months,
            index,
            era_span,
            era_names,
        })
    }

    /// The eras, as given.
    pub fn eras(&self) -> &[Era] {
        &self.eras
    }

    /// The month table, as given (in date order, since it was checked to be contiguous).
    pub fn months(&self) -> &[MonthRow] {
        &self.months
    }

    /// The era with this id (exact match).
    pub fn era(&self, id: &str) -> Option<&Era> {
        self.eras.iter().find(|e| e.id == id)
    }

    /// The era any of whose spellings (id, pinyin, Chinese) matches `name`, ignoring case and
    /// surrounding spaces.
    pub fn find_era(&self, name: &str) -> Option<&Era> {
        let wanted = normalize(name);
        self.era_names
            .iter()
            .find(|(n, _)| *n == wanted)
            .map(|&(_, i)| &self.eras[i])
    }

    /// Day 1 of the first month of the table.
    pub fn first_day(&self) -> Jdn {
        self.months[0].first_day
    }

    /// The last day of the last month of the table.
    pub fn last_day(&self) -> Jdn {
        self.months[self.months.len() - 1].last_day()
    }

    /// Whether the table covers `jdn`.
    pub fn contains(&self, jdn: Jdn) -> bool {
        self.first_day() <= jdn && jdn <= self.last_day()
    }

    /// The table row of the date's month; the day is not checked.
    pub fn month_of(&self, date: &LunarDate) -> Result<&MonthRow, CalendarError> {
        let Some(era) = self.eras.iter().position(|e| e.id == date.era) else {
            return Err(CalendarError::new(
                ErrorKind::UnknownEra,
                format!(
                    "unknown era '{}'; this calendar's era ids are {}",
                    date.era,
                    era_ids(&self.eras)
                ),
            ));
        };
        let pinyin = &self.eras[era].pinyin;
        if !(1..=12).contains(&date.month) {
            return Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!(
                    "{pinyin} {}: there is no month {}; months are numbered 1 to 12",
                    date.year, date.month
                ),
            ));
        }
        if let Some(&row) = self.index.get(&(era, date.year, date.month, date.leap)) {
            return Ok(&self.months[row]);
        }
        let label = month_label(pinyin, date.year, date.month, date.leap);
        let key = (date.year, date.month, date.leap);
        let inside = match self.era_span[era] {
            Some((lo, hi)) => key.cmp(&lo) != Ordering::Less && key.cmp(&hi) != Ordering::Greater,
            None => false,
        };
        if inside && date.leap {
            Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!(
                    "{pinyin} {} has no leap {} month",
                    date.year,
                    english_ordinal(u32::from(date.month))
                ),
            ))
        } else if inside {
            Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!("{label} is not in the calendar table"),
            ))
        } else {
            Err(CalendarError::new(
                ErrorKind::OutOfRange,
                format!(
                    "{label} is outside the calendar table, which covers {} to {}",
                    self.row_label(0),
                    self.row_label(self.months.len() - 1)
                ),
            ))
        }
    }

    /// The day a lunar date falls on.
    pub fn to_jdn(&self, date: &LunarDate) -> Result<Jdn, CalendarError> {
        let row = self.month_of(date)?;
        if date.day == 0 || date.day > row.days {
            let era = self
                .era(&row.era)
                .map_or(row.era.as_str(), |e| e.pinyin.as_str());
            return Err(CalendarError::new(
                ErrorKind::NoSuchDay,
                format!(
                    "{} has {} days; day {} does not exist",
                    month_label(era, row.year, row.month, row.leap),
                    row.days,
                    date.day
                ),
            ));
        }
        Ok(row.first_day + (i64::from(date.day) - 1))
    }

    /// The lunar date of a day covered by the table.
    pub fn to_lunar(&self, jdn: Jdn) -> Result<LunarDate, CalendarError> {
        if !self.contains(jdn) {
            return Err(self.out_of_range(jdn, Style::Julian));
        }
        // Rows are contiguous, hence sorted by first_day.
        let row = &self.months[self.months.partition_point(|m| m.first_day <= jdn) - 1];
        Ok(LunarDate {
            era: row.era.clone(),
            year: row.year,
            month: row.month,
            leap: row.leap,
            day: (jdn - row.first_day + 1) as u8,
        })
    }

    pub(crate) fn out_of_range(&self, jdn: Jdn, style: Style) -> CalendarError {
        CalendarError::new(
            ErrorKind::OutOfRange,
            format!(
                "date {} is outside the calendar table, which covers {} to {} ({style})",
                jdn.to_civil(style),
                self.first_day().to_civil(style),
                self.last_day().to_civil(style)
            ),
        )
    }

    fn row_label(&self, row: usize) -> String {
        let m = &self.months[row];
        let era = self
            .era(&m.era)
            .map_or(m.era.as_str(), |e| e.pinyin.as_str());
        month_label(era, m.year, m.month, m.leap)
    }
}

/// "Jingkang 1, leap 11th month".
pub(crate) fn month_label(era: &str, year: u16, month: u8, leap: bool) -> String {
    let leap = if leap { "leap " } else { "" };
    format!(
        "{era} {year}, {leap}{} month",
        english_ordinal(u32::from(month))
    )
}

fn era_ids(eras: &[Era]) -> String {
    if eras.is_empty() {
        return "none".to_owned();
    }
    eras.iter()
        .map(|e| e.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_eras(eras: &[Era]) -> Result<Vec<(Vec<char>, usize)>, CalendarError> {
    let mut owner: HashMap<Vec<char>, usize> = HashMap::new();
    let mut names = Vec::new();
    for (i, era) in eras.iter().enumerate() {
        for (what, name) in [
            ("id", &era.id),
            ("pinyin", &era.pinyin),
            ("Chinese name", &era.chinese),
        ] {
            let norm = normalize(name);
            if norm.is_empty() {
                return Err(CalendarError::new(
                    ErrorKind::Table,
                    format!("era list entry {i} (id '{}'): the {what} is empty", era.id),
                ));
            }
            match owner.get(&norm) {
                Some(&j) if j != i => {
                    return Err(CalendarError::new(
                        ErrorKind::Table,
                        format!(
                            "era list entry {i} (id '{}'): the {what} '{name}' is also a \
                             spelling of era '{}', so dates could not be told apart",
                            era.id, eras[j].id
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    owner.insert(norm.clone(), i);
                    names.push((norm, i));
                }
            }
        }
    }
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    Ok(names)
}
