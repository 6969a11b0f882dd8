//! Where settings come from in the browser: `config.json` beside the page, the analyst's saved
//! settings in localStorage (nothing secret is ever stored), and the page's query parameters.

use crate::config::Settings;

const STORAGE_KEY: &str = "sentinel-copilot.settings";
/// Who last signed in to the panel in this browser (a user name, never a token).
const SIGN_IN_HINT_KEY: &str = "sentinel-copilot.sign-in-hint";

/// The merged settings: `config.json` < saved < query parameters. Missing pieces are skipped.
/// A panel embedded by a host page (`embedded`) takes its configuration from the host's options
/// instead: the host page's own `config.json` and query string are not the panel's.
pub async fn load(embedded: bool) -> Settings {
    let saved = saved().unwrap_or_default();
    if embedded {
        return saved;
    }
    let file = fetch_config_json().await.unwrap_or_default();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .map(|q| Settings::from_query(&q))
        .unwrap_or_default();
    file.merged(saved).merged(query)
}

async fn fetch_config_json() -> Option<Settings> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    response.json::<Settings>().await.ok()
}

/// The analyst's saved settings.
pub fn saved() -> Option<Settings> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let text = storage.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves the analyst's settings (non-secret fields only: there are no secret fields in `Settings`).
pub fn save(settings: &Settings) -> Result<(), String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or("this browser does not allow saving settings")?;
    let text = serde_json::to_string(settings).map_err(|e| e.to_string())?;
    storage
        .set_item(STORAGE_KEY, &text)
        .map_err(|_| "the settings could not be saved".to_string())
}

/// The user name of who last signed in to the panel in this browser.
pub fn sign_in_hint() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage
        .get_item(SIGN_IN_HINT_KEY)
        .ok()?
        .filter(|h| !h.trim().is_empty())
}

/// Remembers who signed in (`Some`), or forgets it at sign-out (`None`).
pub fn remember_sign_in(upn: Option<&str>) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let _ = match upn.filter(|u| !u.is_empty()) {
        Some(u) => storage.set_item(SIGN_IN_HINT_KEY, u),
        None => storage.remove_item(SIGN_IN_HINT_KEY),
    };
}
