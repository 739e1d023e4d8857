//! Small numeric helpers shared by the processes. Pure functions, no state.

/// The logistic function, mapping a linear predictor to a probability in (0, 1).
#[inline]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The standard normal CDF (Abramowitz and Stegun 7.1.26 through erf; absolute error below 1.5e-7,
/// far under the model's other uncertainties).
#[inline]
pub fn normal_cdf(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    let erf = if z >= 0.0 { erf } else { -erf };
    0.5 * (1.0 + erf)
}

/// The standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9).
/// `u` is clamped into (0, 1) so that a draw of exactly 0 cannot give infinity.
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
    (sd * normal_quantile(u)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn quantile_inverts_cdf() {
        for i in 1..100 {
            let u = i as f64 / 100.0;
            assert!((normal_cdf(normal_quantile(u)) - u).abs() < 1e-6);
        }
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!(normal_quantile(0.0).is_finite() && normal_quantile(1.0).is_finite());
    }
}
