//! Small statistics on integer summaries: Wilson intervals, means and deviations from fixed-point sums,
//! quantiles from histograms, and paired and unpaired intervals of differences.
//!
//! Every function here reads integers and computes in `f64` in a fixed order, so the same integers give
//! the same floats on every machine.

use crate::aggregate::MeasureStats;
use crate::measure::Grid;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `successes` out of `n` at `z` (e.g. [`Z95`]): `(lo, hi)`, within
/// `[0, 1]`. With `n == 0` it is the whole `(0, 1)`.
pub fn wilson(successes: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    let lo = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if successes == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

/// Mean of `n` values whose fixed-point sum is `sum`, in natural units (`scale` units per unit).
pub fn mean(sum: i128, n: u64, scale: i64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64 / scale as f64)
}

/// Sample variance (divisor `n - 1`) of `n` values with fixed-point `sum` and `sum_sq`, in natural
/// units squared. Computed as `(n*sum_sq - sum^2) / (n*(n-1))` exactly in integers where that fits.
pub fn variance(sum: i128, sum_sq: i128, n: u64, scale: i64) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let n_i = i128::from(n);
    let num = match (n_i.checked_mul(sum_sq), sum.checked_mul(sum)) {
        (Some(a), Some(b)) => (a - b).max(0) as f64,
        _ => {
            let (s, q, n) = (sum as f64, sum_sq as f64, n as f64);
            (n * q - s * s).max(0.0)
        }
    };
    let s2 = (scale as f64) * (scale as f64);
    Some(num / (n as f64 * (n as f64 - 1.0)) / s2)
}

/// The `q`-quantile (0 to 1) of a measure's histogram `h` on `grid`: the value of rank `ceil(q*n)`
/// (at least 1). On a grid of width 1 that value is exact; on wider bins it is interpolated linearly
/// within its bin (clamped to the exact minimum and maximum); below the grid it is the minimum, above it
/// interpolated between the grid's top and the maximum. In fixed-point units.
pub fn hist_quantile(q: f64, grid: &Grid, h: &MeasureStats) -> Option<f64> {
    let (Some(min), Some(max)) = (h.min, h.max) else {
        return None;
    };
    let (lo, width) = (grid.lo, grid.width);
    let n = h.under + h.bins.iter().sum::<u64>() + h.over;
    if n == 0 {
        return None;
    }
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    if rank <= h.under {
        return Some(min as f64);
    }
    let mut before = h.under;
    for (k, &c) in h.bins.iter().enumerate() {
        if c > 0 && before + c >= rank {
            let start = lo + width * k as i64;
            if width == 1 {
                return Some(start as f64);
            }
            let f = ((rank - before) as f64 - 0.5) / c as f64;
            let v = start as f64 + f * width as f64;
            return Some(v.clamp(min as f64, max as f64));
        }
        before += c;
    }
    let top = lo + width * h.bins.len() as i64;
    let f = ((rank - before) as f64 - 0.5) / h.over.max(1) as f64;
    Some(top as f64 + f * (max - top).max(0) as f64)
}

/// The nearest-rank `q`-quantile of day counts (`days[d]` runs on day `d`): the day of rank
/// `ceil(q*n)`, at least 1.
pub fn day_quantile(q: f64, days: &[u64]) -> Option<u16> {
    let n: u64 = days.iter().sum();
    if n == 0 {
        return None;
    }
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    let mut seen = 0;
    for (d, &c) in days.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return Some(d as u16);
        }
    }
    None
}

/// A difference with its 95% interval, and, for comparison, the half-width the same difference would
/// have if the two arms had been run on independent random numbers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Difference {
    /// What-if minus factual.
    pub diff: f64,
    pub lo: f64,
    pub hi: f64,
    /// Half-width of the paired interval.
    pub paired_half_width: f64,
    /// Half-width of the unpaired interval: `z * sqrt(var_a/n + var_f/n)`.
    pub unpaired_half_width: f64,
}

