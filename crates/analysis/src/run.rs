//! Running an ensemble across threads.
//!
//! The run indices are cut into fixed chunks of [`CHUNK`] runs, aligned on multiples of [`CHUNK`] and
//! independent of the thread count. Each chunk runs its runs in order into its own [`Aggregate`]; the
//! chunks' aggregates are merged. Since aggregates hold only integers, the result is the same, bit for
//! bit, whatever the number of threads or the order in which chunks finish.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use bianjing_engine::{Outcome, Params, Script, Setup, Simulation};
use rayon::prelude::*;

use crate::aggregate::{Aggregate, Binnings};
use crate::source::{Draw, ParamSource};
use crate::spec::{Arm, EnsembleSpec, Plan};

/// Runs per chunk: the unit of work handed to a thread and of progress reports.
pub const CHUNK: u64 = 256;

/// Runs the runs `range` of every arm of `spec` on `threads` threads (0: one per core) and returns their
/// aggregate. `progress` is called from worker threads with the number of runs just finished (a
/// chunk's worth at a time).
///
/// # Panics
/// If `range` reaches past `spec.runs` or `spec.arms` is empty.
pub fn run_ensemble(
    setup: &Setup,
    spec: &EnsembleSpec,
    threads: usize,
    range: Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Aggregate {
    run_ensemble_until(
        setup,
        spec,
        threads,
        range,
        progress,
        &AtomicBool::new(false),
    )
}

/// As [`run_ensemble`], but stops early once `stop` is set (from a Ctrl-C handler, say): chunks not yet
/// started are skipped, and the result covers exactly the chunks that finished (see
/// [`Aggregate::covered`] and [`Aggregate::missing`]), so it can be saved and resumed.
pub fn run_ensemble_until(
    setup: &Setup,
    spec: &EnsembleSpec,
    threads: usize,
    range: Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Aggregate {
    assert!(!spec.arms.is_empty(), "an ensemble needs a factual arm");
    assert!(
        range.end <= spec.runs,
        "runs {range:?} reach past the ensemble's {} runs",
        spec.runs
    );
    let empty = Aggregate::empty(setup, spec);
    if range.start >= range.end {
        return empty;
    }
    let first = range.start / CHUNK;
    let last = (range.end - 1) / CHUNK;
    let chunks: Vec<Range<u64>> = (first..=last)
        .map(|k| (k * CHUNK).max(range.start)..((k + 1) * CHUNK).min(range.end))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool can be built");
    let binnings = Binnings::of(&empty.grids);
    let work = || {
        chunks
            .par_iter()
            // The chunks a thread takes in turn count into one aggregate, not a copy each.
            .fold(
                || empty.clone(),
                |mut agg, r| {
                    if !stop.load(Ordering::Relaxed) {
                        run_chunk_into(&mut agg, setup, spec, r.clone(), &binnings);
                        progress(r.end - r.start);
                    }
                    agg
                },
            )
            .reduce(
                || empty.clone(),
                |mut a, b| {
                    a.absorb(&b);
                    a
                },
            )
    };
    pool.install(work)
}

/// Runs the runs `range` of every arm into an empty aggregate, in order, on this thread.
pub fn run_serial(setup: &Setup, spec: &EnsembleSpec, range: Range<u64>) -> Aggregate {
    let mut agg = Aggregate::empty(setup, spec);
    let binnings = Binnings::of(&agg.grids);
    run_chunk_into(&mut agg, setup, spec, range, &binnings);
    agg
}

/// Runs per batch of a chunk. Parameters made for each run (a prior's draw, or a posterior sample
/// with values pinned) are made for the whole batch first, into a buffer that outlives the batch's
/// simulations, so that those restart run after run as well; a batch at a time keeps the buffer
/// small.
const BATCH: u64 = 64;

/// Whether `arm`'s parameters are made for each run from the run's draw, rather than found where
/// they lie (the arm's own, or a posterior sample with nothing pinned).
fn made_per_run(source: &ParamSource, arm: &Arm) -> bool {
    match source {
        ParamSource::Fixed => false,
        ParamSource::Posterior { .. } => !arm.pinned.is_empty(),
        ParamSource::Prior { .. } => true,
    }
}

/// The parameters an arm whose parameters are not made per run runs under, for a run with `draw`.
fn found<'s>(arm: &'s Arm, draw: Option<&Draw<'s>>) -> &'s Params {
    match draw {
        None => &arm.params,
        Some(&Draw::Sample(sample)) => sample,
        Some(Draw::Values { .. }) => unreachable!("a prior's parameters are made per run"),
    }
}

/// Runs run `run` of `script` under `p` in `sim`, restarted from the last run it held, so that a
/// run allocates nothing.
#[inline(always)]
fn run_in<'a>(
    sim: &mut Option<Simulation<'a>>,
    setup: &'a Setup,
    p: &'a Params,
    script: &'a Script,
    seed: u64,
    run: u64,
) -> Outcome {
    match sim {
        Some(sim) => {
            sim.restart(p, seed, run);
            sim.run(&mut ())
        }
        None => sim
            .insert(Simulation::new(setup, p, script, seed, run))
            .run(&mut ()),
    }
}

/// The last run's outcomes of every arm and every paired factual run.
struct LastRun {
    outcomes: Vec<Option<Outcome>>,
    baselines: Vec<Option<Outcome>>,
}

impl LastRun {
    /// Counts the last run's outcomes into `agg`.
    fn count(&mut self, agg: &mut Aggregate, plan: &Plan, binnings: &Binnings) {
        for (stats, o) in agg.arms.iter_mut().zip(&self.outcomes) {
            stats.add(o.as_ref().expect("every arm ran"), binnings);
        }
        for (i, pairs) in agg.paired.iter_mut().enumerate() {
            let factual = match plan.paired[i] {
                None => &self.outcomes[0],
                Some(k) => &self.baselines[k],
            };
            pairs.add(
                factual.as_ref().expect("every factual run ran"),
                self.outcomes[i + 1].as_ref().expect("every arm ran"),
            );
        }
    }
}

/// Runs the runs `range` of every arm in order on this thread and counts them into `agg`.
fn run_chunk_into(
    agg: &mut Aggregate,
    setup: &Setup,
    spec: &EnsembleSpec,
    range: Range<u64>,
    binnings: &Binnings,
) {
    let plan = spec.plan();
    let mut last = LastRun {
        outcomes: vec![None; spec.arms.len()],
        baselines: vec![None; plan.baselines.len()],
    };
    run_batches(agg, &mut last, setup, spec, &plan, range.clone(), binnings);
    agg.cover(range);
}

/// Runs the runs `range` a batch at a time: the batch's parameter sets made for each run (if any
/// arm's are) are made first, and every simulation restarts run after run, under a parameter set
/// that outlives the chunk (an arm's own, a posterior sample) or one made for the batch.
fn run_batches(
    agg: &mut Aggregate,
    last: &mut LastRun,
    setup: &Setup,
    spec: &EnsembleSpec,
    plan: &Plan,
    range: Range<u64>,
    binnings: &Binnings,
) {
    let makes: Vec<bool> = spec
        .arms
        .iter()
        .map(|arm| made_per_run(&spec.source, arm))
        .collect();
    // Each run's made parameter sets, in arm order; the factual arm's serve its baselines too.
    let per_run = makes.iter().filter(|&&m| m).count();
    let mut draws: Vec<Option<Draw<'_>>> = Vec::new();
    let mut made: Vec<Params> = Vec::new();
    // Simulations of the parameters that outlive the chunk (a posterior sample, for an arm with
    // nothing pinned).
    let mut arm_sims: Vec<Option<Simulation<'_>>> = spec.arms.iter().map(|_| None).collect();
    let mut baseline_sims: Vec<Option<Simulation<'_>>> =
        plan.baselines.iter().map(|_| None).collect();
    let mut start = range.start;
    while start < range.end {
        let batch = start..(start + BATCH).min(range.end);
        start = batch.end;
        // One parameter draw per run index, shared by every arm and every paired factual run.
        draws.clear();
        draws.extend(batch.clone().map(|run| spec.source.draw(spec.seed, run)));
        made.clear();
        for draw in draws.iter().flatten() {
            for (arm, _) in spec.arms.iter().zip(&makes).filter(|(_, m)| **m) {
                made.push(draw.apply(&arm.params, &arm.pinned));
            }
        }
        // Simulations of the parameters made for this batch; none, and no storage for them, when no
        // arm's parameters are made per run, so that such a chunk allocates nothing batch by batch.
        let made = &made;
        let slots = |n: usize| -> Vec<Option<Simulation<'_>>> {
            if per_run == 0 {
                Vec::new()
            } else {
                (0..n).map(|_| None).collect()
            }
        };
        let mut made_arm_sims = slots(spec.arms.len());
        let mut made_baseline_sims = slots(plan.baselines.len());
        for (j, run) in batch.enumerate() {
            let draw = draws[j].as_ref();
            let mine = &made[j * per_run..(j + 1) * per_run];
            let mut next = mine.iter();
            for (i, arm) in spec.arms.iter().enumerate() {
                let o = if makes[i] {
                    let p = next.next().expect("a parameter set made for each arm");
                    run_in(&mut made_arm_sims[i], setup, p, &arm.script, spec.seed, run)
                } else {
                    let p = found(arm, draw);
                    run_in(&mut arm_sims[i], setup, p, &arm.script, spec.seed, run)
                };
                last.outcomes[i] = Some(o);
            }
            for (k, script) in plan.baselines.iter().enumerate() {
                let o = if makes[0] {
                    run_in(
                        &mut made_baseline_sims[k],
                        setup,
                        &mine[0],
                        script,
                        spec.seed,
                        run,
                    )
                } else {
                    let p = found(&spec.arms[0], draw);
                    run_in(&mut baseline_sims[k], setup, p, script, spec.seed, run)
                };
                last.baselines[k] = Some(o);
            }
            last.count(agg, plan, binnings);
        }
    }
}
