//! The game: a free run of the model in which the player holds the emperor's decisions.
//!
//! A game is its seed, its what-ifs and the list of the player's choices: replaying the choices from
//! the start gives the same game, bit for bit. The live state is recomputed by replay whenever it is
//! needed (a run is a few dozen days; a replay costs well under a millisecond in a release build), so
//! a game holds no borrowed simulation and saves are only the choices.

use bianjing_analysis::{Arm, EnsembleSpec, ParamSource, Report, run_serial};
use bianjing_chronicle::{Chronicle, Dates, Entry, RunLabel};
use bianjing_engine::world::{Pursuit, RaidState};
use bianjing_engine::{
    Decision, Event, Happening, KeyEvent, Mode, Orders, Outcome, Params, RaidOrder, RunConfig,
    Script, Setup, Simulation, WhatIfChoice, World,
};
use bianjing_scenario::Scenario;
use serde::{Deserialize, Serialize};

use crate::content::Content;
use crate::knowledge::{self, Heard};
use crate::view::{
    AdvisorView, DecisionView, EndSummary, MapForce, MapPlace, MapView, OptionView, Share,
    TurningPoint, View,
};

/// A problem with a game's set-up, a choice or a save; its text names what and where.
#[derive(Debug, Clone, PartialEq)]
pub struct GameError(pub String);

impl std::fmt::Display for GameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for GameError {}

/// One choice of the player's: on `day`, option `option` of decision `decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub day: u16,
    pub decision: Decision,
    pub option: String,
}

/// What happens to a question after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// Asked again after the content's `reask_days`.
    Later,
    /// Never asked again.
    Never,
    /// Asked again whenever the state of the world opens it again (the next day at the earliest).
    WhenOpen,
}

fn after(decision: Decision, option: &str) -> After {
    match (decision, option) {
        (_, "wait" | "refuse" | "hold" | "keep") => After::Later,
        (Decision::Squeeze, _) | (_, "let-go" | "press" | "agreed") => After::Never,
        _ => After::WhenOpen,
    }
}

/// The state replayed up to the morning of the game's day.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub world: World,
    pub events: Vec<Event>,
    pub open: Vec<Decision>,
    pub outcome: Option<Outcome>,
    pub heard: Vec<Heard>,
    pub dismissal_chance: f64,
}

/// A game in progress.
#[derive(Debug, Clone)]
pub struct Game {
    pub(crate) scenario: Scenario,
    pub(crate) setup: Setup,
    pub(crate) content: Content,
    pub(crate) params: Params,
    /// Where the game's parameters and its end-screen runs' come from (see [`parameter_source`]).
    pub(crate) source: ParamSource,
    script: Script,
    pub(crate) seed: u64,
    pub(crate) what_ifs: Vec<String>,
    what_if_choices: Vec<WhatIfChoice>,
    pub(crate) choices: Vec<Choice>,
    /// The day whose morning the player is at: the next day to run.
    day: u16,
    snapshot: Snapshot,
    end: Option<EndSummary>,
}

impl Game {
    /// A new game of `scenario` (whose content is the built-in game file), seeded with `seed`, with
    /// the named what-ifs (`early-relief=10`, `no-raid`, ...) in force.
    pub fn new(scenario: Scenario, seed: u64, what_ifs: &[String]) -> Result<Game, GameError> {
        let content = Content::builtin(&scenario).map_err(GameError)?;
        let setup = Setup::build(scenario.data(), scenario.calendar()).map_err(|errors| {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            GameError(format!("{}: {}", scenario.file(), list.join("; ")))
        })?;
        let what_if_choices = parse_what_ifs(&setup, what_ifs)?;
        let config = RunConfig {
            mode: Mode::Free,
            what_ifs: what_if_choices.clone(),
            ..RunConfig::default()
        };
        let script =
            Script::compile(&setup, &config).map_err(|e| GameError(format!("what-if: {e}")))?;
        let source = parameter_source(&scenario, &setup);
        // The game is run 0 of its seed, with that run's draw, as `bianjing chronicle` would run it.
        let params = source.params_for(&setup.params, &[], seed, 0);
        let mut game = Game {
            scenario,
            params,
            source,
            script,
            content,
            seed,
            what_ifs: what_ifs.to_vec(),
            what_if_choices,
            choices: Vec::new(),
            day: 0,
            snapshot: Snapshot {
                world: empty_world(&setup),
                events: Vec::new(),
                open: Vec::new(),
                outcome: None,
                heard: Vec::new(),
                dismissal_chance: 0.0,
            },
            setup,
            end: None,
        };
        game.refresh();
        Ok(game)
    }

