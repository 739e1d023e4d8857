//! The chronicle as text lines.

use std::fmt::Write;

use crate::Chronicle;
use crate::narrate::thousands;

pub(crate) fn render(c: &Chronicle) -> String {
    let mut out = String::new();
    let what_ifs = if c.what_ifs.is_empty() {
        String::new()
    } else {
        format!(", what-if {}", c.what_ifs.join(" + "))
    };
    let _ = writeln!(
        out,
        "{} — {} mode, {} record, seed {}{}",
        c.scenario, c.mode, c.record, c.seed, what_ifs
    );
    let _ = writeln!(out);
    for e in &c.events {
        let tag = if e.sources.is_empty() {
            String::new()
        } else {
            format!("  [{}]", e.sources.join(", "))
        };
        let _ = writeln!(
            out,
            "{:<10} {} {}  {}{}",
            e.dates.lunar, e.dates.day_name, e.dates.julian, e.text, tag
        );
    }
    let o = &c.outcome;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Outcome: {}. The run ends {} {} ({}).",
        capitalize(&o.summary),
        o.end.lunar,
        o.end.day_name,
        o.end.julian
    );
    let n = |x: f64| thousands(x.max(0.0) as u64);
    let _ = writeln!(
        out,
        "  Song losses: {} killed, {} wounded, {} deserted; Jin losses: {} killed, {} wounded, {} deserted",
        n(o.song_killed),
        n(o.song_wounded),
        n(o.song_deserted),
        n(o.jin_killed),
        n(o.jin_wounded),
        n(o.jin_deserted)
    );
    let _ = writeln!(
        out,
        "  Delivered to the Jin: {} taels of gold, {} taels of silver; prefectures promised: {}; hostages taken: {}",
        n((o.gold_delivered / 1000.0).round() * 1000.0),
        n((o.silver_delivered / 1000.0).round() * 1000.0),
        o.prefectures_promised,
        o.hostages_taken
    );
    let leader = o.war_leader.as_deref().unwrap_or("the war leader");
    let _ = writeln!(
        out,
        "  {leader} {} at the end; war party {:.2}, peace party {:.2}; largest crowd {}",
        if o.war_leader_in_office {
            "in office"
        } else {
            "out of office"
        },
        o.war_party_influence,
        o.peace_party_influence,
        n((o.crowd_peak / 1000.0).round() * 1000.0)
    );
    let yes = |b: bool| if b { "yes" } else { "no" };
    let crossed = o.crossed_north.as_ref().map_or_else(
        || "not crossed".to_string(),
        |d| format!("{} {} ({})", d.lunar, d.day_name, d.julian),
    );
    let _ = writeln!(
        out,
        "  Raid: {}{}; pursuit: {}; recalled: {}; Jin back north of the river: {crossed}",
        yes(o.raid),
        if o.raid_failed { " (failed)" } else { "" },
        yes(o.pursuit),
        yes(o.recall)
    );
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
