//! The panel's root component: provides the shared state and lays out the views.

use leptos::prelude::*;

use crate::components::incident_pane::IncidentPane;
use crate::components::incident_queue::IncidentQueue;
use crate::components::kql_sidebar::KqlSidebar;
use crate::components::prompt_bar::PromptBar;
use crate::components::transcript::TranscriptView;
use crate::state::{provide_app_state, AppServices};

/// The whole panel on the demo workspace.
#[component]
pub fn App() -> impl IntoView {
    provide_app_state();
    let services = expect_context::<AppServices>();
    let workspace_label = services.workspace_label;

    view! {
        <div class="sc-app">
            <header class="sc-header">
                <h1>"Sentinel Copilot"</h1>
                <span class="sc-badge">{move || workspace_label.get()}</span>
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
