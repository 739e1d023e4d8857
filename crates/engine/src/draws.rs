//! Randomness: one portable ChaCha8 stream per run, read at fixed places.
//!
//! Every run owns a `ChaCha8Rng` seeded from the ensemble seed, with the run index as its stream. Every
//! uniform a run uses has a fixed place in that stream, found from the day and the purpose alone:
//!
//! - words 0 to 15 (block 0): the run's constants (marching paces);
//! - block 1 + d: day d's sixteen frequent slots, those most days read (snow, the court's and the
//!   crowd's noise, the daily hazards);
//! - block 2^32 + d: day d's sixteen occasional slots (fights, raid plans, hostages and the like),
//!   computed only for days that read one of them.
//!
//! A process reads its own named [`Slot`], and what it gets depends on the seed, the run, the day and
//! the slot, never on what other processes read that day or on earlier days. So two runs with the same
//! seed and index see the same number on the same day for the same purpose even after their histories
//! differ: this is what makes what-if comparisons paired (common random numbers) and keeps a what-if
//! identical to history before its point of divergence. Nothing here depends on threads, time or
//! global state.
//!
//! Why two regions: the generator makes four blocks (64 words) at a time, about 400 instructions. The
//! frequent blocks are read in order, four days per call; a typical day reads six to eleven slots, and
//! the occasional ones on a minority of days, so keeping them apart halves the generator's work
//! against a fixed block of 32 slots a day.

use std::cell::RefCell;

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
    JinAssault,
    Recall,
    PursuitCatch,
    PursuitOrder,
    JinLift,
    JinLetter,
    Accept,
    // Occasional: fights and rarer decisions.
    Hostage,
    RaidPlan,
    RaidPremature,
    JinProbe,
    AssaultA,
    AssaultD,
    AssaultBreak,
    RaidLeak,
    RaidA,
    RaidD,
    RaidBreak,
    Restore,
    PursuitA,
    PursuitD,
    PursuitBreak,
    Spare,
}

/// The per-run random stream.
#[derive(Debug, Clone)]
pub struct Stream {
    rng: ChaCha8Rng,
}

impl Stream {
    /// The stream of run `run` of an ensemble seeded with `seed`.
    pub fn new(seed: u64, run: u64) -> Stream {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(run);
        Stream { rng }
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

/// The occasional slots of four consecutive days, fetched when first read.
#[derive(Debug, Clone)]
struct Occasional {
    /// A copy of the run's generator, moved to the occasional region when needed.
    rng: Option<ChaCha8Rng>,
    /// Which four days `words` holds (day / 4); `u32::MAX` for none.
    batch: u32,
    words: Batch,
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
    occasional: RefCell<Occasional>,
}

impl Default for DayDraws {
    fn default() -> Self {
        DayDraws {
            frequent: [0x80; 4 * BLOCK_WORDS * BATCH_DAYS],
            block: BATCH_DAYS,
            day: u32::MAX,
            occasional: RefCell::new(Occasional {
                rng: None,
                batch: u32::MAX,
                words: [0x80; 4 * BLOCK_WORDS * BATCH_DAYS],
            }),
        }
    }
}

impl DayDraws {
    /// Moves on to the next day. `stream` must be the run's stream, past its run constants.
    #[inline]
    pub fn refill(&mut self, stream: &mut Stream) {
        self.day = self.day.wrapping_add(1);
        if self.day == 0 {
            // The occasional region is read from a copy of the generator, leaving the frequent
            // blocks to follow one another in the run's own.
            self.occasional.get_mut().rng = Some(stream.rng.clone());
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
    #[cold]
    fn occasional(&self, k: usize) -> f64 {
        let mut o = self.occasional.borrow_mut();
        let batch = self.day / BATCH_DAYS as u32;
        if o.batch != batch {
            let Occasional { rng, words, .. } = &mut *o;
            // Before the first day there is no generator: the middle of the range stands in.
            let Some(rng) = rng else {
                return 0.5;
            };
            let block = OCCASIONAL_BLOCK + u64::from(batch) * BATCH_DAYS as u64;
            rng.set_word_pos(u128::from(block) * BLOCK_WORDS as u128);
            rng.fill_bytes(words);
            o.batch = batch;
        }
        let day_in_batch = (self.day % BATCH_DAYS as u32) as usize;
        uniform_at(&o.words, day_in_batch * BLOCK_WORDS + k)
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
            Slot::Spare,
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
    fn slot_count_matches() {
        assert_eq!(Slot::Spare as usize + 1, DAY_SLOTS);
        assert_eq!(Slot::Hostage as usize, FREQUENT_SLOTS);
    }
}
