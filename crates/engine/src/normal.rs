//! The standard normal distribution from tables built at compile time.
//!
//! The crowd's cascade evaluates the normal CDF and density once or twice a day and the court, the crowd
//! and the collection turn four uniforms a day into normal deviates; with a division and an exponential
//! each, these were a third of a simulated day. Here both come from cubic Hermite interpolation between
//! knots that carry the function and its derivative, stored as one cubic per cell: a multiplication, a
//! table read and three multiply-adds, with no division and no exponential. The density is the CDF
//! cubic's derivative (it serves only the cascade's stopping rule).
//!
//! The knots are computed in constants, with the engine's own exponential and basic arithmetic only, so
//! they are the same bits on every platform (IEEE arithmetic in constant evaluation is exact as at run
//! time). The CDF at the knots is summed from the lower tail with five-point Gauss–Legendre on each
//! cell, which leaves only rounding; the quantile's knots are Acklam's rational approximation refined
//! by one Halley step against that CDF.
//!
//! The quantile's tails, u < 1/32 and u > 31/32, have their own table, octave by octave of u (or of
//! 1 - u) down to 2^-32, the smallest non-zero uniform: its knots are found by Halley's method against
//! the same CDF, and a cell is found from the bits of u without a logarithm.
//!
//! Accuracy (tested below): the CDF within 2e-9 everywhere, the density within 2e-7, the quantile
//! within 1e-7 for 2^-32 <= u <= 1 - 2^-32.

/// The CDF table covers -CDF_SPAN..=CDF_SPAN; beyond, the CDF is 0 or 1 to within 7e-16.
const CDF_SPAN: f64 = 8.0;
/// Knots per unit of x.
const CDF_PER_UNIT: f64 = 32.0;
const CDF_STEP: f64 = 1.0 / CDF_PER_UNIT;
const CDF_POINTS: usize = 2 * 8 * 32 + 1;
/// The quantile table's knots are u = i / QUANTILE_PER_UNIT for i in QUANTILE_FIRST..=QUANTILE_LAST.
const QUANTILE_PER_UNIT: f64 = 512.0;
const QUANTILE_STEP: f64 = 1.0 / QUANTILE_PER_UNIT;
const QUANTILE_FIRST: usize = 16;
const QUANTILE_LAST: usize = 496;
/// 1 / sqrt(2 pi).
const DENSITY_SCALE: f64 = 0.398_942_280_401_432_7;

/// The CDF at a knot, and its slope (the density) times the step.
#[derive(Debug, Clone, Copy)]
struct CdfKnot {
    cdf: f64,
    cdf_slope: f64,
}

/// The quantile at a knot, and its slope (1 / density) times the step.
#[derive(Debug, Clone, Copy)]
struct QuantileKnot {
    quantile: f64,
    slope: f64,
}

/// A cubic on one cell in the place f in [0, 1], c0 + f (c1 + f (c2 + f c3)): the Hermite cubic through
/// the cell's two knots, with their slopes.
#[derive(Debug, Clone, Copy)]
struct Cubic([f64; 4]);

impl Cubic {
    const ZERO: Cubic = Cubic([0.0; 4]);

    /// Through `y0` and `y1` at the cell's ends, with slopes (times the step) `m0` and `m1`.
    const fn hermite(y0: f64, m0: f64, y1: f64, m1: f64) -> Cubic {
        Cubic([
            y0,
            m0,
            3.0 * (y1 - y0) - 2.0 * m0 - m1,
            2.0 * (y0 - y1) + m0 + m1,
        ])
    }

    #[inline(always)]
    fn at(&self, f: f64) -> f64 {
        let c = &self.0;
        c[0] + f * (c[1] + f * (c[2] + f * c[3]))
    }

    /// The derivative in f.
    #[inline(always)]
    fn slope_at(&self, f: f64) -> f64 {
        let c = &self.0;
        c[1] + f * (2.0 * c[2] + f * (3.0 * c[3]))
    }
}

static CDF_CELLS: [Cubic; CDF_POINTS - 1] = cdf_cells();
static QUANTILE_CELLS: [Cubic; QUANTILE_LAST - QUANTILE_FIRST] = quantile_cells();

