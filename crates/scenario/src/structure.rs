//! Pass c: the spanned parse tree checked against the JSON Schema derived from the model types.
//!
//! Serde stops at the first error and loses positions on the way; this walker reports every
//! unknown key, missing key, wrong type, bad enum value and out-of-range number at once, each
//! at its own span. It knows nothing of the scenario: the schema is the single source of truth,
//! so a field added to `model.rs` is checked without touching this file.
//!
//! Supported keywords are those schemars 1.x emits for plain serde types: `$ref` into `$defs`,
//! `type` (a string or an array, `"null"` meaning "may be absent" since TOML has no null),
//! `anyOf`/`oneOf`, `const`, `enum`, `properties`, `required`, `additionalProperties`,
//! `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, `minimum`/`maximum`
//! (and their exclusive forms) and integer `format`s.

use std::ops::Range;

use serde_json::Value as Json;
use toml::Spanned;
use toml::de::DeValue;

use crate::span_index::{join_index, join_key};

/// One structural problem, positioned by span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub(crate) span: Range<usize>,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) expected: String,
}

/// Checks `value` (the document root) against `schema` (a root schema with its `$defs`).
pub(crate) fn check(value: &Spanned<DeValue<'_>>, schema: &Json) -> Vec<Problem> {
    let mut walker = Walker {
        root: schema,
        problems: Vec::new(),
    };
    walker.value(value, schema, "");
    walker.problems
}

struct Walker<'s> {
    root: &'s Json,
    problems: Vec<Problem>,
}

/// The TOML kinds, as users know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    Array,
    Table,
}

impl Kind {
    fn of(value: &DeValue<'_>) -> Kind {
        match value {
            DeValue::String(_) => Kind::String,
            DeValue::Integer(_) => Kind::Integer,
            DeValue::Float(_) => Kind::Float,
            DeValue::Boolean(_) => Kind::Boolean,
            DeValue::Datetime(_) => Kind::Datetime,
            DeValue::Array(_) => Kind::Array,
            DeValue::Table(_) => Kind::Table,
        }
    }

    fn with_article(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Float => "a float",
            Kind::Boolean => "a boolean",
            Kind::Datetime => "an unquoted date or time",
            Kind::Array => "an array",
            Kind::Table => "a table",
        }
    }

    /// Whether a value of this kind satisfies the JSON Schema `type` name.
    fn fits(self, json_type: &str) -> bool {
        matches!(
            (json_type, self),
            ("string", Kind::String)
                | ("integer", Kind::Integer)
                // TOML writes `3` for a float that happens to be whole; serde accepts it too.
                | ("number", Kind::Integer | Kind::Float)
                | ("boolean", Kind::Boolean)
                | ("array", Kind::Array)
                | ("object", Kind::Table)
        )
    }
}

impl<'s> Walker<'s> {
    fn report(
        &mut self,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) {
        // One more than the cap, so that the caller can tell that some were left out.
        if self.problems.len() > crate::diagnostic::MAX_ERRORS {
            return;
        }
        self.problems.push(Problem {
            span,
            path: path.to_owned(),
            message: message.into(),
            expected: expected.into(),
        });
    }

