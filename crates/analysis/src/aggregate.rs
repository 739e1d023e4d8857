//! Mergeable, integer-only summaries of many runs.
//!
//! An [`Aggregate`] holds counts, fixed-point sums and sums of squares (`i128`), exact minima and
//! maxima, and histograms on fixed grids, per arm and per pair of (what-if, paired factual) runs. No
//! per-run row is kept, so its size does not grow with the number of runs. Because every field is an
//! integer combined by addition, min or max, [`merge`] is exactly associative and commutative: any
//! thread count and any split into shards gives the same bytes.

use std::fmt;
use std::ops::Range;

use bianjing_engine::{Category, KeyEvent, Outcome, Setup};
use serde::{Deserialize, Serialize};

use crate::measure::{Binning, Grid, Measure};
use crate::spec::EnsembleSpec;

/// Names this kind of file.
pub const FORMAT: &str = "bianjing-ensemble-aggregate";
/// Bumped whenever the layout or the meaning of a field changes (2: the parameter source).
pub const VERSION: u32 = 2;

/// A half-open span of run indices, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u64,
    pub end: u64,
}

impl Span {
    pub fn range(self) -> Range<u64> {
        self.start..self.end
    }
}

/// A measure's grid, as stored (so a file describes itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureGrid {
    pub measure: String,
    pub unit: String,
    /// Fixed-point units per natural unit.
    pub scale: i64,
    pub grid: Grid,
}

/// A key event: how often it happened and a histogram of its first day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventStats {
    pub event: String,
    pub occurred: u64,
    /// Runs whose first such event fell on day `d`, for `d` in `0..days`; a last entry counts days at
    /// or past the horizon (which should stay 0).
    pub days: Vec<u64>,
}

/// A measure: fixed-point sum, sum of squares, extremes and histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureStats {
    pub measure: String,
    pub sum: i128,
    pub sum_sq: i128,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub under: u64,
    pub bins: Vec<u64>,
    pub over: u64,
}

/// Everything counted for one arm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArmStats {
    pub name: String,
    pub runs: u64,
    /// Runs ending in each category, in [`Category::ALL`] order.
    pub categories: Vec<u64>,
    /// Runs in which the whole recorded sequence happened in order (see [`in_sequence`]).
    pub sequence: u64,
    /// In [`KeyEvent::ALL`] order.
    pub events: Vec<EventStats>,
    /// In [`Measure::ALL`] order.
    pub measures: Vec<MeasureStats>,
}

/// A 2x2 table of paired yes/no outcomes: (factual run, what-if run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table2 {
    pub neither: u64,
    pub factual_only: u64,
    pub arm_only: u64,
    pub both: u64,
}

impl Table2 {
    fn add(&mut self, factual: bool, arm: bool) {
        match (factual, arm) {
            (false, false) => self.neither += 1,
            (true, false) => self.factual_only += 1,
            (false, true) => self.arm_only += 1,
            (true, true) => self.both += 1,
        }
    }
    fn merge(&mut self, o: &Table2) {
        self.neither += o.neither;
        self.factual_only += o.factual_only;
        self.arm_only += o.arm_only;
        self.both += o.both;
    }
    /// Pairs counted.
    pub fn n(&self) -> u64 {
        self.neither + self.factual_only + self.arm_only + self.both
    }
    /// Pairs with a yes in the factual run.
    pub fn factual_yes(&self) -> u64 {
        self.factual_only + self.both
    }
    /// Pairs with a yes in the what-if run.
    pub fn arm_yes(&self) -> u64 {
        self.arm_only + self.both
    }
}

/// A measure over pairs: the factual run's sums and the sums of the difference (arm - factual).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedMeasure {
    pub measure: String,
    pub factual_sum: i128,
    pub factual_sum_sq: i128,
    pub diff_sum: i128,
    pub diff_sum_sq: i128,
}

/// Everything counted over the pairs of one what-if arm and its paired factual runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedStats {
    pub arm: String,
    /// The factual runs' first free day (`65535` when history is kept throughout).
    pub factual_free_from: u16,
    pub pairs: u64,
    /// In [`Category::ALL`] order.
    pub categories: Vec<Table2>,
    /// In [`KeyEvent::ALL`] order.
    pub events: Vec<Table2>,
    pub sequence: Table2,
    /// In [`Measure::ALL`] order.
    pub measures: Vec<PairedMeasure>,
}

