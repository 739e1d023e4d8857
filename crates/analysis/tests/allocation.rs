//! Runs allocate nothing: a restarted simulation runs its days without allocating, and an ensemble
//! of many runs at fixed parameters or over the posterior makes as many allocations as one of a few,
//! paired what-ifs included. A prior ensemble, which makes each run's parameter set, allocates a
//! few times a run for that. The global allocator of this test binary counts allocations.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bianjing_analysis::{EnsembleSpec, ParamSource, run_serial};
use bianjing_engine::Simulation;
use common::{setup, three_arm_spec};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the counter has no effect on
// what is allocated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The tests of this binary run on threads of their own, and the counter counts every thread's
/// allocations: each test holds this lock from start to end, so that no other test allocates while
/// it counts.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Allocations made while `f` runs.
fn allocations_in<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let out = f();
    (ALLOCATIONS.load(Ordering::Relaxed) - before, out)
}

/// Allocations made by running the runs `0..runs` of `spec` on this thread.
fn ensemble_allocations(spec: &EnsembleSpec, runs: u64) -> u64 {
    let (n, agg) = allocations_in(|| run_serial(setup(), spec, 0..runs));
    assert_eq!(agg.arms[0].runs, runs);
    n
}

/// A few runs and forty times as many, with three arms (a free factual arm, a history-mode what-if
/// paired with its own factual runs, a free arm with a parameter changed) and `source`.
fn few_and_many(source: ParamSource) -> (u64, u64) {
    let mut spec = three_arm_spec(4_000, 11);
    spec.source = source;
    // Once first, so that what is made once per process (tables built on first use) is not counted.
    ensemble_allocations(&spec, 100);
    (
        ensemble_allocations(&spec, 100),
        ensemble_allocations(&spec, 4_000),
    )
}

fn shipped_posterior() -> ParamSource {
    ParamSource::builtin(setup(), &bianjing_scenario::builtin().data().scenario.id)
        .expect("the shipped posterior fits")
}

#[test]
fn a_restarted_simulation_runs_its_days_without_allocating() {
    let _alone = alone();
    let s = setup();
    let spec = three_arm_spec(1, 5);
    let ParamSource::Posterior { table, .. } = shipped_posterior() else {
        unreachable!("the built-in source is a posterior")
    };
    // A free script and a history-mode what-if, each restarted under the scenario's defaults and
    // under posterior samples that differ from run to run.
    for arm in &spec.arms[..2] {
        let mut sim = Simulation::new(s, &s.params, &arm.script, 5, 0);
        sim.run(&mut ());
        let (n, days) = allocations_in(|| {
            let mut days = 0u64;
            for run in 1..300u64 {
                let p = if run % 2 == 0 {
                    &s.params
                } else {
                    &table[(run as usize * 7) % table.len()]
                };
                sim.restart(p, 5, run);
                days += u64::from(sim.run(&mut ()).end_day) + 1;
            }
            days
        });
        assert!(days > 299 * 20, "{} simulated only {days} days", arm.name);
        assert_eq!(
            n, 0,
            "{}: {n} allocations in {days} simulated days",
            arm.name
        );
    }
}

#[test]
fn fixed_parameters_allocate_nothing_per_run() {
    let _alone = alone();
    let (few, many) = few_and_many(ParamSource::Fixed);
    assert!(few > 0, "the counter counts");
    assert_eq!(few, many, "100 runs: {few} allocations; 4,000 runs: {many}");
}

#[test]
fn the_shipped_posterior_allocates_nothing_per_run() {
    let _alone = alone();
    let (few, many) = few_and_many(shipped_posterior());
    assert_eq!(few, many, "100 runs: {few} allocations; 4,000 runs: {many}");
}

/// A prior ensemble makes each run's parameter set for each arm from the run's drawn values (1.6
/// allocations a run when this was written: the drawn values, and a batch at a time the simulations
/// of the batch's parameter sets). A bound well under one a simulated day (about 41 a run).
#[test]
fn the_prior_allocates_a_bounded_number_of_times_a_run() {
    let _alone = alone();
    let (few, many) = few_and_many(ParamSource::prior(setup()));
    let per_run = (many - few) as f64 / 3_900.0;
    assert!(
        per_run < 4.0,
        "{per_run:.1} allocations a run (100 runs: {few}; 4,000 runs: {many})"
    );
}