    /// Follows `$ref`s; a bounded number of hops so that a cyclic schema cannot loop.
    fn resolve(&self, mut schema: &'s Json) -> &'s Json {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Json::as_str) else {
                break;
            };
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer));
            match target {
                Some(t) => schema = t,
                None => break,
            }
        }
        schema
    }

    fn value(&mut self, value: &Spanned<DeValue<'_>>, schema: &'s Json, path: &str) {
        let schema = self.resolve(schema);
        let span = value.span();
        match schema {
            Json::Bool(true) => return,
            Json::Bool(false) => {
                self.report(span, path, "no value is allowed here", "nothing");
                return;
            }
            _ => {}
        }
        if let Some(branches) = self.branches(schema) {
            if !self.one_of(value, &branches, path) {
                return;
            }
        }
        if let Some(allowed) = choices(schema) {
            self.choice(value, &allowed, path);
            return;
        }
        let types = types(schema);
        let kind = Kind::of(value.get_ref());
        if !types.is_empty() && !types.iter().any(|t| kind.fits(t)) {
            self.wrong_type(value, &describe_types(&types, schema, self), path);
            return;
        }
        match value.get_ref() {
            DeValue::Table(table) => self.table(table, span, schema, path),
            DeValue::Array(items) => {
                self.count(items.len(), span.clone(), schema, path);
                if let Some(item_schema) = schema.get("items").filter(|s| !s.is_array()) {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, item_schema, &join_index(path, i));
                    }
                }
            }
            DeValue::Integer(int) => {
                let parsed = i128::from_str_radix(int.as_str(), int.radix()).ok();
                self.integer(parsed, span, schema, path);
            }
            DeValue::Float(float) => {
                let parsed = float.as_str().replace('_', "").parse::<f64>().ok();
                self.number(parsed.unwrap_or(f64::NAN), "a number", span, schema, path);
            }
            DeValue::String(s) => self.string(s, span, schema, path),
            DeValue::Boolean(_) | DeValue::Datetime(_) => {}
        }
    }

    /// The alternatives of `anyOf`/`oneOf` that can hold a value: a `null` branch only says
    /// the key may be left out.
    fn branches(&self, schema: &'s Json) -> Option<Vec<&'s Json>> {
        let list = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))?
            .as_array()?;
        Some(
            list.iter()
                .map(|b| self.resolve(b))
                .filter(|b| {
                    let t = types(b);
                    !(t.len() == 1 && t[0] == "null" && b.get("const").is_none())
                })
                .collect(),
        )
    }

    /// Checks a value against alternatives; returns whether the caller should go on with the
    /// schema's other keywords (no error was reported).
    fn one_of(&mut self, value: &Spanned<DeValue<'_>>, branches: &[&'s Json], path: &str) -> bool {
        if branches.is_empty() {
            return true;
        }
        // Unit enums, with or without doc comments, are alternatives of constants.
        let mut constants = Vec::new();
        if branches.iter().all(|b| match choices(b) {
            Some(c) => {
                constants.extend(c);
                true
            }
            None => false,
        }) {
            self.choice(value, &constants, path);
            return false;
        }
        if let [only] = branches {
            let before = self.problems.len();
            self.value(value, only, path);
            return self.problems.len() == before;
        }
        let kind = Kind::of(value.get_ref());
        let mut first_fitting: Option<Vec<Problem>> = None;
        for branch in branches {
            let saved = std::mem::take(&mut self.problems);
            self.value(value, branch, path);
            let found = std::mem::replace(&mut self.problems, saved);
            if found.is_empty() {
                return true;
            }
            let t = types(branch);
            if first_fitting.is_none() && (t.is_empty() || t.iter().any(|t| kind.fits(t))) {
                first_fitting = Some(found);
            }
        }
        match first_fitting {
            // The alternative of the right kind explains best what is wrong inside the value.
            Some(found) => self.problems.extend(found),
            None => {
                let mut all = Vec::new();
                for b in branches {
                    all.extend(types(b));
                }
                let expected = describe_types(&all, &Json::Null, self);
                self.wrong_type(value, &expected, path);
            }
        }
        false
    }

    fn choice(&mut self, value: &Spanned<DeValue<'_>>, allowed: &[&'s Json], path: &str) {
        let listed = allowed
            .iter()
            .map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>();
        let expected = format!("one of: {}", listed.join(", "));
        let matches = allowed.iter().any(|a| json_equals(a, value.get_ref()));
        if matches {
            return;
        }
        match value.get_ref() {
            DeValue::String(s) => {
                let mut message = format!("unknown value `{s}` for `{}`", field_name(path));
                let suggestion = (self.problems.len() < MAX_SUGGESTIONS)
                    .then(|| closest(s, listed.iter().map(String::as_str)))
                    .flatten();
                if let Some(close) = suggestion {
                    message.push_str(&format!(" (did you mean `{close}`?)"));
                }
                self.report(value.span(), path, message, expected);
            }
            other if allowed.iter().all(|a| a.is_string()) => {
                self.report(
                    value.span(),
                    path,
                    format!("wrong type: found {}", Kind::of(other).with_article()),
                    format!("a string, {expected}"),
                );
            }
            _ => self.report(value.span(), path, "value not allowed here", expected),
        }
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, expected: &str, path: &str) {
        let kind = Kind::of(value.get_ref());
        let mut message = format!("wrong type: found {}", kind.with_article());
        if kind == Kind::Datetime && expected.contains("string") {
            message.push_str(" (dates are written as quoted strings)");
        }
        self.report(value.span(), path, message, expected);
    }

    fn table(
        &mut self,
        table: &toml::de::DeTable<'_>,
        span: Range<usize>,
        schema: &'s Json,
        path: &str,
    ) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        for (key, child) in table.iter() {
            let name = key.get_ref().as_ref();
            let child_path = join_key(path, name);
            if let Some(prop) = properties.and_then(|p| p.get(name)) {
                self.value(child, prop, &child_path);
                continue;
            }
            match additional {
                Some(Json::Bool(false)) => {
                    let known = key_order(properties, &required);
                    let mut message = format!("unknown key `{name}`");
                    let suggestion = (self.problems.len() < MAX_SUGGESTIONS)
                        .then(|| closest(name, known.iter().copied()))
                        .flatten();
                    if let Some(close) = suggestion {
                        message.push_str(&format!(" (did you mean `{close}`?)"));
                    }
                    let expected = if known.is_empty() {
                        "no keys in this table".to_owned()
                    } else {
                        format!("one of: {}", known.join(", "))
                    };
                    self.report(key.span(), &child_path, message, expected);
                }
                Some(extra @ Json::Object(_)) => self.value(child, extra, &child_path),
                _ => {}
            }
        }
        for name in &required {
            if table.get(*name).is_none() {
                let mut expected = format!("a key `{name}`");
                if let Some(prop) = properties.and_then(|p| p.get(*name)) {
                    let prop = self.resolve(prop);
                    expected.push_str(&format!(", {}", describe_types(&types(prop), prop, self)));
                    if let Some(doc) = description(properties.and_then(|p| p.get(*name)), prop) {
                        expected.push_str(&format!(": {doc}"));
                    }
                }
                let where_ = if path.is_empty() {
                    "at the top level".to_owned()
                } else {
                    format!("in `{path}`")
                };
                self.report(
                    span.clone(),
                    &join_key(path, name),
                    format!("missing key `{name}` {where_}"),
                    expected,
                );
            }
        }
    }

    fn count(&mut self, len: usize, span: Range<usize>, schema: &Json, path: &str) {
        let min = schema.get("minItems").and_then(Json::as_u64);
        let max = schema.get("maxItems").and_then(Json::as_u64);
        let ok = min.is_none_or(|m| len as u64 >= m) && max.is_none_or(|m| len as u64 <= m);
        if !ok {
            self.report(
                span,
                path,
                format!("wrong number of items: {len}"),
                format!(
                    "{} items",
                    range_words(min.map(|m| m as f64), max.map(|m| m as f64))
                ),
            );
        }
    }

    fn string(&mut self, s: &str, span: Range<usize>, schema: &Json, path: &str) {
        let len = s.chars().count() as u64;
        let min = schema.get("minLength").and_then(Json::as_u64);
        let max = schema.get("maxLength").and_then(Json::as_u64);
        if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
            self.report(
                span,
                path,
                format!("string of {len} characters has the wrong length"),
                format!(
                    "a string of {} characters",
                    range_words(min.map(|m| m as f64), max.map(|m| m as f64))
                ),
            );
        }
    }

    fn integer(&mut self, value: Option<i128>, span: Range<usize>, schema: &Json, path: &str) {
        if let Some((lo, hi)) = schema
            .get("format")
            .and_then(Json::as_str)
            .and_then(format_bounds)
        {
            let fits = value.is_some_and(|v| lo <= v && v <= hi);
            if !fits {
                let shown = value.map_or("the integer".to_owned(), |v| v.to_string());
                self.report(
                    span,
                    path,
                    format!("{shown} is out of range for `{}`", field_name(path)),
                    format!("an integer from {lo} to {hi}"),
                );
                return;
            }
        }
        // Within the format's range an i128 converts to f64 exactly enough for bounds checks.
        let value = value.map_or(f64::NAN, |v| v as f64);
        self.number(value, "an integer", span, schema, path);
    }

    fn number(&mut self, value: f64, noun: &str, span: Range<usize>, schema: &Json, path: &str) {
        let min = schema.get("minimum").and_then(Json::as_f64);
        let max = schema.get("maximum").and_then(Json::as_f64);
        let xmin = schema.get("exclusiveMinimum").and_then(Json::as_f64);
        let xmax = schema.get("exclusiveMaximum").and_then(Json::as_f64);
        if min.is_none() && max.is_none() && xmin.is_none() && xmax.is_none() {
            return;
        }
        // NaN fails every comparison, so it is caught here too.
        let ok = min.is_none_or(|m| value >= m)
            && max.is_none_or(|m| value <= m)
            && xmin.is_none_or(|m| value > m)
            && xmax.is_none_or(|m| value < m);
        if ok {
            return;
        }
        let mut expected = match (min, max) {
            (Some(lo), Some(hi)) => format!("{noun} from {lo} to {hi}"),
            (Some(lo), None) => format!("{noun} of at least {lo}"),
            (None, Some(hi)) => format!("{noun} of at most {hi}"),
            (None, None) => noun.to_owned(),
        };
        if let Some(lo) = xmin {
            expected.push_str(&format!(" greater than {lo}"));
        }
        if let Some(hi) = xmax {
            expected.push_str(&format!(" less than {hi}"));
        }
        self.report(
            span,
            path,
            format!(
                "{} is out of range for `{}`",
                show_number(value),
                field_name(path)
            ),
            expected,
        );
    }
}

