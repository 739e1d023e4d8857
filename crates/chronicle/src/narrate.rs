//! Events and outcomes into words.

use bianjing_calendar::Calendar;
use bianjing_engine::event::CrowdAnswer;
use bianjing_engine::{
    Category, Engagement, EngagementKind, Event, Happening, KeyEvent, Outcome, Setup, Side,
};
use bianjing_scenario::model::ScenarioFile;
use serde::Serialize;

use crate::{Dates, Entry};

pub(crate) struct Narrator<'a> {
    pub file: &'a ScenarioFile,
    pub calendar: &'a Calendar,
    pub setup: &'a Setup,
}

/// A number of men, rounded as a chronicler would: to the hundred.
pub(crate) fn men(x: f64) -> String {
    let r = ((x / 100.0).round() * 100.0).max(0.0) as u64;
    thousands(r)
}

/// `n` with a comma between each group of three digits, as the chronicle writes numbers.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Narrator<'_> {
    fn person(&self, i: u16) -> String {
        self.file
            .person
            .get(i as usize)
            .map_or_else(|| "?".into(), |p| p.name.clone())
    }
    fn place(&self, i: u16) -> String {
        self.file
            .place
            .get(i as usize)
            .map_or_else(|| "?".into(), |p| p.name.clone())
    }
    fn force(&self, i: u16) -> String {
        self.file
            .force
            .get(i as usize)
            .map_or_else(|| "?".into(), |f| f.name.clone())
    }
    fn commander(&self, force: u16) -> Option<String> {
        self.setup
            .forces
            .get(force as usize)?
            .commander
            .map(|c| self.person(c))
    }
    fn capital(&self) -> String {
        self.place(self.setup.capital)
    }
    fn camp(&self) -> String {
        self.place(self.setup.camp)
    }

    pub fn entry(&self, e: &Event) -> Entry {
        let dates = Dates::of(self.calendar, self.setup.jdn(e.day));
        let (kind, model_text, mut persons, mut places) = self.describe(&e.what);
        let (text, sources, recorded) = match e.recorded {
            Some(i) => {
                let def = &self.file.event[i as usize];
                for p in &def.persons {
                    if let Some(x) = self.file.person.iter().find(|x| &x.id == p) {
                        push_unique(&mut persons, x.name.clone());
                    }
                }
                for p in &def.places {
                    if let Some(x) = self.file.place.iter().find(|x| &x.id == p) {
                        push_unique(&mut places, x.name.clone());
                    }
                }
                let version = self.chosen_date_version(i as usize, e.day);
                let mut text = format!("{}. {}", def.title.trim_end_matches('.'), def.text);
                if let Happening::Fight(f) = e.what {
                    text.push_str(&format!(" [model: {}]", self.fight_numbers(&f)));
                }
                (text, version, Some(def.id.clone()))
            }
            None => (model_text, Vec::new(), None),
        };
        Entry {
            day: e.day,
            dates,
            kind,
            text,
            persons,
            places,
            sources,
            recorded,
        }
    }

    /// The citations of the date version that put this recorded event on `day`.
    fn chosen_date_version(&self, index: usize, day: u16) -> Vec<String> {
        let def = &self.file.event[index];
        let jdn = self.setup.jdn(day);
        def.date
            .iter()
            .find(|v| {
                self.calendar
                    .parse_lunar(&v.value)
                    .and_then(|d| self.calendar.to_jdn(&d))
                    .is_ok_and(|j| j == jdn)
            })
            .or(def.date.first())
            .map(|v| v.sources.clone())
            .unwrap_or_default()
    }

    fn fight_numbers(&self, f: &Engagement) -> String {
        format!(
            "attackers {} men, {} lost; defenders {} men, {} lost",
            men(f.attacker_men),
            men(f.attacker_losses),
            men(f.defender_men),
            men(f.defender_losses)
        )
    }

    fn describe(&self, what: &Happening) -> (String, String, Vec<String>, Vec<String>) {
        let jin = self.force(self.setup.jin_east);
        let wolibu = self.setup.cast.eastern_commander.map(|c| self.person(c));
        let capital = self.capital();
        let none = Vec::new;
        let (kind, text, persons, places): (&str, String, Vec<String>, Vec<String>) = match *what {
            Happening::JinCrossingBegins => (
                "jin-crossing-begins",
                format!("The {jin} begins to cross the river southwards."),
                wolibu.into_iter().collect(),
                vec![self.place(self.setup.forces[self.setup.jin_east as usize].origin)],
            ),
            Happening::JinCrossed => (
                "jin-crossed",
                format!("The {jin} is over the river and rides for {capital}."),
                none(),
                none(),
            ),
            Happening::Investment => (
                "investment",
                format!(
                    "The {jin} reaches {capital}, camps at {}and invests the city.",
                    clause(&self.camp())
                ),
                none(),
                vec![capital.clone(), self.camp()],
            ),
            Happening::Fight(f) => self.fight(&f),
            Happening::DemandLetter => (
                "demand-letter",
                "The Jin send their demands.".into(),
                none(),
                none(),
            ),
            Happening::HostageSent { person } => (
                "hostage-sent",
                format!(
                    "{}goes to the Jin camp as a hostage.",
                    clause(&self.person(person))
                ),
                vec![self.person(person)],
                vec![self.camp()],
            ),
            Happening::HostageReturned { person } => (
                "hostage-returned",
                format!(
                    "{}comes back from the Jin camp.",
                    clause(&self.person(person))
                ),
                vec![self.person(person)],
                none(),
            ),
            Happening::TermsAccepted => (
                "terms-accepted",
                "The court accepts the Jin terms.".into(),
                none(),
                none(),
            ),
            Happening::PeaceOath => (
                "peace-oath",
                "Peace is sworn on the terms; the cession of the prefectures is promised.".into(),
                none(),
                none(),
            ),
            Happening::DemandDropped => (
                "demand-dropped",
                "A demand is dropped.".into(),
                none(),
                none(),
            ),
            Happening::IndemnityRaised { gold, silver } => (
                "indemnity-raised",
                format!(
                    "Raised so far: {} taels of gold and {} taels of silver.",
                    thousands(gold as u64),
                    thousands(silver as u64)
                ),
                none(),
                none(),
            ),
            Happening::ReliefArrives { force, men: m } => {
                let who = self.commander(force);
                let named = who
                    .as_ref()
                    .is_some_and(|c| self.force(force).contains(c.split(' ').next().unwrap_or(c)));
                let text = match who.as_ref().filter(|_| !named) {
                    Some(c) => format!(
                        "Arrival at {capital}: {} under {c}, {} men.",
                        self.force(force),
                        men(m)
                    ),
                    None => format!(
                        "Arrival at {capital}: {}, {} men.",
                        self.force(force),
                        men(m)
                    ),
                };
                (
                    "relief-arrives",
                    text,
                    who.into_iter().collect(),
                    vec![capital.clone()],
                )
            }
            Happening::ReliefCamps => (
                "relief-camps",
                "Relief armies camp around the city.".into(),
                none(),
                none(),
            ),
            Happening::InvestmentLifted => (
                "investment-lifted",
                "The Jin lift the close investment.".into(),
                none(),
                none(),
            ),
            Happening::Snow => (
                "snow",
                "Heavy snow; food grows dear.".into(),
                none(),
                vec![capital.clone()],
            ),
            Happening::RaidPlanned { for_day, .. } => {
                let d = Dates::of(self.calendar, self.setup.jdn(for_day));
                (
                    "raid-planned",
                    format!(
                        "The war party and the relief commanders agree a general attack on the Jin camp for {} ({}).",
                        d.lunar, d.julian
                    ),
                    self.war_party(),
                    none(),
                )
            }
            Happening::NightRaid { coordinated, .. } => {
                let general = if coordinated {
                    self.setup.cast.relief_commander
                } else {
                    self.setup.cast.raid_general
                };
                let text = if coordinated {
                    format!(
                        "The agreed general attack goes in by night on the Jin camp at {}, the commanders informed.",
                        self.camp()
                    )
                } else {
                    format!(
                        "A night raid on the Jin camp at {}goes in before the agreed day, kept from the relief commander.",
                        clause(&self.camp())
                    )
                };
                (
                    "night-raid",
                    text,
                    general.map(|g| self.person(g)).into_iter().collect(),
                    vec![self.camp()],
                )
            }
            Happening::Reinvestment => (
                "reinvestment",
                "The Jin close in on the city again and demand an apology.".into(),
                none(),
                vec![capital.clone()],
            ),
            Happening::Dismissal { person } => (
                "dismissal",
                format!("{} is dismissed.", self.person(person)),
                vec![self.person(person)],
                none(),
            ),
            Happening::Uprising { crowd } => (
                "uprising",
                format!("About {} people gather at the palace gates.", men(crowd)),
                self.setup
                    .cast
                    .student_leader
                    .map(|s| self.person(s))
                    .into_iter()
                    .collect(),
                vec![capital.clone()],
            ),
            Happening::CrowdAnswered { answer } => (
                "crowd-answered",
                match answer {
                    CrowdAnswer::Conceded => "The court gives the crowd what it asks.".into(),
                    CrowdAnswer::Dispersed => "The crowd disperses.".into(),
                },
                none(),
                none(),
            ),
            Happening::Restoration { person } => (
                "restoration",
                format!("{} is restored to office.", self.person(person)),
                vec![self.person(person)],
                none(),
            ),
            Happening::WithdrawalBegins { with_terms } => (
                "withdrawal-begins",
                if with_terms {
                    format!("The {jin} begins to withdraw, with terms agreed.")
                } else {
                    format!("The {jin} begins to withdraw with nothing agreed.")
                },
                wolibu.into_iter().collect(),
                none(),
            ),
            Happening::JinCrossedNorth => (
                "jin-crossed-north",
                format!("The {jin} is back north of the river."),
                none(),
                none(),
            ),
            Happening::PursuitOrdered { men: m } => (
                "pursuit-ordered",
                format!("Pursuit ordered: {} men follow the Jin.", men(m)),
                self.war_party(),
                none(),
            ),
            Happening::PursuitRecalled => (
                "pursuit-recalled",
                "The pursuit is recalled.".into(),
                none(),
                none(),
            ),
            Happening::PursuitEnds => (
                "pursuit-ends",
                "The pursuers reach the frontier; the Jin are out of reach.".into(),
                none(),
                none(),
            ),
            Happening::WesternMutiny { place } => (
                "western-mutiny",
                format!(
                    "In the west, {} opens the road to the army of {}.",
                    self.place(place),
                    self.western()
                ),
                none(),
                vec![self.place(place)],
            ),
            Happening::WesternAdvance { place } => (
                "western-advance",
                format!(
                    "In the west, the army of {} takes {}.",
                    self.western(),
                    self.place(place)
                ),
                none(),
                vec![self.place(place)],
            ),
            Happening::WesternNews { place, days_late } => (
                "western-news",
                format!(
                    "News reaches the court, {days_late} days late: {}.",
                    self.western_news(place)
                ),
                none(),
                vec![self.place(place)],
            ),
            Happening::PlacesReturned => (
                "places-returned",
                "Places are handed back.".into(),
                none(),
                none(),
            ),
            Happening::Note => ("note", String::new(), none(), none()),
            Happening::CityTaken => (
                "city-taken",
                format!("{capital} falls."),
                none(),
                vec![capital.clone()],
            ),
            Happening::Capitulation => (
                "capitulation",
                format!("{capital}, starving, gives in."),
                none(),
                vec![capital.clone()],
            ),
            Happening::EasternArmyBroken => (
                "eastern-army-broken",
                format!("The {jin} is broken."),
                none(),
                none(),
            ),
        };
        (kind.to_string(), text, persons, places)
    }

    /// What the court hears of the western army at `place`: the first place on its route is where the
    /// road was opened to it, the others are places it took.
    fn western_news(&self, place: u16) -> String {
        if self
            .setup
            .western_route
            .first()
            .is_some_and(|r| r.0 == place)
        {
            format!("{} has gone over to the Jin", self.place(place))
        } else {
            format!("the western army has taken {}", self.place(place))
        }
    }

    fn western(&self) -> String {
        self.setup
            .cast
            .western_commander
            .map_or_else(|| "the western".into(), |c| self.person(c))
    }

    fn war_party(&self) -> Vec<String> {
        [self.setup.cast.war_leader, self.setup.cast.relief_commander]
            .into_iter()
            .flatten()
            .map(|p| self.person(p))
            .collect()
    }

    fn fight(&self, f: &Engagement) -> (&'static str, String, Vec<String>, Vec<String>) {
        let (a, d) = (self.force(f.attacker), self.force(f.defender));
        let won = if f.winner == Side::Song {
            "the Song"
        } else {
            "the Jin"
        };
        let how = if f.rout { "routed" } else { "beaten off" };
        let numbers = self.fight_numbers(f);
        let (kind, text) = match f.kind {
            EngagementKind::NightAttack => (
                "night-attack",
                format!("Night attack on the walls by the {a}: {numbers}; {won} hold."),
            ),
            EngagementKind::Assault => (
                "assault",
                format!("Assault on the walls by the {a}: {numbers}; {won} carry the day."),
            ),
            EngagementKind::FieldAction => (
                "field-action",
                format!("Clash outside the city, {a} against the {d}: {numbers}; {won} win."),
            ),
            EngagementKind::NightRaid => (
                "raid-result",
                if f.winner == Side::Song {
                    format!("The raid succeeds: {numbers}; the Jin are {how}.")
                } else if f.warned {
                    format!(
                        "The Jin were warned and lay in ambush: {numbers}; the raiders are {how}."
                    )
                } else {
                    format!("The raid fails: {numbers}; the raiders are {how}.")
                },
            ),
            EngagementKind::Pursuit => (
                "pursuit-fight",
                format!("Pursuers catch the Jin rearguard: {numbers}; {won} win."),
            ),
            EngagementKind::RiverCrossing => (
                "crossing-fight",
                format!("Pursuers catch the Jin astride the river: {numbers}; {won} win."),
            ),
        };
        let mut persons = Vec::new();
        for force in [f.attacker, f.defender] {
            if let Some(c) = self.commander(force) {
                persons.push(c);
            }
        }
        (kind, text, persons, Vec::new())
    }

    pub fn outcome(&self, o: &Outcome) -> OutcomeReport {
        let key_dates = KeyEvent::ALL
            .iter()
            .zip(o.key_days.iter())
            .map(|(k, d)| KeyDate {
                event: k.name().to_string(),
                date: d.map(|d| Dates::of(self.calendar, self.setup.jdn(d))),
            })
            .collect();
        OutcomeReport {
            category: o.category.name().to_string(),
            summary: describe_outcome(o.category).to_string(),
            end: Dates::of(self.calendar, self.setup.jdn(o.end_day)),
            song_killed: o.song_losses.killed.round(),
            song_wounded: o.song_losses.wounded.round(),
            song_deserted: o.song_losses.deserted.round(),
            jin_killed: o.jin_losses.killed.round(),
            jin_wounded: o.jin_losses.wounded.round(),
            jin_deserted: o.jin_losses.deserted.round(),
            gold_delivered: o.gold_delivered.round(),
            silver_delivered: o.silver_delivered.round(),
            prefectures_promised: o.prefectures_promised,
            hostages_taken: o.hostages_taken,
            war_leader: self.setup.cast.war_leader.map(|p| self.person(p)),
            war_leader_in_office: o.war_leader_in_office,
            war_party_influence: (o.war_influence * 1000.0).round() / 1000.0,
            peace_party_influence: ((1.0 - o.war_influence) * 1000.0).round() / 1000.0,
            crowd_peak: o.crowd_peak.round(),
            raid: o.raid,
            raid_failed: o.raid_failed,
            pursuit: o.pursuit,
            recall: o.recall,
            crossed_north: o
                .crossed_north_day
                .map(|d| Dates::of(self.calendar, self.setup.jdn(d))),
            key_dates,
        }
    }
}

