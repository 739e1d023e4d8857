//! Sobol indices on functions whose indices are known in closed form: Ishigami's and Sobol's G.
//!
//! Tolerances. Jansen's estimators are means over the `N` base samples: `S_i = 1 - mean(D)/V` and
//! `S_Ti = mean(E)/V` with `D_j = (f(B_j) - f(AB_j))² / 2` and `E_j = (f(A_j) - f(AB_j))² / 2`. Under
//! independent sampling their standard error is `sd / (V √N)`, which each test computes from its own
//! outputs; an error beyond four of those would be a one-in-15,000 event for random points, and
//! quasi-random points only do better. Each test also checks that this tolerance is tight (below
//! 0.02), so a test cannot pass by being vague.

use std::f64::consts::PI;

use bianjing_sensitivity::{Bootstrap, Row, SaltelliDesign, SobolIndices};

/// Evaluates `f` at every point of `design`, the unit cube mapped by `to_domain`.
fn outputs(design: &SaltelliDesign, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    let mut x = vec![0.0; design.params()];
    (0..design.len())
        .map(|i| {
            design.point(i, &mut x);
            f(&x)
        })
        .collect()
}

/// The i.i.d. standard errors of `S_i` and `S_Ti` (see the module's comment).
fn standard_errors(design: &SaltelliDesign, y: &[f64], s: &SobolIndices, i: usize) -> (f64, f64) {
    let n = design.base();
    let at = |j, r| y[design.position(j, r)];
    let sd = |v: Vec<f64>| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
    };
    let d = (0..n)
        .map(|j| (at(j, Row::B) - at(j, Row::Mixed(i))).powi(2) / 2.0)
        .collect();
    let e = (0..n)
        .map(|j| (at(j, Row::A) - at(j, Row::Mixed(i))).powi(2) / 2.0)
        .collect();
    let scale = s.variance * (n as f64).sqrt();
    (sd(d) / scale, sd(e) / scale)
}

fn check(design: &SaltelliDesign, y: &[f64], first: &[f64], total: &[f64]) -> SobolIndices {
    let s = design.analyse(y, &Bootstrap::default()).unwrap();
    for i in 0..design.params() {
        let (se1, set) = standard_errors(design, y, &s, i);
        assert!(
            se1 < 0.02 && set < 0.02,
            "x{}: tolerance too loose: {se1}, {set}",
            i + 1
        );
        let (e1, et) = (s.first[i].value, s.total[i].value);
        assert!(
            (e1 - first[i]).abs() < 4.0 * se1,
            "S_{}: {e1} against {} (se {se1})",
            i + 1,
            first[i]
        );
        assert!(
            (et - total[i]).abs() < 4.0 * set,
            "S_T{}: {et} against {} (se {set})",
            i + 1,
            total[i]
        );
    }
    s
}

