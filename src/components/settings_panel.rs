//! Settings the analyst can change: where the proxy is, which workspace is the default, sign-in
//! ids, sources on and off. Saved in localStorage (nothing secret), applied by reloading the panel.

use leptos::prelude::*;

use crate::config::Settings;
use crate::settings_store;

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

/// A disclosure with the settings form.
#[component]
pub fn SettingsPanel() -> impl IntoView {
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
        <details class="sc-settings">
            <summary>"Settings"</summary>
            <form class="sc-settings-form" aria-label="Settings" on:submit=move |ev| ev.prevent_default()>
                <p class="sc-muted">"Leave the proxy URL empty to use the built-in demo workspace."</p>
                {field("Proxy URL", |s| s.proxy_url.clone(), |s, v| s.proxy_url = v)}
                {field("Tenant", |s| s.tenant_id.clone(), |s, v| s.tenant_id = v)}
                {field("Client id", |s| s.client_id.clone(), |s, v| s.client_id = v)}
                {field("Subscription id", |s| s.subscription_id.clone(), |s, v| s.subscription_id = v)}
                {field("Resource group", |s| s.resource_group.clone(), |s, v| s.resource_group = v)}
                {field("Workspace name", |s| s.workspace_name.clone(), |s, v| s.workspace_name = v)}
                {field("Workspace id", |s| s.workspace_id.clone(), |s, v| s.workspace_id = v)}
                {field("API version", |s| s.api_version.clone(), |s, v| s.api_version = v)}
                {field("Your UPN (\"me\")", |s| s.user_principal_name.clone(), |s, v| s.user_principal_name = v)}
                {field("Feedback URL", |s| s.feedback_url.clone(), |s, v| s.feedback_url = v)}
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
        </details>
    }
}
