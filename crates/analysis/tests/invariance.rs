//! Byte-identical results whatever the thread count or the shard split, and merges that are exact.

mod common;

use bianjing_analysis::{
    Aggregate, MergeError, Report, merge, merge_all, run_ensemble, run_serial,
};
use common::{setup, three_arm_spec};

const RUNS: u64 = 600;

fn shard(i: u64, n: u64, runs: u64) -> std::ops::Range<u64> {
    (runs * i / n)..(runs * (i + 1) / n)
}

fn whole() -> &'static Aggregate {
    static WHOLE: std::sync::OnceLock<Aggregate> = std::sync::OnceLock::new();
    WHOLE.get_or_init(|| {
        let spec = three_arm_spec(RUNS, 7);
        run_ensemble(setup(), &spec, 1, 0..RUNS, &|_| {})
    })
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let spec = three_arm_spec(RUNS, 7);
    let one = whole();
    assert!(one.complete());
    assert_eq!(one.arms[0].runs, RUNS);
    let counted = std::sync::atomic::AtomicU64::new(0);
    for threads in [2, 7] {
        counted.store(0, std::sync::atomic::Ordering::Relaxed);
        let progress = |n: u64| {
            counted.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        };
        let other = run_ensemble(setup(), &spec, threads, 0..RUNS, &progress);
        assert_eq!(counted.load(std::sync::atomic::Ordering::Relaxed), RUNS);
        assert_eq!(&other, one, "{threads} threads");
        assert_eq!(other.to_json(), one.to_json(), "{threads} threads");
        assert_eq!(
            Report::new(&other).to_json(),
            Report::new(one).to_json(),
            "{threads} threads"
        );
    }
    // And a plain serial run.
    assert_eq!(&run_serial(setup(), &spec, 0..RUNS), one);
}

#[test]
fn shard_splits_merge_to_the_unsplit_result() {
    let spec = three_arm_spec(RUNS, 7);
    let one = whole();
    for n in [1u64, 3, 7] {
        let parts: Vec<Aggregate> = (0..n)
            .map(|i| run_ensemble(setup(), &spec, 2, shard(i, n, RUNS), &|_| {}))
            .collect();
        for (i, p) in parts.iter().enumerate() {
            assert_eq!(p.complete(), n == 1, "shard {i}/{n}");
        }
        // Through JSON, as files would go, in forward, reverse and interleaved order.
        let parts: Vec<Aggregate> = parts
            .iter()
            .map(|p| Aggregate::from_json(&p.to_json()).unwrap())
            .collect();
        let orders: Vec<Vec<usize>> = vec![
            (0..n as usize).collect(),
            (0..n as usize).rev().collect(),
            (0..n as usize)
                .filter(|i| i % 2 == 1)
                .chain((0..n as usize).filter(|i| i % 2 == 0))
                .collect(),
        ];
        for order in orders {
            let merged = merge_all(order.iter().map(|&i| &parts[i]))
                .unwrap()
                .unwrap();
            assert!(merged.complete(), "{n} shards in order {order:?}");
            assert_eq!(&merged, one, "{n} shards in order {order:?}");
            assert_eq!(merged.to_json(), one.to_json());
            assert_eq!(Report::new(&merged).to_json(), Report::new(one).to_json());
        }
    }
}

#[test]
fn merge_is_associative_and_commutative() {
    let spec = three_arm_spec(RUNS, 7);
    let a = run_ensemble(setup(), &spec, 2, 0..150, &|_| {});
    let b = run_ensemble(setup(), &spec, 2, 150..400, &|_| {});
    let c = run_ensemble(setup(), &spec, 2, 400..RUNS, &|_| {});
    let left = merge(&merge(&a, &b).unwrap(), &c).unwrap();
    let right = merge(&a, &merge(&b, &c).unwrap()).unwrap();
    let swapped = merge(&c, &merge(&b, &a).unwrap()).unwrap();
    let gap = merge(&a, &c).unwrap();
    assert!(!gap.complete());
    assert_eq!(gap.missing(), vec![150..400]);
    let filled = merge(&gap, &b).unwrap();
    assert_eq!(left, right);
    assert_eq!(left, swapped);
    assert_eq!(left, filled);
    assert_eq!(&left, whole());
}

#[test]
fn bad_merges_are_refused() {
    let spec = three_arm_spec(RUNS, 7);
    let a = run_ensemble(setup(), &spec, 2, 0..100, &|_| {});
    let b = run_ensemble(setup(), &spec, 2, 50..150, &|_| {});
    assert!(matches!(merge(&a, &b), Err(MergeError::Overlap { .. })));
    assert!(matches!(merge(&a, &a), Err(MergeError::Overlap { .. })));

    let other_seed = three_arm_spec(RUNS, 8);
    let c = run_ensemble(setup(), &other_seed, 2, 100..200, &|_| {});
    let e = merge(&a, &c).unwrap_err();
    assert!(matches!(e, MergeError::DifferentEnsemble { what: "seeds" }));
    assert!(e.to_string().contains("different ensembles"), "{e}");

    let other_size = three_arm_spec(RUNS + 1, 7);
    let d = run_ensemble(setup(), &other_size, 2, 100..200, &|_| {});
    assert!(matches!(
        merge(&a, &d),
        Err(MergeError::DifferentEnsemble { .. })
    ));

    let mut other_params = three_arm_spec(RUNS, 7);
    other_params.arms[0].params.pool += 1.0;
    let f = run_ensemble(setup(), &other_params, 2, 100..200, &|_| {});
    assert!(matches!(
        merge(&a, &f),
        Err(MergeError::DifferentEnsemble {
            what: "scripts or parameters"
        })
    ));

    let mut future = a.clone();
    future.version += 1;
    assert!(matches!(merge(&future, &c), Err(MergeError::Format { .. })));
    assert!(Aggregate::from_json(&future.to_json()).is_err());

    let mut broken = a.clone();
    broken.arms[0].categories.pop();
    assert!(matches!(merge(&broken, &c), Err(MergeError::Malformed(_))));
    assert!(Aggregate::from_json("{\"format\": 3}").is_err());
}

#[test]
fn a_stopped_ensemble_resumes_to_the_same_result() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let spec = three_arm_spec(RUNS, 7);
    let stop = AtomicBool::new(false);
    let done = AtomicU64::new(0);
    // Stop after the first chunk finishes.
    let progress = |n: u64| {
        done.fetch_add(n, Ordering::Relaxed);
        stop.store(true, Ordering::Relaxed);
    };
    let partial =
        bianjing_analysis::run_ensemble_until(setup(), &spec, 1, 0..RUNS, &progress, &stop);
    assert!(!partial.complete());
    assert_eq!(partial.runs_covered(), done.load(Ordering::Relaxed));
    let saved = Aggregate::from_json(&partial.to_json()).unwrap();
    let mut acc = saved;
    for r in acc.missing() {
        let rest = run_ensemble(setup(), &spec, 2, r, &|_| {});
        acc = merge(&acc, &rest).unwrap();
    }
    assert_eq!(&acc, whole());
}