/// The mergeable result of (part of) an ensemble.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] for files this build writes.
    pub version: u32,
    pub seed: u64,
    /// Runs planned for the whole ensemble (indices `0..runs_planned`).
    pub runs_planned: u64,
    /// [`EnsembleSpec::fingerprint`] in hex: scripts and parameters of every arm.
    pub fingerprint: String,
    /// Where the runs' parameters came from: `fixed`, `prior` or `posterior:<digest>`
    /// ([`crate::ParamSource::label`]).
    pub parameters: String,
    /// The horizon in days: the key-event day grid is `0..days`.
    pub days: u16,
    /// Run indices covered, sorted, disjoint and coalesced.
    pub covered: Vec<Span>,
    /// In [`Measure::ALL`] order.
    pub grids: Vec<MeasureGrid>,
    /// Arm 0 is the factual arm.
    pub arms: Vec<ArmStats>,
    /// One per arm after the first, in arm order.
    pub paired: Vec<PairedStats>,
}

/// Why two partial results could not be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// A file of another kind or version.
    Format { found: String, version: u32 },
    /// The two come from different ensembles (seed, size, arms, parameters or scenario).
    DifferentEnsemble { what: &'static str },
    /// The two cover some of the same runs.
    Overlap { a: Span, b: Span },
    /// A file whose tables do not have the shape its header says.
    Malformed(String),
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Format { found, version } => write!(
                f,
                "not a partial ensemble result this version can read: format `{found}` version {version} (expected `{FORMAT}` version {VERSION})"
            ),
            MergeError::DifferentEnsemble { what } => write!(
                f,
                "the partial results come from different ensembles: their {what} differ"
            ),
            MergeError::Overlap { a, b } => write!(
                f,
                "the partial results overlap: runs {}..{} and {}..{} share some runs (was a shard given twice?)",
                a.start, a.end, b.start, b.end
            ),
            MergeError::Malformed(why) => write!(f, "malformed partial result: {why}"),
        }
    }
}

impl std::error::Error for MergeError {}

/// Whether the recorded sequence happened in order: raid fails <= dismissal <= uprising <=
/// restoration <= withdrawal <= crossed north <= recall, by first days, all of them present.
pub fn in_sequence(o: &Outcome) -> bool {
    o.followed_the_record()
}

pub(crate) fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

fn sq(v: i64) -> i128 {
    let v = i128::from(v);
    v * v
}

impl EventStats {
    fn new(k: KeyEvent, days: u16) -> EventStats {
        EventStats {
            event: k.name().to_string(),
            occurred: 0,
            days: vec![0; usize::from(days) + 1],
        }
    }
    fn add(&mut self, day: Option<u16>) {
        if let Some(d) = day {
            self.occurred += 1;
            let last = self.days.len() - 1;
            self.days[usize::from(d).min(last)] += 1;
        }
    }
    fn merge(&mut self, o: &EventStats) {
        self.occurred += o.occurred;
        add_vec(&mut self.days, &o.days);
    }
}

impl MeasureStats {
    fn new(m: Measure, grid: &Grid) -> MeasureStats {
        MeasureStats {
            measure: m.name().to_string(),
            sum: 0,
            sum_sq: 0,
            min: None,
            max: None,
            under: 0,
            bins: vec![0; grid.bins as usize],
            over: 0,
        }
    }
    #[inline]
    fn add(&mut self, v: i64, binning: &Binning) {
        self.sum += i128::from(v);
        self.sum_sq += sq(v);
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = Some(self.max.map_or(v, |m| m.max(v)));
        match binning.bin(v) {
            Ok(k) => self.bins[k] += 1,
            Err(false) => self.under += 1,
            Err(true) => self.over += 1,
        }
    }
    fn merge(&mut self, o: &MeasureStats) {
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
        self.min = opt(self.min, o.min, i64::min);
        self.max = opt(self.max, o.max, i64::max);
        self.under += o.under;
        self.over += o.over;
        add_vec(&mut self.bins, &o.bins);
    }
}

