//! The headline answer in plain words, generated from the ensemble's numbers: the factual baseline
//! with its interval, then what each what-if does to the chance of the recorded outcome, measured
//! run by run against its paired factual runs.

use bianjing_analysis::{Comparison, DiffRow, Report};
use bianjing_engine::Category;

use crate::input::ArmInfo;

/// A shift of the recorded outcome's probability this large (in either direction) counts as changing
/// the outcome. A reporting convention chosen for this report, not a finding of the model: smaller
/// shifts leave the recorded outcome by far the likeliest while it stands near 100%.
pub const MATERIAL: f64 = 0.05;

/// Plain words for an outcome category.
pub fn outcome_words(name: &str) -> String {
    let c = Category::ALL.iter().find(|c| c.name() == name);
    match c {
        Some(Category::CityTaken) => "the Jin take the city",
        Some(Category::Capitulation) => "the city capitulates",
        Some(Category::WithdrewWithTerms) => "the Jin withdraw with terms",
        Some(Category::WithdrewWithoutTerms) => "the Jin withdraw without terms",
        Some(Category::EasternArmyBroken) => "the Jin eastern army is broken",
        Some(Category::InTheField) => "the Jin are still before the city at the end",
        None => return name.to_string(),
    }
    .to_string()
}

/// A probability as a percentage: two decimals below 1%, and "<0.01%" rather than a misleading
/// 0.00% for the rarest.
pub fn pct(p: f64) -> String {
    if p <= 0.0 {
        "0%".to_string()
    } else if p < 0.000_05 {
        "<0.01%".to_string()
    } else if p < 0.01 {
        // Rare outcomes keep two significant digits or so: 0.07%, not 0.1%.
        format!("{:.2}%", p * 100.0)
    } else {
        format!("{:.1}%", p * 100.0)
    }
}

/// A difference of probabilities in percentage points, signed, with a true minus sign.
pub fn points(d: f64) -> String {
    let s = format!("{:+.1}", d * 100.0);
    let s = if s == "-0.0" { "+0.0".to_string() } else { s };
    s.replace('-', "\u{2212}")
}

/// What a paired difference says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The interval contains zero.
    NoDetectableChange,
    /// Detectable, but smaller than [`MATERIAL`].
    SmallChange,
    /// At least [`MATERIAL`], and the interval excludes zero.
    ChangesTheOutcome,
}

pub fn verdict(row: &DiffRow) -> Verdict {
    let d = &row.difference;
    if d.lo <= 0.0 && d.hi >= 0.0 {
        Verdict::NoDetectableChange
    } else if d.diff.abs() < MATERIAL {
        Verdict::SmallChange
    } else {
        Verdict::ChangesTheOutcome
    }
}

fn verdict_words(v: Verdict) -> String {
    match v {
        Verdict::NoDetectableChange => "no detectable change".to_string(),
        Verdict::SmallChange => format!(
            "a detectable but small change (under {:.0} points)",
            MATERIAL * 100.0
        ),
        Verdict::ChangesTheOutcome => "a change of outcome".to_string(),
    }
}

fn recorded_row(c: &Comparison) -> Option<&DiffRow> {
    c.categories
        .iter()
        .find(|r| r.name == Category::WithdrewWithTerms.name())
}

/// The headline: paragraphs and a list of findings, as plain text (the caller escapes).
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub baseline: String,
    pub answer: String,
    pub findings: Vec<String>,
    pub caveat: String,
}

