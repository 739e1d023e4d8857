//! The report's sections, assembled from the plain inputs.

use bianjing_analysis::Report;

use crate::headline::{headline, outcome_words, pct, points};
use crate::html::{Section, grid, page, para, table, text_table};
use crate::input::{ArmInfo, DailySeries, DayLabel, EventDates, ParameterPosterior, Sensitivity};
use crate::plot::{
    BandPlot, BandSeries, Bar, BarChart, BarGroup, DayHistogram, Dot, DotPlot, Marker, Reference,
    bands, bar_chart, color, day_histogram, dot_whisker, posterior, short,
};
use bianjing_export::escape_markup;

/// The sections' anchors, in order.
pub const SECTION_IDS: [&str; 7] = [
    "headline",
    "outcomes",
    "effects",
    "event-dates",
    "over-time",
    "sensitivity",
    "calibration",
];

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub title: String,
    /// One line under the title: scenario, seed, runs, parameters.
    pub meta: String,
    /// The ensemble: arm 0 the factual free runs, the others the what-ifs.
    pub ensemble: &'a Report,
    /// The arms, in the ensemble's order.
    pub arms: Vec<ArmInfo>,
    /// Labels of the simulated days, by day index.
    pub days: Vec<DayLabel>,
    /// The title under date axes: which calendar and era the ticks are in.
    pub day_axis: String,
    /// Key events of the factual free runs.
    pub event_dates: Vec<EventDates>,
    pub series: Option<DailySeries>,
    pub sensitivity: Option<Sensitivity>,
    pub posterior: Option<Vec<ParameterPosterior>>,
    /// What to tell the reader when sensitivity indices or a posterior were not given.
    pub how_to_sensitivity: String,
    pub how_to_posterior: String,
    /// Anything else the reader should know (what-ifs the scenario lacks, ...).
    pub notes: Vec<String>,
}

/// The whole report as one HTML page.
pub fn render(input: &ReportInput) -> String {
    let sections = vec![
        headline_section(input),
        outcomes_section(input),
        effects_section(input),
        event_dates_section(input),
        over_time_section(input),
        sensitivity_section(input),
        calibration_section(input),
    ];
    debug_assert!(sections.iter().map(|s| s.id).eq(SECTION_IDS));
    page(&input.title, &input.meta, &sections)
}

fn arm_label(input: &ReportInput, name: &str) -> String {
    input
        .arms
        .iter()
        .find(|a| a.name == name)
        .filter(|a| a.what_ifs.len() > 1)
        .map_or(name.to_string(), |a| a.what_ifs.join(" + "))
}

fn headline_section(input: &ReportInput) -> Section {
    let h = headline(input.ensemble, &input.arms, input.posterior.is_some());
    let mut body = para("headline", &h.baseline);
    body.push_str(&para("headline", &h.answer));
    body.push_str("<ul class=\"findings\">\n");
    for f in &h.findings {
        body.push_str(&format!("<li>{}</li>\n", escape_markup(f)));
    }
    body.push_str("</ul>\n");
    body.push_str(&para("", &h.caveat));
    for n in &input.notes {
        body.push_str(&para("note", n));
    }
    Section {
        id: "headline",
        title: "The answer".into(),
        caption: "Historians still debate whether more aggressive action in early 1126 could have changed the outcome. The what-ifs compared are the scenario's more aggressive courses, alone and combined (what each does is in the table of the next section). This is what the model says, generated from the numbers below; each what-if is measured against the factual runs it is paired with.".into(),
        body,
    }
}

