//! The simulation: a state machine stepped one day at a time.
//!
//! A [`Simulation`] is built from a [`Setup`], a parameter set, a compiled [`Script`], a seed and a run
//! index. It does no I/O, reads no clock and holds no global random state: the same inputs give the same
//! events, bit for bit, on any machine and in any thread.
//!
//! Methods, in the manner of a sans-I/O protocol core:
//! - inputs: [`Simulation::new`], or [`Simulation::restart`] to begin another run in the storage of
//!   the last;
//! - commands: [`Simulation::step`] advances one day and hands the day's events to an [`Observer`];
//!   [`Simulation::run`] steps until the run ends;
//! - getters: [`Simulation::world`], [`Simulation::is_finished`], [`Simulation::outcome`].
//!
//! The order of processes within a day is fixed (see [`Simulation::step`]) and documented in
//! `docs/model.md`.

use bianjing_scenario::model::{ForceKind, Grade};

use crate::draws::{DayDraws, RUN_SLOTS, Stream};
use crate::event::{Event, ForceId, Happening, KeyEvent, Observer};
use crate::outcome::Outcome;
use crate::params::Params;
use crate::process::relief::Leg;
use crate::script::Script;
use crate::setup::Setup;
use crate::world::{Balance, ForceState, JinPhase, Pursuit, RaidState, World};

/// Quantities derived from the state that the decisions read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diagnostics {
    pub song_field_men: f64,
    /// Song field power over Jin power.
    pub power_ratio: f64,
    pub threat: f64,
    pub jin_gains: f64,
    pub support: f64,
}

/// One run of the model.
#[derive(Debug, Clone)]
pub struct Simulation<'a> {
    pub(crate) setup: &'a Setup,
    pub(crate) p: &'a Params,
    pub(crate) script: &'a Script,
    stream: Stream,
    pub(crate) draws: DayDraws,
    pub(crate) world: World,
    pending: Vec<Event>,
    /// Each force's fighting quality under this run's parameters.
    quality: Vec<f64>,
    /// The opening forces under this run's parameters, but for the paces drawn in each run.
    opening: crate::muster::Muster,
    /// The forces of `setup.song_field` at the capital, in its order (ascending ids). A field force
    /// only ever goes from waiting to marching to the capital and stays there, so the list only
    /// grows: set at the muster, added to on each arrival ([`Simulation::arrive`]).
    pub(crate) field_here: Vec<ForceId>,
    /// What the eastern army's daily choice weighs that follows from the setup and the parameters
    /// alone, worked out with the qualities.
    pub(crate) jin_measures: crate::process::eastern::JinMeasures,
    /// What the collection of the indemnity weighs that follows from the parameters alone.
    pub(crate) treasury: crate::process::diplomacy::Treasury,
    /// Position in `script.imposed`.
    pub(crate) next_imposed: usize,
    /// A player's standing orders, when a player holds the emperor's decisions (see [`crate::decision`]).
    pub(crate) orders: Option<crate::decision::Orders>,
    /// The crowd's cascade: its shape under this run's parameters, and its solution yesterday, where
    /// today's starts.
    pub(crate) cascade: crate::process::cascade::CascadeMemory,
    /// The sum of the days' going for the marches (1 a day, less in snow) since the start.
    pub(crate) march_clock: f64,
    /// Where each contingent of `setup.marching` set out from on the march clock.
    pub(crate) legs: Vec<Leg>,
    /// No contingent arrives before the march clock reaches this, nor sets out before this day.
    pub(crate) next_arrival: f64,
    pub(crate) next_set_out: f64,
    /// The day the first news on the road reaches the court (`u16::MAX` when none is on the road).
    pub(crate) next_news: u16,
    /// Whether the mechanisms run free today ([`Script::free`]), set when the day turns: every process
    /// asks it every day, several times.
    free_today: bool,
}

