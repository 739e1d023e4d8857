//! `bianjing what-ifs`: the named points of divergence.

use std::fmt::Write;

use bianjing_chronicle::Dates;
use bianjing_engine::Record;

use crate::args::ScenarioOpt;
use crate::model;

pub fn run(args: &ScenarioOpt) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.scenario.as_deref())?)?;
    let setup = &loaded.setup;
    let mut out = String::new();
    for w in &setup.what_ifs {
        let (shown, range) = match w.value {
            Some((min, default, max)) => (
                format!("{}=N", w.id),
                format!(" (N from {min} to {max}, default {default})"),
            ),
            None => (w.id.clone(), String::new()),
        };
        let diverges = match setup.event_day(w.diverges_at, Record::Essay) {
            Some(day) => {
                let d = Dates::of(loaded.scenario.calendar(), setup.jdn(day.max(0) as u16));
                let shift = if w.shifts_divergence {
                    ", less N days"
                } else {
                    ""
                };
                format!("diverges {} {} ({}){shift}", d.lunar, d.day_name, d.julian)
            }
            None => "diverges at an event outside the record".into(),
        };
        let _ = writeln!(out, "{shown:<18} {diverges}: {}{range}", w.summary);
    }
    super::print(&out)
}
