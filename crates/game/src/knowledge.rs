//! What the emperor knows: the true state seen through noise, rumours true and false, and news that
//! arrives late.
//!
//! The noise comes from its own ChaCha8 generator, keyed by the game's seed and the day, never from the
//! run's stream: looking at the world does not change its luck, and the same day shows the same
//! estimate however often it is looked at. The spreads are modelling assumptions in the content file.

use bianjing_engine::math::{lognormal_factor, normal_quantile};
use bianjing_engine::world::{JinPhase, Posture};
use bianjing_engine::{Happening, Simulation};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

use crate::game::Game;
use crate::view::{Estimate, Heard as HeardView, KnowledgeView};

/// Keys the knowledge generator apart from the run's (which is seeded with the seed itself).
const KNOWLEDGE_KEY: u64 = 0x6b6e_6f77_6c65_6467;
/// Stream offsets: estimates and rumours of a day draw from different streams.
const ESTIMATE_STREAM: u64 = 1 << 32;

/// `n` uniforms for `day` of the game seeded `seed`, from stream `offset + day`.
fn uniforms<const N: usize>(seed: u64, offset: u64, day: u16) -> [f64; N] {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ KNOWLEDGE_KEY);
    rng.set_stream(offset + u64::from(day));
    let mut u = [0.0; N];
    for x in &mut u {
        *x = f64::from(rng.next_u32()) / 4_294_967_296.0;
    }
    u
}

/// A rumour the court heard.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Heard {
    pub day: u16,
    pub text: String,
    /// Whether it was true when heard (kept from the player until the end).
    pub true_: bool,
}

/// After day `day` ran: perhaps a rumour.
pub(crate) fn hear(game: &Game, sim: &Simulation, day: u16, heard: &mut Vec<Heard>) {
    let k = &game.content.knowledge;
    if game.content.rumour.is_empty() {
        return;
    }
    let [u_any, u_false, u_which] = uniforms::<3>(game.seed, 0, day);
    if u_any >= k.rumour_chance {
        return;
    }
    let w = sim.world();
    let p = &game.params;
    let d = sim.diagnostics();
    let truth = |about: &str| match about {
        "jin-hungry" => w.jin_supply < 0.5 * p.supply_days,
        "jin-wants-to-leave" => d.jin_gains > 0.5 || d.threat > 0.6,
        "relief-near" => w.forces.iter().any(|f| f.posture == Posture::Marching),
        "city-angry" => w.grievance > 0.5 * p.threshold_mean,
        _ => false,
    };
    let jin_here = matches!(w.jin, JinPhase::BeforeCapital);
    let candidates: Vec<_> = game
        .content
        .rumour
        .iter()
        .filter(|r| jin_here || !r.about.starts_with("jin"))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let false_one = u_false < k.false_rumour_share;
    let pool: Vec<_> = candidates
        .iter()
        .filter(|r| truth(&r.about) != false_one)
        .collect();
    if pool.is_empty() {
        return;
    }
    let r = pool[((u_which * pool.len() as f64) as usize).min(pool.len() - 1)];
    heard.push(Heard {
        day,
        text: r.text.clone(),
        true_: !false_one,
    });
}

/// The day's estimates of the armies.
pub(crate) struct Estimates {
    jin_factor: f64,
    song_factor: f64,
    city_factor: f64,
    jin_sd: f64,
}

impl Estimates {
    /// The men of force `id` as the court believes them: the Jin through the day's estimate.
    pub fn jin_men_seen(&self, _id: &str, men: f64) -> f64 {
        men * self.jin_factor
    }
}

pub(crate) fn estimates(game: &Game) -> Estimates {
    let k = &game.content.knowledge;
    let [a, b, c] = uniforms::<3>(game.seed, ESTIMATE_STREAM, game.day());
    Estimates {
        jin_factor: lognormal_factor(a, k.jin_men_sd),
        song_factor: lognormal_factor(b, k.song_men_sd),
        city_factor: lognormal_factor(c, k.city_sd),
        jin_sd: k.jin_men_sd,
    }
}

/// A 90% band around an estimate with log-normal spread `sd`.
fn band(estimate: f64, sd: f64) -> (f64, f64) {
    let z = normal_quantile(0.95);
    (estimate * (-z * sd).exp(), estimate * (z * sd).exp())
}

