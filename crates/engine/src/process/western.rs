//! The western theatre: Nianhan's army breaks out of the siege line and advances along its route. The
//! court learns of each step only when the courier arrives, days later.

use crate::draws::Slot;
use crate::event::{Happening, PlaceId};
use crate::sim::Simulation;

impl Simulation<'_> {
    #[inline]
    pub(crate) fn western(&mut self) {
        if self.free() && !self.setup.western_route.is_empty() {
            let next = self.world.western_next as usize;
            if !self.world.western_mutiny {
                if self.draws.chance(Slot::Western, self.p.mutiny_hazard) {
                    let place = self.setup.western_route[0].0;
                    self.western_take(0, place, true, None);
                }
            } else if next < self.setup.western_route.len()
                && self.draws.chance(Slot::Western, self.p.take_hazard)
            {
                let place = self.setup.western_route[next].0;
                self.western_take(next, place, false, None);
            }
        }
        // Most days no courier is due.
        if self.world.day >= self.next_news {
            self.deliver_news();
        }
    }

    /// The western army takes the route's place `index` (by mutiny for the first). The news sets out.
    #[inline(never)]
    pub(crate) fn western_take(
        &mut self,
        index: usize,
        place: PlaceId,
        mutiny: bool,
        recorded: Option<u16>,
    ) {
        self.world.western_mutiny = true;
        self.world.western_next = self.world.western_next.max(index as u8 + 1);
        let li = self.setup.western_route.get(index).map_or(0.0, |r| r.1);
        let delay = news_delay(li, self.p.courier_li_per_day);
        let news = (self.world.day + delay, place, self.world.day);
        if let Some(slot) = self.world.news.iter_mut().find(|n| n.is_none()) {
            *slot = Some(news);
            self.next_news = self.next_news.min(news.0);
        }
        let what = if mutiny {
            Happening::WesternMutiny { place }
        } else {
            Happening::WesternAdvance { place }
        };
        self.emit(what, recorded);
    }

    /// Delivers the news due today (see [`Simulation::western`] for the days that come here).
    #[inline(never)]
    fn deliver_news(&mut self) {
        let today = self.world.day;
        for i in 0..self.world.news.len() {
            let Some((arrives, place, happened)) = self.world.news[i] else {
                continue;
            };
            if arrives > today {
                continue;
            }
            self.world.news[i] = None;
            // The deeper along the route, the nearer the capital and the greater the alarm.
            let route = &self.setup.western_route;
            let depth = route
                .iter()
                .position(|r| r.0 == place)
                .map_or(1.0, |k| (k + 1) as f64 / route.len() as f64);
            self.world.alarm = self.world.alarm.max(depth);
            self.nudge_war(-self.p.shock_threat * depth);
            self.emit(
                Happening::WesternNews {
                    place,
                    days_late: today - happened,
                },
                None,
            );
        }
        self.next_news = self
            .world
            .news
            .iter()
            .flatten()
            .map(|n| n.0)
            .min()
            .unwrap_or(u16::MAX);
    }
}

/// Whole days for news to cover `li` at `li_per_day`: at least one, since news of today is heard tomorrow.
pub(crate) fn news_delay(li: f64, li_per_day: f64) -> u16 {
    (li / li_per_day.max(1.0))
        .ceil()
        .clamp(1.0, f64::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::news_delay;

    #[test]
    fn news_delay_hand_computed() {
        // Longde is 720 li from the capital (YF): at 300 li a day the news takes 2.4, so 3, days.
        assert_eq!(news_delay(720.0, 300.0), 3);
        assert_eq!(news_delay(900.0, 300.0), 3);
        assert_eq!(news_delay(901.0, 300.0), 4);
        assert_eq!(news_delay(10.0, 300.0), 1);
        assert_eq!(news_delay(0.0, 300.0), 1);
    }
}
