//! Per-run rows: CSV that a CSV parser reads back with the right columns, and JSON lines.

mod common;

use bianjing_analysis::{Arm, ParamSource, RunRow, csv_field, run_rows};
use bianjing_engine::PARAM_NAMES;
use common::{free_config, setup};

/// A small RFC 4180 parser: records of fields, quoted fields may hold commas, doubled quotes and line
/// breaks; records end with CRLF or LF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            _ => field.push(c),
        }
    }
    if any {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn the_parser_reads_rfc_4180() {
    let r = parse_csv("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",,z\n");
    assert_eq!(r, vec![vec!["a", "b,c", "d\"e"], vec!["x\ny", "", "z"]]);
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
}

#[test]
fn csv_rows_read_back_with_the_right_columns() {
    let s = setup();
    // A name that needs quoting.
    let arm = Arm::compile(s, "free, \"as is\"", &free_config(), s.params.clone()).unwrap();
    let mut text = RunRow::csv_header();
    text.push_str("\r\n");
    let rows: Vec<RunRow> = run_rows(s, 42, &ParamSource::Fixed, &arm, 10..30).collect();
    assert_eq!(rows.len(), 20);
    for r in &rows {
        text.push_str(&r.to_csv_line());
        text.push_str("\r\n");
    }
    let parsed = parse_csv(&text);
    let header = &parsed[0];
    assert_eq!(header, &RunRow::columns());
    assert_eq!(header.len(), 3 + PARAM_NAMES.len() + 1 + 13 + 9);
    assert_eq!(parsed.len(), 21);
    for (i, rec) in parsed[1..].iter().enumerate() {
        assert_eq!(rec.len(), header.len(), "row {i}");
        assert_eq!(rec[0], "42");
        assert_eq!(rec[1], (10 + i).to_string());
        assert_eq!(rec[2], "free, \"as is\"");
        let col = |name: &str| &rec[header.iter().position(|h| h == name).unwrap()];
        assert_eq!(col("populace.pool").parse::<f64>().unwrap(), s.params.pool);
        assert!(
            bianjing_engine::Category::ALL
                .iter()
                .any(|c| c.name() == col("category"))
        );
        let end: f64 = col("end-day").parse().unwrap();
        assert!(end >= 0.0 && end < f64::from(s.days));
        let day = col("day_withdrawal");
        assert!(day.is_empty() || day.parse::<u16>().is_ok());
    }
    // The same run gives the same row.
    assert_eq!(
        run_rows(s, 42, &ParamSource::Fixed, &arm, 12..13)
            .next()
            .unwrap(),
        rows[2]
    );
}

#[test]
fn json_lines_have_every_column() {
    let s = setup();
    let arm = Arm::compile(s, "factual", &free_config(), s.params.clone()).unwrap();
    for row in run_rows(s, 1, &ParamSource::Fixed, &arm, 0..5) {
        let line = row.to_json_line();
        assert!(!line.contains('\n'));
        let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&line).unwrap();
        assert_eq!(v.len(), RunRow::columns().len());
        assert_eq!(v["seed"], 1);
        assert_eq!(v["what_if"], "factual");
    }
}
