//! RFC 4180 CSV of the chronicle's entries.

use std::borrow::Cow;
use std::io::{self, Write};

use bianjing_chronicle::{Chronicle, Entry};

/// The header row's columns, in order.
pub const CSV_HEADER: [&str; 12] = [
    "day",
    "julian",
    "gregorian",
    "lunar",
    "lunar_chinese",
    "day_name",
    "kind",
    "text",
    "persons",
    "places",
    "sources",
    "recorded",
];

/// One field as RFC 4180 writes it: quoted if it holds a comma, a double quote, CR or LF (and then
/// with every double quote doubled), as it is otherwise.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

fn row(out: &mut impl Write, fields: &[&str]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_field(f).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

fn fields(e: &Entry) -> [String; 12] {
    [
        e.day.to_string(),
        e.dates.julian.clone(),
        e.dates.gregorian.clone(),
        e.dates.lunar.clone(),
        e.dates.lunar_chinese.clone(),
        e.dates.day_name.clone(),
        e.kind.clone(),
        e.text.clone(),
        e.persons.join("; "),
        e.places.join("; "),
        e.sources.join("; "),
        e.recorded.clone().unwrap_or_default(),
    ]
}

/// Writes the header row then one row per entry, each ended by CRLF as RFC 4180 asks. Lists
/// (persons, places, sources) are joined with `; `; `recorded` is empty for what the model made happen.
pub fn write_csv(out: &mut impl Write, chronicle: &Chronicle) -> io::Result<()> {
    row(out, &CSV_HEADER)?;
    for e in &chronicle.events {
        let f = fields(e);
        let refs: Vec<&str> = f.iter().map(String::as_str).collect();
        row(out, &refs)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\r"), "\"cr\r\"");
    }
}