fn outcomes_section(input: &ReportInput) -> Section {
    let r = input.ensemble;
    let Some(factual) = r.arms.first() else {
        return empty("outcomes", "Outcomes of each what-if");
    };
    let mut plots = Vec::new();
    for (k, cat) in factual.categories.iter().enumerate() {
        let dots = r
            .arms
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                a.categories.get(k).map(|p| Dot {
                    label: arm_label(input, &a.name),
                    value: p.p * 100.0,
                    lo: p.lo * 100.0,
                    hi: p.hi * 100.0,
                    color: color(i).to_string(),
                })
            })
            .collect();
        plots.push(dot_whisker(&DotPlot {
            title: format!("P({})", outcome_words(&cat.name)),
            x_title: "% of runs".into(),
            dots,
            reference: Some(Reference {
                value: cat.p * 100.0,
                band: Some((cat.lo * 100.0, cat.hi * 100.0)),
                label: "factual: 95% interval".into(),
            }),
            label_width: 0.0,
            plot_width: 260.0,
        }));
    }
    let mut headers: Vec<String> = vec!["arm".into(), "runs".into()];
    headers.extend(factual.categories.iter().map(|c| c.name.clone()));
    headers.push("whole recorded sequence".into());
    let rows: Vec<Vec<String>> = r
        .arms
        .iter()
        .map(|a| {
            let mut row = vec![arm_label(input, &a.name), a.runs.to_string()];
            row.extend(
                a.categories
                    .iter()
                    .chain(std::iter::once(&a.sequence))
                    .map(|p| format!("{} [{}, {}]", pct(p.p), pct(p.lo), pct(p.hi))),
            );
            row
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut body = grid(&plots);
    body.push_str(&table(&headers, &rows));
    let what: Vec<Vec<String>> = input
        .arms
        .iter()
        .map(|a| vec![arm_label(input, &a.name), a.summary.clone()])
        .collect();
    body.push_str(&text_table(&["arm", "what it does"], &what));
    Section {
        id: "outcomes",
        title: "Outcomes of each what-if".into(),
        caption: "One panel per outcome of the siege. Each dot is the share of runs of an arm ending that way, the whisker its 95% Wilson interval; the grey band is the factual arm's interval, the dashed line its estimate. An arm whose whisker lies outside the band differs from the factual runs; how much is measured more sharply, run by run, in the next section. The table gives the same numbers, and the share of runs following the whole recorded sequence (raid fails, dismissal, uprising, restoration, withdrawal, crossing, recall).".into(),
        body,
    }
}

/// Measures whose paired differences are plotted (all are in the table).
const PLOTTED_MEASURES: [&str; 4] = [
    "jin-killed",
    "song-killed",
    "gold-delivered",
    "war-influence",
];

fn effects_section(input: &ReportInput) -> Section {
    let r = input.ensemble;
    if r.comparisons.is_empty() {
        return empty("effects", "Paired effects against the factual runs");
    }
    let mut plots = Vec::new();
    let n_cat = r.comparisons[0].categories.len();
    for k in 0..n_cat {
        let name = &r.comparisons[0].categories[k].name;
        let dots = r
            .comparisons
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.categories.get(k).map(|d| Dot {
                    label: arm_label(input, &c.arm),
                    value: d.difference.diff * 100.0,
                    lo: d.difference.lo * 100.0,
                    hi: d.difference.hi * 100.0,
                    color: color(i + 1).to_string(),
                })
            })
            .collect();
        plots.push(dot_whisker(&DotPlot {
            title: format!("Δ P({})", outcome_words(name)),
            x_title: "what-if minus factual, percentage points".into(),
            dots,
            reference: Some(Reference {
                value: 0.0,
                band: None,
                label: "no effect".into(),
            }),
            label_width: 0.0,
            plot_width: 260.0,
        }));
    }
    let unit_of = |name: &str| {
        r.arms
            .first()
            .and_then(|a| a.measures.iter().find(|m| m.name == name))
            .map_or(String::new(), |m| m.unit.clone())
    };
    for m in PLOTTED_MEASURES {
        let dots: Vec<Dot> = r
            .comparisons
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.measures.iter().find(|d| d.name == m).map(|d| Dot {
                    label: arm_label(input, &c.arm),
                    value: d.difference.diff,
                    lo: d.difference.lo,
                    hi: d.difference.hi,
                    color: color(i + 1).to_string(),
                })
            })
            .collect();
        if dots.is_empty() {
            continue;
        }
        plots.push(dot_whisker(&DotPlot {
            title: format!("Δ mean {m}"),
            x_title: format!("what-if minus factual, {}", unit_of(m)),
            dots,
            reference: Some(Reference {
                value: 0.0,
                band: None,
                label: "no effect".into(),
            }),
            label_width: 0.0,
            plot_width: 260.0,
        }));
    }
    let mut rows = Vec::new();
    for c in &r.comparisons {
        for d in c.categories.iter().chain(std::iter::once(&c.sequence)) {
            rows.push(vec![
                arm_label(input, &c.arm),
                format!("P({})", d.name),
                pct(d.factual),
                pct(d.arm),
                points(d.difference.diff),
                format!("[{}, {}]", points(d.difference.lo), points(d.difference.hi)),
                format!("±{:.1}", d.difference.unpaired_half_width * 100.0),
            ]);
        }
        for d in &c.measures {
            rows.push(vec![
                arm_label(input, &c.arm),
                format!("mean {} ({})", d.name, unit_of(&d.name)),
                short(d.factual),
                short(d.arm),
                signed(d.difference.diff),
                format!("[{}, {}]", signed(d.difference.lo), signed(d.difference.hi)),
                format!("±{}", short(d.difference.unpaired_half_width)),
            ]);
        }
    }
    let mut body = grid(&plots);
    body.push_str(&table(
        &[
            "what-if",
            "quantity",
            "factual",
            "what-if",
            "difference",
            "paired 95% interval",
            "unpaired ±",
        ],
        &rows,
    ));
    Section {
        id: "effects",
        title: "Paired effects against the factual runs".into(),
        caption: "Run i of a what-if and run i of the factual arm share their random numbers until their paths part, so their difference is measured run by run. Each dot is a what-if's difference from its paired factual runs (probabilities in percentage points, means in their units), the whisker its paired 95% interval; the dashed line is no effect. A whisker that crosses it means no detectable effect at this number of runs. In the table, \"unpaired ±\" is the half-width the same two arms would give if run independently: the paired design's gain.".into(),
        body,
    }
}

