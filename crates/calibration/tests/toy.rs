//! ABC on toy models whose posterior is known in closed form.

use std::sync::atomic::AtomicBool;

use bianjing_calibration::streams::{normal, uniform};
use bianjing_calibration::{Bounds, Fit, Method, Model, Settings, calibrate};
use rand_chacha::ChaCha8Rng;

/// k successes in n Bernoulli(p) trials; uniform prior on p. Posterior Beta(k+1, n-k+1).
struct Binomial {
    n: u32,
    k: u32,
    bounds: [Bounds; 1],
}

impl Model for Binomial {
    fn bounds(&self) -> &[Bounds] {
        &self.bounds
    }
    fn simulate(&self, theta: &[f64], rng: &mut ChaCha8Rng) -> Vec<f64> {
        let k = (0..self.n).filter(|_| uniform(rng) < theta[0]).count();
        vec![k as f64]
    }
    fn distance(&self, s: &[f64]) -> f64 {
        (s[0] - f64::from(self.k)).abs()
    }
}

/// The mean of 25 draws from N(mu, 1) (a sufficient statistic); uniform prior on [-10, 10], wide
/// enough that the posterior is N(xbar, 1/25) to many digits.
struct NormalMean {
    xbar: f64,
    bounds: [Bounds; 1],
}

impl Model for NormalMean {
    fn bounds(&self) -> &[Bounds] {
        &self.bounds
    }
    fn simulate(&self, theta: &[f64], rng: &mut ChaCha8Rng) -> Vec<f64> {
        vec![theta[0] + normal(rng) / 5.0]
    }
    fn distance(&self, s: &[f64]) -> f64 {
        (s[0] - self.xbar).abs()
    }
}

fn moments(fit: &Fit) -> (f64, f64) {
    let total: f64 = fit.particles.iter().map(|p| p.weight).sum();
    let mean = fit
        .particles
        .iter()
        .map(|p| p.weight * p.theta[0])
        .sum::<f64>()
        / total;
    let var = fit
        .particles
        .iter()
        .map(|p| p.weight * (p.theta[0] - mean).powi(2))
        .sum::<f64>()
        / total;
    (mean, var.sqrt())
}

fn settings(method: Method, particles: usize, simulations: u64, threads: usize) -> Settings {
    Settings {
        method,
        seed: 1126,
        particles,
        simulations,
        generations: 10,
        quantile: 0.5,
        max_attempts: 100_000,
        threads,
    }
}

fn binomial() -> Binomial {
    Binomial {
        n: 20,
        k: 6,
        bounds: [Bounds { min: 0.0, max: 1.0 }],
    }
}

fn normal_mean() -> NormalMean {
    NormalMean {
        xbar: 1.3,
        bounds: [Bounds {
            min: -10.0,
            max: 10.0,
        }],
    }
}

