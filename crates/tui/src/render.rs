//! Drawing the screens. Works on any ratatui backend and any size; below 80x24 it says so instead.

use bianjing_chronicle::Dates;
use bianjing_game::view::{EndSummary, View};
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{App, Panel, Screen};
use crate::map::{self, Ink, Scope};

/// The smallest screen the game draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Styles, or none at all on a terminal without colour.
struct Palette {
    colour: bool,
}

impl Palette {
    fn fg(&self, c: Color) -> Style {
        if self.colour {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }
    fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    fn dim(&self) -> Style {
        if self.colour {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    fn ink(&self, ink: Ink) -> Style {
        match ink {
            Ink::Song => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Ink::Jin => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Ink::River => self.fg(Color::Blue),
            Ink::Road => self.dim(),
            Ink::Capital | Ink::Camp => self.bold(),
            Ink::Place | Ink::Label | Ink::Blank => Style::default(),
        }
    }
}

fn date(d: &Dates) -> String {
    format!("{} {} ({} Julian)", d.lunar, d.day_name, d.julian)
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let pal = Palette { colour: app.colour };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "The window is {}x{}; the game needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or q to quit.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(10),
            Constraint::Length(1),
        ])
        .split(area);
    header(frame, rows[0], &app.view, &pal);
    // Once the game has ended, its end screen stays behind the help and the quit question.
    match &app.end {
        Some(end) => end_screen(frame, rows[1], app, end, &pal),
        None => play_screen(frame, rows[1], app, &pal),
    }
    let keys = match app.screen {
        Screen::End => "PgUp/PgDn scroll  s save  ? help  q quit",
        _ => "Enter next decision  n next day  1-4 choose  Tab panel  s save  ? help  q quit",
    };
    let status = Line::from(vec![
        Span::styled(app.status.clone(), pal.bold()),
        Span::raw("  "),
        Span::styled(keys, pal.dim()),
    ]);
    frame.render_widget(Paragraph::new(status), rows[2]);
    match app.screen {
        Screen::Help => help(frame, area, &app.view, &pal),
        Screen::Quit => quit(frame, area, app, &pal),
        _ => {}
    }
}

fn header(frame: &mut Frame, area: Rect, v: &View, pal: &Palette) {
    let what_ifs = if v.what_ifs.is_empty() {
        String::new()
    } else {
        format!("  what-ifs: {}", v.what_ifs.join(", "))
    };
    let line = Line::from(vec![
        Span::styled("Bianjing 1126 ", pal.bold()),
        Span::raw(format!(
            "· {} · day {} · seed {}{what_ifs}",
            date(&v.date),
            v.day,
            v.seed
        )),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn play_screen(frame: &mut Frame, area: Rect, app: &App, pal: &Palette) {
    let cols = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(48), Constraint::Percentage(52)])
        .split(area);
    let map_height = (cols[0].height / 2).clamp(9, 20);
    let left = if cols[0].height >= 34 {
        Layout::default()
            .direction(Direction::Vertical)
            .constraints([
                Constraint::Length(map_height),
                Constraint::Length(9),
                Constraint::Min(5),
            ])
            .split(cols[0])
    } else {
        Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Length(map_height), Constraint::Min(5)])
            .split(cols[0])
    };
    map_panel(
        frame,
        left[0],
        &app.view,
        Scope::Theatre,
        " The theatre ",
        pal,
    );
    if left.len() == 3 {
        map_panel(
            frame,
            left[1],
            &app.view,
            Scope::City,
            " The city and the Jin camp ",
            pal,
        );
    }
    chronicle(frame, left[left.len() - 1], app, pal);
    match (app.panel, &app.view.pending) {
        (Panel::Decision, Some(_)) => decision(frame, cols[1], app, pal),
        _ => knowledge(frame, cols[1], app, pal),
    }
}

