//! TimelineJS JSON (<https://timeline.knightlab.com/docs/json-format.html>).
//!
//! The choice of dates: TimelineJS builds JavaScript `Date`s from `start_date`, and JavaScript dates
//! are proleptic Gregorian, so `start_date` holds the Gregorian date and every slide sits at its true
//! place in time. What the reader sees is `display_date`: the lunar date in words and in Chinese, the
//! day name, and the Julian date, which is how historians of the period write a date.

use std::io::{self, Write};

use bianjing_calendar::Jdn;
use bianjing_chronicle::{Chronicle, Dates, Entry};
use serde::Serialize;

use crate::markup::escape_markup;

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TlDate>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct TlDate {
    year: i32,
    month: u8,
    day: u8,
    display_date: String,
}

/// The group of a slide made from a recorded event, and of one the model made happen.
pub const GROUP_RECORDED: &str = "Recorded";
pub const GROUP_MODEL: &str = "Model";
pub const GROUP_OUTCOME: &str = "Outcome";

fn date(d: &Dates) -> TlDate {
    let g = Jdn(d.jdn).to_gregorian();
    let lunar = if d.lunar_long.is_empty() {
        d.lunar.clone()
    } else {
        format!("{} ({})", d.lunar_long, d.lunar_chinese)
    };
    TlDate {
        year: g.year,
        month: g.month,
        day: g.day,
        display_date: format!(
            "{lunar}, {} {}; Julian {}",
            d.day_name, d.day_name_pinyin, d.julian
        ),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first sentence as the headline, the rest as the text.
fn split_headline(text: &str) -> (&str, &str) {
    match text.find(". ") {
        Some(i) => (&text[..i], text[i + 2..].trim()),
        None => (text.trim_end_matches('.'), ""),
    }
}

fn slide(index: usize, e: &Entry) -> Slide {
    let (headline, rest) = split_headline(&e.text);
    let mut body = String::new();
    if !rest.is_empty() {
        body.push_str(&format!("<p>{}</p>", escape_markup(rest)));
    }
    if !e.sources.is_empty() {
        body.push_str(&format!(
            "<p>Sources: {}</p>",
            escape_markup(&e.sources.join(", "))
        ));
    }
    Slide {
        start_date: Some(date(&e.dates)),
        text: Text {
            headline: escape_markup(headline),
            text: body,
        },
        group: Some(
            if e.recorded.is_some() {
                GROUP_RECORDED
            } else {
                GROUP_MODEL
            }
            .into(),
        ),
        unique_id: Some(format!("e{index}-{}", e.kind)),
    }
}

/// Writes `chronicle` as a TimelineJS timeline: a title slide naming the run, one slide per entry
/// (group `Recorded` for events the record imposed, `Model` for what the model made happen), and a
/// last slide with the outcome on the run's last day (group `Outcome`).
pub fn write_timeline(out: &mut impl Write, chronicle: &Chronicle) -> io::Result<()> {
    let what_ifs = if chronicle.what_ifs.is_empty() {
        String::new()
    } else {
        format!(", what-if {}", chronicle.what_ifs.join(" + "))
    };
    let o = &chronicle.outcome;
    let title = Slide {
        start_date: None,
        text: Text {
            headline: escape_markup(&chronicle.scenario),
            text: format!(
                "<p>{} mode, {} record, seed {}{}.</p><p>Outcome: {}.</p><p>Dates: lunar date, day name and Julian date as shown; slides are placed by the proleptic Gregorian date.</p>",
                escape_markup(&capitalize(&chronicle.mode)),
                escape_markup(&chronicle.record),
                chronicle.seed,
                escape_markup(&what_ifs),
                escape_markup(&o.summary)
            ),
        },
        group: None,
        unique_id: Some("title".into()),
    };
    let mut events: Vec<Slide> = chronicle
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| slide(i, e))
        .collect();
    events.push(Slide {
        start_date: Some(date(&o.end)),
        text: Text {
            headline: format!("Outcome: {}", escape_markup(&o.summary)),
            text: format!(
                "<p>The run ends {} ({}).</p>",
                escape_markup(&o.end.lunar),
                o.end.julian
            ),
        },
        group: Some(GROUP_OUTCOME.into()),
        unique_id: Some("outcome".into()),
    });
    serde_json::to_writer_pretty(&mut *out, &Timeline { title, events })?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_is_the_first_sentence() {
        assert_eq!(split_headline("A b. C d. E."), ("A b", "C d. E."));
        assert_eq!(split_headline("Only one."), ("Only one", ""));
        assert_eq!(escape_markup("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
