//! The posterior file: a versioned TOML file of weighted parameter samples, its loader and the
//! per-run sampler.
//!
//! ```toml
//! format = "bianjing-posterior"
//! version = 1
//! scenario = "bianjing-1126"      # the scenario's id
//! method = "abc-smc"
//! seed = 1126
//! tolerance = 0.21
//! simulations = 2000000
//! parameters = ["engagement.morale_swing", ...]
//!
//! [[sample]]
//! weight = 0.0021
//! values = [0.31, ...]          # one per parameter, in the order of `parameters`
//! ```
//!
//! Values and weights are rounded to six significant digits when a fit becomes a posterior, so the
//! file is compact and writing then reading it gives back exactly the same posterior.

use serde::Deserialize;
use toml::Spanned;

use crate::abc::{Fit, Method};
use crate::model::Bounds;
use crate::streams::{Purpose, stream, uniform};

/// Names this kind of file.
pub const FORMAT: &str = "bianjing-posterior";
/// Bumped whenever the layout or the meaning of a field changes.
pub const VERSION: i64 = 1;

/// One weighted parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Positive; need not sum to 1.
    pub weight: f64,
    /// In the order of [`Posterior::parameters`].
    pub values: Vec<f64>,
}

/// A calibrated posterior over a scenario's uncertain parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// The scenario's id.
    pub scenario: String,
    pub method: Method,
    pub seed: u64,
    pub tolerance: f64,
    /// Simulations the calibration ran.
    pub simulations: u64,
    /// The calibrated parameters' names.
    pub parameters: Vec<String>,
    pub samples: Vec<Sample>,
    /// Cumulative normalised weights, for sampling.
    cumulative: Vec<f64>,
}

/// A parameter of the scenario: its name and declared range.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    pub name: String,
    pub bounds: Bounds,
}

/// What is wrong with a posterior file, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct PosteriorError {
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for PosteriorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for PosteriorError {}

/// Rounds to six significant digits (through the decimal form, so the result is what is written).
fn round6(v: f64) -> f64 {
    format!("{v:.5e}").parse().unwrap_or(v)
}

/// The uniform prior draw of run `run` of an ensemble seeded with `seed`: one value per parameter,
/// from the run's parameter stream (not the engine's stream).
pub fn prior_for_run(bounds: &[Bounds], seed: u64, run: u64) -> Vec<f64> {
    let mut rng = stream(seed, Purpose::RunParameters, run);
    bounds
        .iter()
        .map(|b| b.min + uniform(&mut rng) * b.width())
        .collect()
}

impl Posterior {
    /// A posterior from a fit over parameters `specs` (in the fit's order), values rounded to six
    /// significant digits and kept inside their ranges.
    pub fn from_fit(fit: &Fit, scenario: &str, specs: &[ParamSpec]) -> Posterior {
        let samples = fit
            .particles
            .iter()
            .map(|p| Sample {
                weight: round6(p.weight).max(f64::MIN_POSITIVE),
                values: p
                    .theta
                    .iter()
                    .zip(specs)
                    .map(|(&v, s)| round6(v).clamp(s.bounds.min, s.bounds.max))
                    .collect(),
            })
            .collect();
        Posterior::new(
            scenario.to_string(),
            fit.method,
            fit.seed,
            fit.tolerance,
            fit.simulations,
            specs.iter().map(|s| s.name.clone()).collect(),
            samples,
        )
    }

    /// A posterior from its parts (the weights must be positive and finite).
    pub fn new(
        scenario: String,
        method: Method,
        seed: u64,
        tolerance: f64,
        simulations: u64,
        parameters: Vec<String>,
        samples: Vec<Sample>,
    ) -> Posterior {
        let total: f64 = samples.iter().map(|s| s.weight).sum();
        let mut acc = 0.0;
        let cumulative = samples
            .iter()
            .map(|s| {
                acc += s.weight / total;
                acc
            })
            .collect();
        Posterior {
            scenario,
            method,
            seed,
            tolerance,
            simulations,
            parameters,
            samples,
            cumulative,
        }
    }

    /// The sample that run `run` of an ensemble seeded with `seed` uses: picked by weight with a
    /// uniform from the run's parameter stream (keyed by (seed, run), not the engine's stream).
    pub fn sample_for_run(&self, seed: u64, run: u64) -> &Sample {
        &self.samples[self.sample_index_for_run(seed, run)]
    }

