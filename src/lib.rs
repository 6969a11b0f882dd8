//! sentinel-copilot: the Leptos app. Components render; the logic lives in the library crates
//! (`kql`, `sentinel`, `copilot`) and in the plain functions of [`queue`].

pub mod answering;
pub mod app;
pub mod auth;
pub mod browser;
pub mod chunks;
pub mod components;
pub mod config;
pub mod embed;
pub mod http;
pub mod ids;
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
    browser::mark("sc-start");
    mount_to_body(app::App);
    browser::mark("sc-mounted");
    // The caret in the prompt box as soon as the panel is in the page (the prompt bar's own effect
    // would do it a few tens of milliseconds later, after the first tasks have run).
    if let Some(prompt) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("[aria-label=\"Ask Copilot\"]")
                .ok()
                .flatten()
        })
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = prompt.focus();
    }
    browser::mark("sc-panel-interactive");
}