impl<'a> Simulation<'a> {
    /// A run with `seed` (the ensemble's) and `run` (this run's index, which selects its stream).
    pub fn new(setup: &'a Setup, p: &'a Params, script: &'a Script, seed: u64, run: u64) -> Self {
        let mut quality = Vec::with_capacity(setup.forces.len());
        weigh_qualities(setup, p, &mut quality);
        let mut stream = Stream::new(seed, run);
        let draws = DayDraws::keyed(&mut stream);
        let mut opening = crate::muster::Muster::default();
        opening.weigh(setup, p, script);
        let mut sim = Simulation {
            quality,
            opening,
            jin_measures: crate::process::eastern::JinMeasures::of(setup, p),
            treasury: crate::process::diplomacy::Treasury::of(p),
            field_here: Vec::with_capacity(setup.song_field.len()),
            setup,
            p,
            script,
            stream,
            draws,
            world: opening_world(setup, p, Vec::with_capacity(setup.forces.len()), true),
            // A day's events, drained every evening. Room for more than any day was seen to hold (12,
            // in 300,000 runs from the prior with every named what-if), so that a simulation restarted
            // run after run never grows it; a day past it would grow it once for the simulation's life.
            pending: Vec::with_capacity(32),
            next_imposed: 0,
            orders: None,
            cascade: crate::process::cascade::CascadeMemory::of(p),
            march_clock: 0.0,
            legs: Vec::with_capacity(setup.marching.len()),
            next_arrival: f64::INFINITY,
            next_set_out: f64::INFINITY,
            next_news: u16::MAX,
            free_today: script.free(0),
        };
        sim.muster();
        sim
    }

    /// Makes this the run `run` of an ensemble seeded with `seed` under the parameters `p`, exactly as
    /// [`Simulation::new`] would build it with the same setup and script, but in the storage of the
    /// last run: an ensemble runs many runs one after another, and building each afresh would cost a
    /// tenth of what its days cost. The forces' qualities are weighed again only when `p` is not the
    /// parameter set of the last run.
    pub fn restart(&mut self, p: &'a Params, seed: u64, run: u64) {
        if !std::ptr::eq(p, self.p) {
            self.p = p;
            weigh_qualities(self.setup, p, &mut self.quality);
            self.opening.weigh(self.setup, p, self.script);
            self.jin_measures = crate::process::eastern::JinMeasures::of(self.setup, p);
            self.treasury = crate::process::diplomacy::Treasury::of(p);
            self.cascade = crate::process::cascade::CascadeMemory::of(p);
        }
        self.stream.restart(seed, run);
        self.draws = DayDraws::keyed(&mut self.stream);
        let forces = std::mem::take(&mut self.world.forces);
        self.world = opening_world(self.setup, p, forces, true);
        self.pending.clear();
        self.next_imposed = 0;
        self.orders = None;
        self.cascade.forget_yesterday();
        self.march_clock = 0.0;
        self.next_news = u16::MAX;
        self.free_today = self.script.free(0);
        self.muster();
    }

    /// Draws the run's constants and sets out the forces and the marches from them.
    fn muster(&mut self) {
        let (setup, p, script) = (self.setup, self.p, self.script);
        let mut run_draws = [0.0; RUN_SLOTS];
        self.stream.fill(&mut run_draws);
        self.opening
            .muster(p, &run_draws, &mut self.world.forces, &mut self.field_here);
        let forces = &self.world.forces;
        let marches =
            crate::process::relief::Marches::start(setup, p, script, forces, &mut self.legs);
        self.world.all_arrived = marches.all_arrived;
        self.next_arrival = marches.next_arrival;
        self.next_set_out = marches.next_set_out;
    }

    /// Advances one day. The order of processes:
    /// 1. move the day's draws on to today;
    /// 2. impose the record's events for the day (history, before the point of divergence);
    /// 3. season: snow;
    /// 4. relief contingents march and arrive;
    /// 5. the western theatre, and its news reaching the court;
    /// 6. the eastern army: its movement and its commander's choice (assault, negotiate, withdraw);
    /// 7. the war party's raid: planning, a premature launch, the planned attack;
    /// 8. diplomacy: terms, hostages, collecting and delivering the indemnity;
    /// 9. the populace: grievance, the threshold cascade, the crowd;
    /// 10. the court: faction influence, the emperor's resolve, dismissal and restoration;
    /// 11. pursuit and recall;
    /// 12. supply and prices; then the end of the run is checked.
    pub fn step<O: Observer + ?Sized>(&mut self, observer: &mut O) {
        self.advance(observer);
        self.sync_marches();
    }

