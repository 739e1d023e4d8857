//! The Wilson score interval against published values.
//!
//! Values for 81/263, 15/148, 0/20 and 1/29 are Newcombe (1998), "Two-sided confidence intervals for
//! the single proportion: comparison of seven methods", Statistics in Medicine 17:857-872, Table II,
//! method 3 (score interval without continuity correction), given to 4 decimals. The others are hand
//! computed from the closed forms: for 0 of n the upper limit is z^2/(n + z^2), for n of n the lower
//! limit is n/(n + z^2), and 5 of 10 is symmetric about 0.5 with half-width
//! z*sqrt(0.025 + z^2/400)/(1 + z^2/10).

use bianjing_analysis::{Z95, wilson};

fn close(got: (f64, f64), want: (f64, f64), tol: f64) {
    assert!(
        (got.0 - want.0).abs() <= tol && (got.1 - want.1).abs() <= tol,
        "got {got:?}, want {want:?}"
    );
}

#[test]
fn wilson_matches_newcombe_1998() {
    close(wilson(81, 263, 1.96), (0.2553, 0.3662), 5e-5);
    close(wilson(15, 148, 1.96), (0.0624, 0.1605), 5e-5);
    close(wilson(0, 20, 1.96), (0.0, 0.1611), 5e-5);
    close(wilson(1, 29, 1.96), (0.0061, 0.1718), 5e-5);
}

#[test]
fn wilson_matches_hand_computed_values() {
    let z2: f64 = 1.96 * 1.96;
    close(wilson(0, 10, 1.96), (0.0, z2 / (10.0 + z2)), 1e-12);
    close(wilson(0, 10, 1.96), (0.0, 0.277_540), 1e-6);
    close(wilson(10, 10, 1.96), (10.0 / (10.0 + z2), 1.0), 1e-12);
    close(wilson(10, 10, 1.96), (0.722_460, 1.0), 1e-6);
    let half = 1.96 * (0.025 + z2 / 400.0).sqrt() / (1.0 + z2 / 10.0);
    close(wilson(5, 10, 1.96), (0.5 - half, 0.5 + half), 1e-12);
    close(wilson(5, 10, 1.96), (0.236_590, 0.763_410), 1e-6);
}

#[test]
fn wilson_edges() {
    assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
    let (lo, hi) = wilson(0, 1_000_000, Z95);
    assert_eq!(lo, 0.0);
    assert!(hi > 0.0 && hi < 1e-5);
    let (lo, hi) = wilson(500, 1000, Z95);
    assert!(lo < 0.5 && hi > 0.5 && (0.5 - lo - (hi - 0.5)).abs() < 1e-12);
}
