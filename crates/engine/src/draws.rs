//! Randomness: one portable stream per run, read at fixed places.
//!
//! Every run is keyed by a ChaCha8 generator seeded from the ensemble seed, with the run index as its
//! stream (Bernstein 2008): words 0 to 3 of that stream give the run's day key and gamma, words 4 to 19
//! the run's constants (marching paces). The days draw from a SplitMix64 sequence under that key (Steele,
//! Lea and Flood 2014): draw `n` is `mix(key + n * gamma)`, with SplitMix64's output mixer, and slot `s` of
//! day `d` is draw `n = d * DAY_SLOTS + s`, its upper 32 bits divided by 2^32.
//!
//! A process reads its own named [`Slot`], and what it gets depends on the seed, the run, the day and
//! the slot, never on what other processes read that day or on earlier days. So two runs with the same
//! seed and index see the same number on the same day for the same purpose even after their histories
//! differ: this is what makes what-if comparisons paired (common random numbers) and keeps a what-if
//! identical to history before its point of divergence. Nothing here depends on threads, time or
//! global state.
//!
//! Why two generators: a day reads about nine of its 32 slots (four every day, the rest by phase and on
//! the days of fights), at scattered places. A block generator makes a whole block for each read place
//! or keeps blocks in order and makes the slots nobody reads; a counter-based sequence computes just the
//! draw asked for, in about a dozen instructions. ChaCha8 keys the runs, so that runs are independent
//! streams whatever their indices, and the per-run gamma (odd, with many bit changes, as SplitMix64
//! chooses its gammas when it splits) makes different runs different sequences, not shifts of one.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// The layout of a run's draws, named so that what depends on replaying a run exactly (a game's save)
/// can tell when it changes: the generator that keys a run, the days' sequence, the slots a day has.
pub const DRAWS_LAYOUT: &str = "chacha8 run key; splitmix64 day draws; 32 slots a day";

/// Uniform slots a day offers; each process owns fixed slots (see [`Slot`]).
pub const DAY_SLOTS: usize = 32;
/// Uniform slots drawn once at the start of a run for per-run constants (marching paces).
pub const RUN_SLOTS: usize = 16;

/// The purpose of each daily uniform: slot `s` of day `d` is draw `d * DAY_SLOTS + s` of the run's day
/// sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Slot {
    // Read on most days, or on many days of a phase.
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
    // Read now and then: fights and the decisions that come with them.
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

/// The per-run random stream: the ChaCha8 generator that keys the run and gives its constants.
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

/// A uniform in [0, 1) from 32 bits (ample resolution for hazards and quantiles; the normal quantile's
/// tables reach down to 2^-32).
#[inline]
fn uniform(word: u32) -> f64 {
    const SCALE: f64 = 1.0 / 4_294_967_296.0;
    f64::from(word) * SCALE
}

/// SplitMix64's output function: a bijection of 64-bit words whose every output bit depends on every
/// input bit.
#[inline(always)]
fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A gamma for a day sequence from 64 random bits: odd, so that the sequence runs through every word,
/// and with at least 24 changes between neighbouring bits, since a gamma with few makes successive
/// draws alike (Steele, Lea and Flood 2014, who use the same rule when they split a generator).
fn gamma_of(bits: u64) -> u64 {
    let g = bits | 1;
    if (g ^ (g >> 1)).count_ones() < 24 {
        g ^ 0xaaaa_aaaa_aaaa_aaaa
    } else {
        g
    }
}

/// One day's uniforms: the run's day sequence, at today's place.
#[derive(Debug, Clone, Copy)]
pub struct DayDraws {
    /// `key + d * DAY_SLOTS * gamma` for today `d`: today's slot `s` is `mix(today + s * gamma)`.
    today: u64,
    /// The run's gamma.
    gamma: u64,
}

impl DayDraws {
    /// The day draws of the run whose stream is `stream`, at its start (word 0): reads the day key and
    /// gamma from the stream, and stands before day 0. A slot read there is a draw of the day before
    /// day 0, as well defined as any other.
    pub fn keyed(stream: &mut Stream) -> DayDraws {
        let key = stream.rng.next_u64();
        let gamma = gamma_of(stream.rng.next_u64());
        DayDraws {
            today: key.wrapping_sub(gamma.wrapping_mul(DAY_SLOTS as u64)),
            gamma,
        }
    }

    /// Moves on to the next day.
    #[inline]
    pub fn next_day(&mut self) {
        self.today = self
            .today
            .wrapping_add(self.gamma.wrapping_mul(DAY_SLOTS as u64));
    }

    /// The uniform for `slot`.
    #[inline(always)]
    pub fn u(&self, slot: Slot) -> f64 {
        let draw = mix(self
            .today
            .wrapping_add((slot as u64).wrapping_mul(self.gamma)));
        uniform((draw >> 32) as u32)
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

    /// Word `w` of the ChaCha8 stream of (seed, run), read straight from the generator.
    fn word(seed: u64, run: u64, w: u128) -> u32 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(run);
        rng.set_word_pos(w);
        rng.next_u32()
    }

