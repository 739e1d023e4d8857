//! The muster: the forces as every run of a parameter set finds them on the morning of day 0.
//!
//! Only the marching contingents' paces are drawn for each run; everything else about the opening
//! forces follows from the setup, the parameters and the script, so it is worked out once per
//! parameter set and copied at each run's start.

use bianjing_scenario::model::{ForceKind, Grade};

use crate::draws::RUN_SLOTS;
use crate::event::ForceId;
use crate::params::Params;
use crate::script::Script;
use crate::setup::Setup;
use crate::world::{ForceState, Posture};

/// The opening forces of a parameter set, before the run's paces are drawn.
#[derive(Debug, Clone, Default)]
pub(crate) struct Muster {
    /// Every force, a contingent that marches waiting at the start of its road with pace 1.
    forces: Vec<ForceState>,
    /// The contingents that march, with the day their order to march takes effect (negative when
    /// they set out before the start).
    marching: Vec<(ForceId, f64)>,
    /// The Song field forces at the capital on day 0, in the order of `setup.song_field`.
    field_here: Vec<ForceId>,
}

impl Muster {
    /// Works the opening forces out again for `p` (the storage of the last is reused).
    pub(crate) fn weigh(&mut self, setup: &Setup, p: &Params, script: &Script) {
        self.forces.clear();
        self.forces.extend(setup.forces.iter().map(|f| {
            let posture = if f.marches {
                Posture::Waiting
            } else if matches!(f.kind, ForceKind::WesternArmy | ForceKind::EasternArmy) {
                Posture::Away
            } else {
                Posture::AtCapital
            };
            ForceState {
                present: f.strength,
                killed: 0.0,
                wounded: 0.0,
                deserted: 0.0,
                joined: 0.0,
                morale: match f.grade {
                    Grade::Elite => p.morale_elite,
                    Grade::Veteran => p.morale_veteran,
                    Grade::Regular => p.morale_regular,
                    Grade::Recruit => p.morale_recruit,
                    Grade::Militia => p.morale_militia,
                },
                posture,
                li_left: f.road_li,
                // Only a contingent that marches has a pace; the others keep 1.
                pace: 1.0,
            }
        }));
        self.marching.clear();
        self.marching.extend(
            (0..setup.forces.len() as ForceId)
                .filter(|&i| setup.forces[i as usize].marches)
                .map(|i| (i, script.sets_out(&setup.forces[i as usize]))),
        );
        self.field_here.clear();
        let forces = &self.forces;
        self.field_here.extend(
            setup
                .song_field
                .iter()
                .copied()
                .filter(|&i| forces[i as usize].posture == Posture::AtCapital),
        );
    }

    /// Writes a run's opening forces into `forces` and the field forces at the capital into
    /// `field_here` (both cleared first), each contingent that marches at the pace drawn for it in
    /// `run_draws`.
    pub(crate) fn muster(
        &self,
        p: &Params,
        run_draws: &[f64; RUN_SLOTS],
        forces: &mut Vec<ForceState>,
        field_here: &mut Vec<ForceId>,
    ) {
        forces.clear();
        forces.extend_from_slice(&self.forces);
        for &(i, departs) in &self.marching {
            let f = &mut forces[i as usize];
            let pace = crate::math::lognormal_factor(run_draws[i as usize % RUN_SLOTS], p.pace_sd);
            f.pace = pace;
            // A contingent that set out before the start is already on the road.
            if departs < 0.0 {
                let covered = p.pace_li_per_day * pace * -departs;
                f.posture = Posture::Marching;
                f.li_left -= covered;
            }
        }
        field_here.clear();
        field_here.extend_from_slice(&self.field_here);
    }
}