    // ---- getters ----

    /// The day of the morning the player is at (days since the scenario's start).
    pub fn day(&self) -> u16 {
        self.day
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn what_ifs(&self) -> &[String] {
        &self.what_ifs
    }
    /// The player's choices so far, in order.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }
    pub fn is_finished(&self) -> bool {
        self.snapshot.outcome.is_some()
    }
    /// The decision waiting for the player's answer, if any.
    pub fn pending(&self) -> Option<Decision> {
        self.questions().first().copied()
    }
    /// The run's events so far (everything that happened, known to the court or not).
    pub fn events(&self) -> &[Event] {
        &self.snapshot.events
    }
    /// The run's outcome once it has ended.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.snapshot.outcome.as_ref()
    }

    // ---- commands ----

    /// Answers the pending decision with option `option` (its id, as in the content file).
    pub fn choose(&mut self, option: &str) -> Result<(), GameError> {
        let Some(decision) = self.pending() else {
            return Err(GameError("no decision is waiting for an answer".into()));
        };
        let text = self.content.text(decision);
        if !text.option.iter().any(|o| o.id == option) {
            let ids: Vec<&str> = text.option.iter().map(|o| o.id.as_str()).collect();
            return Err(GameError(format!(
                "decision `{}` has no option `{option}`; its options: {}",
                decision.name(),
                ids.join(", ")
            )));
        }
        self.choices.push(Choice {
            day: self.day,
            decision,
            option: option.to_string(),
        });
        Ok(())
    }

    /// Answers the pending decision with its `n`-th option (from 0).
    pub fn choose_nth(&mut self, n: usize) -> Result<(), GameError> {
        let Some(decision) = self.pending() else {
            return Err(GameError("no decision is waiting for an answer".into()));
        };
        let id = self
            .content
            .text(decision)
            .option
            .get(n)
            .map(|o| o.id.clone())
            .ok_or_else(|| {
                GameError(format!(
                    "decision `{}` has no option {}",
                    decision.name(),
                    n + 1
                ))
            })?;
        self.choose(&id)
    }

    /// Runs one day, unless a decision is waiting or the game is over. Returns whether a day ran.
    pub fn step_day(&mut self) -> bool {
        if self.is_finished() || self.pending().is_some() {
            return false;
        }
        self.day += 1;
        self.refresh();
        true
    }

    /// Runs day after day until a decision waits for the player or the game ends.
    pub fn advance(&mut self) {
        while self.step_day() {}
    }

    /// The end summary: the player's outcome, the recorded history, what usually happens (free runs
    /// from the same start) and the game's turning points. `None` until the game ends. The ensemble
    /// runs once, on the first call.
    pub fn end_summary(&mut self) -> Option<&EndSummary> {
        if !self.is_finished() {
            return None;
        }
        if self.end.is_none() {
            self.end = Some(self.summarise());
        }
        self.end.as_ref()
    }

    // ---- the replay ----

    /// The orders in force on `day`: persistent answers (the squeeze, an agreed attack) and that
    /// day's answers.
    fn orders_for(&self, day: u16) -> Orders {
        let mut o = Orders::default();
        for c in self.choices.iter().filter(|c| c.day <= day) {
            let today = c.day == day;
            let yes = |id: &str| Some(c.option == id);
            match c.decision {
                Decision::Squeeze => {
                    o.squeeze = self
                        .content
                        .text(Decision::Squeeze)
                        .option
                        .iter()
                        .find(|x| x.id == c.option)
                        .and_then(|x| x.squeeze);
                }
                Decision::Raid => {
                    let order = match c.option.as_str() {
                        "agreed" => Some(RaidOrder::Agreed),
                        "tonight-informed" if today => Some(RaidOrder::TonightInformed),
                        "tonight-secret" if today => Some(RaidOrder::TonightSecret),
                        "hold" if today => Some(RaidOrder::Hold),
                        _ => o.raid,
                    };
                    o.raid = order;
                }
                _ if !today => {}
                Decision::Negotiate => o.negotiate = yes("send"),
                Decision::Terms => o.accept_terms = yes("accept"),
                Decision::Hostage => o.send_hostage = yes("send"),
                Decision::Dismiss => o.dismiss = yes("dismiss"),
                Decision::Restore => o.restore = yes("restore"),
                Decision::Pursue => o.pursue = yes("pursue"),
                Decision::Recall => o.recall = yes("recall"),
            }
        }
        o
    }

