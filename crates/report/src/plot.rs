//! The plots: dot-and-whisker, histogram of days with a marked day, median with bands over days,
//! grouped bars, and a posterior against its prior range. Each takes plain data and returns one
//! inline `<svg>` element.

use crate::axis::{
    self, LegendItem, MUTED, Swatch, TICK_SIZE, Tick, legend, nice_ticks, x_axis, x_axis_depth,
    y_axis,
};
use crate::input::{DayLabel, ParameterPosterior, Quantiles};
use crate::scale::{Linear, tick_label};
use crate::svg::{Anchor, Svg, Text, text_width};

/// Colour-blind-safe colours (Okabe and Ito), the factual arm first in near-black.
pub const PALETTE: [&str; 8] = [
    "#333333", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F",
];

/// The colour of series `i`.
pub fn color(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// The colour marking a recorded or reference value.
pub const MARK: &str = "#C0392B";

// ---------------------------------------------------------------------------------------------------
// Dot and whisker

/// One estimate with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub label: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    pub color: String,
}

/// A vertical reference: a line (zero, or the factual estimate) and an optional shaded interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub value: f64,
    pub band: Option<(f64, f64)>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DotPlot {
    pub title: String,
    pub x_title: String,
    pub dots: Vec<Dot>,
    pub reference: Option<Reference>,
    /// Extra space for labels, at least this wide (to line up panels).
    pub label_width: f64,
    pub plot_width: f64,
}

const ROW: f64 = 22.0;
const LINE: f64 = 13.0;
/// Labels wider than this wrap at their " + " (combined what-ifs), so that panels fit two abreast.
const MAX_LABEL: f64 = 170.0;