fn map_panel(frame: &mut Frame, area: Rect, v: &View, scope: Scope, title: &str, pal: &Palette) {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // One line kept for the legend.
    let h = inner.height.saturating_sub(1) as usize;
    let grid = map::draw(&v.map, scope, inner.width as usize, h);
    let mut lines: Vec<Line> = grid
        .rows()
        .map(|row| {
            Line::from(
                row.iter()
                    .map(|&(c, ink)| Span::styled(c.to_string(), pal.ink(ink)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let legend = match scope {
        Scope::Theatre => "# capital X Jin camp = crossing ~ river S Song J Jin",
        Scope::City => "# city + gate X Jin camp o place S Song J Jin",
    };
    lines.push(Line::styled(legend, pal.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn chronicle(frame: &mut Frame, area: Rect, app: &App, pal: &Palette) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" The chronicle (Up/Down to scroll) ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    for e in &app.view.chronicle {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {} {} ", e.dates.lunar, e.dates.day_name, e.dates.julian),
                pal.fg(Color::Yellow),
            ),
            Span::raw(e.text.clone()),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing has happened yet.", pal.dim()));
    }
    // Keep the newest lines in sight unless scrolled back.
    let total: u16 = lines.iter().map(|l| wrapped_rows(l, inner.width)).sum();
    let p = Paragraph::new(lines).wrap(Wrap { trim: true });
    let bottom = total.saturating_sub(inner.height);
    let scroll = bottom.saturating_sub(app.chronicle_scroll);
    frame.render_widget(p.scroll((scroll, 0)), inner);
}

fn decision(frame: &mut Frame, area: Rect, app: &App, pal: &Palette) {
    let Some(d) = &app.view.pending else {
        return;
    };
    // The options always show; their effects only if there is room for them.
    let width = area.width.saturating_sub(2);
    let option_lines = |effects: bool| -> Vec<Line> {
        let mut lines = Vec::new();
        for (i, o) in d.options.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} ", i + 1),
                    pal.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                ),
                Span::styled(o.label.clone(), pal.bold()),
            ]));
            if effects {
                lines.push(Line::styled(format!("  {}", o.effect), pal.dim()));
            }
        }
        lines
    };
    let rows = |lines: &[Line]| lines.iter().map(|l| wrapped_rows(l, width)).sum::<u16>() + 2;
    let mut lines = option_lines(true);
    if rows(&lines) > area.height / 2 {
        lines = option_lines(false);
    }
    let options_height = rows(&lines).min(area.height.saturating_sub(6));
    let parts = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(6), Constraint::Length(options_height)])
        .split(area);
    let mut text = Text::default();
    text.push_line(Line::styled(d.situation.clone(), Style::default()));
    text.push_line(Line::raw(""));
    for a in &d.advisors {
        let mark = if a.reconstruction {
            " (reconstructed)"
        } else {
            ""
        };
        text.push_line(Line::from(vec![
            Span::styled(
                format!("{}: ", a.name),
                pal.fg(Color::Green).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("\u{201c}{}\u{201d}", a.says)),
            Span::styled(format!(" [{}]{mark}", a.sources.join(", ")), pal.dim()),
        ]));
    }
    text.push_line(Line::raw(""));
    text.push_line(Line::from(vec![
        Span::styled("Why it is hard: ", pal.bold()),
        Span::raw(d.why_hard.clone()),
    ]));
    text.push_line(Line::styled(
        format!("Sources: {}", d.sources.join(", ")),
        pal.dim(),
    ));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", d.title), pal.bold()))
        .title_bottom(" PgUp/PgDn scroll · Tab what you know ");
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .wrap(Wrap { trim: true })
            .scroll((app.panel_scroll, 0)),
        parts[0],
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Your decision "),
            )
            .wrap(Wrap { trim: true }),
        parts[1],
    );
}

