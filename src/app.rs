//! The panel's root component: provides the shared state and lays out the views.

use leptos::prelude::*;

use crate::answering::Answering;
use crate::components::incident_pane::IncidentPane;
use crate::components::incident_queue::IncidentQueue;
use crate::components::kql_sidebar::KqlSidebar;
use crate::components::prompt_bar::PromptBar;
use crate::components::settings_panel::SettingsPanel;
use crate::components::transcript::TranscriptView;
use crate::state::{provide_app_state, AppServices, IncidentList, SelectedIncident};

/// The whole panel on the demo workspace.
#[component]
pub fn App() -> impl IntoView {
    // The host's theme when embedded, else the settings' (applied once they load), else the
    // system's (`prefers-color-scheme`, in CSS).
    let embed = use_context::<crate::embed::EmbedOptions>();
    let theme = embed
        .as_ref()
        .map(|e| e.theme)
        .unwrap_or_else(|| RwSignal::new(None));
    provide_context(PanelTheme(theme));
    // The layout likewise: the host's, else the settings', else `page`.
    let mode = embed
        .as_ref()
        .map(|e| e.mode)
        .unwrap_or_else(|| RwSignal::new(None));
    provide_context(PanelMode(mode));
    provide_app_state();
    let answering = Answering::new();
    provide_context(answering);
    let services = expect_context::<AppServices>();
    let escape_services = services.clone();
    let workspace_label = services.workspace_label;
    let data_theme = move || theme.get().filter(|t| !t.is_empty());
    let data_mode = move || mode.get().filter(|m| !m.is_empty());
    follow_host_focus();

    view! {
        <div
            class="sc-app"
            data-theme=data_theme
            data-mode=data_mode
            // Escape stops a running answer wherever focus is in the panel.
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && answering.stop(&escape_services) {
                    ev.prevent_default();
                }
            }
        >
            <p class="sc-visually-hidden" role="status">{move || answering.status.get()}</p>
            <header class="sc-header">
                <h1>"Sentinel Copilot"</h1>
                <span class="sc-badge">{move || workspace_label.get()}</span>
                <SettingsPanel />
                <button class="sc-secondary sc-push-right" on:click=move |_| {
                    let lines = crate::components::feedback::feedback_json_lines();
                    let _ = crate::browser::download("sentinel-copilot-feedback.jsonl", "application/jsonl", &lines);
                }>"Export feedback"</button>
            </header>
            <IncidentQueue />
            <IncidentPane />
            <section class="sc-panel sc-chat" aria-label="Chat">
                <TranscriptView />
                <PromptBar />
            </section>
            <KqlSidebar />
        </div>
    }
}

/// The panel's theme: `light`, `dark`, `high-contrast`, or `None` to follow the system.
#[derive(Clone, Copy)]
pub struct PanelTheme(pub RwSignal<Option<String>>);

/// The panel's layout: `page`, `panel`, or `None` for the default (`page`).
#[derive(Clone, Copy)]
pub struct PanelMode(pub RwSignal<Option<String>>);

/// Selects the incident the host page asks for (by number or name), once it is in the queue.
fn follow_host_focus() {
    let Some(embed) = use_context::<crate::embed::EmbedOptions>() else {
        return;
    };
    let IncidentList(incidents) = expect_context();
    let SelectedIncident(selected) = expect_context();
    Effect::new(move |_| {
        let Some(wanted) = embed.focus.get() else {
            return;
        };
        let found = incidents.with(|list| {
            list.iter()
                .find(|i| {
                    i.name == wanted
                        || i.properties
                            .incident_number
                            .is_some_and(|n| n.to_string() == wanted)
                })
                .map(|i| i.name.clone())
        });
        if let Some(name) = found {
            selected.set(Some(name));
        }
    });
    // Tells the host which incident the panel shows, whoever chose it (the analyst in the queue,
    // or the host itself): `sentinel-copilot:incident-changed`.
    Effect::new(move |shown: Option<Option<String>>| {
        let name = selected.get();
        if shown.is_some_and(|s| s == name) {
            return name;
        }
        let number = name.as_ref().and_then(|n| {
            incidents.with_untracked(|list| {
                list.iter()
                    .find(|i| &i.name == n)
                    .and_then(|i| i.properties.incident_number)
            })
        });
        if name.is_some() {
            embed.emit(
                "incident-changed",
                &serde_json::json!({ "name": name, "number": number }),
            );
        }
        name
    });
}
