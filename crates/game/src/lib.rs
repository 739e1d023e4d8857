//! Play the 1126 crisis as Emperor Qinzong: a free run of the model in which the player takes the
//! emperor's decisions, sees the world as the emperor saw it, and at the end sets the outcome beside
//! the record and beside what usually happens.
//!
//! The crate is sans-I/O and knows no screen: a terminal front end and a web page drive the same
//! [`Game`] and draw the same [`View`].
//!
//! - [`Game::new`] starts a game from a scenario, a seed and what-ifs; [`Game::view`] is everything a
//!   front end shows (the date, the map, the chronicle, the emperor's knowledge, the decision waiting
//!   with its options and the advisors' arguments); [`Game::choose`] answers; [`Game::advance`] runs
//!   to the next decision or the end; [`Game::end_summary`] gives the end screen.
//! - [`save`] and [`load`]: versioned JSON holding the seed, the what-ifs and the choices; loading
//!   replays them, so the same seed and the same choices give the same game.
//! - The decisions' words, the advisors' arguments with their sources and the assumptions of the
//!   emperor's knowledge are data (`scenarios/bianjing-1126.game.toml`, embedded), see [`content`].
//!
//! ```no_run
//! let scenario = bianjing_scenario::builtin();
//! let mut game = bianjing_game::Game::new(scenario, 7, &[]).unwrap();
//! while !game.is_finished() {
//!     game.advance();
//!     if game.pending().is_some() {
//!         game.choose_nth(0).unwrap();
//!     }
//! }
//! println!("{}", game.end_summary().unwrap().game.outcome.summary);
//! ```

pub mod content;
mod game;
mod knowledge;
mod save;
pub mod view;

pub use bianjing_engine::Decision;
pub use game::{Choice, Game, GameError};
pub use save::{FORMAT, VERSION, load, save};
pub use view::View;
