//! The game's screen state and what each key does. No terminal here: keys in, state out, so that
//! tests drive it with a script of keys and draw it on ratatui's test backend.

use bianjing_game::view::{EndSummary, View};
use bianjing_game::{Game, save};

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Play,
    Help,
    /// Asking whether to save before quitting.
    Quit,
    End,
}

/// What the right-hand panel shows while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Decision,
    Knowledge,
}

/// A key, as the game understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Tab,
    Esc,
    Up,
    Down,
    PageUp,
    PageDown,
}

/// What the caller must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// Write this save text (atomically) to the save file; then report with [`App::saved`].
    Save(String),
    /// Write the save, then quit.
    SaveAndQuit(String),
    Quit,
}

/// The game on screen.
pub struct App {
    pub game: Game,
    pub view: View,
    pub end: Option<EndSummary>,
    pub screen: Screen,
    pub panel: Panel,
    /// Lines scrolled up from the end of the chronicle.
    pub chronicle_scroll: u16,
    /// Lines scrolled down in the right-hand panel or the end screen.
    pub panel_scroll: u16,
    /// A line for the status bar.
    pub status: String,
    pub colour: bool,
    /// Where saves go, for the status line.
    pub save_name: String,
}

impl App {
    pub fn new(mut game: Game, colour: bool, save_name: String) -> App {
        // Start at the first decision or at the end.
        game.advance();
        let view = game.view();
        let mut app = App {
            game,
            view,
            end: None,
            screen: Screen::Play,
            panel: Panel::Decision,
            chronicle_scroll: 0,
            panel_scroll: 0,
            status: "Welcome, Majesty. ? for help.".into(),
            colour,
            save_name,
        };
        app.refresh();
        app
    }

    fn refresh(&mut self) {
        self.view = self.game.view();
        self.chronicle_scroll = 0;
        if self.game.is_finished() && self.end.is_none() {
            self.end = self.game.end_summary().cloned();
            self.screen = Screen::End;
            self.panel_scroll = 0;
            self.status = "The crisis is over. PgDn: the turning points.".into();
        }
        if self.view.pending.is_some() {
            self.panel = Panel::Decision;
        }
    }

    /// Reports how a save went.
    pub fn saved(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.status = format!("Saved to {}.", self.save_name),
            Err(e) => self.status = format!("Not saved: {e}"),
        }
    }

    /// Handles one key.
    pub fn key(&mut self, key: Key) -> Action {
        match self.screen {
            Screen::Help => {
                self.screen = if self.end.is_some() {
                    Screen::End
                } else {
                    Screen::Play
                };
                Action::None
            }
            Screen::Quit => match key {
                Key::Char('y') | Key::Char('Y') => Action::SaveAndQuit(save(&self.game)),
                Key::Char('n') | Key::Char('N') => Action::Quit,
                _ => {
                    self.screen = if self.end.is_some() {
                        Screen::End
                    } else {
                        Screen::Play
                    };
                    self.status = "Back to the court.".into();
                    Action::None
                }
            },
            Screen::End => match key {
                Key::Char('q') | Key::Esc => self.ask_quit(),
                Key::Char('?') => {
                    self.screen = Screen::Help;
                    Action::None
                }
                Key::Char('s') => Action::Save(save(&self.game)),
                Key::Up | Key::PageUp => {
                    let by = if key == Key::Up { 1 } else { 10 };
                    self.panel_scroll = self.panel_scroll.saturating_sub(by);
                    Action::None
                }
                Key::Down | Key::PageDown => {
                    let by = if key == Key::Down { 1 } else { 10 };
                    self.panel_scroll = self.panel_scroll.saturating_add(by);
                    Action::None
                }
                _ => Action::None,
            },
            Screen::Play => self.play_key(key),
        }
    }

    fn ask_quit(&mut self) -> Action {
        self.screen = Screen::Quit;
        Action::None
    }

    fn play_key(&mut self, key: Key) -> Action {
        match key {
            Key::Char('q') | Key::Esc => return self.ask_quit(),
            Key::Char('?') => self.screen = Screen::Help,
            Key::Char('s') => return Action::Save(save(&self.game)),
            Key::Tab => {
                self.panel = match self.panel {
                    Panel::Decision => Panel::Knowledge,
                    Panel::Knowledge => Panel::Decision,
                };
                self.panel_scroll = 0;
            }
            Key::Up => self.chronicle_scroll = self.chronicle_scroll.saturating_add(1),
            Key::Down => self.chronicle_scroll = self.chronicle_scroll.saturating_sub(1),
            Key::PageUp => self.panel_scroll = self.panel_scroll.saturating_sub(5),
            Key::PageDown => self.panel_scroll = self.panel_scroll.saturating_add(5),
            Key::Char(c @ '1'..='9') => {
                let n = c as usize - '1' as usize;
                if self.view.pending.is_none() {
                    self.status = "No decision is waiting: Enter runs on to the next.".into();
                } else {
                    match self.game.choose_nth(n) {
                        Ok(()) => {
                            let last = self.game.choices().last().map(|c| c.option.clone());
                            self.status = format!(
                                "Decided: {}. Enter: on to the next decision.",
                                last.unwrap_or_default()
                            );
                            self.panel_scroll = 0;
                            self.refresh();
                        }
                        Err(e) => self.status = e.0,
                    }
                }
            }
            Key::Enter | Key::Char(' ') => {
                if self.view.pending.is_some() {
                    self.status = "The court waits for your decision: press its number.".into();
                } else {
                    let before = self.game.day();
                    self.game.advance();
                    let days = self.game.day() - before;
                    self.status = match days {
                        1 => "A day passes.".to_string(),
                        n => format!("{n} days pass."),
                    };
                    self.refresh();
                }
            }
            Key::Char('n') => {
                if self.game.step_day() {
                    self.status = "A day passes.".into();
                    self.refresh();
                } else {
                    self.status = "The court waits for your decision: press its number.".into();
                }
            }
            _ => {}
        }
        Action::None
    }
}
