//! Settings the analyst can change: where the proxy is, which workspace is the default, sign-in
//! ids, sources on and off. Saved in localStorage (nothing secret), applied by reloading the panel.

use leptos::prelude::*;

use crate::auth::{MsalConfig, SignIn, SignInStatus};
use crate::chunk;
use crate::chunks::{ChunkError, Chunked};
use crate::config::{ModelChoice, Settings};
use crate::settings_store;
use crate::state::{refresh_incidents, set_signed_in, AppServices};

/// The sources the chat and the summaries may query; each can be switched off.
const SOURCES: [&str; 8] = [
    "SecurityIncident",
    "SecurityAlert",
    "SigninLogs",
    "AuditLogs",
    "OfficeActivity",
    "DeviceProcessEvents",
    "DeviceNetworkEvents",
    "ThreatIntelligenceIndicator",
];

/// The account control and a disclosure with the settings form. The form (its code is a chunk of
/// the page's wasm) is fetched and built the first time the disclosure is opened.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let opened = RwSignal::new(false);
    view! {
        <AccountControl />
        <details class="sc-settings" on:toggle=move |_| opened.set(true)>
            <summary>"Settings"</summary>
            <Show when=move || opened.get()>
                <Chunked what="the settings" load=|| async { chunk!(settings_form()) } />
            </Show>
        </details>
    }
}

/// The settings form's view.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(settings_form, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn settings_form() -> Result<AnyView, ChunkError> {
    Ok(view! { <SettingsForm /> }.into_any())
}