/// Every measure's [`Binning`], in [`Measure::ALL`] order: made once per chunk of runs.
#[derive(Debug, Clone)]
pub(crate) struct Binnings([Binning; Measure::ALL.len()]);

impl Binnings {
    /// The binnings of `grids` (an aggregate's, so one per measure).
    pub(crate) fn of(grids: &[MeasureGrid]) -> Binnings {
        Binnings(std::array::from_fn(|i| grids[i].grid.binning()))
    }
}

/// Every measure's value in `o` in fixed-point units, in [`Measure::ALL`] order: what
/// [`Measure::fixed`] gives, for all measures at once.
fn fixed_values(o: &Outcome) -> [i64; Measure::ALL.len()] {
    Measure::ALL.map(|m| m.fixed(o))
}

fn opt(a: Option<i64>, b: Option<i64>, f: fn(i64, i64) -> i64) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, None) => a,
        (None, b) => b,
    }
}

fn add_vec(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl ArmStats {
    fn new(name: &str, days: u16, grids: &[MeasureGrid]) -> ArmStats {
        ArmStats {
            name: name.to_string(),
            runs: 0,
            categories: vec![0; Category::ALL.len()],
            sequence: 0,
            events: KeyEvent::ALL
                .iter()
                .map(|&k| EventStats::new(k, days))
                .collect(),
            measures: Measure::ALL
                .iter()
                .zip(grids)
                .map(|(&m, g)| MeasureStats::new(m, &g.grid))
                .collect(),
        }
    }

    pub(crate) fn add(&mut self, o: &Outcome, binnings: &Binnings) {
        self.runs += 1;
        self.categories[category_index(o.category)] += 1;
        if in_sequence(o) {
            self.sequence += 1;
        }
        for (e, d) in self.events.iter_mut().zip(o.key_days) {
            e.add(d);
        }
        for ((s, &v), b) in self
            .measures
            .iter_mut()
            .zip(&fixed_values(o))
            .zip(&binnings.0)
        {
            s.add(v, b);
        }
    }

    fn merge(&mut self, o: &ArmStats) {
        self.runs += o.runs;
        add_vec(&mut self.categories, &o.categories);
        self.sequence += o.sequence;
        for (a, b) in self.events.iter_mut().zip(&o.events) {
            a.merge(b);
        }
        for (a, b) in self.measures.iter_mut().zip(&o.measures) {
            a.merge(b);
        }
    }

    fn check(&self, days: u16, grids: &[MeasureGrid]) -> Result<(), String> {
        let ok = self.categories.len() == Category::ALL.len()
            && self.events.len() == KeyEvent::ALL.len()
            && self
                .events
                .iter()
                .all(|e| e.days.len() == usize::from(days) + 1)
            && self.measures.len() == Measure::ALL.len()
            && self
                .measures
                .iter()
                .zip(grids)
                .all(|(m, g)| m.bins.len() == g.grid.bins as usize);
        if ok {
            Ok(())
        } else {
            Err(format!("arm `{}` has tables of the wrong size", self.name))
        }
    }
}

impl PairedStats {
    fn new(arm: &str, factual_free_from: u16) -> PairedStats {
        PairedStats {
            arm: arm.to_string(),
            factual_free_from,
            pairs: 0,
            categories: vec![Table2::default(); Category::ALL.len()],
            events: vec![Table2::default(); KeyEvent::ALL.len()],
            sequence: Table2::default(),
            measures: Measure::ALL
                .iter()
                .map(|m| PairedMeasure {
                    measure: m.name().to_string(),
                    factual_sum: 0,
                    factual_sum_sq: 0,
                    diff_sum: 0,
                    diff_sum_sq: 0,
                })
                .collect(),
        }
    }

    pub(crate) fn add(&mut self, factual: &Outcome, arm: &Outcome) {
        self.pairs += 1;
        for (t, &c) in self.categories.iter_mut().zip(&Category::ALL) {
            t.add(factual.category == c, arm.category == c);
        }
        for ((t, f), a) in self
            .events
            .iter_mut()
            .zip(factual.key_days)
            .zip(arm.key_days)
        {
            t.add(f.is_some(), a.is_some());
        }
        self.sequence.add(in_sequence(factual), in_sequence(arm));
        let (factual, arm) = (fixed_values(factual), fixed_values(arm));
        for ((s, &f), &a) in self.measures.iter_mut().zip(&factual).zip(&arm) {
            let d = i128::from(a) - i128::from(f);
            s.factual_sum += i128::from(f);
            s.factual_sum_sq += sq(f);
            s.diff_sum += d;
            s.diff_sum_sq += d * d;
        }
    }

    fn merge(&mut self, o: &PairedStats) {
        self.pairs += o.pairs;
        for (a, b) in self.categories.iter_mut().zip(&o.categories) {
            a.merge(b);
        }
        for (a, b) in self.events.iter_mut().zip(&o.events) {
            a.merge(b);
        }
        self.sequence.merge(&o.sequence);
        for (a, b) in self.measures.iter_mut().zip(&o.measures) {
            a.factual_sum += b.factual_sum;
            a.factual_sum_sq += b.factual_sum_sq;
            a.diff_sum += b.diff_sum;
            a.diff_sum_sq += b.diff_sum_sq;
        }
    }

    fn check(&self) -> Result<(), String> {
        if self.categories.len() == Category::ALL.len()
            && self.events.len() == KeyEvent::ALL.len()
            && self.measures.len() == Measure::ALL.len()
        {
            Ok(())
        } else {
            Err(format!(
                "pairs of `{}` have tables of the wrong size",
                self.arm
            ))
        }
    }
}

impl Aggregate {
    /// An empty aggregate of `spec` over `setup`, covering no runs yet.
    pub fn empty(setup: &Setup, spec: &EnsembleSpec) -> Aggregate {
        let grids: Vec<MeasureGrid> = Measure::ALL
            .iter()
            .map(|&m| MeasureGrid {
                measure: m.name().to_string(),
                unit: m.unit().to_string(),
                scale: m.scale(),
                grid: m.grid(setup),
            })
            .collect();
        let days = setup.days;
        Aggregate {
            format: FORMAT.to_string(),
            version: VERSION,
            seed: spec.seed,
            runs_planned: spec.runs,
            fingerprint: format!("{:016x}", scenario_fingerprint(setup, spec)),
            parameters: spec.source.label(),
            days,
            covered: Vec::new(),
            arms: spec
                .arms
                .iter()
                .map(|a| ArmStats::new(&a.name, days, &grids))
                .collect(),
            paired: spec
                .arms
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, a)| PairedStats::new(&a.name, spec.baseline_script(i).free_from))
                .collect(),
            grids,
        }
    }

    /// Records that runs `range` are counted (call once per run range added).
    pub(crate) fn cover(&mut self, range: Range<u64>) {
        if range.start < range.end {
            self.covered.push(Span {
                start: range.start,
                end: range.end,
            });
            coalesce(&mut self.covered);
        }
    }

    /// Runs covered.
    pub fn runs_covered(&self) -> u64 {
        self.covered.iter().map(|s| s.end - s.start).sum()
    }

    /// Whether every planned run is covered.
    pub fn complete(&self) -> bool {
        self.covered
            == [Span {
                start: 0,
                end: self.runs_planned,
            }]
            || (self.runs_planned == 0 && self.covered.is_empty())
    }

    /// The planned runs not yet covered, in order: what a resumed ensemble still has to run.
    pub fn missing(&self) -> Vec<Range<u64>> {
        let mut out = Vec::new();
        let mut at = 0;
        for s in &self.covered {
            if s.start > at {
                out.push(at..s.start);
            }
            at = at.max(s.end);
        }
        if at < self.runs_planned {
            out.push(at..self.runs_planned);
        }
        out
    }

    /// Checks the header and the shape of every table, for a file read from disk.
    pub fn check(&self) -> Result<(), MergeError> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(MergeError::Format {
                found: self.format.clone(),
                version: self.version,
            });
        }
        let malformed = MergeError::Malformed;
        if self.grids.len() != Measure::ALL.len()
            || self
                .grids
                .iter()
                .any(|g| g.grid.width < 1 || g.grid.bins > 1_000_000)
        {
            return Err(malformed("the measure grids are not this version's".into()));
        }
        if self.arms.is_empty() || self.paired.len() + 1 != self.arms.len() {
            return Err(malformed(
                "there must be one table of pairs per arm after the first".into(),
            ));
        }
        for a in &self.arms {
            a.check(self.days, &self.grids).map_err(malformed)?;
        }
        for p in &self.paired {
            p.check().map_err(malformed)?;
        }
        let mut at = 0;
        for s in &self.covered {
            if s.start >= s.end || s.start < at || s.end > self.runs_planned {
                return Err(malformed(
                    "the covered runs are not sorted, disjoint spans inside the plan".into(),
                ));
            }
            at = s.end;
        }
        Ok(())
    }

    /// Adds `o`'s counts to `self`, assuming both come from the same ensemble and do not overlap.
    pub(crate) fn absorb(&mut self, o: &Aggregate) {
        for (a, b) in self.arms.iter_mut().zip(&o.arms) {
            a.merge(b);
        }
        for (a, b) in self.paired.iter_mut().zip(&o.paired) {
            a.merge(b);
        }
        self.covered.extend_from_slice(&o.covered);
        coalesce(&mut self.covered);
    }

    /// Parses a partial result written with `serde_json` and checks it.
    pub fn from_json(text: &str) -> Result<Aggregate, MergeError> {
        let a: Aggregate =
            serde_json::from_str(text).map_err(|e| MergeError::Malformed(e.to_string()))?;
        a.check()?;
        Ok(a)
    }

    /// The aggregate as JSON: the same counts give the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an aggregate always serializes")
    }
}

