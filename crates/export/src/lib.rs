//! A chronicle and its scenario in the formats historians' tools already read.
//!
//! Pure writers: each takes a [`Chronicle`](bianjing_chronicle::Chronicle) (and, for maps, the
//! scenario data and the forces' daily positions) and writes to any [`std::io::Write`]. No file is
//! opened here; the binary decides where the bytes go.
//!
//! - [`write_timeline`]: [TimelineJS](https://timeline.knightlab.com/docs/json-format.html) JSON, one
//!   slide per chronicle entry plus the outcome. TimelineJS places events with JavaScript dates, which
//!   are proleptic Gregorian, so `start_date` is the **Gregorian** date; the `display_date` shown to the
//!   reader is the lunar date with its day name and the **Julian** date, as historians write it.
//! - [`write_geojson`]: an [RFC 7946](https://www.rfc-editor.org/rfc/rfc7946) FeatureCollection of the
//!   scenario's places (Points), its roads (LineStrings, straight from end to end) and, for a run, every
//!   force's position on every day (Points; see [`positions`] for how a position is derived).
//! - [`write_csv`]: the entries as [RFC 4180](https://www.rfc-editor.org/rfc/rfc4180) CSV with a header
//!   row ([`CSV_HEADER`]), CRLF line ends, lists joined with `; `.
//! - [`write_jsonl`]: the entries as JSON lines, one chronicle `Entry` object per line.
//! - [`report_json`]: an ensemble's report as JSON with lunar and Julian dates beside its day indices.
//! - [`escape_markup`]: text made safe inside HTML, SVG or XML, for every writer of markup.

mod csv;
mod geojson;
mod jsonl;
mod markup;
mod positions;
mod report;
mod timeline;

pub use csv::{CSV_HEADER, csv_field, write_csv};
pub use geojson::write_geojson;
pub use jsonl::write_jsonl;
pub use markup::escape_markup;
pub use positions::{ForcePosition, positions};
pub use report::report_json;
pub use timeline::write_timeline;

/// Writes with `write` into a `String` (for tests and callers that want text).
pub fn to_string(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and every writer emits UTF-8.
    let _ = write(&mut buf);
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
