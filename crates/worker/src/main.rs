//! `sentinel-copilot-worker`: the panel's Web Worker. It holds the demo workspace (generated here,
//! not on the page's thread) and runs the KQL engine for the demo's log queries and for the
//! analyst's dropped files. The page talks to it with [`messages`]; the logic is in [`requests`].

mod messages;
mod requests;

fn main() {
    #[cfg(target_arch = "wasm32")]
    messages::listen();
}
