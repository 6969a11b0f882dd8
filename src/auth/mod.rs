//! Where access tokens come from: the host page (embedded), MSAL (standalone), or nowhere (demo).
//! Tokens live in memory only: never in storage, URLs or logs.

pub mod msal;
pub mod msal_config;

use std::rc::Rc;

use async_trait::async_trait;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The APIs the panel calls, each with its own token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Azure Resource Manager (incidents): `https://management.azure.com/user_impersonation`.
    ResourceManager,
    /// Log Analytics (queries): `https://api.loganalytics.io/Data.Read`.
    LogAnalytics,
}

impl Audience {
    /// The OAuth scope to ask for.
    pub fn scope(self) -> &'static str {
        match self {
            Audience::ResourceManager => "https://management.azure.com/user_impersonation",
            Audience::LogAnalytics => "https://api.loganalytics.io/Data.Read",
        }
    }

    /// The API's name, for messages.
    pub fn api_name(self) -> &'static str {
        match self {
            Audience::ResourceManager => "Resource Manager",
            Audience::LogAnalytics => "Log Analytics",
        }
    }
}

/// Something that hands out access tokens per audience.
#[async_trait(?Send)]
pub trait TokenSource {
    /// A current access token for the audience, or a message telling the analyst what to do.
    async fn token(&self, audience: Audience) -> Result<String, String>;
}

pub use msal::{MsalTokenSource, SignIn, SignInStatus};
pub use msal_config::MsalConfig;

/// Tokens from the host page: a JavaScript function `(scope) => Promise<string>`.
pub struct HostTokenSource {
    callback: js_sys::Function,
}

impl HostTokenSource {
    /// Wraps the host's callback.
    pub fn new(callback: js_sys::Function) -> Rc<HostTokenSource> {
        Rc::new(HostTokenSource { callback })
    }
}

#[async_trait(?Send)]
impl TokenSource for HostTokenSource {
    async fn token(&self, audience: Audience) -> Result<String, String> {
        let fail = |what: &str| {
            format!(
                "the host page could not give a token for {}: {what}",
                audience.api_name()
            )
        };
        let result = self
            .callback
            .call1(&JsValue::NULL, &JsValue::from_str(audience.scope()))
            .map_err(|e| fail(&js_error_text(&e)))?;
        let value = match result.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .map_err(|e| fail(&js_error_text(&e)))?,
            Err(value) => value,
        };
        value
            .as_string()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| fail("it returned no token"))
    }
}

/// A JavaScript error's message, never its full value (which could hold a token).
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// No token: for `sentinel-proxy --simulate`, which needs none. A real proxy answers 401, which
/// the panel shows as "sign in".
pub struct NoTokenSource;

#[async_trait(?Send)]
impl TokenSource for NoTokenSource {
    async fn token(&self, _audience: Audience) -> Result<String, String> {
        Ok(String::new())
    }
}