    /// The questions for the player this morning, in the order the engine lists them.
    fn questions(&self) -> Vec<Decision> {
        let s = &self.snapshot;
        if s.outcome.is_some() {
            return Vec::new();
        }
        let k = &self.content.knowledge;
        s.open
            .iter()
            .copied()
            .filter(|&d| {
                if d == Decision::Dismiss && s.dismissal_chance < k.dismissal_asked_above {
                    return false;
                }
                if d == Decision::Restore
                    && !s.world.crowd_out
                    && s.world.jin == bianjing_engine::world::JinPhase::North
                {
                    // Once the Jin are gone and the streets quiet, nobody presses the question.
                    return false;
                }
                if d == Decision::Raid && matches!(s.world.raid, RaidState::Planned { .. }) {
                    // An attack already agreed goes in on its day.
                    return false;
                }
                match self.choices.iter().rev().find(|c| c.decision == d) {
                    None => true,
                    Some(c) if c.day == self.day => false,
                    Some(c) => match after(d, &c.option) {
                        After::Never => false,
                        After::Later => self.day >= c.day + k.reask_days.max(1),
                        After::WhenOpen => true,
                    },
                }
            })
            .collect()
    }

    /// Replays the run to the morning of `self.day` and keeps what the views need.
    fn refresh(&mut self) {
        let mut sim = Simulation::new(&self.setup, &self.params, &self.script, self.seed, 0);
        let mut events = Vec::new();
        let mut heard = Vec::new();
        while sim.world().day < self.day && !sim.is_finished() {
            let d = sim.world().day;
            sim.set_orders(self.orders_for(d));
            sim.step(&mut events);
            knowledge::hear(self, &sim, d, &mut heard);
        }
        // The game ends on the morning after the run's last day.
        if sim.is_finished() {
            self.day = sim.world().day;
        }
        let snapshot = Snapshot {
            world: sim.world().clone(),
            open: sim.open_decisions(),
            outcome: sim.is_finished().then(|| sim.outcome()),
            dismissal_chance: sim.dismissal_chance(),
            events,
            heard,
        };
        self.snapshot = snapshot;
    }

    pub(crate) fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Dates of a day of the run.
    pub(crate) fn dates(&self, day: u16) -> Dates {
        Dates::of(self.scenario.calendar(), self.setup.jdn(day))
    }

    /// The name of the person in a role of the scenario's cast, or `otherwise`.
    pub(crate) fn cast_name(&self, person: Option<u16>, otherwise: &str) -> String {
        person
            .and_then(|i| self.scenario.data().person.get(usize::from(i)))
            .map_or_else(|| otherwise.to_string(), |p| p.name.clone())
    }

    /// The name of a place of the scenario by index.
    pub(crate) fn place_name(&self, i: u16) -> String {
        self.scenario
            .data()
            .place
            .get(usize::from(i))
            .map_or_else(|| "the camp".to_string(), |p| p.name.clone())
    }

