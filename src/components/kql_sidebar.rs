//! The KQL sidebar: write or paste a query, run it on the workspace, see the result.

use leptos::prelude::*;

use copilot::answer::ResultTable;

use crate::components::result_table::ResultTableView;
use crate::kql_editing::diagnose;
use crate::state::{run_kql, AppServices, KqlDraft};

/// The KQL editor (a textbox labelled "KQL query"), a Run button and the results.
#[component]
pub fn KqlSidebar() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let KqlDraft(draft) = expect_context();
    let catalog = StoredValue::new(sentinel::core_catalog());
    // Checked on every change: parsing and checking a query takes well under a millisecond.
    let diagnostics = Memo::new(move |_| catalog.with_value(|c| diagnose(&draft.get(), c)));
    let format = move |_| {
        if let Ok(pretty) = kql::format_source(&draft.get_untracked()) {
            draft.set(pretty);
        }
    };
    let run = Action::new_local(move |query: &String| {
        let services = services.clone();
        let query = query.clone();
        async move { run_kql(&services, &query).await }
    });

    view! {
        <aside class="sc-panel sc-kql" aria-label="KQL">
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
                <button class="sc-primary" on:click=move |_| { run.dispatch(draft.get_untracked()); } disabled=move || run.pending().get()>
                    "Run"
                </button>
            </div>
            {move || match run.value().get() {
                None => view! { <p class="sc-muted">"Ctrl+Enter runs the query."</p> }.into_any(),
                Some(Err(message)) => view! { <p class="sc-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(tables)) => tables
                    .into_iter()
                    .map(|t: ResultTable| view! { <ResultTableView table=t /> })
                    .collect_view()
                    .into_any(),
            }}
        </aside>
    }
}
