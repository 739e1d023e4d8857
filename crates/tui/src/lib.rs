//! The terminal game of the 1126 crisis: the screens of a [`bianjing_game::Game`] drawn with ratatui
//! on a crossterm terminal.
//!
//! - [`app`]: the screen state and what each key does, with no terminal: tests drive it with keys.
//! - [`render`]: draws an [`App`] on any ratatui backend (the terminal, or the test backend for
//!   snapshots), at 80x24 and larger, with or without colour.
//! - [`map`]: the theatre in characters, from the scenario's coordinates.
//! - [`run`]: the terminal loop: raw mode, the alternate screen, keys, resizes, and restoring the
//!   terminal however the loop ends. Saving is the caller's (it writes files atomically).

pub mod app;
pub mod map;
pub mod render;

use std::io::{self, IsTerminal};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use app::{Action, App, Key};

/// Whether the terminal shows colour: not when `NO_COLOR` is set (no-color.org), nor when the
/// terminal reports fewer than eight colours.
pub fn colour_supported() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && crossterm::style::available_color_count() >= 8
}

/// Whether standard output is a terminal the game can take over.
pub fn is_terminal() -> bool {
    io::stdout().is_terminal() && io::stdin().is_terminal()
}

fn key_of(code: KeyCode, mods: KeyModifiers) -> Option<Key> {
    Some(match code {
        KeyCode::Char('c') if mods.contains(KeyModifiers::CONTROL) => Key::Char('q'),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Tab => Key::Tab,
        KeyCode::Esc => Key::Esc,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        _ => return None,
    })
}

/// Plays `app` on the terminal until the player quits. `save` writes a save's text to the save file
/// (atomically) and says what went wrong if it could not.
pub fn run(app: &mut App, save: &mut dyn FnMut(&str) -> Result<(), String>) -> io::Result<()> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen) {
        let _ = disable_raw_mode();
        return Err(e);
    }
    let result = (|| -> io::Result<()> {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.clear()?;
        loop {
            terminal.draw(|f| render::draw(f, app))?;
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    let Some(key) = key_of(k.code, k.modifiers) else {
                        continue;
                    };
                    match app.key(key) {
                        Action::None => {}
                        Action::Save(text) => {
                            let r = save(&text);
                            app.saved(r);
                        }
                        Action::SaveAndQuit(text) => {
                            let r = save(&text);
                            if r.is_ok() {
                                return Ok(());
                            }
                            app.saved(r);
                            app.screen = app::Screen::Play;
                        }
                        Action::Quit => return Ok(()),
                    }
                }
                // A resize redraws at the new size on the next turn of the loop.
                Event::Resize(..) => terminal.autoresize()?,
                _ => {}
            }
        }
    })();
    let restored = execute!(io::stdout(), LeaveAlternateScreen);
    let raw = disable_raw_mode();
    result.and(restored).and(raw)
}
