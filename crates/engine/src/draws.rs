//! Randomness: one portable ChaCha8 stream per run, read at fixed places.
//!
//! Every run owns a `ChaCha8Rng` seeded from the ensemble seed, with the run index as its stream. Every
//! uniform a run uses has a fixed place in that stream, found from the day and the purpose alone:
//!
//! - words 0 to 15 (block 0): the run's constants (marching paces);
//! - block 1 + d: day d's sixteen frequent slots (snow, the court's and the crowd's noise, the daily
//!   hazards of the war party, the raid, the pursuit and the relief);
//! - block 2^32 + d: day d's sixteen occasional slots (the fights' uniforms, the Jin assault, letter
//!   and probe, the peace terms, hostages), computed only for four-day spans that read one of them.
//!
//! A process reads its own named [`Slot`], and what it gets depends on the seed, the run, the day and
//! the slot, never on what other processes read that day or on earlier days. So two runs with the same
//! seed and index see the same number on the same day for the same purpose even after their histories
//! differ: this is what makes what-if comparisons paired (common random numbers) and keeps a what-if
//! identical to history before its point of divergence. Nothing here depends on threads, time or
//! global state.
//!
//! Why two regions, and which slot goes where: the generator makes four blocks (64 words) at a time,
//! about 400 instructions, so its work is the number of four-day spans each region is made for. The
//! frequent blocks are made for every span, in order, four days per call (about 10.7 calls in a run of
//! 41.4 days at the scenario's parameters). An occasional span is made only when one of its days reads
//! an occasional slot. Measured on 4,000 runs at fixed parameters (and over the posterior, 46 days a
//! run), the share of days that read each slot:
//!
//! - read on most days: Snow, WarNoise, ResolveNoise, CrowdNoise 1.00; Western 0.93 (0.90); Dismiss
//!   0.78 (0.71); JinWithdraw and ReliefFight 0.62 (0.68); Collection 0.57 (0.63);
//! - daily hazards of a phase: Recall 0.14 (0.13); PursuitCatch 0.13 (0.12); PursuitOrder 0.12 (0.07);
//!   JinLift 0.09 (0.09); RaidPlan 0.07 (0.07); RaidPremature 0.07 (0.07); Restore 0.013 (0.014);
//! - occasional: JinAssault 0.19 (0.17); JinLetter 0.08 (0.07); Accept 0.08 (0.07); Hostage 0.07
//!   (0.07); PursuitA, PursuitD 0.06; SkirmishBreak 0.05; AssaultA, AssaultD, AssaultBreak 0.05 (0.04);
//!   JinProbe 0.02; RaidLeak, RaidA, RaidD, RaidBreak 0.02; PursuitBreak 0.007.
//!
//! What matters is not a slot's own share but how often the occasional slots together touch a new
//! span: they cluster on the days of an assault or a fight (a fight reads three or four of them). This
//! split, found by trying every exchange of a frequent and an occasional slot against the recorded
//! reads, makes 4.7 occasional spans a run at fixed parameters (5.2 over the posterior) where the
//! split by slot frequency alone made 5.5 (6.1). A frequent block of 32 slots a day would make 20.9
//! (23.3) generator calls a run against 15.4 (17.1); one of 24, or three regions of 8, 8 and 16 slots,
//! save less than a tenth of a call. An occasional read costs a comparison with the span in hand.

use std::cell::{Cell, RefCell};

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// Uniform slots a day offers, frequent and occasional; each process owns fixed slots (see [`Slot`]).
pub const DAY_SLOTS: usize = 32;
/// Slots in a day's frequent block; the rest are occasional.
pub const FREQUENT_SLOTS: usize = 16;
/// Uniform slots drawn once at the start of a run for per-run constants (marching paces).
pub const RUN_SLOTS: usize = 16;

/// Words in a ChaCha block.
const BLOCK_WORDS: usize = 16;
/// Blocks the generator makes at a time: four days of one region.
const BATCH_DAYS: usize = 4;
/// The block of day 0's occasional slots: far past any day's frequent block.
const OCCASIONAL_BLOCK: u64 = 1 << 32;
// Each region gives a day one block.
const _: () = assert!(FREQUENT_SLOTS <= BLOCK_WORDS && DAY_SLOTS - FREQUENT_SLOTS <= BLOCK_WORDS);

