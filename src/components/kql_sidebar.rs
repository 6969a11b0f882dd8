//! The KQL sidebar: write or paste a query, run it on the workspace, see the result.

use leptos::prelude::*;

use crate::components::file_drop::{dropped_files, FileDrop};
use crate::components::query_results::{QueryResultsView, QueryRun};
use crate::kql_editing::diagnose;
use crate::local_tables::LocalTables;
use crate::state::{AppServices, KqlDraft};

/// The KQL editor (a textbox labelled "KQL query"), a Run button and the results.
#[component]
pub fn KqlSidebar() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let KqlDraft(draft) = expect_context();
    let local = expect_context::<LocalTables>();
    // The workspace's tables and the tables from dropped files.
    let base_catalog = StoredValue::new(sentinel::core_catalog());
    let catalog = Memo::new(move |_| base_catalog.with_value(|c| local.catalog_with(c)));
    // Checked on every change: parsing and checking a query takes well under a millisecond.
    let diagnostics = Memo::new(move |_| catalog.with(|c| diagnose(&draft.get(), c)));
    let dropped = RwSignal::new(Vec::new());
    let format = move |_| {
        if let Ok(pretty) = kql::format_source(&draft.get_untracked()) {
            draft.set(pretty);
        }
    };
    let run = QueryRun::new(services, local);

    view! {
        <aside
            class="sc-panel sc-kql"
            aria-label="KQL"
            on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dropped.set(dropped_files(&ev));
            }
        >
            <h2>"KQL"</h2>
            <textarea
                aria-label="KQL query"
                spellcheck="false"
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && ev.ctrl_key() {
                        ev.prevent_default();
                        run.dispatch(draft.get_untracked());
                    }
                }
            ></textarea>
            <ul class="sc-diagnostics" aria-label="Query problems" aria-live="polite">
                {move || diagnostics.get().into_iter().map(|d| view! {
                    <li class=if d.severity == "Error" { "sc-error" } else { "sc-muted" }>
                        {format!("{} at line {}, column {}: {}", d.severity, d.line, d.column, d.message)}
                    </li>
                }).collect_view()}
            </ul>
            <div class="sc-toolbar">
                <button class="sc-secondary" on:click=format>"Format"</button>
                <button class="sc-primary" on:click=move |_| { run.dispatch(draft.get_untracked()); } disabled=move || run.is_running()>
                    "Run"
                </button>
            </div>
            <QueryResultsView run=run />
            <FileDrop dropped=dropped />
        </aside>
    }
}
