//! `bianjing chronicle`: one run told day by day.

use bianjing_chronicle::Chronicle;
use bianjing_engine::Simulation;

use crate::args::ChronicleArgs;
use crate::model;

pub fn run(args: &ChronicleArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.run.scenario.scenario.as_deref())?)?;
    // A single run is run 0 of its seed, with that run's parameter draw.
    let (plan, params) = model::single_run(&loaded, &args.run)?;
    let mut events = Vec::new();
    let outcome =
        Simulation::new(&loaded.setup, &params, &plan.script, args.run.seed, 0).run(&mut events);
    let label = model::label(&args.run, &plan);
    let chronicle = Chronicle::tell(
        loaded.scenario.data(),
        loaded.scenario.calendar(),
        &loaded.setup,
        label,
        &events,
        &outcome,
    );
    if args.json {
        let mut s = serde_json::to_string_pretty(&chronicle)?;
        s.push('\n');
        super::print(&s)
    } else {
        super::print(&chronicle.render())
    }
}
