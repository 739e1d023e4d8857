//! Located error messages and their rustc-like rendering.

use std::fmt;
use std::ops::Range;

/// Most diagnostics returned for one file; past that a last one says that more were left out.
/// A real scenario never gets near it; it keeps hostile input from costing unbounded memory.
pub const MAX_ERRORS: usize = 1000;

/// A 1-based position in the source text. The column counts characters, not bytes, so that it
/// matches what an editor shows for lines with Chinese names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem in a scenario file.
///
/// `path` names the value in the file's own terms (`force[3].commander`, `scenario.start`); it is
/// empty for problems that concern the file as a whole. `expected` says what would have been
/// accepted. Display renders the offending line with a caret underneath, in the style of rustc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub path: String,
    pub message: String,
    pub expected: String,
    /// The source line and the underlined part of it; absent when the text is not available
    /// (for instance, input refused before it was decoded).
    snippet: Option<Snippet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    text: String,
    /// 0-based character index of the first underlined character.
    start: usize,
    /// Number of underlined characters, at least 1.
    len: usize,
}

impl Diagnostic {
    /// A diagnostic at a position given directly, with no source line to show.
    pub fn new(
        file: impl Into<String>,
        location: Location,
        path: impl Into<String>,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: location.line,
            column: location.column,
            path: path.into(),
            message: message.into(),
            expected: expected.into(),
            snippet: None,
        }
    }

    /// The position as a [`Location`].
    pub fn location(&self) -> Location {
        Location {
            line: self.line,
            column: self.column,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.column)?;
        if let Some(snippet) = &self.snippet {
            let (shown, caret_at, caret_len) = snippet.render();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, shown)?;
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(caret_at),
                "^".repeat(caret_len)
            )?;
        }
        if !self.path.is_empty() {
            writeln!(f, "{pad} = at: {}", self.path)?;
        }
        if !self.expected.is_empty() {
            writeln!(f, "{pad} = expected {}", self.expected)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

impl Snippet {
    /// The line as printed (tabs expanded, control characters made visible) and the caret's
    /// position and length in terminal cells, so that the carets sit under wide characters.
    fn render(&self) -> (String, usize, usize) {
        let mut shown = String::new();
        let mut cells = 0;
        let mut caret_at = 0;
        let mut caret_len = 0;
        let mut end_seen = false;
        for (i, c) in self.text.chars().enumerate() {
            if i == self.start {
                caret_at = cells;
            }
            let (piece, width) = display_char(c);
            shown.push_str(&piece);
            if i >= self.start && i < self.start + self.len {
                caret_len += width;
                end_seen = true;
            }
            cells += width;
        }
        if self.start >= self.text.chars().count() {
            // The span starts at the end of the line (a missing value, end of file).
            caret_at = cells;
        }
        if !end_seen || caret_len == 0 {
            caret_len = 1;
        }
        (shown, caret_at, caret_len)
    }
}

fn display_char(c: char) -> (String, usize) {
    match c {
        '\t' => ("    ".to_owned(), 4),
        c if c.is_control() => {
            let s = c.escape_unicode().to_string();
            let n = s.len();
            (s, n)
        }
        c => (c.to_string(), char_width(c)),
    }
}

/// Terminal cells taken by a character: East Asian wide and full-width characters take two.
/// A small table is enough for the scripts a scenario file contains.
fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(
        u,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD
    );
    if wide { 2 } else { 1 }
}

/// All the problems found in one file. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Collects diagnostics about `file`, sorted in file order, duplicates removed. Later layers
    /// use it to report their own findings made with [`crate::Scenario::diagnostic`].
    pub fn new(file: &str, mut items: Vec<Diagnostic>) -> Diagnostics {
        // File order reads best, whatever order the passes found things in; the sort is stable so
        // that several problems at one spot keep the order they were found in.
        items.sort_by_key(|d| (d.line, d.column));
        let mut seen = std::collections::HashSet::new();
        items.retain(|d| seen.insert((d.line, d.column, d.path.clone(), d.message.clone())));
        if items.len() > MAX_ERRORS {
            items.truncate(MAX_ERRORS);
            let last = items[MAX_ERRORS - 1].location();
            items.push(Diagnostic::new(
                file,
                last,
                "",
                format!("too many errors: only the first {MAX_ERRORS} are shown"),
                "fewer errors; fix these and load again",
            ));
        }
        Diagnostics {
            file: file.to_owned(),
            items,
        }
    }

    /// The file name the diagnostics refer to.
    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        let n = self.items.len();
        let noun = if n == 1 { "error" } else { "errors" };
        write!(f, "{n} {noun} in {}", self.file)
    }
}

