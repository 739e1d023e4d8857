//! The plain data the report is made from. Nothing here runs a model: the command line fills these
//! from ensembles, the series collector and the JSON files of the sensitivity and calibration steps.
//!
//! The JSON shapes of [`Sensitivity`] and of a list of [`ParameterPosterior`]s are the formats of
//! `bianjing report --sensitivity FILE.json` and `--posterior FILE`; README.md shows them.

use serde::{Deserialize, Serialize};

/// How one simulated day is written on an axis and in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLabel {
    /// The lunar month and day, as short as an axis needs: `1/16`, `L11/5` for a leap month.
    pub lunar_short: String,
    /// The Julian month and day: `Feb 9`.
    pub julian_short: String,
    /// The full form for text: `JK1 1/16 壬午 (1126-02-09)`.
    pub full: String,
}

/// One arm of the ensemble as the reader should know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmInfo {
    /// The arm's name in the ensemble report (`factual`, `pursue`, `keep-li-gang+pursue`).
    pub name: String,
    /// The what-ifs it combines (none for the factual arm).
    pub what_ifs: Vec<String>,
    /// What it does, in words (the scenario's summaries, joined).
    pub summary: String,
}

/// When a key event first happened in the factual free runs, as a count of runs per day.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDates {
    pub name: String,
    /// Runs whose first such event fell on day `d`, for `d` in `0..`; an entry past the last day
    /// label counts days at or past the horizon.
    pub counts: Vec<u64>,
    /// All runs of the arm (the event's share is `sum(counts) / runs`).
    pub runs: u64,
    /// The recorded day of the event (a day index, possibly before the first simulated day).
    pub recorded_day: Option<i32>,
}

/// Five quantiles of a quantity on one day: 5, 25, 50, 75 and 95%.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantiles {
    pub q05: f64,
    pub q25: f64,
    pub q50: f64,
    pub q75: f64,
    pub q95: f64,
}

/// One quantity of the world followed day by day across runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyQuantity {
    /// A stable id (`jin-army`, `city-food`, ...).
    pub id: String,
    pub label: String,
    pub unit: String,
    /// Per day: the quantiles over the runs still going that day, `None` when too few are.
    pub days: Vec<Option<Quantiles>>,
}

/// Quantities of the world over time, from a bounded number of runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DailySeries {
    pub runs: u64,
    /// Runs still going at the end of each day.
    pub running: Vec<u64>,
    /// A day is shown only if at least this many runs are still going on it.
    pub min_running: u64,
    pub quantities: Vec<DailyQuantity>,
}

/// Variance-based indices of one parameter for one output, with their confidence intervals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// The model output (`p:withdrew-with-terms`, `jin-killed`, ...).
    pub output: String,
    pub parameter: String,
    pub first_order: f64,
    #[serde(default)]
    pub first_order_ci: Option<[f64; 2]>,
    pub total: f64,
    #[serde(default)]
    pub total_ci: Option<[f64; 2]>,
}

/// Elementary-effects screening of one parameter for one output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisRow {
    pub output: String,
    pub parameter: String,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects (interactions, non-linearity).
    pub sigma: f64,
}

/// Sensitivity indices as the sensitivity step writes them: `{"method": "sobol", "rows": [...]}` or
/// `{"method": "morris", "rows": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", content = "rows", rename_all = "lowercase")]
pub enum Sensitivity {
    Sobol(Vec<SensitivityRow>),
    Morris(Vec<MorrisRow>),
}

