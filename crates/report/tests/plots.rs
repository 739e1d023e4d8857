//! The plots as documents: well-formed SVG, text escaped, values drawn at the pixels their scales give.

mod common;

use bianjing_report::input::{DayLabel, ParameterPosterior, Quantiles};
use bianjing_report::plot::{
    BandPlot, BandSeries, Bar, BarChart, BarGroup, DayHistogram, Dot, DotPlot, Marker, Reference,
    bands, bar_chart, day_histogram, dot_whisker, posterior,
};
use common::check_xml;

fn days(n: usize) -> Vec<DayLabel> {
    (0..n)
        .map(|d| DayLabel {
            lunar_short: format!("1/{}", d + 1),
            julian_short: format!("Jan {}", d + 1),
            full: format!("day <{d}> & co"),
        })
        .collect()
}

/// The numeric value of attribute `name` of every element `tag`.
fn attr(svg: &str, tag: &str, name: &str) -> Vec<f64> {
    svg.match_indices(&format!("<{tag} "))
        .filter_map(|(i, _)| {
            let el = &svg[i..i + svg[i..].find('>').unwrap()];
            let k = el.find(&format!(" {name}=\""))? + name.len() + 3;
            el[k..k + el[k..].find('"').unwrap()].parse().ok()
        })
        .collect()
}

#[test]
fn dots_sit_at_their_values_and_whiskers_span_their_intervals() {
    let dot = |label: &str, v: f64| Dot {
        label: label.into(),
        value: v,
        lo: v - 10.0,
        hi: v + 10.0,
        color: "#000".into(),
    };
    let svg = dot_whisker(&DotPlot {
        title: "P(a < b & c)".into(),
        x_title: "% of runs".into(),
        dots: vec![dot("low", 10.0), dot("mid", 50.0), dot("high", 90.0)],
        reference: Some(Reference {
            value: 50.0,
            band: Some((40.0, 60.0)),
            label: "factual".into(),
        }),
        label_width: 0.0,
        plot_width: 200.0,
    });
    check_xml(&svg).unwrap();
    assert!(svg.contains("P(a &lt; b &amp; c)"));
    // The domain 0..100 spans 200 pixels: 10 apart in value is 20 pixels.
    let dots = attr(&svg, "circle", "cx");
    assert_eq!(dots.len(), 3, "three dots: {dots:?}");
    assert!((dots[1] - dots[0] - 80.0).abs() < 0.02, "{dots:?}");
    assert!((dots[2] - dots[1] - 80.0).abs() < 0.02, "{dots:?}");
    // Each whisker is 20 in value wide: 40 pixels.
    let x1 = attr(&svg, "line", "x1");
    let x2 = attr(&svg, "line", "x2");
    assert!(
        x1.iter()
            .zip(&x2)
            .any(|(a, b)| (b - a - 40.0).abs() < 0.02 && (a + 20.0 - dots[0]).abs() < 0.02),
        "no whisker from {} to {}",
        dots[0] - 20.0,
        dots[0] + 20.0
    );
    // Three labels on the left, one per dot.
    for l in ["low", "mid", "high"] {
        assert!(svg.contains(&format!(">{l}</text>")));
    }
}

#[test]
fn long_combined_labels_wrap_at_their_plus_signs() {
    let lines = bianjing_report::plot::wrap_label(
        "raid-as-planned + keep-li-gang + refuse-terms + pursue",
        170.0,
    );
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines[0], "raid-as-planned");
    assert!(lines[1..].iter().all(|l| l.starts_with("+ ")));
    assert_eq!(
        lines.join(" "),
        "raid-as-planned + keep-li-gang + refuse-terms + pursue"
    );
    assert_eq!(
        bianjing_report::plot::wrap_label("pursue", 170.0),
        ["pursue"]
    );
}