#[test]
fn rejection_recovers_the_beta_posterior() {
    // Under the uniform prior each k is equally likely (1/21), so 42,000 proposals give about 2,000
    // exact matches; keeping 1,000 keeps only exact matches (tolerance 0), and ties are broken by
    // index, which is independent of p: an exact sample of Beta(7, 15).
    let fit = calibrate(
        &binomial(),
        &settings(Method::Rejection, 1000, 42_000, 2),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(fit.tolerance, 0.0);
    assert_eq!(fit.particles.len(), 1000);
    let (mean, sd) = moments(&fit);
    let (a, b) = (7.0_f64, 15.0_f64);
    let true_mean = a / (a + b);
    let true_sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
    // Standard errors with 1,000 draws: 0.0031 for the mean, about 0.0022 for the sd; 5 of each.
    assert!(
        (mean - true_mean).abs() < 0.015,
        "mean {mean} vs {true_mean}"
    );
    assert!((sd - true_sd).abs() < 0.011, "sd {sd} vs {true_sd}");
}

#[test]
fn smc_recovers_the_normal_posterior() {
    let fit = calibrate(
        &normal_mean(),
        &settings(Method::Smc, 1000, 10_000_000, 2),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(fit.generations.len(), 11, "{}", fit.stopped);
    // Ten halvings of the median distance (about 5 under the prior) bring the tolerance to about
    // 0.005; a uniform ABC kernel of that width adds eps^2/3 to the variance, negligible here.
    assert!(fit.tolerance < 0.05, "tolerance {}", fit.tolerance);
    let tolerances: Vec<f64> = fit.generations.iter().map(|g| g.tolerance).collect();
    assert!(
        tolerances.windows(2).all(|w| w[1] <= w[0]),
        "{tolerances:?}"
    );
    let last = fit.generations.last().unwrap();
    assert!(last.ess > 300.0 && last.ess <= 1000.0, "ess {}", last.ess);
    let (mean, sd) = moments(&fit);
    // Posterior N(1.3, 0.2^2). With an ESS above 300 the standard errors are below 0.012 for the mean
    // and 0.008 for the sd; the margins are 2.5 and 3.7 of them.
    assert!((mean - 1.3).abs() < 0.03, "mean {mean}");
    assert!((sd - 0.2).abs() < 0.03, "sd {sd}");
}

#[test]
fn smc_narrows_the_binomial_posterior_like_the_beta() {
    let fit = calibrate(
        &binomial(),
        &settings(Method::Smc, 1000, 10_000_000, 2),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(fit.tolerance, 0.0, "{}", fit.stopped);
    let (mean, sd) = moments(&fit);
    // Beta(7, 15): mean 0.318, sd 0.097. The importance weights keep the sample unbiased; with an
    // ESS of several hundred the standard errors are about 0.005 (mean) and 0.004 (sd).
    assert!((mean - 7.0 / 22.0).abs() < 0.025, "mean {mean}");
    assert!((sd - 0.0971).abs() < 0.02, "sd {sd}");
}

#[test]
fn any_thread_count_gives_the_same_fit() {
    for method in [Method::Rejection, Method::Smc] {
        let run = |threads| {
            calibrate(
                &normal_mean(),
                &Settings {
                    generations: 4,
                    ..settings(method, 300, 3_000, threads)
                },
                &|_| {},
                &AtomicBool::new(false),
            )
            .unwrap()
        };
        let one = run(1);
        assert_eq!(one, run(3), "{method:?}");
        assert_eq!(one, run(4), "{method:?}");
        let bits = |f: &Fit| -> Vec<u64> {
            f.particles
                .iter()
                .flat_map(|p| [p.theta[0].to_bits(), p.weight.to_bits()])
                .collect()
        };
        assert_eq!(bits(&one), bits(&run(2)));
    }
}

#[test]
fn bad_settings_are_refused() {
    let m = normal_mean();
    let stop = AtomicBool::new(false);
    let bad = |s: Settings| calibrate(&m, &s, &|_| {}, &stop).unwrap_err().to_string();
    assert!(bad(settings(Method::Rejection, 100, 50, 1)).contains("at least the particles"));
    assert!(bad(settings(Method::Smc, 1, 50, 1)).contains("at least 2 particles"));
    let e = bad(Settings {
        quantile: 1.0,
        ..settings(Method::Smc, 10, 50, 1)
    });
    assert!(e.contains("quantile"), "{e}");
}

/// Two independent binomials, 6 of 20 and 14 of 20: posterior Beta(7, 15) x Beta(15, 7), both near an
/// edge of the box, so the truncation of the kernel matters in each coordinate.
struct TwoBinomials {
    bounds: [Bounds; 2],
}

impl Model for TwoBinomials {
    fn bounds(&self) -> &[Bounds] {
        &self.bounds
    }
    fn simulate(&self, theta: &[f64], rng: &mut ChaCha8Rng) -> Vec<f64> {
        theta
            .iter()
            .map(|&p| (0..20).filter(|_| uniform(rng) < p).count() as f64)
            .collect()
    }
    fn distance(&self, s: &[f64]) -> f64 {
        (s[0] - 6.0).abs() + (s[1] - 14.0).abs()
    }
}

#[test]
fn smc_weights_are_right_in_two_truncated_dimensions() {
    let unit = Bounds { min: 0.0, max: 1.0 };
    let fit = calibrate(
        &TwoBinomials {
            bounds: [unit, unit],
        },
        &settings(Method::Smc, 1000, 10_000_000, 2),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(fit.tolerance, 0.0, "{}", fit.stopped);
    let total: f64 = fit.particles.iter().map(|p| p.weight).sum();
    let mean = |d: usize| {
        fit.particles
            .iter()
            .map(|p| p.weight * p.theta[d])
            .sum::<f64>()
            / total
    };
    // Beta(7, 15) has mean 0.318 and sd 0.097, Beta(15, 7) the mirror image. With an ESS of a few
    // hundred the standard error of each mean is about 0.005; the margin is 5 of them.
    let ess = fit.generations.last().unwrap().ess;
    assert!(ess > 200.0, "ess {ess}");
    assert!((mean(0) - 7.0 / 22.0).abs() < 0.025, "mean {}", mean(0));
    assert!((mean(1) - 15.0 / 22.0).abs() < 0.025, "mean {}", mean(1));
}
