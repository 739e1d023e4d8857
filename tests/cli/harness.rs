//! The tiny harness: run the real `bianjing` binary, temporary directories, goldens, JSON and dates.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The binary under test, built by Cargo for this integration test.
pub const BIN: &str = env!("CARGO_BIN_EXE_bianjing");

/// The package root (where `scenarios/` and `tests/golden/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary gave back.
#[derive(Debug, Clone)]
pub struct Output {
    /// The command line, for messages.
    pub cmd: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `bianjing ARGS` in the package root.
pub fn bianjing(args: &[&str]) -> Output {
    run_in(&root(), args)
}

/// Runs `bianjing ARGS` with `dir` as the working directory.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    let cmd = format!("bianjing {}", args.join(" "));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = match String::from_utf8(out.stdout) {
        Ok(s) => s,
        Err(e) => panic!("`{cmd}` wrote stdout that is not UTF-8: {e}\n--- stderr ---\n{stderr}"),
    };
    let output = Output {
        cmd,
        code: out.status.code().unwrap_or(-1),
        stdout,
        stderr,
    };
    if output.code < 0 || output.stderr.contains("panicked") {
        output.fail("the binary panicked or was killed by a signal (no panic is ever acceptable)");
    }
    output
}

impl Output {
    /// Panics with `why` and the whole run: command, exit code, stdout and stderr in full.
    #[track_caller]
    pub fn fail(&self, why: &str) -> ! {
        panic!(
            "{why}\ncommand: {}\nexit code: {}\n--- stdout ({} bytes) ---\n{}\n--- stderr ({} bytes) ---\n{}\n--- end ---",
            self.cmd,
            self.code,
            self.stdout.len(),
            self.stdout,
            self.stderr.len(),
            self.stderr
        )
    }

    /// Asserts success (exit 0, nothing on stderr) and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        if self.code != 0 {
            self.fail("expected exit code 0");
        }
        if !self.stderr.is_empty() {
            self.fail("expected an empty stderr on success");
        }
        self.stdout
    }

    /// Asserts failure with exit code `code`, nothing on stdout, and a message on stderr.
    #[track_caller]
    pub fn fails(self, code: i32) -> Self {
        if self.code != code {
            self.fail(&format!("expected exit code {code}"));
        }
        if !self.stdout.is_empty() {
            self.fail("expected an empty stdout on failure");
        }
        if self.stderr.trim().is_empty() {
            self.fail("expected an error message on stderr");
        }
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        if !self.stderr.contains(needle) {
            self.fail(&format!("expected stderr to contain {needle:?}"));
        }
        self
    }

    /// Asserts that stderr points at `FILE:LINE:COL` (COL any number) for this file and line.
    #[track_caller]
    pub fn points_at(self, file: &Path, line: usize) -> Self {
        let prefix = format!("{}:{line}:", file.display());
        let found = self.stderr.match_indices(&prefix).any(|(i, _)| {
            self.stderr[i + prefix.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        if !found {
            self.fail(&format!("expected stderr to point at {prefix}COL"));
        }
        self
    }

    /// Asserts that stderr points at `FILE:LINE:COL` for this file, at any line.
    #[track_caller]
    pub fn points_into(self, file: &Path) -> Self {
        let prefix = format!("{}:", file.display());
        let found = self.stderr.match_indices(&prefix).any(|(i, _)| {
            let rest = &self.stderr[i + prefix.len()..];
            let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
            !line.is_empty()
                && rest[line.len()..].starts_with(':')
                && rest[line.len() + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
        });
        if !found {
            self.fail(&format!("expected stderr to point at {prefix}LINE:COL"));
        }
        self
    }

    /// Parses stdout as JSON (after asserting success).
    #[track_caller]
    pub fn json(self) -> Value {
        let cmd = self.cmd.clone();
        let text = self.ok();
        serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("`{cmd}` did not print valid JSON: {e}\n--- stdout ---\n{text}\n--- end ---")
        })
    }
}

/// A directory under the system temporary directory with a unique name, removed when dropped.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "bianjing-cli-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents` to `name` in this directory and returns its full path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        std::fs::write(&p, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Compares `actual` with `tests/golden/NAME`; with `BIANJING_BLESS=1` writes it instead.
#[track_caller]
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests").join("golden").join(name);
    if std::env::var("BIANJING_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("blessed {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden {}: {e}\nrun with BIANJING_BLESS=1 to create it\n--- actual ---\n{actual}\n--- end ---",
            path.display()
        )
    });
    if expected != actual {
        let mut diff = String::new();
        let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            let (x, y) = (e.get(i), a.get(i));
            if x != y {
                let _ = writeln!(
                    diff,
                    "line {}:\n  expected: {}\n  actual:   {}",
                    i + 1,
                    x.unwrap_or(&"<none>"),
                    y.unwrap_or(&"<none>")
                );
            }
        }
        panic!(
            "output differs from golden {}\n(if the change is intended, rerun with BIANJING_BLESS=1 and review the diff)\n--- differing lines ---\n{diff}--- expected ({} bytes) ---\n{expected}\n--- actual ({} bytes) ---\n{actual}\n--- end ---",
            path.display(),
            expected.len(),
            actual.len()
        );
    }
}

