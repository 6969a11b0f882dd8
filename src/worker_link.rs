//! The page's side of the panel's worker (see `crates/worker`): the demo workspace lives there, and
//! the KQL engine runs there for the demo's logs and the analyst's dropped files. Messages go
//! through `worker_link.js`, which starts one worker per page on first use.

use std::cell::Cell;

use async_trait::async_trait;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use sentinel::remote::{read_query_reply, read_status_reply, RemoteWorkspace, Reply, Transport};
use sentinel::{QueryResult, WorkspaceError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/worker_link.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = workerSend)]
    async fn worker_send(
        group: u32,
        message: JsValue,
        transfer: JsValue,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = workerCancel)]
    fn worker_cancel(group: u32);

    #[wasm_bindgen(js_name = panelOpened)]
    fn panel_opened();

    #[wasm_bindgen(js_name = panelClosed)]
    fn panel_closed(panel: u32);
}

/// Counts a panel on the page while the current reactive owner lives: when it is disposed (the
/// panel unmounted), the worker forgets the panel's files, and stops with the last panel.
pub fn hold_for_panel(panel: u32) {
    panel_opened();
    leptos::prelude::on_cleanup(move || panel_closed(panel));
}

/// One panel's requests to the worker: cancelling stops waiting for them only.
pub struct WorkerTransport {
    group: u32,
    stopped: Cell<bool>,
}

impl WorkerTransport {
    /// A new group of requests.
    pub fn new() -> WorkerTransport {
        thread_local! {
            static NEXT: Cell<u32> = const { Cell::new(1) };
        }
        WorkerTransport {
            group: NEXT.with(|n| n.replace(n.get() + 1)),
            stopped: Cell::new(false),
        }
    }

    async fn request(
        &self,
        fields: &[(&str, JsValue)],
        transfer: Option<ArrayBuffer>,
    ) -> Result<Reply, WorkspaceError> {
        let message = Object::new();
        for (key, value) in fields {
            let _ = Reflect::set(&message, &JsValue::from_str(key), value);
        }
        let transfer = transfer.map_or(JsValue::UNDEFINED, JsValue::from);
        match worker_send(self.group, message.into(), transfer).await {
            Ok(reply) => Ok(Reply {
                json: get(&reply, "json").as_string().unwrap_or_default(),
                tables: get(&reply, "tables")
                    .dyn_into::<ArrayBuffer>()
                    .ok()
                    .map(|b| Uint8Array::new(&b).to_vec()),
            }),
            Err(e) => Err(WorkspaceError::Network {
                message: e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "the panel's worker did not answer".into()),
            }),
        }
    }
}

impl WorkerTransport {
    /// Stops this group's requests: a file being read or a query being run is abandoned (the
    /// worker is replaced, in the same state, for the other requests).
    pub fn stop(&self) {
        self.stopped.set(true);
        worker_cancel(self.group)
    }

    /// Whether [`WorkerTransport::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.stopped.get()
    }
}

impl Default for WorkerTransport {
    fn default() -> Self {
        WorkerTransport::new()
    }
}

#[async_trait(?Send)]
impl Transport for WorkerTransport {
    async fn send(&self, call_json: String) -> Result<Reply, WorkspaceError> {
        self.request(&[("kind", "call".into()), ("json", call_json.into())], None)
            .await
    }

