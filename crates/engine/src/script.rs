//! What a run imposes: the record before the point of divergence, and the interventions after it.
//!
//! History mode imposes every recorded event on its date and lets no mechanism produce a discrete event
//! of its own. Free mode imposes nothing. A what-if is history up to its point of divergence and free
//! after it, with its intervention in force; several what-ifs diverge at the earliest of their points.

use bianjing_scenario::model::{EventKind, Intervention};

use crate::setup::{ForceSpec, Record, Setup};

/// History or free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Recorded events imposed on their dates.
    #[default]
    History,
    /// Nothing imposed: events arise from the mechanisms.
    Free,
}

/// A what-if chosen for a run, with its value if it takes one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhatIfChoice {
    pub index: usize,
    pub value: Option<f64>,
}

/// How to run: mode, record and what-ifs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunConfig {
    pub mode: Mode,
    pub record: Record,
    pub what_ifs: Vec<WhatIfChoice>,
}

/// Why a run configuration was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ConfigError {}

/// The compiled plan of a run.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// First day on which the mechanisms run free.
    pub free_from: u16,
    /// Recorded events to impose, by day, in record order: (day, event index).
    pub imposed: Vec<(u16, u16)>,
    pub forbid_raid: bool,
    /// Day of the coordinated raid, for `raid-as-planned`.
    pub coordinated_raid: Option<u16>,
    pub keep_war_leader: bool,
    pub refuse_terms: bool,
    pub pay_in_full: bool,
    pub pursue: bool,
    /// Days earlier that relief contingents set out.
    pub early_relief: f64,
    /// The record imposed before the divergence.
    pub record: Record,
}

impl Script {
    pub fn compile(setup: &Setup, config: &RunConfig) -> Result<Script, ConfigError> {
        let mut s = Script {
            record: config.record,
            ..Script::default()
        };
        let mut divergence = i32::MAX;
        for choice in &config.what_ifs {
            let w = setup
                .what_ifs
                .get(choice.index)
                .ok_or_else(|| ConfigError(format!("no what-if number {}", choice.index)))?;
            let value = match (w.value, choice.value) {
                (None, Some(_)) => {
                    return Err(ConfigError(format!("what-if `{}` takes no value", w.id)));
                }
                (Some((min, default, max)), v) => {
                    let v = v.unwrap_or(default);
                    if !(min..=max).contains(&v) {
                        return Err(ConfigError(format!(
                            "what-if `{}`: {v} is outside its range [{min}, {max}]",
                            w.id
                        )));
                    }
                    v
                }
                (None, None) => 0.0,
            };
            let day = setup
                .event_day(w.diverges_at, config.record)
                .ok_or_else(|| {
                    ConfigError(format!(
                        "what-if `{}` diverges at `{}`, which this record does not hold",
                        w.id, setup.events[w.diverges_at].id
                    ))
                })?;
            let day = if w.shifts_divergence {
                day - value.round() as i32
            } else {
                day
            };
            divergence = divergence.min(day.max(0));
            match w.intervention {
                Intervention::ForbidRaid => s.forbid_raid = true,
                Intervention::RaidAsPlanned => {
                    s.forbid_raid = true;
                    s.coordinated_raid = w.date.map(|d| d.max(0) as u16);
                }
                Intervention::KeepWarLeader => s.keep_war_leader = true,
                Intervention::RefuseTerms => s.refuse_terms = true,
                Intervention::PayInFull => s.pay_in_full = true,
                Intervention::Pursue => s.pursue = true,
                Intervention::EarlyRelief => s.early_relief = value,
            }
        }
        if s.coordinated_raid.is_some()
            && config
                .what_ifs
                .iter()
                .any(|c| setup.what_ifs[c.index].intervention == Intervention::ForbidRaid)
        {
            return Err(ConfigError(
                "what-ifs contradict each other: one forbids the raid, another plans it".into(),
            ));
        }
        s.free_from = match config.mode {
            Mode::Free => 0,
            Mode::History if divergence == i32::MAX => u16::MAX,
            Mode::History => divergence as u16,
        };
        for (i, e) in setup.events.iter().enumerate() {
            if e.kind == EventKind::Background {
                continue;
            }
            if let Some(day) = setup.event_day(i, config.record)
                && day >= 0
                && (day as u32) < u32::from(s.free_from)
                && day < i32::from(setup.days)
            {
                s.imposed.push((day as u16, i as u16));
            }
        }
        s.imposed.sort_by_key(|&(day, _)| day);
        Ok(s)
    }

    /// Whether the mechanisms run free on `day`.
    #[inline]
    pub fn free(&self, day: u16) -> bool {
        day >= self.free_from
    }

    /// The day the order to march of contingent `force` takes effect in this run: its departure,
    /// brought forward by `early_relief` days (negative when it set out before the start).
    pub(crate) fn sets_out(&self, force: &ForceSpec) -> f64 {
        f64::from(force.departs) - self.early_relief
    }
}
