//! Morris screening on Sobol's G function, whose elementary effects on a 4-level grid are known.

use bianjing_sensitivity::{Bootstrap, MorrisDesign};

const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

fn g_function(x: &[f64]) -> f64 {
    x.iter()
        .zip(G_A)
        .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

fn outputs(design: &MorrisDesign, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    (0..design.len()).map(|i| f(design.point(i))).collect()
}

/// On the grid {0, 1/3, 2/3, 1} with Δ = 2/3, every step changes |4x - 2| by 4/3, so
/// |EE_i| = 2 / (1 + a_i) · Π_{j≠i} g_j(x_j), and each other x_j is uniform on the grid and
/// independent of the rest, with E g_j = (4/3 + a_j) / (1 + a_j).
fn expected_mu_star() -> Vec<f64> {
    let mean_g: Vec<f64> = G_A.iter().map(|a| (4.0 / 3.0 + a) / (1.0 + a)).collect();
    (0..8)
        .map(|i| {
            let others: f64 = (0..8).filter(|&j| j != i).map(|j| mean_g[j]).product();
            2.0 / (1.0 + G_A[i]) * others
        })
        .collect()
}

#[test]
fn morris_ranks_the_g_function_inputs_by_importance() {
    let design = MorrisDesign::new(8, 100, 4, 2024).unwrap();
    let m = design
        .analyse(&outputs(&design, g_function), &Bootstrap::default())
        .unwrap();
    let mu_star: Vec<f64> = m.mu_star.iter().map(|e| e.value).collect();
    for i in 0..3 {
        assert!(
            mu_star[i] > mu_star[i + 1],
            "μ* not decreasing at x{}: {mu_star:?}",
            i + 1
        );
    }
    let unimportant = mu_star[4..].iter().cloned().fold(0.0, f64::max);
    assert!(
        unimportant < mu_star[3] && unimportant < 0.05 * mu_star[0],
        "{mu_star:?}"
    );
}

#[test]
fn mu_star_matches_its_expectation_and_its_interval_covers_it() {
    let design = MorrisDesign::new(8, 200, 4, 7).unwrap();
    let m = design
        .analyse(&outputs(&design, g_function), &Bootstrap::default())
        .unwrap();
    for (i, want) in expected_mu_star().into_iter().enumerate() {
        let e = m.mu_star[i];
        assert!(
            e.lo <= want && want <= e.hi,
            "x{}: {want} outside {e:?}",
            i + 1
        );
        // The interval is a few standard errors of a mean over 200 trajectories: a relative width
        // beyond 40% would make the check above vacuous.
        assert!(e.hi - e.lo < 0.4 * want, "x{}: {e:?}", i + 1);
    }
}

#[test]
fn trajectories_move_one_parameter_at_a_time_on_the_grid() {
    let design = MorrisDesign::new(5, 10, 6, 1).unwrap();
    let k = design.params();
    let delta = design.delta();
    assert!((delta - 0.6).abs() < 1e-12);
    for t in 0..design.trajectories() {
        let mut moved = vec![false; k];
        for m in 0..k {
            let (a, b) = (
                design.point(t * (k + 1) + m),
                design.point(t * (k + 1) + m + 1),
            );
            let changed: Vec<usize> = (0..k).filter(|&i| a[i] != b[i]).collect();
            assert_eq!(changed.len(), 1, "trajectory {t} step {m}");
            let i = changed[0];
            assert!(!moved[i], "x{i} moved twice in trajectory {t}");
            moved[i] = true;
            assert!(((a[i] - b[i]).abs() - delta).abs() < 1e-12);
        }
        for m in 0..=k {
            for &x in design.point(t * (k + 1) + m) {
                let level = x * 5.0;
                assert!((level - level.round()).abs() < 1e-9 && (0.0..=1.0).contains(&x));
            }
        }
    }
}

#[test]
fn bad_sizes_are_refused() {
    assert!(MorrisDesign::new(0, 10, 4, 1).is_err());
    assert!(MorrisDesign::new(3, 1, 4, 1).is_err());
    assert_eq!(
        MorrisDesign::new(3, 10, 5, 1).unwrap_err().to_string(),
        "5 levels: a Morris grid needs an even number, at least 2"
    );
}