    pub(crate) fn person_name(&self, id: &str) -> String {
        self.scenario
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// The run's events told in words, dated.
    pub(crate) fn entries(&self, events: &[Event]) -> Vec<Entry> {
        let label = RunLabel {
            mode: "game".into(),
            record: "essay".into(),
            seed: self.seed,
            what_ifs: self.what_ifs.clone(),
        };
        let outcome = self
            .snapshot
            .outcome
            .clone()
            .unwrap_or_else(|| Outcome::of(&self.setup, &self.snapshot.world));
        Chronicle::tell(
            self.scenario.data(),
            self.scenario.calendar(),
            &self.setup,
            label,
            events,
            &outcome,
        )
        .events
    }

    // ---- views ----

    /// Everything a front end shows, as the emperor knows it.
    pub fn view(&self) -> View {
        let s = &self.snapshot;
        // The court hears of the western army only through couriers: its moves stay off the chronicle
        // until the end.
        let known: Vec<Event> = s
            .events
            .iter()
            .filter(|e| {
                self.is_finished()
                    || !matches!(
                        e.what,
                        Happening::WesternMutiny { .. } | Happening::WesternAdvance { .. }
                    )
            })
            .copied()
            .collect();
        View {
            title: self.scenario.data().scenario.title.clone(),
            emperor: self.cast_name(self.setup.cast.emperor, "the emperor"),
            war_leader: self.cast_name(self.setup.cast.war_leader, "the war leader"),
            seed: self.seed,
            what_ifs: self.what_ifs.clone(),
            day: self.day,
            date: self.dates(self.day),
            finished: self.is_finished(),
            map: self.map(),
            chronicle: self.entries(&known),
            knowledge: knowledge::report(self),
            pending: self.pending().map(|d| self.decision_view(d)),
            choices: self.choices.clone(),
        }
    }

    fn decision_view(&self, d: Decision) -> DecisionView {
        let t = self.content.text(d);
        let w = &self.snapshot.world;
        // The crowd at the gate is news of today, in the model's numbers.
        let situation = match &t.with_crowd {
            Some(crowd) if w.crowd_out => format!(
                "About {} people are at the palace gate. {crowd} {}",
                knowledge::thousands((w.crowd / 1000.0).round() * 1000.0),
                t.situation
            ),
            _ => t.situation.clone(),
        };
        DecisionView {
            id: d.name().to_string(),
            title: t.title.clone(),
            situation,
            why_hard: t.why_hard.clone(),
            sources: t.sources.clone(),
            options: t
                .option
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    effect: o.effect.clone(),
                })
                .collect(),
            advisors: t
                .advisor
                .iter()
                .map(|a| AdvisorView {
                    person: a.person.clone(),
                    name: self.person_name(&a.person),
                    says: a.says.clone(),
                    sources: a.sources.clone(),
                    reconstruction: a.reconstruction,
                })
                .collect(),
        }
    }

    fn map(&self) -> MapView {
        let file = self.scenario.data();
        let places = file
            .place
            .iter()
            .map(|p| MapPlace {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: format!("{:?}", p.kind).to_lowercase(),
                lon: p.lon,
                lat: p.lat,
            })
            .collect();
        let roads = file
            .road
            .iter()
            .map(|r| (r.from.clone(), r.to.clone()))
            .collect();
        let est = knowledge::estimates(self);
        let forces = bianjing_export::positions(
            file,
            self.scenario.calendar(),
            &self.setup,
            &self.snapshot.world,
            self.day,
        )
        .into_iter()
        .filter(|f| f.men >= 1.0)
        .map(|mut f| {
            if f.force == self.setup.forces[usize::from(self.setup.jin_west)].id {
                // The western army stands where the last courier placed it.
                let reported = self
                    .snapshot
                    .events
                    .iter()
                    .rev()
                    .find_map(|e| match e.what {
                        Happening::WesternNews { place, .. } => Some(place),
                        _ => None,
                    });
                let origin = self.setup.forces[usize::from(self.setup.jin_west)].origin;
                if let Some(p) = file.place.get(usize::from(reported.unwrap_or(origin))) {
                    (f.lon, f.lat) = (p.lon, p.lat);
                }
            }
            let jin = f.side == "jin";
            // The emperor sees the Jin through his estimate, and the western army not at all until
            // the couriers come.
            let men = if jin {
                est.jin_men_seen(&f.force, f.men)
            } else {
                f.men
            };
            MapForce {
                id: f.force,
                name: f.name,
                side: f.side.to_string(),
                posture: f.posture.to_string(),
                men: (men / 100.0).round() * 100.0,
                lon: f.lon,
                lat: f.lat,
            }
        })
        .collect();
        MapView {
            places,
            roads,
            forces,
        }
    }

    // ---- the end ----

    fn summarise(&self) -> EndSummary {
        let label = |mode: &str| RunLabel {
            mode: mode.into(),
            record: "essay".into(),
            seed: self.seed,
            what_ifs: Vec::new(),
        };
        let tell = |events: &[Event], outcome: &Outcome, mode: &str| {
            Chronicle::tell(
                self.scenario.data(),
                self.scenario.calendar(),
                &self.setup,
                label(mode),
                events,
                outcome,
            )
        };
        let yours_outcome = self
            .snapshot
            .outcome
            .clone()
            .unwrap_or_else(|| Outcome::of(&self.setup, &self.snapshot.world));
        let yours = tell(&self.snapshot.events, &yours_outcome, "game");
        let history_script = Script::compile(&self.setup, &RunConfig::default())
            .unwrap_or_else(|_| Script::default());
        let mut history_events = Vec::new();
        let history_outcome =
            Simulation::new(&self.setup, &self.params, &history_script, self.seed, 0)
                .run(&mut history_events);
        let recorded = tell(&history_events, &history_outcome, "history");
        let free = RunConfig {
            mode: Mode::Free,
            what_ifs: self.what_if_choices.clone(),
            ..RunConfig::default()
        };
        let runs = self.content.knowledge.ensemble_runs;
        let usually = Arm::compile(&self.setup, "free", &free, self.setup.params.clone())
            .ok()
            .map(|arm| {
                // The free runs draw their parameters as every ensemble of this scenario does.
                let spec = EnsembleSpec {
                    runs,
                    seed: self.seed,
                    arms: vec![arm],
                    source: self.source.clone(),
                };
                let report = Report::new(&run_serial(&self.setup, &spec, 0..runs));
                let arm = &report.arms[0];
                let mut shares: Vec<Share> = arm
                    .categories
                    .iter()
                    .zip(bianjing_engine::Category::ALL)
                    .map(|(p, c)| Share {
                        name: p.name.clone(),
                        text: c.describe().to_string(),
                        p: p.p,
                        lo: p.lo,
                        hi: p.hi,
                    })
                    .collect();
                shares.extend(arm.events.iter().map(|e| Share {
                    name: e.name.clone(),
                    text: key_event_words(&e.name).to_string(),
                    p: e.p,
                    lo: e.lo,
                    hi: e.hi,
                }));
                shares
            })
            .unwrap_or_default();
        EndSummary {
            game: yours,
            recorded,
            usually,
            runs,
            turning_points: self.turning_points(),
        }
    }

    /// The player's choices that acted, and the key events of the run, in order of days.
    pub fn turning_points(&self) -> Vec<TurningPoint> {
        let mut points: Vec<TurningPoint> = self
            .choices
            .iter()
            .filter(|c| after(c.decision, &c.option) != After::Later)
            .map(|c| {
                let t = self.content.text(c.decision);
                let label = t
                    .option
                    .iter()
                    .find(|o| o.id == c.option)
                    .map_or(c.option.as_str(), |o| o.label.as_str());
                TurningPoint {
                    day: c.day,
                    dates: self.dates(c.day),
                    yours: true,
                    text: format!("{}: {}", t.title, label),
                }
            })
            .collect();
        let key: Vec<Event> = self
            .snapshot
            .events
            .iter()
            .filter(|e| {
                KeyEvent::of(&e.what).is_some()
                    || matches!(
                        e.what,
                        Happening::CityTaken
                            | Happening::EasternArmyBroken
                            | Happening::TermsAccepted
                            | Happening::Capitulation
                    )
            })
            .copied()
            .collect();
        for e in self.entries(&key) {
            points.push(TurningPoint {
                day: e.day,
                dates: e.dates,
                yours: false,
                text: e.text,
            });
        }
        points.sort_by_key(|p| (p.day, !p.yours));
        points
    }

    /// Whether the pursuit is still out (for the views).
    pub(crate) fn pursuit_out(&self) -> bool {
        matches!(self.snapshot.world.pursuit, Pursuit::Ordered { .. })
    }
}