impl std::error::Error for Diagnostics {}

/// Byte offsets of line starts, to turn spans into lines and columns.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 0-based line and the byte range of that line without its line ending.
    fn line_of(&self, text: &str, offset: usize) -> (usize, Range<usize>) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (line, start..end.max(start))
    }

    pub(crate) fn location(&self, text: &str, offset: usize) -> Location {
        let offset = floor_boundary(text, offset);
        let (line, range) = self.line_of(text, offset);
        let column = text[range.start..offset.min(range.end).max(range.start)]
            .chars()
            .count()
            + 1;
        Location {
            line: line + 1,
            column,
        }
    }
}

/// The part of a long line worth printing around the caret (a minified or binary file can have
/// one line of megabytes), with the caret's new character index.
fn window(line: &str, start: usize, len: usize) -> (String, usize) {
    const CONTEXT: usize = 60;
    let count = line.chars().count();
    if count <= 2 * CONTEXT + 80 {
        return (line.to_owned(), start);
    }
    let from = start.saturating_sub(CONTEXT);
    let to = (start + len.min(80) + CONTEXT).min(count);
    let mut text = String::new();
    let mut caret = start - from;
    if from > 0 {
        text.push('…');
        caret += 1;
    }
    text.extend(line.chars().skip(from).take(to - from));
    if to < count {
        text.push('…');
    }
    (text, caret)
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The text being loaded, for turning byte spans into diagnostics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub(crate) file: &'a str,
    pub(crate) text: &'a str,
    pub(crate) lines: &'a LineIndex,
}

impl Source<'_> {
    pub(crate) fn diagnostic(
        &self,
        span: Range<usize>,
        path: impl Into<String>,
        message: impl Into<String>,
        expected: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_boundary(self.text, span.start);
        let end = floor_boundary(self.text, span.end.max(start));
        let location = self.lines.location(self.text, start);
        let (_, line) = self.lines.line_of(self.text, start);
        let len = self.text[start..end.min(line.end).max(start)]
            .chars()
            .count();
        let (text, caret) = window(&self.text[line.clone()], location.column - 1, len);
        Diagnostic {
            file: self.file.to_owned(),
            line: location.line,
            column: location.column,
            path: path.into(),
            message: message.into(),
            expected: expected.into(),
            snippet: Some(Snippet {
                text,
                start: caret,
                len: len.max(1),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let text = "[[force]]\ncomander = \"wolibu\"\n";
        let lines = LineIndex::new(text);
        let source = Source {
            file: "scenario.toml",
            text,
            lines: &lines,
        };
        let d = source.diagnostic(
            10..18,
            "force[0].comander",
            "unknown key `comander`",
            "one of: id, name",
        );
        assert_eq!((d.line, d.column), (2, 1));
        let shown = d.to_string();
        assert_eq!(
            shown,
            "error: unknown key `comander`\n --> scenario.toml:2:1\n  |\n2 | comander = \"wolibu\"\n  | ^^^^^^^^\n  = at: force[0].comander\n  = expected one of: id, name\n"
        );
    }

    #[test]
    fn columns_count_characters_and_carets_cells() {
        let text = "name = \"李綱\" x\n";
        let lines = LineIndex::new(text);
        let source = Source {
            file: "f",
            text,
            lines: &lines,
        };
        let x = text.find(" x").unwrap() + 1;
        let d = source.diagnostic(x..x + 1, "", "m", "");
        assert_eq!(d.column, 13);
        let caret_line = format!("  |{}^\n", " ".repeat(15));
        assert!(d.to_string().contains(&caret_line), "{d}");
    }

    #[test]
    fn location_at_end_of_text() {
        let text = "a\nbc";
        let lines = LineIndex::new(text);
        assert_eq!(lines.location(text, 4), Location { line: 2, column: 3 });
        assert_eq!(lines.location(text, 99), Location { line: 2, column: 3 });
    }
}