/// The allowed values if the schema is a `const` or an `enum`.
fn choices(schema: &Json) -> Option<Vec<&Json>> {
    if let Some(c) = schema.get("const") {
        return Some(vec![c]);
    }
    schema
        .get("enum")
        .and_then(Json::as_array)
        .map(|e| e.iter().collect())
}

/// The JSON types a schema allows, without `null`.
fn types(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(list)) => {
            let mut t: Vec<&str> = list.iter().filter_map(Json::as_str).collect();
            if t.len() > 1 {
                t.retain(|t| *t != "null");
            }
            t
        }
        _ => Vec::new(),
    }
}

/// "a string", "an array of tables", "an integer or a boolean".
fn describe_types(types: &[&str], schema: &Json, walker: &Walker<'_>) -> String {
    let items_are_tables = schema
        .get("items")
        .map(|i| walker.resolve(i))
        .is_some_and(|i| i.get("type").and_then(Json::as_str) == Some("object"));
    let mut words: Vec<&str> = Vec::new();
    for t in types {
        let w = match *t {
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean",
            "array" if items_are_tables => "an array of tables",
            "array" => "an array",
            "object" => "a table",
            "null" => continue,
            other => other,
        };
        if !words.contains(&w) {
            words.push(w);
        }
    }
    if words.is_empty() {
        if let Some(c) = choices(schema) {
            return format!(
                "one of: {}",
                c.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        return "a value".to_owned();
    }
    words.join(" or ")
}

/// The first sentence of a property's description, from the property or the type it refers to.
fn description(property: Option<&Json>, resolved: &Json) -> Option<String> {
    let text = property
        .and_then(|p| p.get("description"))
        .or_else(|| resolved.get("description"))
        .and_then(Json::as_str)?;
    let first = text.split_inclusive(". ").next().unwrap_or(text).trim();
    Some(first.to_owned())
}

/// Keys in the order a reader expects: required ones as declared, then the optional ones.
/// (The schema's `properties` lose declaration order; `required` keeps it.)
fn key_order<'a>(
    properties: Option<&'a serde_json::Map<String, Json>>,
    required: &[&'a str],
) -> Vec<&'a str> {
    let mut keys: Vec<&str> = required.to_vec();
    if let Some(p) = properties {
        for k in p.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    keys
}

fn json_equals(json: &Json, value: &DeValue<'_>) -> bool {
    match (json, value) {
        (Json::String(a), DeValue::String(b)) => a == b.as_ref(),
        (Json::Bool(a), DeValue::Boolean(b)) => a == b,
        (Json::Number(a), DeValue::Integer(b)) => {
            let b = i128::from_str_radix(b.as_str(), b.radix()).ok();
            a.as_i64().map(i128::from) == b || a.as_u64().map(i128::from) == b
        }
        (Json::Number(a), DeValue::Float(b)) => a.as_f64() == b.as_str().parse().ok(),
        _ => false,
    }
}

/// Inclusive bounds of schemars' integer formats.
fn format_bounds(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" | "uint" => (0, u64::MAX.into()),
        _ => return None,
    })
}

