//! The pipeline: guards, syntax, structure, types, meaning. Each pass reports all it finds and
//! the next runs only on clean input, since it relies on what the earlier ones established.

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check;
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, Location, MAX_ERRORS, Source};
use crate::guard::{self, MAX_BYTES, MAX_DEPTH, Refusal};
use crate::model::ScenarioFile;
use crate::scenario::Scenario;
use crate::schema::schema_value;
use crate::span_index::SpanIndex;
use crate::structure;

/// Loads a scenario from raw bytes: like [`load`], and input that is not UTF-8 is reported with
/// the offset, line and column of the first bad byte.
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<Scenario, Diagnostics> {
    if let Err(refusal) = guard::check_size(bytes.len()) {
        return Err(refused(file, None, refusal));
    }
    match guard::decode(bytes) {
        Ok(text) => load(text, file),
        Err(refusal) => {
            let bad = match refusal {
                Refusal::NotUtf8 { offset, .. } => bytes.get(offset).copied(),
                _ => None,
            };
            Err(refused(file, bad, refusal))
        }
    }
}

/// Loads and validates a scenario. `file` is the name shown in diagnostics.
///
/// On failure, every problem of the first pass that found any is returned, in file order.
pub fn load(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    if let Err(refusal) = guard::check_size(text.len()) {
        return Err(refused(file, None, refusal));
    }
    let lines = LineIndex::new(text);
    let source = Source {
        file,
        text,
        lines: &lines,
    };
    let fail = |items: Vec<Diagnostic>| Err(Diagnostics::new(file, items));

    if let Err(Refusal::TooDeep { offset }) = guard::check_depth(text) {
        return fail(vec![source.diagnostic(
            offset..offset + 1,
            "",
            format!("nesting deeper than {MAX_DEPTH} levels"),
            format!("at most {MAX_DEPTH} levels of nested arrays, inline tables and dotted keys"),
        )]);
    }

    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return fail(syntax(&source, &errors));
    }
    let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));

    let problems = structure::check(&root, schema_value());
    if !problems.is_empty() {
        return fail(
            problems
                .into_iter()
                .map(|p| source.diagnostic(p.span, p.path, p.message, p.expected))
                .collect(),
        );
    }

    let spans = SpanIndex::build(&root);
    let data = match ScenarioFile::deserialize(toml::de::ValueDeserializer::from(root)) {
        Ok(data) => data,
        Err(e) => {
            // Only reached if the schema and serde disagree; still say where.
            let span = e.span().unwrap_or(0..0);
            let path = spans.path_at(span.start).unwrap_or_default().to_owned();
            return fail(vec![source.diagnostic(
                span,
                path,
                e.message().to_owned(),
                "a value serde accepts for this field",
            )]);
        }
    };

    let (calendar, findings) = check::check(&data, &spans);
    if !findings.is_empty() {
        return fail(
            findings
                .into_iter()
                .map(|f| {
                    let (_, span) = spans.nearest(&f.path);
                    source.diagnostic(span, f.path, f.message, f.expected)
                })
                .collect(),
        );
    }
    let Some(calendar) = calendar else {
        // The calendar rules report whenever they do not build one.
        return fail(vec![source.diagnostic(
            0..0,
            "calendar",
            "the calendar could not be built",
            "a valid month table",
        )]);
    };
    Ok(Scenario::new(
        file.to_owned(),
        text.to_owned(),
        data,
        calendar,
        spans,
        lines,
    ))
}

/// Syntax errors in file order, each once: the recovering parser may report one problem from
/// several places (an unclosed array is found by every level it leaves open).
fn syntax(source: &Source<'_>, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut errors: Vec<&toml::de::Error> = errors.iter().collect();
    errors.sort_by_key(|e| e.span().map_or(0, |s| s.start));
    errors.dedup_by(|a, b| a.span() == b.span() && a.message() == b.message());
    // Rendering copies a source line per error; no need to do it past the cap.
    errors.truncate(MAX_ERRORS + 1);
    errors
        .into_iter()
        .map(|e| {
            let span = e.span().unwrap_or(0..0);
            let (message, expected) = match e.message().split_once(", expected ") {
                Some((m, x)) => (m.to_owned(), x.to_owned()),
                None => (e.message().to_owned(), "valid TOML".to_owned()),
            };
            source.diagnostic(span, "", format!("syntax: {message}"), expected)
        })
        .collect()
}

fn refused(file: &str, bad_byte: Option<u8>, refusal: Refusal) -> Diagnostics {
    let start = Location { line: 1, column: 1 };
    let d = match refusal {
        Refusal::TooLarge { len } => Diagnostic::new(
            file,
            start,
            "",
            format!(
                "the file is {len} bytes, more than the limit of {} MiB",
                MAX_BYTES / (1024 * 1024)
            ),
            format!("a scenario file of at most {MAX_BYTES} bytes"),
        ),
        Refusal::NotUtf8 { offset, location } => {
            let byte = bad_byte.map_or(String::new(), |b| format!(" (0x{b:02X})"));
            Diagnostic::new(
                file,
                location,
                "",
                format!(
                    "the file is not valid UTF-8: bad byte{byte} at offset {offset}, line {}, column {}",
                    location.line, location.column
                ),
                "UTF-8 text",
            )
        }
        Refusal::TooDeep { .. } => Diagnostic::new(
            file,
            start,
            "",
            format!("nesting deeper than {MAX_DEPTH} levels"),
            format!("at most {MAX_DEPTH} levels of nesting"),
        ),
    };
    Diagnostics::new(file, vec![d])
}
