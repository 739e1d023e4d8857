//! One run of the built-in scenario, free and history: the unit of every ensemble.
//!
//! `cargo bench -p bianjing-engine`

use std::hint::black_box;

use bianjing_engine::{Mode, RunConfig, Script, Setup, Simulation};
use criterion::{Criterion, criterion_group, criterion_main};

fn runs(c: &mut Criterion) {
    let scenario = bianjing_scenario::builtin();
    let setup =
        Setup::build(scenario.data(), scenario.calendar()).expect("built-in scenario builds");
    for (name, mode) in [("free run", Mode::Free), ("history run", Mode::History)] {
        let script = Script::compile(
            &setup,
            &RunConfig {
                mode,
                ..RunConfig::default()
            },
        )
        .expect("compiles");
        let mut index = 0u64;
        c.bench_function(name, |b| {
            b.iter(|| {
                index += 1;
                // Outcomes only: the observer keeps nothing, as in an ensemble.
                black_box(Simulation::new(&setup, &setup.params, &script, 1126, index).run(&mut ()))
            })
        });
    }
}

criterion_group!(benches, runs);
criterion_main!(benches);