/// The purpose of each daily uniform: the first [`FREQUENT_SLOTS`] are frequent, the rest occasional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Slot {
    // Frequent: read on most days, or on many days of a phase.
    Snow,
    WarNoise,
    ResolveNoise,
    CrowdNoise,
    Western,
    Dismiss,
    JinWithdraw,
    ReliefFight,
    Collection,
    Recall,
    PursuitCatch,
    PursuitOrder,
    JinLift,
    RaidPlan,
    RaidPremature,
    Restore,
    // Occasional: fights and the decisions that come with them.
    JinAssault,
    JinLetter,
    Accept,
    Hostage,
    JinProbe,
    AssaultA,
    AssaultD,
    AssaultBreak,
    RaidLeak,
    RaidA,
    RaidD,
    RaidBreak,
    PursuitA,
    PursuitD,
    PursuitBreak,
    SkirmishBreak,
}

/// The per-run random stream.
#[derive(Debug, Clone)]
pub struct Stream {
    rng: ChaCha8Rng,
    /// The ensemble seed the generator's key was expanded from.
    seed: u64,
}

impl Stream {
    /// The stream of run `run` of an ensemble seeded with `seed`.
    pub fn new(seed: u64, run: u64) -> Stream {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(run);
        Stream { rng, seed }
    }

    /// Makes this the stream of run `run` of an ensemble seeded with `seed`, as [`Stream::new`] would.
    /// The runs of an ensemble share its seed, so the key expanded from it is kept and only the
    /// stream and the position are set (at word 0, which makes no block).
    pub fn restart(&mut self, seed: u64, run: u64) {
        if seed == self.seed {
            self.rng.set_word_pos(0);
            self.rng.set_stream(run);
        } else {
            *self = Stream::new(seed, run);
        }
    }

    /// Fills `out` with uniforms in [0, 1), each from the next 32 bits of the stream.
    pub fn fill(&mut self, out: &mut [f64]) {
        for u in out {
            *u = uniform(self.rng.next_u32());
        }
    }
}

/// Four blocks of the stream as little-endian bytes.
type Batch = [u8; 4 * BLOCK_WORDS * BATCH_DAYS];

/// A uniform in [0, 1) from 32 bits (ample resolution for hazards and quantiles).
#[inline]
fn uniform(word: u32) -> f64 {
    const SCALE: f64 = 1.0 / 4_294_967_296.0;
    f64::from(word) * SCALE
}

