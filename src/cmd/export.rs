//! `bianjing export`: the record or a run in the formats other tools read.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use bianjing_chronicle::{Chronicle, RunLabel};
use bianjing_engine::Simulation;

use crate::args::{ExportArgs, ExportFormat, ModeArg, RecordArg};
use crate::model;

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.run.scenario.scenario.as_deref())?)?;
    let plan = model::plan(&loaded.setup, &args.run)?;
    let file = loaded.scenario.data();
    let calendar = loaded.scenario.calendar();

    // Step the run ourselves (the same steps as `Simulation::run`) to see where the forces are each day.
    let mut sim = Simulation::new(&loaded.setup, &plan.params, &plan.script, args.run.seed, 0);
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
    let label = RunLabel {
        mode: match args.run.mode {
            ModeArg::History => "history",
            ModeArg::Free => "free",
        }
        .into(),
        record: match args.run.record {
            RecordArg::Essay => "essay",
            RecordArg::Sources => "sources",
        }
        .into(),
        seed: args.run.seed,
        what_ifs: plan.what_if_names.clone(),
    };
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

/// Writes `bytes` to a temporary file in the same directory as `path`, then renames it over `path`, so
/// that a reader never sees half a file and a failure leaves any old file as it was.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("--out {}: not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow::Error::new(e).context(format!("cannot write {}", path.display())));
    }
    Ok(())
}
