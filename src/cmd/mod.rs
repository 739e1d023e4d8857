//! One module per subcommand.

mod bench;
mod calibrate;
mod chronicle;
mod date;
mod ensemble;
mod export;
mod play;
mod report;
mod scenario;
mod sensitivity;
#[cfg(feature = "web")]
mod serve;
mod validate;
mod what_ifs;

use crate::args::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Chronicle(a) => chronicle::run(&a),
        Command::WhatIfs(a) => what_ifs::run(&a),
        Command::Scenario(c) => scenario::run(c),
        Command::Date(a) => date::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Ensemble(a) => ensemble::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Sensitivity(a) => sensitivity::run(&a),
        Command::Play(a) => play::run(&a),
        #[cfg(feature = "web")]
        Command::Serve(a) => serve::run(&a),
        Command::Calibrate(a) => calibrate::run(&a),
    }
}

/// Writes `text` to standard output, treating a closed pipe as the reader's choice, not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