impl Sensitivity {
    /// Problems that would make the plots lie: non-finite numbers, negative Morris effects, empty
    /// names, intervals that do not contain their estimate's order.
    pub fn check(&self) -> Result<(), String> {
        let name_ok = |output: &str, parameter: &str, i: usize| {
            if output.trim().is_empty() || parameter.trim().is_empty() {
                Err(format!(
                    "rows[{i}]: `output` and `parameter` must not be empty"
                ))
            } else {
                Ok(())
            }
        };
        let finite = |v: f64, what: &str, i: usize| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(format!("rows[{i}]: `{what}` is not a finite number"))
            }
        };
        match self {
            Sensitivity::Sobol(rows) => {
                if rows.is_empty() {
                    return Err("`rows` is empty".into());
                }
                for (i, r) in rows.iter().enumerate() {
                    name_ok(&r.output, &r.parameter, i)?;
                    finite(r.first_order, "first_order", i)?;
                    finite(r.total, "total", i)?;
                    for (ci, what) in [
                        (r.first_order_ci, "first_order_ci"),
                        (r.total_ci, "total_ci"),
                    ] {
                        if let Some([lo, hi]) = ci {
                            finite(lo, what, i)?;
                            finite(hi, what, i)?;
                            if lo > hi {
                                return Err(format!(
                                    "rows[{i}]: `{what}` has its low end above its high end"
                                ));
                            }
                        }
                    }
                }
            }
            Sensitivity::Morris(rows) => {
                if rows.is_empty() {
                    return Err("`rows` is empty".into());
                }
                for (i, r) in rows.iter().enumerate() {
                    name_ok(&r.output, &r.parameter, i)?;
                    finite(r.mu_star, "mu_star", i)?;
                    finite(r.sigma, "sigma", i)?;
                    if r.mu_star < 0.0 || r.sigma < 0.0 {
                        return Err(format!(
                            "rows[{i}]: `mu_star` and `sigma` cannot be negative"
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The outputs, in order of first appearance.
    pub fn outputs(&self) -> Vec<String> {
        let names: Vec<&str> = match self {
            Sensitivity::Sobol(rows) => rows.iter().map(|r| r.output.as_str()).collect(),
            Sensitivity::Morris(rows) => rows.iter().map(|r| r.output.as_str()).collect(),
        };
        let mut out: Vec<String> = Vec::new();
        for n in names {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
        out
    }
}

/// A calibrated parameter: its prior range and weighted posterior samples (approximate Bayesian
/// computation keeps accepted draws, with weights under importance sampling or SMC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterPosterior {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub prior_min: f64,
    pub prior_max: f64,
    pub samples: Vec<f64>,
    /// One per sample; empty means equal weights.
    #[serde(default)]
    pub weights: Vec<f64>,
    /// The scenario's default value, marked on the plot when known.
    #[serde(default)]
    pub default: Option<f64>,
}

/// The posterior file: `{"parameters": [ParameterPosterior, ...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    pub parameters: Vec<ParameterPosterior>,
}

impl ParameterPosterior {
    /// Problems that would make the plot lie or fail.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("`name` must not be empty".into());
        }
        if !(self.prior_min.is_finite()
            && self.prior_max.is_finite()
            && self.prior_min < self.prior_max)
        {
            return Err(format!(
                "{}: the prior range [{}, {}] must be finite with prior_min < prior_max",
                self.name, self.prior_min, self.prior_max
            ));
        }
        if self.samples.is_empty() {
            return Err(format!("{}: `samples` is empty", self.name));
        }
        if let Some(i) = self.samples.iter().position(|v| !v.is_finite()) {
            return Err(format!(
                "{}: samples[{i}] is not a finite number",
                self.name
            ));
        }
        if !self.weights.is_empty() {
            if self.weights.len() != self.samples.len() {
                return Err(format!(
                    "{}: {} weights for {} samples (give one weight per sample, or none)",
                    self.name,
                    self.weights.len(),
                    self.samples.len()
                ));
            }
            if let Some(i) = self.weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
                return Err(format!(
                    "{}: weights[{i}] must be a finite number, 0 or more",
                    self.name
                ));
            }
            if self.weights.iter().sum::<f64>() <= 0.0 {
                return Err(format!("{}: the weights sum to 0", self.name));
            }
        }
        Ok(())
    }

    /// The weights, normalised to sum to 1 (equal if none were given).
    pub fn normalised_weights(&self) -> Vec<f64> {
        if self.weights.is_empty() {
            let n = self.samples.len().max(1) as f64;
            return vec![1.0 / n; self.samples.len()];
        }
        let total: f64 = self.weights.iter().sum();
        self.weights.iter().map(|w| w / total).collect()
    }

    /// The weighted quantile `q` of the samples (the smallest sample whose cumulative weight reaches
    /// `q`).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let w = self.normalised_weights();
        let mut pairs: Vec<(f64, f64)> = self.samples.iter().copied().zip(w).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut acc = 0.0;
        for &(v, w) in &pairs {
            acc += w;
            if acc >= q - 1e-12 {
                return Some(v);
            }
        }
        pairs.last().map(|p| p.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(samples: Vec<f64>, weights: Vec<f64>) -> ParameterPosterior {
        ParameterPosterior {
            name: "p".into(),
            unit: String::new(),
            prior_min: 0.0,
            prior_max: 10.0,
            samples,
            weights,
            default: None,
        }
    }

    #[test]
    fn weighted_quantiles_follow_the_weights() {
        let p = post(vec![1.0, 2.0, 3.0, 4.0], vec![]);
        assert_eq!(p.quantile(0.5), Some(2.0));
        assert_eq!(p.quantile(0.51), Some(3.0));
        // Nearly all the weight on 4.
        let p = post(vec![1.0, 2.0, 3.0, 4.0], vec![1.0, 1.0, 1.0, 97.0]);
        assert_eq!(p.quantile(0.02), Some(2.0));
        assert_eq!(p.quantile(0.05), Some(4.0));
        assert_eq!(p.quantile(0.5), Some(4.0));
    }

    #[test]
    fn bad_posteriors_are_refused_with_the_reason() {
        let e = post(vec![1.0, 2.0], vec![1.0]).check().unwrap_err();
        assert!(e.contains("1 weights for 2 samples"), "{e}");
        let e = post(vec![1.0, f64::NAN], vec![]).check().unwrap_err();
        assert!(e.contains("samples[1]"), "{e}");
        let mut p = post(vec![1.0], vec![]);
        p.prior_max = -1.0;
        assert!(p.check().unwrap_err().contains("prior range"));
        assert!(
            post(vec![1.0], vec![0.0])
                .check()
                .unwrap_err()
                .contains("sum to 0")
        );
        assert!(post(vec![1.0, 2.0], vec![]).check().is_ok());
    }

    #[test]
    fn sensitivity_json_shapes() {
        let sobol: Sensitivity = serde_json::from_str(
            r#"{"method":"sobol","rows":[{"output":"o","parameter":"a","first_order":0.2,"first_order_ci":[0.1,0.3],"total":0.4}]}"#,
        )
        .unwrap();
        assert!(matches!(&sobol, Sensitivity::Sobol(r) if r[0].total_ci.is_none()));
        assert!(sobol.check().is_ok());
        let morris: Sensitivity = serde_json::from_str(
            r#"{"method":"morris","rows":[{"output":"o","parameter":"a","mu_star":-1,"sigma":0.5}]}"#,
        )
        .unwrap();
        assert!(morris.check().unwrap_err().contains("rows[0]"));
    }
}
