//! Engagements: a stochastic attrition model of the Lanchester family with morale breakpoints.
//!
//! Each side loses `rate * enemy_effectiveness * enemy^p * own^(1-p)` men per bout. `p` is 1 for
//! Lanchester's square law (losses in proportion to the enemy's numbers); at 0.5 the ratio of losses does
//! not depend on numbers, as under the linear law; at 0 each side loses a share of itself (the
//! logarithmic law). Fits to historical battles fall between the extremes. Effectiveness multiplies
//! quality, fortification, night, surprise or ambush, and a river crossing. A side breaks when its loss fraction passes its breakpoint (armies rout long before
//! annihilation); the breakpoint scales with morale. Randomness enters as a lognormal factor on each
//! side's effectiveness and on the breakpoints, from three uniforms the caller supplies.

use crate::math::{lognormal_factor, pow};
use crate::params::Params;

/// One side's part in an engagement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Party {
    pub men: f64,
    pub quality: f64,
    /// 0 to 1.
    pub morale: f64,
    /// Caught crossing a river.
    pub crossing: bool,
}

/// What the ground and the hour add.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Circumstances {
    /// The defender fights from walls.
    pub fortified: bool,
    pub night: bool,
    /// The attacker comes unseen.
    pub surprise: bool,
    /// The defender was warned and lies in wait.
    pub ambush: bool,
}

/// How an engagement ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Result {
    pub attacker_losses: f64,
    pub defender_losses: f64,
    pub attacker_won: bool,
    /// The loser broke (as opposed to the fight ending with both in order).
    pub rout: bool,
}

/// Resolves an engagement. `u` holds three uniforms: attacker noise, defender noise, breakpoint noise.
/// `imposed` forces the winner when the record says who won (history mode), keeping the losses the
/// model gives to each side plausible for that result.
pub fn resolve(
    p: &Params,
    attacker: Party,
    defender: Party,
    c: Circumstances,
    u: [f64; 3],
    imposed: Option<bool>,
) -> Result {
    let mut ea = attacker.quality * lognormal_factor(u[0], p.noise_sd);
    let mut ed = defender.quality * lognormal_factor(u[1], p.noise_sd);
    let break_noise = lognormal_factor(u[2], p.noise_sd);
    let mut ba = p.breakpoint * (0.5 + attacker.morale) * break_noise;
    let mut bd = p.breakpoint * (0.5 + defender.morale) / break_noise;
    if c.fortified {
        ed *= p.fortification;
        // Men behind walls do not rout as men in the open do.
        bd *= p.fortification.sqrt();
    }
    if c.night {
        ea *= p.night;
        ed *= p.night;
    }
    if c.surprise {
        ea *= p.surprise;
        bd /= p.surprise;
    }
    if c.ambush {
        ed *= p.ambush;
        ba /= p.ambush;
    }
    if attacker.crossing {
        ea *= p.crossing;
        ba *= p.crossing;
    }
    if defender.crossing {
        ed *= p.crossing;
        bd *= p.crossing;
    }

    let (a0, d0) = (attacker.men.max(0.0), defender.men.max(0.0));
    if a0 <= 0.0 || d0 <= 0.0 {
        return Result {
            attacker_losses: 0.0,
            defender_losses: 0.0,
            attacker_won: d0 <= 0.0 && a0 > 0.0,
            rout: false,
        };
    }
    let (mut a, mut d) = (a0, d0);
    let law = p.law_exponent;
    let bouts = whole_bouts(p.bouts);
    let mut broke: Option<bool> = None; // Some(true) when the attacker broke.
    for _ in 0..bouts {
        // At the default exponent one square root serves both sides.
        let (la, ld) = if law == 0.5 {
            let mixed = (a * d).sqrt();
            (p.attrition_rate * ed * mixed, p.attrition_rate * ea * mixed)
        } else if a > 0.0 && d > 0.0 {
            // d^p a^(1-p) = a (d/a)^p and a^p d^(1-p) = d / (d/a)^p: one power serves both sides.
            let tilt = pow(d / a, law);
            (
                p.attrition_rate * ed * a * tilt,
                p.attrition_rate * ea * d / tilt,
            )
        } else {
            // A side wiped out in an earlier bout: 0^0 = 1 keeps the laws' limits as they are.
            (
                p.attrition_rate * ed * pow(d, law) * pow(a, 1.0 - law),
                p.attrition_rate * ea * pow(a, law) * pow(d, 1.0 - law),
            )
        };
        a = (a - la).max(0.0);
        d = (d - ld).max(0.0);
        let (fa, fd) = ((a0 - a) / a0 / ba, (d0 - d) / d0 / bd);
        if fa >= 1.0 || fd >= 1.0 {
            broke = Some(fa >= fd);
            break;
        }
    }
    let (mut la, mut ld) = (a0 - a, d0 - d);
    let (mut attacker_won, rout) = match broke {
        Some(attacker_broke) => (!attacker_broke, true),
        // Nobody broke: an attacker who has not carried the position has failed.
        None => (
            (a0 - a) / a0 / ba < (d0 - d) / d0 / bd && !c.fortified,
            false,
        ),
    };
    if let Some(forced) = imposed
        && forced != attacker_won
    {
        // The record says otherwise: the recorded loser takes at least its breakpoint losses and the
        // winner no more than the loser.
        attacker_won = forced;
        if forced {
            ld = ld.max(bd.min(1.0) * d0);
            la = la.min(ld);
        } else {
            la = la.max(ba.min(1.0) * a0);
            ld = ld.min(la);
        }
    }
    if rout || imposed.is_some() {
        if attacker_won {
            ld += p.rout_loss * (d0 - ld).max(0.0);
        } else {
            la += p.rout_loss * (a0 - la).max(0.0);
        }
    }
    Result {
        attacker_losses: la.min(a0),
        defender_losses: ld.min(d0),
        attacker_won,
        rout: rout || imposed.is_some(),
    }
}

