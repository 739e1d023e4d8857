//! Small numeric helpers shared by the processes. Pure functions, no state.

/// 2^(j/128) for j = 0..128, each the double nearest the exact value.
#[rustfmt::skip]
const EXP2_128THS: [f64; 128] = [
    1.0,
    1.0054299011128027,
    1.0108892860517005,
    1.016378314910953,
    1.0218971486541166,
    1.0274459491187637,
    1.0330248790212284,
    1.0386341019613787,
    1.0442737824274138,
    1.0499440858006872,
    1.0556451783605572,
    1.061377227289262,
    1.0671404006768237,
    1.0729348675259756,
    1.0787607977571199,
    1.0846183622133092,
    1.0905077326652577,
    1.0964290818163769,
    1.102382583307841,
    1.1083684117236787,
    1.1143867425958924,
    1.1204377524096067,
    1.1265216186082418,
    1.1326385195987192,
    1.1387886347566916,
    1.1449721444318042,
    1.1511892299529827,
    1.1574400736337511,
    1.1637248587775775,
    1.1700437696832502,
    1.1763969916502812,
    1.182784710984341,
    1.189207115002721,
    1.1956643920398273,
    1.202156731452703,
    1.2086843236265816,
    1.215247359980469,
    1.2218460329727576,
    1.22848053610687,
    1.2351510639369334,
    1.241857812073484,
    1.2486009771892048,
    1.255380757024691,
    1.2621973503942507,
    1.2690509571917332,
    1.275941778396392,
    1.2828700160787783,
    1.2898358734066657,
    1.2968395546510096,
    1.3038812651919358,
    1.3109612115247644,
    1.318079601266064,
    1.3252366431597413,
    1.3324325470831615,
    1.339667524053303,
    1.3469417862329458,
    1.3542555469368927,
    1.3616090206382248,
    1.3690024229745905,
    1.3764359707545302,
    1.383909881963832,
    1.3914243757719262,
    1.3989796725383112,
    1.4065759938190154,
    std::f64::consts::SQRT_2,
    1.4218926021691656,
    1.42961333839197,
    1.4373759974489824,
    1.4451808069770467,
    1.4530279958490526,
    1.460917794180647,
    1.4688504333369818,
    1.4768261459394993,
    1.4848451658727524,
    1.4929077282912648,
    1.5010140696264256,
    1.5091644275934228,
    1.5173590411982147,
    1.5255981507445384,
    1.533881997840956,
    1.5422108254079407,
    1.550584877685,
    1.559004400237837,
    1.567469639965553,
    1.5759808451078865,
    1.5845382652524937,
    1.593142151342267,
    1.6017927556826934,
    1.6104903319492543,
    1.6192351351948637,
    1.6280274218573478,
    1.6368674497669644,
    1.645755478153965,
    1.6546917676561943,
    1.6636765803267364,
    1.6727101796415966,
    1.681792830507429,
    1.6909247992693053,
    1.7001063537185235,
    1.709337763100463,
    1.718619298122478,
    1.7279512309618377,
    1.7373338352737062,
    1.746767386199169,
    1.7562521603732995,
    1.7657884359332727,
    1.7753764925265212,
    1.785016611318935,
    1.7947090750031072,
    1.804454167806624,
    1.8142521755003989,
    1.8241033854070534,
    1.8340080864093424,
    1.843966568958626,
    1.8539791250833855,
    1.864046048397789,
    1.8741676341103,
    1.8843441790323345,
    1.8945759815869656,
    1.9048633418176741,
    1.9152065613971474,
    1.925605943636125,
    1.9360617934922943,
    1.9465744175792332,
    1.9571441241754002,
    1.9677712232331759,
    1.978456026387951,
    1.9891988469672663,
];

/// e^x with the same arithmetic on every platform (the C library's `exp` may differ in its last bit from
/// one system to another), as fast as the platform's and, inside the crowd's cascade where each round
/// waits for the last, shorter in latency. x = (128k + j) ln2/128 + r with |r| <= ln2/256, so
/// e^x = 2^k 2^(j/128) e^r; e^r is summed to its fifth power (truncation error below 1e-18), in two
/// halves that the processor can work on at once. Within two units in the last place of the exact value.
/// Beyond |x| = 708, where 2^k leaves the normal range (a hazard's predictor can get there only under
/// extreme parameters), it squares e^(x/2): within six units in the last place up to the overflow at
/// 709.78, then infinity; below -708 the result is subnormal and then zero.
#[inline]
pub fn exp(x: f64) -> f64 {
    // One comparison sends both NaN and |x| > 708 away.
    if x.abs() <= 708.0 {
        exp_within_range(x)
    } else {
        exp_beyond_range(x)
    }
}

/// [`exp`] for |x| > 708 or NaN, with the same arithmetic everywhere: IEEE squaring overflows to
/// infinity and rounds into the subnormals as every platform does.
#[cold]
fn exp_beyond_range(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    // Past 1416 the square is infinity or zero whatever the half.
    let half = exp_within_range(0.5 * x.clamp(-1416.0, 1416.0));
    half * half
}

/// [`exp`] for |x| <= 708, usable in constants (the normal tables are built with it).
#[inline]
pub(crate) const fn exp_within_range(x: f64) -> f64 {
    // ln2/128 split so that n * LN2_128_HI is exact for every |n| < 2^17 used here (Cody and Waite).
    const LN2_128_HI: f64 = 0.005_415_212_347_543_274_5;
    const LN2_128_LO: f64 = 5.812_982_117_197_185e-13;
    const INV_LN2_128: f64 = 184.664_965_233_787_3;
    // Adding 1.5 * 2^52 rounds to the nearest integer, which then sits in the low bits of the sum.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let t = x * INV_LN2_128 + ROUND;
    let n_float = t - ROUND;
    let n = (t.to_bits() as i64).wrapping_sub(ROUND.to_bits() as i64);
    let r = (x - n_float * LN2_128_HI) - n_float * LN2_128_LO;
    let r2 = r * r;
    let er = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    // 2^k times the table's entry, by adding k to its exponent.
    let (k, j) = (n >> 7, (n & 127) as usize);
    let scaled = f64::from_bits(EXP2_128THS[j].to_bits().wrapping_add((k << 52) as u64));
    scaled * er
}

