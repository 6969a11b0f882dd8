//! Running the sidebar's query and showing what came back: a progress line with the elapsed
//! time and a Cancel button once a run takes longer than 200 ms, then the chart (if the query
//! asked for one) and the result grid. Earlier results stay until a new run finishes.

use std::future::Future;
use std::sync::Arc;
use std::task::{Poll, Waker};

use leptos::prelude::*;

use kql::Table;
use sentinel::workspace::ChartSpec;

use crate::components::chart::ChartView;
use crate::components::result_table::ResultGrid;
use crate::local_tables::LocalTables;
use crate::state::{run_kql, AppServices};

/// How long a run may take before the progress line and Cancel appear.
pub const PROGRESS_AFTER_MS: f64 = 200.0;

/// A finished run: its tables, the chart it asked for and how long it took.
#[derive(Clone, Debug)]
pub struct RunOutput {
    pub tables: Vec<Arc<Table>>,
    pub chart: Option<ChartSpec>,
    pub ms: f64,
}

/// The state of the sidebar's query runs. `dispatch` starts one (cancelling any in flight),
/// `cancel` stops waiting for it; the last finished result stays in `result`.
#[derive(Clone, Copy)]
pub struct QueryRun {
    services: StoredValue<AppServices>,
    local: LocalTables,
    /// The id of the run in flight, if any.
    running: RwSignal<Option<u64>>,
    next_id: StoredValue<u64>,
    started: RwSignal<f64>,
    now: RwSignal<f64>,
    ticker: StoredValue<Option<gloo_timers::callback::Interval>, LocalStorage>,
    /// Wakes the run in flight so that it notices it was cancelled and drops its request.
    waker: StoredValue<Option<Waker>, LocalStorage>,
    /// The last finished run (`None` before the first).
    pub result: RwSignal<Option<Result<RunOutput, String>>>,
    /// Set when the analyst cancelled the last run.
    pub cancelled: RwSignal<bool>,
}

impl QueryRun {
    /// A run state over the app's workspace and the dropped tables.
    pub fn new(services: AppServices, local: LocalTables) -> QueryRun {
        QueryRun {
            services: StoredValue::new(services),
            local,
            running: RwSignal::new(None),
            next_id: StoredValue::new(0),
            started: RwSignal::new(0.0),
            now: RwSignal::new(0.0),
            ticker: StoredValue::new_local(None),
            waker: StoredValue::new_local(None),
            result: RwSignal::new(None),
            cancelled: RwSignal::new(false),
        }
    }

    /// Runs `query`; a run still in flight is cancelled (its result will be dropped).
    pub fn dispatch(&self, query: String) {
        let run = *self;
        if query.trim().is_empty() {
            return;
        }
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let t0 = crate::browser::now_ms();
        self.started.set(t0);
        self.now.set(t0);
        self.cancelled.set(false);
        self.running.set(Some(id));
        self.wake();
        crate::browser::mark("sc-query-start");
        self.ticker
            .set_value(Some(gloo_timers::callback::Interval::new(100, move || {
                run.now.set(crate::browser::now_ms());
            })));
        let services = self.services.get_value();
        leptos::task::spawn_local(async move {
            // Let the browser paint the running state before a query that runs on this thread.
            gloo_timers::future::TimeoutFuture::new(0).await;
            if run.running.get_untracked() != Some(id) {
                return;
            }
            // Polled until it finishes or the run is cancelled or superseded; then the request is
            // dropped and its answer, if it still comes, is never read.
            let mut request = std::pin::pin!(run_kql(&services, run.local, &query));
            let out = std::future::poll_fn(|cx| {
                if run.running.get_untracked() != Some(id) {
                    return Poll::Ready(None);
                }
                run.waker.set_value(Some(cx.waker().clone()));
                request.as_mut().poll(cx).map(Some)
            })
            .await;
            let Some(out) = out else { return };
            let ms = crate::browser::now_ms() - t0;
            run.result.set(Some(out.map(|r| RunOutput {
                tables: r.tables.into_iter().map(Arc::new).collect(),
                chart: r.chart,
                ms,
            })));
            run.finish();
            crate::browser::mark("sc-query-end");
            crate::browser::measure("sc-query", "sc-query-start", "sc-query-end");
        });
    }

    /// Stops waiting for the run in flight; the editor and the earlier result stay as they were.
    pub fn cancel(&self) {
        if self.running.get_untracked().is_some() {
            // Abort the request in flight too (a real workspace), not only stop waiting for it.
            self.services.with_value(|s| s.workspace().cancel());
            self.finish();
            self.cancelled.set(true);
        }
    }

    fn finish(&self) {
        self.running.set(None);
        self.ticker.set_value(None);
        self.wake();
    }

    fn wake(&self) {
        if let Some(w) = self.waker.try_update_value(Option::take).flatten() {
            w.wake();
        }
    }

    /// Whether a run is in flight (tracked).
    pub fn is_running(&self) -> bool {
        self.running.with(Option::is_some)
    }

    /// Milliseconds the run in flight has taken so far (tracked; updated ten times a second).
    pub fn elapsed_ms(&self) -> f64 {
        self.now.get() - self.started.get()
    }
}

/// The progress line, then the last result: its chart (if any) beside its grid.
#[component]
pub fn QueryResultsView(run: QueryRun) -> impl IntoView {
    let slow = move || run.is_running() && run.elapsed_ms() >= PROGRESS_AFTER_MS;
    // Escape in this panel's KQL sidebar cancels a running query (unless something there used
    // the key, such as the completion list closing); another panel's sidebar is not this one.
    let results = NodeRef::<leptos::html::Div>::new();
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Escape" || ev.default_prevented() || run.running.get_untracked().is_none() {
            return;
        }
        let Some(results) = results.get_untracked() else {
            return;
        };
        let in_sidebar = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest(".sc-kql").ok().flatten())
            .is_some_and(|sidebar| sidebar.contains(Some(&results)));
        if in_sidebar {
            run.cancel();
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="sc-results" node_ref=results aria-busy=move || run.is_running().to_string()>
            <Show when=slow>
                <div class="sc-progress" role="status">
                    <span class="sc-spinner" aria-hidden="true"></span>
                    <span>{move || format!("Running… {:.1} s", run.elapsed_ms() / 1000.0)}</span>
                    <button class="sc-secondary" title="Cancel (Escape)" on:click=move |_| run.cancel()>
                        "Cancel"
                    </button>
                </div>
            </Show>
            <Show when=move || run.cancelled.get()>
                <p class="sc-muted" role="status">"Cancelled. The earlier result is still shown."</p>
            </Show>
            {move || match run.result.get() {
                None => view! { <p class="sc-muted">"Ctrl+Enter runs the query."</p> }.into_any(),
                Some(Err(message)) => view! { <p class="sc-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(out)) => {
                    let chart = out.chart.clone();
                    let took = format!("Ran in {:.0} ms", out.ms);
                    let tables = out
                        .tables
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let chart = chart.clone().filter(|_| i == 0).map(|spec| {
                                view! { <ChartView table=t.clone() spec=spec /> }
                            });
                            let label = if i == 0 { "Query result".to_string() } else { format!("Query result {}", i + 1) };
                            view! {
                                <div class="sc-result">
                                    {chart}
                                    <ResultGrid table=t label=label />
                                </div>
                            }
                        })
                        .collect_view();
                    view! { <p class="sc-muted sc-took">{took}</p> {tables} }.into_any()
                }
            }}
        </div>
    }
}
