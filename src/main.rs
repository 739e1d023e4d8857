//! `bianjing`: the command line of Bianjing 1126.
//!
//! Glue only: parse the arguments, load the scenario, call the libraries, print, and map the result to
//! an exit code (0 success, 1 the input was invalid, 2 a usage or other error).

mod args;
mod cmd;
mod model;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// An error that has already been reported in full to the user, with the exit code to give.
#[derive(Debug)]
pub struct Reported(pub u8);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "errors reported above")
    }
}
impl std::error::Error for Reported {}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(Reported(code)) = e.downcast_ref::<Reported>() {
                return ExitCode::from(*code);
            }
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
