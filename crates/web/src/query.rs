//! Run options from a URL's query: `mode`, `record`, `seed`, `what_if` (repeatable, also spelt
//! `what-if` as on the command line) and `set` (repeatable, `PARAM=VALUE`). An unknown key is an error,
//! so that a misspelt option is never silently ignored.

use crate::ApiError;
use crate::plan::{RunOptions, parse_mode, parse_record, parse_set};

/// The query keys [`run_options`] knows.
pub const RUN_KEYS: [&str; 5] = ["mode", "record", "seed", "what_if", "set"];

/// Parses the run options of `query` (the part after `?`, still percent-encoded).
pub fn run_options(query: Option<&str>) -> Result<RunOptions, ApiError> {
    let mut o = RunOptions::default();
    let mut seen_single: Vec<&'static str> = Vec::new();
    let mut once = |key: &'static str| -> Result<(), ApiError> {
        if seen_single.contains(&key) {
            return Err(ApiError::bad_request(format!(
                "query parameter `{key}` given twice"
            )));
        }
        seen_single.push(key);
        Ok(())
    };
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "mode" => {
                once("mode")?;
                o.mode = parse_mode("mode", &value)?;
            }
            "record" => {
                once("record")?;
                o.record = parse_record("record", &value)?;
            }
            "seed" => {
                once("seed")?;
                o.seed = value.trim().parse().map_err(|_| {
                    ApiError::bad_request(format!(
                        "seed: `{value}` is not a whole number from 0 to {}",
                        u64::MAX
                    ))
                })?;
            }
            "what_if" | "what-if" => o.what_ifs.push(value.into_owned()),
            "set" => o.set.push(parse_set("set", &value)?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter `{other}`; known: {}",
                    RUN_KEYS.join(", ")
                )));
            }
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use bianjing_engine::{Mode, Record};

    use super::*;

    #[test]
    fn reads_every_option_and_repeats() {
        let o = run_options(Some(
            "mode=free&record=sources&seed=7&what_if=no-raid&what-if=early-relief%3D10&set=a.b=2.5",
        ))
        .unwrap();
        assert_eq!(o.mode, Mode::Free);
        assert_eq!(o.record, Record::Sources);
        assert_eq!(o.seed, 7);
        assert_eq!(o.what_ifs, ["no-raid", "early-relief=10"]);
        assert_eq!(o.set, [("a.b".to_string(), 2.5)]);
    }

    #[test]
    fn names_the_field_in_errors() {
        let e = run_options(Some("seed=x")).unwrap_err();
        assert!(e.message.starts_with("seed: `x`"), "{}", e.message);
        let e = run_options(Some("mode=battle")).unwrap_err();
        assert!(e.message.starts_with("mode: `battle`"), "{}", e.message);
        let e = run_options(Some("sed=1")).unwrap_err();
        assert!(e.message.contains("`sed`"), "{}", e.message);
        let e = run_options(Some("seed=1&seed=2")).unwrap_err();
        assert!(e.message.contains("twice"), "{}", e.message);
        let e = run_options(Some("set=fortification")).unwrap_err();
        assert!(e.message.starts_with("set: "), "{}", e.message);
    }

    #[test]
    fn no_query_is_the_record() {
        assert_eq!(run_options(None).unwrap(), RunOptions::default());
    }
}