fn round_to(x: f64, unit: f64) -> f64 {
    (x / unit).round() * unit
}

/// Everything the emperor knows this morning.
pub(crate) fn report(game: &Game) -> KnowledgeView {
    let s = game.snapshot();
    let w = &s.world;
    let setup = &game.setup;
    let p = &game.params;
    let k = &game.content.knowledge;
    let e = estimates(game);
    let mut items = Vec::new();

    let jin = w.force(setup.jin_east);
    let where_jin = match w.jin {
        JinPhase::NorthBank => "on the north bank of the Yellow River".to_string(),
        JinPhase::Crossing { .. } => "crossing the Yellow River".to_string(),
        JinPhase::Approaching => "on the road to the capital".to_string(),
        JinPhase::BeforeCapital => format!(
            "in the camp at {}, before the walls",
            game.place_name(setup.camp)
        ),
        JinPhase::Withdrawing => "marching back to the river".to_string(),
        JinPhase::Bridging { .. } => "crossing the river northwards on a bridge".to_string(),
        JinPhase::North => "back north of the Yellow River".to_string(),
    };
    let seen = round_to(jin.present * e.jin_factor, 1000.0);
    let (lo, hi) = band(seen, e.jin_sd);
    items.push(Estimate {
        topic: "armies".into(),
        label: format!("The Jin eastern army, {where_jin}"),
        value: seen,
        low: round_to(lo, 1000.0),
        high: round_to(hi, 1000.0),
        unit: "men".into(),
        note: "estimate from scouts and deserters; 90% band".into(),
    });
    let field: f64 = setup
        .song_field
        .iter()
        .map(|&i| w.force(i))
        .filter(|f| f.posture == Posture::AtCapital)
        .map(|f| f.present)
        .sum();
    let seen = round_to(field * e.song_factor, 1000.0);
    let (lo, hi) = band(seen, k.song_men_sd);
    items.push(Estimate {
        topic: "armies".into(),
        label: "Our field armies at the capital".into(),
        value: seen,
        low: round_to(lo, 1000.0),
        high: round_to(hi, 1000.0),
        unit: "men".into(),
        note: "the commanders' returns; 90% band".into(),
    });
    let marching: Vec<_> = setup
        .marching
        .iter()
        .filter(|&&i| matches!(w.force(i).posture, Posture::Marching | Posture::Waiting))
        .collect();
    let on_road: f64 = marching.iter().map(|&&i| w.force(i).present).sum();
    items.push(Estimate {
        topic: "armies".into(),
        label: format!("Relief contingents still on the road ({})", marching.len()),
        value: round_to(on_road, 1000.0),
        low: round_to(on_road * (1.0 - k.relief_band), 1000.0),
        high: round_to(on_road * (1.0 + k.relief_band), 1000.0),
        unit: "men".into(),
        note: "nominal strengths; who arrives, and when, is uncertain".into(),
    });
    let garrison: f64 = (0..setup.forces.len() as u16)
        .filter(|&i| {
            setup.forces[i as usize].kind == bianjing_scenario::model::ForceKind::Garrison
                && w.force(i).posture == Posture::AtCapital
        })
        .map(|i| w.force(i).present)
        .sum();
    items.push(Estimate {
        topic: "city".into(),
        label: "The garrison on the walls".into(),
        value: round_to(garrison, 1000.0),
        low: round_to(garrison * (1.0 - k.garrison_band), 1000.0),
        high: round_to(garrison * (1.0 + k.garrison_band), 1000.0),
        unit: "men".into(),
        note: "the wall commanders' counts".into(),
    });
    let food = (w.food * e.city_factor).max(0.0);
    let (lo, hi) = band(food, k.city_sd);
    items.push(Estimate {
        topic: "city".into(),
        label: format!("Grain in the city (price {:.1} times usual)", w.price),
        value: food.round(),
        low: lo.round(),
        high: hi.round(),
        unit: "days".into(),
        note: "the granaries' reports".into(),
    });
    let mood = (w.grievance / p.threshold_mean.max(1e-9) * e.city_factor).max(0.0);
    items.push(Estimate {
        topic: "city".into(),
        label: format!("The mood of the city: {}", mood_words(mood, w.crowd_out)),
        value: (mood * 100.0).round().min(999.0),
        low: (mood * (1.0 - k.city_sd) * 100.0).round().min(999.0),
        high: (mood * (1.0 + k.city_sd) * 100.0).round().min(999.0),
        unit: "% of the anger that brings crowds out".into(),
        note: "from the wards' watchmen; the students are hard to read".into(),
    });
    let demanded = setup.gold_demanded * p.gold_to_silver + setup.silver_demanded;
    let raised = w.gold_raised * p.gold_to_silver + w.silver_raised;
    let delivered = w.gold_delivered * p.gold_to_silver + w.silver_delivered;
    items.push(Estimate {
        topic: "treasury".into(),
        label: format!(
            "Raised: {} taels of gold, {} of silver",
            thousands(w.gold_raised),
            thousands(w.silver_raised)
        ),
        value: (100.0 * raised / demanded.max(1.0)).round(),
        low: (100.0 * raised / demanded.max(1.0)).round(),
        high: (100.0 * raised / demanded.max(1.0)).round(),
        unit: "% of the demand (in silver)".into(),
        note: "the treasury counts what it holds".into(),
    });
    items.push(Estimate {
        topic: "treasury".into(),
        label: "Delivered to the Jin camp".into(),
        value: (100.0 * delivered / demanded.max(1.0)).round(),
        low: (100.0 * delivered / demanded.max(1.0)).round(),
        high: (100.0 * delivered / demanded.max(1.0)).round(),
        unit: "% of the demand (in silver)".into(),
        note: String::new(),
    });
    let war = (w.war * 100.0).round();
    let war_leader = game.cast_name(setup.cast.war_leader, "the war leader");
    items.push(Estimate {
        topic: "court".into(),
        label: format!(
            "The court leans {}; {war_leader} {}",
            if w.war >= 0.5 { "to war" } else { "to peace" },
            if w.war_leader_in_office {
                "in office"
            } else {
                "dismissed"
            }
        ),
        value: war,
        low: (war - k.court_band).max(0.0),
        high: (war + k.court_band).min(100.0),
        unit: "% war party".into(),
        note: "your own reading of the audience hall".into(),
    });
    if w.war_leader_in_office && s.dismissal_chance > 0.001 {
        let c = (s.dismissal_chance * 1000.0).round() / 10.0;
        items.push(Estimate {
            topic: "court".into(),
            label: format!("How hard the peace party presses for {war_leader}'s fall"),
            value: c,
            low: c,
            high: c,
            unit: "% a day that a wavering emperor would give in".into(),
            note: "the model's daily chance of dismissal".into(),
        });
    }
    if game.pursuit_out() {
        items.push(Estimate {
            topic: "armies".into(),
            label: "The pursuit is out after the Jin".into(),
            value: 1.0,
            low: 1.0,
            high: 1.0,
            unit: "order in force".into(),
            note: String::new(),
        });
    }

    let mut news = Vec::new();
    let entries = game.entries(&s.events);
    for (ev, entry) in s.events.iter().zip(entries) {
        if let Happening::WesternNews { days_late, .. } = ev.what {
            news.push(HeardView {
                day: ev.day,
                dates: entry.dates.clone(),
                text: format!("{} (the report is {days_late} days old)", entry.text),
                kind: "news".into(),
            });
        }
    }
    let rumours = s
        .heard
        .iter()
        .rev()
        .take(6)
        .map(|h| HeardView {
            day: h.day,
            dates: game.dates(h.day),
            text: h.text.clone(),
            kind: "rumour".into(),
        })
        .collect();
    KnowledgeView {
        estimates: items,
        news,
        rumours,
    }
}

fn mood_words(m: f64, crowd_out: bool) -> &'static str {
    if crowd_out {
        "a crowd is at the palace gate"
    } else if m < 0.3 {
        "calm"
    } else if m < 0.6 {
        "uneasy"
    } else if m < 0.9 {
        "angry"
    } else {
        "on the edge of rising"
    }
}

pub(crate) fn thousands(x: f64) -> String {
    bianjing_chronicle::thousands(x.max(0.0).round() as u64)
}
