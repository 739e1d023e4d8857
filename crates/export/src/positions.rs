//! Where each force stands on a day of a run, for maps.
//!
//! The model tracks distances, not coordinates, so a position is derived, simply:
//! - a force **waiting** to set out, or **away** from the capital, stands at its origin (the western
//!   army, while away, at the last place of its route it has taken);
//! - a force **marching** stands on the straight line from its origin to the capital, at the share of
//!   its road already covered (`1 - li_left / road_li`);
//! - a force **at the capital** stands at the capital's point (garrison, field force, relief camps alike);
//! - the **Jin eastern army** goes by its phase: at its origin (the north-bank crossing) while on the
//!   north bank, crossing, bridging or back north; on the straight line between its origin and the
//!   camp while approaching or withdrawing, at the share of the road covered; at the camp before the
//!   capital.
//!
//! Straight lines, not the roads' real courses: good enough to watch the armies converge on a map.

use bianjing_calendar::Calendar;
use bianjing_chronicle::Dates;
use bianjing_engine::Setup;
use bianjing_engine::world::{JinPhase, Posture, World};
use bianjing_scenario::model::ScenarioFile;

/// One force on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ForcePosition {
    /// The force's id in the scenario.
    pub force: String,
    pub name: String,
    /// `song` or `jin`.
    pub side: &'static str,
    /// Days since the scenario's start.
    pub day: u16,
    pub dates: Dates,
    /// `waiting`, `marching`, `at-capital` or `away`.
    pub posture: &'static str,
    /// For the Jin eastern army, its phase (`north-bank`, `crossing`, `approaching`,
    /// `before-capital`, `withdrawing`, `bridging`, `north`).
    pub phase: Option<&'static str>,
    /// Men present.
    pub men: f64,
    /// Degrees east and north.
    pub lon: f64,
    pub lat: f64,
}

fn lerp(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

fn covered(left: f64, total: f64) -> f64 {
    if total > 0.0 { 1.0 - left / total } else { 1.0 }
}

fn posture_name(p: Posture) -> &'static str {
    match p {
        Posture::Waiting => "waiting",
        Posture::Marching => "marching",
        Posture::AtCapital => "at-capital",
        Posture::Away => "away",
    }
}

fn phase_name(p: JinPhase) -> &'static str {
    match p {
        JinPhase::NorthBank => "north-bank",
        JinPhase::Crossing { .. } => "crossing",
        JinPhase::Approaching => "approaching",
        JinPhase::BeforeCapital => "before-capital",
        JinPhase::Withdrawing => "withdrawing",
        JinPhase::Bridging { .. } => "bridging",
        JinPhase::North => "north",
    }
}

/// Every force's position in `world` (the state at the end of `day`) of a run of `setup`, built from
/// `file` with `calendar`. Forces whose places lack coordinates are left out (a validated scenario has
/// none such).
pub fn positions(
    file: &ScenarioFile,
    calendar: &Calendar,
    setup: &Setup,
    world: &World,
    day: u16,
) -> Vec<ForcePosition> {
    let point = |i: u16| {
        file.place
            .get(usize::from(i))
            .map(|p| (p.lon, p.lat))
            .filter(|(lon, lat)| lon.is_finite() && lat.is_finite())
    };
    let dates = Dates::of(calendar, setup.jdn(day));
    let mut out = Vec::new();
    for (i, (spec, state)) in setup.forces.iter().zip(&world.forces).enumerate() {
        let i = i as u16;
        let (Some(origin), Some(capital)) = (point(spec.origin), point(setup.capital)) else {
            continue;
        };
        let camp = point(setup.camp).unwrap_or(capital);
        let mut phase = None;
        let at = if i == setup.jin_east {
            phase = Some(phase_name(world.jin));
            let share = covered(world.jin_li_left, setup.crossing_li);
            match world.jin {
                JinPhase::NorthBank
                | JinPhase::Crossing { .. }
                | JinPhase::Bridging { .. }
                | JinPhase::North => origin,
                JinPhase::Approaching => lerp(origin, camp, share),
                JinPhase::Withdrawing => lerp(camp, origin, share),
                JinPhase::BeforeCapital => camp,
            }
        } else {
            match state.posture {
                Posture::Marching => lerp(origin, capital, covered(state.li_left, spec.road_li)),
                Posture::AtCapital => capital,
                Posture::Away if i == setup.jin_west => {
                    let taken = usize::from(world.western_next);
                    taken
                        .checked_sub(1)
                        .and_then(|k| setup.western_route.get(k))
                        .and_then(|&(p, _)| point(p))
                        .unwrap_or(origin)
                }
                Posture::Waiting | Posture::Away => origin,
            }
        };
        let side = match spec.side {
            bianjing_engine::Side::Song => "song",
            bianjing_engine::Side::Jin => "jin",
        };
        out.push(ForcePosition {
            force: spec.id.clone(),
            name: spec.name.clone(),
            side,
            day,
            dates: dates.clone(),
            posture: posture_name(state.posture),
            phase,
            men: if state.present.is_finite() {
                state.present.max(0.0)
            } else {
                0.0
            },
            lon: at.0,
            lat: at.1,
        });
    }
    out
}