/// For 0 <= t < 2^31, the index of a cell of unit width that holds `t` and where `t` lies in it, in
/// [0, 1]. It rounds t - 1/2 by adding 1.5 * 2^52 (the integer then sits in the low bits), which is
/// far cheaper than Rust's saturating float-to-integer conversion; at a whole `t` it may give the cell
/// below with 1 as the place, which interpolates to the same value.
#[inline(always)]
fn cell(t: f64) -> (usize, f64) {
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let shifted = (t - 0.5) + ROUND;
    (shifted.to_bits() as u32 as usize, t - (shifted - ROUND))
}

/// The standard normal CDF.
#[inline]
pub fn normal_cdf(x: f64) -> f64 {
    normal_cdf_and_density(x).0
}

/// The standard normal CDF and density at `x`, read from the same knots.
#[inline]
pub fn normal_cdf_and_density(x: f64) -> (f64, f64) {
    let t = (x + CDF_SPAN) * CDF_PER_UNIT;
    if !(t >= 0.0 && t < (CDF_POINTS - 1) as f64) {
        return if x > 0.0 {
            (1.0, 0.0)
        } else if x <= 0.0 {
            (0.0, 0.0)
        } else {
            (f64::NAN, f64::NAN)
        };
    }
    let (i, f) = cell(t);
    let cubic = &CDF_CELLS[i];
    (cubic.at(f), cubic.slope_at(f) * CDF_PER_UNIT)
}

/// The standard normal quantile. Beyond the smallest non-zero uniform, 2^-32, and as far from 1, it
/// is the quantile there, so that a draw of exactly 0 cannot give infinity.
#[inline]
pub fn normal_quantile(u: f64) -> f64 {
    let t = u * QUANTILE_PER_UNIT;
    if t >= QUANTILE_FIRST as f64 && t < QUANTILE_LAST as f64 {
        let (i, f) = cell(t);
        QUANTILE_CELLS[i - QUANTILE_FIRST].at(f)
    } else if u < 0.5 {
        lower_tail(u)
    } else {
        // Exact: 1 - u for u in [1/2, 1] needs no rounding.
        -lower_tail(1.0 - u)
    }
}

/// The tails' table covers u in [2^-32, 2^-5) octave by octave, [2^e, 2^(e+1)) for e = -32..=-6, each
/// cut into 2^TAIL_CELL_BITS cells of equal width: a cell is found from the exponent and the
/// mantissa's first bits, the place in it from the mantissa's other bits.
const TAIL_FIRST_EXPONENT: i64 = -32;
const TAIL_OCTAVES: usize = 27;
const TAIL_CELL_BITS: u32 = 5;
const TAIL_CELLS_PER_OCTAVE: usize = 1 << TAIL_CELL_BITS;
/// Bits of the mantissa below the cell's: the place within the cell.
const TAIL_PLACE_BITS: u32 = 52 - TAIL_CELL_BITS;
/// The smallest non-zero uniform, and the largest double below 2^-5.
const TAIL_SMALLEST: f64 = 1.0 / 4_294_967_296.0;
const TAIL_LARGEST: f64 = f64::from_bits((1.0f64 / 32.0).to_bits() - 1);

static TAIL_CELLS: [Cubic; TAIL_OCTAVES * TAIL_CELLS_PER_OCTAVE] = tail_cells();

// The tails' table ends where the central one begins.
const _: () = assert!(TAIL_OCTAVES as i64 + TAIL_FIRST_EXPONENT == -5 && QUANTILE_FIRST == 16);

/// The quantile for u < 1/32 from the tails' table: a read and three multiply-adds, where Acklam's
/// approximation cost a logarithm, a square root and a division.
#[cold]
fn lower_tail(u: f64) -> f64 {
    if u.is_nan() {
        return u;
    }
    let bits = u.clamp(TAIL_SMALLEST, TAIL_LARGEST).to_bits();
    // The exponent and the mantissa's first bits, counted from the table's first octave.
    let first = ((1023 + TAIL_FIRST_EXPONENT) as u64) << TAIL_CELL_BITS;
    let i = ((bits >> TAIL_PLACE_BITS) - first) as usize;
    // Below 2^47, so the conversion is exact.
    let place = (bits & ((1 << TAIL_PLACE_BITS) - 1)) as i64 as f64;
    TAIL_CELLS[i].at(place * (1.0 / (1u64 << TAIL_PLACE_BITS) as f64))
}

