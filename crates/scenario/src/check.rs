//! Pass e: what the types cannot say. Unique ids, references between tables, citations, dates
//! inside the calendar, one default among versions, sensible numbers.
//!
//! Every rule runs on the whole file and records its findings by path; positions are looked up
//! afterwards in the span index, so this module never deals with text.

use std::collections::{HashMap, HashSet};

use bianjing_calendar::{Calendar, CivilDate, Era, Jdn, LunarDate, MonthRow};

use crate::model::{ForceKind, PlaceKind, ScenarioFile, SideId, Version};
use crate::span_index::{SpanIndex, join_index, join_key};
use crate::structure::{MAX_SUGGESTIONS, closest};

/// One problem of meaning, located by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) expected: String,
}

/// Runs every rule. The calendar is returned when its table is sound, even if other rules failed.
pub(crate) fn check(data: &ScenarioFile, spans: &SpanIndex) -> (Option<Calendar>, Vec<Finding>) {
    let mut c = Checker {
        data,
        spans,
        findings: Vec::new(),
        calendar: None,
    };
    c.calendar();
    c.unique_ids();
    c.references();
    c.citations();
    c.dates();
    c.versions();
    c.numbers();
    c.relief();
    (c.calendar, c.findings)
}

struct Checker<'a> {
    data: &'a ScenarioFile,
    spans: &'a SpanIndex,
    findings: Vec<Finding>,
    calendar: Option<Calendar>,
}

const MONTHS_EXPECTED: &str = "a month table of declared eras whose months of 29 or 30 days \
    follow each other without gap or overlap";
const ERAS_EXPECTED: &str = "eras with a non-empty id, pinyin and Chinese name, no spelling \
    shared between two eras";

/// A table of the file seen as (path of the table, ids in order).
type IdList<'a> = (&'static str, Vec<&'a str>);

impl<'a> Checker<'a> {
    fn report(&mut self, path: String, message: impl Into<String>, expected: impl Into<String>) {
        // One more than the cap, so that the caller can tell that some were left out.
        if self.findings.len() > crate::diagnostic::MAX_ERRORS {
            return;
        }
        self.findings.push(Finding {
            path,
            message: message.into(),
            expected: expected.into(),
        });
    }

