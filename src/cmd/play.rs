//! `bianjing play`: the terminal game. Loads the scenario and any saved game first, so that a bad
//! file is reported (exit 1) before the terminal is touched; refuses to start without a terminal.

use anyhow::Context;
use bianjing_game::Game;

use crate::Reported;
use crate::args::PlayArgs;
use crate::model;

pub fn run(args: &PlayArgs) -> anyhow::Result<()> {
    let scenario = model::load_scenario(args.scenario.scenario.as_deref())?;
    // The scenario must also build a model; report its problems at their lines.
    model::build(scenario.clone())?;
    let game = match &args.load {
        Some(path) => {
            let text = std::fs::read(path)
                .with_context(|| format!("cannot read saved game {}", path.display()))
                .map_err(|e| {
                    eprintln!("error: {e:#}");
                    Reported(1)
                })?;
            let text = String::from_utf8(text).map_err(|_| {
                eprintln!("error: {}: not a game save: not UTF-8 text", path.display());
                Reported(1)
            })?;
            bianjing_game::load(scenario, &text, &path.display().to_string()).map_err(|e| {
                eprintln!("error: {e}");
                Reported(1)
            })?
        }
        None => Game::new(scenario, args.seed.unwrap_or(1126), &args.what_if)
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    use std::io::IsTerminal;
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        anyhow::bail!(
            "`bianjing play` needs a terminal: standard input and output must not be redirected"
        );
    }
    play(game, args)
}

#[cfg(not(feature = "tui"))]
fn play(_game: Game, _args: &PlayArgs) -> anyhow::Result<()> {
    anyhow::bail!("this bianjing was built without the terminal game (cargo feature `tui`)")
}

#[cfg(feature = "tui")]
fn play(game: Game, args: &PlayArgs) -> anyhow::Result<()> {
    use std::path::PathBuf;

    use crate::output::write_atomically;

    /// The default save file, in the current directory.
    const DEFAULT_SAVE: &str = "bianjing-game.json";

    let save_path: PathBuf = args
        .save
        .clone()
        .or_else(|| args.load.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SAVE));
    let mut app = bianjing_tui::App::new(
        game,
        bianjing_tui::colour_supported(),
        save_path.display().to_string(),
    );
    let mut save =
        |text: &str| write_atomically(&save_path, text.as_bytes()).map_err(|e| format!("{e:#}"));
    bianjing_tui::run(&mut app, &mut save).context("the terminal failed")?;
    Ok(())
}
