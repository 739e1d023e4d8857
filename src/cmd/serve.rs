//! `bianjing serve`: the web app on a local address until Ctrl-C.

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use bianjing_web::{App, Limits};

use crate::args::ServeArgs;
use crate::model;

pub fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let loaded = model::build(model::load_scenario(args.scenario.scenario.as_deref())?)?;
    let source = model::param_source(&loaded, args.scenario.scenario.as_deref(), &args.params)?;
    let limits = Limits {
        max_runs: args.max_runs,
        max_concurrent: usize::try_from(args.max_concurrent).unwrap_or(usize::MAX),
        ..Limits::default()
    };
    let app = App::new(loaded.scenario, loaded.setup, source, limits);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: listening on {addr}, which other machines can reach; the app has no accounts or passwords"
            );
        }
        // The first line names the address: with port 0 it is the only way to learn the port.
        let mut out = std::io::stdout().lock();
        writeln!(out, "Bianjing 1126 at http://{addr}/ (Ctrl-C to stop)")?;
        out.flush()?;
        drop(out);
        bianjing_web::serve(listener, app, shutdown_signal())
            .await
            .context("the server stopped")?;
        eprintln!("stopped");
        anyhow::Ok(())
    })?;
    // Ensembles stopped by the shutdown finish their running chunks; do not wait for them forever.
    runtime.shutdown_timeout(Duration::from_secs(5));
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