    /// Draw `n` of the day sequence of (seed, run), from its definition: SplitMix64's mixer of
    /// key + n gamma, the key and the gamma from words 0 to 3 of the run's ChaCha8 stream.
    fn draw(seed: u64, run: u64, n: u64) -> f64 {
        let pair = |w| u64::from(word(seed, run, w)) | u64::from(word(seed, run, w + 1)) << 32;
        let (key, gamma) = (pair(0), gamma_of(pair(2)));
        let z = key.wrapping_add(n.wrapping_mul(gamma));
        let z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        uniform(((z ^ (z >> 31)) >> 32) as u32)
    }

    fn some_slots() -> impl Iterator<Item = Slot> {
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
        let mut day = DayDraws::keyed(&mut stream);
        let mut constants = [0.0; RUN_SLOTS];
        stream.fill(&mut constants);
        assert_eq!(constants[3], uniform(word(seed, run, 4 + 3)));
        for d in 0..9u64 {
            day.next_day();
            for slot in some_slots() {
                let n = d * DAY_SLOTS as u64 + slot as u64;
                assert_eq!(day.u(slot), draw(seed, run, n), "day {d}, {slot:?}");
            }
        }
    }

    #[test]
    fn a_draw_does_not_depend_on_other_reads() {
        // One run reads every slot every day, another only now and then and in another order: the
        // numbers they share agree (the pairing of what-if arms rests on this).
        let (mut s1, mut s2) = (Stream::new(3, 9), Stream::new(3, 9));
        let (mut all, mut some) = (DayDraws::keyed(&mut s1), DayDraws::keyed(&mut s2));
        for d in 0..20 {
            all.next_day();
            some.next_day();
            let read: Vec<f64> = some_slots().map(|s| all.u(s)).collect();
            if d % 3 == 1 {
                for (i, s) in some_slots()
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
        // A stream used for one run, then restarted for others (another seed too), keys the same day
        // draws and gives the same constants as a new one, before the first day as on every day after.
        let mut stream = Stream::new(4, 0);
        let mut spent = [0.0; 40];
        stream.fill(&mut spent);
        for (seed, run) in [(4, 0), (4, 17), (4, 3), (8, 3), (8, u64::MAX)] {
            stream.restart(seed, run);
            let mut day = DayDraws::keyed(&mut stream);
            let mut fresh = Stream::new(seed, run);
            let mut fresh_day = DayDraws::keyed(&mut fresh);
            assert_eq!(day.u(Slot::Accept), fresh_day.u(Slot::Accept));
            let (mut a, mut b) = ([0.0; RUN_SLOTS], [0.0; RUN_SLOTS]);
            stream.fill(&mut a);
            fresh.fill(&mut b);
            assert_eq!(a, b, "seed {seed}, run {run}");
            assert_eq!(a[0], uniform(word(seed, run, 4)));
            for d in 0..11 {
                day.next_day();
                fresh_day.next_day();
                for slot in some_slots() {
                    assert_eq!(
                        day.u(slot),
                        fresh_day.u(slot),
                        "run {run}, day {d}, {slot:?}"
                    );
                }
            }
            spent = [0.0; 40];
            stream.fill(&mut spent);
        }
    }

    #[test]
    fn gammas_are_odd_and_change_bits_often() {
        for bits in [
            0,
            1,
            u64::MAX,
            0x5555_5555_5555_5555,
            0xffff_0000_0000_0000,
            0x9e37_79b9_7f4a_7c15,
        ] {
            let g = gamma_of(bits);
            assert_eq!(g & 1, 1, "{bits:#x}");
            assert!((g ^ (g >> 1)).count_ones() >= 24, "{bits:#x} gives {g:#x}");
        }
    }

    #[test]
    fn day_draws_look_uniform_and_independent() {
        // 64,000 draws of the day sequences of 200 runs: each decile holds a tenth of them (chi-square on
        // 9 degrees of freedom below its 99.9% point, 27.9), and a slot and the next slot of the same day
        // are uncorrelated (|r| below 4 standard errors).
        let mut counts = [0u32; 10];
        let (mut sxy, mut sx, mut sy, mut sxx, mut syy, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for run in 0..200 {
            let mut stream = Stream::new(2026, run);
            let mut day = DayDraws::keyed(&mut stream);
            for _ in 0..10 {
                day.next_day();
                for s in 0..DAY_SLOTS as u64 {
                    let u = mix(day.today.wrapping_add(s.wrapping_mul(day.gamma)));
                    let u = uniform((u >> 32) as u32);
                    counts[(u * 10.0) as usize] += 1;
                    if s + 1 < DAY_SLOTS as u64 {
                        let v = mix(day.today.wrapping_add((s + 1).wrapping_mul(day.gamma)));
                        let v = uniform((v >> 32) as u32);
                        sxy += u * v;
                        sx += u;
                        sy += v;
                        sxx += u * u;
                        syy += v * v;
                        n += 1.0;
                    }
                }
            }
        }
        let total: u32 = counts.iter().sum();
        let expected = f64::from(total) / 10.0;
        let chi2: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 27.9, "chi-square {chi2}, counts {counts:?}");
        let r = (sxy / n - sx / n * sy / n)
            / ((sxx / n - (sx / n).powi(2)) * (syy / n - (sy / n).powi(2))).sqrt();
        assert!(r.abs() < 4.0 / n.sqrt(), "correlation {r}");
    }

    #[test]
    fn slot_count_matches() {
        assert_eq!(Slot::SkirmishBreak as usize + 1, DAY_SLOTS);
    }
}
