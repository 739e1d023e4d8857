//! A small SVG writer: shapes and text into one `<svg>` element, every attribute value and text escaped.
//!
//! Presentation is given as attributes (fill, stroke, font size), not by class, so that a plot looks
//! the same inline in the report, saved on its own, or converted by a tool that ignores the page's
//! stylesheet. Fonts are generic families only: nothing is fetched.

use std::fmt::Write as _;

/// The font of every plot: a generic family, so nothing is fetched and every system has one.
use bianjing_export::escape_markup;

pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', \
    'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// A coordinate or length, rounded to a hundredth of a pixel; non-finite values become 0 so that a
/// bad number never makes the document invalid.
pub fn px(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Where text sits relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub anchor: Anchor,
    pub size: f64,
    pub bold: bool,
    pub fill: &'a str,
    /// Degrees, about the anchor point.
    pub rotate: f64,
}

impl Text<'_> {
    pub const fn plain(anchor: Anchor, size: f64) -> Text<'static> {
        Text {
            anchor,
            size,
            bold: false,
            fill: "#222",
            rotate: 0.0,
        }
    }
}

/// An SVG document being written.
#[derive(Debug, Clone)]
pub struct Svg {
    width: f64,
    height: f64,
    label: String,
    body: String,
}

impl Svg {
    /// An empty drawing of `width` x `height` pixels; `label` is its accessible name and tooltip.
    pub fn new(width: f64, height: f64, label: &str) -> Svg {
        Svg {
            width,
            height,
            label: label.to_string(),
            body: String::new(),
        }
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    pub fn height(&self) -> f64 {
        self.height
    }

    /// Changes the height (plots that learn their height while drawing).
    pub fn set_height(&mut self, height: f64) {
        self.height = height;
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
            px(x1),
            px(y1),
            px(x2),
            px(y2),
            escape_markup(stroke),
            px(width)
        );
    }

    pub fn dashed_line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" stroke-dasharray="4 3"/>"#,
            px(x1),
            px(y1),
            px(x2),
            px(y2),
            escape_markup(stroke),
            px(width)
        );
    }

    /// A filled rectangle; negative sizes are turned around so the rectangle is still drawn.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, opacity: f64) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}"/>"#,
            px(x),
            px(y),
            px(w),
            px(h),
            escape_markup(fill),
            px(opacity)
        );
    }

    /// A rectangle with a tooltip (shown on hover in browsers).
    pub fn rect_titled(
        &mut self,
        (x, y, w, h): (f64, f64, f64, f64),
        fill: &str,
        opacity: f64,
        title: &str,
    ) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}"><title>{}</title></rect>"#,
            px(x),
            px(y),
            px(w),
            px(h),
            escape_markup(fill),
            px(opacity),
            escape_markup(title)
        );
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, title: &str) {
        let _ = writeln!(
            self.body,
            r##"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="1"><title>{}</title></circle>"##,
            px(cx),
            px(cy),
            px(r),
            escape_markup(fill),
            escape_markup(title)
        );
    }

    /// A filled polygon (bands).
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, opacity: f64) {
        if points.len() < 3 {
            return;
        }
        let _ = writeln!(
            self.body,
            r#"<polygon points="{}" fill="{}" fill-opacity="{}" stroke="none"/>"#,
            points_attr(points),
            escape_markup(fill),
            px(opacity)
        );
    }

    /// An open line through `points` (a median over days).
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        if points.len() < 2 {
            return;
        }
        let _ = writeln!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round"/>"#,
            points_attr(points),
            escape_markup(stroke),
            px(width)
        );
    }

    pub fn text(&mut self, x: f64, y: f64, content: &str, style: Text) {
        let mut attrs = format!(
            r#"x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}""#,
            px(x),
            px(y),
            style.anchor.name(),
            px(style.size),
            escape_markup(style.fill)
        );
        if style.bold {
            attrs.push_str(r#" font-weight="bold""#);
        }
        if style.rotate != 0.0 {
            let _ = write!(
                attrs,
                r#" transform="rotate({} {} {})""#,
                px(style.rotate),
                px(x),
                px(y)
            );
        }
        let _ = writeln!(self.body, "<text {attrs}>{}</text>", escape_markup(content));
    }

    /// The finished `<svg>` element, for inline use in HTML (whose parser gives it the SVG namespace;
    /// see [`standalone`] for a file of its own).
    pub fn finish(self) -> String {
        format!(
            "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\" font-family=\"{font}\">\n<title>{label}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n{body}</svg>\n",
            w = px(self.width),
            h = px(self.height),
            label = escape_markup(&self.label),
            font = escape_markup(FONT),
            body = self.body
        )
    }
}

/// An inline `<svg>` element made into a standalone SVG file: the namespace declared, an XML prolog.
pub fn standalone(svg: &str) -> String {
    let body = svg.strip_prefix("<svg").unwrap_or(svg);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"{}\"{body}",
        concat!("http", "://www.w3.org/2000/svg")
    )
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{},{}", px(x), px(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An estimate of a text's width in pixels at `size`, for layout (no font metrics at hand): wide
/// characters (CJK) count as one em, the others as about 0.58 em.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.58 })
        .sum::<f64>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        let mut s = Svg::new(100.0, 50.0, "x < y & \"z\"");
        s.text(
            10.0,
            10.0,
            "</text><script>",
            Text::plain(Anchor::Start, 12.0),
        );
        let out = s.finish();
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;/text&gt;&lt;script&gt;"));
        assert!(out.contains(r#"aria-label="x &lt; y &amp; &quot;z&quot;""#));
    }

    #[test]
    fn coordinates_are_short_and_always_numbers() {
        assert_eq!(px(12.0), "12");
        assert_eq!(px(12.345), "12.35");
        assert_eq!(px(-0.001), "0");
        assert_eq!(px(f64::NAN), "0");
        assert_eq!(px(f64::INFINITY), "0");
    }

    #[test]
    fn negative_rectangles_are_turned_around() {
        let mut s = Svg::new(100.0, 100.0, "r");
        s.rect(50.0, 60.0, -20.0, -10.0, "#000", 1.0);
        let out = s.finish();
        assert!(
            out.contains(r#"<rect x="30" y="50" width="20" height="10""#),
            "{out}"
        );
    }
}
