//! `sentinel-proxy`: reads the configuration, starts logging and serves the router.

use std::process::ExitCode;

use sentinel_proxy::config::{ConfigError, LogFormat};
use sentinel_proxy::{router, AppState, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::load(std::env::args_os()) {
        Ok(config) => config,
        Err(ConfigError::Flags(e)) => e.exit(),
        Err(e) => {
            eprintln!("sentinel-proxy: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.log_format);
    let listen = config.listen;
    let state = match AppState::new(config) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("sentinel-proxy: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("sentinel-proxy: cannot listen on {listen} (setting `listen`): {e}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(%listen, mode = ?state.config.mode, origins = ?state.config.allow_origins, "sentinel-proxy listening");
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sentinel-proxy: server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr; `SENTINEL_PROXY_LOG` (or `RUST_LOG`) sets levels, default `info`.
fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("SENTINEL_PROXY_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        LogFormat::Compact => builder.compact().init(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
