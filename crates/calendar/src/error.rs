//! The single error type of the crate.

use std::fmt;

/// What went wrong, coarsely; the [`CalendarError`] message carries the details.
///
/// Non-exhaustive so that finer distinctions can be added without breaking callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text does not have the shape of a date.
    Syntax,
    /// A well-formed date outside what the calendar table (or the numeric types) can express.
    OutOfRange,
    /// The month exists but does not have that day (30th of a 29-day month, Julian February 30).
    NoSuchDay,
    /// No such month: a number outside 1..=12, or a (leap) month the table does not have
    /// although it covers the surrounding months.
    NoSuchMonth,
    /// The era is not one the calendar knows.
    UnknownEra,
    /// The eras or the month table given to [`crate::Calendar::new`] are inconsistent.
    Table,
}

/// Error returned by every fallible operation of the crate.
///
/// Opaque on purpose: callers match on [`CalendarError::kind`] and show the [`Display`](fmt::Display)
/// text, which is a complete sentence meant for the end user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    kind: ErrorKind,
    message: String,
    row: Option<usize>,
}

impl CalendarError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CalendarError {
            kind,
            message: message.into(),
            row: None,
        }
    }

    /// A month-table error; the row index is kept so a loader can point back into its source file.
    pub(crate) fn table_row(row: usize, message: impl fmt::Display) -> Self {
        CalendarError {
            kind: ErrorKind::Table,
            message: format!("month table row {row}: {message}"),
            row: Some(row),
        }
    }

    /// The category of the error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// For [`ErrorKind::Table`] errors about a month row: its 0-based index in the list given to
    /// [`crate::Calendar::new`].
    pub fn row(&self) -> Option<usize> {
        self.row
    }

    /// The human-readable message (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CalendarError {}