/// The natural logarithm of a positive, finite `x`, with the same arithmetic on every platform: a first
/// guess from the exponent and the mantissa's first term, then two Halley steps with [`exp`] (each
/// triples the correct digits: 3e-3, 1e-8, below rounding).
pub fn ln(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mantissa = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    let mut y =
        exponent as f64 * std::f64::consts::LN_2 + 2.0 * (mantissa - 1.0) / (mantissa + 1.0);
    for _ in 0..2 {
        let e = exp(y);
        y += 2.0 * (x - e) / (x + e);
    }
    y
}

/// a^b for a >= 0, with the same arithmetic on every platform: e^(b ln a), so within a few units in the
/// last place times |b ln a| (the rounding of b ln a is what e^ magnifies). b = 0 gives exactly 1 and
/// a = 0 exactly 0 (for b > 0) or infinity (for b < 0), as IEEE `pow` does; a negative or NaN `a` gives
/// NaN.
#[inline]
pub fn pow(a: f64, b: f64) -> f64 {
    if b == 0.0 || a == 1.0 {
        return 1.0;
    }
    if a > 0.0 && a.is_finite() {
        exp(b * ln(a))
    } else if a == 0.0 && !b.is_nan() {
        if b > 0.0 { 0.0 } else { f64::INFINITY }
    } else if a == f64::INFINITY {
        if b > 0.0 { f64::INFINITY } else { 0.0 }
    } else {
        f64::NAN
    }
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

pub use crate::normal::{normal_cdf, normal_cdf_and_density, normal_quantile};

/// A lognormal multiplier with median 1 and log-scale standard deviation `sd`, from a uniform draw.
#[inline(always)]
pub fn lognormal_factor(u: f64, sd: f64) -> f64 {
    exp(sd * normal_quantile(u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)] // the platform's exp is the reference
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
    #[allow(clippy::disallowed_methods)] // the platform's exp is the reference
    fn exp_beyond_the_normal_range_against_the_platform() {
        let mut worst: f64 = 0.0;
        for i in 0..=20_000 {
            let x = 708.0 + f64::from(i) * 0.000_089_1;
            let (ours, reference) = (exp(x), x.exp());
            if reference.is_finite() {
                worst = worst.max(((ours - reference) / reference).abs());
            } else {
                assert_eq!(ours, f64::INFINITY, "e^{x}");
            }
            // Into the subnormals: within a few of their steps, and zero where the platform's is.
            let y = -708.0 - f64::from(i) * 0.001_93;
            let (ours, reference) = (exp(y), y.exp());
            let step = f64::from_bits(1);
            assert!(
                (ours - reference).abs() <= 6.0 * f64::EPSILON * reference + step,
                "e^{y} = {ours:e}, not {reference:e}"
            );
        }
        assert!(
            worst <= 6.0 * f64::EPSILON,
            "largest relative difference {worst:e}"
        );
        assert_eq!(exp(709.79), f64::INFINITY);
        assert_eq!(exp(-745.2), 0.0);
        assert_eq!(exp(1e300), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // the platform's pow is the reference
    fn pow_against_the_platform() {
        // Bases over the range of the fights' numbers and their ratios, exponents over the laws'.
        for i in 0..=2_000 {
            let a = 1e-4 * 1.009_3_f64.powi(i);
            for j in 0..=40 {
                let b = -1.0 + f64::from(j) * 0.051_3;
                let (ours, reference) = (pow(a, b), a.powf(b));
                let allowed = (4.0 + 2.0 * (b * a.ln()).abs()) * f64::EPSILON * reference;
                assert!(
                    (ours - reference).abs() <= allowed,
                    "{a}^{b} = {ours}, not {reference}"
                );
            }
        }
    }

    #[test]
    fn pow_edge_cases_are_exact() {
        for a in [0.0, 0.3, 1.0, 7.0, 1e6, f64::INFINITY] {
            assert_eq!(pow(a, 0.0), 1.0, "{a}^0");
        }
        for b in [0.5, 1.0, 2.5] {
            assert_eq!(pow(0.0, b), 0.0);
            assert_eq!(pow(0.0, -b), f64::INFINITY);
            assert_eq!(pow(1.0, b), 1.0);
            assert_eq!(pow(f64::INFINITY, b), f64::INFINITY);
            assert!(pow(-2.0, b).is_nan());
        }
        assert!((pow(9.0, 0.5) - 3.0).abs() <= 4.0 * f64::EPSILON);
        assert!(pow(f64::NAN, 0.5).is_nan() && pow(2.0, f64::NAN).is_nan());
        assert!(pow(0.0, f64::NAN).is_nan());
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // the platform's ln is the reference
    fn ln_against_the_platform() {
        for i in 1..20_000 {
            let x = f64::from(i) * 0.013_7 + 1e-3;
            let (ours, reference) = (ln(x), x.ln());
            assert!(
                (ours - reference).abs() <= 4.0 * f64::EPSILON * reference.abs().max(1.0),
                "ln({x}) = {ours}, not {reference}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert!((ln(4e8) - 4e8f64.ln()).abs() < 1e-14);
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
