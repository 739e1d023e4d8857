//! A player holding the emperor's decisions: orders replace the model's draws for those decisions
//! only, the rest of the world keeps its luck, and nothing happens that the player did not order.

use bianjing_engine::{
    Decision, Event, Happening, Mode, Orders, RaidOrder, RunConfig, Script, Setup, Simulation,
};

fn setup() -> Setup {
    let s = bianjing_scenario::builtin();
    Setup::build(s.data(), s.calendar()).expect("the built-in scenario builds")
}

fn free_script(setup: &Setup) -> Script {
    let config = RunConfig {
        mode: Mode::Free,
        ..RunConfig::default()
    };
    Script::compile(setup, &config).expect("free mode compiles")
}

/// Runs with `orders` attached from the first day (none: the model decides); the events and the
/// run's last day.
fn run_to_end(
    setup: &Setup,
    script: &Script,
    seed: u64,
    orders: Option<Orders>,
) -> (Vec<Event>, u16) {
    let mut sim = Simulation::new(setup, &setup.params, script, seed, 0);
    if let Some(o) = orders {
        sim.set_orders(o);
    }
    let mut events = Vec::new();
    let outcome = sim.run(&mut events);
    (events, outcome.end_day)
}

fn run(setup: &Setup, script: &Script, seed: u64, orders: Option<Orders>) -> Vec<Event> {
    run_to_end(setup, script, seed, orders).0
}

fn western(events: &[Event]) -> Vec<(u16, Happening)> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e.what,
                Happening::WesternMutiny { .. }
                    | Happening::WesternAdvance { .. }
                    | Happening::Snow
            )
        })
        .map(|e| (e.day, e.what))
        .collect()
}

#[test]
fn untaken_orders_let_nothing_happen_at_court() {
    let setup = setup();
    let script = free_script(&setup);
    for seed in 0..40 {
        let events = run(&setup, &script, seed, Some(Orders::default()));
        for e in &events {
            assert!(
                !matches!(
                    e.what,
                    Happening::TermsAccepted
                        | Happening::Dismissal { .. }
                        | Happening::NightRaid { .. }
                        | Happening::PursuitOrdered { .. }
                        | Happening::HostageSent { .. }
                ),
                "seed {seed}: {:?} on day {} without an order",
                e.what,
                e.day
            );
        }
    }
}

#[test]
fn the_world_keeps_its_luck_whatever_the_player_decides() {
    // Snow and the western theatre read their own slots and not the court's: the same days with and
    // without a player, whatever the player orders.
    let setup = setup();
    let script = free_script(&setup);
    let bold = Orders {
        negotiate: Some(true),
        accept_terms: Some(false),
        raid: Some(RaidOrder::TonightInformed),
        pursue: Some(true),
        ..Orders::default()
    };
    let mut compared = 0;
    for seed in 0..40 {
        let runs = [None, Some(Orders::default()), Some(bold)]
            .map(|o| run_to_end(&setup, &script, seed, o));
        // Runs end on different days; compare the days all of them lived.
        let end = runs.iter().map(|r| r.1).min().unwrap_or(0);
        let seen: Vec<Vec<(u16, Happening)>> = runs
            .iter()
            .map(|r| western(&r.0).into_iter().filter(|e| e.0 <= end).collect())
            .collect();
        compared += seen[0].len();
        assert_eq!(seen[0], seen[1], "seed {seed}");
        assert_eq!(seen[0], seen[2], "seed {seed}");
    }
    assert!(compared >= 40, "only {compared} events compared");
}

#[test]
fn orders_are_obeyed_on_the_day_they_can_be() {
    let setup = setup();
    let script = free_script(&setup);
    let mut checked = 0;
    for seed in 0..20 {
        let mut sim = Simulation::new(&setup, &setup.params, &script, seed, 0);
        sim.set_orders(Orders::default());
        let mut events = Vec::new();
        // Wait for the Jin before the walls, then send envoys and accept whatever they ask.
        while !sim.is_finished() && !sim.open_decisions().contains(&Decision::Negotiate) {
            sim.step(&mut events);
        }
        if sim.is_finished() {
            continue;
        }
        let day = sim.world().day;
        sim.set_orders(Orders {
            negotiate: Some(true),
            accept_terms: Some(true),
            ..Orders::default()
        });
        sim.step(&mut events);
        if sim.world().ending.is_some() {
            continue;
        }
        assert!(
            events
                .iter()
                .any(|e| e.day == day && e.what == Happening::DemandLetter),
            "seed {seed}: envoys sent on day {day}, no letter that day"
        );
        assert!(
            events
                .iter()
                .any(|e| e.day == day && e.what == Happening::TermsAccepted),
            "seed {seed}: terms accepted by order on day {day}, not done"
        );
        assert!(!sim.open_decisions().contains(&Decision::Terms));
        assert!(sim.open_decisions().contains(&Decision::Squeeze));
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} runs reached the walls");
}

#[test]
fn a_secret_raid_tells_no_one() {
    let setup = setup();
    let script = free_script(&setup);
    for seed in 0..20 {
        let mut sim = Simulation::new(&setup, &setup.params, &script, seed, 0);
        sim.set_orders(Orders::default());
        let mut events = Vec::new();
        while !sim.is_finished() && !sim.open_decisions().contains(&Decision::Raid) {
            sim.step(&mut events);
        }
        if sim.is_finished() {
            continue;
        }
        sim.set_orders(Orders {
            raid: Some(RaidOrder::TonightSecret),
            ..Orders::default()
        });
        sim.step(&mut events);
        let raid = events
            .iter()
            .find_map(|e| match e.what {
                Happening::NightRaid { informed, .. } => Some(informed),
                _ => None,
            })
            .unwrap_or_else(|| panic!("seed {seed}: no raid on the night it was ordered"));
        assert!(!raid, "seed {seed}: a secret raid was announced");
        assert!(!sim.open_decisions().contains(&Decision::Raid));
        return;
    }
    panic!("no run reached a raid decision");
}