    /// The index of [`Posterior::sample_for_run`]'s sample.
    pub fn sample_index_for_run(&self, seed: u64, run: u64) -> usize {
        let u = uniform(&mut stream(seed, Purpose::RunParameters, run));
        let k = self.cumulative.partition_point(|&c| c <= u);
        k.min(self.samples.len() - 1)
    }

    /// The posterior's weighted quantile `q` of parameter `index`.
    pub fn quantile(&self, index: usize, q: f64) -> f64 {
        let mut v: Vec<(f64, f64)> = self
            .samples
            .iter()
            .map(|s| (s.values[index], s.weight))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = v.iter().map(|x| x.1).sum();
        let mut acc = 0.0;
        for (x, w) in &v {
            acc += w / total;
            if acc >= q {
                return *x;
            }
        }
        v.last().map_or(f64::NAN, |x| x.0)
    }

    /// Effective sample size of the weights.
    pub fn ess(&self) -> f64 {
        crate::abc::ess(&self.samples.iter().map(|s| s.weight).collect::<Vec<_>>())
    }

    /// A 64-bit FNV-1a digest of the file's text, in hex: names the posterior in ensemble results.
    pub fn digest(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.to_toml().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// The file's text. Floats are written in Rust's shortest form that reads back to the same bits.
    pub fn to_toml(&self) -> String {
        let mut out =
            String::with_capacity(64 + self.samples.len() * (24 + 12 * self.parameters.len()));
        out.push_str(
            "# Weighted samples of a scenario's uncertain parameters, written by `bianjing calibrate`.\n",
        );
        out.push_str(&format!("format = \"{FORMAT}\"\nversion = {VERSION}\n"));
        out.push_str(&format!("scenario = {}\n", quote(&self.scenario)));
        out.push_str(&format!("method = \"{}\"\n", self.method.name()));
        out.push_str(&format!("seed = {}\n", self.seed));
        out.push_str(&format!("tolerance = {:?}\n", self.tolerance));
        out.push_str(&format!("simulations = {}\n", self.simulations));
        out.push_str("parameters = [\n");
        for p in &self.parameters {
            out.push_str(&format!("  {},\n", quote(p)));
        }
        out.push_str("]\n");
        for s in &self.samples {
            out.push_str(&format!(
                "\n[[sample]]\nweight = {:?}\nvalues = [",
                s.weight
            ));
            for (i, v) in s.values.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&format!("{v:?}"));
            }
            out.push_str("]\n");
        }
        out
    }

    /// Reads a posterior file's text, checking its header, names, values and weights but not against
    /// a scenario (see [`Posterior::load`]). `file` names the file in errors.
    pub fn parse(text: &str, file: &str) -> Result<Posterior, PosteriorError> {
        parse(text, file, None)
    }

    /// Reads a posterior file's text and checks it against the scenario `scenario` with parameters
    /// `space`: every parameter must be one of them and every value inside its declared range.
    pub fn load(
        text: &str,
        file: &str,
        scenario: &str,
        space: &[ParamSpec],
    ) -> Result<Posterior, PosteriorError> {
        parse(text, file, Some((scenario, space)))
    }
}

fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => q.push_str(&format!("\\u{:04X}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    // Checked before, on the lenient parse; kept so that the field is known.
    #[serde(rename = "format")]
    _format: String,
    version: Spanned<i64>,
    scenario: Spanned<String>,
    method: Spanned<String>,
    seed: Spanned<u64>,
    tolerance: Spanned<f64>,
    simulations: Spanned<u64>,
    parameters: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    sample: Vec<Spanned<RawSample>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSample {
    weight: Spanned<f64>,
    values: Spanned<Vec<Spanned<f64>>>,
}

fn parse(
    text: &str,
    file: &str,
    scenario: Option<(&str, &[ParamSpec])>,
) -> Result<Posterior, PosteriorError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |line: Option<usize>, message: String| PosteriorError {
        file: file.to_string(),
        line,
        message,
    };
    let at =
        |span: std::ops::Range<usize>, message: String| err(Some(line_of(span.start)), message);
    // The header first, leniently, so that a foreign file is named as such rather than as a list of
    // missing fields.
    let head: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        err(
            e.span().map(|s| line_of(s.start)),
            format!("not valid TOML: {}", e.message().trim()),
        )
    })?;
    match head.get("format").and_then(|v| v.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(err(
                None,
                format!("not a posterior file: its format is `{other}`, expected `{FORMAT}`"),
            ));
        }
        None => {
            return Err(err(
                None,
                format!("not a posterior file: it has no `format = \"{FORMAT}\"` line"),
            ));
        }
    }
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        err(
            e.span().map(|s| line_of(s.start)),
            e.message().trim().to_string(),
        )
    })?;
    if *raw.version.get_ref() != VERSION {
        return Err(at(
            raw.version.span(),
            format!(
                "posterior format version {}; this build reads version {VERSION}",
                raw.version.get_ref()
            ),
        ));
    }
    let method = Method::from_name(raw.method.get_ref()).ok_or_else(|| {
        at(
            raw.method.span(),
            format!(
                "unknown method `{}` (expected abc-rejection or abc-smc)",
                raw.method.get_ref()
            ),
        )
    })?;
    let tolerance = *raw.tolerance.get_ref();
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(at(
            raw.tolerance.span(),
            format!("the tolerance {tolerance} is not a finite number at least 0"),
        ));
    }
    if let Some((expected, _)) = scenario
        && raw.scenario.get_ref() != expected
    {
        return Err(at(
            raw.scenario.span(),
            format!(
                "this posterior was made for scenario `{}`, not `{expected}`",
                raw.scenario.get_ref()
            ),
        ));
    }
    let names = raw.parameters.get_ref();
    if names.is_empty() {
        return Err(at(raw.parameters.span(), "no parameters are listed".into()));
    }
    let mut bounds: Vec<Option<Bounds>> = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.get_ref() == n.get_ref()) {
            return Err(at(
                n.span(),
                format!("parameter `{}` is listed twice", n.get_ref()),
            ));
        }
        match scenario {
            None => bounds.push(None),
            Some((id, space)) => match space.iter().find(|s| &s.name == n.get_ref()) {
                Some(s) => bounds.push(Some(s.bounds)),
                None => {
                    return Err(at(
                        n.span(),
                        format!(
                            "the scenario `{id}` has no uncertain parameter `{}` (see `bianjing scenario params`)",
                            n.get_ref()
                        ),
                    ));
                }
            },
        }
    }
    if raw.sample.is_empty() {
        return Err(err(None, "it holds no [[sample]]".into()));
    }
    let mut samples = Vec::with_capacity(raw.sample.len());
    for (k, s) in raw.sample.iter().enumerate() {
        let s = s.get_ref();
        let w = *s.weight.get_ref();
        if !(w.is_finite() && w > 0.0) {
            return Err(at(
                s.weight.span(),
                format!(
                    "sample {}: the weight {w} is not positive and finite",
                    k + 1
                ),
            ));
        }
        let values = s.values.get_ref();
        if values.len() != names.len() {
            return Err(at(
                s.values.span(),
                format!(
                    "sample {}: {} values for {} parameters",
                    k + 1,
                    values.len(),
                    names.len()
                ),
            ));
        }
        for ((v, n), b) in values.iter().zip(names).zip(&bounds) {
            let x = *v.get_ref();
            if !x.is_finite() {
                return Err(at(
                    v.span(),
                    format!("sample {}: {} = {x} is not finite", k + 1, n.get_ref()),
                ));
            }
            if let Some(b) = b
                && !b.contains(x)
            {
                return Err(at(
                    v.span(),
                    format!(
                        "sample {}: {} = {x} is outside its declared range [{}, {}]",
                        k + 1,
                        n.get_ref(),
                        b.min,
                        b.max
                    ),
                ));
            }
        }
        samples.push(Sample {
            weight: w,
            values: values.iter().map(|v| *v.get_ref()).collect(),
        });
    }
    Ok(Posterior::new(
        raw.scenario.into_inner(),
        method,
        raw.seed.into_inner(),
        tolerance,
        raw.simulations.into_inner(),
        names.iter().map(|n| n.get_ref().clone()).collect(),
        samples,
    ))
}