/// Word `i` of a batch as a uniform.
#[inline]
fn uniform_at(batch: &Batch, i: usize) -> f64 {
    let b = &batch[4 * i..4 * i + 4];
    uniform(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One day's uniforms. The frequent slots come four days at a time from the stream in order; the
/// occasional ones are computed on the first day of four that reads one. Either way a uniform is made
/// from its word only when a process reads its slot.
#[derive(Debug, Clone)]
pub struct DayDraws {
    frequent: Batch,
    /// Today's block in `frequent`; `BATCH_DAYS` when it is spent.
    block: usize,
    /// Today (the first refill makes it day 0).
    day: u32,
    /// A copy of the run's generator, moved to the occasional region when needed.
    occasional_rng: RefCell<Option<ChaCha8Rng>>,
    /// Which four days `occasional` holds (day / 4); `u32::MAX` for none.
    occasional_batch: Cell<u32>,
    /// The occasional words of those four days. Cells, so that a read is a comparison and a load.
    occasional: Cell<[u32; BLOCK_WORDS * BATCH_DAYS]>,
}

/// What a slot reads before the first day: the middle of the range (the stand-in bytes 0x80).
const BEFORE_THE_FIRST_DAY: u32 = 0x8080_8080;

impl Default for DayDraws {
    fn default() -> Self {
        DayDraws {
            frequent: [0x80; 4 * BLOCK_WORDS * BATCH_DAYS],
            block: BATCH_DAYS,
            day: u32::MAX,
            occasional_rng: RefCell::new(None),
            occasional_batch: Cell::new(u32::MAX),
            occasional: Cell::new([BEFORE_THE_FIRST_DAY; BLOCK_WORDS * BATCH_DAYS]),
        }
    }
}

impl DayDraws {
    /// Back to before the first day, as [`DayDraws::default`] makes them, without rewriting the
    /// words: the frequent ones cannot be read before the first refill, and the occasional stand-in
    /// is written again should a slot be read that early.
    pub fn restart(&mut self) {
        self.block = BATCH_DAYS;
        self.day = u32::MAX;
        *self.occasional_rng.get_mut() = None;
        self.occasional_batch.set(u32::MAX);
    }

    /// Moves on to the next day. `stream` must be the run's stream, past its run constants.
    #[inline]
    pub fn refill(&mut self, stream: &mut Stream) {
        self.day = self.day.wrapping_add(1);
        if self.day == 0 {
            // The occasional region is read from a copy of the generator, leaving the frequent
            // blocks to follow one another in the run's own.
            *self.occasional_rng.get_mut() = Some(stream.rng.clone());
        }
        self.block += 1;
        if self.block >= BATCH_DAYS {
            stream.rng.fill_bytes(&mut self.frequent);
            self.block = 0;
        }
    }
    /// The uniform for `slot`.
    #[inline]
    pub fn u(&self, slot: Slot) -> f64 {
        let k = slot as usize;
        if k < FREQUENT_SLOTS {
            uniform_at(&self.frequent, self.block * BLOCK_WORDS + k)
        } else {
            self.occasional(k - FREQUENT_SLOTS)
        }
    }
    /// Whether an event of probability `p` happens, using `slot`.
    #[inline]
    pub fn chance(&self, slot: Slot, p: f64) -> bool {
        self.u(slot) < p
    }
    /// Whether an event of probability `logistic(x)` happens, using `slot`: the same answer as
    /// `chance(slot, logistic(x))`, mostly without computing the exponential.
    #[inline(always)]
    pub fn chance_logistic(&self, slot: Slot, x: f64) -> bool {
        crate::math::below_logistic(self.u(slot), x)
    }

    /// Occasional slot `k` of today.
    #[inline]
    fn occasional(&self, k: usize) -> f64 {
        let batch = self.day / BATCH_DAYS as u32;
        if self.occasional_batch.get() != batch {
            self.make_occasional(batch);
        }
        let day_in_batch = (self.day % BATCH_DAYS as u32) as usize;
        let words: &Cell<[u32]> = &self.occasional;
        uniform(words.as_slice_of_cells()[day_in_batch * BLOCK_WORDS + k].get())
    }

    /// Makes the occasional words of the four days of `batch`.
    #[cold]
    fn make_occasional(&self, batch: u32) {
        let mut rng = self.occasional_rng.borrow_mut();
        // Before the first day there is no generator: the stand-in stays.
        let Some(rng) = rng.as_mut() else {
            self.occasional
                .set([BEFORE_THE_FIRST_DAY; BLOCK_WORDS * BATCH_DAYS]);
            return;
        };
        let block = OCCASIONAL_BLOCK + u64::from(batch) * BATCH_DAYS as u64;
        rng.set_word_pos(u128::from(block) * BLOCK_WORDS as u128);
        let mut bytes: Batch = [0; 4 * BLOCK_WORDS * BATCH_DAYS];
        rng.fill_bytes(&mut bytes);
        let mut words = [0; BLOCK_WORDS * BATCH_DAYS];
        for (word, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        self.occasional.set(words);
        self.occasional_batch.set(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_run_same_numbers() {
        let (mut a, mut b) = (Stream::new(7, 3), Stream::new(7, 3));
        let (mut x, mut y) = ([0.0; 8], [0.0; 8]);
        a.fill(&mut x);
        b.fill(&mut y);
        assert_eq!(x, y);
        let mut c = Stream::new(7, 4);
        c.fill(&mut y);
        assert_ne!(x, y, "another run index must give another stream");
    }

    #[test]
    fn uniforms_in_unit_interval() {
        let mut s = Stream::new(1, 0);
        let mut u = [0.0; 1000];
        s.fill(&mut u);
        assert!(u.iter().all(|&v| (0.0..1.0).contains(&v)));
        let mean = u.iter().sum::<f64>() / u.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
    }

    /// Word `w` of the stream of (seed, run), read straight from the generator.
    fn word(seed: u64, run: u64, w: u128) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(run);
        rng.set_word_pos(w);
        uniform(rng.next_u32())
    }

    fn all_slots() -> impl Iterator<Item = Slot> {
        [
            Slot::Snow,
            Slot::Accept,
            Slot::Hostage,
            Slot::AssaultA,
            Slot::Restore,
            Slot::SkirmishBreak,
        ]
        .into_iter()
    }

    #[test]
    fn each_slot_has_its_place_in_the_stream() {
        let (seed, run) = (11, 5);
        let mut stream = Stream::new(seed, run);
        let mut constants = [0.0; RUN_SLOTS];
        stream.fill(&mut constants);
        assert_eq!(constants[3], word(seed, run, 3));
        let mut day = DayDraws::default();
        for d in 0..9u128 {
            day.refill(&mut stream);
            for slot in all_slots() {
                let k = slot as u128;
                let place = if k < FREQUENT_SLOTS as u128 {
                    (1 + d) * 16 + k
                } else {
                    (u128::from(OCCASIONAL_BLOCK) + d) * 16 + k - FREQUENT_SLOTS as u128
                };
                assert_eq!(day.u(slot), word(seed, run, place), "day {d}, {slot:?}");
            }
        }
    }

    #[test]
    fn a_draw_does_not_depend_on_other_reads() {
        // One run reads every slot every day, another only now and then and in another order: the
        // numbers they share agree (the pairing of what-if arms rests on this).
        let (mut s1, mut s2) = (Stream::new(3, 9), Stream::new(3, 9));
        let mut skip = [0.0; RUN_SLOTS];
        s1.fill(&mut skip);
        s2.fill(&mut skip);
        let (mut all, mut some) = (DayDraws::default(), DayDraws::default());
        for d in 0..20 {
            all.refill(&mut s1);
            some.refill(&mut s2);
            let read: Vec<f64> = all_slots().map(|s| all.u(s)).collect();
            if d % 3 == 1 {
                for (i, s) in all_slots()
                    .enumerate()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                {
                    assert_eq!(some.u(s), read[i], "day {d}, {s:?}");
                }
            }
        }
    }

    #[test]
    fn a_restarted_stream_and_day_read_as_new_ones() {
        // A stream and days used for one run, then restarted for others (another seed too), read
        // what new ones read, before the first day as on every day after.
        let mut stream = Stream::new(4, 0);
        let mut day = DayDraws::default();
        for (seed, run) in [(4, 0), (4, 17), (4, 3), (8, 3), (8, u64::MAX)] {
            stream.restart(seed, run);
            day.restart();
            let (mut fresh, mut fresh_day) = (Stream::new(seed, run), DayDraws::default());
            assert_eq!(day.u(Slot::Accept), fresh_day.u(Slot::Accept));
            let (mut a, mut b) = ([0.0; RUN_SLOTS], [0.0; RUN_SLOTS]);
            stream.fill(&mut a);
            fresh.fill(&mut b);
            assert_eq!(a, b, "seed {seed}, run {run}");
            assert_eq!(a[0], word(seed, run, 0));
            for d in 0..11 {
                day.refill(&mut stream);
                fresh_day.refill(&mut fresh);
                for slot in all_slots() {
                    assert_eq!(
                        day.u(slot),
                        fresh_day.u(slot),
                        "run {run}, day {d}, {slot:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn slot_count_matches() {
        assert_eq!(Slot::SkirmishBreak as usize + 1, DAY_SLOTS);
        assert_eq!(Slot::JinAssault as usize, FREQUENT_SLOTS);
    }
}