    fn cancel(&self) {
        worker_cancel(self.group)
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Starts the demo workspace in the worker (generated for `now`) and connects to it: its incidents
/// at once, its log tables after [`generate_demo_logs`] or on the first query.
pub async fn demo_workspace(now: i64) -> Result<RemoteWorkspace<WorkerTransport>, WorkspaceError> {
    let transport = WorkerTransport::new();
    let reply = transport
        .request(
            &[("kind", "demo".into()), ("now", (now as f64).into())],
            None,
        )
        .await?;
    read_status_reply(&reply)?;
    RemoteWorkspace::connect(transport).await
}

/// Has the worker generate the demo's log tables now rather than on the first query that needs
/// them (asked once the queue is shown). Resolves when they are ready.
pub async fn generate_demo_logs() -> Result<(), WorkspaceError> {
    let reply = WorkerTransport::new()
        .request(&[("kind", "demo-logs".into())], None)
        .await?;
    read_status_reply(&reply)
}

/// Has the worker read a dropped file (its bytes, handed over without a copy) into the panel's
/// table `table`: its columns and row count, or what is wrong with the file (with the line).
/// `reading` is the request's group: [`WorkerTransport::stop`] on it stops the reading.
pub async fn add_file(
    reading: &WorkerTransport,
    panel: u32,
    table: &str,
    file_name: &str,
    bytes: ArrayBuffer,
) -> Result<(Vec<kql::Column>, usize), String> {
    let reply = reading
        .request(
            &[
                ("kind", "add-file".into()),
                ("panel", panel.into()),
                ("table", table.into()),
                ("fileName", file_name.into()),
                ("bytes", bytes.clone().into()),
            ],
            Some(bytes),
        )
        .await
        .map_err(|e| e.to_string())?;
    read_file_reply(&reply.json)
}

/// The columns and row count of a read file, or the problem with it.
fn read_file_reply(json: &str) -> Result<(Vec<kql::Column>, usize), String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("the worker's answer is not JSON: {e}"))?;
    if let Some(err) = value.get("err") {
        let message = err["message"].as_str().unwrap_or("unreadable file");
        return Err(match err["line"].as_u64() {
            Some(line) => format!("Line {line}: {message}"),
            None => message.to_string(),
        });
    }
    let ok = &value["ok"];
    let columns = ok["columns"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    kql::Column::new(
                        c["name"].as_str().unwrap_or_default(),
                        c["type"]
                            .as_str()
                            .and_then(kql::DataType::from_name)
                            .unwrap_or(kql::DataType::String),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((columns, ok["rows"].as_u64().unwrap_or(0) as usize))
}

/// Has the worker forget one of the panel's files.
pub async fn forget_file(panel: u32, table: &str) -> Result<(), WorkspaceError> {
    let reply = WorkerTransport::new()
        .request(
            &[
                ("kind", "forget-file".into()),
                ("panel", panel.into()),
                ("table", table.into()),
            ],
            None,
        )
        .await?;
    read_status_reply(&reply)
}

/// Runs a query over the panel's dropped files in the worker, joined with the demo tables named
/// in `workspace_tables` (only on the demo workspace).
pub async fn run_local(
    panel: u32,
    query: &str,
    now: i64,
    workspace_tables: &[String],
) -> Result<QueryResult, WorkspaceError> {
    let names: Array = workspace_tables
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect();
    let reply = WorkerTransport::new()
        .request(
            &[
                ("kind", "local".into()),
                ("panel", panel.into()),
                ("query", query.into()),
                ("now", (now as f64).into()),
                ("workspaceTables", names.into()),
            ],
            None,
        )
        .await?;
    read_query_reply(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_file_gives_its_columns_or_the_line_at_fault() {
        let (columns, rows) = read_file_reply(
            r#"{"ok":{"columns":[{"name":"When","type":"datetime"},{"name":"Port","type":"long"}],"rows":3}}"#,
        )
        .unwrap();
        assert_eq!(
            columns,
            vec![
                kql::Column::new("When", kql::DataType::DateTime),
                kql::Column::new("Port", kql::DataType::Long)
            ]
        );
        assert_eq!(rows, 3);
        assert_eq!(
            read_file_reply(
                r#"{"err":{"line":4,"message":"a row has 3 fields; the header has 2"}}"#
            )
            .unwrap_err(),
            "Line 4: a row has 3 fields; the header has 2"
        );
        assert_eq!(
            read_file_reply(r#"{"err":{"line":null,"message":"empty file"}}"#).unwrap_err(),
            "empty file"
        );
    }
}
