//! Where each run's parameters come from: the scenario's defaults, the uniform prior over the
//! declared ranges, or a calibrated posterior.
//!
//! Run `i` of every arm draws its parameters once, from a stream keyed by (seed, `i`) that is not
//! the engine's stream, so the arms stay paired run by run (common random numbers *and* a common
//! parameter draw) and the course of a run does not depend on how its parameters were chosen. Each
//! arm's own `--set` values are applied on top of the draw.

use std::sync::{Arc, OnceLock};

use bianjing_calibration::{Bounds, ParamSpec, Posterior, prior_for_run};
use bianjing_engine::{Params, Setup};

/// The parameter source of an ensemble or a run.
#[derive(Debug, Clone)]
pub enum ParamSource {
    /// Every run at the scenario's defaults.
    Fixed,
    /// Every uncertain parameter (declared min < max) drawn uniformly from its range, run by run.
    Prior {
        names: Vec<&'static str>,
        bounds: Vec<Bounds>,
    },
    /// Each run takes one weighted sample of the posterior.
    Posterior {
        posterior: Arc<Posterior>,
        /// [`Posterior::digest`], computed once.
        digest: String,
        /// Each sample as a whole parameter set (the scenario's defaults elsewhere), built once: setting
        /// a hundred parameters by name for every run would cost as much as the run.
        table: Arc<Vec<Params>>,
    },
}

/// The uncertain parameters of `setup`: those whose declared range is not a single value, in
/// declaration order.
pub fn uncertain(setup: &Setup) -> Vec<ParamSpec> {
    setup
        .ranges
        .iter()
        .filter(|(_, r)| r.min < r.max)
        .map(|(n, r)| ParamSpec {
            name: (*n).to_string(),
            bounds: Bounds {
                min: r.min,
                max: r.max,
            },
        })
        .collect()
}

impl ParamSource {
    /// The uniform prior over `setup`'s uncertain parameters.
    pub fn prior(setup: &Setup) -> ParamSource {
        let (names, bounds) = setup
            .ranges
            .iter()
            .filter(|(_, r)| r.min < r.max)
            .map(|(n, r)| {
                (
                    *n,
                    Bounds {
                        min: r.min,
                        max: r.max,
                    },
                )
            })
            .unzip();
        ParamSource::Prior { names, bounds }
    }

    /// A posterior, already checked against the scenario whose defaults are `defaults`.
    pub fn posterior(posterior: Posterior, defaults: &Params) -> ParamSource {
        let digest = posterior.digest();
        let table = posterior
            .samples
            .iter()
            .map(|s| {
                let mut p = defaults.clone();
                for (n, &v) in posterior.parameters.iter().zip(&s.values) {
                    if let Some(slot) = p.get_mut(n) {
                        *slot = v;
                    }
                }
                p
            })
            .collect();
        ParamSource::Posterior {
            posterior: Arc::new(posterior),
            digest,
            table: Arc::new(table),
        }
    }

    /// The built-in scenario's shipped posterior (`scenarios/bianjing-1126.posterior.toml`, embedded),
    /// checked against `setup`, whose scenario id is `scenario_id`. It is read once per process and
    /// shared: a server or a game asking for it on every request pays for the parsing only once.
    pub fn builtin(setup: &Setup, scenario_id: &str) -> Result<ParamSource, String> {
        static BUILTIN: OnceLock<Result<ParamSource, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let posterior = Posterior::load(
                    bianjing_scenario::builtin_posterior(),
                    bianjing_scenario::BUILTIN_POSTERIOR_NAME,
                    scenario_id,
                    &uncertain(setup),
                )
                .map_err(|e| format!("the built-in posterior does not fit the scenario: {e}"))?;
                Ok(ParamSource::posterior(posterior, &setup.params))
            })
            .clone()
    }

    /// How results name the source: `fixed`, `prior`, or `posterior:<digest>`.
    pub fn label(&self) -> String {
        match self {
            ParamSource::Fixed => "fixed".into(),
            ParamSource::Prior { .. } => "prior".into(),
            ParamSource::Posterior { digest, .. } => format!("posterior:{digest}"),
        }
    }

    /// Run `run`'s draw, as (name, value) pairs; `None` when the source is fixed.
    pub fn draw(&self, seed: u64, run: u64) -> Option<Draw<'_>> {
        match self {
            ParamSource::Fixed => None,
            ParamSource::Prior { names, bounds } => Some(Draw::Values {
                names,
                values: prior_for_run(bounds, seed, run),
            }),
            ParamSource::Posterior {
                posterior, table, ..
            } => Some(Draw::Sample(
                &table[posterior.sample_index_for_run(seed, run)],
            )),
        }
    }

    /// The parameters of run `run` for an arm whose fixed parameters are `base`, keeping the values
    /// of the parameters in `pinned` (set by hand) as they are in `base`.
    pub fn params_for(&self, base: &Params, pinned: &[String], seed: u64, run: u64) -> Params {
        match self.draw(seed, run) {
            None => base.clone(),
            Some(d) => d.apply(base, pinned),
        }
    }
}

/// One run's draw.
pub enum Draw<'a> {
    /// Values for the named parameters (the prior).
    Values {
        names: &'a [&'static str],
        values: Vec<f64>,
    },
    /// A whole parameter set (a posterior sample over the scenario's defaults).
    Sample(&'a Params),
}

impl Draw<'_> {
    /// `base` with the drawn values, except for the parameters in `pinned`, which keep `base`'s value.
    pub fn apply(&self, base: &Params, pinned: &[String]) -> Params {
        match self {
            Draw::Values { names, values } => {
                let mut p = base.clone();
                for (n, &v) in names.iter().zip(values) {
                    if !pinned.iter().any(|q| q == n)
                        && let Some(slot) = p.get_mut(n)
                    {
                        *slot = v;
                    }
                }
                p
            }
            Draw::Sample(sample) => {
                let mut p = (*sample).clone();
                for n in pinned {
                    if let (Some(slot), Some(v)) = (p.get_mut(n), base.get(n)) {
                        *slot = v;
                    }
                }
                p
            }
        }
    }
}
