//! Linear scales from data values to pixels, and "nice" tick positions (1, 2 or 5 times a power of
//! ten) with labels that show no more digits than the step needs.

/// A linear map from a data interval (the domain) to a pixel interval (the range). The range may run
/// backwards (a y axis grows upwards on the page while SVG's y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    /// A scale from `domain` to `range`. An empty or reversed domain is widened around its value so
    /// that the map stays finite (a plot of a constant still draws).
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        let (mut d0, mut d1) = finite_pair(domain);
        if d1 < d0 {
            std::mem::swap(&mut d0, &mut d1);
        }
        if d1 - d0 < 1e-12 {
            let pad = if d0.abs() > 1e-9 { d0.abs() * 0.1 } else { 1.0 };
            d0 -= pad;
            d1 += pad;
        }
        Linear {
            d0,
            d1,
            r0: range.0,
            r1: range.1,
        }
    }

    /// Like [`Linear::new`], with the domain widened outwards to whole multiples of a nice step for
    /// about `ticks` ticks, so that the axis starts and ends on a tick.
    pub fn nice(domain: (f64, f64), range: (f64, f64), ticks: usize) -> Linear {
        let raw = Linear::new(domain, range);
        let step = nice_step(raw.d1 - raw.d0, ticks);
        let d0 = (raw.d0 / step).floor() * step;
        let d1 = (raw.d1 / step).ceil() * step;
        Linear::new((d0, d1), range)
    }

    pub fn domain(&self) -> (f64, f64) {
        (self.d0, self.d1)
    }

    pub fn range(&self) -> (f64, f64) {
        (self.r0, self.r1)
    }

    /// The pixel of `v`. Values outside the domain map outside the range (callers clamp if they must).
    pub fn map(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }

    /// The pixel of `v`, held inside the range.
    pub fn map_clamped(&self, v: f64) -> f64 {
        let (lo, hi) = if self.r0 <= self.r1 {
            (self.r0, self.r1)
        } else {
            (self.r1, self.r0)
        };
        self.map(v).clamp(lo, hi)
    }

    /// About `target` tick values inside the domain, at a nice step, with that step.
    pub fn ticks(&self, target: usize) -> (Vec<f64>, f64) {
        let step = nice_step(self.d1 - self.d0, target);
        let first = (self.d0 / step - 1e-9).ceil() as i64;
        let last = (self.d1 / step + 1e-9).floor() as i64;
        let ticks = (first..=last)
            .map(|k| {
                let v = k as f64 * step;
                // Clear the -0 and the 1e-17 that multiplication leaves behind.
                if v.abs() < step * 1e-9 { 0.0 } else { v }
            })
            .collect();
        (ticks, step)
    }
}

fn finite_pair((a, b): (f64, f64)) -> (f64, f64) {
    match (a.is_finite(), b.is_finite()) {
        (true, true) => (a, b),
        (true, false) => (a, a),
        (false, true) => (b, b),
        (false, false) => (0.0, 1.0),
    }
}

/// A step of 1, 2 or 5 times a power of ten giving about `target` intervals over `span`.
pub fn nice_step(span: f64, target: usize) -> f64 {
    let span = if span.is_finite() && span > 0.0 {
        span
    } else {
        1.0
    };
    let raw = span / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A tick label: as many decimals as the step needs; thousands as "k" when the step is 1,000 or more,
/// millions as "M" when it is 100,000 or more, so that labels stay short.
pub fn tick_label(v: f64, step: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let a = step.abs();
    if a >= 100_000.0 {
        return format!("{}M", trim(v / 1_000_000.0, decimals(step / 1_000_000.0)));
    }
    if a >= 1_000.0 {
        return format!("{}k", trim(v / 1_000.0, decimals(step / 1_000.0)));
    }
    trim(v, decimals(step))
}

fn decimals(step: f64) -> usize {
    let mut d = 0;
    let mut s = step.abs();
    while d < 6 && (s - s.round()).abs() > 1e-9 * s.max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

fn trim(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    };
    s.replace('-', "\u{2212}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_ends_of_the_domain_to_the_ends_of_the_range() {
        let x = Linear::new((0.0, 10.0), (50.0, 250.0));
        assert_eq!(x.map(0.0), 50.0);
        assert_eq!(x.map(10.0), 250.0);
        assert_eq!(x.map(2.5), 100.0);
        // A y axis: larger values higher up, that is, at smaller pixel numbers.
        let y = Linear::new((0.0, 1.0), (300.0, 20.0));
        assert_eq!(y.map(0.0), 300.0);
        assert_eq!(y.map(1.0), 20.0);
        assert_eq!(y.map(0.5), 160.0);
        assert_eq!(y.map_clamped(2.0), 20.0);
    }

    #[test]
    fn an_empty_domain_still_maps_finitely() {
        let x = Linear::new((3.0, 3.0), (0.0, 100.0));
        assert!(x.map(3.0).is_finite());
        assert!((x.map(3.0) - 50.0).abs() < 1e-9);
        let nan = Linear::new((f64::NAN, f64::NAN), (0.0, 100.0));
        assert!(nan.map(0.5).is_finite());
    }

    #[test]
    fn nice_domains_and_ticks() {
        let x = Linear::nice((0.013, 0.87), (0.0, 100.0), 5);
        assert_eq!(x.domain(), (0.0, 1.0));
        let (ticks, step) = x.ticks(5);
        assert_eq!(step, 0.2);
        assert_eq!(ticks.len(), 6);
        assert!((ticks[3] - 0.6).abs() < 1e-12);
        assert_eq!(nice_step(47_000.0, 5), 10_000.0);
        assert_eq!(nice_step(7.0, 5), 2.0);
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick_label(0.2, 0.2), "0.2");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(40_000.0, 10_000.0), "40k");
        assert_eq!(tick_label(2_500_000.0, 500_000.0), "2.5M");
        assert_eq!(tick_label(-0.1, 0.1), "\u{2212}0.1");
        assert_eq!(tick_label(-0.0, 0.1), "0");
        assert_eq!(tick_label(0.0, 10_000.0), "0");
        assert_eq!(tick_label(12.0, 2.0), "12");
    }
}