/// The spec's fingerprint mixed with the setup's horizon and grids, so results from different
/// scenarios refuse to merge.
fn scenario_fingerprint(setup: &Setup, spec: &EnsembleSpec) -> u64 {
    let mut h = spec.fingerprint();
    let mut mix = |v: u64| {
        h ^= v;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    mix(u64::from(setup.days));
    mix(setup.start.0 as u64);
    for m in Measure::ALL {
        let g = m.grid(setup);
        mix(g.lo as u64);
        mix(g.width as u64);
        mix(u64::from(g.bins));
    }
    h
}

fn coalesce(spans: &mut Vec<Span>) {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for &s in spans.iter() {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    *spans = out;
}

/// Merges two partial results of the same ensemble. Exactly associative and commutative; refuses
/// results of different ensembles, of another format version, or covering some of the same runs.
pub fn merge(a: &Aggregate, b: &Aggregate) -> Result<Aggregate, MergeError> {
    a.check()?;
    b.check()?;
    let differ = |what| Err(MergeError::DifferentEnsemble { what });
    if a.seed != b.seed {
        return differ("seeds");
    }
    if a.runs_planned != b.runs_planned {
        return differ("planned numbers of runs");
    }
    if a.arms.len() != b.arms.len() || a.arms.iter().zip(&b.arms).any(|(x, y)| x.name != y.name) {
        return differ("arms");
    }
    if a.parameters != b.parameters {
        return differ("parameter sources (fixed, prior or which posterior)");
    }
    if a.fingerprint != b.fingerprint {
        return differ("scripts or parameters");
    }
    if a.days != b.days || a.grids != b.grids {
        return differ("scenarios (horizon or measure grids)");
    }
    for x in &a.covered {
        for y in &b.covered {
            if x.start < y.end && y.start < x.end {
                return Err(MergeError::Overlap { a: *x, b: *y });
            }
        }
    }
    let mut out = a.clone();
    out.absorb(b);
    Ok(out)
}

/// Merges any number of partial results (in any order: the result is the same).
pub fn merge_all<'a>(
    parts: impl IntoIterator<Item = &'a Aggregate>,
) -> Result<Option<Aggregate>, MergeError> {
    let mut acc: Option<Aggregate> = None;
    for p in parts {
        acc = Some(match acc {
            None => {
                p.check()?;
                p.clone()
            }
            Some(a) => merge(&a, p)?,
        });
    }
    Ok(acc)
}