/// A name followed by a space, or by a comma and a space when it ends in an apposition ("Zhao Gou, Prince
/// Kang"), so that the sentence it starts reads right.
fn clause(name: &str) -> String {
    if name.contains(", ") {
        format!("{name}, ")
    } else {
        format!("{name} ")
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// One key event's first date in the run.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDate {
    pub event: String,
    pub date: Option<Dates>,
}

/// The outcome with its measures, named.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeReport {
    pub category: String,
    pub summary: String,
    pub end: Dates,
    pub song_killed: f64,
    pub song_wounded: f64,
    pub song_deserted: f64,
    pub jin_killed: f64,
    pub jin_wounded: f64,
    pub jin_deserted: f64,
    pub gold_delivered: f64,
    pub silver_delivered: f64,
    pub prefectures_promised: u8,
    pub hostages_taken: u8,
    pub war_leader: Option<String>,
    pub war_leader_in_office: bool,
    pub war_party_influence: f64,
    pub peace_party_influence: f64,
    pub crowd_peak: f64,
    pub raid: bool,
    pub raid_failed: bool,
    pub pursuit: bool,
    pub recall: bool,
    pub crossed_north: Option<Dates>,
    pub key_dates: Vec<KeyDate>,
}

/// An outcome category in plain words.
pub fn describe_outcome(c: Category) -> &'static str {
    c.describe()
}
