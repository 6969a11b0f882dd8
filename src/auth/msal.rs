//! Sign-in with Microsoft Entra ID (or any OpenID Connect authority) through `@azure/msal-browser`.
//!
//! The MSAL bundle (`msal-browser.js`, built from `tools/msal`) is imported by `msal.js` only when
//! the settings ask for sign-in: never in demo mode, never when the host page gives tokens. Tokens
//! stay in MSAL's memory cache; this side sees one only to put it in an `Authorization` header.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::msal_config::MsalConfig;
use super::{js_error_text, Audience, TokenSource};
use copilot::nl2kql::Identity;

#[wasm_bindgen(module = "/src/auth/msal.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalStart)]
    async fn msal_start(config: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalToken)]
    async fn msal_token(scope: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignOut)]
    async fn msal_sign_out() -> Result<JsValue, JsValue>;
}

/// The signed-in account as the panel shows it (never a token).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// `preferred_username`: the user principal name.
    pub upn: String,
    pub name: String,
    /// `oid`: the object id.
    pub object_id: String,
    /// `tid`.
    pub tenant_id: String,
}

impl Account {
    /// The account as the chat's "me".
    pub fn identity(&self) -> Identity {
        Identity {
            upn: self.upn.clone(),
            display_name: (!self.name.is_empty()).then(|| self.name.clone()),
            object_id: (!self.object_id.is_empty()).then(|| self.object_id.clone()),
        }
    }
}

/// Where sign-in stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInStatus {
    /// The panel signs nobody in (demo, host tokens, or no client id).
    Unavailable,
    /// The sign-in module is loading.
    Starting,
    SignedOut,
    /// A sign-in prompt is open.
    SigningIn,
    SignedIn(Account),
}

/// Sign-in state shared through context; the token source is there once the settings ask for it.
#[derive(Clone)]
pub struct SignIn {
    pub status: RwSignal<SignInStatus>,
    /// The last sign-in problem, for the analyst.
    pub problem: RwSignal<Option<String>>,
    /// Whether the signed-in account is the chat's "me" (no host identity was given).
    pub sets_me: bool,
    source: SendWrapper<Rc<RefCell<Option<Rc<MsalTokenSource>>>>>,
}

impl SignIn {
    /// No sign-in yet; [`SignIn::configure`] turns it on.
    pub fn new(sets_me: bool) -> SignIn {
        SignIn {
            status: RwSignal::new(SignInStatus::Unavailable),
            problem: RwSignal::new(None),
            sets_me,
            source: SendWrapper::new(Rc::new(RefCell::new(None))),
        }
    }

    /// Turns sign-in on with `config`; the returned source hands out the tokens.
    pub fn configure(&self, config: MsalConfig) -> Rc<MsalTokenSource> {
        let source = Rc::new(MsalTokenSource {
            config,
            status: self.status,
            problem: self.problem,
        });
        self.status.set(SignInStatus::SignedOut);
        *self.source.borrow_mut() = Some(Rc::clone(&source));
        source
    }

    /// Sign-in was asked for but cannot work: says why.
    pub fn misconfigured(&self, message: String) {
        self.problem
            .set(Some(format!("Sign-in is not set up: {message}.")));
    }

    /// The token source, when sign-in is on.
    pub fn source(&self) -> Option<Rc<MsalTokenSource>> {
        self.source.borrow().clone()
    }
}

/// Access tokens from MSAL, per audience.
pub struct MsalTokenSource {
    config: MsalConfig,
    status: RwSignal<SignInStatus>,
    problem: RwSignal<Option<String>>,
}

impl MsalTokenSource {
    /// Loads the MSAL bundle and starts it (completing a redirect sign-in that is coming back).
    /// Resolves to the account already signed in, if any.
    pub async fn start(&self) -> Result<Option<Account>, String> {
        self.status.set(SignInStatus::Starting);
        let result = self.started().await;
        self.settle(result)
    }

    /// Starts MSAL if it has not started (it starts once; a failed start is tried again).
    async fn started(&self) -> Result<Option<Account>, JsValue> {
        let config =
            serde_json::to_string(&self.config).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let config = js_sys::JSON::parse(&config)?;
        msal_start(config).await.and_then(|v| account_of(&v))
    }

    /// Opens the sign-in prompt (popup or redirect); resolves to the signed-in account.
    pub async fn sign_in(&self) -> Result<Account, String> {
        let before = self.status.get_untracked();
        self.status.set(SignInStatus::SigningIn);
        self.problem.set(None);
        let result = match self.started().await {
            Ok(_) => msal_sign_in().await.and_then(|v| account_of(&v)),
            Err(e) => Err(e),
        };
        match self.settle(result) {
            Ok(Some(account)) => Ok(account),
            Ok(None) => Err("sign-in finished without an account".into()),
            Err(e) => {
                if let SignInStatus::SignedIn(_) = before {
                    self.status.set(before);
                }
                Err(e)
            }
        }
    }

    /// Forgets the account and its tokens in this panel.
    pub async fn sign_out(&self) {
        let _ = msal_sign_out().await;
        crate::settings_store::remember_sign_in(None);
        self.problem.set(None);
        self.status.set(SignInStatus::SignedOut);
    }

    fn settle(&self, result: Result<Option<Account>, JsValue>) -> Result<Option<Account>, String> {
        match result {
            Ok(Some(account)) => {
                crate::settings_store::remember_sign_in(Some(&account.upn));
                self.status.set(SignInStatus::SignedIn(account.clone()));
                Ok(Some(account))
            }
            Ok(None) => {
                self.status.set(SignInStatus::SignedOut);
                Ok(None)
            }
            Err(e) => {
                let message = capitalized(&js_error_text(&e));
                self.status.set(SignInStatus::SignedOut);
                self.problem.set(Some(format!("{message}.")));
                Err(message)
            }
        }
    }
}

#[async_trait(?Send)]
impl TokenSource for MsalTokenSource {
    async fn token(&self, audience: Audience) -> Result<String, String> {
        if !matches!(self.status.get_untracked(), SignInStatus::SignedIn(_)) {
            return Err(not_signed_in(audience));
        }
        match msal_token(audience.scope()).await {
            Ok(v) => {
                if self.problem.get_untracked().is_some() {
                    self.problem.set(None);
                }
                v.as_string()
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| format!("sign-in gave no token for {}", audience.api_name()))
            }
            Err(e) => {
                let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
                    .ok()
                    .and_then(|n| n.as_string())
                    .unwrap_or_default();
                let message = js_error_text(&e);
                // The analyst has to act: show "Sign in" again.
                if matches!(
                    name.as_str(),
                    "NotSignedIn"
                        | "WrongTenant"
                        | "PopupBlocked"
                        | "SignInCancelled"
                        | "SignInTimedOut"
                        | "InteractionRequired"
                        | "ConsentRequired"
                ) {
                    self.status.set(SignInStatus::SignedOut);
                }
                self.problem
                    .set(Some(format!("{}.", capitalized(&message))));
                Err(format!("{message} (for {})", audience.api_name()))
            }
        }
    }
}

/// The message for a call made before anyone signed in.
pub fn not_signed_in(audience: Audience) -> String {
    format!(
        "choose Sign in at the top of the panel to sign in with Microsoft Entra ID; {} needs your sign-in",
        audience.api_name()
    )
}

fn account_of(v: &JsValue) -> Result<Option<Account>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    let text = js_sys::JSON::stringify(v)?.as_string().unwrap_or_default();
    serde_json::from_str(&text).map(Some).map_err(|e| {
        JsValue::from_str(&format!(
            "the sign-in module gave an unreadable account ({e})"
        ))
    })
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
