//! Where each value sits in the text, by path.
//!
//! Serde forgets positions once a value is typed, yet every later check (references, dates, the
//! engine's own vocabulary) must still point at a line and column. So the spanned parse tree is
//! flattened once into `path -> byte range`, with paths written the way a user reads the file:
//! `scenario.start`, `force[3].commander`, `event[12].date[0].value`.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

/// Byte ranges of every value in a parsed file, by path.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanIndex {
    spans: HashMap<String, Range<usize>>,
}

impl SpanIndex {
    /// Indexes a parsed document. The root table gets the empty path.
    pub(crate) fn build(root: &Spanned<DeValue<'_>>) -> SpanIndex {
        let mut spans = HashMap::new();
        // Explicit stack: the guard bounds depth, but there is no need to lean on it here.
        let mut todo: Vec<(String, &Spanned<DeValue<'_>>)> = vec![(String::new(), root)];
        while let Some((path, value)) = todo.pop() {
            match value.get_ref() {
                DeValue::Table(table) => {
                    for (key, child) in table.iter() {
                        todo.push((join_key(&path, key.get_ref()), child));
                    }
                }
                DeValue::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        todo.push((join_index(&path, i), child));
                    }
                }
                _ => {}
            }
            spans.insert(path, value.span());
        }
        SpanIndex { spans }
    }

    pub(crate) fn get(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }

    /// The span of `path`, or of its nearest ancestor that is written in the file (a defaulted
    /// field has no text of its own, but its table does), with the path actually found.
    pub(crate) fn nearest(&self, path: &str) -> (String, Range<usize>) {
        let mut current = path;
        loop {
            if let Some(span) = self.spans.get(current) {
                return (current.to_owned(), span.clone());
            }
            match parent(current) {
                Some(p) => current = p,
                None => return (String::new(), 0..0),
            }
        }
    }

    /// The most specific path whose value contains `offset`.
    pub(crate) fn path_at(&self, offset: usize) -> Option<&str> {
        self.spans
            .iter()
            .filter(|(_, s)| s.start <= offset && offset < s.end.max(s.start + 1))
            .min_by_key(|(p, s)| (s.end - s.start, std::cmp::Reverse(p.len())))
            .map(|(p, _)| p.as_str())
    }
}

/// `parent.key`, quoting the key when it is not a bare TOML key.
pub(crate) fn join_key(parent: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let key = if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    };
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
    }
}

pub(crate) fn join_index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// The path one level up, or `None` at the root. Quoted keys may contain `.` or `[`, so the
/// last separator is looked for outside quotes.
pub(crate) fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let mut cut = 0;
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in path.char_indices() {
        if in_quotes {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quotes = false;
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            '.' | '[' => cut = i,
            _ => {}
        }
    }
    Some(&path[..cut])
}

/// The last segment of a path, for messages: `commander` for `force[3].commander`.
pub(crate) fn last_segment(path: &str) -> &str {
    match parent(path) {
        Some(p) if !p.is_empty() => path[p.len()..].trim_start_matches('.'),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents() {
        assert_eq!(parent("event[12].date[0].value"), Some("event[12].date[0]"));
        assert_eq!(parent("event[12].date[0]"), Some("event[12].date"));
        assert_eq!(parent("event"), Some(""));
        assert_eq!(parent(""), None);
        assert_eq!(parent("a.\"b.c[1]\""), Some("a"));
        assert_eq!(last_segment("force[3].commander"), "commander");
        assert_eq!(last_segment("force[3]"), "[3]");
    }

    #[test]
    fn keys_are_quoted_when_needed() {
        assert_eq!(join_key("", "force"), "force");
        assert_eq!(join_key("a", "b c"), "a.\"b c\"");
        assert_eq!(join_index("force", 3), "force[3]");
    }

    #[test]
    fn index_and_nearest() {
        let text = "[scenario]\nstart = \"JK1 1/2\"\n[[force]]\nid = \"a\"\n";
        let (root, errors) = toml::de::DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        let index = SpanIndex::build(&root);
        let span = index.get("scenario.start").unwrap();
        assert_eq!(&text[span], "\"JK1 1/2\"");
        let (found, span) = index.nearest("force[0].commander");
        assert_eq!(found, "force[0]");
        assert_eq!(&text[span], "[[force]]");
        let at = text.find("\"a\"").unwrap() + 1;
        assert_eq!(index.path_at(at), Some("force[0].id"));
    }
}