/// The paired difference of two proportions from `n` pairs, what-if minus factual, with Newcombe's
/// score interval for paired data (method 10 of Newcombe 1998, Statistics in Medicine 17:2635-2650):
/// the Wilson intervals of the two marginal proportions combined through the correlation `phi` of the
/// 2x2 table (with Newcombe's correction of its numerator). Unlike the Wald interval it never reads as
/// zero width when the two arms rarely disagree: with no discordant pair and no event at all it is about
/// plus or minus the Wilson upper limit of 0 out of `n`. The unpaired half-width beside it is the Wald
/// width the same two proportions would have from independent arms.
pub fn paired_proportion(
    n: u64,
    factual_yes: u64,
    arm_yes: u64,
    factual_only: u64,
    arm_only: u64,
    z: f64,
) -> Option<Difference> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    // The 2x2 table: both, arm only, factual only, neither.
    let both = arm_yes.saturating_sub(arm_only) as f64;
    let (b, c) = (arm_only as f64, factual_only as f64);
    let neither = (n_f - both - b - c).max(0.0);
    let pa = arm_yes as f64 / n_f;
    let pf = factual_yes as f64 / n_f;
    let diff = (b - c) / n_f;
    let (la, ua) = wilson(arm_yes, n, z);
    let (lf, uf) = wilson(factual_yes, n, z);
    let margins = (both + b) * (c + neither) * (both + c) * (b + neither);
    let cross = both * neither - b * c;
    let corrected = if cross > n_f / 2.0 {
        cross - n_f / 2.0
    } else if cross < 0.0 {
        cross
    } else {
        0.0
    };
    let phi = if margins > 0.0 {
        corrected / margins.sqrt()
    } else {
        0.0
    };
    let below = ((pa - la).powi(2) - 2.0 * phi * (pa - la) * (uf - pf) + (uf - pf).powi(2))
        .max(0.0)
        .sqrt();
    let above = ((ua - pa).powi(2) - 2.0 * phi * (ua - pa) * (pf - lf) + (pf - lf).powi(2))
        .max(0.0)
        .sqrt();
    let lo = (diff - below).max(-1.0);
    let hi = (diff + above).min(1.0);
    let unpaired = z * ((pa * (1.0 - pa) + pf * (1.0 - pf)) / n_f).sqrt();
    Some(Difference {
        diff,
        lo,
        hi,
        paired_half_width: (hi - lo) / 2.0,
        unpaired_half_width: unpaired,
    })
}

/// The paired difference of means from `n` pairs: `diff_sum`/`diff_sum_sq` are the sums of the
/// per-pair differences (fixed point), `var_arm`/`var_factual` the two arms' own sample variances
/// (natural units). Mean difference plus or minus `z * sd(d)/sqrt(n)`.
pub fn paired_mean(
    n: u64,
    diff_sum: i128,
    diff_sum_sq: i128,
    scale: i64,
    var_arm: f64,
    var_factual: f64,
    z: f64,
) -> Option<Difference> {
    let diff = mean(diff_sum, n, scale)?;
    let var = variance(diff_sum, diff_sum_sq, n, scale).unwrap_or(0.0);
    let half = z * (var / n as f64).sqrt();
    let unpaired = z * ((var_arm + var_factual) / n as f64).sqrt();
    Some(Difference {
        diff,
        lo: diff - half,
        hi: diff + half,
        paired_half_width: half,
        unpaired_half_width: unpaired,
    })
}

#[cfg(test)]
mod tests {
    use super::{Z95, paired_proportion, wilson};

