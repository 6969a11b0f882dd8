//! `sentinel-proxy`: a CORS proxy that lets the browser app call Microsoft Sentinel (through Azure
//! Resource Manager) and the Log Analytics query API, for allowlisted paths only, passing the
//! user's bearer token through without logging it. With `--simulate` it answers both APIs from the
//! generated demo workspace instead, so the whole path runs on one machine.
//!
//! Optionally, `POST /model/chat/completions` reaches ONE configured OpenAI-compatible chat
//! endpoint with a key the proxy holds (see [`model`]).
//!
//! Not a general-purpose reverse proxy: anything outside these routes is refused with 403
//! before any upstream connection is made.

pub mod app;
pub mod config;
pub mod cors;
pub mod error;
pub mod forward;
pub mod model;
pub mod model_rate;
pub mod request_log;
pub mod routes;
#[cfg(feature = "simulate")]
pub mod simulate;
pub mod token_gate;

pub use app::{router, AppState};
pub use config::Config;