/// The settings form: edits a draft, checks and saves it, then reloads the panel.
#[component]
fn SettingsForm() -> impl IntoView {
    let saved = settings_store::saved().unwrap_or_default();
    let draft = RwSignal::new(saved);
    let status = RwSignal::new(None::<Result<String, String>>);

    let field = move |label: &'static str,
                      get: fn(&Settings) -> Option<String>,
                      set: fn(&mut Settings, Option<String>)| {
        view! {
            <label class="sc-setting">
                <span>{label}</span>
                <input
                    type="text"
                    spellcheck="false"
                    prop:value=move || draft.with(|s| get(s).unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|s| set(s, (!v.trim().is_empty()).then(|| v.trim().to_string())));
                    }
                />
            </label>
        }
    };

    let save = move |_| {
        let s = draft.get_untracked();
        let check = if s.proxy_url.is_some() {
            s.connection().map(|_| ())
        } else {
            Ok(())
        };
        let check = check.and_then(|()| s.model_route().map(|_| ()));
        let check = check.and_then(|()| match MsalConfig::from_settings(&s) {
            Some(Err(e)) => Err(e),
            _ => Ok(()),
        });
        status.set(Some(match check.and_then(|()| settings_store::save(&s)) {
            Ok(()) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
                Ok("Saved; reloading the panel.".into())
            }
            Err(e) => Err(format!("Not saved: {e}.")),
        }));
    };

    view! {
            <form class="sc-settings-form" aria-label="Settings" on:submit=move |ev| ev.prevent_default()>
                <p class="sc-muted">"Leave the proxy URL empty to use the built-in demo workspace."</p>
                {field("Proxy URL", |s| s.proxy_url.clone(), |s, v| s.proxy_url = v)}
                {field("Tenant", |s| s.tenant_id.clone(), |s, v| s.tenant_id = v)}
                {field("Client id", |s| s.client_id.clone(), |s, v| s.client_id = v)}
                {field("Sign-in authority (optional)", |s| s.authority.clone(), |s, v| s.authority = v)}
                {field(
                    "Known authorities (comma-separated, optional)",
                    |s| s.known_authorities.as_ref().map(|l| l.join(", ")),
                    |s, v| s.known_authorities = v.map(|l| l.split(',').map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect()),
                )}
                <label class="sc-setting">
                    <span>"Sign in with"</span>
                    <select
                        prop:value=move || draft.with(|s| s.login_mode.clone().unwrap_or_else(|| "popup".into()))
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|s| s.login_mode = (v != "popup").then_some(v));
                        }
                    >
                        <option value="popup">"A popup window"</option>
                        <option value="redirect">"A redirect of this page"</option>
                    </select>
                </label>
                {field("Redirect URI (optional)", |s| s.redirect_uri.clone(), |s, v| s.redirect_uri = v)}
                {field("Subscription id", |s| s.subscription_id.clone(), |s, v| s.subscription_id = v)}
                {field("Resource group", |s| s.resource_group.clone(), |s, v| s.resource_group = v)}
                {field("Workspace name", |s| s.workspace_name.clone(), |s, v| s.workspace_name = v)}
                {field("Workspace id", |s| s.workspace_id.clone(), |s, v| s.workspace_id = v)}
                {field("API version", |s| s.api_version.clone(), |s, v| s.api_version = v)}
                {field("Your UPN (\"me\")", |s| s.user_principal_name.clone(), |s, v| s.user_principal_name = v)}
                {field("Feedback URL", |s| s.feedback_url.clone(), |s, v| s.feedback_url = v)}
                <fieldset>
                    <legend>"Language model"</legend>
                    <p class="sc-muted">
                        "Off by default. When on, hunting questions are written by the model the proxy is configured with, then checked against the schema; a query that does not check is replaced by the built-in one."
                    </p>
                    <label class="sc-source">
                        <input
                            type="checkbox"
                            prop:checked=move || draft.with(|s| model_on(s.model.as_ref()))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                draft.update(|s| {
                                    s.model = match (on, s.model.take()) {
                                        (true, Some(ModelChoice::Named(n))) => Some(ModelChoice::Named(n)),
                                        (true, _) => Some(ModelChoice::On(true)),
                                        (false, _) => None,
                                    };
                                });
                            }
                        />
                        "Write hunting queries with the language model (through the proxy)"
                    </label>
                    {field(
                        "Model or deployment name (optional)",
                        |s| match &s.model {
                            Some(ModelChoice::Named(n)) => Some(n.clone()),
                            _ => None,
                        },
                        |s, v| {
                            if model_on(s.model.as_ref()) {
                                s.model = Some(v.map_or(ModelChoice::On(true), ModelChoice::Named));
                            } else if let Some(name) = v {
                                s.model = Some(ModelChoice::Named(name));
                            }
                        },
                    )}
                </fieldset>
                <fieldset>
                    <legend>"Sources"</legend>
                    {SOURCES
                        .into_iter()
                        .map(|table| {
                            view! {
                                <label class="sc-source">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || draft.with(|s| s.source_enabled(table))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            draft.update(|s| {
                                                let mut off = s.disabled_sources.take().unwrap_or_default();
                                                off.retain(|t| t != table);
                                                if !on {
                                                    off.push(table.to_string());
                                                }
                                                s.disabled_sources = (!off.is_empty()).then_some(off);
                                            });
                                        }
                                    />
                                    {table}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button class="sc-primary" type="button" on:click=save>"Save"</button>
                {move || status.get().map(|r| match r {
                    Ok(m) => view! { <p role="status">{m}</p> }.into_any(),
                    Err(e) => view! { <p class="sc-error" role="alert">{e}</p> }.into_any(),
                })}
            </form>
    }
}

/// Whether the `model` setting switches the model on.
fn model_on(choice: Option<&ModelChoice>) -> bool {
    matches!(
        choice,
        Some(ModelChoice::On(true)) | Some(ModelChoice::Named(_))
    )
}

/// "Sign in" / "Signed in as …" / "Sign out", shown when the panel signs the analyst in itself.
#[component]
fn AccountControl() -> impl IntoView {
    let sign_in = expect_context::<SignIn>();
    let services = expect_context::<AppServices>();
    let status = sign_in.status;
    let problem = sign_in.problem;

    let start = {
        let sign_in = sign_in.clone();
        let services = services.clone();
        move |_| {
            let Some(source) = sign_in.source() else {
                return;
            };
            let (sign_in, services) = (sign_in.clone(), services.clone());
            leptos::task::spawn_local(async move {
                if let Ok(account) = source.sign_in().await {
                    set_signed_in(&services, &sign_in, Some(account.identity()));
                    refresh_incidents(&services);
                }
            });
        }
    };
    let stop = move |_| {
        let Some(source) = sign_in.source() else {
            return;
        };
        let (sign_in, services) = (sign_in.clone(), services.clone());
        leptos::task::spawn_local(async move {
            source.sign_out().await;
            set_signed_in(&services, &sign_in, None);
            refresh_incidents(&services);
        });
    };

    view! {
        <div class="sc-account" role="group" aria-label="Account">
            {move || match status.get() {
                SignInStatus::Unavailable => ().into_any(),
                SignInStatus::Starting => view! { <span class="sc-muted" role="status">"Preparing sign-in…"</span> }.into_any(),
                SignInStatus::SigningIn => view! {
                    <span class="sc-muted" role="status">"Signing in…"</span> " "
                    <button class="sc-primary" type="button" disabled=true>"Sign in"</button>
                }.into_any(),
                SignInStatus::SignedOut => view! {
                    <span class="sc-muted" role="status">"Not signed in"</span> " "
                    <button class="sc-primary" type="button" on:click=start.clone()>"Sign in"</button>
                }.into_any(),
                SignInStatus::SignedIn(account) => view! {
                    <span role="status" title=account.name.clone()>"Signed in as " {account.upn.clone()}</span> " "
                    <button class="sc-secondary" type="button" on:click=stop.clone()>"Sign out"</button>
                }.into_any(),
            }}
            {move || problem.get().map(|p| view! { " " <span class="sc-error" role="alert">{p}</span> })}
        </div>
    }
}