    /// Newcombe's method 10 computed step by step from its definition, for a table of
    /// (both, arm only, factual only, neither).
    fn by_hand(both: u64, arm_only: u64, factual_only: u64, neither: u64) -> (f64, f64) {
        let n = (both + arm_only + factual_only + neither) as f64;
        let (e, f, g, h) = (
            both as f64,
            arm_only as f64,
            factual_only as f64,
            neither as f64,
        );
        let (p1, p2) = ((e + f) / n, (e + g) / n);
        let (l1, u1) = wilson(both + arm_only, n as u64, Z95);
        let (l2, u2) = wilson(both + factual_only, n as u64, Z95);
        let a = (e + f) * (g + h) * (e + g) * (f + h);
        let b = e * h - f * g;
        let c = if b > n / 2.0 {
            b - n / 2.0
        } else if b < 0.0 {
            b
        } else {
            0.0
        };
        let phi = if a > 0.0 { c / a.sqrt() } else { 0.0 };
        let d = p1 - p2;
        (
            d - ((p1 - l1).powi(2) - 2.0 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2).powi(2)).sqrt(),
            d + ((p2 - l2).powi(2) - 2.0 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1).powi(2)).sqrt(),
        )
    }

    #[test]
    fn paired_interval_is_newcombes_method_10() {
        for &(e, f, g, h) in &[
            (12, 9, 2, 1),
            (40, 5, 1, 54),
            (0, 3, 0, 997),
            (500, 0, 0, 500),
        ] {
            let n = e + f + g + h;
            let d = paired_proportion(n, e + g, e + f, g, f, Z95).unwrap();
            let (lo, hi) = by_hand(e, f, g, h);
            assert!(
                (d.lo - lo).abs() < 1e-12 && (d.hi - hi).abs() < 1e-12,
                "{e} {f} {g} {h}"
            );
            assert!(d.lo <= d.diff && d.diff <= d.hi);
        }
    }

    #[test]
    fn no_discordant_pair_and_no_event_is_not_a_zero_width_interval() {
        // 40,000 pairs, the event in neither arm: the difference is 0, but the data allow a few in ten
        // thousand either way: plus or minus the Wilson upper limit of 0/40,000 (about 9.6e-5).
        let d = paired_proportion(40_000, 0, 0, 0, 0, Z95).unwrap();
        let (_, u) = wilson(0, 40_000, Z95);
        assert_eq!(d.diff, 0.0);
        assert!(
            (d.hi - u).abs() < 1e-15 && (d.lo + u).abs() < 1e-15,
            "{d:?}"
        );
        assert!(d.hi > 9e-5 && d.hi < 1e-4);
    }

    use super::*;

    #[test]
    fn variance_of_known_values() {
        // 1, 2, 3, 4: mean 2.5, sample variance 5/3.
        let v = variance(10, 30, 4, 1).unwrap();
        assert!((v - 5.0 / 3.0).abs() < 1e-12);
        // Scaled by 10: the same in natural units.
        let v = variance(100, 3000, 4, 10).unwrap();
        assert!((v - 5.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn day_quantiles_are_nearest_rank() {
        // days 1, 2, 2, 5
        let days = [0, 1, 2, 0, 0, 1];
        assert_eq!(day_quantile(0.05, &days), Some(1));
        assert_eq!(day_quantile(0.5, &days), Some(2));
        assert_eq!(day_quantile(0.75, &days), Some(2));
        assert_eq!(day_quantile(0.95, &days), Some(5));
        assert_eq!(day_quantile(0.5, &[0, 0]), None);
    }

    fn hist(under: u64, bins: &[u64], over: u64, min: i64, max: i64) -> MeasureStats {
        MeasureStats {
            measure: String::new(),
            sum: 0,
            sum_sq: 0,
            min: Some(min),
            max: Some(max),
            under,
            bins: bins.to_vec(),
            over,
        }
    }

    #[test]
    fn histogram_quantiles() {
        let unit = Grid::unit(3);
        let wide = |bins| Grid {
            lo: 0,
            width: 10,
            bins,
        };
        // Unit grid: exact.
        assert_eq!(
            hist_quantile(0.5, &unit, &hist(0, &[1, 2, 1], 0, 0, 2)),
            Some(1.0)
        );
        // Wide bins: interpolated within the bin, clamped to the extremes.
        let q = hist_quantile(0.5, &wide(3), &hist(0, &[0, 2, 0], 0, 12, 14)).unwrap();
        assert!((12.0..=14.0).contains(&q));
        // Overflow: between the top and the maximum.
        let q = hist_quantile(0.99, &wide(1), &hist(0, &[1], 1, 3, 50)).unwrap();
        assert!((10.0..=50.0).contains(&q));
    }
}