fn signed(v: f64) -> String {
    let s = short(v);
    let s = if v >= 0.0 { format!("+{s}") } else { s };
    s.replace('-', "\u{2212}")
}

fn event_dates_section(input: &ReportInput) -> Section {
    let mut plots = Vec::new();
    let mut rows = Vec::new();
    for e in &input.event_dates {
        let occurred: u64 = e.counts.iter().sum();
        let share = occurred as f64 / e.runs.max(1) as f64;
        let marker = e.recorded_day.map(|d| {
            let label = usize::try_from(d)
                .ok()
                .and_then(|i| input.days.get(i))
                .map_or(format!("recorded: day {d}"), |l| {
                    format!("recorded: {}", l.full)
                });
            Marker {
                day: f64::from(d),
                label,
            }
        });
        plots.push(day_histogram(&DayHistogram {
            title: format!("{}: in {} of runs", e.name, pct(share)),
            counts: &e.counts,
            runs: e.runs,
            marker: marker.clone(),
            days: &input.days,
            x_title: &input.day_axis,
            width: 520.0,
        }));
        let recorded = marker.map_or("not recorded".to_string(), |m| {
            m.label.trim_start_matches("recorded: ").to_string()
        });
        let before = e.recorded_day.map_or("-".to_string(), |d| {
            let n: u64 = e
                .counts
                .iter()
                .take(usize::try_from(d.max(0)).unwrap_or(0))
                .sum();
            if occurred == 0 {
                "-".to_string()
            } else {
                pct(n as f64 / occurred as f64)
            }
        });
        rows.push(vec![e.name.clone(), pct(share), recorded, before]);
    }
    let mut body = grid(&plots);
    body.push_str(&table(
        &[
            "event",
            "share of runs",
            "recorded date",
            "runs with it earlier than recorded",
        ],
        &rows,
    ));
    Section {
        id: "event-dates",
        title: "When the key events happen in free runs".into(),
        caption: "For each key event, the day it first happened in each factual free run, as a share of all runs (runs without it are left out, so the bars add up to the share in the title). The red line marks the date recorded in the essay. A recorded date in the thick of the bars is one the model finds typical; one at the edge or outside is one it finds early or late. Dates are lunar (month/day) above the Julian date.".into(),
        body,
    }
}