    // The daily processes, and the parts of them that run on many days, are compiled into this one
    // function (`#[inline(always)]`): as calls of their own each paid its register saves every day.
    // What happens on few days (fights, events, the marches' visits) stays a call of its own, so that
    // the day's code stays small; so does the cascade's solve, which compiled in cost more than it saved.
    /// A day, leaving the roads left of marching contingents to be brought up to date.
    #[inline(always)]
    fn advance<O: Observer + ?Sized>(&mut self, observer: &mut O) {
        if self.world.finished {
            return;
        }
        self.draws.next_day();
        self.impose_record();
        self.season();
        self.relief();
        self.western();
        self.eastern_army();
        self.raid();
        self.diplomacy();
        self.populace();
        self.court();
        self.pursuit();
        self.supply();
        self.check_end();
        for e in self.pending.drain(..) {
            observer.event(&e);
        }
        self.world.day += 1;
        self.free_today = self.script.free(self.world.day);
    }

    /// Steps until the run ends; returns its outcome.
    ///
    /// On a processor with the extensions of `x86-64-v3` (AVX2, FMA, BMI2 and their kin), the days
    /// run in a copy of the same code compiled for them, which needs about a twentieth fewer
    /// instructions. Its results are the same bits: Rust neither fuses a multiplication with an
    /// addition nor reorders floating-point arithmetic, whatever it compiles for.
    pub fn run<O: Observer + ?Sized>(&mut self, observer: &mut O) -> Outcome {
        #[cfg(target_arch = "x86_64")]
        if x86_64_v3::detected() {
            // SAFETY: the processor has every extension `run_x86_64_v3` is compiled for.
            return unsafe { self.run_x86_64_v3(observer) };
        }
        self.run_days(observer)
    }

    /// [`Simulation::run`] compiled for the extensions of `x86-64-v3`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,f16c,fma,lzcnt,movbe,popcnt")]
    fn run_x86_64_v3<O: Observer + ?Sized>(&mut self, observer: &mut O) -> Outcome {
        self.run_days(observer)
    }

    /// The days of a run until it ends: compiled into each of the two above.
    #[inline(always)]
    fn run_days<O: Observer + ?Sized>(&mut self, observer: &mut O) -> Outcome {
        while !self.world.finished {
            self.advance(observer);
        }
        self.sync_marches();
        self.outcome()
    }

    pub fn world(&self) -> &World {
        &self.world
    }
    pub fn is_finished(&self) -> bool {
        self.world.finished
    }
    /// Derived quantities the decisions read, for tracing and tests.
    pub fn diagnostics(&self) -> Diagnostics {
        Diagnostics {
            song_field_men: self.song_field_men(),
            power_ratio: self.song_field_power() / self.jin_power().max(1.0),
            threat: self.threat(),
            jin_gains: self.jin_gains(),
            support: self.support(),
        }
    }

    pub fn outcome(&self) -> Outcome {
        Outcome::of(self.setup, &self.world)
    }

    // ---- helpers shared by the processes ----

    /// Records a happening of today.
    #[inline]
    pub(crate) fn emit(&mut self, what: Happening, recorded: Option<u16>) {
        if let Some(k) = KeyEvent::of(&what) {
            let slot =
                &mut self.world.key_days[KeyEvent::ALL.iter().position(|&x| x == k).unwrap_or(0)];
            if slot.is_none() {
                *slot = Some(self.world.day);
            }
        }
        self.pending.push(Event {
            day: self.world.day,
            what,
            recorded,
        });
    }

    /// Whether the mechanisms may produce discrete events today.
    #[inline]
    pub(crate) fn free(&self) -> bool {
        self.free_today
    }

