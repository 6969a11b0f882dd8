//! sentinel-copilot: the Leptos app. Components render; the logic lives in the library crates
//! (`kql`, `sentinel`, `copilot`) and in the plain functions of [`queue`].

pub mod answering;
pub mod app;
pub mod auth;
pub mod browser;
pub mod components;
pub mod config;
pub mod embed;
pub mod http;
pub mod kql_editing;
pub mod kql_history;
pub mod local_tables;
pub mod model;
pub mod queue;
pub mod results;
pub mod settings_store;
pub mod sources;
pub mod starting;
pub mod state;
pub mod view_text;
pub mod worker_link;

use leptos::prelude::*;

/// Starts the standalone panel on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    mount_to_body(app::App);
}
