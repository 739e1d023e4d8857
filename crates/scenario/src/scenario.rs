//! A loaded, validated scenario, with the positions of its values for later layers' errors.

use std::collections::HashMap;
use std::ops::Range;

use bianjing_calendar::{Calendar, CalendarError, Jdn};

use crate::diagnostic::{Diagnostic, LineIndex, Location, Source};
use crate::model::{EventDef, ForceDef, PersonDef, PlaceDef, ScenarioFile, SourceDef, Version};
use crate::span_index::SpanIndex;

/// A scenario that passed every check: typed data, its calendar, and where each value was written.
///
/// Ids are unique and every reference, citation and date resolves, so lookups by an id that the
/// file itself uses always succeed.
#[derive(Debug, Clone)]
pub struct Scenario {
    file: String,
    text: String,
    data: ScenarioFile,
    calendar: Calendar,
    spans: SpanIndex,
    lines: LineIndex,
    ids: Ids,
}

/// Position of each entry by id, per table.
#[derive(Debug, Clone, Default)]
struct Ids {
    source: HashMap<String, usize>,
    person: HashMap<String, usize>,
    place: HashMap<String, usize>,
    force: HashMap<String, usize>,
    event: HashMap<String, usize>,
}

fn positions<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

impl Scenario {
    pub(crate) fn new(
        file: String,
        text: String,
        data: ScenarioFile,
        calendar: Calendar,
        spans: SpanIndex,
        lines: LineIndex,
    ) -> Scenario {
        let ids = Ids {
            source: positions(data.source.iter().map(|x| &x.id)),
            person: positions(data.person.iter().map(|x| &x.id)),
            place: positions(data.place.iter().map(|x| &x.id)),
            force: positions(data.force.iter().map(|x| &x.id)),
            event: positions(data.event.iter().map(|x| &x.id)),
        };
        Scenario {
            file,
            text,
            data,
            calendar,
            spans,
            lines,
            ids,
        }
    }

    /// The file name given to [`crate::load`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The lunar calendar built from the file's month table.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The typed data.
    pub fn data(&self) -> &ScenarioFile {
        &self.data
    }

    /// Byte range of the value at `path` (`force[3].commander`, `event[12].date[0].value`,
    /// `scenario.start`), if it is written in the file. A table written as `[table]` or
    /// `[[array]]` spans its header line.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path)
    }

    /// Line and column (1-based, column in characters) of the value at `path`, if it is
    /// written in the file.
    pub fn locate(&self, path: &str) -> Option<Location> {
        self.spans
            .get(path)
            .map(|span| self.lines.location(&self.text, span.start))
    }

    /// A diagnostic about the value at `path`, for the checks of later layers (an engine that
    /// does not know a parameter name, say). A path not written in the file (a defaulted field)
    /// is reported at its nearest written ancestor.
    pub fn diagnostic(
        &self,
        path: &str,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) -> Diagnostic {
        let (_, span) = self.spans.nearest(path);
        self.text_source().diagnostic(span, path, message, expected)
    }

    fn text_source(&self) -> Source<'_> {
        Source {
            file: &self.file,
            text: &self.text,
            lines: &self.lines,
        }
    }

    /// The day of a lunar date such as `JK1 1/16`, by this scenario's calendar.
    pub fn lunar_jdn(&self, date: &str) -> Result<Jdn, CalendarError> {
        let lunar = self.calendar.parse_lunar(date)?;
        self.calendar.to_jdn(&lunar)
    }

    /// First simulated day (`scenario.start`).
    pub fn start(&self) -> Jdn {
        self.checked_date(&self.data.scenario.start)
    }

    /// Last simulated day (`scenario.horizon`).
    pub fn horizon(&self) -> Jdn {
        self.checked_date(&self.data.scenario.horizon)
    }

    fn checked_date(&self, date: &str) -> Jdn {
        // Loading checked these dates against this very calendar.
        self.lunar_jdn(date)
            .unwrap_or_else(|e| unreachable!("date `{date}` was validated at load: {e}"))
    }

    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.ids.source.get(id).copied()
    }

    pub fn source(&self, id: &str) -> Option<&SourceDef> {
        self.source_index(id).map(|i| &self.data.source[i])
    }

    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.ids.person.get(id).copied()
    }

    pub fn person(&self, id: &str) -> Option<&PersonDef> {
        self.person_index(id).map(|i| &self.data.person[i])
    }

    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.ids.place.get(id).copied()
    }

    pub fn place(&self, id: &str) -> Option<&PlaceDef> {
        self.place_index(id).map(|i| &self.data.place[i])
    }

    pub fn force_index(&self, id: &str) -> Option<usize> {
        self.ids.force.get(id).copied()
    }

    pub fn force(&self, id: &str) -> Option<&ForceDef> {
        self.force_index(id).map(|i| &self.data.force[i])
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.ids.event.get(id).copied()
    }

    pub fn event(&self, id: &str) -> Option<&EventDef> {
        self.event_index(id).map(|i| &self.data.event[i])
    }

    /// Same as the free function [`crate::version_default`].
    pub fn version_default<T>(versions: &[Version<T>]) -> &Version<T> {
        version_default(versions)
    }
}

/// The version the model uses: the one marked `default = true`, or the only one.
///
/// # Panics
/// If `versions` is empty. Validation guarantees a non-empty list for every required version
/// list and for every optional one written in the file; an optional list left out is empty, so
/// use [`try_version_default`] for those.
pub fn version_default<T>(versions: &[Version<T>]) -> &Version<T> {
    try_version_default(versions).expect("version_default called on an empty list of versions")
}

/// The version the model uses, or `None` for an empty list (an optional fact left out).
pub fn try_version_default<T>(versions: &[Version<T>]) -> Option<&Version<T>> {
    versions.iter().find(|v| v.default).or(versions.first())
}
