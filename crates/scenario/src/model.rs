//! The scenario file's shape: plain serde types, one per TOML table.
//!
//! These types are the format. The JSON Schema printed by `bianjing scenario schema` is derived from them,
//! and the structural checker walks the parsed TOML against that schema, so a field added here is
//! documented and checked without more code. Meaning that the types cannot express (references between
//! tables, dates inside the calendar, one default among versions) is checked in `check.rs`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// What the scenario is and the span of time it covers.
    pub scenario: Meta,
    /// The lunar calendar: eras and the month table, with sources.
    pub calendar: CalendarData,
    /// The sources that facts cite, by short name.
    pub source: Vec<SourceDef>,
    /// The two sides.
    pub side: Vec<SideDef>,
    /// Persons: rulers, officials, commanders, leaders of the crowd, hostages.
    pub person: Vec<PersonDef>,
    /// Places with positions.
    pub place: Vec<PlaceDef>,
    /// Road distances between places.
    #[serde(default)]
    pub road: Vec<RoadDef>,
    /// Forces: armies, garrisons, relief contingents.
    pub force: Vec<ForceDef>,
    /// The demands of the Jin and what the Song raised towards them.
    #[serde(default)]
    pub demand: Vec<DemandDef>,
    /// Facts about the city and the theatre that are not forces or demands (population, granaries, ...).
    #[serde(default)]
    pub fact: Vec<FactDef>,
    /// The western theatre: Nianhan's army and its route towards the capital.
    pub western: WesternDef,
    /// Dated events of the record.
    pub event: Vec<EventDef>,
    /// Uncertain model parameters, each with a range, a default and its source or reasoning.
    #[serde(default)]
    pub parameter: Vec<ParameterDef>,
    /// Named what-ifs: points of divergence from the record.
    #[serde(default)]
    pub what_if: Vec<WhatIfDef>,
}

/// What the scenario is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Short identifier, e.g. `bianjing-1126`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// First simulated day, a lunar date such as `JK1 1/2`.
    pub start: String,
    /// Last simulated day if nothing ends the run before, a lunar date.
    pub horizon: String,
    /// The besieged capital (a place id).
    pub capital: String,
    /// How many paragraphs the essay has; `essay:N` citations must fall in 1..=N.
    pub essay_paragraphs: u32,
}

/// Eras and months of the lunar calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarData {
    pub era: Vec<EraDef>,
    pub month: Vec<MonthDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EraDef {
    /// Short code used in dates, e.g. `JK`.
    pub id: String,
    pub pinyin: String,
    pub chinese: String,
    pub sources: Vec<String>,
}

/// One row of the month table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthDef {
    /// Era code.
    pub era: String,
    /// Year of the era, from 1.
    #[schemars(range(min = 1))]
    pub year: u16,
    #[schemars(range(min = 1, max = 12))]
    pub month: u8,
    #[serde(default)]
    pub leap: bool,
    /// Julian date of the first day, `YYYY-MM-DD`.
    pub first_day_julian: String,
    /// Julian Day Number of the first day; must agree with `first_day_julian`.
    pub first_day_jdn: i64,
    #[schemars(range(min = 29, max = 30))]
    pub days: u8,
    pub sources: Vec<String>,
}

