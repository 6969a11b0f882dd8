//! What the worker does for each request, as plain Rust (tested natively).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use sentinel::demo::LogStore;
use sentinel::remote::{dispatch, Reply};
use sentinel::{DemoConfig, DemoWorkspace, QueryResult, Workspace, WorkspaceError};

/// A request from the page.
#[derive(Debug)]
pub enum Request {
    /// Generate the demo workspace's incidents for this time (ticks); answered with how long it
    /// took. Its log tables follow on [`Request::DemoLogs`] or the first call that needs them.
    StartDemo { now: i64 },
    /// Generate the demo's log tables now (the page asks once its queue is shown).
    DemoLogs,
    /// A workspace call (the JSON of a `sentinel::remote::WorkspaceCall`) on the demo.
    Call { json: String },
    /// Read a dropped file (CSV or JSON lines) into the table `table` of a panel's files.
    AddFile {
        panel: u32,
        table: String,
        file_name: String,
        bytes: Vec<u8>,
    },
    /// Forget one of a panel's files.
    ForgetFile { panel: u32, table: String },
    /// A query over a panel's files, joined with the demo's tables named in `workspace_tables`.
    RunLocal {
        panel: u32,
        query: String,
        now: i64,
        workspace_tables: Vec<String>,
    },
}

/// The worker's state: the demo workspace, once generated.
#[derive(Default)]
pub struct WorkerState {
    demo: RefCell<Option<Rc<DemoWorkspace>>>,
    /// Each panel's dropped files, as tables.
    files: RefCell<HashMap<u32, LogStore>>,
}

impl WorkerState {
    /// Answers one request. `clock` reads milliseconds, for the generation time.
    pub async fn handle(&self, request: Request, clock: impl Fn() -> f64) -> Reply {
        match request {
            Request::StartDemo { now } => {
                let started = clock();
                let demo = Rc::clone(self.demo.borrow_mut().get_or_insert_with(|| {
                    Rc::new(DemoWorkspace::logs_later(DemoConfig::new(now)))
                }));
                let info = demo.info();
                Reply {
                    json: serde_json::json!({
                        "ok": { "generatedMs": clock() - started, "info": info }
                    })
                    .to_string(),
                    tables: None,
                }
            }
            Request::DemoLogs => {
                let started = clock();
                if let Some(demo) = self.demo() {
                    demo.ensure_logs();
                }
                Reply {
                    json: serde_json::json!({ "ok": { "generatedMs": clock() - started } })
                        .to_string(),
                    tables: None,
                }
            }
            Request::Call { json } => match self.demo() {
                Some(demo) => dispatch(demo.as_ref(), &json).await,
                None => error_reply(WorkspaceError::Unsupported {
                    feature: "the demo workspace has not been started".into(),
                }),
            },
            Request::AddFile {
                panel,
                table,
                file_name,
                bytes,
            } => match kql::import::read_file(&file_name, &table, &bytes) {
                Ok(t) => {
                    let columns: Vec<_> = t
                        .columns
                        .iter()
                        .map(|c| serde_json::json!({ "name": c.name, "type": c.data_type.name() }))
                        .collect();
                    let rows = t.len();
                    self.files
                        .borrow_mut()
                        .entry(panel)
                        .or_insert_with(|| LogStore::new(Vec::new()))
                        .add(t);
                    Reply {
                        json: serde_json::json!({ "ok": { "columns": columns, "rows": rows } })
                            .to_string(),
                        tables: None,
                    }
                }
                Err(e) => Reply {
                    json: serde_json::json!({ "err": { "line": e.line, "message": e.message } })
                        .to_string(),
                    tables: None,
                },
            },
            Request::ForgetFile { panel, table } => {
                if let Some(files) = self.files.borrow_mut().get_mut(&panel) {
                    files.remove(&table);
                }
                Reply {
                    json: r#"{"ok":null}"#.into(),
                    tables: None,
                }
            }
            Request::RunLocal {
                panel,
                query,
                now,
                workspace_tables,
            } => match self.run_local(panel, &query, now, &workspace_tables).await {
                Ok(result) => Reply {
                    json: serde_json::json!({ "ok": { "chart": result.chart } }).to_string(),
                    tables: Some(kql::table_codec::encode_tables(&result.tables)),
                },
                Err(e) => error_reply(e),
            },
        }
    }

    fn demo(&self) -> Option<Rc<DemoWorkspace>> {
        self.demo.borrow().clone()
    }

    /// Runs a query over a panel's dropped files, with the demo's tables when it reads any.
    /// Tables are shared, not copied.
    async fn run_local(
        &self,
        panel: u32,
        query: &str,
        now: i64,
        workspace_tables: &[String],
    ) -> Result<QueryResult, WorkspaceError> {
        let mut store = match (workspace_tables.first(), self.demo()) {
            (None, _) => LogStore::new(Vec::new()),
            (Some(_), Some(demo)) => demo.logs(),
            (Some(name), None) => {
                return Err(WorkspaceError::Unsupported {
                    feature: format!(
                        "{name} is a workspace table; only the demo's can be joined with files"
                    ),
                })
            }
        };
        if let Some(files) = self.files.borrow().get(&panel) {
            store.add_all(files);
        }
        store.query(query, None, now)
    }
}

