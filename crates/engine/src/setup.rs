//! From scenario data to the engine's indexed, immutable setup.
//!
//! The scenario says what happened and who is who; the setup resolves names to indices, dates to day
//! numbers, and versions to the values a run uses. Problems are reported with the path of the offending
//! value (`force[3].road_li`) so the front end can point at its line and column.

use bianjing_calendar::{Calendar, Jdn};
use bianjing_scenario::model::{
    DemandKind, EventKind, ForceKind, Grade, Intervention, Metal, PlaceKind, Role, ScenarioFile,
    SideId, Version,
};

use crate::event::Side;
use crate::params::{Params, Range};

/// A problem in the scenario that only the model can see.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupError {
    /// Path of the offending value, e.g. `force[2].road_li`.
    pub path: String,
    pub message: String,
    pub expected: String,
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (expected {})",
            self.path, self.message, self.expected
        )
    }
}

/// Which record history mode follows where the essay and the primary sources differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Record {
    /// The essay's dates (the default).
    #[default]
    Essay,
    /// The primary sources' dates; events found in the essay only are left out.
    Sources,
}

impl Record {
    /// Position of this record's day in [`RecordedEvent::day`] and [`ForceSpec::arrives`].
    pub fn index(self) -> usize {
        match self {
            Record::Essay => 0,
            Record::Sources => 1,
        }
    }
}

/// A force as the model sees it.
#[derive(Debug, Clone)]
pub struct ForceSpec {
    pub id: String,
    pub name: String,
    pub side: Side,
    pub kind: ForceKind,
    pub grade: Grade,
    pub strength: f64,
    /// Veteran core, if the sources distinguish one.
    pub core: f64,
    pub commander: Option<u16>,
    pub origin: u16,
    pub marches: bool,
    pub road_li: f64,
    /// Recorded arrival (day index) under each record.
    pub arrives: [Option<i32>; 2],
    /// Day the contingent set out, inferred from its default recorded arrival, road distance and the
    /// default marching pace (the sources give arrivals, not orders to march).
    pub departs: i32,
}

impl ForceSpec {
    /// Whether the force is one of the Song field forces: a relief army or the city's field force.
    pub fn is_song_field(&self) -> bool {
        self.side == Side::Song
            && matches!(self.kind, ForceKind::Relief | ForceKind::CityFieldForce)
    }
}

/// A recorded event, resolved.
#[derive(Debug, Clone)]
pub struct RecordedEvent {
    pub id: String,
    pub kind: EventKind,
    /// Day index under each record ([`Record::Essay`], [`Record::Sources`]); `None` if that record
    /// lacks the event.
    pub day: [Option<i32>; 2],
    pub persons: Vec<u16>,
    pub places: Vec<u16>,
    pub forces: Vec<u16>,
    pub size: Option<f64>,
    pub key: bool,
}

/// A named what-if.
#[derive(Debug, Clone)]
pub struct WhatIfSpec {
    pub id: String,
    pub summary: String,
    pub intervention: Intervention,
    /// The recorded event whose date is the point of divergence.
    pub diverges_at: usize,
    /// The agreed date, for a planned raid (day index).
    pub date: Option<i32>,
    pub value: Option<(f64, f64, f64)>,
    pub shifts_divergence: bool,
}

/// Persons the model needs, found by role.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    pub emperor: Option<u16>,
    pub war_leader: Option<u16>,
    pub peace_leader: Option<u16>,
    pub relief_commander: Option<u16>,
    pub raid_general: Option<u16>,
    pub student_leader: Option<u16>,
    pub eastern_commander: Option<u16>,
    pub western_commander: Option<u16>,
    pub princes: Vec<u16>,
}

