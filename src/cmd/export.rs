//! `bianjing export`: the record or a run in the formats other tools read.

use std::io::Write;

use bianjing_chronicle::Chronicle;
use bianjing_engine::Simulation;

use crate::args::{ExportArgs, ExportFormat};
use crate::model;
use crate::output::write_atomically;

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.run.scenario.scenario.as_deref())?)?;
    // A single run is run 0 of its seed, with that run's parameter draw.
    let (plan, params) = model::single_run(&loaded, &args.run)?;
    let file = loaded.scenario.data();
    let calendar = loaded.scenario.calendar();

    // Step the run ourselves (the same steps as `Simulation::run`) to see where the forces are each day.
    let mut sim = Simulation::new(&loaded.setup, &params, &plan.script, args.run.seed, 0);
    let mut events = Vec::new();
    let mut positions = Vec::new();
    while !sim.is_finished() {
        let day = sim.world().day;
        sim.step(&mut events);
        if args.format == ExportFormat::Geojson {
            positions.extend(bianjing_export::positions(
                file,
                calendar,
                &loaded.setup,
                sim.world(),
                day,
            ));
        }
    }
    let outcome = sim.outcome();
    let label = model::label(&args.run, &plan);
    let chronicle = Chronicle::tell(file, calendar, &loaded.setup, label, &events, &outcome);

    let mut buf = Vec::new();
    match args.format {
        ExportFormat::TimelineJson => bianjing_export::write_timeline(&mut buf, &chronicle)?,
        ExportFormat::Geojson => bianjing_export::write_geojson(&mut buf, file, &positions)?,
        ExportFormat::Csv => bianjing_export::write_csv(&mut buf, &chronicle)?,
        ExportFormat::Jsonl => bianjing_export::write_jsonl(&mut buf, &chronicle)?,
    }
    match &args.out {
        Some(path) => write_atomically(path, &buf),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
            Ok(())
        }
    }
}