    #[inline]
    pub(crate) fn quality(&self, id: ForceId) -> f64 {
        self.quality[id as usize]
    }

    /// The balance of forces, from the cache when no force has changed. The check is inlined into
    /// every reader: the processes ask for the balance many times a day, and it changes rarely.
    /// Each reader picks its quantity in both arms, so that only that one is loaded from the cache.
    #[inline(always)]
    fn balance<F: Fn(&Balance) -> f64>(&self, pick: F) -> f64 {
        match self.world.balance.get() {
            Some(b) => pick(&b),
            None => pick(&self.weigh_forces()),
        }
    }

    /// Weighs the forces at the capital afresh and caches the result.
    #[inline(never)]
    fn weigh_forces(&self) -> Balance {
        // Both lists hold every force: cut to the same length, one bounds check serves both.
        let forces = &self.world.forces[..];
        let quality = &self.quality[..forces.len()];
        let (mut power, mut men) = (0.0, 0.0);
        for &i in &self.field_here {
            let (f, q) = (&forces[i as usize], quality[i as usize]);
            power += f.present * q * (0.5 + f.morale);
            men += f.present;
        }
        let j = self.setup.jin_east as usize;
        let f = &forces[j];
        let jin_power = f.present * quality[j] * (0.5 + f.morale);
        let r = power / jin_power.max(1.0);
        let b = Balance {
            song_power: power,
            song_men: men,
            jin_power,
            threat: r / (1.0 + r),
        };
        self.world.balance.set(Some(b));
        b
    }

    /// Song forces in the field at the capital (relief camps and the city's field force), weighted by
    /// quality and morale.
    #[inline]
    pub(crate) fn song_field_power(&self) -> f64 {
        self.balance(|b| b.song_power)
    }

    /// Men of the Song field forces at the capital.
    #[inline]
    pub(crate) fn song_field_men(&self) -> f64 {
        self.balance(|b| b.song_men)
    }

    /// Mean quality of the Song field forces at the capital, weighted by men: the quality of an
    /// attack or pursuit drawn from all of them.
    pub(crate) fn song_field_quality(&self) -> f64 {
        let men = self.song_field_men();
        if men <= 0.0 {
            return self.p.q_regular;
        }
        self.song_field()
            .map(|i| self.world.force(i).present * self.quality(i))
            .sum::<f64>()
            / men
    }

    #[inline]
    pub(crate) fn jin_power(&self) -> f64 {
        self.balance(|b| b.jin_power)
    }

    /// How threatened the eastern army is by the Song field armies: R / (1 + R) for the power ratio R.
    #[inline]
    pub(crate) fn threat(&self) -> f64 {
        self.balance(|b| b.threat)
    }

