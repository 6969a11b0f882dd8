//! The standalone page: mounts the panel on `<body>` when the page asks for it (a host page that
//! embeds the panel calls `mount` instead).

fn main() {
    let standalone = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-sentinel-copilot-standalone"));
    if standalone {
        sentinel_copilot::start();
    }
}
