//! Diplomacy: the court's answer to the Jin demands, hostages, and the indemnity raised from the city
//! and carried to the Jin camp.

use crate::draws::Slot;
use crate::event::{Happening, PersonId};
use crate::math::lognormal_factor;
use crate::params::Params;
use crate::sim::Simulation;
use crate::world::JinPhase;

impl Simulation<'_> {
    #[inline(always)]
    pub(crate) fn diplomacy(&mut self) {
        if self.free() && self.world.jin == JinPhase::BeforeCapital {
            self.negotiate();
        }
        if self.script.pay_in_full && self.free() && self.world.terms_accepted {
            self.pay_in_full();
            return;
        }
        self.collect();
    }

    /// The court's answer to the Jin demands and the hostages, while the Jin camp is before the
    /// capital.
    #[inline(always)]
    fn negotiate(&mut self) {
        let p = self.p;
        let w = &self.world;
        if w.letter_sent && !w.terms_accepted && !self.script.refuse_terms {
            let x = p.accept_base + p.accept_fear * (1.0 - self.support());
            let model = self.draws.chance_logistic(Slot::Accept, x);
            if self.decide(|o| o.accept_terms, model) {
                self.world.terms_accepted = true;
                self.emit(Happening::TermsAccepted, None);
            }
        }
        let w = &self.world;
        let wants_hostage =
            (w.terms_accepted && w.hostage.is_none()) || (w.jin_aggrieved && w.hostage.is_some());
        if wants_hostage
            && !self.script.refuse_terms
            && self.decide(
                |o| o.send_hostage,
                self.draws.chance(Slot::Hostage, p.hostage_hazard),
            )
            && let Some(prince) = self.next_prince()
        {
            self.send_hostage(prince, None);
        } else if w.terms_accepted && w.hostage.is_some() && !w.oath {
            self.peace_oath(None);
        }
    }

    /// The indemnity raised in full at once (a what-if), and carried as it is collected.
    #[inline(never)]
    fn pay_in_full(&mut self) {
        let w = &mut self.world;
        let first_day = w.gold_raised < self.setup.gold_demanded;
        w.gold_raised = self.setup.gold_demanded;
        w.silver_raised = self.setup.silver_demanded;
        self.collect();
        if first_day {
            // Paying in full strips the city bare, and the city feels it.
            self.world.squeezed = 1.0;
        }
    }

    /// Raising money in the city with diminishing returns towards what the city holds, and carrying it
    /// to the Jin camp. Inlined so that the days before any terms are agreed cost a test, not a call.
    #[inline]
    fn collect(&mut self) {
        self.world.squeezed = 0.0;
        if self.world.terms_accepted {
            self.raise_and_deliver();
        }
    }

    /// A day's collecting and delivering, once terms are agreed.
    #[inline(always)]
    fn raise_and_deliver(&mut self) {
        let p = self.p;
        // A player's squeeze stands in for the parameter; untaken, the parameter's.
        let squeeze = self.order(|o| o.squeeze).flatten().unwrap_or(p.squeeze);
        let w = &mut self.world;
        if w.jin != JinPhase::North {
            let noise = lognormal_factor(self.draws.u(Slot::Collection), 0.2);
            let rate = (p.collection_rate * squeeze * noise).min(1.0);
            let gold = collection_step(w.gold_raised, p.gold_wealth, squeeze, rate);
            let silver = collection_step(w.silver_raised, p.silver_wealth, squeeze, rate);
            w.gold_raised += gold;
            w.silver_raised += silver;
            w.squeezed = (gold * p.gold_to_silver + silver) / self.treasury.wealth_in_silver;
        }
        if matches!(w.jin, JinPhase::BeforeCapital) {
            w.gold_delivered += p.delivery_rate * (w.gold_raised - w.gold_delivered);
            w.silver_delivered += p.delivery_rate * (w.silver_raised - w.silver_delivered);
        }
    }

    /// The next prince not yet given, in the scenario's order.
    fn next_prince(&self) -> Option<PersonId> {
        let given = self.world.hostages_taken as usize;
        self.setup.cast.princes.get(given).copied()
    }

    pub(crate) fn send_hostage(&mut self, prince: PersonId, recorded: Option<u16>) {
        let previous = self.world.hostage.replace(prince);
        self.world.hostages_taken += 1;
        self.world.jin_aggrieved = false;
        self.emit(Happening::HostageSent { person: prince }, recorded);
        if let Some(back) = previous
            && self.free()
        {
            self.emit(Happening::HostageReturned { person: back }, None);
        }
    }

    pub(crate) fn peace_oath(&mut self, recorded: Option<u16>) {
        let w = &mut self.world;
        w.terms_accepted = true;
        w.oath = true;
        w.cession_promised = self.setup.prefectures_demanded > 0;
        self.emit(Happening::PeaceOath, recorded);
    }
}

/// What the collection weighs that follows from the parameters alone, worked out when a run takes up
/// its parameter set rather than every day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Treasury {
    /// The city's wealth, gold and silver, in taels of silver.
    pub wealth_in_silver: f64,
}

impl Treasury {
    pub(crate) fn of(p: &Params) -> Treasury {
        Treasury {
            wealth_in_silver: p.gold_wealth * p.gold_to_silver + p.silver_wealth,
        }
    }
}

/// Money raised in a day: a share `rate` of what is still to be had, the city's `wealth` times how hard it
/// is squeezed, less what is already raised. Diminishing returns: each day yields less than the last.
pub(crate) fn collection_step(raised: f64, wealth: f64, squeeze: f64, rate: f64) -> f64 {
    rate * (wealth * squeeze - raised).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::collection_step;

    #[test]
    fn collection_hand_computed() {
        // 400,000 taels of gold squeezed at 0.8 leaves 320,000 to be had; 30% of it on the first day,
        // 30% of the remaining 224,000 on the second.
        let day1 = collection_step(0.0, 400_000.0, 0.8, 0.3);
        assert!((day1 - 96_000.0).abs() < 1e-9);
        let day2 = collection_step(day1, 400_000.0, 0.8, 0.3);
        assert!((day2 - 67_200.0).abs() < 1e-9);
        // Never more than the city holds.
        assert_eq!(collection_step(400_000.0, 400_000.0, 0.8, 0.3), 0.0);
    }
}
