//! The outcome measures an ensemble aggregates, their fixed-point units and their histogram grids.
//!
//! Each measure is stored as an integer number of *units*: a man, a tael, a day, a prefecture, a
//! hostage, or 1/10,000 of the war party's influence. A run's value is rounded to the nearest unit
//! once, and from then on everything is integer arithmetic, so sums merge exactly in any order.
//!
//! | measure | unit | grid |
//! |---|---|---|
//! | `song-killed`, `song-wounded`, `song-deserted` | man | about 200 equal bins from 0 to the Song strength of the setup (western army excluded) |
//! | `jin-killed`, `jin-wounded`, `jin-deserted` | man | about 200 equal bins from 0 to the Jin strength of the setup (western army excluded) |
//! | `gold-delivered` | tael | about 200 equal bins from 0 to the gold demanded |
//! | `silver-delivered` | tael | about 200 equal bins from 0 to the silver demanded |
//! | `prefectures` | prefecture | one bin per count, 0 to the prefectures demanded |
//! | `hostages` | hostage | one bin per count, 0 to the number of princes (at least 4 bins) |
//! | `war-influence` | 1/10,000 | about 200 equal bins from 0 to 1 (51 units wide) |
//! | `crowd-peak` | person | about 200 equal bins from 0 to the upper end of `populace.pool`'s range |
//! | `end-day` | day | one bin per day of the horizon |
//!
//! Values past a grid's top fall in its overflow bin; the exact minimum and maximum are kept too, so a
//! quantile in the overflow bin is interpolated between the grid's top and the maximum.

use bianjing_engine::{Outcome, Setup, Side};
use bianjing_scenario::model::ForceKind;
use serde::{Deserialize, Serialize};

/// An outcome measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    SongKilled,
    SongWounded,
    SongDeserted,
    JinKilled,
    JinWounded,
    JinDeserted,
    GoldDelivered,
    SilverDelivered,
    Prefectures,
    Hostages,
    WarInfluence,
    CrowdPeak,
    EndDay,
}

impl Measure {
    pub const ALL: [Measure; 13] = [
        Measure::SongKilled,
        Measure::SongWounded,
        Measure::SongDeserted,
        Measure::JinKilled,
        Measure::JinWounded,
        Measure::JinDeserted,
        Measure::GoldDelivered,
        Measure::SilverDelivered,
        Measure::Prefectures,
        Measure::Hostages,
        Measure::WarInfluence,
        Measure::CrowdPeak,
        Measure::EndDay,
    ];

