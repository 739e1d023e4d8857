//! Text made safe to place inside HTML, SVG or XML: one escaper for every writer of markup.

/// Escapes text for XML and HTML content and attribute values: the five markup characters become
/// references, and control characters other than newline and tab (not allowed in XML 1.0) are dropped.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; they carry nothing a reader needs.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_markup;

    #[test]
    fn escapes_the_markup_characters_and_drops_controls() {
        assert_eq!(
            escape_markup(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(
            escape_markup("line\none\ttab\u{1}bell"),
            "line\none\ttabbell"
        );
        assert_eq!(escape_markup("開封 1126"), "開封 1126");
    }
}