fn knowledge(frame: &mut Frame, area: Rect, app: &App, pal: &Palette) {
    let k = &app.view.knowledge;
    let mut text = Text::default();
    let mut topic = "";
    for e in &k.estimates {
        if e.topic != topic {
            topic = &e.topic;
            text.push_line(Line::styled(title_case(topic), pal.bold()));
        }
        let value = if e.low == e.high {
            format!("{} {}", number(e.value), e.unit)
        } else {
            format!(
                "about {} {} ({} to {})",
                number(e.value),
                e.unit,
                number(e.low),
                number(e.high)
            )
        };
        text.push_line(Line::from(vec![
            Span::raw(format!(" {}: ", e.label)),
            Span::styled(value, pal.fg(Color::Yellow)),
        ]));
    }
    text.push_line(Line::styled("News from the west", pal.bold()));
    if k.news.is_empty() {
        text.push_line(Line::styled(" No courier has come.", pal.dim()));
    }
    for n in &k.news {
        text.push_line(Line::raw(format!(" {}: {}", n.dates.lunar, n.text)));
    }
    text.push_line(Line::styled("Rumours (some are false)", pal.bold()));
    if k.rumours.is_empty() {
        text.push_line(Line::styled(" None worth repeating.", pal.dim()));
    }
    for r in &k.rumours {
        text.push_line(Line::raw(format!(" {}: {}", r.dates.lunar, r.text)));
    }
    let title = if app.view.pending.is_some() {
        " What you know (Tab: the decision) "
    } else {
        " What you know "
    };
    frame.render_widget(
        Paragraph::new(text)
            .block(Block::default().borders(Borders::ALL).title(title))
            .wrap(Wrap { trim: true })
            .scroll((app.panel_scroll, 0)),
        area,
    );
}