    /// A stable name for output and column headers.
    pub fn name(self) -> &'static str {
        match self {
            Measure::SongKilled => "song-killed",
            Measure::SongWounded => "song-wounded",
            Measure::SongDeserted => "song-deserted",
            Measure::JinKilled => "jin-killed",
            Measure::JinWounded => "jin-wounded",
            Measure::JinDeserted => "jin-deserted",
            Measure::GoldDelivered => "gold-delivered",
            Measure::SilverDelivered => "silver-delivered",
            Measure::Prefectures => "prefectures",
            Measure::Hostages => "hostages",
            Measure::WarInfluence => "war-influence",
            Measure::CrowdPeak => "crowd-peak",
            Measure::EndDay => "end-day",
        }
    }

    /// The natural unit the report shows.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::SongKilled
            | Measure::SongWounded
            | Measure::SongDeserted
            | Measure::JinKilled
            | Measure::JinWounded
            | Measure::JinDeserted => "men",
            Measure::GoldDelivered | Measure::SilverDelivered => "taels",
            Measure::Prefectures => "prefectures",
            Measure::Hostages => "hostages",
            Measure::WarInfluence => "share",
            Measure::CrowdPeak => "people",
            Measure::EndDay => "day",
        }
    }

    /// Fixed-point units per natural unit.
    pub fn scale(self) -> i64 {
        match self {
            Measure::WarInfluence => 10_000,
            _ => 1,
        }
    }

    /// The measure's value in a run's outcome, in natural units.
    pub fn value(self, o: &Outcome) -> f64 {
        match self {
            Measure::SongKilled => o.song_losses.killed,
            Measure::SongWounded => o.song_losses.wounded,
            Measure::SongDeserted => o.song_losses.deserted,
            Measure::JinKilled => o.jin_losses.killed,
            Measure::JinWounded => o.jin_losses.wounded,
            Measure::JinDeserted => o.jin_losses.deserted,
            Measure::GoldDelivered => o.gold_delivered,
            Measure::SilverDelivered => o.silver_delivered,
            Measure::Prefectures => f64::from(o.prefectures_promised),
            Measure::Hostages => f64::from(o.hostages_taken),
            Measure::WarInfluence => o.war_influence,
            Measure::CrowdPeak => o.crowd_peak,
            Measure::EndDay => f64::from(o.end_day),
        }
    }

    /// The measure's value in a run's outcome, in fixed-point units (rounded half away from zero;
    /// a value that is not finite counts as 0).
    pub fn fixed(self, o: &Outcome) -> i64 {
        round_fixed(self.value(o) * self.scale() as f64)
    }

    /// The measure's histogram grid for `setup`.
    pub fn grid(self, setup: &Setup) -> Grid {
        let strength = |side: Side| {
            setup
                .forces
                .iter()
                .filter(|f| f.side == side && f.kind != ForceKind::WesternArmy)
                .map(|f| f.strength)
                .sum::<f64>()
        };
        match self {
            Measure::SongKilled | Measure::SongWounded | Measure::SongDeserted => {
                Grid::covering(strength(Side::Song), 200)
            }
            Measure::JinKilled | Measure::JinWounded | Measure::JinDeserted => {
                Grid::covering(strength(Side::Jin), 200)
            }
            Measure::GoldDelivered => Grid::covering(setup.gold_demanded, 200),
            Measure::SilverDelivered => Grid::covering(setup.silver_demanded, 200),
            Measure::Prefectures => Grid::unit(u32::from(setup.prefectures_demanded) + 1),
            Measure::Hostages => Grid::unit((setup.cast.princes.len() as u32 + 1).max(4)),
            Measure::WarInfluence => Grid::covering(1.0 * 10_000.0, 200),
            Measure::CrowdPeak => {
                let top = setup
                    .ranges
                    .iter()
                    .find(|(n, _)| *n == "populace.pool")
                    .map_or(setup.params.pool, |(_, r)| r.max);
                Grid::covering(top, 200)
            }
            Measure::EndDay => Grid::unit(u32::from(setup.days).max(1)),
        }
    }
}

/// A histogram grid in fixed-point units: bin `k` holds values in `[lo + k*width, lo + (k+1)*width)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub lo: i64,
    pub width: i64,
    pub bins: u32,
}

impl Grid {
    /// About `bins` bins from 0 up to and including `top` (in fixed-point units).
    pub fn covering(top: f64, bins: u32) -> Grid {
        let top = if top.is_finite() && top > 0.0 {
            top.ceil() as i64
        } else {
            1
        };
        let bins = i64::from(bins.max(1));
        let width = ((top + 1 + bins - 1) / bins).max(1);
        Grid {
            lo: 0,
            width,
            bins: ((top + 1 + width - 1) / width) as u32,
        }
    }

    /// One bin per integer value from 0 to `bins - 1`.
    pub fn unit(bins: u32) -> Grid {
        Grid {
            lo: 0,
            width: 1,
            bins,
        }
    }

    /// Whether each bin holds a single integer value (quantiles are then exact).
    pub fn discrete(&self) -> bool {
        self.width == 1
    }

    /// The bin of `v`: `Err(false)` below the grid, `Err(true)` above it.
    pub fn bin(&self, v: i64) -> Result<usize, bool> {
        self.binning().bin(v)
    }

    /// The grid made ready for counting many values.
    pub(crate) fn binning(&self) -> Binning {
        Binning::of(self)
    }

    /// The top edge of the grid.
    pub fn hi(&self) -> i64 {
        self.lo + self.width * i64::from(self.bins)
    }
}

/// A grid made ready for counting values: no division where the value is out of range or the grid has
/// one bin per unit (an ensemble bins 13 values a run), and no overflow for any `i64`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binning {
    lo: i64,
    width: u64,
    /// `width * bins`, the first offset past the grid; `u64::MAX` when the product does not fit,
    /// which no offset from `lo` of an `i64` can reach, as no offset reaches the product then.
    span: u64,
}

