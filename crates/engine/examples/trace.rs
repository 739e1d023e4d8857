//! One run of the built-in scenario, day by day: the state the decisions read. For model developers.
//!
//! `cargo run -p bianjing-engine --example trace -- [history|free] [SEED]`

use bianjing_engine::{Mode, RunConfig, Script, Setup, Simulation};

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = match args.next().as_deref() {
        Some("history") => Mode::History,
        _ => Mode::Free,
    };
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1126);
    let scenario = bianjing_scenario::builtin();
    let setup =
        Setup::build(scenario.data(), scenario.calendar()).expect("built-in scenario builds");
    let script = Script::compile(
        &setup,
        &RunConfig {
            mode,
            ..RunConfig::default()
        },
    )
    .expect("compiles");
    let mut sim = Simulation::new(&setup, &setup.params, &script, seed, 0);
    println!(
        "day  jin-phase          jin-men  song-field  ratio  gains  war   resolve grievance crowd    supply alarm"
    );
    while !sim.is_finished() {
        let mut events = Vec::new();
        sim.step(&mut events);
        let w = sim.world();
        let d = sim.diagnostics();
        println!(
            "{:>3}  {:<18} {:>7.0} {:>10.0} {:>6.2} {:>6.2} {:>5.2} {:>7.2} {:>9.3} {:>8.0} {:>6.1} {:>5.2}",
            w.day - 1,
            format!("{:?}", w.jin),
            w.force(setup.jin_east).present,
            d.song_field_men,
            d.power_ratio,
            d.jin_gains,
            w.war,
            w.resolve,
            w.grievance,
            w.crowd,
            w.jin_supply,
            w.alarm
        );
        for e in events {
            println!("       {:?}", e.what);
        }
    }
}