/// What-ifs as the command line names them (`early-relief=10`), resolved against the setup.
fn parse_what_ifs(setup: &Setup, names: &[String]) -> Result<Vec<WhatIfChoice>, GameError> {
    let mut out: Vec<WhatIfChoice> = Vec::new();
    for spec in names {
        let (name, value) = match spec.split_once('=') {
            Some((n, v)) => {
                let v: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| GameError(format!("what-if {spec}: `{v}` is not a number")))?;
                (n.trim(), Some(v))
            }
            None => (spec.trim(), None),
        };
        let index = setup.what_if(name).ok_or_else(|| {
            let known: Vec<_> = setup.what_ifs.iter().map(|w| w.id.as_str()).collect();
            GameError(format!(
                "what-if: no what-if is called `{name}`; known: {}",
                known.join(", ")
            ))
        })?;
        if out.iter().any(|w| w.index == index) {
            return Err(GameError(format!("what-if: `{name}` given twice")));
        }
        out.push(WhatIfChoice { index, value });
    }
    Ok(out)
}

/// A world to stand in before the first replay.
fn empty_world(setup: &Setup) -> World {
    let script = Script::default();
    Simulation::new(setup, &setup.params, &script, 0, 0)
        .world()
        .clone()
}

/// A key event in plain words, for the end screen.
fn key_event_words(name: &str) -> &str {
    match name {
        "night-raid" => "a night raid on the Jin camp",
        "raid-fails" => "the raid beaten",
        "dismissal" => "the war leader dismissed",
        "uprising" => "the city rises",
        "restoration" => "the war leader restored",
        "withdrawal" => "the Jin withdraw",
        "crossed-north" => "the Jin back across the Yellow River",
        "pursuit-ordered" => "a pursuit ordered",
        "pursuit-recalled" => "the pursuit recalled",
        other => other,
    }
}

/// Where a game's parameters come from: the built-in scenario's shipped posterior (run 0's draw of
/// the game's seed, as every command runs the built-in scenario), the declared defaults for any other
/// scenario.
pub(crate) fn parameter_source(scenario: &Scenario, setup: &Setup) -> ParamSource {
    if scenario.text() == bianjing_scenario::builtin_text() {
        ParamSource::builtin(setup, &scenario.data().scenario.id).unwrap_or(ParamSource::Fixed)
    } else {
        ParamSource::Fixed
    }
}
