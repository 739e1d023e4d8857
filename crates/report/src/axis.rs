//! Axes, grid lines and legends shared by the plots.

use crate::scale::Linear;
use crate::svg::{Anchor, Svg, Text, text_width};

pub const TICK_SIZE: f64 = 11.0;
pub const TITLE_SIZE: f64 = 12.0;
pub const AXIS: &str = "#555";
pub const GRID: &str = "#e4e4e4";
pub const MUTED: &str = "#666";

/// A tick: its value and its label, one line per entry (dates take two: lunar above Julian).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub lines: Vec<String>,
}

impl Tick {
    pub fn new(value: f64, label: impl Into<String>) -> Tick {
        Tick {
            value,
            lines: vec![label.into()],
        }
    }
}

/// Ticks at the scale's nice steps, labelled with [`crate::scale::tick_label`].
pub fn nice_ticks(scale: &Linear, target: usize) -> Vec<Tick> {
    let (values, step) = scale.ticks(target);
    values
        .into_iter()
        .map(|v| Tick::new(v, crate::scale::tick_label(v, step)))
        .collect()
}

/// A horizontal axis along pixel row `y` with vertical grid lines up to `top`, and its title below.
pub fn x_axis(svg: &mut Svg, x: &Linear, y: f64, top: f64, ticks: &[Tick], title: &str) {
    let (r0, r1) = x.range();
    for t in ticks {
        let px = x.map(t.value);
        if px < r0.min(r1) - 0.5 || px > r0.max(r1) + 0.5 {
            continue;
        }
        svg.line(px, top, px, y, GRID, 1.0);
        svg.line(px, y, px, y + 4.0, AXIS, 1.0);
        for (i, line) in t.lines.iter().enumerate() {
            let style = Text {
                fill: if i == 0 { "#333" } else { MUTED },
                ..Text::plain(Anchor::Middle, TICK_SIZE)
            };
            svg.text(px, y + 16.0 + 13.0 * i as f64, line, style);
        }
    }
    svg.line(r0, y, r1, y, AXIS, 1.0);
    let lines = ticks.iter().map(|t| t.lines.len()).max().unwrap_or(1) as f64;
    if !title.is_empty() {
        svg.text(
            (r0 + r1) / 2.0,
            y + 18.0 + 13.0 * lines,
            title,
            Text::plain(Anchor::Middle, TITLE_SIZE),
        );
    }
}

/// How far below the axis line the x axis and its title reach, for `lines` lines of tick labels.
pub fn x_axis_depth(lines: usize, titled: bool) -> f64 {
    8.0 + 13.0 * lines as f64 + if titled { 22.0 } else { 4.0 }
}

/// A vertical axis along pixel column `x` with horizontal grid lines across to `right`, its title
/// written upwards left of the tick labels.
pub fn y_axis(svg: &mut Svg, y: &Linear, x: f64, right: f64, ticks: &[Tick], title: &str) {
    let (r0, r1) = y.range();
    let mut widest: f64 = 0.0;
    for t in ticks {
        let py = y.map(t.value);
        if py < r0.min(r1) - 0.5 || py > r0.max(r1) + 0.5 {
            continue;
        }
        svg.line(x, py, right, py, GRID, 1.0);
        svg.line(x - 4.0, py, x, py, AXIS, 1.0);
        let label = t.lines.join(" ");
        widest = widest.max(text_width(&label, TICK_SIZE));
        svg.text(
            x - 7.0,
            py + 4.0,
            &label,
            Text::plain(Anchor::End, TICK_SIZE),
        );
    }
    svg.line(x, r0, x, r1, AXIS, 1.0);
    if !title.is_empty() {
        let tx = x - 14.0 - widest;
        svg.text(
            tx,
            (r0 + r1) / 2.0,
            title,
            Text {
                rotate: -90.0,
                ..Text::plain(Anchor::Middle, TITLE_SIZE)
            },
        );
    }
}

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    Dot,
    Line,
    Dashed,
    Block,
    /// A light block (a band or a range).
    Band,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub label: String,
    pub color: String,
    pub swatch: Swatch,
}

impl LegendItem {
    pub fn new(label: impl Into<String>, color: impl Into<String>, swatch: Swatch) -> LegendItem {
        LegendItem {
            label: label.into(),
            color: color.into(),
            swatch,
        }
    }
}

/// Lays a legend out in rows from (`x`, `y`) within `width`; returns the height it took.
pub fn legend(svg: &mut Svg, x: f64, y: f64, width: f64, items: &[LegendItem]) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let row_h = 17.0;
    let (mut cx, mut cy) = (x, y);
    for item in items {
        let w = 24.0 + text_width(&item.label, TICK_SIZE) + 16.0;
        if cx > x && cx + w > x + width {
            cx = x;
            cy += row_h;
        }
        let mid = cy + row_h / 2.0;
        match item.swatch {
            Swatch::Dot => svg.circle(cx + 9.0, mid, 4.5, &item.color, &item.label),
            Swatch::Line => svg.line(cx, mid, cx + 18.0, mid, &item.color, 2.5),
            Swatch::Dashed => svg.dashed_line(cx, mid, cx + 18.0, mid, &item.color, 2.0),
            Swatch::Block => svg.rect(cx, mid - 5.0, 18.0, 10.0, &item.color, 0.9),
            Swatch::Band => svg.rect(cx, mid - 6.0, 18.0, 12.0, &item.color, 0.3),
        }
        svg.text(
            cx + 24.0,
            mid + 4.0,
            &item.label,
            Text::plain(Anchor::Start, TICK_SIZE),
        );
        cx += w;
    }
    cy + row_h - y
}

/// The plot's title, top left.
pub fn title(svg: &mut Svg, x: f64, y: f64, text: &str) {
    svg.text(
        x,
        y,
        text,
        Text {
            bold: true,
            ..Text::plain(Anchor::Start, 13.0)
        },
    );
}