/// Acklam's central approximation (relative error below 1.2e-9), for 0.02425 <= u <= 0.97575.
const fn acklam_central(u: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    let q = u - 0.5;
    let r = q * q;
    (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
}

// ---- the knots, computed in constants ----

const fn density(x: f64) -> f64 {
    DENSITY_SCALE * crate::math::exp_within_range(-0.5 * x * x)
}

/// The integral of the density from `a` to `b` by five-point Gauss–Legendre (exact to degree nine; on a
/// cell of 1/32 the error is far below rounding).
const fn density_integral(a: f64, b: f64) -> f64 {
    const NODES: [f64; 5] = [
        0.0,
        0.538_469_310_105_683_1,
        -0.538_469_310_105_683_1,
        0.906_179_845_938_664,
        -0.906_179_845_938_664,
    ];
    const WEIGHTS: [f64; 5] = [
        0.568_888_888_888_888_9,
        0.478_628_670_499_366_5,
        0.478_628_670_499_366_5,
        0.236_926_885_056_189_1,
        0.236_926_885_056_189_1,
    ];
    let (mid, half) = (0.5 * (a + b), 0.5 * (b - a));
    let mut sum = 0.0;
    let mut k = 0;
    while k < 5 {
        sum += WEIGHTS[k] * density(mid + half * NODES[k]);
        k += 1;
    }
    sum * half
}

/// The CDF at the knot x = -CDF_SPAN + i * CDF_STEP.
const fn cdf_knot(x: f64, cdf: f64) -> CdfKnot {
    CdfKnot {
        cdf,
        cdf_slope: CDF_STEP * density(x),
    }
}

const fn cdf_knots() -> [CdfKnot; CDF_POINTS] {
    let mut knots = [CdfKnot {
        cdf: 0.0,
        cdf_slope: 0.0,
    }; CDF_POINTS];
    // The lower tail at -8 from its asymptotic series (the next term is below 1e-21), then upwards to
    // the middle cell by cell; the upper half mirrors the lower, so that the CDF is exactly symmetric.
    let s = CDF_SPAN;
    let s2 = s * s;
    let mut cdf = density(s) / s
        * (1.0 - 1.0 / s2 + 3.0 / (s2 * s2) - 15.0 / (s2 * s2 * s2) + 105.0 / (s2 * s2 * s2 * s2));
    let middle = CDF_POINTS / 2;
    let mut i = 0;
    while i <= middle {
        let x = -CDF_SPAN + i as f64 * CDF_STEP;
        if i > 0 {
            cdf += density_integral(x - CDF_STEP, x);
        }
        knots[i] = cdf_knot(x, if i == middle { 0.5 } else { cdf });
        i += 1;
    }
    while i < CDF_POINTS {
        let x = -CDF_SPAN + i as f64 * CDF_STEP;
        knots[i] = cdf_knot(x, 1.0 - knots[CDF_POINTS - 1 - i].cdf);
        i += 1;
    }
    knots
}

/// The CDF at `x` to rounding: the nearest knot's value plus the integral from it.
const fn cdf_exact(x: f64) -> f64 {
    let t = (x + CDF_SPAN) * CDF_PER_UNIT + 0.5;
    let i = if t < 0.0 {
        0
    } else if t as usize >= CDF_POINTS {
        CDF_POINTS - 1
    } else {
        t as usize
    };
    let knot_x = -CDF_SPAN + i as f64 * CDF_STEP;
    CDF_KNOTS[i].cdf + density_integral(knot_x, x)
}

// Read only while the cells and the quantile's knots are built, at compile time; nothing at run time
// copies it.
#[allow(clippy::large_const_arrays)]
const CDF_KNOTS: [CdfKnot; CDF_POINTS] = cdf_knots();

const fn quantile_knots() -> [QuantileKnot; QUANTILE_LAST - QUANTILE_FIRST + 1] {
    let mut knots = [QuantileKnot {
        quantile: 0.0,
        slope: 0.0,
    }; QUANTILE_LAST - QUANTILE_FIRST + 1];
    let mut i = QUANTILE_FIRST;
    while i <= QUANTILE_LAST {
        let u = i as f64 * QUANTILE_STEP;
        // One Halley step from Acklam's approximation (relative error 1.2e-9) leaves rounding only.
        let q0 = acklam_central(u);
        let delta = (cdf_exact(q0) - u) / density(q0);
        let q = q0 - delta / (1.0 + 0.5 * q0 * delta);
        knots[i - QUANTILE_FIRST] = QuantileKnot {
            quantile: q,
            slope: QUANTILE_STEP / density(q),
        };
        i += 1;
    }
    knots
}

const fn cdf_cells() -> [Cubic; CDF_POINTS - 1] {
    let knots = CDF_KNOTS;
    let mut cells = [Cubic::ZERO; CDF_POINTS - 1];
    let mut i = 0;
    while i < CDF_POINTS - 1 {
        let (a, b) = (knots[i], knots[i + 1]);
        cells[i] = Cubic::hermite(a.cdf, a.cdf_slope, b.cdf, b.cdf_slope);
        i += 1;
    }
    cells
}

const fn quantile_cells() -> [Cubic; QUANTILE_LAST - QUANTILE_FIRST] {
    let knots = quantile_knots();
    let mut cells = [Cubic::ZERO; QUANTILE_LAST - QUANTILE_FIRST];
    let mut i = 0;
    while i < QUANTILE_LAST - QUANTILE_FIRST {
        let (a, b) = (knots[i], knots[i + 1]);
        cells[i] = Cubic::hermite(a.quantile, a.slope, b.quantile, b.slope);
        i += 1;
    }
    cells
}

/// The quantile at `u` to rounding, by Halley's method against the CDF from a nearby `guess`, and its
/// slope times `step`.
const fn quantile_knot(u: f64, guess: f64, step: f64) -> QuantileKnot {
    let mut q = guess;
    let mut k = 0;
    // Each step triples the correct digits; six are more than enough from the knot next door.
    while k < 6 {
        let delta = (cdf_exact(q) - u) / density(q);
        q -= delta / (1.0 + 0.5 * q * delta);
        if delta.abs() < 1e-17 {
            break;
        }
        k += 1;
    }
    QuantileKnot {
        quantile: q,
        slope: step / density(q),
    }
}

/// 2^e, for e in the normal range.
const fn two_to(e: i64) -> f64 {
    f64::from_bits(((1023 + e) as u64) << 52)
}

const fn tail_cells() -> [Cubic; TAIL_OCTAVES * TAIL_CELLS_PER_OCTAVE] {
    let mut cells = [Cubic::ZERO; TAIL_OCTAVES * TAIL_CELLS_PER_OCTAVE];
    // From the top down, each knot starting from the quantile of the one above.
    let end = two_to(TAIL_FIRST_EXPONENT + TAIL_OCTAVES as i64);
    let mut top = quantile_knot(end, acklam_central(end), 1.0).quantile;
    let mut octave = TAIL_OCTAVES;
    while octave > 0 {
        octave -= 1;
        let start = two_to(TAIL_FIRST_EXPONENT + octave as i64);
        let step = start / TAIL_CELLS_PER_OCTAVE as f64;
        let mut upper = QuantileKnot {
            quantile: top,
            slope: step / density(top),
        };
        let mut i = TAIL_CELLS_PER_OCTAVE;
        while i > 0 {
            i -= 1;
            let lower = quantile_knot(start + i as f64 * step, upper.quantile, step);
            cells[octave * TAIL_CELLS_PER_OCTAVE + i] =
                Cubic::hermite(lower.quantile, lower.slope, upper.quantile, upper.slope);
            upper = lower;
        }
        top = upper.quantile;
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_knots_match_known_values() {
        // The middle knot, and knots against published values.
        assert_eq!(CDF_KNOTS[CDF_POINTS / 2].cdf, 0.5);
        for (x, p) in [
            (-2.0, 0.022_750_131_948_179_21),
            (1.0, 0.841_344_746_068_542_9),
            (-5.0, 2.866_515_718_791_939e-7),
        ] {
            let i = ((x + CDF_SPAN) * CDF_PER_UNIT) as usize;
            let got = CDF_KNOTS[i].cdf;
            assert!((got - p).abs() < 1e-15, "Phi({x}) knot {got} not {p}");
        }
    }

    #[test]
    fn cdf_and_density_between_knots() {
        // Against the knot-plus-integral CDF (exact to rounding) and the density formula, on points
        // that fall everywhere in the cells.
        let (mut worst_cdf, mut worst_density): (f64, f64) = (0.0, 0.0);
        for i in -90_000..=90_000 {
            let x = f64::from(i) * 0.000_099_999_9;
            let (cdf, d) = normal_cdf_and_density(x);
            worst_cdf = worst_cdf.max((cdf - cdf_exact(x)).abs());
            worst_density = worst_density.max((d - density(x)).abs());
        }
        assert!(worst_cdf < 2e-9, "CDF off by {worst_cdf:e}");
        assert!(worst_density < 2e-7, "density off by {worst_density:e}");
        assert_eq!(normal_cdf_and_density(9.0), (1.0, 0.0));
        assert_eq!(normal_cdf_and_density(-9.0), (0.0, 0.0));
        assert_eq!(normal_cdf(f64::INFINITY), 1.0);
        assert!(normal_cdf(f64::NAN).is_nan());
        assert!((normal_cdf(-8.0 + 1e-12) - 6.22e-16).abs() < 1e-17);
    }

    #[test]
    fn quantile_inverts_the_cdf() {
        let mut worst: f64 = 0.0;
        for i in 1..200_000 {
            let u = f64::from(i) / 200_000.0 + 1.3e-7;
            let q = normal_quantile(u);
            // The error in q is the error in u over the density.
            worst = worst.max(((cdf_exact(q) - u) / density(q)).abs());
        }
        assert!(worst < 1e-7, "quantile off by {worst:e}");
        // From the table, and from Acklam's approximation just beyond it.
        assert!((normal_quantile(0.9) - 1.281_551_565_544_600_5).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-15);
        assert!(normal_quantile(0.0).is_finite() && normal_quantile(1.0).is_finite());
    }

    #[test]
    fn quantile_in_the_tails() {
        // On points spread over every octave of the tails' table, on both sides.
        let mut worst: f64 = 0.0;
        for i in 0..270_000 {
            let octave = two_to(TAIL_FIRST_EXPONENT + i64::from(i / 10_000));
            let u = octave * (1.0 + f64::from(i % 10_000) * 0.000_099_99);
            let v = 1.0 - u;
            for (p, q) in [(u, normal_quantile(u)), (1.0 - v, -normal_quantile(v))] {
                worst = worst.max(((cdf_exact(q) - p) / density(q)).abs());
            }
        }
        assert!(worst < 1e-7, "quantile off by {worst:e}");
        // Published values: the 1e-3, 1 - 1e-6 and 1e-9 quantiles (the worst above is 4.4e-9).
        assert!((normal_quantile(1e-3) + 3.090_232_306_167_813_5).abs() < 5e-9);
        assert!((normal_quantile(1.0 - 1e-6) - 4.753_424_308_822_899).abs() < 5e-9);
        assert!((normal_quantile(1e-9) + 5.997_807_015_007_686).abs() < 5e-9);
        // The extremes of the uniforms, and beyond.
        let extreme = normal_quantile(TAIL_SMALLEST);
        assert!((extreme + 6.230_260_137_989_042).abs() < 1e-7, "{extreme}");
        assert_eq!(normal_quantile(0.0), extreme);
        assert_eq!(normal_quantile(1.0), -extreme);
        assert!(normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn cells_hold_their_argument() {
        for t in [
            0.0,
            0.25,
            0.5,
            1.0,
            1.5,
            2.0,
            2.5,
            3.75,
            511.999_999,
            495.999_999_999,
        ] {
            let (i, f) = cell(t);
            assert!((0.0..=1.0).contains(&f), "{t}: place {f}");
            assert_eq!(i as f64 + f, t, "{t}: cell {i}, place {f}");
        }
    }

    #[test]
    fn quantile_is_continuous_at_the_table_edges() {
        for edge in [QUANTILE_FIRST, QUANTILE_LAST] {
            let u = edge as f64 * QUANTILE_STEP;
            let jump = normal_quantile(u) - normal_quantile(u - 1e-13);
            assert!(jump.abs() < 1e-8, "jump {jump:e} at {u}");
        }
    }
}
