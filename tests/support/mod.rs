//! Finding things the way an analyst (and a screen reader) does: by role and accessible name.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement};

/// The page's document.
pub fn document() -> Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

/// Waits `ms` milliseconds, letting the app's tasks run.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timeout resolves");
}

/// The ARIA role of an element: its `role` attribute, else the implicit role of its tag.
pub fn role_of(el: &Element) -> String {
    if let Some(r) = el.get_attribute("role") {
        return r;
    }
    match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" => "textbox".into(),
        "input" => match el.get_attribute("type").as_deref() {
            None | Some("text") | Some("search") => "textbox".into(),
            Some(t) => t.to_string(),
        },
        "ul" | "ol" => "list".into(),
        "li" => "listitem".into(),
        "button" => "button".into(),
        "article" => "article".into(),
        "aside" => "complementary".into(),
        "table" => "table".into(),
        "section" if el.has_attribute("aria-label") || el.has_attribute("aria-labelledby") => {
            "region".into()
        }
        "h1" | "h2" | "h3" | "h4" => "heading".into(),
        _ => String::new(),
    }
}

/// The accessible name: `aria-label`, else the text of `aria-labelledby`, else the text content.
pub fn name_of(el: &Element) -> String {
    if let Some(l) = el.get_attribute("aria-label") {
        return l;
    }
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        return ids
            .split_whitespace()
            .filter_map(|id| document().get_element_by_id(id))
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
    }
    el.text_content().unwrap_or_default().trim().to_string()
}

/// Every element under `root` with this role (and name, if given).
pub fn all_by_role(root: &Element, role: &str, name: Option<&str>) -> Vec<Element> {
    let nodes = root.query_selector_all("*").expect("selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<Element>().ok())
        .filter(|e| role_of(e) == role && name.is_none_or(|n| name_of(e) == n))
        .collect()
}

/// The one element with this role and name; panics with what is there when there is none.
pub fn by_role(root: &Element, role: &str, name: &str) -> Element {
    let found = all_by_role(root, role, Some(name));
    match found.len() {
        1 => found.into_iter().next().unwrap(),
        0 => {
            let seen: Vec<String> = all_by_role(root, role, None).iter().map(name_of).collect();
            panic!("no {role} named {name:?}; {role}s present: {seen:?}")
        }
        n => panic!("{n} elements with role {role} named {name:?}"),
    }
}

/// Polls until `check` returns `Some`, up to `timeout_ms`.
pub async fn wait_for<T>(what: &str, timeout_ms: i32, mut check: impl FnMut() -> Option<T>) -> T {
    let mut waited = 0;
    loop {
        if let Some(v) = check() {
            return v;
        }
        if waited >= timeout_ms {
            panic!("timed out after {timeout_ms} ms waiting for {what}");
        }
        sleep(50).await;
        waited += 50;
    }
}

/// Clicks an element.
pub fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// A fresh container for one mounted app.
pub fn container() -> HtmlElement {
    let doc = document();
    let host: HtmlElement = doc.create_element("div").expect("div").unchecked_into();
    doc.body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host
}
