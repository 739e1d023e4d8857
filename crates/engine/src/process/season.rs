//! Season and weather: snow, which slows marches and drives up prices.

use crate::draws::Slot;
use crate::event::Happening;
use crate::sim::Simulation;

impl Simulation<'_> {
    #[inline]
    pub(crate) fn season(&mut self) {
        // A recorded snow may already have fallen today (history mode).
        if self.free()
            && !self.world.snow_today
            && self.draws.chance(Slot::Snow, self.p.snow_chance)
        {
            self.world.snow_today = true;
            self.emit(Happening::Snow, None);
        }
        if self.world.snow_today {
            self.world.snow_shock += self.p.snow_price;
        }
    }

    /// How far into the spring thaw the day is, 0 to 1: the Yellow River's ice and floods make a late
    /// return crossing dangerous, which the Jin commanders weigh. Reads the date, as weather may.
    #[inline(always)]
    pub(crate) fn thaw(&self) -> f64 {
        let doy = self.setup.day_of_year[self.world.day as usize];
        ((doy - self.p.thaw_start_doy) / self.jin_measures.thaw_span).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::setup::julian_day_of_year as day_of_year;
    use bianjing_calendar::CivilDate;

    #[test]
    fn day_of_year_hand_computed() {
        assert_eq!(
            day_of_year(CivilDate {
                year: 1126,
                month: 1,
                day: 25
            }),
            25.0
        );
        assert_eq!(
            day_of_year(CivilDate {
                year: 1126,
                month: 3,
                day: 5
            }),
            64.0
        );
        // 1128 is a Julian leap year.
        assert_eq!(
            day_of_year(CivilDate {
                year: 1128,
                month: 3,
                day: 1
            }),
            61.0
        );
    }
}
