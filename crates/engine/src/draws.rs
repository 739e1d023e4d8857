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

    /// Fills `out` with uniforms in [0, 1), each from 32 bits of the stream (ample resolution for
    /// hazards and quantiles), drawn in one block so the generator's bookkeeping is paid once.
    pub fn fill(&mut self, out: &mut [f64]) {
        const SCALE: f64 = 1.0 / 4_294_967_296.0;
        let mut bytes = [0u8; 4 * DAY_SLOTS];
        for chunk in out.chunks_mut(DAY_SLOTS) {
            let bytes = &mut bytes[..4 * chunk.len()];
            self.rng.fill_bytes(bytes);
            for (u, b) in chunk.iter_mut().zip(bytes.chunks_exact(4)) {
                *u = f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])) * SCALE;
            }
        }
    }
}

/// One day's uniforms.
#[derive(Debug, Clone)]
pub struct DayDraws {
    u: [f64; DAY_SLOTS],
}

impl Default for DayDraws {
    fn default() -> Self {
        DayDraws {
            u: [0.5; DAY_SLOTS],
        }
    }
}

impl DayDraws {
    pub fn refill(&mut self, stream: &mut Stream) {
        stream.fill(&mut self.u);
    }
    /// The uniform for `slot`.
    #[inline]
    pub fn u(&self, slot: Slot) -> f64 {
        self.u[slot as usize]
    }
    /// Whether an event of probability `p` happens, using `slot`.
    #[inline]
    pub fn chance(&self, slot: Slot, p: f64) -> bool {
        self.u(slot) < p
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
    fn slot_count_matches() {
        assert_eq!(Slot::Spare as usize + 1, DAY_SLOTS);
    }
}
