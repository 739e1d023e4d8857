//! Quantities of the world day by day across runs: the forces' strengths, the Jin camp's supply, the
//! city's food and the court's balance, for the bands of the report's "over time" section.
//!
//! A plain loop over [`Simulation::step`] that reads [`Simulation::world`] at the end of each day; no
//! observer, no change to the engine. The samples of every day are kept and sorted, so the number of
//! runs is bounded ([`MAX_RUNS`]): memory is runs x days x quantities numbers.

use bianjing_engine::world::Posture;
use bianjing_engine::{Params, Script, Setup, Simulation, World};
use bianjing_scenario::model::ForceKind;

use crate::input::{DailyQuantity, DailySeries, Quantiles};

/// At most this many runs are followed: enough for the 5% and 95% quantiles of a day to move by
/// less than a few percent of the spread, and a few MiB of samples.
pub const MAX_RUNS: u64 = 2_000;

/// A day is shown while at least this share of the runs is still going on it, so the tails of the
/// bands are not drawn from a handful of late runs.
pub const MIN_RUNNING_SHARE: f64 = 0.05;

/// The quantities followed, with their ids, labels and units.
const QUANTITIES: [(&str, &str, &str); 7] = [
    ("jin-army", "Jin eastern army", "men"),
    ("song-field", "Song field forces at the capital", "men"),
    ("garrison", "City garrison", "men"),
    ("jin-supply", "Jin camp's supply", "days of food"),
    ("city-food", "City's food", "days of food"),
    ("war-influence", "War party's influence", "share"),
    ("resolve", "Emperor's resolve", "share"),
];

fn read(setup: &Setup, w: &World, garrison: &[usize]) -> [f64; 7] {
    let song_field: f64 = setup
        .song_field
        .iter()
        .map(|&f| w.force(f))
        .filter(|f| f.posture == Posture::AtCapital)
        .map(|f| f.present)
        .sum();
    let garrison: f64 = garrison.iter().map(|&i| w.forces[i].present).sum();
    [
        w.force(setup.jin_east).present,
        song_field,
        garrison,
        w.jin_supply,
        w.food,
        w.war,
        w.resolve,
    ]
}

/// Follows runs `0..runs` (at most [`MAX_RUNS`]) of `script` from `seed`, run `i` with the parameters
/// `params(i)`: the same runs an ensemble with that seed makes. Returns the quantiles of each quantity
/// per day.
pub fn collect(
    setup: &Setup,
    params: &dyn Fn(u64) -> Params,
    script: &Script,
    seed: u64,
    runs: u64,
) -> DailySeries {
    let runs = runs.min(MAX_RUNS);
    let days = usize::from(setup.days);
    let garrison: Vec<usize> = setup
        .forces
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == ForceKind::Garrison)
        .map(|(i, _)| i)
        .collect();
    // samples[q][day]: the values of quantity q at the end of `day`, one per run still going.
    let mut samples: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); days]; QUANTITIES.len()];
    let mut running = vec![0u64; days];
    for run in 0..runs {
        let params = params(run);
        let mut sim = Simulation::new(setup, &params, script, seed, run);
        while !sim.is_finished() {
            sim.step(&mut ());
            // `step` has moved the counter on: the state read is the end of the day just simulated.
            let day = usize::from(sim.world().day).saturating_sub(1);
            if day >= days {
                break;
            }
            running[day] += 1;
            for (q, v) in read(setup, sim.world(), &garrison).into_iter().enumerate() {
                samples[q][day].push(v);
            }
        }
    }
    let min_running = ((runs as f64 * MIN_RUNNING_SHARE).ceil() as u64).max(1);
    let quantities = QUANTITIES
        .iter()
        .zip(samples)
        .map(|(&(id, label, unit), per_day)| DailyQuantity {
            id: id.to_string(),
            label: label.to_string(),
            unit: unit.to_string(),
            days: per_day
                .into_iter()
                .enumerate()
                .map(|(d, mut v)| {
                    (running[d] >= min_running)
                        .then(|| quantiles(&mut v))
                        .flatten()
                })
                .collect(),
        })
        .collect();
    DailySeries {
        runs,
        running,
        min_running,
        quantities,
    }
}

/// The five quantiles of `values` (sorted in place), by the nearest-rank rule on the sorted sample.
pub fn quantiles(values: &mut [f64]) -> Option<Quantiles> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let k = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
        values[k]
    };
    Some(Quantiles {
        q05: at(0.05),
        q25: at(0.25),
        q50: at(0.5),
        q75: at(0.75),
        q95: at(0.95),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let q = quantiles(&mut v).unwrap();
        assert_eq!(
            (q.q05, q.q25, q.q50, q.q75, q.q95),
            (5.0, 25.0, 50.0, 75.0, 95.0)
        );
        assert_eq!(quantiles(&mut []), None);
        let q = quantiles(&mut [7.0]).unwrap();
        assert_eq!((q.q05, q.q95), (7.0, 7.0));
    }
}
