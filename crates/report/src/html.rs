//! The HTML page: one inline stylesheet, a table of contents, and sections each with a caption saying
//! how to read it. No script, no external stylesheet, font or image: the file opens offline.

use bianjing_export::escape_markup;

/// A section of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The anchor (`id` attribute), stable across versions: links and tests use it.
    pub id: &'static str,
    pub title: String,
    /// How to read it (plain text).
    pub caption: String,
    /// The body, already HTML.
    pub body: String,
}

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', 'Noto Sans CJK SC',
  'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
  color: #222; background: #fafafa; margin: 0; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p.meta { color: #555; margin-top: 0; }
p.caption { background: #f3f5f8; border-left: 4px solid #8aa4c8; padding: 0.5rem 0.8rem; color: #333; }
p.note { color: #7a4a00; background: #fff7e6; border-left: 4px solid #e6a700; padding: 0.5rem 0.8rem; }
p.headline { font-size: 1.08rem; }
nav ol { columns: 2; padding-left: 1.4rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.88rem; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 0.22rem 0.6rem; text-align: right; white-space: nowrap; }
th { background: #f4f4f4; }
td:first-child, th:first-child { text-align: left; }
table.text td, table.text th { text-align: left; white-space: normal; }
.grid { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: flex-start; }
.scroll { overflow-x: auto; }
svg { display: block; max-width: 100%; height: auto; }
code { background: #f2f2f2; padding: 0 0.25rem; }
ul.findings li { margin-bottom: 0.35rem; }
";

/// The whole page.
pub fn page(title: &str, meta: &str, sections: &[Section]) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape_markup(title)));
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape_markup(title)));
    out.push_str(&format!("<p class=\"meta\">{}</p>\n", escape_markup(meta)));
    out.push_str("<nav aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    for s in sections {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            s.id,
            escape_markup(&s.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    for s in sections {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"caption\">{}</p>\n{}\n</section>\n",
            s.id,
            escape_markup(&s.title),
            escape_markup(&s.caption),
            s.body
        ));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A table: the first column left-aligned (labels), the others right-aligned (numbers). Cells are
/// text and are escaped.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for h in headers {
        out.push_str(&format!("<th>{}</th>", escape_markup(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", escape_markup(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// A table of words rather than numbers: every column left-aligned, long cells wrapping.
pub fn text_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    table(headers, rows).replacen("<table>", "<table class=\"text\">", 1)
}

/// A paragraph of text, escaped.
pub fn para(class: &str, text: &str) -> String {
    if class.is_empty() {
        format!("<p>{}</p>\n", escape_markup(text))
    } else {
        format!("<p class=\"{class}\">{}</p>\n", escape_markup(text))
    }
}

/// Plots side by side, wrapping.
pub fn grid(items: &[String]) -> String {
    let mut out = String::from("<div class=\"grid\">\n");
    for i in items {
        out.push_str("<figure style=\"margin:0\">\n");
        out.push_str(i);
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_escape_their_cells() {
        let t = table(&["a<b"], &[vec!["<script>x</script>".into()]]);
        assert!(t.contains("<th>a&lt;b</th>"));
        assert!(t.contains("<td>&lt;script&gt;x&lt;/script&gt;</td>"));
    }

    #[test]
    fn the_page_lists_every_section_in_its_contents() {
        let s = |id| Section {
            id,
            title: format!("T {id}"),
            caption: "read me".into(),
            body: "<p>b</p>".into(),
        };
        let html = page("R & D", "meta", &[s("one"), s("two")]);
        assert!(html.contains("<title>R &amp; D</title>"));
        assert!(html.contains("<a href=\"#one\">T one</a>"));
        assert!(html.contains("<section id=\"two\">"));
        assert_eq!(html.matches("<p class=\"caption\">read me</p>").count(), 2);
    }
}
