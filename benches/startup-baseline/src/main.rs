//! The smallest interactive Leptos page: one component, one signal. `cargo xtask startup` builds
//! it with the same release profile and wasm-opt settings as the panel and compares their
//! start-up times in headless Chromium.

use leptos::prelude::*;

/// A counter button: interactive once it shows.
#[component]
fn Counter() -> impl IntoView {
    let clicks = RwSignal::new(0);
    view! {
        <button on:click=move |_| clicks.update(|n| *n += 1)>
            {move || format!("Clicked {} times", clicks.get())}
        </button>
    }
}

fn main() {
    mount_to_body(Counter);
}