/// Everything a run needs that does not change during the run.
#[derive(Debug, Clone)]
pub struct Setup {
    pub start: Jdn,
    /// Days from the start to the horizon, inclusive of the start day.
    pub days: u16,
    pub forces: Vec<ForceSpec>,
    pub jin_east: u16,
    pub jin_west: u16,
    pub cast: Cast,
    pub capital: u16,
    pub camp: u16,
    /// Road distance from the eastern army's crossing to the capital.
    pub crossing_li: f64,
    /// The western army's route: place and its road distance to the capital.
    pub western_route: Vec<(u16, f64)>,
    pub gold_demanded: f64,
    pub silver_demanded: f64,
    pub prefectures_demanded: u8,
    /// Raised amounts reported in the record: (day per record, gold, silver).
    pub raised_reports: Vec<(i32, f64, f64)>,
    /// Men in the recorded night raid (its default version): the strike force a raid general can gather.
    pub raid_size: Option<f64>,
    pub events: Vec<RecordedEvent>,
    pub what_ifs: Vec<WhatIfSpec>,
    pub params: Params,
    pub ranges: Vec<(&'static str, Range)>,
    /// Song forces that fight in the field at the capital (relief contingents, the city's field force),
    /// in ascending order: the run keeps those at the capital in this order.
    pub song_field: Vec<u16>,
    /// Song forces that march in.
    pub marching: Vec<u16>,
    /// The Song garrison forces, in force order.
    pub garrison: Vec<u16>,
    /// Forces under the relief commander, in force order.
    pub relief_commander_forces: Vec<u16>,
    /// Forces under the raid general, in force order.
    pub raid_general_forces: Vec<u16>,
    /// Song forces whose losses a run's outcome counts (all but the western army), in force order.
    pub song_counted: Vec<u16>,
    /// Jin forces whose losses a run's outcome counts (all but the western army), in force order.
    pub jin_counted: Vec<u16>,
    /// Day of the Julian year of each simulated day, for the season.
    pub day_of_year: Vec<f64>,
    pub place_names: Vec<String>,
    pub person_names: Vec<String>,
}

struct Ctx<'a> {
    file: &'a ScenarioFile,
    calendar: &'a Calendar,
    start: Jdn,
    errors: Vec<SetupError>,
}

impl Ctx<'_> {
    fn err(&mut self, path: String, message: impl Into<String>, expected: impl Into<String>) {
        self.errors.push(SetupError {
            path,
            message: message.into(),
            expected: expected.into(),
        });
    }

    fn day(&mut self, path: &str, text: &str) -> Option<i32> {
        match self
            .calendar
            .parse_lunar(text)
            .and_then(|d| self.calendar.to_jdn(&d))
        {
            Ok(jdn) => Some((jdn - self.start) as i32),
            Err(e) => {
                self.err(
                    path.to_string(),
                    e.to_string(),
                    "a lunar date inside the calendar table",
                );
                None
            }
        }
    }

    fn index<T>(&mut self, path: String, id: &str, table: &[T], key: impl Fn(&T) -> &str) -> u16 {
        match table.iter().position(|t| key(t) == id) {
            Some(i) => i as u16,
            None => {
                self.err(
                    path,
                    format!("no such entry `{id}`"),
                    "an id declared in the scenario",
                );
                0
            }
        }
    }

    fn person(&mut self, path: String, id: &str) -> u16 {
        let people = &self.file.person;
        self.index(path, id, people, |p| &p.id)
    }
    fn place(&mut self, path: String, id: &str) -> u16 {
        let places = &self.file.place;
        self.index(path, id, places, |p| &p.id)
    }

    fn road_to_capital(&mut self, path: String, place: &str) -> f64 {
        let capital = &self.file.scenario.capital;
        let found = self.file.road.iter().find(|r| {
            (r.from == place && &r.to == capital) || (&r.from == capital && r.to == place)
        });
        match found {
            Some(r) => default_of(&r.li).value,
            None => {
                self.err(
                    path,
                    format!("no road from `{place}` to the capital"),
                    "a [[road]] entry",
                );
                0.0
            }
        }
    }

    /// Whether a citation names a primary source or a reference work (not the essay, not an assumption).
    fn is_witness(&self, citation: &str) -> bool {
        use bianjing_scenario::model::SourceKind;
        let id = citation.split(':').next().unwrap_or(citation);
        self.file
            .source
            .iter()
            .any(|s| s.id == id && matches!(s.kind, SourceKind::Primary | SourceKind::Reference))
    }

    /// The day of a dated fact under each record: the essay's version, and the primary sources'.
    fn record_days(&mut self, path: &str, versions: &[Version<String>]) -> [Option<i32>; 2] {
        let is_essay = |v: &Version<String>| v.sources.iter().any(|s| s.starts_with("essay"));
        // A version serves the primary sources' record only if it cites a witness or a reference work:
        // a modelling assumption beside the essay does not make an essay-only fact sourced.
        let witnessed = |v: &Version<String>| v.sources.iter().any(|s| self.is_witness(s));
        let essay = versions
            .iter()
            .position(is_essay)
            .or_else(|| default_index(versions));
        let others: Vec<usize> = (0..versions.len())
            .filter(|&i| !is_essay(&versions[i]) && witnessed(&versions[i]))
            .collect();
        let sources = versions
            .iter()
            .enumerate()
            .find(|(i, v)| v.default && others.contains(i))
            .map(|(i, _)| i)
            .or_else(|| {
                // A version citing both the essay and a primary source serves both records.
                versions.iter().position(|v| is_essay(v) && witnessed(v))
            })
            .or_else(|| others.first().copied());
        let mut day = |i: Option<usize>| {
            i.and_then(|i| self.day(&format!("{path}[{i}].value"), &versions[i].value))
        };
        [day(essay), day(sources)]
    }
}

