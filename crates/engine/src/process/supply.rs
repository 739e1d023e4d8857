//! Supply: the city's food under blockade and its prices; the Jin camp's stores, spent each day and
//! refilled by foraging that the relief armies hinder.

use crate::event::Happening;
use crate::sim::Simulation;
use crate::world::{Ending, JinPhase};

impl Simulation<'_> {
    #[inline]
    pub(crate) fn supply(&mut self) {
        let p = self.p;
        let w = &mut self.world;
        if w.invested {
            w.food -= 1.0;
        } else {
            // Roads open again: stocks recover towards normal.
            w.food = (w.food + 0.5).min(p.food_days);
        }
        w.snow_shock *= 1.0 - p.price_recovery;
        w.price = 1.0 + p.blockade_price * (p.food_days - w.food).max(0.0) + w.snow_shock;
        w.snow_today = false;
        // The balance of forces matters only to a camp before the capital; nothing above changes it.
        if w.jin == JinPhase::BeforeCapital {
            let threat = self.threat();
            let w = &mut self.world;
            w.jin_supply = (w.jin_supply + p.forage * (1.0 - threat) - 1.0).max(0.0);
        }
        let w = &self.world;
        if w.invested && w.food <= 0.0 && w.ending.is_none() && self.free() {
            self.capitulate();
        }
    }

    #[inline(never)]
    fn capitulate(&mut self) {
        self.world.ending = Some(Ending::Capitulation);
        self.emit(Happening::Capitulation, None);
    }
}
