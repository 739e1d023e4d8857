//! JSON lines: one chronicle entry per line.

use std::io::{self, Write};

use bianjing_chronicle::Chronicle;

/// Writes each entry of `chronicle` as one compact JSON object followed by `\n`. The objects are the
/// same as the `events` of `bianjing chronicle --json`.
pub fn write_jsonl(out: &mut impl Write, chronicle: &Chronicle) -> io::Result<()> {
    for entry in &chronicle.events {
        serde_json::to_writer(&mut *out, entry)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
