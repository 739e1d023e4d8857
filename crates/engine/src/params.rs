//! The model's uncertain parameters.
//!
//! Every field is declared in the scenario's `[[parameter]]` table with its default, range and reasoning:
//! the engine holds no number of its own. [`Params::from_scenario`] fails on a parameter the scenario
//! forgets or one the model does not know, so the two cannot drift apart.

macro_rules! params {
    ($( $group:ident { $( $field:ident : $name:literal ),* $(,)? } )*) => {
        /// All parameters, grouped as in `docs/model.md`.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Params { $( $( pub $field: f64, )* )* }

        /// Names of all parameters, in declaration order.
        pub const PARAM_NAMES: &[&str] = &[ $( $( $name, )* )* ];

        impl Params {
            /// A mutable reference to the parameter called `name`, if the model knows it.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
                match name { $( $( $name => Some(&mut self.$field), )* )* _ => None }
            }
            /// The value of the parameter called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( $( $name => Some(self.$field), )* )* _ => None }
            }
            /// Every parameter unset (NaN), as a placeholder while errors are collected.
            pub(crate) fn unset() -> Params { Params { $( $( $field: f64::NAN, )* )* } }
        }
    };
}

params! {
    engagement {
        morale_swing: "engagement.morale_swing",
        law_exponent: "engagement.law_exponent",
        attrition_rate: "engagement.attrition_rate",
        bouts: "engagement.bouts",
        noise_sd: "engagement.noise_sd",
        breakpoint: "engagement.breakpoint",
        fortification: "engagement.fortification",
        night: "engagement.night",
        surprise: "engagement.surprise",
        ambush: "engagement.ambush",
        crossing: "engagement.crossing",
        killed_share: "engagement.killed_share",
        rout_loss: "engagement.rout_loss",
        desertion: "engagement.desertion",
    }
    quality {
        q_elite: "quality.elite",
        q_veteran: "quality.veteran",
        q_regular: "quality.regular",
        q_recruit: "quality.recruit",
        q_militia: "quality.militia",
    }
    morale {
        morale_elite: "morale.elite",
        morale_veteran: "morale.veteran",
        morale_regular: "morale.regular",
        morale_recruit: "morale.recruit",
        morale_militia: "morale.militia",
    }
    jin {
        grievance_discount: "jin.grievance_discount",
        rearguard_share: "jin.rearguard_share",
        crossing_days: "jin.crossing_days",
        march_li_per_day: "jin.march_li_per_day",
        probe_chance: "jin.probe_chance",
        probe_share: "jin.probe_share",
        assault_hazard: "jin.assault_hazard",
        assault_share: "jin.assault_share",
        letter_hazard: "jin.letter_hazard",
        lift_hazard: "jin.lift_hazard",
        money_satisfaction: "jin.money_satisfaction",
        withdraw_base: "jin.withdraw_base",
        withdraw_gain: "jin.withdraw_gain",
        withdraw_threat: "jin.withdraw_threat",
        withdraw_hunger: "jin.withdraw_hunger",
        withdraw_season: "jin.withdraw_season",
        supply_days: "jin.supply_days",
        forage: "jin.forage",
        bridge_days: "jin.bridge_days",
        gold_to_silver: "jin.gold_to_silver",
    }
    city {
        price_recovery: "city.price_recovery",
        gold_wealth: "city.gold_wealth",
        silver_wealth: "city.silver_wealth",
        food_days: "city.food_days",
        blockade_price: "city.blockade_price",
        snow_price: "city.snow_price",
        garrison_share: "city.garrison_share",
    }
    court {
        shock_decay: "court.shock_decay",
        war_start: "court.war_start",
        resolve_start: "court.resolve_start",
        reversion: "court.reversion",
        influence_noise: "court.influence_noise",
        resolve_follow: "court.resolve_follow",
        resolve_noise: "court.resolve_noise",
        shock_defeat: "court.shock_defeat",
        shock_victory: "court.shock_victory",
        shock_relief: "court.shock_relief",
        shock_threat: "court.shock_threat",
        accept_base: "court.accept_base",
        accept_fear: "court.accept_fear",
        dismiss_base: "court.dismiss_base",
        dismiss_pressure: "court.dismiss_pressure",
        restore_base: "court.restore_base",
        restore_crowd: "court.restore_crowd",
        hostage_hazard: "court.hostage_hazard",
        pursuit_base: "court.pursuit_base",
        pursuit_support: "court.pursuit_support",
        recall_base: "court.recall_base",
        recall_alarm: "court.recall_alarm",
        recall_peace: "court.recall_peace",
        squeeze: "court.squeeze",
        collection_rate: "court.collection_rate",
        delivery_rate: "court.delivery_rate",
    }
    raid {
        plan_ratio: "raid.plan_ratio",
        plan_hazard: "raid.plan_hazard",
        plan_lead_days: "raid.plan_lead_days",
        premature_hazard: "raid.premature_hazard",
        leak_secret: "raid.leak_secret",
        leak_planned: "raid.leak_planned",
        support_share: "raid.support_share",
    }
    populace {
        pool: "populace.pool",
        outrage_spread: "populace.outrage_spread",
        threshold_mean: "populace.threshold_mean",
        threshold_sd: "populace.threshold_sd",
        student_share: "populace.student_share",
        grievance_decay: "populace.grievance_decay",
        outrage: "populace.outrage",
        hunger_weight: "populace.hunger_weight",
        humiliation: "populace.humiliation",
        uprising_size: "populace.uprising_size",
        crowd_noise: "populace.crowd_noise",
    }
    western {
        mutiny_hazard: "western.mutiny_hazard",
        take_hazard: "western.take_hazard",
        courier_li_per_day: "western.courier_li_per_day",
    }
    relief {
        skirmish_hazard: "relief.skirmish_hazard",
        skirmish_share: "relief.skirmish_share",
        pace_li_per_day: "relief.pace_li_per_day",
        pace_sd: "relief.pace_sd",
        snow_slow: "relief.snow_slow",
    }
    season {
        snow_chance: "season.snow_chance",
        thaw_start_doy: "season.thaw_start_doy",
        thaw_days: "season.thaw_days",
    }
    pursuit {
        share: "pursuit.share",
        catch_hazard: "pursuit.catch_hazard",
        span_days: "pursuit.span_days",
        window_days: "pursuit.window_days",
    }
    outcome {
        broken_share: "outcome.broken_share",
    }
}