/// The version marked default, or the only one.
pub fn default_of<T>(versions: &[Version<T>]) -> &Version<T> {
    &versions[default_index(versions).unwrap_or(0)]
}

fn default_index<T>(versions: &[Version<T>]) -> Option<usize> {
    versions
        .iter()
        .position(|v| v.default)
        .or(if versions.is_empty() { None } else { Some(0) })
}

fn first_with_role(file: &ScenarioFile, role: Role) -> Option<u16> {
    file.person
        .iter()
        .position(|p| p.role == role)
        .map(|i| i as u16)
}

impl Setup {
    /// Builds the setup from validated scenario data and its calendar.
    pub fn build(file: &ScenarioFile, calendar: &Calendar) -> Result<Setup, Vec<SetupError>> {
        let start = match calendar
            .parse_lunar(&file.scenario.start)
            .and_then(|d| calendar.to_jdn(&d))
        {
            Ok(j) => j,
            Err(e) => {
                return Err(vec![SetupError {
                    path: "scenario.start".into(),
                    message: e.to_string(),
                    expected: "a lunar date inside the calendar table".into(),
                }]);
            }
        };
        let mut cx = Ctx {
            file,
            calendar,
            start,
            errors: Vec::new(),
        };
        let horizon = cx
            .day("scenario.horizon", &file.scenario.horizon)
            .unwrap_or(1)
            .max(1);

        let (params, ranges) = match Params::from_scenario(&file.parameter) {
            Ok(p) => p,
            Err(errs) => {
                for e in errs {
                    let path = match &e {
                        crate::params::ParamError::Unknown { index, .. } => {
                            format!("parameter[{index}].name")
                        }
                        _ => "parameter".to_string(),
                    };
                    cx.err(
                        path,
                        e.to_string(),
                        "the parameters listed in docs/model.md",
                    );
                }
                (Params::unset(), Vec::new())
            }
        };

        let capital = cx.place("scenario.capital".into(), &file.scenario.capital);
        let camp = match file.place.iter().position(|p| p.kind == PlaceKind::Camp) {
            Some(i) => i as u16,
            None => {
                cx.err(
                    "place".into(),
                    "no place of kind `camp`",
                    "the Jin camp as a place",
                );
                0
            }
        };

        let mut forces = Vec::with_capacity(file.force.len());
        for (i, f) in file.force.iter().enumerate() {
            let path = format!("force[{i}]");
            let commander = f
                .commander
                .as_ref()
                .map(|c| cx.person(format!("{path}.commander"), c));
            let origin = cx.place(format!("{path}.origin"), &f.origin);
            let road_li = if f.road_li.is_empty() {
                0.0
            } else {
                default_of(&f.road_li).value
            };
            let arrives = if f.arrives.is_empty() {
                [None, None]
            } else {
                // Both records need every contingent: where the sources give no arrival, the
                // default version (an assumption, cited as such) stands in.
                let [essay, sources] = cx.record_days(&format!("{path}.arrives"), &f.arrives);
                [essay.or(sources), sources.or(essay)]
            };
            // The marches move Song contingents only (`Setup::marching`); a force of another side
            // that marched would wait at the start of its road for the whole run.
            if f.marches && f.side != SideId::Song {
                cx.err(
                    format!("{path}.marches"),
                    format!(
                        "force `{}` is not a Song force, and only Song contingents march to the capital in this model",
                        f.id
                    ),
                    "`marches` only on Song relief contingents",
                );
            }
            if f.marches && (f.road_li.is_empty() || f.arrives.is_empty()) {
                cx.err(
                    path.clone(),
                    "a marching force needs `road_li` and `arrives`",
                    "both",
                );
            }
            let default_arrival = if f.arrives.is_empty() {
                None
            } else {
                let v = default_of(&f.arrives);
                cx.day(&format!("{path}.arrives"), &v.value.clone())
            };
            let pace = if params.pace_li_per_day.is_finite() {
                params.pace_li_per_day
            } else {
                40.0
            };
            let departs = default_arrival.map_or(0, |a| a - (road_li / pace).round() as i32);
            forces.push(ForceSpec {
                id: f.id.clone(),
                name: f.name.clone(),
                side: match f.side {
                    SideId::Song => Side::Song,
                    SideId::Jin => Side::Jin,
                },
                kind: f.kind,
                grade: f.grade,
                strength: default_of(&f.strength).value,
                core: if f.core.is_empty() {
                    0.0
                } else {
                    default_of(&f.core).value
                },
                commander,
                origin,
                marches: f.marches,
                road_li,
                arrives,
                departs,
            });
        }
        let find_force = |cx: &mut Ctx, kind: ForceKind, what: &str| -> u16 {
            match file.force.iter().position(|f| f.kind == kind) {
                Some(i) => i as u16,
                None => {
                    cx.err(
                        "force".into(),
                        format!("no force of kind `{what}`"),
                        what.to_string(),
                    );
                    0
                }
            }
        };
        let jin_east = find_force(&mut cx, ForceKind::EasternArmy, "eastern-army");
        let jin_west = cx.index(
            "western.army".into(),
            &file.western.army,
            &file.force,
            |f| &f.id,
        );
        let crossing_li = match file.force.get(jin_east as usize) {
            Some(f) => cx.road_to_capital(format!("force[{jin_east}].origin"), &f.origin.clone()),
            None => 0.0,
        };
        let mut western_route = Vec::new();
        for (i, p) in file.western.route.iter().enumerate() {
            let place = cx.place(format!("western.route[{i}]"), p);
            let li = cx.road_to_capital(format!("western.route[{i}]"), p);
            western_route.push((place, li));
        }

        let cast = Cast {
            emperor: first_with_role(file, Role::Emperor),
            war_leader: first_with_role(file, Role::WarLeader),
            peace_leader: first_with_role(file, Role::PeaceLeader),
            relief_commander: first_with_role(file, Role::ReliefCommander),
            raid_general: first_with_role(file, Role::RaidGeneral),
            student_leader: first_with_role(file, Role::StudentLeader),
            eastern_commander: first_with_role(file, Role::EasternCommander),
            western_commander: first_with_role(file, Role::WesternCommander),
            princes: (0..file.person.len())
                .filter(|&i| file.person[i].role == Role::Prince)
                .map(|i| i as u16)
                .collect(),
        };
        if cast.emperor.is_none() || cast.war_leader.is_none() {
            cx.err(
                "person".into(),
                "the model needs an emperor and a war leader",
                "roles `emperor` and `war-leader`",
            );
        }

        let (mut gold_demanded, mut silver_demanded, mut prefectures_demanded) = (0.0, 0.0, 0u8);
        let mut raised_reports = Vec::new();
        for (i, d) in file.demand.iter().enumerate() {
            match d.kind {
                DemandKind::Money => {
                    let amount = if d.amount.is_empty() {
                        0.0
                    } else {
                        default_of(&d.amount).value
                    };
                    match d.metal {
                        Some(Metal::Gold) => gold_demanded += amount,
                        Some(Metal::Silver) => silver_demanded += amount,
                        None => cx.err(
                            format!("demand[{i}].metal"),
                            "a money demand must say its metal",
                            "`gold` or `silver`",
                        ),
                    }
                    for (j, r) in d.raised.iter().enumerate() {
                        if let Some(day) = cx.day(&format!("demand[{i}].raised[{j}].by"), &r.by) {
                            let (g, s) = match d.metal {
                                Some(Metal::Gold) => (r.amount, 0.0),
                                _ => (0.0, r.amount),
                            };
                            raised_reports.push((day, g, s));
                        }
                    }
                }
                DemandKind::Cession => prefectures_demanded += d.places.len() as u8,
                _ => {}
            }
        }
        raised_reports.sort_by_key(|r| r.0);

        let mut events = Vec::with_capacity(file.event.len());
        for (i, e) in file.event.iter().enumerate() {
            let path = format!("event[{i}]");
            let mut day = cx.record_days(&format!("{path}.date"), &e.date);
            if e.support == bianjing_scenario::model::Support::EssayOnly {
                day[1] = None;
            }
            let persons = e
                .persons
                .iter()
                .enumerate()
                .map(|(j, p)| cx.person(format!("{path}.persons[{j}]"), p))
                .collect();
            let places = e
                .places
                .iter()
                .enumerate()
                .map(|(j, p)| cx.place(format!("{path}.places[{j}]"), p))
                .collect();
            let forces_of = e
                .forces
                .iter()
                .enumerate()
                .map(|(j, f)| cx.index(format!("{path}.forces[{j}]"), f, &file.force, |x| &x.id))
                .collect();
            events.push(RecordedEvent {
                id: e.id.clone(),
                kind: e.kind,
                day,
                persons,
                places,
                forces: forces_of,
                size: if e.size.is_empty() {
                    None
                } else {
                    Some(default_of(&e.size).value)
                },
                key: e.key,
            });
        }

        let mut what_ifs = Vec::new();
        for (i, w) in file.what_if.iter().enumerate() {
            let path = format!("what_if[{i}]");
            let diverges_at = cx.index(
                format!("{path}.diverges_at"),
                &w.diverges_at,
                &file.event,
                |e| &e.id,
            ) as usize;
            let date = w
                .date
                .as_ref()
                .and_then(|d| cx.day(&format!("{path}.date.value"), &d.value));
            if w.intervention == Intervention::RaidAsPlanned && date.is_none() {
                cx.err(
                    path.clone(),
                    "raid-as-planned needs the agreed `date`",
                    "a lunar date",
                );
            }
            what_ifs.push(WhatIfSpec {
                id: w.id.clone(),
                summary: w.summary.clone(),
                intervention: w.intervention,
                diverges_at,
                date,
                value: w.value.as_ref().map(|v| (v.min, v.default, v.max)),
                shifts_divergence: w.value.as_ref().is_some_and(|v| v.shifts_divergence),
            });
        }

        if !cx.errors.is_empty() {
            return Err(cx.errors);
        }
        let song_field = (0..forces.len() as u16)
            .filter(|&i| forces[i as usize].is_song_field())
            .collect();
        let marching = (0..forces.len() as u16)
            // A force of another side that marches is refused above.
            .filter(|&i| forces[i as usize].marches)
            .collect();
        let commanded_by = |person: Option<u16>| -> Vec<u16> {
            (0..forces.len() as u16)
                .filter(|&i| person.is_some() && forces[i as usize].commander == person)
                .collect()
        };
        let garrison = (0..forces.len() as u16)
            .filter(|&i| {
                forces[i as usize].side == Side::Song
                    && forces[i as usize].kind == ForceKind::Garrison
            })
            .collect();
        // The western army's fighting happens off stage: its losses are not the run's.
        let counted = |side: Side| -> Vec<u16> {
            (0..forces.len() as u16)
                .filter(|&i| {
                    let f: &ForceSpec = &forces[i as usize];
                    f.kind != ForceKind::WesternArmy
                        && (f.side == Side::Song) == (side == Side::Song)
                })
                .collect()
        };
        let (song_counted, jin_counted) = (counted(Side::Song), counted(Side::Jin));
        let relief_commander_forces = commanded_by(cast.relief_commander);
        let raid_general_forces = commanded_by(cast.raid_general);
        let days = horizon as u16 + 1;
        let day_of_year = (0..i64::from(days))
            .map(|d| julian_day_of_year((start + d).to_julian()))
            .collect();
        Ok(Setup {
            start,
            song_field,
            marching,
            garrison,
            relief_commander_forces,
            raid_general_forces,
            song_counted,
            jin_counted,
            day_of_year,
            days,
            forces,
            jin_east,
            jin_west,
            cast,
            capital,
            camp,
            crossing_li,
            western_route,
            gold_demanded,
            silver_demanded,
            prefectures_demanded,
            raid_size: events
                .iter()
                .find(|e| e.kind == EventKind::NightRaid)
                .and_then(|e| e.size),
            raised_reports,
            events,
            what_ifs,
            params,
            ranges,
            place_names: file.place.iter().map(|p| p.name.clone()).collect(),
            person_names: file.person.iter().map(|p| p.name.clone()).collect(),
        })
    }

    /// The what-if called `id`.
    pub fn what_if(&self, id: &str) -> Option<usize> {
        self.what_ifs.iter().position(|w| w.id == id)
    }

    /// Day index of a recorded event under `record`; `None` if that record lacks it.
    pub fn event_day(&self, index: usize, record: Record) -> Option<i32> {
        let d = self.events[index].day;
        match record {
            Record::Essay => d[0],
            Record::Sources => d[1],
        }
    }

    /// The Julian Day Number of day index `day`.
    pub fn jdn(&self, day: u16) -> Jdn {
        self.start + i64::from(day)
    }
}

/// Day of the year (1-based) of a Julian calendar date.
pub(crate) fn julian_day_of_year(d: bianjing_calendar::CivilDate) -> f64 {
    const BEFORE: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = d.year.rem_euclid(4) == 0 && d.month > 2;
    f64::from(BEFORE[(d.month as usize - 1).min(11)] + u16::from(d.day) + u16::from(leap))
}