/// The `events` array of a chronicle.
#[track_caller]
pub fn events(chronicle: &Value) -> &Vec<Value> {
    chronicle["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no `events` array in {chronicle:#}"))
}

/// A string field of a JSON object, or a panic naming it.
#[track_caller]
pub fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v:#}"))
}

/// Julian Day Number of a date of the Julian calendar.
pub fn julian_to_jdn(year: i64, month: i64, day: i64) -> i64 {
    let a = (14 - month) / 12;
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083
}

/// Parses `YYYY-MM-DD` strictly (four, two and two digits, a real month and day).
pub fn parse_ymd(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = &s[r];
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The Julian Day Number of a `YYYY-MM-DD` Julian date, or a panic.
#[track_caller]
pub fn jdn_of(julian: &str) -> i64 {
    let (y, m, d) = parse_ymd(julian).unwrap_or_else(|| panic!("`{julian}` is not YYYY-MM-DD"));
    julian_to_jdn(y, m, d)
}

/// Deterministic pseudo-random bytes (xorshift), for a binary file that is the same on every run.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[test]
fn harness_dates_agree_with_the_month_table() {
    // sources.md: JK1 M1 day 1 = Julian 1126-01-25 = JDN 2132354; M2 day 1 = 1126-02-24 = 2132384.
    assert_eq!(julian_to_jdn(1126, 1, 25), 2_132_354);
    assert_eq!(julian_to_jdn(1126, 2, 24), 2_132_384);
    assert_eq!(julian_to_jdn(1127, 2, 13), 2_132_738);
    assert_eq!(parse_ymd("1126-02-09"), Some((1126, 2, 9)));
    assert_eq!(parse_ymd("1126-2-09"), None);
    assert_eq!(parse_ymd("1126-13-01"), None);
}

#[test]
fn harness_locations_are_matched_exactly() {
    let out = |stderr: &str| Output {
        cmd: "test".into(),
        code: 1,
        stdout: String::new(),
        stderr: stderr.into(),
    };
    let file = Path::new("/tmp/x/bad.toml");
    let err = "error: unknown key\n  --> /tmp/x/bad.toml:12:3\n";
    out(err).points_at(file, 12).points_into(file);
    let wrong_line = std::panic::catch_unwind(|| out(err).points_at(file, 1));
    assert!(wrong_line.is_err(), "line 1 must not match line 12");
    let no_col = std::panic::catch_unwind(|| out("/tmp/x/bad.toml:12: x").points_into(file));
    assert!(no_col.is_err(), "a location needs a column");
}