    /// The Song field forces at the capital, in the order of `setup.song_field`.
    fn song_field(&self) -> impl Iterator<Item = ForceId> + '_ {
        self.field_here.iter().copied()
    }

    /// Notes that `force` has just reached the capital, keeping `field_here` in the order of
    /// `setup.song_field` (ascending ids) so that sums over it add in the same order as over the list.
    /// Called only for a force that was not at the capital, so it is not in the list yet.
    #[inline]
    pub(crate) fn note_at_capital(&mut self, force: ForceId) {
        if !self.setup.forces[force as usize].is_song_field() {
            return;
        }
        // A few forces arrive in a run: sliding the newcomer into place costs less than an insert.
        let here = &mut self.field_here;
        here.push(force);
        let mut k = here.len() - 1;
        while k > 0 && here[k - 1] > force {
            here.swap(k - 1, k);
            k -= 1;
        }
    }

    /// The first Song field force of `kind` (a relief army or the city's field force) at the capital.
    pub(crate) fn field_force(&self, kind: ForceKind) -> Option<ForceId> {
        debug_assert!(matches!(
            kind,
            ForceKind::Relief | ForceKind::CityFieldForce
        ));
        self.song_field()
            .find(|&i| self.setup.forces[i as usize].kind == kind)
    }

    /// The emperor's leaning towards fighting: the mean of the war party's influence and his resolve.
    pub(crate) fn support(&self) -> f64 {
        0.5 * (self.world.war + self.world.resolve)
    }

    /// `men` of force `id` as a party to a fight: its quality and morale, on dry land.
    pub(crate) fn party_of(&self, id: ForceId, men: f64) -> crate::combat::Party {
        crate::combat::Party {
            men,
            quality: self.quality(id),
            morale: self.world.force(id).morale,
            crossing: false,
        }
    }

    /// Takes `losses` from a force, split into killed and wounded, and `deserted` more.
    #[inline]
    pub(crate) fn take_losses(&mut self, id: ForceId, losses: f64, deserted: f64) {
        let killed_share = self.p.killed_share;
        let f = self.world.force_mut(id);
        let losses = losses.clamp(0.0, f.present);
        f.present -= losses;
        f.killed += losses * killed_share;
        f.wounded += losses * (1.0 - killed_share);
        // Most fights leave no deserters: +0.0 would change neither sum (`deserted` is never -0.0).
        if deserted.to_bits() == 0 {
            return;
        }
        let deserted = deserted.clamp(0.0, f.present);
        f.present -= deserted;
        f.deserted += deserted;
    }

    /// Moves the war party's influence by `delta`, keeping it inside (0, 1).
    pub(crate) fn nudge_war(&mut self, delta: f64) {
        self.world.war = (self.world.war + delta).clamp(0.02, 0.98);
    }

    fn check_end(&mut self) {
        let w = &mut self.world;
        let last = w.day + 1 >= self.setup.days;
        let pursuit_settled = matches!(
            w.pursuit,
            Pursuit::Recalled | Pursuit::Ended | Pursuit::Declined
        );
        if w.ending.is_some() || last || (w.jin == JinPhase::North && pursuit_settled) {
            w.finished = true;
        }
    }
}

/// Which copy of the days [`Simulation::run`] takes on this processor: `"x86-64-v3"` or `"portable"`
/// (for a benchmark's report: the results are the same bits either way).
pub fn days_compiled_for() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if x86_64_v3::detected() {
        return "x86-64-v3";
    }
    "portable"
}

/// Whether the processor has the extensions of `x86-64-v3`, for [`Simulation::run`].
#[cfg(target_arch = "x86_64")]
mod x86_64_v3 {
    use std::sync::LazyLock;

    /// Asked of the processor once; every run reads the answer.
    static DETECTED: LazyLock<bool> = LazyLock::new(|| {
        std::is_x86_feature_detected!("avx")
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("bmi1")
            && std::is_x86_feature_detected!("bmi2")
            && std::is_x86_feature_detected!("f16c")
            && std::is_x86_feature_detected!("fma")
            && std::is_x86_feature_detected!("lzcnt")
            && std::is_x86_feature_detected!("movbe")
            && std::is_x86_feature_detected!("popcnt")
    });

    #[inline]
    pub(super) fn detected() -> bool {
        *DETECTED
    }
}

/// The world on the morning of day 0 with `forces` (mustered afterwards) and everything else as
/// the scenario and the parameters have it.
fn opening_world(setup: &Setup, p: &Params, forces: Vec<ForceState>, all_arrived: bool) -> World {
    World {
        day: 0,
        forces,
        jin: JinPhase::NorthBank,
        jin_li_left: setup.crossing_li,
        jin_supply: p.supply_days,
        jin_start: setup.forces[setup.jin_east as usize].strength,
        invested: false,
        letter_sent: false,
        withdrew_day: None,
        withdrew_with_terms: false,
        crossed_north_day: None,
        jin_aggrieved: false,
        apology_owed: false,
        war: p.war_start,
        resolve: p.resolve_start,
        war_leader_in_office: true,
        restored_by_crowd: false,
        all_arrived,
        shock: 0.0,
        terms_accepted: false,
        oath: false,
        cession_promised: false,
        hostage: None,
        hostages_taken: 0,
        gold_raised: 0.0,
        silver_raised: 0.0,
        gold_delivered: 0.0,
        silver_delivered: 0.0,
        squeezed: 0.0,
        food: p.food_days,
        price: 1.0,
        snow_today: false,
        snow_shock: 0.0,
        grievance: 0.0,
        outrage: 0.0,
        crowd: 0.0,
        crowd_peak: 0.0,
        crowd_out: false,
        raid: RaidState::None,
        pursuit: Pursuit::NotOrdered,
        western_mutiny: false,
        western_next: 0,
        news: [None; 8],
        alarm: 0.0,
        ending: None,
        finished: false,
        key_days: [None; KeyEvent::ALL.len()],
        balance: std::cell::Cell::new(None),
    }
}