fn over_time_section(input: &ReportInput) -> Section {
    let Some(s) = &input.series else {
        return Section {
            id: "over-time",
            title: "The siege over time".into(),
            caption: "Forces, supply and the court's balance day by day.".into(),
            body: para("note", "No daily series were collected for this report."),
        };
    };
    let q = |id: &str| s.quantities.iter().position(|q| q.id == id);
    let groups: [(&str, &str, &[&str], Vec<f64>); 3] = [
        (
            "Forces",
            "men",
            &["jin-army", "song-field", "garrison"],
            vec![0.0],
        ),
        (
            "Supply",
            "days of food",
            &["jin-supply", "city-food"],
            vec![0.0],
        ),
        (
            "The court's balance",
            "share (0 to 1)",
            &["war-influence", "resolve"],
            vec![0.0, 1.0],
        ),
    ];
    let mut plots = Vec::new();
    for (title, unit, ids, include) in groups {
        let series: Vec<BandSeries> = ids
            .iter()
            .filter_map(|id| q(id))
            .enumerate()
            .map(|(i, k)| BandSeries {
                label: s.quantities[k].label.clone(),
                color: color(i + 1).to_string(),
                days: &s.quantities[k].days,
            })
            .collect();
        if series.is_empty() {
            continue;
        }
        plots.push(bands(&BandPlot {
            title: title.to_string(),
            y_title: unit.to_string(),
            series,
            days: &input.days,
            x_title: &input.day_axis,
            width: 1000.0,
            y_include: include,
        }));
    }
    let shown = s.running.iter().filter(|&&n| n >= s.min_running).count();
    let mut body = String::new();
    for p in plots {
        body.push_str(&p);
    }
    body.push_str(&para(
        "",
        &format!(
            "From {} factual free runs (the first runs of the ensemble, same seed). A run stops when the siege ends for it; a day is drawn while at least {} runs are still going, {} days here.",
            s.runs, s.min_running, shown
        ),
    ));
    Section {
        id: "over-time",
        title: "The siege over time".into(),
        caption: "Each line is the median over the runs still going that day; the darker band holds the middle 50% of runs, the lighter band the middle 90%. Forces: men present in the Jin eastern army, in the Song field forces at the capital (relief camps and the city's field force) and on the walls. Supply: days of food left in the Jin camp and in the city. The court: the war party's influence and the emperor's resolve to fight, both from 0 to 1.".into(),
        body,
    }
}

/// A bar series: its label and colour.
type Series = (String, String);

/// Parameters shown per output in the bar charts (the rest are in the table).
const TOP_PARAMETERS: usize = 15;