/// A source that facts cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// Short name, e.g. `SS23`. Citations are `ID` or, for the essay, `essay:PARAGRAPH`.
    pub id: String,
    pub title: String,
    pub kind: SourceKind,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The essay the product is built from.
    Essay,
    /// A primary source (annals, compilations of witnesses).
    Primary,
    /// A reference work (calendar tables, gazetteers, modern scholarship).
    Reference,
    /// A modelling assumption or modern identification: not a historical witness.
    Assumption,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SideDef {
    /// `song` or `jin`.
    pub id: SideId,
    pub name: String,
    pub chinese: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SideId {
    Song,
    Jin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub chinese: String,
    pub side: SideId,
    /// The part the person plays in the model.
    pub role: Role,
    /// Court faction, for officials.
    #[serde(default)]
    pub faction: Faction,
    /// Office held at the start, in plain words; empty if none.
    #[serde(default)]
    pub office: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// What a person does in the model. The engine finds persons by role, never by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The reigning emperor, who decides.
    Emperor,
    /// The retired emperor.
    RetiredEmperor,
    /// Leader of the war faction, in charge of the defence while in office.
    WarLeader,
    /// Leader of the peace faction.
    PeaceLeader,
    /// Another official of a faction.
    Official,
    /// Commander over all relief armies.
    ReliefCommander,
    /// The general whose impatience may launch a raid before the agreed date.
    RaidGeneral,
    /// Commander of one relief contingent.
    ContingentCommander,
    /// Leader of the students and the crowd.
    StudentLeader,
    /// Commander of the Jin eastern army.
    EasternCommander,
    /// Commander of the Jin western army.
    WesternCommander,
    /// A prince who may be sent as a hostage.
    Prince,
    /// A palace eunuch.
    Eunuch,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Faction {
    War,
    Peace,
    #[default]
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub chinese: String,
    pub kind: PlaceKind,
    /// Latitude in degrees north.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: f64,
    /// Longitude in degrees east.
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: f64,
    /// For a gate or a camp: the place it belongs to or stands beside.
    #[serde(default)]
    pub part_of: Option<String>,
    /// Which side holds the place at the start.
    #[serde(default)]
    pub held_by: Option<SideId>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    Capital,
    Gate,
    Camp,
    Crossing,
    Prefecture,
    Town,
    Granary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoadDef {
    pub from: String,
    pub to: String,
    /// Distance in Song li (about 0.55 km each), in one or more versions.
    pub li: Vec<Version<f64>>,
}

/// One version of a fact. A fact with several versions marks exactly one `default = true` and says `why`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Version_of_{T}")]
pub struct Version<T> {
    pub value: T,
    /// Citations: a source id such as `SS23`, or `essay:N` for paragraph N of the essay.
    pub sources: Vec<String>,
    /// The version the model uses unless told otherwise; required when there are several versions.
    #[serde(default)]
    pub default: bool,
    /// Why this version is the default, or what this version rests on.
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForceDef {
    pub id: String,
    pub name: String,
    pub side: SideId,
    pub kind: ForceKind,
    /// Commanding person, if known.
    #[serde(default)]
    pub commander: Option<String>,
    /// Where the force is at the start, or where a relief contingent marches from.
    pub origin: String,
    /// The circuit or region it was raised in, in plain words.
    #[serde(default)]
    pub raised_in: String,
    /// Men, in one or more versions.
    pub strength: Vec<Version<f64>>,
    /// Of which the veteran core, if the sources distinguish one.
    #[serde(default)]
    pub core: Vec<Version<f64>>,
    pub grade: Grade,
    /// Road distance in li from `origin` to the capital, for a contingent that marches in.
    #[serde(default)]
    pub road_li: Vec<Version<f64>>,
    /// Recorded arrival at the capital (lunar date), for a relief contingent.
    #[serde(default)]
    pub arrives: Vec<Version<String>>,
    /// Whether the force must march in: relief contingents do; garrisons and the Jin armies do not.
    #[serde(default)]
    pub marches: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ForceKind {
    /// The army besieging the capital.
    EasternArmy,
    /// The army in the west (besieging Taiyuan).
    WesternArmy,
    /// Troops on the city walls.
    Garrison,
    /// A field force inside the city that can sortie.
    CityFieldForce,
    /// A contingent of the relief armies.
    Relief,
}

/// Fighting quality, mapped to a multiplier by the `quality.*` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Elite,
    Veteran,
    Regular,
    Recruit,
    Militia,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandDef {
    pub id: String,
    /// What is demanded, in plain words.
    pub item: String,
    pub kind: DemandKind,
    /// Amount in `unit`, for money and goods.
    #[serde(default)]
    pub amount: Vec<Version<f64>>,
    #[serde(default)]
    pub unit: String,
    /// For money: which metal, so that the model can value gold against silver.
    #[serde(default)]
    pub metal: Option<Metal>,
    /// Prefectures to cede.
    #[serde(default)]
    pub places: Vec<String>,
    /// Persons demanded as hostages.
    #[serde(default)]
    pub persons: Vec<String>,
    /// Lunar date the demand was made.
    pub made: Vec<Version<String>>,
    /// Lunar date the demand was dropped, if it was.
    #[serde(default)]
    pub dropped: Vec<Version<String>>,
    /// What was raised towards it, with the date by which.
    #[serde(default)]
    pub raised: Vec<RaisedDef>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DemandKind {
    /// Gold or silver, counted towards the indemnity.
    Money,
    /// Silk, animals and other goods.
    Goods,
    /// Prefectures to cede.
    Cession,
    /// A change of rank between the rulers.
    Status,
    /// Persons to hand over as hostages.
    Hostage,
    /// People to return (the Yan and Yun people).
    People,
    /// A yearly payment.
    Annual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Metal {
    Gold,
    Silver,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RaisedDef {
    pub amount: f64,
    /// Lunar date by which it was raised.
    pub by: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// A fact with a number, such as the city's population or a granary's stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub id: String,
    pub what: String,
    #[serde(default)]
    pub unit: String,
    pub value: Vec<Version<f64>>,
    #[serde(default)]
    pub place: Option<String>,
}

/// The western theatre, which reaches the capital only as news.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WesternDef {
    /// The Jin western army (a force id).
    pub army: String,
    /// The city it besieges at the start.
    pub besieging: String,
    /// Places it would take, in order, on its way towards the capital.
    pub route: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    /// What kind of event this is in the model; history mode imposes its effect on its date.
    pub kind: EventKind,
    /// A short title.
    pub title: String,
    /// What happened, in plain words.
    pub text: String,
    /// Lunar dates, in one or more versions. The essay's version is cited `essay:N`.
    pub date: Vec<Version<String>>,
    #[serde(default)]
    pub persons: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub forces: Vec<String>,
    /// Men involved (a raid's size, a crowd), in one or more versions.
    #[serde(default)]
    pub size: Vec<Version<f64>>,
    /// A key event of the crisis, checked against free runs.
    #[serde(default)]
    pub key: bool,
    /// How well the sources support it.
    #[serde(default)]
    pub support: Support,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    /// Sources agree (possibly on different days).
    #[default]
    Agreed,
    /// Found in the essay only.
    EssayOnly,
}

/// The kinds of event the model knows. History mode imposes each on its date; free mode lets the
/// mechanisms produce them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// Before the simulated span: told for context, not simulated.
    Background,
    /// Recorded, with no effect in the model (a council, an estimate).
    Note,
    /// The eastern army begins crossing the Yellow River southwards.
    JinCrossingBegins,
    /// The eastern army is over the river on the south bank.
    JinCrossed,
    /// The eastern army reaches the capital and invests it.
    Investment,
    /// A night attack on a gate.
    NightAttack,
    /// An assault on the walls.
    Assault,
    /// The Jin send their demands.
    DemandLetter,
    /// A prince goes to the Jin camp as a hostage.
    HostageSent,
    /// A hostage comes back.
    HostageReturned,
    /// Peace sworn on the terms.
    PeaceOath,
    /// A demand is dropped.
    DemandDropped,
    /// Money raised for the indemnity is reported.
    IndemnityRaised,
    /// A relief contingent reaches the capital.
    ReliefArrives,
    /// A relief force beats a Jin detachment.
    ReliefVictory,
    /// Relief camps set up around the city.
    ReliefCamps,
    /// The Jin lift the close investment.
    InvestmentLifted,
    /// Heavy snow.
    Snow,
    /// A night raid on the Jin camp.
    NightRaid,
    /// The Jin close in on the city again.
    Reinvestment,
    /// The war leader is dismissed.
    Dismissal,
    /// The crowd rises.
    Uprising,
    /// The war leader is restored.
    Restoration,
    /// The eastern army begins to withdraw.
    WithdrawalBegins,
    /// The eastern army is back north of the river.
    JinCrossedNorth,
    /// Pursuit ordered.
    PursuitOrdered,
    /// Pursuit recalled.
    PursuitRecalled,
    /// A mutiny opens the western route.
    WesternMutiny,
    /// The western army takes a place on its route.
    WesternAdvance,
    /// Jin hand back places.
    PlacesReturned,
}

/// An uncertain model parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterDef {
    /// Dotted name the model knows, e.g. `engagement.fortification`.
    pub name: String,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    #[serde(default)]
    pub unit: String,
    /// Sources the value or range rests on; empty for a pure modelling assumption.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The reasoning behind the default and the range.
    pub why: String,
    /// Fitted to the record by `bianjing calibrate` (by default); the others stay at their default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub calibrate: bool,
}

/// A named what-if.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIfDef {
    /// Name used on the command line, e.g. `no-raid`.
    pub id: String,
    /// One line of meaning.
    pub summary: String,
    /// The recorded event whose date is the point of divergence: history is kept before that day.
    pub diverges_at: String,
    /// What the model does differently from the divergence on.
    pub intervention: Intervention,
    /// For `raid-as-planned`: the agreed date (lunar).
    #[serde(default)]
    pub date: Option<Version<String>>,
    /// Whether the what-if takes a number (`NAME=N`), and its range.
    #[serde(default)]
    pub value: Option<WhatIfValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIfValue {
    pub meaning: String,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// Whether the divergence moves earlier by the value in days (relief N days earlier diverges N days
    /// before the first recorded arrival).
    #[serde(default)]
    pub shifts_divergence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Intervention {
    /// No night raid is launched.
    ForbidRaid,
    /// The raid goes in on the agreed date, coordinated, with the relief commander and war leader informed.
    RaidAsPlanned,
    /// The war leader is never dismissed.
    KeepWarLeader,
    /// The court never accepts the Jin terms.
    RefuseTerms,
    /// The indemnity is raised and delivered in full.
    PayInFull,
    /// A pursuit is ordered when the Jin withdraw, and never recalled.
    Pursue,
    /// Relief contingents set out earlier by the value in days.
    EarlyRelief,
}
