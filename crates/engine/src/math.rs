//! Small numeric helpers shared by the processes. Pure functions, no state.

/// 2^(j/32) for j = 0..32, each the double nearest the exact value.
const EXP2_32THS: [f64; 32] = [
    1.0,
    1.021_897_148_654_116_6,
    1.044_273_782_427_413_8,
    1.067_140_400_676_823_7,
    1.090_507_732_665_257_7,
    1.114_386_742_595_892_4,
    1.138_788_634_756_691_6,
    1.163_724_858_777_577_5,
    1.189_207_115_002_721,
    1.215_247_359_980_469,
    1.241_857_812_073_484,
    1.269_050_957_191_733_2,
    1.296_839_554_651_009_6,
    1.325_236_643_159_741_3,
    1.354_255_546_936_892_7,
    1.383_909_881_963_832,
    std::f64::consts::SQRT_2,
    1.445_180_806_977_046_7,
    1.476_826_145_939_499_3,
    1.509_164_427_593_422_8,
    1.542_210_825_407_940_7,
    1.575_980_845_107_886_5,
    1.610_490_331_949_254_3,
    1.645_755_478_153_965,
    1.681_792_830_507_429,
    1.718_619_298_122_478,
    1.756_252_160_373_299_5,
    1.794_709_075_003_107_2,
    1.834_008_086_409_342_4,
    1.874_167_634_110_3,
    1.915_206_561_397_147_4,
    1.957_144_124_175_400_2,
];

/// e^x with the same arithmetic on every platform (the C library's `exp` may differ in its last bit from
/// one system to another) and at about half its cost, which matters because the hazards and the crowd's
/// cascade call it several times a simulated day. x = (32k + j) ln2/32 + r with |r| <= ln2/64, so
/// e^x = 2^k 2^(j/32) e^r, and e^r is summed to its sixth power (truncation error below 4e-18).
/// Within two units in the last place of the exact value; beyond |x| = 708, where the result leaves the
/// normal range, the platform's `exp` answers.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() || x.abs() > 708.0 {
        return x.exp();
    }
    // ln2/32 split so that n * LN2_32_HI is exact for every |n| < 2^15 used here (Cody and Waite).
    const LN2_32_HI: f64 = 0.021_660_849_392_446_835;
    const LN2_32_LO: f64 = 5.145_609_244_655_338e-14;
    const INV_LN2_32: f64 = 46.166_241_308_446_83;
    // Adding and removing 1.5 * 2^52 rounds to the nearest integer without a library call.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let n = x * INV_LN2_32 + ROUND - ROUND;
    let r = (x - n * LN2_32_HI) - n * LN2_32_LO;
    let n = n as i64;
    let (k, j) = (n >> 5, (n & 31) as usize);
    let er = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    let scale = f64::from_bits(((k + 1023) as u64) << 52);
    EXP2_32THS[j] * er * scale
}

/// The logistic function, mapping a linear predictor to a probability in (0, 1).
#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

/// Whether a uniform `u` falls below `logistic(x)`: the same answer as `u < logistic(x)`, found without
/// the exponential whenever `u` lies clearly on one side. It uses 1 + y + y^2/2 + y^3/6 + y^4/24 <= e^y
/// for y >= 0, which bounds the logistic from above for x <= 0 and from below for x > 0; only a `u`
/// within the gap between bound and value (or within 1e-12 of the bound) needs the exact value.
#[inline(always)]
pub fn below_logistic(u: f64, x: f64) -> bool {
    let y = x.abs();
    let t = 1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0 + y * (1.0 / 24.0))));
    if x <= 0.0 {
        // logistic(x) = 1 / (1 + e^y) <= 1 / (1 + t).
        if u * (1.0 + t) >= 1.0 + 1e-12 {
            return false;
        }
    } else if u * (1.0 + t) <= t * (1.0 - 1e-12) {
        // logistic(x) = 1 / (1 + e^-y) >= t / (t + 1).
        return true;
    }
    u < logistic(x)
}