fn error_reply(e: WorkspaceError) -> Reply {
    Reply {
        json: serde_json::json!({ "err": e }).to_string(),
        tables: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kql::{Table, Value};
    use std::future::Future;

    /// The tables of a reply, decoded (for tests and for the page).
    fn tables_of(reply: &Reply) -> Vec<Table> {
        reply
            .tables
            .as_deref()
            .map(|b| kql::table_codec::decode_tables(b).unwrap_or_default())
            .unwrap_or_default()
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut f = std::pin::pin!(f);
        loop {
            if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    const NOW: i64 = 17_957_808_000_000_000; // 2026-11-27T08:00:00Z

    fn add_file(state: &WorkerState, panel: u32) -> Reply {
        block_on(state.handle(
            Request::AddFile {
                panel,
                table: "export".into(),
                file_name: "export.csv".into(),
                bytes:
                    b"UserPrincipalName,Note\nnobody@contoso.com,x\nghost@contoso.com,y\n".to_vec(),
            },
            || 0.0,
        ))
    }

    #[test]
    fn calls_wait_for_the_demo_then_reach_it() {
        let state = WorkerState::default();
        let before = block_on(state.handle(
            Request::Call {
                json: r#"{"op":"info"}"#.into(),
            },
            || 0.0,
        ));
        assert!(
            before.json.contains("has not been started"),
            "{}",
            before.json
        );
        let started = block_on(state.handle(Request::StartDemo { now: NOW }, || 0.0));
        assert!(started.json.contains("\"isDemo\":true"), "{}", started.json);
        assert!(!state.demo().unwrap().has_logs(), "the logs come later");
        let reply = block_on(state.handle(
            Request::Call {
                json: r#"{"op":"query","kql":"SecurityIncident | count","timespan":null}"#.into(),
            },
            || 0.0,
        ));
        let tables = tables_of(&reply);
        assert!(
            matches!(tables[0].rows[0][0], Value::Long(n) if n > 0),
            "{reply:?}"
        );
    }

    fn run(state: &WorkerState, panel: u32, query: &str, workspace_tables: &[&str]) -> Reply {
        block_on(state.handle(
            Request::RunLocal {
                panel,
                query: query.into(),
                now: NOW,
                workspace_tables: workspace_tables.iter().map(|t| t.to_string()).collect(),
            },
            || 0.0,
        ))
    }

    #[test]
    fn files_are_queried_alone_or_joined_with_demo_tables() {
        let state = WorkerState::default();
        let added = add_file(&state, 7);
        assert_eq!(
            added.json,
            r#"{"ok":{"columns":[{"name":"UserPrincipalName","type":"string"},{"name":"Note","type":"string"}],"rows":2}}"#
        );
        let alone = run(
            &state,
            7,
            "export | where Note == 'y' | project UserPrincipalName",
            &[],
        );
        assert_eq!(
            tables_of(&alone)[0].rows,
            vec![vec![Value::string("ghost@contoso.com")]]
        );
        let refused = run(
            &state,
            7,
            "export | join kind=leftouter SigninLogs on UserPrincipalName",
            &["SigninLogs"],
        );
        assert!(refused.json.contains("\"err\""), "{}", refused.json);
        block_on(state.handle(Request::StartDemo { now: NOW }, || 0.0));
        let joined = run(
            &state,
            7,
            "export | join kind=leftouter (SigninLogs | summarize n = count() by UserPrincipalName) on UserPrincipalName | project UserPrincipalName, n",
            &["SigninLogs"],
        );
        assert_eq!(tables_of(&joined)[0].rows.len(), 2, "{}", joined.json);
        let bad = run(&state, 7, "export | where Nope == 1", &[]);
        assert!(bad.json.contains("BadQuery"), "{}", bad.json);
        let other_panel = run(&state, 8, "export | count", &[]);
        assert!(
            other_panel.json.contains("\"err\""),
            "another panel's files are its own: {}",
            other_panel.json
        );
        block_on(state.handle(
            Request::ForgetFile {
                panel: 7,
                table: "export".into(),
            },
            || 0.0,
        ));
        let forgotten = run(&state, 7, "export | count", &[]);
        assert!(forgotten.json.contains("\"err\""), "{}", forgotten.json);
    }

    #[test]
    fn a_bad_file_names_its_line() {
        let state = WorkerState::default();
        let reply = block_on(state.handle(
            Request::AddFile {
                panel: 1,
                table: "hunt".into(),
                file_name: "hunt.jsonl".into(),
                bytes: b"{\"a\":1}\n{\"a\":\n".to_vec(),
            },
            || 0.0,
        ));
        assert!(
            reply.json.starts_with(r#"{"err":{"line":2,"#),
            "{}",
            reply.json
        );
    }
}