    fn suggest<'s>(&self, word: &str, known: &HashSet<&'s str>) -> Option<&'s str> {
        if self.findings.len() >= MAX_SUGGESTIONS {
            return None;
        }
        // Sorted, so that a tie between two candidates always resolves the same way.
        let mut sorted: Vec<&str> = known.iter().copied().collect();
        sorted.sort_unstable();
        closest(word, sorted.into_iter())
    }

    // --- calendar -------------------------------------------------------------------------

    fn calendar(&mut self) {
        let cal = &self.data.calendar;
        let mut table_ok = true;
        for (i, m) in cal.month.iter().enumerate() {
            let path = join_index("calendar.month", i);
            match m
                .first_day_julian
                .parse::<CivilDate>()
                .and_then(Jdn::from_julian)
            {
                Ok(jdn) if jdn.0 != m.first_day_jdn => {
                    table_ok = false;
                    self.report(
                        join_key(&path, "first_day_jdn"),
                        format!(
                            "first_day_jdn {} disagrees with first_day_julian {}, which is JDN {}",
                            m.first_day_jdn, m.first_day_julian, jdn.0
                        ),
                        format!(
                            "first_day_jdn = {} (or a corrected first_day_julian)",
                            jdn.0
                        ),
                    );
                }
                Ok(_) => {}
                Err(e) => {
                    table_ok = false;
                    self.report(
                        join_key(&path, "first_day_julian"),
                        e.message().to_owned(),
                        "a Julian calendar date written YYYY-MM-DD",
                    );
                }
            }
        }
        let eras = cal
            .era
            .iter()
            .map(|e| Era::new(e.id.clone(), e.pinyin.clone(), e.chinese.clone()))
            .collect();
        let months = cal
            .month
            .iter()
            .map(|m| MonthRow {
                era: m.era.clone(),
                year: m.year,
                month: m.month,
                leap: m.leap,
                first_day: Jdn(m.first_day_jdn),
                days: m.days,
            })
            .collect();
        match Calendar::new(eras, months) {
            Ok(calendar) => {
                if table_ok {
                    self.calendar = Some(calendar);
                }
            }
            Err(e) => {
                let (path, expected) = match e.row() {
                    Some(row) => (join_index("calendar.month", row), MONTHS_EXPECTED),
                    None if cal.month.is_empty() => ("calendar.month".to_owned(), MONTHS_EXPECTED),
                    None => ("calendar.era".to_owned(), ERAS_EXPECTED),
                };
                self.report(path, e.message().to_owned(), expected);
            }
        }
    }

    // --- ids ------------------------------------------------------------------------------

    fn id_lists(&self) -> Vec<IdList<'a>> {
        let d = self.data;
        vec![
            (
                "calendar.era",
                d.calendar.era.iter().map(|e| e.id.as_str()).collect(),
            ),
            ("source", d.source.iter().map(|s| s.id.as_str()).collect()),
            ("person", d.person.iter().map(|p| p.id.as_str()).collect()),
            ("place", d.place.iter().map(|p| p.id.as_str()).collect()),
            ("force", d.force.iter().map(|f| f.id.as_str()).collect()),
            ("demand", d.demand.iter().map(|x| x.id.as_str()).collect()),
            ("fact", d.fact.iter().map(|x| x.id.as_str()).collect()),
            ("event", d.event.iter().map(|e| e.id.as_str()).collect()),
            ("what_if", d.what_if.iter().map(|w| w.id.as_str()).collect()),
        ]
    }

    fn unique_ids(&mut self) {
        for (table, ids) in self.id_lists() {
            self.unique(table, "id", &ids);
        }
        let sides: Vec<&str> = self
            .data
            .side
            .iter()
            .map(|s| match s.id {
                SideId::Song => "song",
                SideId::Jin => "jin",
            })
            .collect();
        self.unique("side", "id", &sides);
        let names: Vec<&str> = self
            .data
            .parameter
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        self.unique("parameter", "name", &names);
    }

    fn unique(&mut self, table: &str, key: &str, ids: &[&str]) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            let path = join_key(&join_index(table, i), key);
            if id.trim().is_empty() {
                self.report(
                    path,
                    format!("empty {key} in `{table}`"),
                    format!("a non-empty {key}"),
                );
                continue;
            }
            if let Some(&j) = first.get(id) {
                self.report(
                    path,
                    format!("duplicate {key} `{id}`: `{table}[{j}]` has the same {key}"),
                    format!("{} {key} used by no other entry of `{table}`", article(key)),
                );
            } else {
                first.insert(id, i);
            }
        }
    }

    // --- references -----------------------------------------------------------------------

    fn references(&mut self) {
        let d = self.data;
        let persons: HashSet<&str> = d.person.iter().map(|p| p.id.as_str()).collect();
        let places: HashSet<&str> = d.place.iter().map(|p| p.id.as_str()).collect();
        let forces: HashSet<&str> = d.force.iter().map(|f| f.id.as_str()).collect();
        let events: HashSet<&str> = d.event.iter().map(|e| e.id.as_str()).collect();

        let mut refs: Vec<(String, &str, &str, &HashSet<&str>)> = Vec::new();
        let mut add =
            |path: String, id: &'a str, what: &'static str, set| refs.push((path, id, what, set));

        add(
            "scenario.capital".into(),
            &d.scenario.capital,
            "place",
            &places,
        );
        for (i, f) in d.force.iter().enumerate() {
            let p = join_index("force", i);
            if let Some(c) = &f.commander {
                add(join_key(&p, "commander"), c, "person", &persons);
            }
            add(join_key(&p, "origin"), &f.origin, "place", &places);
        }
        for (i, pl) in d.place.iter().enumerate() {
            if let Some(parent) = &pl.part_of {
                add(
                    join_key(&join_index("place", i), "part_of"),
                    parent,
                    "place",
                    &places,
                );
            }
        }
        for (i, r) in d.road.iter().enumerate() {
            let p = join_index("road", i);
            add(join_key(&p, "from"), &r.from, "place", &places);
            add(join_key(&p, "to"), &r.to, "place", &places);
        }
        for (i, x) in d.demand.iter().enumerate() {
            let p = join_index("demand", i);
            for (j, id) in x.places.iter().enumerate() {
                add(join_index(&join_key(&p, "places"), j), id, "place", &places);
            }
            for (j, id) in x.persons.iter().enumerate() {
                add(
                    join_index(&join_key(&p, "persons"), j),
                    id,
                    "person",
                    &persons,
                );
            }
        }
        for (i, x) in d.fact.iter().enumerate() {
            if let Some(id) = &x.place {
                add(
                    join_key(&join_index("fact", i), "place"),
                    id,
                    "place",
                    &places,
                );
            }
        }
        for (i, e) in d.event.iter().enumerate() {
            let p = join_index("event", i);
            for (j, id) in e.persons.iter().enumerate() {
                add(
                    join_index(&join_key(&p, "persons"), j),
                    id,
                    "person",
                    &persons,
                );
            }
            for (j, id) in e.places.iter().enumerate() {
                add(join_index(&join_key(&p, "places"), j), id, "place", &places);
            }
            for (j, id) in e.forces.iter().enumerate() {
                add(join_index(&join_key(&p, "forces"), j), id, "force", &forces);
            }
        }
        add("western.army".into(), &d.western.army, "force", &forces);
        add(
            "western.besieging".into(),
            &d.western.besieging,
            "place",
            &places,
        );
        for (j, id) in d.western.route.iter().enumerate() {
            add(join_index("western.route", j), id, "place", &places);
        }
        for (i, w) in d.what_if.iter().enumerate() {
            add(
                join_key(&join_index("what_if", i), "diverges_at"),
                &w.diverges_at,
                "event",
                &events,
            );
        }

        for (path, id, what, set) in refs {
            if !set.contains(id) {
                let mut message = format!("unknown {what} `{id}`");
                if let Some(close) = self.suggest(id, set) {
                    message.push_str(&format!(" (did you mean `{close}`?)"));
                }
                self.report(
                    path,
                    message,
                    format!("the id of {} `{what}` entry", article(what)),
                );
            }
        }

        // The capital must be a capital, not merely a place.
        if let Some(place) = d.place.iter().find(|p| p.id == d.scenario.capital) {
            if place.kind != PlaceKind::Capital {
                self.report(
                    "scenario.capital".into(),
                    format!("`{}` is not a place of kind `capital`", place.id),
                    "the id of a place with kind = \"capital\"",
                );
            }
        }
    }

    // --- citations ------------------------------------------------------------------------

    fn citations(&mut self) {
        let d = self.data;
        let mut lists: Vec<(String, &[String])> = Vec::new();
        for (i, e) in d.calendar.era.iter().enumerate() {
            lists.push((
                join_key(&join_index("calendar.era", i), "sources"),
                &e.sources,
            ));
        }
        for (i, m) in d.calendar.month.iter().enumerate() {
            lists.push((
                join_key(&join_index("calendar.month", i), "sources"),
                &m.sources,
            ));
        }
        for (i, s) in d.side.iter().enumerate() {
            lists.push((join_key(&join_index("side", i), "sources"), &s.sources));
        }
        for (i, p) in d.person.iter().enumerate() {
            lists.push((join_key(&join_index("person", i), "sources"), &p.sources));
        }
        for (i, p) in d.place.iter().enumerate() {
            lists.push((join_key(&join_index("place", i), "sources"), &p.sources));
        }
        for (i, x) in d.demand.iter().enumerate() {
            for (j, r) in x.raised.iter().enumerate() {
                let p = join_index(&join_key(&join_index("demand", i), "raised"), j);
                lists.push((join_key(&p, "sources"), &r.sources));
            }
        }
        lists.push(("western.sources".into(), &d.western.sources));
        for (i, p) in d.parameter.iter().enumerate() {
            lists.push((join_key(&join_index("parameter", i), "sources"), &p.sources));
        }
        for v in self.version_lists() {
            for (j, version) in v.sources.iter().enumerate() {
                lists.push((join_key(&v.item(j), "sources"), *version));
            }
        }

        let declared: HashSet<&str> = d.source.iter().map(|s| s.id.as_str()).collect();
        let paragraphs = d.scenario.essay_paragraphs;
        for (path, list) in lists {
            for (k, cite) in list.iter().enumerate() {
                let path = join_index(&path, k);
                if let Some(n) = cite.strip_prefix("essay:") {
                    match n.trim().parse::<u64>() {
                        Ok(n) if (1..=u64::from(paragraphs)).contains(&n) => {}
                        Ok(n) => self.report(
                            path,
                            format!("essay paragraph {n} does not exist: the essay has {paragraphs}"),
                            format!("`essay:N` with N from 1 to {paragraphs} (scenario.essay_paragraphs)"),
                        ),
                        Err(_) => self.report(
                            path,
                            format!("bad essay citation `{cite}`"),
                            format!("`essay:N` with N a number from 1 to {paragraphs}"),
                        ),
                    }
                } else if !declared.contains(cite.as_str()) {
                    let mut message = format!("unknown source `{cite}`");
                    if let Some(close) = self.suggest(cite, &declared) {
                        message.push_str(&format!(" (did you mean `{close}`?)"));
                    }
                    self.report(
                        path,
                        message,
                        "the id of a [[source]] entry, or `essay:N` for a paragraph of the essay",
                    );
                }
            }
        }
    }

    // --- dates ----------------------------------------------------------------------------

    fn dates(&mut self) {
        let Some(calendar) = self.calendar.take() else {
            return;
        };
        let d = self.data;
        let mut dates: Vec<(String, &str)> = vec![
            ("scenario.start".into(), &d.scenario.start),
            ("scenario.horizon".into(), &d.scenario.horizon),
        ];
        let mut versions = |path: String, list: &'a [Version<String>]| {
            for (j, v) in list.iter().enumerate() {
                dates.push((join_key(&join_index(&path, j), "value"), &v.value));
            }
        };
        for (i, e) in d.event.iter().enumerate() {
            versions(join_key(&join_index("event", i), "date"), &e.date);
        }
        for (i, f) in d.force.iter().enumerate() {
            versions(join_key(&join_index("force", i), "arrives"), &f.arrives);
        }
        for (i, x) in d.demand.iter().enumerate() {
            let p = join_index("demand", i);
            versions(join_key(&p, "made"), &x.made);
            versions(join_key(&p, "dropped"), &x.dropped);
        }
        for (i, x) in d.demand.iter().enumerate() {
            for (j, r) in x.raised.iter().enumerate() {
                let p = join_index(&join_key(&join_index("demand", i), "raised"), j);
                dates.push((join_key(&p, "by"), &r.by));
            }
        }
        for (i, w) in d.what_if.iter().enumerate() {
            if let Some(v) = &w.date {
                dates.push((
                    join_key(&join_key(&join_index("what_if", i), "date"), "value"),
                    &v.value,
                ));
            }
        }

        let range = table_range(&calendar);
        let mut start_end = [None, None];
        for (k, (path, text)) in dates.into_iter().enumerate() {
            match lunar_jdn(&calendar, text) {
                Ok(jdn) => {
                    if k < 2 {
                        start_end[k] = Some(jdn);
                    }
                }
                Err(message) => self.report(
                    path,
                    format!("bad date `{text}`: {message}"),
                    format!("a lunar date such as `JK1 1/2` within the month table ({range})"),
                ),
            }
        }
        if let [Some(start), Some(horizon)] = start_end {
            if start >= horizon {
                self.report(
                    "scenario.horizon".into(),
                    format!(
                        "the horizon `{}` is not after the start `{}`",
                        d.scenario.horizon, d.scenario.start
                    ),
                    "a horizon later than scenario.start",
                );
            }
        }
        self.calendar = Some(calendar);
    }

    // --- versions -------------------------------------------------------------------------

    fn version_lists(&self) -> Vec<VersionList<'a>> {
        let d = self.data;
        let mut out = Vec::new();
        fn push<'a, T>(out: &mut Vec<VersionList<'a>>, path: String, list: &'a [Version<T>]) {
            out.push(VersionList {
                path,
                single: false,
                defaults: list
                    .iter()
                    .map(|v| (v.default, v.why.trim().is_empty()))
                    .collect(),
                sources: list.iter().map(|v| v.sources.as_slice()).collect(),
            });
        }
        for (i, r) in d.road.iter().enumerate() {
            push(&mut out, join_key(&join_index("road", i), "li"), &r.li);
        }
        for (i, f) in d.force.iter().enumerate() {
            let p = join_index("force", i);
            push(&mut out, join_key(&p, "strength"), &f.strength);
            push(&mut out, join_key(&p, "core"), &f.core);
            push(&mut out, join_key(&p, "road_li"), &f.road_li);
            push(&mut out, join_key(&p, "arrives"), &f.arrives);
        }
        for (i, x) in d.demand.iter().enumerate() {
            let p = join_index("demand", i);
            push(&mut out, join_key(&p, "amount"), &x.amount);
            push(&mut out, join_key(&p, "made"), &x.made);
            push(&mut out, join_key(&p, "dropped"), &x.dropped);
        }
        for (i, x) in d.fact.iter().enumerate() {
            push(
                &mut out,
                join_key(&join_index("fact", i), "value"),
                &x.value,
            );
        }
        for (i, e) in d.event.iter().enumerate() {
            let p = join_index("event", i);
            push(&mut out, join_key(&p, "date"), &e.date);
            push(&mut out, join_key(&p, "size"), &e.size);
        }
        for (i, w) in d.what_if.iter().enumerate() {
            if let Some(v) = &w.date {
                out.push(VersionList {
                    // A single version, not a list: its sources sit right under `date`.
                    path: join_key(&join_index("what_if", i), "date"),
                    single: true,
                    defaults: vec![(v.default, v.why.trim().is_empty())],
                    sources: vec![v.sources.as_slice()],
                });
            }
        }
        out
    }

    fn versions(&mut self) {
        for v in self.version_lists() {
            // A single version cannot be empty or ambiguous.
            if v.single {
                continue;
            }
            let present = self.spans.contains(&v.path);
            if v.defaults.is_empty() {
                if present {
                    self.report(
                        v.path.clone(),
                        format!(
                            "`{}` has no versions",
                            crate::span_index::last_segment(&v.path)
                        ),
                        "at least one version, or the key left out",
                    );
                }
                continue;
            }
            if v.defaults.len() < 2 {
                continue;
            }
            let marked: Vec<usize> = v
                .defaults
                .iter()
                .enumerate()
                .filter(|(_, (d, _))| *d)
                .map(|(i, _)| i)
                .collect();
            match marked.as_slice() {
                [] => self.report(
                    v.path.clone(),
                    format!(
                        "{} versions and none is marked `default = true`",
                        v.defaults.len()
                    ),
                    "exactly one version with `default = true` and a `why`",
                ),
                [one] => {
                    if v.defaults[*one].1 {
                        self.report(
                            join_key(&v.item(*one), "why"),
                            "the default version does not say why it is the default",
                            "a non-empty `why` on the default version",
                        );
                    }
                }
                [_, rest @ ..] => {
                    for &i in rest {
                        self.report(
                            join_key(&v.item(i), "default"),
                            format!("{} versions are marked `default = true`", marked.len()),
                            "exactly one version with `default = true`",
                        );
                    }
                }
            }
        }
    }

    // --- numbers --------------------------------------------------------------------------

    fn numbers(&mut self) {
        let d = self.data;
        let mut amounts: Vec<(String, f64, Sign)> = Vec::new();
        let mut list = |path: String, vs: &[Version<f64>], sign: Sign| {
            for (j, v) in vs.iter().enumerate() {
                amounts.push((join_key(&join_index(&path, j), "value"), v.value, sign));
            }
        };
        for (i, r) in d.road.iter().enumerate() {
            list(
                join_key(&join_index("road", i), "li"),
                &r.li,
                Sign::NonNegative,
            );
        }
        for (i, f) in d.force.iter().enumerate() {
            let p = join_index("force", i);
            list(join_key(&p, "strength"), &f.strength, Sign::Positive);
            list(join_key(&p, "core"), &f.core, Sign::NonNegative);
            list(join_key(&p, "road_li"), &f.road_li, Sign::NonNegative);
        }
        for (i, x) in d.demand.iter().enumerate() {
            list(
                join_key(&join_index("demand", i), "amount"),
                &x.amount,
                Sign::NonNegative,
            );
        }
        for (i, x) in d.fact.iter().enumerate() {
            list(
                join_key(&join_index("fact", i), "value"),
                &x.value,
                Sign::Any,
            );
        }
        for (i, e) in d.event.iter().enumerate() {
            list(
                join_key(&join_index("event", i), "size"),
                &e.size,
                Sign::NonNegative,
            );
        }
        for (i, x) in d.demand.iter().enumerate() {
            for (j, r) in x.raised.iter().enumerate() {
                let p = join_index(&join_key(&join_index("demand", i), "raised"), j);
                amounts.push((join_key(&p, "amount"), r.amount, Sign::NonNegative));
            }
        }
        for (i, p) in d.place.iter().enumerate() {
            let path = join_index("place", i);
            amounts.push((join_key(&path, "lat"), p.lat, Sign::Any));
            amounts.push((join_key(&path, "lon"), p.lon, Sign::Any));
        }
        for (path, value, sign) in amounts {
            let (ok, expected) = match sign {
                Sign::Positive => (
                    value.is_finite() && value > 0.0,
                    "a finite number greater than 0",
                ),
                Sign::NonNegative => (
                    value.is_finite() && value >= 0.0,
                    "a finite number of at least 0",
                ),
                Sign::Any => (value.is_finite(), "a finite number"),
            };
            if !ok {
                let what = if path.contains(".strength[") {
                    "strength"
                } else {
                    "value"
                };
                self.report(path, format!("impossible {what} {value}"), expected);
            }
        }

        for (i, p) in d.parameter.iter().enumerate() {
            let path = join_index("parameter", i);
            self.range(&path, &p.name, p.min, p.default, p.max);
        }
        for (i, w) in d.what_if.iter().enumerate() {
            if let Some(v) = &w.value {
                let path = join_key(&join_index("what_if", i), "value");
                self.range(&path, &w.id, v.min, v.default, v.max);
            }
        }
    }

    /// `min <= default <= max`, all finite.
    fn range(&mut self, path: &str, name: &str, min: f64, default: f64, max: f64) {
        let mut finite = true;
        for (key, v) in [("min", min), ("default", default), ("max", max)] {
            if !v.is_finite() {
                finite = false;
                self.report(
                    join_key(path, key),
                    format!("`{name}`: {key} is {v}"),
                    "a finite number",
                );
            }
        }
        if !finite {
            return;
        }
        if min > max {
            self.report(
                join_key(path, "min"),
                format!("`{name}`: min {min} is greater than max {max}"),
                format!("min at most max ({max})"),
            );
        } else if default < min || default > max {
            self.report(
                join_key(path, "default"),
                format!("`{name}`: default {default} is outside its range {min} to {max}"),
                format!("a default from {min} to {max}"),
            );
        }
    }

    // --- relief ---------------------------------------------------------------------------

    fn relief(&mut self) {
        for (i, f) in self.data.force.iter().enumerate() {
            if f.kind != ForceKind::Relief || !f.marches {
                continue;
            }
            let path = join_index("force", i);
            for (key, empty, what) in [
                ("road_li", f.road_li.is_empty(), "how far it marches"),
                ("arrives", f.arrives.is_empty(), "when it arrived"),
            ] {
                // A present but empty list is already reported by the version rule.
                if empty && !self.spans.contains(&join_key(&path, key)) {
                    self.report(
                        join_key(&path, key),
                        format!("relief force `{}` marches but has no `{key}`", f.id),
                        format!("`{key}` with at least one version ({what})"),
                    );
                }
            }
        }
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[derive(Debug, Clone, Copy)]
enum Sign {
    Positive,
    NonNegative,
    Any,
}

/// The versions of one fact, reduced to what the generic rules need.
struct VersionList<'a> {
    path: String,
    /// `Option<Version<_>>` rather than `Vec<Version<_>>`: the version sits at `path` itself.
    single: bool,
    /// Per version: marked default, and whether `why` is empty.
    defaults: Vec<(bool, bool)>,
    sources: Vec<&'a [String]>,
}

impl VersionList<'_> {
    fn item(&self, i: usize) -> String {
        if self.single {
            self.path.clone()
        } else {
            join_index(&self.path, i)
        }
    }
}

/// Parses a lunar date and finds its day, with the calendar's own message on failure.
pub(crate) fn lunar_jdn(calendar: &Calendar, text: &str) -> Result<Jdn, String> {
    calendar
        .parse_lunar(text)
        .and_then(|date| calendar.to_jdn(&date))
        .map_err(|e| e.message().to_owned())
}

/// "JK1 1/1 to JK1 12/30": the first and last day the table covers.
fn table_range(calendar: &Calendar) -> String {
    let months = calendar.months();
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return "empty".to_owned();
    };
    let first = LunarDate::new(first.era.clone(), first.year, first.month, first.leap, 1);
    let last = LunarDate::new(
        last.era.clone(),
        last.year,
        last.month,
        last.leap,
        last.days,
    );
    format!("{first} to {last}")
}
