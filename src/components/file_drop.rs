//! Hunting over your own file: drop a CSV or JSON-lines export onto the sidebar (or pick it with
//! the file button) and it becomes a table queried in the browser. The reading is in
//! [`crate::local_tables`].

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::local_tables::{naming::table_name_for, too_big, LocalTables};
use crate::results::window::group_digits;
use crate::state::KqlDraft;
use crate::worker_link::WorkerTransport;

/// After this long, a file being read shows its elapsed time and a Cancel button.
const SHOW_PROGRESS_AFTER_MS: f64 = 200.0;

/// What happened to the last file, for the live region.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    /// What is read, and since when (`performance.now()`, ms).
    Reading(String, f64),
    Done(String),
    Failed(String),
}

/// The file button, the list of dropped tables (name, rows, typed columns) and the status of the
/// last file. Set `dropped` to the files of a drop anywhere on the sidebar (see [`dropped_files`]).
#[component]
pub fn FileDrop(dropped: RwSignal<Vec<SendWrapper<web_sys::File>>>) -> impl IntoView {
    let local = expect_context::<LocalTables>();
    let KqlDraft(draft) = expect_context();
    let status = RwSignal::new(Status::Idle);
    let over = RwSignal::new(false);
    let input_id = crate::ids::unique_id("sc-file").to_string();
    // The files being read (each its own group of worker requests), for Cancel.
    let reading = StoredValue::new_local(Vec::<Rc<WorkerTransport>>::new());
    let elapsed_ms = RwSignal::new(0.0);
    let ticker = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    Effect::new(move |_| {
        if let Status::Reading(_, started) = status.get() {
            let tick = move || elapsed_ms.set(crate::browser::now_ms() - started);
            tick();
            ticker.set_value(Some(gloo_timers::callback::Interval::new(100, tick)));
        } else {
            ticker.set_value(None);
            elapsed_ms.set(0.0);
        }
    });
    let slow = move || {
        matches!(status.get(), Status::Reading(..)) && elapsed_ms.get() >= SHOW_PROGRESS_AFTER_MS
    };
    let cancel = move |_| {
        let stopped = reading.with_value(Vec::len);
        reading.update_value(|r| r.drain(..).for_each(|t| t.stop()));
        if stopped > 0 {
            status.set(Status::Done(format!(
                "Stopped reading; nothing was added from the file{}.",
                if stopped == 1 { "" } else { "s" }
            )));
        }
    };

    let load = move |files: Vec<SendWrapper<web_sys::File>>| {
        for file in files {
            let transport = Rc::new(WorkerTransport::new());
            reading.update_value(|r| r.push(transport.clone()));
            leptos::task::spawn_local(async move {
                load_file(file.take(), local, status, &transport).await;
                reading.update_value(|r| r.retain(|t| !Rc::ptr_eq(t, &transport)));
            });
        }
    };
    Effect::new(move |_| {
        let files = dropped.get();
        if !files.is_empty() {
            load(files);
        }
    });

    view! {
        <section
            class="sc-file-drop"
            class:sc-drop-over=move || over.get()
            aria-label="Your files"
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                // The sidebar also listens for drops; this one is handled here.
                ev.stop_propagation();
                over.set(false);
                load(dropped_files(&ev));
            }
        >
            <p class="sc-muted">
                "Drop a CSV or JSON-lines export here to query it as a table. It stays in this browser; nothing is uploaded. "
                <input
                    id=input_id.clone()
                    class="sc-visually-hidden"
                    type="file"
                    accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,text/csv,application/json"
                    multiple
                    on:change=move |ev| {
                        let input = event_target::<web_sys::HtmlInputElement>(&ev);
                        let files = input.files().map(|l| file_list(&l)).unwrap_or_default();
                        input.set_value("");
                        load(files);
                    }
                />
                <label class="sc-file-button" for=input_id>"Open file…"</label>
            </p>
            <p role="status" aria-live="polite" class=move || match status.get() { Status::Failed(_) => "sc-error", _ => "sc-muted" }>
                {move || match status.get() {
                    Status::Idle => String::new(),
                    Status::Reading(s, _) | Status::Done(s) | Status::Failed(s) => s,
                }}
            </p>
            <div class="sc-progress" hidden=move || !slow()>
                <span class="sc-spinner" aria-hidden="true"></span>
                <span>{move || format!("Reading… {:.1} s", elapsed_ms.get() / 1000.0)}</span>
                <button type="button" class="sc-secondary" on:click=cancel>"Cancel reading"</button>
            </div>
            <ul class="sc-local-tables" aria-label="Tables from your files">
                <For
                    each=move || local.schemas.get()
                    key=|t| (t.name.clone(), t.columns.len(), t.description.clone())
                    children=move |t| {
                        let name = t.name.clone();
                        let file = local
                            .files
                            .with_untracked(|f| f.iter().find(|x| x.table == name).cloned());
                        let rows = file.as_ref().map_or(0, |f| f.rows);
                        let file_name = file.map(|f| f.file_name).unwrap_or_default();
                        let query = format!("{name}\n| take 100");
                        let remove_name = name.clone();
                        let columns = t
                            .columns
                            .iter()
                            .map(|c| format!("{}: {}", c.column.name, c.column.data_type.name()))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <li class="sc-local-table">
                                <code>{name.clone()}</code>
                                {format!(" · {} row{} from {file_name}", group_digits(rows), if rows == 1 { "" } else { "s" })}
                                <details>
                                    <summary>{format!("{} columns", t.columns.len())}</summary>
                                    <p class="sc-local-columns">{columns}</p>
                                </details>
                                <button class="sc-link" on:click=move |_| draft.set(query.clone())>
                                    {format!("Query {name}")}
                                </button>
                                " "
                                <button class="sc-link" on:click=move |_| {
                                    local.remove(&remove_name);
                                    status.set(Status::Done(format!("Removed {remove_name}.")));
                                }>
                                    {format!("Remove {}", t.name)}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}

/// The files of a drop event.
pub fn dropped_files(ev: &web_sys::DragEvent) -> Vec<SendWrapper<web_sys::File>> {
    ev.data_transfer()
        .and_then(|d| d.files())
        .map(|l| file_list(&l))
        .unwrap_or_default()
}

fn file_list(list: &web_sys::FileList) -> Vec<SendWrapper<web_sys::File>> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(SendWrapper::new)
        .collect()
}

