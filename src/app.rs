//! The panel's root component: provides the shared state and lays out the views.

use leptos::prelude::*;

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
    provide_app_state();
    let services = expect_context::<AppServices>();
    let workspace_label = services.workspace_label;
    let theme = use_context::<crate::embed::EmbedOptions>().map(|e| e.theme);
    let data_theme = move || theme.and_then(|t| t.get());
    follow_host_focus();

    view! {
        <div class="sc-app sc-root" data-theme=data_theme>
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
}
