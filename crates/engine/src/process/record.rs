//! Imposing the record: on each recorded event's date (before the point of divergence) its effect is
//! applied through the same acts the mechanisms use, so that the state after it is what a generated
//! event would leave.

use bianjing_scenario::model::EventKind;

use crate::event::{EngagementKind, Happening};
use crate::sim::Simulation;
use crate::world::{JinPhase, RaidState};

impl Simulation<'_> {
    #[inline]
    pub(crate) fn impose_record(&mut self) {
        // Free runs impose nothing, and most days of history impose nothing either.
        let due = self
            .script
            .imposed
            .get(self.next_imposed)
            .is_some_and(|&(day, _)| day <= self.world.day);
        if due {
            self.impose_due();
        }
    }

    /// Imposes the record's events of today, passing over any of days gone by.
    #[inline(never)]
    fn impose_due(&mut self) {
        let today = self.world.day;
        while let Some(&(day, index)) = self.script.imposed.get(self.next_imposed) {
            if day > today {
                break;
            }
            self.next_imposed += 1;
            if day == today {
                self.impose(index);
            }
        }
    }

    fn impose(&mut self, index: u16) {
        let setup = self.setup;
        let e = &setup.events[index as usize];
        let r = Some(index);
        let person = e.persons.first().copied();
        match e.kind {
            EventKind::Background => {}
            EventKind::Note => self.emit(Happening::Note, r),
            EventKind::PlacesReturned => self.emit(Happening::PlacesReturned, r),
            EventKind::DemandDropped => self.emit(Happening::DemandDropped, r),
            EventKind::JinCrossingBegins => self.jin_crossing_begins(r),
            EventKind::JinCrossed => self.jin_crossed(r),
            EventKind::Investment => self.investment(r),
            EventKind::NightAttack => self.jin_attack(EngagementKind::NightAttack, r),
            EventKind::Assault => self.jin_attack(EngagementKind::Assault, r),
            EventKind::DemandLetter => {
                self.world.letter_sent = true;
                self.emit(Happening::DemandLetter, r);
            }
            EventKind::HostageSent => {
                if let Some(prince) = person {
                    self.send_hostage(prince, r);
                }
            }
            EventKind::HostageReturned => {
                if let Some(prince) = person {
                    if self.world.hostage == Some(prince) {
                        self.world.hostage = None;
                    }
                    self.emit(Happening::HostageReturned { person: prince }, r);
                }
            }
            EventKind::PeaceOath => self.peace_oath(r),
            EventKind::IndemnityRaised => {
                let (mut gold, mut silver) = (0.0, 0.0);
                for &(day, g, s) in &setup.raised_reports {
                    if day <= i32::from(self.world.day) {
                        gold += g;
                        silver += s;
                    }
                }
                self.world.gold_raised = self.world.gold_raised.max(gold);
                self.world.silver_raised = self.world.silver_raised.max(silver);
                self.emit(Happening::IndemnityRaised { gold, silver }, r);
            }
            EventKind::ReliefArrives => {
                let mut men = 0.0;
                for &f in &e.forces {
                    men += self.arrive(f, r);
                }
                let force = e.forces.first().copied().unwrap_or(0);
                self.emit(Happening::ReliefArrives { force, men }, r);
            }
            EventKind::ReliefVictory => {
                for &f in &e.forces {
                    if setup.forces[f as usize].marches {
                        self.arrive(f, r);
                    }
                }
                self.field_action(e.forces.first().copied(), r);
            }
            EventKind::ReliefCamps => {
                self.emit(Happening::ReliefCamps, r);
            }
            EventKind::InvestmentLifted => {
                self.world.invested = false;
                self.emit(Happening::InvestmentLifted, r);
            }
            EventKind::Snow => {
                self.world.snow_today = true;
                self.emit(Happening::Snow, r);
            }
            EventKind::NightRaid => self.launch_raid(false, r),
            EventKind::Reinvestment => {
                self.world.invested = true;
                self.emit(Happening::Reinvestment, r);
            }
            EventKind::Dismissal => self.dismiss(r),
            EventKind::Uprising => self.uprising(e.size.unwrap_or(self.p.uprising_size), r),
            EventKind::Restoration => self.restore(r),
            EventKind::WithdrawalBegins => self.begin_withdrawal(r),
            EventKind::JinCrossedNorth => {
                if self.world.jin != JinPhase::North {
                    self.cross_north(r);
                }
            }
            EventKind::PursuitOrdered => {
                let men = e.size.unwrap_or(self.p.share * self.song_field_men());
                self.order_pursuit(men, r);
            }
            EventKind::PursuitRecalled => self.recall(r),
            EventKind::WesternMutiny | EventKind::WesternAdvance => {
                let place = e.places.first().copied().unwrap_or(0);
                let index = self
                    .setup
                    .western_route
                    .iter()
                    .position(|w| w.0 == place)
                    .unwrap_or(0);
                self.western_take(index, place, e.kind == EventKind::WesternMutiny, r);
            }
        }
        if e.kind == EventKind::NightRaid && !matches!(self.world.raid, RaidState::Done { .. }) {
            self.world.raid = RaidState::Done { failed: true };
        }
    }
}
