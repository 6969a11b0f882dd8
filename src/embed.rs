//! The embedding API a host page uses: `SentinelCopilot.mount(element, options)` (and the
//! `<sentinel-copilot>` element built on it by `sentinel-copilot.js`).
//!
//! Options (all optional): `proxyUrl`, `subscriptionId`, `resourceGroup`, `workspaceName`,
//! `workspaceId`, `apiVersion`, `theme` (`light` | `dark` | `high-contrast`), `mode` (`page` |
//! `panel`), `incident` (number or name to focus), `focusOnOpen` (default `true`), `user`
//! (`{upn, objectId, name}`: the "me" of the chat), `getToken` (a function `(scope) =>
//! Promise<string>`: the host's own MSAL), `model` (`true` or a model name: hunting questions go
//! to the language model behind the proxy's model route). Events out are `CustomEvent`s
//! dispatched on the element (bubbling, composed): `sentinel-copilot:ready` (detail `{}`),
//! `sentinel-copilot:incident-changed` (detail `{name, number}`) and
//! `sentinel-copilot:host-action` (detail `{action, payload, incident, instructions}`, `action`
//! being e.g. `sentinel-copilot:isolate-device`).

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::Settings;

/// What the host handed over at mount time, shared with the app through context.
#[derive(Clone)]
pub struct EmbedOptions {
    pub settings: Settings,
    /// The host's token callback, if it signs the analyst in itself.
    pub get_token: Option<send_wrapper::SendWrapper<js_sys::Function>>,
    /// The signed-in analyst as the host knows them.
    pub user: Option<(String, String, String)>,
    /// The element events are dispatched on.
    pub element: send_wrapper::SendWrapper<web_sys::HtmlElement>,
    /// The incident to focus, by number or name; the host may change it later.
    pub focus: RwSignal<Option<String>>,
    /// The theme; the host may change it later.
    pub theme: RwSignal<Option<String>>,
    /// The layout (`page` or `panel`); the host may change it later.
    pub mode: RwSignal<Option<String>>,
    /// Whether the prompt box takes the focus when the panel opens (default: yes).
    pub focus_on_open: bool,
}

impl EmbedOptions {
    /// Dispatches `sentinel-copilot:<name>` with a JSON detail on the host element.
    pub fn emit(&self, name: &str, detail: &serde_json::Value) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(d) = js_sys::JSON::parse(&detail.to_string()) {
            init.set_detail(&d);
        }
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(
            &format!("sentinel-copilot:{name}"),
            &init,
        ) {
            let _ = self.element.dispatch_event(&ev);
        }
    }
}

/// A mounted panel. Dropping it, or calling `unmount`, removes the panel and its listeners.
#[wasm_bindgen]
pub struct PanelHandle {
    mounted: Option<Box<dyn Any>>,
    focus: RwSignal<Option<String>>,
    theme: RwSignal<Option<String>>,
    mode: RwSignal<Option<String>>,
    element: web_sys::HtmlElement,
}

/// The class `mount` gives the host's element while the panel is in it (the CSS container that
/// the panel's layout follows).
const HOST_CLASS: &str = "sc-host";

#[wasm_bindgen]
impl PanelHandle {
    /// Focuses an incident by number or name.
    #[wasm_bindgen(js_name = focusIncident)]
    pub fn focus_incident(&self, incident: String) {
        self.focus.set(Some(incident));
    }

    /// Sets the theme: `light`, `dark`, `high-contrast`, or empty to follow the system.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, theme: String) {
        self.theme.set((!theme.is_empty()).then_some(theme));
    }

    /// Sets the layout: `panel` (one column, as tall as the element), `page`, or empty for the
    /// default (`page`).
    #[wasm_bindgen(js_name = setMode)]
    pub fn set_mode(&self, mode: String) {
        self.mode.set((!mode.is_empty()).then_some(mode));
    }

    /// Removes the panel from the page: its views, listeners and timers, its files in the
    /// worker, and the worker itself with the last panel.
    pub fn unmount(&mut self) {
        if self.mounted.take().is_some() {
            let _ = self.element.class_list().remove_1(HOST_CLASS);
        }
    }
}

fn get_str(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()?
        .as_string()
        .filter(|s| !s.is_empty())
}

/// The `model` option: `true`/`false` or a model name (as in `config.json`).
fn model_option(options: &JsValue) -> Option<crate::config::ModelChoice> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str("model")).ok()?;
    match value.as_bool() {
        Some(on) => Some(crate::config::ModelChoice::On(on)),
        None => value
            .as_string()
            .and_then(|s| crate::config::ModelChoice::parse(&s)),
    }
}

/// Mounts a panel inside `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<PanelHandle, JsValue> {
    console_error_panic_hook::set_once();
    let settings = Settings {
        proxy_url: get_str(&options, "proxyUrl"),
        subscription_id: get_str(&options, "subscriptionId"),
        resource_group: get_str(&options, "resourceGroup"),
        workspace_name: get_str(&options, "workspaceName"),
        workspace_id: get_str(&options, "workspaceId"),
        api_version: get_str(&options, "apiVersion"),
        theme: get_str(&options, "theme"),
        model: model_option(&options),
        ..Settings::default()
    };
    let get_token = js_sys::Reflect::get(&options, &JsValue::from_str("getToken"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(send_wrapper::SendWrapper::new);
    let user = js_sys::Reflect::get(&options, &JsValue::from_str("user"))
        .ok()
        .filter(|u| u.is_object())
        .map(|u| {
            (
                get_str(&u, "upn").unwrap_or_default(),
                get_str(&u, "objectId").unwrap_or_default(),
                get_str(&u, "name").unwrap_or_default(),
            )
        });
    let focus = RwSignal::new(get_str(&options, "incident"));
    let theme = RwSignal::new(settings.theme.clone());
    let mode = RwSignal::new(get_str(&options, "mode"));
    let focus_on_open = js_sys::Reflect::get(&options, &JsValue::from_str("focusOnOpen"))
        .ok()
        .is_none_or(|v| v.as_bool() != Some(false) && v.as_string().as_deref() != Some("false"));
    let embed = EmbedOptions {
        settings,
        get_token,
        user,
        element: send_wrapper::SendWrapper::new(element.clone()),
        focus,
        theme,
        mode,
        focus_on_open,
    };
    let _ = element.class_list().add_1(HOST_CLASS);
    let ready = embed.clone();
    let host = element.clone();
    let handle = leptos::mount::mount_to(element, move || {
        provide_context(embed.clone());
        view! { <crate::app::App /> }
    });
    ready.emit("ready", &serde_json::json!({}));
    Ok(PanelHandle {
        mounted: Some(Box::new(handle)),
        focus,
        theme,
        mode,
        element: host,
    })
}