fn end_screen(frame: &mut Frame, area: Rect, app: &App, end: &EndSummary, pal: &Palette) {
    let mut text = Text::default();
    let o = &end.game.outcome;
    let r = &end.recorded.outcome;
    text.push_line(Line::styled("The end of the crisis", pal.bold()));
    text.push_line(Line::from(vec![
        Span::styled("Your reign:   ", pal.bold()),
        Span::raw(format!("{}; over by {}", o.summary, date(&o.end))),
    ]));
    text.push_line(Line::from(vec![
        Span::styled("The record:   ", pal.bold()),
        Span::raw(format!("{}; over by {}", r.summary, date(&r.end))),
    ]));
    text.push_line(Line::raw(format!(
        "  gold delivered {} / {} taels; silver {} / {}; hostages {} / {}; {} in office {} / {}",
        number(o.gold_delivered),
        number(r.gold_delivered),
        number(o.silver_delivered),
        number(r.silver_delivered),
        o.hostages_taken,
        r.hostages_taken,
        app.view.war_leader,
        yes(o.war_leader_in_office),
        yes(r.war_leader_in_office)
    )));
    text.push_line(Line::raw(format!(
        "  Song killed {} / {}; Jin killed {} / {}; the crowd at its largest {} / {}",
        number(o.song_killed),
        number(r.song_killed),
        number(o.jin_killed),
        number(r.jin_killed),
        number(o.crowd_peak),
        number(r.crowd_peak)
    )));
    text.push_line(Line::raw(""));
    text.push_line(Line::styled(
        format!(
            "What usually happens: {} runs of the model from the same start, the court left to itself",
            end.runs
        ),
        pal.bold(),
    ));
    let share = |s: &bianjing_game::view::Share, mine: bool| {
        let style = if mine { pal.bold() } else { Style::default() };
        Line::from(vec![
            Span::styled(
                format!(
                    " {:>5.1}%  ({:.1}-{:.1}%)  ",
                    s.p * 100.0,
                    s.lo * 100.0,
                    s.hi * 100.0
                ),
                pal.fg(Color::Yellow),
            ),
            Span::styled(
                format!("{}{}", s.text, if mine { "  <- yours" } else { "" }),
                style,
            ),
        ])
    };
    let categories = bianjing_game::view::OUTCOME_CATEGORIES;
    for s in end.usually.iter().take(categories) {
        text.push_line(share(s, s.name == o.category));
    }
    text.push_line(Line::raw(""));
    text.push_line(Line::styled("The turning points of your game", pal.bold()));
    for t in &end.turning_points {
        let who = if t.yours { "you: " } else { "" };
        text.push_line(Line::from(vec![
            Span::styled(
                format!(" {} {} ", t.dates.lunar, t.dates.julian),
                pal.fg(Color::Yellow),
            ),
            Span::styled(who, pal.fg(Color::Green).add_modifier(Modifier::BOLD)),
            Span::raw(t.text.clone()),
        ]));
    }
    text.push_line(Line::raw(""));
    text.push_line(Line::styled(
        "How often each key event happens in those runs (<- it happened in yours)",
        pal.bold(),
    ));
    for s in end.usually.iter().skip(categories) {
        let happened = o
            .key_dates
            .iter()
            .any(|k| k.event == s.name && k.date.is_some());
        text.push_line(share(s, happened));
    }
    text.push_line(Line::raw(""));
    text.push_line(Line::styled(
        "The whole chronicle, the western army's moves included",
        pal.bold(),
    ));
    for e in &end.game.events {
        text.push_line(Line::raw(format!(
            " {} {} {}",
            e.dates.lunar, e.dates.julian, e.text
        )));
    }
    frame.render_widget(
        Paragraph::new(text)
            .block(Block::default().borders(Borders::ALL).title(" The end "))
            .wrap(Wrap { trim: false })
            .scroll((app.panel_scroll, 0)),
        area,
    );
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn help(frame: &mut Frame, area: Rect, v: &View, pal: &Palette) {
    let lines = vec![
        Line::styled(
            format!("You are {}. It is {}.", v.emperor, v.date.lunar_long),
            pal.bold(),
        ),
        Line::raw("The Jin army is coming to your capital. Relief armies are on the road."),
        Line::raw("At each decision your advisors speak; their sources are in brackets."),
        Line::raw("What you know is estimated, late or rumoured, as the court knew it."),
        Line::raw(""),
        Line::raw("Enter/Space  run on to the next decision"),
        Line::raw("n            run one day"),
        Line::raw("1-4          choose an option"),
        Line::raw("Tab          the decision / what you know"),
        Line::raw("Up/Down      scroll the chronicle"),
        Line::raw("PgUp/PgDn    scroll the right panel or the end"),
        Line::raw("s            save        q  quit (asks to save)"),
        Line::raw(""),
        Line::styled("Any key to go back.", pal.dim()),
    ];
    let r = centred(area, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Help ")),
        r,
    );
}

fn quit(frame: &mut Frame, area: Rect, app: &App, pal: &Palette) {
    let lines = vec![
        Line::styled("Leave the court?", pal.bold()),
        Line::raw(format!("y  save to {} and quit", app.save_name)),
        Line::raw("n  quit without saving"),
        Line::raw("any other key: go on playing"),
    ];
    let r = centred(area, 60, 6);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Quit ")),
        r,
    );
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A number with thousands separators.
fn number(x: f64) -> String {
    // Small shares keep their tenth: a 0.4% daily chance is not nothing.
    if x.abs() < 10.0 && x.fract().abs() > 1e-9 {
        return format!("{x:.1}");
    }
    let out = bianjing_chronicle::thousands(x.abs().round() as u64);
    if x < 0.0 { format!("-{out}") } else { out }
}

/// Rows a line takes when word-wrapped to `width` columns.
fn wrapped_rows(line: &Line, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let (mut rows, mut used) = (1u16, 0usize);
    for word in text.split_whitespace() {
        let w = Line::raw(word).width();
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else {
            rows += 1;
            used = w.min(width);
            rows += (w.saturating_sub(1) / width) as u16;
        }
    }
    rows
}
