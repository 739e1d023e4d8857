//! `bianjing date`: a date both ways across the scenario's calendar table.

use std::fmt::Write;

use bianjing_calendar::{Calendar, CalendarError, ErrorKind, Jdn, Style};
use serde_json::json;

use crate::args::DateArgs;
use crate::model;

pub fn run(args: &DateArgs) -> anyhow::Result<()> {
    let scenario = model::load_scenario(args.scenario.scenario.as_deref())?;
    let cal = scenario.calendar();
    let text = args.text.join(" ");
    let jdn = convert(cal, &text, args.gregorian).map_err(|e| explain(cal, &text, &e))?;
    // A day inside the table always has a lunar date; the error path is kept for safety.
    let lunar = cal.to_lunar(jdn).map_err(|e| explain(cal, &text, &e))?;
    let era = cal.era(&lunar.era);
    let (era_pinyin, era_chinese) = era.map_or((lunar.era.as_str(), ""), |e| {
        (e.pinyin.as_str(), e.chinese.as_str())
    });
    let name = jdn.sexagenary();
    let julian = jdn.to_julian().to_string();
    let gregorian = jdn.to_gregorian().to_string();
    if args.json {
        let value = json!({
            "era": { "id": lunar.era, "pinyin": era_pinyin, "chinese": era_chinese },
            "lunar": {
                "short": cal.format_short(&lunar),
                "long": cal.format_long(&lunar),
                "chinese": cal.format_chinese(&lunar),
                "year": lunar.year,
                "month": lunar.month,
                "leap": lunar.leap,
                "day": lunar.day,
            },
            "julian": julian,
            "gregorian": gregorian,
            "jdn": jdn.0,
            "day_name": { "chinese": name.chinese(), "pinyin": name.pinyin(), "index": name.index() },
        });
        let mut s = serde_json::to_string_pretty(&value)?;
        s.push('\n');
        return super::print(&s);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Lunar:      {} · {} · {}",
        cal.format_short(&lunar),
        cal.format_long(&lunar),
        cal.format_chinese(&lunar)
    );
    let _ = writeln!(
        out,
        "Era:        {era_pinyin} {era_chinese} ({})",
        lunar.era
    );
    let _ = writeln!(
        out,
        "Day name:   {} {} (day {} of the 60-day cycle)",
        name.chinese(),
        name.pinyin(),
        u32::from(name.index()) + 1
    );
    let _ = writeln!(out, "Julian:     {julian}");
    let _ = writeln!(out, "Gregorian:  {gregorian} (proleptic)");
    let _ = writeln!(out, "JDN:        {}", jdn.0);
    super::print(&out)
}

/// Whether the text is a Western date: it starts with a digit (a lunar date starts with its era).
fn is_western(text: &str) -> bool {
    text.trim()
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit())
}

fn convert(cal: &Calendar, text: &str, gregorian: bool) -> Result<Jdn, CalendarError> {
    if is_western(text) {
        let style = if gregorian {
            Style::Gregorian
        } else {
            Style::Julian
        };
        cal.parse_western(text, style)
    } else {
        let date = cal.parse_lunar(text)?;
        cal.to_jdn(&date)
    }
}

/// The calendar's message, with the table's range added to an out-of-range error that lacks it.
fn explain(cal: &Calendar, text: &str, e: &CalendarError) -> anyhow::Error {
    let mut msg = format!("cannot convert `{}`: {e}", text.trim());
    if e.kind() == ErrorKind::OutOfRange && !msg.contains("covers") {
        let _ = write!(msg, "; {}", range(cal));
    }
    anyhow::anyhow!(msg)
}

fn range(cal: &Calendar) -> String {
    let (first, last) = (cal.first_day(), cal.last_day());
    let lunar = |j: Jdn| {
        cal.to_lunar(j)
            .map(|d| cal.format_long(&d))
            .unwrap_or_default()
    };
    format!(
        "the calendar table covers {} to {} ({} to {} Julian)",
        lunar(first),
        lunar(last),
        first.to_julian(),
        last.to_julian()
    )
}
