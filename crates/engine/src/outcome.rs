//! The end of a run: its category and measures.

use serde::Serialize;

use crate::event::KeyEvent;
use crate::setup::Setup;
use crate::world::{Ending, Pursuit, RaidState, World};

/// How the crisis ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The Jin took the city by assault.
    CityTaken,
    /// The court gave in completely: the city, starving, surrendered.
    Capitulation,
    /// The Jin withdrew having obtained terms (an oath, a hostage or the cession): the recorded outcome.
    WithdrewWithTerms,
    /// The Jin withdrew with nothing agreed.
    WithdrewWithoutTerms,
    /// The eastern army was broken.
    EasternArmyBroken,
    /// The Jin were still before the capital at the horizon.
    InTheField,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::CityTaken,
        Category::Capitulation,
        Category::WithdrewWithTerms,
        Category::WithdrewWithoutTerms,
        Category::EasternArmyBroken,
        Category::InTheField,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::CityTaken => "city-taken",
            Category::Capitulation => "capitulation",
            Category::WithdrewWithTerms => "withdrew-with-terms",
            Category::WithdrewWithoutTerms => "withdrew-without-terms",
            Category::EasternArmyBroken => "eastern-army-broken",
            Category::InTheField => "in-the-field",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Category::CityTaken => "the city taken",
            Category::Capitulation => "capitulation",
            Category::WithdrewWithTerms => "the Jin withdraw with terms",
            Category::WithdrewWithoutTerms => "the Jin withdraw without terms",
            Category::EasternArmyBroken => "the eastern army broken",
            Category::InTheField => "the Jin still in the field at the horizon",
        }
    }
}

/// Men lost by one side.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Losses {
    pub killed: f64,
    pub wounded: f64,
    pub deserted: f64,
}

/// The outcome and measures of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub category: Category,
    /// Day index of the last simulated day.
    pub end_day: u16,
    pub song_losses: Losses,
    pub jin_losses: Losses,
    pub gold_delivered: f64,
    pub silver_delivered: f64,
    pub prefectures_promised: u8,
    pub hostages_taken: u8,
    pub war_leader_in_office: bool,
    /// The war party's influence at the end, 0 to 1 (the peace party holds the rest).
    pub war_influence: f64,
    /// The largest crowd in the streets.
    pub crowd_peak: f64,
    pub raid: bool,
    pub raid_failed: bool,
    pub pursuit: bool,
    pub recall: bool,
    /// Day index on which the Jin were back north of the river.
    pub crossed_north_day: Option<u16>,
    /// First day of each key event, in [`KeyEvent::ALL`] order.
    pub key_days: [Option<u16>; KeyEvent::ALL.len()],
}

impl Outcome {
    pub fn of(setup: &Setup, w: &World) -> Outcome {
        let category = match w.ending {
            Some(Ending::CityTaken) => Category::CityTaken,
            Some(Ending::Capitulation) => Category::Capitulation,
            Some(Ending::EasternArmyBroken) => Category::EasternArmyBroken,
            None if w.withdrew_day.is_some() && w.withdrew_with_terms => {
                Category::WithdrewWithTerms
            }
            None if w.withdrew_day.is_some() => Category::WithdrewWithoutTerms,
            None => Category::InTheField,
        };
        let losses = |counted: &[u16]| {
            let mut l = Losses::default();
            // In force order, as each side's sums have always been taken.
            for f in counted.iter().filter_map(|&i| w.forces.get(usize::from(i))) {
                l.killed += f.killed;
                l.wounded += f.wounded;
                l.deserted += f.deserted;
            }
            l
        };
        let song_losses = losses(&setup.song_counted);
        let jin_losses = losses(&setup.jin_counted);
        Outcome {
            category,
            end_day: w
                .day
                .saturating_sub(1)
                .max(if w.finished { 0 } else { w.day }),
            song_losses,
            jin_losses,
            gold_delivered: w.gold_delivered,
            silver_delivered: w.silver_delivered,
            prefectures_promised: if w.cession_promised {
                setup.prefectures_demanded
            } else {
                0
            },
            hostages_taken: w.hostages_taken,
            war_leader_in_office: w.war_leader_in_office,
            war_influence: w.war,
            crowd_peak: w.crowd_peak,
            raid: matches!(w.raid, RaidState::Done { .. }),
            raid_failed: matches!(w.raid, RaidState::Done { failed: true }),
            pursuit: !matches!(w.pursuit, Pursuit::NotOrdered | Pursuit::Declined),
            recall: w.pursuit == Pursuit::Recalled,
            crossed_north_day: w.crossed_north_day,
            key_days: w.key_days,
        }
    }

    /// Whether the whole recorded sequence happened, in the recorded order, by first days: the raid
    /// fails, the dismissal, the uprising, the restoration, the withdrawal, the crossing north, the
    /// recall (same-day events count as in order).
    pub fn followed_the_record(&self) -> bool {
        const ORDER: [KeyEvent; 7] = [
            KeyEvent::RaidFails,
            KeyEvent::Dismissal,
            KeyEvent::Uprising,
            KeyEvent::Restoration,
            KeyEvent::Withdrawal,
            KeyEvent::CrossedNorth,
            KeyEvent::PursuitRecalled,
        ];
        let mut last = 0;
        ORDER.iter().all(|&k| match self.key_day(k) {
            Some(d) if d >= last => {
                last = d;
                true
            }
            _ => false,
        })
    }

    /// First day of a key event, if it happened.
    pub fn key_day(&self, k: KeyEvent) -> Option<u16> {
        KeyEvent::ALL
            .iter()
            .position(|&x| x == k)
            .and_then(|i| self.key_days[i])
    }
}

#[cfg(test)]
mod tests {
    use bianjing_scenario::model::ForceKind;

    use super::*;
    use crate::Simulation;
    use crate::event::Side;

    /// Each side's losses summed over every force but the western army, walking all of them.
    fn walked(setup: &Setup, w: &World, side: Side) -> Losses {
        let mut l = Losses::default();
        for (spec, f) in setup.forces.iter().zip(&w.forces) {
            if spec.kind != ForceKind::WesternArmy && spec.side == side {
                l.killed += f.killed;
                l.wounded += f.wounded;
                l.deserted += f.deserted;
            }
        }
        l
    }

    #[test]
    fn losses_are_each_sides_own_summed_in_force_order() {
        let setup = crate::fixture::builtin_setup();
        assert!(
            setup
                .forces
                .iter()
                .any(|f| f.kind == ForceKind::WesternArmy)
        );
        let script = crate::fixture::free_script(&setup);
        let mut with_losses = 0;
        for run in 0..32 {
            let mut sim = Simulation::new(&setup, &setup.params, &script, 9, run);
            let o = sim.run(&mut ());
            let (song, jin) = (
                walked(&setup, sim.world(), Side::Song),
                walked(&setup, sim.world(), Side::Jin),
            );
            // Bit for bit: the sums are taken in the same order.
            for (a, b) in [(o.song_losses, song), (o.jin_losses, jin)] {
                assert_eq!(a.killed.to_bits(), b.killed.to_bits(), "run {run}");
                assert_eq!(a.wounded.to_bits(), b.wounded.to_bits(), "run {run}");
                assert_eq!(a.deserted.to_bits(), b.deserted.to_bits(), "run {run}");
            }
            with_losses += usize::from(song.killed > 0.0 && jin.killed > 0.0);
        }
        assert!(with_losses > 0, "some runs should see both sides lose men");
    }
}
