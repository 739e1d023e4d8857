//! Ensembles of Bianjing 1126 runs: many reproducible runs across threads and machines, summarised in
//! mergeable aggregates, compared pairwise on common random numbers, and checked against the record.
//!
//! The main types:
//! - [`EnsembleSpec`]: the seed, the number of runs and the [`Arm`]s (arm 0 the factual arm, the others
//!   what-ifs or parameter changes, each a compiled [`bianjing_engine::Script`] and a parameter set).
//! - [`run_ensemble`]: runs a range of run indices of every arm on a local rayon pool and returns an
//!   [`Aggregate`]. Run `i` of every arm uses the engine's stream for (seed, `i`), so arms are paired
//!   run by run: a what-if is compared with the factual run *from the same point of divergence*
//!   ([`Arm::factual_for`]), which draws the same numbers for the same purposes on the same days.
//! - [`Aggregate`]: counts, fixed-point sums and sums of squares, and histograms on fixed grids, per arm
//!   and per pair; no per-run rows, so memory is flat in the number of runs. [`merge`] combines
//!   partial results (shards, resumed runs) and refuses to mix different ensembles or overlapping runs.
//! - [`Report`]: probabilities with Wilson intervals, means and quantiles, paired differences with
//!   their intervals beside the unpaired width; JSON and aligned text.
//! - [`validate()`]: the free runs against the essay's dated key events ([`Validation`]).
//! - [`run_rows`]: one tidy [`RunRow`] per run for CSV or JSON lines.
//! - [`ParamSource`]: each run's parameters: the defaults, the prior or a posterior, drawn once per
//!   run index for every arm.
//! - [`SiegeFit`]: the siege as a model for `bianjing-calibration`: summary statistics and the
//!   distance to the record.
//!
//! **Why integers.** Floating-point addition is not associative: summing the same values in another
//! order (another thread count, another shard split) can change the last bits. An aggregate therefore
//! holds only integers: counts, and each measure rounded once per run to a fixed unit (a man, a tael,
//! a day, 1/10,000 of influence; see [`measure`]) and summed in `i128`. Merging is integer addition,
//! exactly associative and commutative, so any thread count and any split give the same bytes; the
//! report's floats are computed from those integers alone.
//!
//! ```no_run
//! use bianjing_analysis::{Arm, EnsembleSpec, Report, run_ensemble};
//! use bianjing_engine::{Mode, RunConfig, Setup};
//!
//! let scenario = bianjing_scenario::builtin();
//! let setup = Setup::build(scenario.data(), scenario.calendar()).unwrap();
//! let free = RunConfig { mode: Mode::Free, ..RunConfig::default() };
//! let factual = Arm::compile(&setup, "factual", &free, setup.params.clone()).unwrap();
//! let spec = EnsembleSpec {
//!     runs: 10_000,
//!     seed: 1126,
//!     arms: vec![factual],
//!     source: bianjing_analysis::ParamSource::Fixed,
//! };
//! let agg = run_ensemble(&setup, &spec, 0, 0..spec.runs, &|_| {});
//! println!("{}", Report::new(&agg).render(&|d| format!("day {d}")));
//! ```

pub mod aggregate;
pub mod fit;
pub mod measure;
pub mod plan;
pub mod report;
pub mod rows;
pub mod run;
pub mod source;
pub mod spec;
pub mod stats;
pub mod validate;

pub use aggregate::{
    Aggregate, ArmStats, EventStats, FORMAT, MeasureGrid, MeasureStats, MergeError, PairedMeasure,
    PairedStats, Span, Table2, VERSION, in_sequence, merge, merge_all,
};
pub use fit::{SiegeFit, Target};
pub use measure::{Grid, Measure};
pub use plan::{PlanError, RunPlan, compare_arms, plan};
pub use report::{
    ArmReport, Comparison, DiffRow, EventSummary, MeasureSummary, Proportion, QUANTILES, Report,
};
pub use rows::{RunRow, csv_field, run_rows};
pub use run::{CHUNK, run_ensemble, run_ensemble_until, run_serial};
pub use source::{Draw, ParamSource, uncertain};
pub use spec::{Arm, EnsembleSpec, same_script};
pub use stats::{Difference, Z95, wilson};
pub use validate::{EventCheck, Validation, recorded_day, validate};