/// The standard normal CDF (Abramowitz and Stegun 7.1.26 through erf; absolute error below 1.5e-7,
/// far under the model's other uncertainties).
#[inline]
pub fn normal_cdf(x: f64) -> f64 {
    normal_cdf_and_density(x).0
}

/// The standard normal CDF, as [`normal_cdf`], and the density at `x`, which comes with it at the cost
/// of a multiplication (the exponential is shared).
#[inline]
pub fn normal_cdf_and_density(x: f64) -> (f64, f64) {
    // 1 / sqrt(2 pi).
    const DENSITY_SCALE: f64 = 0.398_942_280_401_432_7;
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let gauss = exp(-z * z);
    let erf = 1.0 - poly * gauss;
    let erf = if z >= 0.0 { erf } else { -erf };
    (0.5 * (1.0 + erf), DENSITY_SCALE * gauss)
}

/// The standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9).
/// `u` is clamped into (0, 1) so that a draw of exactly 0 cannot give infinity.
#[inline(always)]
pub fn normal_quantile(u: f64) -> f64 {
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
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let u = u.clamp(1e-12, 1.0 - 1e-12);
    let low = 0.024_25;
    if u < low {
        let q = (-2.0 * u.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if u <= 1.0 - low {
        let q = u - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - u).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// A lognormal multiplier with median 1 and log-scale standard deviation `sd`, from a uniform draw.
#[inline]
pub fn lognormal_factor(u: f64, sd: f64) -> f64 {
    exp(sd * normal_quantile(u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_within_two_ulps_of_the_platform() {
        let mut worst: f64 = 0.0;
        for i in -70_800..=70_800 {
            // An irrational step, so the points fall everywhere in the reduction's intervals.
            let x = f64::from(i) * 0.010_000_000_000_000_7 + 1e-9;
            let (ours, reference) = (exp(x), x.exp());
            worst = worst.max(((ours - reference) / reference).abs());
        }
        assert!(worst < 4.5e-16, "largest relative difference {worst:e}");
        assert_eq!(exp(0.0), 1.0);
        assert!((exp(1.0) - std::f64::consts::E).abs() <= 2.0 * f64::EPSILON * std::f64::consts::E);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn below_logistic_agrees_with_the_exact_comparison() {
        for xi in -400..=400 {
            let x = f64::from(xi) * 0.05;
            let p = logistic(x);
            for ui in 0..=1000 {
                let u = f64::from(ui) / 1000.0;
                assert_eq!(below_logistic(u, x), u < p, "u {u}, x {x}");
            }
            // Right at the threshold, on either side.
            for u in [p, p * (1.0 - 1e-15), p * (1.0 + 1e-15)] {
                assert_eq!(below_logistic(u, x), u < p, "u {u}, x {x}");
            }
        }
    }

    #[test]
    fn logistic_known_values() {
        assert_eq!(logistic(0.0), 0.5);
        assert!((logistic(2.0) - 0.880_797_077_977_882_3).abs() < 1e-12);
        assert!((logistic(-2.0) + logistic(2.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn normal_cdf_against_tables() {
        // Values from standard normal tables.
        for (x, p) in [
            (0.0, 0.5),
            (1.0, 0.841_344_7),
            (1.96, 0.975_002_1),
            (-1.644_853_6, 0.05),
        ] {
            assert!(
                (normal_cdf(x) - p).abs() < 2e-7,
                "Phi({x}) = {} not {p}",
                normal_cdf(x)
            );
        }
    }

    #[test]
    fn density_against_tables() {
        for (x, d) in [(0.0, 0.398_942_3), (1.0, 0.241_970_7), (-1.96, 0.058_440_9)] {
            let (_, density) = normal_cdf_and_density(x);
            assert!((density - d).abs() < 1e-7, "phi({x}) = {density} not {d}");
        }
    }

    #[test]
    fn quantile_inverts_cdf() {
        for i in 1..100 {
            let u = i as f64 / 100.0;
            assert!((normal_cdf(normal_quantile(u)) - u).abs() < 1e-6);
        }
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!(normal_quantile(0.0).is_finite() && normal_quantile(1.0).is_finite());
    }
}
