//! The KQL sidebar: write or paste a query, run it on the workspace, see the result.

use leptos::prelude::*;

use crate::chunk;
use crate::chunks::{ChunkError, Chunked};
use crate::components::file_drop::{dropped_files, FileDrop};
use crate::components::kql_editor::KqlEditor;
use crate::components::query_results::{QueryResultsView, QueryRun};
use crate::kql_history;
use crate::local_tables::LocalTables;
use crate::state::{AppServices, KqlDraft};

/// The KQL sidebar, its code fetched once the panel's first view is painted (a chunk of the
/// page's wasm; starting the fetch costs the first frame tens of milliseconds).
#[component]
pub fn KqlSidebar() -> impl IntoView {
    let painted = RwSignal::new(false);
    crate::browser::after_paint(move || painted.set(true));
    let loading = || {
        in_aside(
            view! { <p class="sc-muted" role="status">"Loading the KQL editor…"</p> }.into_any(),
        )
    };
    view! {
        <Show when=move || painted.get() fallback=loading>
            <Chunked what="the KQL editor" load=|| async { chunk!(kql_sidebar()) } fallback=loading frame=in_aside />
        </Show>
    }
}

/// The sidebar's landmark around `inner` (what shows while its code downloads, or the error and
/// Retry if it cannot be), so that both are found where the editor will be.
fn in_aside(inner: AnyView) -> AnyView {
    view! {
        <aside class="sc-panel sc-kql" aria-label="KQL">
            <h2>"KQL"</h2>
            {inner}
        </aside>
    }
    .into_any()
}

/// The sidebar's view: the editor, its completion and checker, the results table and charts.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(kql_sidebar, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn kql_sidebar() -> Result<AnyView, ChunkError> {
    Ok(view! { <KqlSidebarContent /> }.into_any())
}

/// The KQL editor (a textbox labelled "KQL query"), a Run button and the results.
#[component]
fn KqlSidebarContent() -> impl IntoView {
    let services = expect_context::<AppServices>();
    let KqlDraft(draft) = expect_context();
    let local = expect_context::<LocalTables>();
    // The workspace's tables and the tables from dropped files.
    let base_catalog = StoredValue::new(sentinel::core_catalog());
    let catalog: Signal<kql::Catalog> =
        Memo::new(move |_| base_catalog.with_value(|c| local.catalog_with(c))).into();
    let dropped = RwSignal::new(Vec::new());
    let history = RwSignal::new(kql_history::load());
    let format = move |_| {
        if let Ok(pretty) = kql::format_source(&draft.get_untracked()) {
            draft.set(pretty);
        }
    };
    let run = QueryRun::new(services, local);
    // Every run, by button or Ctrl+Enter, goes through here and into the history.
    let run_query = Callback::new(move |query: String| {
        history.update(|h| kql_history::remember(h, &query));
        history.with_untracked(|h| kql_history::save(h));
        run.dispatch(query);
    });

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
            <KqlEditor text=draft catalog=catalog on_run=run_query />
            <div class="sc-toolbar">
                <button class="sc-secondary" on:click=format>"Format"</button>
                <select
                    class="sc-history"
                    aria-label="Query history"
                    prop:value=""
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some(query) = chosen.parse::<usize>().ok().and_then(|i| history.with_untracked(|h| h.get(i).cloned())) {
                            draft.set(query);
                        }
                        // Back to "History (n)", so the same query can be chosen again.
                        if let Some(select) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                            select.set_value("");
                        }
                    }
                >
                    <option value="">{move || format!("History ({})", history.with(Vec::len))}</option>
                    {move || history.get().into_iter().enumerate().map(|(i, q)| view! {
                        <option value=i.to_string() title=q.clone()>{kql_history::label(&q)}</option>
                    }).collect_view()}
                </select>
                <button class="sc-primary" on:click=move |_| run_query.run(draft.get_untracked()) disabled=move || run.is_running()>
                    "Run"
                </button>
            </div>
            <QueryResultsView run=run />
            <FileDrop dropped=dropped />
        </aside>
    }
}
