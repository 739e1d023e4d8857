//! An ensemble's report as JSON, with dates beside day indices, for `bianjing ensemble --json` and the
//! web API alike.

use bianjing_analysis::Report;
use bianjing_calendar::Calendar;
use bianjing_engine::Setup;
use serde_json::Value;

/// `report` as a JSON value, with `days_lunar` and `days_julian` beside every key event's `days`
/// (the quantiles of its first day) and `factual_free_from_julian` beside every comparison's
/// `factual_free_from` (null when history is kept throughout). Days are counted from `setup`'s start
/// and dated through `calendar`.
pub fn report_json(
    report: &Report,
    calendar: &Calendar,
    setup: &Setup,
) -> Result<Value, serde_json::Error> {
    let mut v = serde_json::to_value(report)?;
    let julian = |day: i64| (setup.start + day).to_julian().to_string();
    let lunar = |day: i64| {
        calendar
            .to_lunar(setup.start + day)
            .map(|l| calendar.format_short(&l))
            .unwrap_or_else(|_| format!("day {day}"))
    };
    let day_list = |days: &Value, f: &dyn Fn(i64) -> String| -> Value {
        match days.as_array() {
            Some(ds) => Value::Array(
                ds.iter()
                    .map(|d| d.as_i64().map_or(Value::Null, |d| Value::String(f(d))))
                    .collect(),
            ),
            None => Value::Null,
        }
    };
    if let Some(arms) = v.get_mut("arms").and_then(Value::as_array_mut) {
        for arm in arms {
            if let Some(events) = arm.get_mut("events").and_then(Value::as_array_mut) {
                for e in events {
                    let days = e.get("days").cloned().unwrap_or(Value::Null);
                    if let Value::Object(m) = e {
                        m.insert("days_julian".into(), day_list(&days, &julian));
                        m.insert("days_lunar".into(), day_list(&days, &lunar));
                    }
                }
            }
        }
    }
    if let Some(cs) = v.get_mut("comparisons").and_then(Value::as_array_mut) {
        for c in cs {
            let from = c.get("factual_free_from").and_then(Value::as_i64);
            if let Value::Object(m) = c {
                let j = match from {
                    Some(d) if d != i64::from(u16::MAX) => Value::String(julian(d)),
                    _ => Value::Null,
                };
                m.insert("factual_free_from_julian".into(), j);
            }
        }
    }
    Ok(v)
}
