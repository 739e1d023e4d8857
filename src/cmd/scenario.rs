//! `bianjing scenario`: check, schema, show, params.

use std::fmt::Write;

use crate::args::ScenarioCommand;
use crate::model;

pub fn run(c: ScenarioCommand) -> anyhow::Result<()> {
    match c {
        ScenarioCommand::Check { file } => {
            let scenario = model::load_scenario(Some(&file))?;
            let loaded = model::build(scenario)?;
            let d = loaded.scenario.data();
            super::print(&format!(
                "{}: ok ({} sources, {} persons, {} places, {} forces, {} events, {} parameters, {} what-ifs)\n",
                file.display(),
                d.source.len(),
                d.person.len(),
                d.place.len(),
                d.force.len(),
                d.event.len(),
                d.parameter.len(),
                d.what_if.len()
            ))
        }
        ScenarioCommand::Schema => super::print(&bianjing_scenario::schema_json()),
        ScenarioCommand::Show => super::print(bianjing_scenario::builtin_text()),
        ScenarioCommand::Params(opt) => {
            // Only parameters of a scenario the model accepts are worth listing.
            let loaded = model::build(model::load_scenario(opt.scenario.as_deref())?)?;
            let mut out = String::new();
            for p in &loaded.scenario.data().parameter {
                let sources = if p.sources.is_empty() {
                    "assumption".to_string()
                } else {
                    p.sources.join(", ")
                };
                let _ = writeln!(
                    out,
                    "{:<30} {:>12} [{}, {}] {}  ({sources})\n    {}",
                    p.name, p.default, p.min, p.max, p.unit, p.why
                );
            }
            super::print(&out)
        }
    }
}