fn range_words(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo}"),
        (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => "any number of".to_owned(),
    }
}

fn show_number(v: f64) -> String {
    if v.is_nan() {
        "nan".to_owned()
    } else {
        v.to_string()
    }
}

/// The key a path ends in, for messages about array items too: `days` for
/// `calendar.month[3].days`, `kind` for `force[2].kind`, `side` for `person[0].side`.
fn field_name(path: &str) -> &str {
    let mut p = path;
    loop {
        let last = crate::span_index::last_segment(p);
        if !last.starts_with('[') || p.is_empty() {
            return last;
        }
        match crate::span_index::parent(p) {
            Some(parent) if !parent.is_empty() => p = parent,
            _ => return last,
        }
    }
}

/// Suggestions cost an edit distance per candidate; past this many problems there are none.
pub(crate) const MAX_SUGGESTIONS: usize = 100;

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
/// Long words and long candidate lists are not searched: no typo of an id is that long, and
/// hostile input should not cost quadratic time.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = word.chars().count();
    if len > 32 {
        return None;
    }
    let limit = (len / 3).max(1);
    candidates
        .take(2000)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 16 || b.len() > 48 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, schema: Json) -> Vec<Problem> {
        let (root, errors) = toml::de::DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        check(&root, &schema)
    }

    #[test]
    fn generic_keywords() {
        let schema = json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["n", "e"],
            "properties": {
                "n": {"type": "integer", "format": "uint8", "minimum": 1},
                "e": {"$ref": "#/$defs/E"},
                "o": {"anyOf": [{"$ref": "#/$defs/T"}, {"type": "null"}]},
                "s": {"type": ["string", "null"]},
                "f": {"type": "number", "maximum": 1.5}
            },
            "$defs": {
                "E": {"oneOf": [{"const": "a", "description": "x"}, {"enum": ["b", "c"]}]},
                "T": {"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"]}
            }
        });
        assert!(
            run(
                "n = 3\ne = \"b\"\no = {x = true}\ns = \"q\"\nf = 1\n",
                schema.clone()
            )
            .is_empty()
        );
        let p = run(
            "n = 300\ne = \"d\"\no = {}\ns = 1\nf = 2.0\nz = 1\n",
            schema.clone(),
        );
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["e", "f", "n", "o.x", "s", "z"], "{p:#?}");
        assert_eq!(p[0].expected, "one of: a, b, c");
        assert_eq!(p[2].expected, "an integer from 0 to 255");
        assert_eq!(p[4].expected, "a string");
        assert_eq!(p[5].expected, "one of: n, e, f, o, s");
        let p = run("n = 0\n", schema);
        assert_eq!(p[0].message, "0 is out of range for `n`");
        assert_eq!(p[1].message, "missing key `e` at the top level");
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            closest("comander", ["id", "commander"].into_iter()),
            Some("commander")
        );
        assert_eq!(closest("zzz", ["id", "commander"].into_iter()), None);
    }
}
