//! Command-line integration tests of `bianjing`: each test runs the real binary
//! (`env!("CARGO_BIN_EXE_bianjing")`) and looks at its exit code, stdout and stderr.
//!
//! Run them with
//!
//! ```text
//! cargo test --test cli
//! ```
//!
//! Goldens: some outputs are compared byte for byte with files in `tests/golden/`. When an output
//! changes on purpose, regenerate the goldens with
//!
//! ```text
//! BIANJING_BLESS=1 cargo test --test cli
//! ```
//!
//! then READ the diff (`git diff tests/golden`) before committing it: a golden is only worth what the
//! review of it was worth. The chronicle goldens were checked against the essay "The Gathering Storm"
//! (whose dates are lunar) and the lunar month table of the scenario's sources.
//!
//! The harness is in `cli/harness.rs`, the tests in the other files of `cli/`. `bianjing(&[args])`
//! runs the binary in the package root and returns a `harness::Output` (exit code, stdout, stderr);
//! every run fails the test if stderr contains "panicked". On any mismatch the whole run is printed,
//! stdout and stderr in full. `TempDir` makes a uniquely named directory under the system temporary
//! directory for files a test writes, and removes it when dropped.

#[path = "cli/harness.rs"]
mod harness;

#[path = "cli/calibrate.rs"]
mod calibrate;
#[path = "cli/chronicle.rs"]
mod chronicle;
#[path = "cli/dates.rs"]
mod dates;
#[path = "cli/determinism.rs"]
mod determinism;
#[path = "cli/divergence.rs"]
mod divergence;
#[path = "cli/ensemble.rs"]
mod ensemble;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/export.rs"]
mod export;
#[path = "cli/json.rs"]
mod json;
#[path = "cli/listing.rs"]
mod listing;
#[path = "cli/play.rs"]
mod play;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/sensitivity.rs"]
mod sensitivity;
#[cfg(feature = "web")]
#[path = "cli/serve.rs"]
mod serve;