/// Reads one file into the local tables, reporting progress and problems in `status`; stopping
/// `reading` abandons it.
async fn load_file(
    file: web_sys::File,
    local: LocalTables,
    status: RwSignal<Status>,
    reading: &WorkerTransport,
) {
    let file_name = file.name();
    let size = file.size() as usize;
    if size > crate::local_tables::MAX_FILE_BYTES {
        status.set(Status::Failed(too_big(&file_name, size).to_string()));
        return;
    }
    status.set(Status::Reading(
        format!("Reading {file_name}…"),
        crate::browser::now_ms(),
    ));
    let buffer = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(b) => b,
        Err(_) => {
            status.set(Status::Failed(format!(
                "{file_name} could not be read (was it moved or deleted?)."
            )));
            return;
        }
    };
    let catalog = sentinel::core_catalog();
    let table_name = table_name_for(&file_name, |n| catalog.table(n).is_some());
    let started = crate::browser::now_ms();
    crate::browser::mark("sc-file-parse-start");
    // Read in the panel's worker: the page stays responsive while a large export is parsed.
    match crate::worker_link::add_file(
        reading,
        local.panel,
        &table_name,
        &file_name,
        buffer.unchecked_into(),
    )
    .await
    {
        // Cancelled: the status already says so.
        _ if reading.is_stopped() => {}
        Ok((columns_of, rows)) => {
            crate::browser::mark("sc-file-parse-end");
            crate::browser::measure("sc-file-parse", "sc-file-parse-start", "sc-file-parse-end");
            let ms = crate::browser::now_ms() - started;
            let columns = columns_of.len();
            local.add(&table_name, columns_of, rows, &file_name, size);
            status.set(Status::Done(format!(
                "{file_name} is now the table {table_name}: {} row{}, {columns} column{} (read in {ms:.0} ms).",
                group_digits(rows),
                if rows == 1 { "" } else { "s" },
                if columns == 1 { "" } else { "s" },
            )));
        }
        Err(e) => status.set(Status::Failed(format!(
            "{file_name} could not be read. {e}"
        ))),
    }
}