fn sensitivity_section(input: &ReportInput) -> Section {
    let title = "Which assumptions drive the answer";
    let Some(sens) = &input.sensitivity else {
        return Section {
            id: "sensitivity",
            title: title.into(),
            caption: "Sensitivity indices per parameter for the main outcomes: how much of each outcome's variation a parameter explains.".into(),
            body: para("note", &input.how_to_sensitivity),
        };
    };
    let mut plots = Vec::new();
    let mut rows = Vec::new();
    for output in sens.outputs() {
        let (series, mut groups): (Vec<Series>, Vec<(f64, BarGroup)>) = match sens {
            Sensitivity::Sobol(all) => (
                vec![
                    ("first-order".into(), color(2).into()),
                    ("total".into(), color(1).into()),
                ],
                all.iter()
                    .filter(|r| r.output == output)
                    .map(|r| {
                        rows.push(vec![
                            output.clone(),
                            r.parameter.clone(),
                            ci_text(r.first_order, r.first_order_ci),
                            ci_text(r.total, r.total_ci),
                        ]);
                        (
                            r.total,
                            BarGroup {
                                label: r.parameter.clone(),
                                bars: vec![
                                    Bar {
                                        value: r.first_order,
                                        ci: r.first_order_ci.map(|c| (c[0], c[1])),
                                    },
                                    Bar {
                                        value: r.total,
                                        ci: r.total_ci.map(|c| (c[0], c[1])),
                                    },
                                ],
                            },
                        )
                    })
                    .collect(),
            ),
            Sensitivity::Morris(all) => (
                vec![
                    ("μ* (mean |effect|)".into(), color(2).into()),
                    ("σ (interactions)".into(), color(1).into()),
                ],
                all.iter()
                    .filter(|r| r.output == output)
                    .map(|r| {
                        rows.push(vec![
                            output.clone(),
                            r.parameter.clone(),
                            short(r.mu_star),
                            short(r.sigma),
                        ]);
                        (
                            r.mu_star,
                            BarGroup {
                                label: r.parameter.clone(),
                                bars: vec![
                                    Bar {
                                        value: r.mu_star,
                                        ci: None,
                                    },
                                    Bar {
                                        value: r.sigma,
                                        ci: None,
                                    },
                                ],
                            },
                        )
                    })
                    .collect(),
            ),
        };
        groups.sort_by(|a, b| b.0.total_cmp(&a.0));
        let total = groups.len();
        groups.truncate(TOP_PARAMETERS);
        let shown = if total > TOP_PARAMETERS {
            format!(" (top {TOP_PARAMETERS} of {total})")
        } else {
            String::new()
        };
        plots.push(bar_chart(&BarChart {
            title: format!("{output}{shown}"),
            x_title: match sens {
                Sensitivity::Sobol(_) => "share of the output's variance".into(),
                Sensitivity::Morris(_) => "elementary effect, in the output's unit".into(),
            },
            series,
            groups: groups.into_iter().map(|g| g.1).collect(),
            plot_width: 300.0,
        }));
    }
    let mut body = grid(&plots);
    let headers: [&str; 4] = match sens {
        Sensitivity::Sobol(_) => ["output", "parameter", "first-order [95%]", "total [95%]"],
        Sensitivity::Morris(_) => ["output", "parameter", "μ*", "σ"],
    };
    body.push_str(&table(&headers, &rows));
    let caption = match sens {
        Sensitivity::Sobol(_) => {
            "Sobol indices, one chart per output, parameters sorted by total index. The first-order index is the share of the output's variance a parameter explains alone; the total index adds its interactions with the others. Whiskers are 95% intervals. A parameter with a small total index can be fixed anywhere in its range without changing that output."
        }
        Sensitivity::Morris(_) => {
            "Morris screening, one chart per output, parameters sorted by μ*. μ* is the mean absolute change of the output per step of the parameter across its range (its overall influence); σ is the spread of those changes (interactions and non-linearity). Parameters with small μ* and σ can be fixed without changing that output."
        }
    };
    Section {
        id: "sensitivity",
        title: title.into(),
        caption: caption.into(),
        body,
    }
}

fn ci_text(v: f64, ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("{} [{}, {}]", short(v), short(lo), short(hi)),
        None => short(v),
    }
}

fn calibration_section(input: &ReportInput) -> Section {
    let title = "Calibration: what the record says about the parameters";
    let Some(post) = &input.posterior else {
        return Section {
            id: "calibration",
            title: title.into(),
            caption: "Each calibrated parameter's prior range and its posterior distribution given the record.".into(),
            body: para("note", &input.how_to_posterior),
        };
    };
    let plots: Vec<String> = post.iter().map(|p| posterior(p, 340.0)).collect();
    let rows: Vec<Vec<String>> = post
        .iter()
        .map(|p| {
            let q = |x| p.quantile(x).map_or("-".to_string(), short);
            vec![
                p.name.clone(),
                p.unit.clone(),
                format!("[{}, {}]", short(p.prior_min), short(p.prior_max)),
                p.default.map_or("-".to_string(), short),
                q(0.5),
                format!("[{}, {}]", q(0.05), q(0.95)),
                p.samples.len().to_string(),
            ]
        })
        .collect();
    let mut body = grid(&plots);
    body.push_str(&table(
        &[
            "parameter",
            "unit",
            "prior range",
            "default",
            "posterior median",
            "90% interval",
            "samples",
        ],
        &rows,
    ));
    Section {
        id: "calibration",
        title: title.into(),
        caption: "One panel per calibrated parameter. The grey area is the prior range (the values thought plausible before looking at the record); the bars are the posterior, the weighted accepted draws of approximate Bayesian computation, as a density; the black dot and line are its median and central 90% interval; the red dashed line is the scenario's default. A posterior as wide as the prior means the record says little about that parameter; a narrow one away from the default means the default should move.".into(),
        body,
    }
}

fn empty(id: &'static str, title: &str) -> Section {
    Section {
        id,
        title: title.into(),
        caption: String::new(),
        body: para("note", "No data for this section."),
    }
}