/// `bouts.round().max(1.0) as u32`, without the call to `round` the default target makes: at least 1,
/// halves rounded up, saturating at `u32::MAX` like the cast.
#[inline]
fn whole_bouts(bouts: f64) -> u32 {
    // Rounding commutes with `max(1.0)` (1 is whole), and a NaN gives 1 either way.
    let at_least_one = bouts.max(1.0);
    let whole = at_least_one as u32;
    // Below 2^32 the fraction is exact; above, the cast has saturated and so does the sum.
    whole.saturating_add(u32::from(at_least_one - f64::from(whole) >= 0.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        let mut p = Params::unset();
        for (name, v) in [
            ("engagement.law_exponent", 0.5),
            ("engagement.attrition_rate", 0.05),
            ("engagement.bouts", 10.0),
            ("engagement.noise_sd", 0.0),
            ("engagement.breakpoint", 0.2),
            ("engagement.fortification", 4.0),
            ("engagement.night", 0.7),
            ("engagement.surprise", 2.0),
            ("engagement.ambush", 2.0),
            ("engagement.crossing", 0.5),
            ("engagement.rout_loss", 0.0),
        ] {
            *p.get_mut(name).unwrap() = v;
        }
        p
    }

    fn party(men: f64) -> Party {
        Party {
            men,
            quality: 1.0,
            morale: 0.5,
            crossing: false,
        }
    }

    const MID: [f64; 3] = [0.5, 0.5, 0.5];

    #[test]
    fn whole_bouts_round_like_the_standard_library() {
        for b in [
            f64::NAN,
            f64::NEG_INFINITY,
            -3.5,
            0.0,
            0.49,
            0.5,
            1.0,
            1.4999999999999998,
            1.5,
            2.5,
            9.5,
            10.0,
            10.49,
            4_294_967_294.5,
            4_294_967_295.4,
            4_294_967_295.5,
            1e300,
            f64::INFINITY,
        ] {
            assert_eq!(whole_bouts(b), b.round().max(1.0) as u32, "{b}");
        }
        assert_eq!(whole_bouts(2.5), 3);
    }

    #[test]
    fn equal_sides_hand_computed() {
        // 1000 v 1000, quality 1, rate 0.05: each bout takes 5% of the survivors on both sides.
        // Breakpoint 0.2 * (0.5 + 0.5) = 0.2: after 4 bouts losses are 1 - 0.95^4 = 18.5%, after 5 they
        // are 22.6%, so both break in bout 5 and the tie goes against the attacker.
        let r = resolve(
            &params(),
            party(1000.0),
            party(1000.0),
            Circumstances::default(),
            MID,
            None,
        );
        let expected = 1000.0 * (1.0 - 0.95f64.powi(5));
        assert!((r.attacker_losses - expected).abs() < 1e-9, "{r:?}");
        assert!((r.defender_losses - expected).abs() < 1e-9);
        assert!(!r.attacker_won && r.rout);
    }

    #[test]
    fn walls_repulse_an_equal_assault() {
        let r = resolve(
            &params(),
            party(10_000.0),
            party(10_000.0),
            Circumstances {
                fortified: true,
                ..Default::default()
            },
            MID,
            None,
        );
        assert!(!r.attacker_won);
        assert!(r.attacker_losses > 3.0 * r.defender_losses, "{r:?}");
    }

    #[test]
    fn ambush_beats_a_larger_raid_and_surprise_wins_it() {
        let night = Circumstances {
            night: true,
            ambush: true,
            ..Default::default()
        };
        let r = resolve(&params(), party(10_000.0), party(8_000.0), night, MID, None);
        assert!(!r.attacker_won, "{r:?}");
        let unseen = Circumstances {
            night: true,
            surprise: true,
            ..Default::default()
        };
        let r = resolve(
            &params(),
            party(10_000.0),
            party(8_000.0),
            unseen,
            MID,
            None,
        );
        assert!(r.attacker_won, "{r:?}");
    }

    #[test]
    fn imposed_result_is_respected() {
        let r = resolve(
            &params(),
            party(20_000.0),
            party(1_000.0),
            Circumstances::default(),
            MID,
            Some(false),
        );
        assert!(!r.attacker_won);
        assert!(r.attacker_losses >= r.defender_losses);
    }

    #[test]
    fn square_law_favours_numbers_more_than_linear() {
        let mut p = params();
        p.breakpoint = 10.0; // fight every bout
        p.law_exponent = 1.0;
        let sq = resolve(
            &p,
            party(2000.0),
            party(1000.0),
            Circumstances::default(),
            MID,
            None,
        );
        p.law_exponent = 0.0;
        let lin = resolve(
            &p,
            party(2000.0),
            party(1000.0),
            Circumstances::default(),
            MID,
            None,
        );
        // Under the square law the larger side loses less relative to the smaller.
        assert!(
            sq.attacker_losses / sq.defender_losses < lin.attacker_losses / lin.defender_losses
        );
    }
}