impl Binning {
    fn of(g: &Grid) -> Binning {
        // A stored grid has a width of at least 1 (`Aggregate::check`); 1 keeps a malformed one harmless.
        let width = u64::try_from(g.width).unwrap_or(1).max(1);
        let span = u64::try_from(u128::from(width) * u128::from(g.bins)).unwrap_or(u64::MAX);
        Binning {
            lo: g.lo,
            width,
            span,
        }
    }

    /// The bin of `v`: `Err(false)` below the grid, `Err(true)` above it.
    #[inline]
    pub(crate) fn bin(&self, v: i64) -> Result<usize, bool> {
        if v < self.lo {
            return Err(false);
        }
        // `v >= lo`, so the offset is exact as a u64 (it is below 2^64).
        let offset = v.wrapping_sub(self.lo) as u64;
        if offset >= self.span {
            Err(true)
        } else if self.width == 1 {
            Ok(offset as usize)
        } else {
            Ok((offset / self.width) as usize)
        }
    }
}

/// `v.round() as i64` for a finite `v` (half away from zero; `as` saturates, so absurd values land in
/// the overflow bin rather than wrapping) and 0 otherwise, without the call to `round` the default
/// target makes: an ensemble rounds 13 measures a run.
#[inline]
fn round_fixed(v: f64) -> i64 {
    // From 2^52 up every f64 is an integer; below it the whole part and the fraction are exact.
    const ALL_INTEGERS: f64 = 4_503_599_627_370_496.0;
    if v.abs() < ALL_INTEGERS {
        let whole = v as i64;
        let fraction = v - whole as f64;
        if fraction >= 0.5 {
            whole + 1
        } else if fraction <= -0.5 {
            whole - 1
        } else {
            whole
        }
    } else if v.is_finite() {
        v as i64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_cover_their_top() {
        for (top, bins) in [(10_000.0, 200), (1.0, 200), (5_000_000.0, 200), (123.4, 7)] {
            let g = Grid::covering(top, bins);
            assert!(g.bins <= bins && g.bins > 0, "{g:?}");
            assert_eq!(g.bin(0), Ok(0));
            assert_eq!(g.bin(top.ceil() as i64), Ok(g.bins as usize - 1), "{g:?}");
            assert_eq!(g.bin(g.hi()), Err(true));
            assert_eq!(g.bin(-1), Err(false));
        }
        let g = Grid::covering(10_000.0, 200);
        assert_eq!((g.width, g.bins), (51, 197));
    }

    #[test]
    fn rounding_agrees_with_the_measures_rule() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            -0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            1e19,
            -1e19,
            9.3e18,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        // Halves and their neighbours over a wide span of magnitudes.
        let mut x: f64 = 0.25;
        while x < 1e17 {
            for v in [
                x,
                x + 0.5,
                x.next_up(),
                x.next_down(),
                (x + 0.5).next_down(),
            ] {
                values.push(v);
                values.push(-v);
            }
            x = x * 1.37 + 0.5;
        }
        for v in values {
            let expected = if v.is_finite() { v.round() as i64 } else { 0 };
            assert_eq!(round_fixed(v), expected, "{v:e}");
        }
    }

    #[test]
    fn a_value_falls_in_the_bin_its_offset_says_for_any_i64() {
        let grids = [
            Grid::unit(4),
            Grid::unit(1),
            Grid::covering(10_000.0, 200),
            Grid::covering(123.4, 7),
            Grid {
                lo: -50,
                width: 3,
                bins: 11,
            },
            Grid {
                lo: 7,
                width: i64::MAX / 2,
                bins: 1_000_000,
            },
            Grid {
                lo: i64::MIN,
                width: 1,
                bins: 5,
            },
        ];
        for g in grids {
            let hi =
                g.lo.saturating_add(g.width.saturating_mul(i64::from(g.bins)));
            let mut vs = vec![i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1, -1, 0, 1];
            for edge in [g.lo, hi, g.lo.saturating_add(g.width)] {
                vs.extend((-3..=3).map(|d| edge.saturating_add(d)));
            }
            vs.extend((-300..300).map(|v| v * 37));
            for v in vs {
                // The bin in exact arithmetic.
                let k = (i128::from(v) - i128::from(g.lo)).div_euclid(i128::from(g.width));
                let expected = if k < 0 {
                    Err(false)
                } else if k >= i128::from(g.bins) {
                    Err(true)
                } else {
                    Ok(k as usize)
                };
                assert_eq!(g.bin(v), expected, "{g:?} at {v}");
            }
        }
    }
}