#[test]
fn histogram_bars_are_as_tall_as_their_share_and_the_record_is_marked() {
    let labels = days(20);
    let counts = [
        0, 0, 0, 0, 0, 10, 20, 40, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let svg = day_histogram(&DayHistogram {
        title: "raid".into(),
        counts: &counts,
        runs: 200,
        marker: Some(Marker {
            day: 7.0,
            label: "recorded: 1/8".into(),
        }),
        days: &labels,
        x_title: "lunar above, Julian below",
        width: 500.0,
    });
    check_xml(&svg).unwrap();
    // Bars carry a tooltip; their heights are in proportion to the counts.
    let heights: Vec<f64> = svg
        .lines()
        .filter(|l| l.starts_with("<rect ") && l.contains("<title>day"))
        .map(|el| {
            let k = el.find(" height=\"").unwrap() + 9;
            el[k..k + el[k..].find('"').unwrap()]
                .parse::<f64>()
                .unwrap()
        })
        .collect();
    assert_eq!(heights.len(), 5, "{svg}");
    assert!((heights[2] / heights[0] - 4.0).abs() < 0.01, "{heights:?}");
    assert!((heights[1] / heights[0] - 2.0).abs() < 0.01, "{heights:?}");
    // The day labels were escaped in the tooltips.
    assert!(svg.contains("day &lt;7&gt; &amp; co: 40 runs (20.0%)"));
    // The marker: a vertical line in the marking colour through the tallest bar's centre.
    let marker = svg
        .lines()
        .filter(|l| {
            l.starts_with("<line") && l.contains("#C0392B") && l.contains("stroke-width=\"2.5\"")
        })
        .find(|l| {
            let x1 = l.split("x1=\"").nth(1).unwrap().split('"').next().unwrap();
            let x2 = l.split("x2=\"").nth(1).unwrap().split('"').next().unwrap();
            x1 == x2
        });
    assert!(marker.is_some(), "{svg}");
    // Axis ticks: lunar above Julian.
    assert!(svg.contains(">1/8</text>") || svg.contains(">1/7</text>"));
    assert!(svg.contains("Jan "));
}

#[test]
fn bands_and_medians_follow_the_quantiles() {
    let labels = days(10);
    let q = |m: f64| {
        Some(Quantiles {
            q05: m - 2.0,
            q25: m - 1.0,
            q50: m,
            q75: m + 1.0,
            q95: m + 2.0,
        })
    };
    let series: Vec<Option<Quantiles>> = (0..10)
        .map(|d| if d == 5 { None } else { q(d as f64) })
        .collect();
    let svg = bands(&BandPlot {
        title: "rising".into(),
        y_title: "men".into(),
        series: vec![BandSeries {
            label: "army".into(),
            color: "#E69F00".into(),
            days: &series,
        }],
        days: &labels,
        x_title: "lunar above, Julian below",
        width: 600.0,
        y_include: vec![0.0],
    });
    check_xml(&svg).unwrap();
    // A missing day splits the line in two stretches: two medians, two 50% and two 90% bands.
    assert_eq!(svg.matches("<polyline").count(), 2);
    assert_eq!(svg.matches("<polygon").count(), 4);
    // The median rises: later points are higher on the page (smaller y).
    let first = svg.lines().find(|l| l.starts_with("<polyline")).unwrap();
    let pts: Vec<(f64, f64)> = first
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(pts.len(), 5);
    assert!(
        pts.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 < w[0].1),
        "{pts:?}"
    );
    for l in ["army (median)", "50% of runs", "90% of runs"] {
        assert!(svg.contains(l), "legend lacks {l}");
    }
}

#[test]
fn bars_start_at_zero_and_are_as_long_as_their_values() {
    let svg = bar_chart(&BarChart {
        title: "p:withdrew".into(),
        x_title: "share of variance".into(),
        series: vec![
            ("first-order".into(), "#0072B2".into()),
            ("total".into(), "#E69F00".into()),
        ],
        groups: vec![
            BarGroup {
                label: "a".into(),
                bars: vec![
                    Bar {
                        value: 0.2,
                        ci: Some((0.1, 0.3)),
                    },
                    Bar {
                        value: 0.4,
                        ci: None,
                    },
                ],
            },
            BarGroup {
                label: "b".into(),
                bars: vec![
                    Bar {
                        value: 0.1,
                        ci: None,
                    },
                    Bar {
                        value: 0.2,
                        ci: None,
                    },
                ],
            },
        ],
        plot_width: 300.0,
    });
    check_xml(&svg).unwrap();
    let widths: Vec<f64> = svg
        .lines()
        .filter(|l| l.starts_with("<rect ") && l.contains("<title>"))
        .map(|el| {
            let k = el.find(" width=\"").unwrap() + 8;
            el[k..k + el[k..].find('"').unwrap()]
                .parse::<f64>()
                .unwrap()
        })
        .collect();
    assert_eq!(widths.len(), 4);
    assert!((widths[1] / widths[0] - 2.0).abs() < 0.01, "{widths:?}");
    assert!((widths[0] / widths[2] - 2.0).abs() < 0.01, "{widths:?}");
    assert!(svg.contains(">first-order</text>") && svg.contains(">total</text>"));
}

#[test]
fn a_posterior_is_drawn_inside_its_prior_range() {
    let p = ParameterPosterior {
        name: "court.resolve_start".into(),
        unit: "share".into(),
        prior_min: 0.3,
        prior_max: 0.7,
        samples: (0..200).map(|i| 0.45 + 0.1 * (i as f64 / 199.0)).collect(),
        weights: Vec::new(),
        default: Some(0.5),
    };
    let svg = posterior(&p, 340.0);
    check_xml(&svg).unwrap();
    assert!(svg.contains("court.resolve_start (share)"));
    // The samples run evenly from 0.45 to 0.55: the median is 0.5, the 90% interval 0.455 to 0.545.
    assert!(svg.contains("median 0.500 (90%: 0.455 to 0.545)"), "{svg}");
    // Bars only in the bins the samples fall in: 0.45..0.55 of a 0.3..0.7 prior in 24 bins is bins
    // 9 to 14 (the edge bins partly): 6 or 7 bars, each with its share of the weight.
    let bars = svg
        .lines()
        .filter(|l| l.starts_with("<rect ") && l.contains("of the weight"))
        .count();
    assert!((6..=7).contains(&bars), "{bars} bars");
}
