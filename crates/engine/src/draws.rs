//! Randomness: one portable ChaCha8 stream per run, drawn in fixed blocks.
//!
//! Every run owns a `ChaCha8Rng` seeded from the ensemble seed, with the run index as its stream. Each
//! day takes exactly [`DAY_SLOTS`] uniforms, whatever happens that day, and each process reads its own
//! named slots. So two runs with the same seed and index see the same numbers on the same day for the
//! same purpose even after their histories differ: this is what makes what-if comparisons paired
//! (common random numbers) and keeps a what-if identical to history before its point of divergence.
//! Nothing here depends on threads, time or global state.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// Uniform slots drawn each day; each process owns fixed slots (see [`Slot`]).
pub const DAY_SLOTS: usize = 32;
/// Uniform slots drawn once at the start of a run for per-run constants (marching paces).
pub const RUN_SLOTS: usize = 16;

/// The purpose of each daily uniform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Slot {
    Snow,
    WarNoise,
    ResolveNoise,
    JinProbe,
    JinAssault,
    JinLetter,
    JinLift,
    JinWithdraw,
    AssaultA,
    AssaultD,
    AssaultBreak,
    RaidPlan,
    RaidPremature,
    RaidLeak,
    RaidA,
    RaidD,
    RaidBreak,
    Accept,
    Collection,
    Hostage,
    Dismiss,
    CrowdNoise,
    Restore,
    PursuitOrder,
    Recall,
    PursuitCatch,
    PursuitA,
    PursuitD,
    PursuitBreak,
    Western,
    ReliefFight,
    Spare,
}

/// Words the generator produces at a time (four ChaCha blocks): two days' worth.
const BUFFER_WORDS: usize = 64;

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

    /// Fills `out` with the next words of the stream, in stream order.
    fn fill_words(&mut self, out: &mut [u32]) {
        let mut bytes = [0u8; 4 * BUFFER_WORDS];
        let bytes = &mut bytes[..4 * out.len()];
        self.rng.fill_bytes(bytes);
        for (w, b) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
    }
}

/// A uniform in [0, 1) from 32 bits (ample resolution for hazards and quantiles).
#[inline]
fn uniform(word: u32) -> f64 {
    const SCALE: f64 = 1.0 / 4_294_967_296.0;
    f64::from(word) * SCALE
}

/// One day's uniforms: [`DAY_SLOTS`] consecutive words of the stream, whatever the day uses.
///
/// The words are fetched two days at a time and turned into uniforms only when a process reads its
/// slot, so a day pays for the slots it uses, not for all of them; which words belong to which day and
/// slot is unchanged by this (day `d`, slot `k` is always word `RUN_SLOTS + d * DAY_SLOTS + k`).
#[derive(Debug, Clone)]
pub struct DayDraws {
    words: [u32; BUFFER_WORDS],
    /// Where today's slots start in `words`; `BUFFER_WORDS` when the buffer is spent.
    today: usize,
}

impl Default for DayDraws {
    fn default() -> Self {
        DayDraws {
            words: [1 << 31; BUFFER_WORDS],
            today: BUFFER_WORDS,
        }
    }
}

impl DayDraws {
    /// Moves on to the next day's slots.
    #[inline]
    pub fn refill(&mut self, stream: &mut Stream) {
        let next = self.today + DAY_SLOTS;
        if next + DAY_SLOTS <= BUFFER_WORDS {
            self.today = next;
        } else {
            stream.fill_words(&mut self.words);
            self.today = 0;
        }
    }
    /// The uniform for `slot`.
    #[inline]
    pub fn u(&self, slot: Slot) -> f64 {
        uniform(self.words[self.today + slot as usize])
    }
    /// Whether an event of probability `p` happens, using `slot`.
    #[inline]
    pub fn chance(&self, slot: Slot, p: f64) -> bool {
        self.u(slot) < p
    }
    /// Whether an event of probability `logistic(x)` happens, using `slot`: the same answer as
    /// `chance(slot, logistic(x))`, mostly without computing the exponential.
    #[inline]
    pub fn chance_logistic(&self, slot: Slot, x: f64) -> bool {
        crate::math::below_logistic(self.u(slot), x)
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

    #[test]
    fn days_read_consecutive_blocks_of_the_stream() {
        // Day d, slot k is word d * DAY_SLOTS + k of the stream after the run's constants, however
        // the words are fetched.
        let mut whole = Stream::new(11, 5);
        let mut expected = [0.0; RUN_SLOTS + 5 * DAY_SLOTS];
        whole.fill(&mut expected);
        let mut stream = Stream::new(11, 5);
        let mut run = [0.0; RUN_SLOTS];
        stream.fill(&mut run);
        assert_eq!(run, expected[..RUN_SLOTS]);
        let mut day = DayDraws::default();
        for d in 0..5 {
            day.refill(&mut stream);
            for k in [Slot::Snow, Slot::Dismiss, Slot::Spare] {
                assert_eq!(day.u(k), expected[RUN_SLOTS + d * DAY_SLOTS + k as usize]);
            }
        }
    }

    #[test]
    fn slot_count_matches() {
        assert_eq!(Slot::Spare as usize + 1, DAY_SLOTS);
    }
}
