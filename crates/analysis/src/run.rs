//! Running an ensemble across threads.
//!
//! The run indices are cut into fixed chunks of [`CHUNK`] runs, aligned on multiples of [`CHUNK`] and
//! independent of the thread count. Each chunk runs its runs in order into its own [`Aggregate`]; the
//! chunks' aggregates are merged. Since aggregates hold only integers, the result is the same, bit for
//! bit, whatever the number of threads or the order in which chunks finish.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use bianjing_engine::{Outcome, Params, Script, Setup, Simulation};
use rayon::prelude::*;

use crate::aggregate::{Aggregate, Binnings, Tally};
use crate::source::Draw;
use crate::spec::{Arm, EnsembleSpec};

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

/// An arm's parameters for a run: its own, or the run's draw with the arm's pinned values on top.
/// A posterior sample with nothing pinned is used where it lies, without a copy.
fn params_of<'s>(arm: &'s Arm, draw: Option<&Draw<'s>>) -> Cow<'s, Params> {
    match draw {
        None => Cow::Borrowed(&arm.params),
        Some(&Draw::Sample(sample)) if arm.pinned.is_empty() => Cow::Borrowed(sample),
        Some(d) => Cow::Owned(d.apply(&arm.params, &arm.pinned)),
    }
}

/// Runs run `run` of `script` under `p`. Parameters that outlive the chunk (an arm's own, or a
/// posterior sample) run in `sim`, restarted from the chunk's last run of the same script, so that a
/// run allocates nothing; parameters made for this run alone get a simulation of their own.
#[expect(
    clippy::ptr_arg,
    reason = "whether the parameters are borrowed, and so outlive the run, decides where it runs"
)]
fn run_one<'s>(
    sim: &mut Option<Simulation<'s>>,
    setup: &'s Setup,
    p: &Cow<'s, Params>,
    script: &'s Script,
    seed: u64,
    run: u64,
) -> Outcome {
    match (p, sim.as_mut()) {
        (Cow::Borrowed(p), Some(sim)) => {
            sim.restart(p, seed, run);
            sim.run(&mut ())
        }
        (Cow::Borrowed(p), None) => sim
            .insert(Simulation::new(setup, p, script, seed, run))
            .run(&mut ()),
        (Cow::Owned(p), _) => Simulation::new(setup, p, script, seed, run).run(&mut ()),
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
    let mut outcomes: Vec<Option<Outcome>> = vec![None; spec.arms.len()];
    let mut baselines: Vec<Option<Outcome>> = vec![None; plan.baselines.len()];
    let mut arm_sims: Vec<Option<Simulation<'_>>> = spec.arms.iter().map(|_| None).collect();
    let mut baseline_sims: Vec<Option<Simulation<'_>>> =
        plan.baselines.iter().map(|_| None).collect();
    let mut tallies: Vec<Tally> = spec.arms.iter().map(|_| Tally::default()).collect();
    for run in range.clone() {
        // One parameter draw per run index, shared by every arm and every paired factual run.
        let draw = spec.source.draw(spec.seed, run);
        // Only what-ifs whose factual run is not the first arm need the factual parameters again.
        let factual_params = if plan.baselines.is_empty() {
            None
        } else {
            Some(params_of(&spec.arms[0], draw.as_ref()))
        };
        for ((slot, arm), sim) in outcomes.iter_mut().zip(&spec.arms).zip(&mut arm_sims) {
            let p = params_of(arm, draw.as_ref());
            *slot = Some(run_one(sim, setup, &p, &arm.script, spec.seed, run));
        }
        for ((slot, script), sim) in baselines
            .iter_mut()
            .zip(&plan.baselines)
            .zip(&mut baseline_sims)
        {
            let p = factual_params
                .as_ref()
                .expect("baselines have factual parameters");
            *slot = Some(run_one(sim, setup, p, script, spec.seed, run));
        }
        for ((stats, tally), o) in agg.arms.iter_mut().zip(&mut tallies).zip(&outcomes) {
            stats.add(tally, o.as_ref().expect("every arm ran"), binnings);
        }
        for (i, pairs) in agg.paired.iter_mut().enumerate() {
            let factual = match plan.paired[i] {
                None => &outcomes[0],
                Some(k) => &baselines[k],
            };
            pairs.add(
                factual.as_ref().expect("every factual run ran"),
                outcomes[i + 1].as_ref().expect("every arm ran"),
            );
        }
    }
    for (stats, tally) in agg.arms.iter_mut().zip(&mut tallies) {
        stats.settle(tally);
    }
    agg.cover(range);
}