/// The headline of an ensemble whose arm 0 is the factual configuration and whose other arms are the
/// what-ifs described by `arms` (matched by name).
/// `from_posterior`: whether the runs drew their parameters from a posterior.
pub fn headline(report: &Report, arms: &[ArmInfo], from_posterior: bool) -> Headline {
    let recorded = Category::WithdrewWithTerms.name();
    let factual = report.arms.first();
    let baseline = match factual.and_then(|a| a.categories.iter().find(|p| p.name == recorded)) {
        Some(p) => {
            let a = factual.map_or(0, |a| a.runs);
            let alternative = factual
                .into_iter()
                .flat_map(|a| a.categories.iter())
                .filter(|q| q.name != recorded)
                .max_by(|x, y| x.p.total_cmp(&y.p));
            let alt = match alternative {
                Some(q) if q.p > 0.0 => format!(
                    " The likeliest other outcome is that {} ({}, 95% interval {} to {}).",
                    outcome_words(&q.name),
                    pct(q.p),
                    pct(q.lo),
                    pct(q.hi)
                ),
                _ => " No other outcome occurred in these runs.".to_string(),
            };
            format!(
                "The factual baseline: in {a} free runs of the model with nothing imposed (seed {}), {} (the recorded outcome) in {} of runs (95% interval {} to {}).{alt}",
                report.seed,
                outcome_words(recorded),
                pct(p.p),
                pct(p.lo),
                pct(p.hi)
            )
        }
        None => "The ensemble has no factual arm to compare with.".to_string(),
    };

    let rows: Vec<(&Comparison, &DiffRow)> = report
        .comparisons
        .iter()
        .filter_map(|c| recorded_row(c).map(|r| (c, r)))
        .collect();
    let label = |name: &str| -> String {
        arms.iter()
            .find(|a| a.name == name)
            .filter(|a| a.what_ifs.len() > 1)
            .map_or(name.to_string(), |a| a.what_ifs.join(" + "))
    };
    let changers: Vec<&Comparison> = rows
        .iter()
        .filter(|(_, r)| verdict(r) == Verdict::ChangesTheOutcome)
        .map(|(c, _)| *c)
        .collect();
    let largest = rows.iter().max_by(|a, b| {
        a.1.difference
            .diff
            .abs()
            .total_cmp(&b.1.difference.diff.abs())
    });
    let answer = match largest {
        None => "No what-if was compared with the factual runs, so the essay's closing question is not answered here.".to_string(),
        Some((c, r)) => {
            let biggest = format!(
                "the largest shift is {}'s {} points (95% interval {} to {})",
                label(&c.arm),
                points(r.difference.diff),
                points(r.difference.lo),
                points(r.difference.hi)
            );
            if changers.is_empty() {
                format!(
                    "The essay's closing question, whether a more aggressive policy in early 1126 would have changed the outcome: under the model as calibrated, no. None of the {} what-ifs compared moves the chance that {} by {:.0} percentage points or more; {biggest}.",
                    rows.len(),
                    outcome_words(recorded),
                    MATERIAL * 100.0
                )
            } else {
                // Where the runs go instead: the outcome that gains the most.
                let names: Vec<String> = changers
                    .iter()
                    .map(|c| {
                        let to = c
                            .categories
                            .iter()
                            .filter(|o| o.name != recorded)
                            .max_by(|a, b| a.difference.diff.total_cmp(&b.difference.diff));
                        match to {
                            Some(o) if o.difference.diff > 0.0 => format!(
                                "{}, where mostly {} instead",
                                label(&c.arm),
                                outcome_words(&o.name)
                            ),
                            _ => label(&c.arm),
                        }
                    })
                    .collect();
                format!(
                    "The essay's closing question, whether a more aggressive policy in early 1126 would have changed the outcome: under the model as calibrated, yes for {} of the {} what-ifs compared ({}), which move the chance that {} by {:.0} percentage points or more; {biggest}.",
                    changers.len(),
                    rows.len(),
                    names.join("; "),
                    outcome_words(recorded),
                    MATERIAL * 100.0
                )
            }
        }
    };

    // Changing "the outcome" by refusing terms can be a matter of definition (no terms, so no
    // withdrawal with terms); the war party's aim was the eastern army broken, so say that too.
    let broken = Category::EasternArmyBroken.name();
    let most_broken = report
        .comparisons
        .iter()
        .filter_map(|c| {
            c.categories
                .iter()
                .find(|o| o.name == broken)
                .map(|o| (c, o))
        })
        .max_by(|a, b| a.1.difference.diff.total_cmp(&b.1.difference.diff));
    let answer = match most_broken {
        Some((c, o)) if o.difference.diff > 0.0 => format!(
            "{answer} As for the outcome the war party hoped for, the Jin eastern army broken: the largest effect is {}'s, from {} to {} of runs ({} points, 95% interval {} to {}).",
            label(&c.arm),
            pct(o.factual),
            pct(o.arm),
            points(o.difference.diff),
            points(o.difference.lo),
            points(o.difference.hi)
        ),
        Some(_) => format!(
            "{answer} No what-if compared makes it likelier that the Jin eastern army is broken."
        ),
        None => answer,
    };

    let findings = rows
        .iter()
        .map(|(c, r)| {
            let info = arms.iter().find(|a| a.name == c.arm);
            let what = info.map_or(String::new(), |a| format!(" ({})", a.summary));
            let other = c
                .categories
                .iter()
                .filter(|o| o.name != recorded && verdict(o) != Verdict::NoDetectableChange)
                .max_by(|a, b| a.difference.diff.abs().total_cmp(&b.difference.diff.abs()));
            let other = match other {
                Some(o) => format!(
                    " The largest shift among the other outcomes: {}, {} to {} ({} points, 95% interval {} to {}).",
                    outcome_words(&o.name),
                    pct(o.factual),
                    pct(o.arm),
                    points(o.difference.diff),
                    points(o.difference.lo),
                    points(o.difference.hi)
                ),
                None => " No other outcome shifts detectably.".to_string(),
            };
            format!(
                "{}{what}: {} in {} of runs against {} in the paired factual runs, {} points (95% interval {} to {}): {}.{other}",
                label(&c.arm),
                outcome_words(recorded),
                pct(r.arm),
                pct(r.factual),
                points(r.difference.diff),
                points(r.difference.lo),
                points(r.difference.hi),
                verdict_words(verdict(r))
            )
        })
        .collect();

    let parameters = if from_posterior {
        "Each run draws its parameters from the calibrated posterior (the same draw in every arm), so they also carry the doubt about the parameters that the record leaves"
    } else {
        "They do not include doubt about the model's parameters, which are fixed for every run"
    };
    let caveat = format!(
        "How sure: the intervals measure the randomness of {} runs per arm (paired runs share their random numbers, so differences are measured run by run). {parameters}; the sensitivity and calibration sections show which parameters drive the answer and what the record says about them. A shift of {:.0} points or more counts here as changing the outcome: a convention of this report, not a finding.",
        report.runs_covered,
        MATERIAL * 100.0
    );
    Headline {
        baseline,
        answer,
        findings,
        caveat,
    }
}