/// Every parameter's declared range, in [`PARAM_NAMES`] order.
pub type Ranges = Vec<(&'static str, Range)>;

/// The declared range of a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub default: f64,
    pub max: f64,
}

/// Why a parameter set could not be built.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamError {
    /// The scenario declares a parameter the model does not know (index into its `[[parameter]]`).
    Unknown { index: usize, name: String },
    /// The model needs a parameter the scenario does not declare.
    Missing { name: &'static str },
    /// An override names no parameter.
    UnknownOverride { name: String },
    /// An override lies outside the declared range.
    OutOfRange {
        name: String,
        value: f64,
        range: Range,
    },
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamError::Unknown { name, .. } => write!(f, "the model has no parameter `{name}`"),
            ParamError::Missing { name } => {
                write!(
                    f,
                    "the scenario does not declare the parameter `{name}`, which the model needs"
                )
            }
            ParamError::UnknownOverride { name } => write!(
                f,
                "no parameter is called `{name}` (see `bianjing scenario params` for the list)"
            ),
            ParamError::OutOfRange { name, value, range } => write!(
                f,
                "{name} = {value} is outside its declared range [{}, {}]; widen the range in the scenario if you mean it",
                range.min, range.max
            ),
        }
    }
}

impl std::error::Error for ParamError {}

impl Params {
    /// The defaults declared by the scenario, with each parameter's range.
    pub fn from_scenario(
        defs: &[bianjing_scenario::model::ParameterDef],
    ) -> Result<(Params, Ranges), Vec<ParamError>> {
        let mut p = Params::unset();
        let mut errors = Vec::new();
        let mut ranges = Vec::with_capacity(PARAM_NAMES.len());
        for (index, def) in defs.iter().enumerate() {
            match p.get_mut(&def.name) {
                Some(slot) => *slot = def.default,
                None => errors.push(ParamError::Unknown {
                    index,
                    name: def.name.clone(),
                }),
            }
        }
        for &name in PARAM_NAMES {
            match defs.iter().find(|d| d.name == name) {
                Some(d) => ranges.push((
                    name,
                    Range {
                        min: d.min,
                        default: d.default,
                        max: d.max,
                    },
                )),
                None => errors.push(ParamError::Missing { name }),
            }
        }
        if errors.is_empty() {
            Ok((p, ranges))
        } else {
            Err(errors)
        }
    }

    /// Applies `NAME=VALUE` overrides, each checked against its declared range.
    pub fn apply_overrides(
        &mut self,
        ranges: &[(&'static str, Range)],
        overrides: &[(String, f64)],
    ) -> Result<(), ParamError> {
        for (name, value) in overrides {
            let Some(&(_, range)) = ranges.iter().find(|(n, _)| n == name) else {
                return Err(ParamError::UnknownOverride { name: name.clone() });
            };
            if !value.is_finite() || *value < range.min || *value > range.max {
                return Err(ParamError::OutOfRange {
                    name: name.clone(),
                    value: *value,
                    range,
                });
            }
            *self.get_mut(name).expect("ranges list only known names") = *value;
        }
        Ok(())
    }
}