/// Each force's fighting quality under `p`, written into `quality` (cleared first).
fn weigh_qualities(setup: &Setup, p: &Params, quality: &mut Vec<f64>) {
    quality.clear();
    quality.extend(
        setup
            .forces
            .iter()
            .map(|f| force_quality(p, f.grade, f.core, f.strength)),
    );
}

/// A force's quality: its grade's multiplier, with its veteran core (if any) at the elite multiplier.
fn force_quality(p: &Params, grade: Grade, core: f64, strength: f64) -> f64 {
    let q = match grade {
        Grade::Elite => p.q_elite,
        Grade::Veteran => p.q_veteran,
        Grade::Regular => p.q_regular,
        Grade::Recruit => p.q_recruit,
        Grade::Militia => p.q_militia,
    };
    if core > 0.0 && strength > 0.0 {
        let core = (core / strength).min(1.0);
        core * p.q_elite + (1.0 - core) * q
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Posture;

    /// A run restarted in the storage of another, under the same or other parameters, and after
    /// a player's orders, is the run built afresh: the same events and the same outcome, bit for bit.
    #[test]
    fn a_restarted_run_is_the_run_built_afresh() {
        let setup = crate::fixture::builtin_setup();
        let script = crate::fixture::free_script(&setup);
        let mut other = setup.params.clone();
        other.pace_sd *= 2.0;
        other.morale_regular *= 0.5;
        other.q_recruit *= 1.5;
        other.threshold_sd *= 1.5;
        other.money_satisfaction *= 0.8;
        other.supply_days *= 1.3;
        other.silver_wealth *= 0.7;
        let params = [&setup.params, &other];
        let mut restarted = Simulation::new(&setup, &other, &script, 9, 1000);
        restarted.orders = Some(crate::decision::Orders::default());
        let (mut differ, mut runs) = (0, 0);
        for run in 0..60 {
            let p = params[(run / 3 % 2) as usize];
            let (mut fresh_events, mut events) = (Vec::new(), Vec::new());
            let fresh = Simulation::new(&setup, p, &script, 9, run).run(&mut fresh_events);
            restarted.run(&mut ());
            restarted.restart(p, 9, run);
            let outcome = restarted.run(&mut events);
            assert_eq!(format!("{fresh:?}"), format!("{outcome:?}"), "run {run}");
            assert_eq!(
                format!("{fresh_events:?}"),
                format!("{events:?}"),
                "run {run}"
            );
            runs += 1;
            // The parameters must matter for the comparison to mean anything.
            let other_p = params[1 - (run / 3 % 2) as usize];
            let elsewhere = Simulation::new(&setup, other_p, &script, 9, run).run(&mut ());
            if format!("{elsewhere:?}") != format!("{outcome:?}") {
                differ += 1;
            }
        }
        assert!(
            differ > runs / 2,
            "the parameters changed only {differ} of {runs} runs"
        );
    }

    /// The copy of the days compiled for `x86-64-v3`, which [`Simulation::run`] takes on a processor
    /// that has its extensions, gives the events and outcomes of the copy compiled for any processor,
    /// bit for bit: free runs under the built-in and other parameters, and history runs under both
    /// records. (On a processor without the extensions both sides run the same copy.)
    #[test]
    fn the_days_compiled_for_x86_64_v3_give_the_same_bits() {
        let setup = crate::fixture::builtin_setup();
        let mut other = setup.params.clone();
        other.threshold_sd *= 1.5;
        other.pace_sd *= 2.0;
        other.supply_days *= 0.8;
        let history = |record| {
            let config = crate::RunConfig {
                mode: crate::Mode::History,
                record,
                ..crate::RunConfig::default()
            };
            Script::compile(&setup, &config).expect("the history script compiles")
        };
        let scripts = [
            crate::fixture::free_script(&setup),
            history(crate::Record::Essay),
            history(crate::Record::Sources),
        ];
        let mut events_seen = 0;
        for script in &scripts {
            for p in [&setup.params, &other] {
                for run in 0..40 {
                    let (mut dispatched_events, mut portable_events) = (Vec::new(), Vec::new());
                    let dispatched =
                        Simulation::new(&setup, p, script, 3, run).run(&mut dispatched_events);
                    let portable =
                        Simulation::new(&setup, p, script, 3, run).run_days(&mut portable_events);
                    assert_eq!(
                        format!("{dispatched:?}"),
                        format!("{portable:?}"),
                        "run {run}"
                    );
                    assert_eq!(
                        format!("{dispatched_events:?}"),
                        format!("{portable_events:?}"),
                        "run {run}"
                    );
                    events_seen += portable_events.len();
                }
            }
        }
        assert!(events_seen > 2000, "only {events_seen} events compared");
    }

    /// The balance as weighed over every force of `setup.song_field`, asking each for its posture.
    fn weighed_over_the_whole_list(sim: &Simulation) -> Diagnostics {
        let (mut power, mut men) = (0.0, 0.0);
        for &i in &sim.setup.song_field {
            let f = sim.world.force(i);
            if f.posture == Posture::AtCapital {
                power += f.present * sim.quality(i) * (0.5 + f.morale);
                men += f.present;
            }
        }
        let jin = sim.world.force(sim.setup.jin_east);
        let jin_power = jin.present * sim.quality(sim.setup.jin_east) * (0.5 + jin.morale);
        let r = power / jin_power.max(1.0);
        Diagnostics {
            song_field_men: men,
            power_ratio: power / jin_power.max(1.0),
            threat: r / (1.0 + r),
            jin_gains: 0.0,
            support: 0.0,
        }
    }

    /// The cached balance of forces (and the threat kept with it) is what weighing the forces afresh
    /// gives, day after day, through the fights, arrivals and withdrawals of free runs, and what
    /// weighing every field force, at the capital or not, gives.
    #[test]
    fn the_cached_balance_is_the_balance_weighed_afresh() {
        let setup = crate::fixture::builtin_setup();
        let script = crate::fixture::free_script(&setup);
        let mut changed_days = 0;
        for run in 0..40 {
            let mut sim = Simulation::new(&setup, &setup.params, &script, 5, run);
            let mut before = sim.diagnostics();
            while !sim.is_finished() {
                sim.step(&mut ());
                let cached = sim.diagnostics();
                sim.world.balance.set(None);
                let fresh = sim.diagnostics();
                let bits =
                    |d: &Diagnostics| [d.song_field_men, d.power_ratio, d.threat].map(f64::to_bits);
                assert_eq!(
                    bits(&cached),
                    bits(&fresh),
                    "run {run}, day {}",
                    sim.world.day
                );
                let r = fresh.power_ratio;
                assert_eq!(fresh.threat.to_bits(), (r / (1.0 + r)).to_bits());
                let whole = weighed_over_the_whole_list(&sim);
                assert_eq!(
                    bits(&cached),
                    bits(&whole),
                    "run {run}, day {}",
                    sim.world.day
                );
                if bits(&fresh) != bits(&before) {
                    changed_days += 1;
                }
                before = fresh;
            }
        }
        // The comparison means something only if the balance moves in these runs.
        assert!(
            changed_days > 40,
            "the balance changed on only {changed_days} days"
        );
    }
}