/// Splits a label at " + " into lines no wider than `max` where it can; continuation lines start
/// with "+ ".
pub fn wrap_label(label: &str, max: f64) -> Vec<String> {
    let parts: Vec<&str> = label.split(" + ").collect();
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in parts {
        if cur.is_empty() {
            cur = if lines.is_empty() {
                p.to_string()
            } else {
                format!("+ {p}")
            };
        } else {
            let joined = format!("{cur} + {p}");
            if text_width(&joined, TICK_SIZE) <= max {
                cur = joined;
            } else {
                lines.push(std::mem::take(&mut cur));
                cur = format!("+ {p}");
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Rows of estimates with whiskers for their intervals, labels on the left.
pub fn dot_whisker(p: &DotPlot) -> String {
    let labels: Vec<Vec<String>> = p
        .dots
        .iter()
        .map(|d| wrap_label(&d.label, MAX_LABEL))
        .collect();
    let label_w = labels
        .iter()
        .flatten()
        .map(|l| text_width(l, TICK_SIZE))
        .fold(p.label_width, f64::max)
        + 14.0;
    let row_h = |i: usize| (LINE * labels[i].len() as f64 + 9.0).max(ROW);
    let left = label_w + 8.0;
    let right_pad = 24.0;
    let width = left + p.plot_width + right_pad;
    let mut svg = Svg::new(width, 100.0, &p.title);
    axis::title(&mut svg, 8.0, 18.0, &p.title);
    let mut top = 30.0;
    if let Some(r) = &p.reference {
        let items = [LegendItem::new(
            &r.label,
            "#888",
            if r.band.is_some() {
                Swatch::Band
            } else {
                Swatch::Dashed
            },
        )];
        top += legend(&mut svg, left, top, p.plot_width, &items) + 4.0;
    }
    let plot_h: f64 = (0..p.dots.len()).map(row_h).sum::<f64>().max(ROW);
    let bottom = top + plot_h;
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for d in &p.dots {
        for v in [d.lo, d.hi, d.value] {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if let Some(r) = &p.reference {
        lo = lo.min(r.value);
        hi = hi.max(r.value);
        if let Some((a, b)) = r.band {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    let x = Linear::nice((lo, hi), (left, left + p.plot_width), 5);
    let ticks = nice_ticks(&x, 5);
    if let Some(r) = &p.reference {
        if let Some((a, b)) = r.band {
            svg.rect(x.map(a), top, x.map(b) - x.map(a), plot_h, "#888", 0.22);
        }
        svg.dashed_line(x.map(r.value), top, x.map(r.value), bottom, "#777", 1.2);
    }
    x_axis(&mut svg, &x, bottom, top, &ticks, &p.x_title);
    let mut row_top = top;
    for (i, d) in p.dots.iter().enumerate() {
        let h = row_h(i);
        let cy = row_top + h / 2.0;
        let n = labels[i].len() as f64;
        for (k, line) in labels[i].iter().enumerate() {
            svg.text(
                left - 10.0,
                cy + 4.0 + LINE * (k as f64 - (n - 1.0) / 2.0),
                line,
                Text::plain(Anchor::End, TICK_SIZE),
            );
        }
        let (a, b) = (x.map_clamped(d.lo), x.map_clamped(d.hi));
        svg.line(a, cy, b, cy, &d.color, 2.0);
        svg.line(a, cy - 4.0, a, cy + 4.0, &d.color, 1.5);
        svg.line(b, cy - 4.0, b, cy + 4.0, &d.color, 1.5);
        svg.circle(
            x.map_clamped(d.value),
            cy,
            4.5,
            &d.color,
            &format!(
                "{}: {} [{}, {}]",
                d.label,
                short(d.value),
                short(d.lo),
                short(d.hi)
            ),
        );
        row_top += h;
    }
    svg.set_height(bottom + x_axis_depth(1, !p.x_title.is_empty()) + 6.0);
    svg.finish()
}

/// A number for a tooltip: three significant figures.
pub fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

// ---------------------------------------------------------------------------------------------------
// Days

/// Date ticks at a whole number of days apart, no more than `max` of them, starting on `first`.
pub fn day_ticks(first: usize, last: usize, days: &[DayLabel], max: usize) -> Vec<Tick> {
    let span = last.saturating_sub(first) + 1;
    let step = [1, 2, 3, 5, 7, 10, 14, 20, 30, 60]
        .into_iter()
        .find(|s| span.div_ceil(*s) <= max)
        .unwrap_or(span.max(1));
    (first..=last)
        .step_by(step)
        .filter_map(|d| {
            days.get(d).map(|l| Tick {
                value: d as f64,
                lines: vec![l.lunar_short.clone(), l.julian_short.clone()],
            })
        })
        .collect()
}

/// A marked day on a histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub day: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DayHistogram<'a> {
    pub title: String,
    /// Runs per day index.
    pub counts: &'a [u64],
    /// The denominator: all runs (so the bars show the share of all runs).
    pub runs: u64,
    pub marker: Option<Marker>,
    pub days: &'a [DayLabel],
    /// The title under the date ticks (which calendar and era they are in).
    pub x_title: &'a str,
    pub width: f64,
}

/// A histogram of runs per day with the recorded day marked.
pub fn day_histogram(h: &DayHistogram) -> String {
    let last_label = h.days.len().saturating_sub(1);
    let nonzero: Vec<usize> = h
        .counts
        .iter()
        .enumerate()
        .filter(|(d, c)| **c > 0 && *d <= last_label)
        .map(|(d, _)| d)
        .collect();
    let marked = h
        .marker
        .as_ref()
        .map(|m| m.day.clamp(0.0, last_label as f64) as usize);
    let lo = nonzero
        .first()
        .copied()
        .into_iter()
        .chain(marked)
        .min()
        .unwrap_or(0);
    let hi = nonzero
        .last()
        .copied()
        .into_iter()
        .chain(marked)
        .max()
        .unwrap_or(last_label);
    let first = lo.saturating_sub(2);
    let last = (hi + 2).min(last_label).max(first + 1);

    let left = 58.0;
    let right = 16.0;
    let mut svg = Svg::new(h.width, 100.0, &h.title);
    axis::title(&mut svg, 8.0, 18.0, &h.title);
    let mut top = 28.0;
    let mut items = vec![LegendItem::new("share of runs", color(2), Swatch::Block)];
    if let Some(m) = &h.marker {
        items.push(LegendItem::new(&m.label, MARK, Swatch::Line));
    }
    top += legend(&mut svg, left, top, h.width - left - right, &items) + 6.0;
    let plot_h = 150.0;
    let bottom = top + plot_h;
    let x = Linear::new(
        (first as f64 - 0.5, last as f64 + 0.5),
        (left, h.width - right),
    );
    let runs = h.runs.max(1) as f64;
    let peak = (first..=last)
        .map(|d| h.counts.get(d).copied().unwrap_or(0))
        .max()
        .unwrap_or(0) as f64
        / runs
        * 100.0;
    let y = Linear::nice((0.0, peak.max(1.0)), (bottom, top), 4);
    y_axis(
        &mut svg,
        &y,
        left,
        h.width - right,
        &nice_ticks(&y, 4),
        "% of runs",
    );
    let ticks = day_ticks(first, last, h.days, ((h.width - left) / 62.0) as usize);
    x_axis(&mut svg, &x, bottom, top, &ticks, h.x_title);
    let bar_w = (x.map(1.0) - x.map(0.0)) * 0.85;
    for d in first..=last {
        let c = h.counts.get(d).copied().unwrap_or(0);
        if c == 0 {
            continue;
        }
        let share = c as f64 / runs * 100.0;
        let top_px = y.map(share);
        let tip = match h.days.get(d) {
            Some(l) => format!("{}: {} runs ({:.1}%)", l.full, c, share),
            None => format!("day {d}: {c} runs ({share:.1}%)"),
        };
        svg.rect_titled(
            (
                x.map(d as f64) - bar_w / 2.0,
                top_px,
                bar_w,
                bottom - top_px,
            ),
            color(2),
            0.85,
            &tip,
        );
    }
    if let Some(m) = &h.marker {
        let mx = x.map(m.day.clamp(first as f64 - 0.5, last as f64 + 0.5));
        svg.line(mx, top - 2.0, mx, bottom, MARK, 2.5);
    }
    svg.set_height(bottom + x_axis_depth(2, true) + 6.0);
    svg.finish()
}

// ---------------------------------------------------------------------------------------------------
// Bands over days

#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries<'a> {
    pub label: String,
    pub color: String,
    pub days: &'a [Option<Quantiles>],
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandPlot<'a> {
    pub title: String,
    pub y_title: String,
    pub series: Vec<BandSeries<'a>>,
    pub days: &'a [DayLabel],
    /// The title under the date ticks.
    pub x_title: &'a str,
    pub width: f64,
    /// Force the y axis to include these values (0, or 0 and 1 for shares).
    pub y_include: Vec<f64>,
}

/// Medians as lines over days with their 50% (darker) and 90% (lighter) bands.
pub fn bands(p: &BandPlot) -> String {
    let shown = |s: &BandSeries| -> Vec<usize> {
        s.days
            .iter()
            .enumerate()
            .filter(|(_, q)| q.is_some())
            .map(|(d, _)| d)
            .collect()
    };
    let all: Vec<usize> = p.series.iter().flat_map(shown).collect();
    let first = all.iter().copied().min().unwrap_or(0);
    let last = all.iter().copied().max().unwrap_or(1).max(first + 1);
    let left = 64.0;
    let right = 16.0;
    let mut svg = Svg::new(p.width, 100.0, &p.title);
    axis::title(&mut svg, 8.0, 18.0, &p.title);
    let mut top = 28.0;
    let mut items: Vec<LegendItem> = p
        .series
        .iter()
        .map(|s| LegendItem::new(format!("{} (median)", s.label), &s.color, Swatch::Line))
        .collect();
    items.push(LegendItem::new("50% of runs", "#555", Swatch::Block));
    items.push(LegendItem::new("90% of runs", "#555", Swatch::Band));
    top += legend(&mut svg, left, top, p.width - left - right, &items) + 6.0;
    let plot_h = 200.0;
    let bottom = top + plot_h;
    let mut lo = p.y_include.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = p
        .y_include
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    for s in &p.series {
        for q in s.days.iter().flatten() {
            lo = lo.min(q.q05);
            hi = hi.max(q.q95);
        }
    }
    let x = Linear::new((first as f64, last as f64), (left, p.width - right));
    let y = Linear::nice((lo, hi), (bottom, top), 5);
    y_axis(
        &mut svg,
        &y,
        left,
        p.width - right,
        &nice_ticks(&y, 5),
        &p.y_title,
    );
    let ticks = day_ticks(first, last, p.days, ((p.width - left) / 62.0) as usize);
    x_axis(&mut svg, &x, bottom, top, &ticks, p.x_title);
    for s in &p.series {
        // Days with too few runs break the bands: draw each stretch of shown days on its own.
        for stretch in stretches(s.days) {
            let band = |f: fn(&Quantiles) -> f64, g: fn(&Quantiles) -> f64| -> Vec<(f64, f64)> {
                let mut pts: Vec<(f64, f64)> = stretch
                    .iter()
                    .map(|&(d, q)| (x.map(d as f64), y.map(f(q))))
                    .collect();
                pts.extend(
                    stretch
                        .iter()
                        .rev()
                        .map(|&(d, q)| (x.map(d as f64), y.map(g(q)))),
                );
                pts
            };
            svg.polygon(&band(|q| q.q05, |q| q.q95), &s.color, 0.14);
            svg.polygon(&band(|q| q.q25, |q| q.q75), &s.color, 0.28);
            let median: Vec<(f64, f64)> = stretch
                .iter()
                .map(|&(d, q)| (x.map(d as f64), y.map(q.q50)))
                .collect();
            svg.polyline(&median, &s.color, 2.2);
        }
    }
    svg.set_height(bottom + x_axis_depth(2, true) + 6.0);
    svg.finish()
}

/// Runs of consecutive days that have quantiles.
fn stretches(days: &[Option<Quantiles>]) -> Vec<Vec<(usize, &Quantiles)>> {
    let mut out: Vec<Vec<(usize, &Quantiles)>> = Vec::new();
    let mut cur = Vec::new();
    for (d, q) in days.iter().enumerate() {
        match q {
            Some(q) => cur.push((d, q)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Bars

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub value: f64,
    pub ci: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    /// One per series, in the series' order.
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub x_title: String,
    /// Label and colour of each series.
    pub series: Vec<(String, String)>,
    pub groups: Vec<BarGroup>,
    pub plot_width: f64,
}

/// Horizontal bars, one group per label, one bar per series, whiskers for intervals.
pub fn bar_chart(c: &BarChart) -> String {
    let label_w = c
        .groups
        .iter()
        .map(|g| text_width(&g.label, TICK_SIZE))
        .fold(60.0, f64::max)
        + 14.0;
    let left = label_w + 8.0;
    let width = left + c.plot_width + 24.0;
    let mut svg = Svg::new(width, 100.0, &c.title);
    axis::title(&mut svg, 8.0, 18.0, &c.title);
    let mut top = 28.0;
    let items: Vec<LegendItem> = c
        .series
        .iter()
        .map(|(l, col)| LegendItem::new(l, col, Swatch::Block))
        .collect();
    top += legend(&mut svg, left, top, c.plot_width, &items) + 6.0;
    let per_bar = 9.0;
    let group_h = per_bar * c.series.len().max(1) as f64 + 10.0;
    let plot_h = group_h * c.groups.len().max(1) as f64;
    let bottom = top + plot_h;
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for g in &c.groups {
        for b in &g.bars {
            for v in [Some(b.value), b.ci.map(|c| c.0), b.ci.map(|c| c.1)]
                .into_iter()
                .flatten()
                .filter(|v| v.is_finite())
            {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    let x = Linear::nice((lo, hi), (left, left + c.plot_width), 5);
    x_axis(&mut svg, &x, bottom, top, &nice_ticks(&x, 5), &c.x_title);
    let zero = x.map(0.0);
    for (i, g) in c.groups.iter().enumerate() {
        let gy = top + group_h * i as f64 + 5.0;
        svg.text(
            left - 10.0,
            gy + group_h / 2.0 - 1.0,
            &g.label,
            Text::plain(Anchor::End, TICK_SIZE),
        );
        for (j, b) in g.bars.iter().enumerate() {
            let col = c.series.get(j).map_or("#555", |s| s.1.as_str());
            let name = c.series.get(j).map_or("", |s| s.0.as_str());
            let by = gy + per_bar * j as f64;
            svg.rect_titled(
                (zero, by, x.map(b.value) - zero, per_bar - 1.5),
                col,
                0.9,
                &format!("{}, {name}: {}", g.label, short(b.value)),
            );
            if let Some((a, z)) = b.ci {
                let cy = by + (per_bar - 1.5) / 2.0;
                svg.line(x.map_clamped(a), cy, x.map_clamped(z), cy, "#222", 1.2);
            }
        }
    }
    svg.line(zero, top, zero, bottom, "#555", 1.0);
    svg.set_height(bottom + x_axis_depth(1, true) + 6.0);
    svg.finish()
}

// ---------------------------------------------------------------------------------------------------
// Posterior against prior

/// A parameter's weighted posterior as a histogram over its prior range, with its median and central
/// 90% interval, and the scenario's default if known.
pub fn posterior(p: &ParameterPosterior, width: f64) -> String {
    let title = if p.unit.is_empty() {
        p.name.clone()
    } else {
        format!("{} ({})", p.name, p.unit)
    };
    let left = 46.0;
    let right = 14.0;
    let mut svg = Svg::new(width, 100.0, &title);
    axis::title(&mut svg, 8.0, 18.0, &title);
    let mut top = 28.0;
    let mut items = vec![
        LegendItem::new("prior range", "#888", Swatch::Band),
        LegendItem::new("posterior", color(2), Swatch::Block),
        LegendItem::new("median, 90%", "#222", Swatch::Dot),
    ];
    if p.default.is_some() {
        items.push(LegendItem::new("default", MARK, Swatch::Dashed));
    }
    top += legend(&mut svg, left, top, width - left - right, &items) + 4.0;
    let plot_h = 90.0;
    let bottom = top + plot_h;
    let (a, b) = (p.prior_min, p.prior_max);
    let span = b - a;
    let mut lo = a - span * 0.05;
    let mut hi = b + span * 0.05;
    for &v in &p.samples {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if let Some(d) = p.default {
        lo = lo.min(d);
        hi = hi.max(d);
    }
    let x = Linear::new((lo, hi), (left, width - right));
    // 24 bins across the prior range; samples outside it (a prior wider than declared) fall in the
    // end bins rather than vanish.
    const BINS: usize = 24;
    let mut mass = [0.0f64; BINS];
    for (&v, w) in p.samples.iter().zip(p.normalised_weights()) {
        let k = (((v - a) / span) * BINS as f64)
            .floor()
            .clamp(0.0, (BINS - 1) as f64) as usize;
        mass[k] += w;
    }
    let bin_w = span / BINS as f64;
    let density: Vec<f64> = mass.iter().map(|m| m / bin_w).collect();
    let peak = density.iter().copied().fold(0.0, f64::max).max(1.0 / span);
    let y = Linear::new((0.0, peak * 1.08), (bottom - 18.0, top));
    svg.rect(
        x.map(a),
        top,
        x.map(b) - x.map(a),
        bottom - top,
        "#888",
        0.16,
    );
    let (ticks_v, step) = x.ticks(5);
    let ticks: Vec<Tick> = ticks_v
        .into_iter()
        .filter(|v| *v >= lo && *v <= hi)
        .map(|v| Tick::new(v, tick_label(v, step)))
        .collect();
    x_axis(&mut svg, &x, bottom, top, &ticks, "");
    svg.text(
        left - 6.0,
        (top + bottom - 18.0) / 2.0,
        "density",
        Text {
            rotate: -90.0,
            fill: MUTED,
            ..Text::plain(Anchor::Middle, TICK_SIZE)
        },
    );
    for (k, d) in density.iter().enumerate() {
        if *d <= 0.0 {
            continue;
        }
        let x0 = x.map(a + bin_w * k as f64);
        let x1 = x.map(a + bin_w * (k + 1) as f64);
        let y0 = y.map(*d);
        svg.rect_titled(
            (x0 + 0.5, y0, x1 - x0 - 1.0, y.map(0.0) - y0),
            color(2),
            0.8,
            &format!(
                "{} to {}: {:.1}% of the weight",
                short(a + bin_w * k as f64),
                short(a + bin_w * (k + 1) as f64),
                mass[k] * 100.0
            ),
        );
    }
    if let (Some(q05), Some(q50), Some(q95)) = (p.quantile(0.05), p.quantile(0.5), p.quantile(0.95))
    {
        let cy = bottom - 8.0;
        svg.line(x.map(q05), cy, x.map(q95), cy, "#222", 2.0);
        svg.circle(
            x.map(q50),
            cy,
            4.0,
            "#222",
            &format!(
                "median {} (90%: {} to {})",
                short(q50),
                short(q05),
                short(q95)
            ),
        );
    }
    if let Some(d) = p.default {
        svg.dashed_line(x.map(d), top, x.map(d), bottom, MARK, 1.8);
    }
    svg.set_height(bottom + x_axis_depth(1, false) + 4.0);
    svg.finish()
}
