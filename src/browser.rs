//! Small browser services the views share: clipboard, downloads, timing marks.

use wasm_bindgen::JsCast;

/// Copies text to the clipboard; the error says why it could not.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "the browser did not allow copying; select the text and copy it by hand".to_string()
        })
}

/// Offers `contents` as a file download named `file_name`.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)
        .map_err(|_| "cannot build the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot offer the file")?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot offer the file")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Milliseconds since navigation (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a performance mark (visible to tests and the browser's profiler).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Records a performance measure between two marks.
pub fn measure(name: &str, start: &str, end: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

/// Runs `f` after the panel's first frame is painted, when the page is idle: for work the first
/// view does not need (fetching code for later, reading settings), so that it delays neither the
/// first paint nor the analyst's first keystrokes (input comes before idle work).
pub fn after_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let f = wasm_bindgen::closure::Closure::once_into_js(f);
        // Safari has no requestIdleCallback: the next task, after the frame, is the best it gets.
        let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
        let scheduled = if idle {
            let options = web_sys::IdleRequestOptions::new();
            // Idle or not, within half a second.
            options.set_timeout(500);
            window
                .request_idle_callback_with_options(f.unchecked_ref(), &options)
                .is_ok()
        } else {
            false
        };
        if !scheduled {
            let _ = window.set_timeout_with_callback(f.unchecked_ref());
        }
    });
}

/// Whether the page's focus is nowhere (on `<body>`, as after the focused button was disabled or
/// hidden) or inside `element`.
pub fn focus_is_lost_or_within(element: &web_sys::Element) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match document.active_element() {
        None => true,
        Some(active) => {
            document
                .body()
                .is_some_and(|b| active == *b.unchecked_ref::<web_sys::Element>())
                || element.contains(Some(active.unchecked_ref()))
        }
    }
}
