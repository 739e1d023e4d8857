//! The game's historical content: the decisions as the player meets them, the advisors' arguments with
//! their sources, the rumours, and the assumptions of the emperor's knowledge. Read from
//! `scenarios/bianjing-1126.game.toml` (embedded) and checked against the scenario's persons and
//! sources.

use bianjing_engine::Decision;
use bianjing_scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The embedded content file.
pub const BUILTIN_TEXT: &str = include_str!("../../../scenarios/bianjing-1126.game.toml");
/// Its name in messages.
pub const BUILTIN_NAME: &str = "bianjing-1126.game.toml";

/// The content file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub format: String,
    pub version: u32,
    pub knowledge: KnowledgeModel,
    pub decision: Vec<DecisionText>,
    #[serde(default)]
    pub rumour: Vec<RumourText>,
}

/// How the emperor learns of the world; every number a modelling assumption (see the file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeModel {
    pub jin_men_sd: f64,
    pub song_men_sd: f64,
    pub city_sd: f64,
    pub relief_band: f64,
    pub garrison_band: f64,
    pub court_band: f64,
    pub rumour_chance: f64,
    pub false_rumour_share: f64,
    pub reask_days: u16,
    pub dismissal_asked_above: f64,
    pub ensemble_runs: u64,
}

/// One decision's words.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionText {
    pub id: String,
    pub title: String,
    pub situation: String,
    /// Said instead, after the crowd's size, while a crowd is out.
    #[serde(default)]
    pub with_crowd: Option<String>,
    pub why_hard: String,
    pub sources: Vec<String>,
    pub option: Vec<OptionText>,
    pub advisor: Vec<AdvisorText>,
}

/// One answer to a decision.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OptionText {
    pub id: String,
    pub label: String,
    pub effect: String,
    /// For the squeeze: the share of the city's wealth taken.
    #[serde(default)]
    pub squeeze: Option<f64>,
}

/// One advisor's argument.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorText {
    /// Id of a scenario person.
    pub person: String,
    pub says: String,
    pub sources: Vec<String>,
    /// Not quoted or paraphrased from a source: what the person's recorded position implies.
    #[serde(default)]
    pub reconstruction: bool,
}

/// A rumour the court may hear.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RumourText {
    pub about: String,
    pub text: String,
    pub sources: Vec<String>,
}

/// The options each decision must offer: the game gives each of them its effect in the model.
pub(crate) fn expected_options(d: Decision) -> &'static [&'static str] {
    match d {
        Decision::Negotiate => &["send", "wait"],
        Decision::Terms => &["accept", "refuse"],
        Decision::Squeeze => &["light", "ordinary", "strip"],
        Decision::Hostage => &["send", "refuse"],
        Decision::Raid => &["hold", "agreed", "tonight-informed", "tonight-secret"],
        Decision::Dismiss => &["dismiss", "keep"],
        Decision::Restore => &["restore", "refuse"],
        Decision::Pursue => &["pursue", "let-go"],
        Decision::Recall => &["recall", "press"],
    }
}

/// The rumours the game knows how to judge true or false.
pub(crate) const RUMOURS: [&str; 4] = [
    "jin-hungry",
    "jin-wants-to-leave",
    "relief-near",
    "city-angry",
];

impl Content {
    /// The built-in content, checked against `scenario`.
    pub fn builtin(scenario: &Scenario) -> Result<Content, String> {
        Content::parse(BUILTIN_TEXT, BUILTIN_NAME, scenario)
    }

    /// Parses and checks `text`; errors name `file` and the problem.
    pub fn parse(text: &str, file: &str, scenario: &Scenario) -> Result<Content, String> {
        let c: Content = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let mut problems = Vec::new();
        if c.format != "bianjing-game" || c.version != 1 {
            problems.push(format!(
                "format `{}` version {}: expected `bianjing-game` version 1",
                c.format, c.version
            ));
        }
        let k = &c.knowledge;
        for (name, v, lo, hi) in [
            ("jin_men_sd", k.jin_men_sd, 0.0, 2.0),
            ("song_men_sd", k.song_men_sd, 0.0, 2.0),
            ("city_sd", k.city_sd, 0.0, 2.0),
            ("relief_band", k.relief_band, 0.0, 1.0),
            ("garrison_band", k.garrison_band, 0.0, 1.0),
            ("court_band", k.court_band, 0.0, 50.0),
            ("rumour_chance", k.rumour_chance, 0.0, 1.0),
            ("false_rumour_share", k.false_rumour_share, 0.0, 1.0),
            ("dismissal_asked_above", k.dismissal_asked_above, 0.0, 1.0),
        ] {
            if !(lo..=hi).contains(&v) {
                problems.push(format!("knowledge.{name} = {v}: expected {lo} to {hi}"));
            }
        }
        if k.ensemble_runs == 0 || k.ensemble_runs > 1_000_000 {
            problems.push("knowledge.ensemble_runs: expected 1 to 1,000,000".into());
        }
        let source_ok = |s: &str| {
            let id = s.split(':').next().unwrap_or(s);
            scenario.source(id).is_some()
        };
        for d in Decision::ALL {
            let Some(text) = c.decision.iter().find(|t| t.id == d.name()) else {
                problems.push(format!("no [[decision]] with id `{}`", d.name()));
                continue;
            };
            let ids: Vec<&str> = text.option.iter().map(|o| o.id.as_str()).collect();
            if ids != expected_options(d) {
                problems.push(format!(
                    "decision `{}`: options {:?}, expected {:?} in that order",
                    d.name(),
                    ids,
                    expected_options(d)
                ));
            }
            if d == Decision::Squeeze {
                for o in &text.option {
                    if !o.squeeze.is_some_and(|s| (0.0..=1.0).contains(&s)) {
                        problems.push(format!(
                            "decision `squeeze`, option `{}`: needs `squeeze` between 0 and 1",
                            o.id
                        ));
                    }
                }
            }
            if text.advisor.is_empty() {
                problems.push(format!("decision `{}`: no advisor speaks", d.name()));
            }
        }
        for t in &c.decision {
            if Decision::from_name(&t.id).is_none() {
                problems.push(format!("decision `{}`: not a decision of the game", t.id));
            }
            for s in t
                .sources
                .iter()
                .chain(t.advisor.iter().flat_map(|a| &a.sources))
            {
                if !source_ok(s) {
                    problems.push(format!(
                        "decision `{}`: source `{s}` is not in the scenario",
                        t.id
                    ));
                }
            }
            for a in &t.advisor {
                if scenario.person(&a.person).is_none() {
                    problems.push(format!(
                        "decision `{}`: advisor `{}` is not a person of the scenario",
                        t.id, a.person
                    ));
                }
            }
        }
        for r in &c.rumour {
            if !RUMOURS.contains(&r.about.as_str()) {
                problems.push(format!(
                    "rumour about `{}`: expected one of {RUMOURS:?}",
                    r.about
                ));
            }
        }
        if problems.is_empty() {
            Ok(c)
        } else {
            Err(format!("{file}: {}", problems.join("; ")))
        }
    }

    /// The words of decision `d` (present: checked on parsing).
    pub fn text(&self, d: Decision) -> &DecisionText {
        self.decision
            .iter()
            .find(|t| t.id == d.name())
            .unwrap_or(&self.decision[0])
    }
}