/// Ishigami's function on [-π, π]³, a = 7, b = 0.1.
fn ishigami(u: &[f64]) -> f64 {
    let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// Its indices in closed form (Ishigami and Homma 1990; Saltelli et al. 2008, p. 179).
fn ishigami_indices(a: f64, b: f64) -> ([f64; 3], [f64; 3]) {
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

#[test]
fn ishigami_closed_form_is_the_published_one() {
    let (s1, st) = ishigami_indices(7.0, 0.1);
    let published = ([0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]);
    for i in 0..3 {
        assert!((s1[i] - published.0[i]).abs() < 5e-5, "S_{}", i + 1);
        assert!((st[i] - published.1[i]).abs() < 5e-5, "S_T{}", i + 1);
    }
}

#[test]
fn ishigami_indices_are_recovered() {
    // Jansen's first-order estimator is noisy for x3 (its S_3 = 0 hides a large interaction): 2^15 samples
    // bring its standard error to about 0.01.
    let design = SaltelliDesign::new(3, 32768).unwrap();
    let y = outputs(&design, ishigami);
    let (s1, st) = ishigami_indices(7.0, 0.1);
    let s = check(&design, &y, &s1, &st);
    // The ranking that matters to a reader: x1 and x2 lead the total, x3 acts only with x1.
    assert!(s.first[2].value.abs() < 0.02);
    assert!(s.total[2].value > 0.2);
}

/// Sobol's G function with these coefficients: small a, important input.
const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

fn g_function(x: &[f64]) -> f64 {
    x.iter()
        .zip(G_A)
        .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

/// `V_i = 1 / (3 (1 + a_i)²)`, `V = Π (1 + V_i) - 1`; `S_Ti = V_i Π_{j≠i} (1 + V_j) / V`.
fn g_indices() -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = G_A
        .iter()
        .map(|a| 1.0 / (3.0 * (1.0 + a).powi(2)))
        .collect();
    let v = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
    let first = vi.iter().map(|x| x / v).collect();
    let total = (0..vi.len())
        .map(|i| {
            let others: f64 = (0..vi.len())
                .filter(|&j| j != i)
                .map(|j| 1.0 + vi[j])
                .product();
            vi[i] * others / v
        })
        .collect();
    (first, total)
}

#[test]
fn g_function_indices_are_recovered() {
    let design = SaltelliDesign::new(8, 8192).unwrap();
    let y = outputs(&design, g_function);
    let (s1, st) = g_indices();
    let s = check(&design, &y, &s1, &st);
    // Ranked by total index as the command ranks them: x1, x2, x3, x4, then the rest.
    let mut order: Vec<usize> = (0..8).collect();
    order.sort_by(|&a, &b| s.total[b].value.total_cmp(&s.total[a].value));
    assert_eq!(&order[..4], &[0, 1, 2, 3]);
}

#[test]
fn bootstrap_intervals_cover_the_true_indices() {
    // A small design, where the intervals are wide enough to matter.
    let design = SaltelliDesign::new(8, 256).unwrap();
    let y = outputs(&design, g_function);
    let (s1, st) = g_indices();
    let s = design.analyse(&y, &Bootstrap::default()).unwrap();
    for i in 0..8 {
        let (f, t) = (s.first[i], s.total[i]);
        assert!(
            f.lo <= s1[i] && s1[i] <= f.hi,
            "S_{}: {s1:?} outside {f:?}",
            i + 1
        );
        assert!(
            t.lo <= st[i] && st[i] <= t.hi,
            "S_T{}: {st:?} outside {t:?}",
            i + 1
        );
        assert!(
            f.hi - f.lo < 0.5 && t.hi - t.lo < 0.5,
            "x{}: vacuous",
            i + 1
        );
    }
    // Larger designs give narrower intervals.
    let big = SaltelliDesign::new(8, 4096).unwrap();
    let b = big
        .analyse(&outputs(&big, g_function), &Bootstrap::default())
        .unwrap();
    assert!(b.total[0].hi - b.total[0].lo < (s.total[0].hi - s.total[0].lo) / 2.0);
}

#[test]
fn the_same_seed_gives_the_same_intervals() {
    let design = SaltelliDesign::new(3, 512).unwrap();
    let y = outputs(&design, ishigami);
    let boot = Bootstrap::default();
    assert_eq!(design.analyse(&y, &boot), design.analyse(&y, &boot));
    let other = Bootstrap { seed: 7, ..boot };
    assert_ne!(design.analyse(&y, &boot), design.analyse(&y, &other));
}

#[test]
fn outputs_that_do_not_match_the_design_are_refused() {
    let design = SaltelliDesign::new(3, 8).unwrap();
    let boot = Bootstrap::default();
    let short = vec![0.0; design.len() - 1];
    assert!(design.analyse(&short, &boot).is_err());
    let mut nan = vec![0.0; design.len()];
    nan[3] = f64::NAN;
    let e = design.analyse(&nan, &boot).unwrap_err();
    assert_eq!(e.to_string(), "output 3 is NaN");
}

#[test]
fn a_constant_output_has_no_variance_to_apportion() {
    let design = SaltelliDesign::new(2, 16).unwrap();
    let s = design
        .analyse(&vec![0.25; design.len()], &Bootstrap::default())
        .unwrap();
    assert_eq!(s.variance, 0.0);
    assert!(s.first.iter().chain(&s.total).all(|e| e.value == 0.0));
}
