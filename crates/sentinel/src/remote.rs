//! A [`Workspace`] held somewhere else — the demo workspace and its engine live in a Web Worker, so
//! that generating 200,000 rows or scanning them never blocks the panel — reached through messages.
//!
//! The panel side is [`RemoteWorkspace`] over any [`Transport`]; the side that holds the workspace
//! answers with [`dispatch`]. A call and its answer are JSON text; query results travel beside it as
//! tables in [`kql::table_codec`]'s binary form. Both halves are plain Rust, tested natively over a
//! loopback transport.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::api::{ArmList, Incident, IncidentAlert, IncidentComment, IncidentEntities};
use crate::workspace::{
    ChartSpec, IncidentQuery, IncidentUpdate, QueryResult, Timespan, Workspace, WorkspaceError,
    WorkspaceInfo,
};

/// One call on a workspace, as sent to the side that holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum WorkspaceCall {
    Info,
    ListIncidents {
        query: IncidentQuery,
    },
    GetIncident {
        incident: String,
    },
    ListAlerts {
        incident: String,
    },
    ListEntities {
        incident: String,
    },
    ListComments {
        incident: String,
    },
    UpdateIncident {
        incident: String,
        update: IncidentUpdate,
    },
    AddComment {
        incident: String,
        message: String,
    },
    Query {
        kql: String,
        timespan: Option<Timespan>,
    },
}

/// The answer to a call: its result as JSON text, and for a query the tables in binary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    pub json: String,
    pub tables: Option<Vec<u8>>,
}

/// The JSON of a reply: the call's value or the workspace's error.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Outcome<T> {
    Ok(T),
    Err(WorkspaceError),
}

/// A query's result without its tables (they travel in binary).
#[derive(Serialize, Deserialize)]
struct QueryOutcome {
    chart: Option<ChartSpec>,
}

/// Answers a call (the JSON of a [`WorkspaceCall`]) on the workspace held here.
pub async fn dispatch(ws: &dyn Workspace, call_json: &str) -> Reply {
    let call: WorkspaceCall = match serde_json::from_str(call_json) {
        Ok(c) => c,
        Err(e) => {
            return reply(Err::<(), _>(WorkspaceError::BadRequest {
                message: format!("The workspace could not read the request: {e}"),
            }))
        }
    };
    match call {
        WorkspaceCall::Info => reply(Ok(ws.info())),
        WorkspaceCall::ListIncidents { query } => reply(ws.list_incidents(&query).await),
        WorkspaceCall::GetIncident { incident } => reply(ws.get_incident(&incident).await),
        WorkspaceCall::ListAlerts { incident } => reply(ws.list_alerts(&incident).await),
        WorkspaceCall::ListEntities { incident } => reply(ws.list_entities(&incident).await),
        WorkspaceCall::ListComments { incident } => reply(ws.list_comments(&incident).await),
        WorkspaceCall::UpdateIncident { incident, update } => {
            reply(ws.update_incident(&incident, &update).await)
        }
        WorkspaceCall::AddComment { incident, message } => {
            reply(ws.add_comment(&incident, &message).await)
        }
        WorkspaceCall::Query { kql, timespan } => match ws.query(&kql, timespan).await {
            Ok(result) => Reply {
                tables: Some(kql::table_codec::encode_tables(&result.tables)),
                ..reply(Ok(QueryOutcome {
                    chart: result.chart,
                }))
            },
            Err(e) => reply(Err::<(), _>(e)),
        },
    }
}

fn reply<T: Serialize>(result: Result<T, WorkspaceError>) -> Reply {
    let outcome = match result {
        Ok(v) => Outcome::Ok(v),
        Err(e) => Outcome::Err(e),
    };
    Reply {
        json: serde_json::to_string(&outcome).unwrap_or_else(|e| {
            serde_json::to_string(&Outcome::<()>::Err(WorkspaceError::Server {
                status: 500,
                message: format!("the answer could not be written: {e}"),
            }))
            .unwrap_or_default()
        }),
        tables: None,
    }
}

/// Carries calls to where the workspace is and brings the replies back.
#[async_trait(?Send)]
pub trait Transport {
    /// Sends one call's JSON; fails only when the other side cannot be reached.
    async fn send(&self, call_json: String) -> Result<Reply, WorkspaceError>;

    /// Stops waiting for the calls in flight (they fail as network errors).
    fn cancel(&self) {}
}

/// A workspace that lives on the other side of a [`Transport`].
pub struct RemoteWorkspace<T> {
    info: WorkspaceInfo,
    transport: T,
}

impl<T: Transport> RemoteWorkspace<T> {
    /// Connects: asks the other side which workspace it holds.
    pub async fn connect(transport: T) -> Result<RemoteWorkspace<T>, WorkspaceError> {
        let info = call(&transport, &WorkspaceCall::Info).await?;
        Ok(RemoteWorkspace { info, transport })
    }

    /// The transport, for the messages that are not workspace calls.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    async fn call<R: for<'de> Deserialize<'de>>(
        &self,
        call_: WorkspaceCall,
    ) -> Result<R, WorkspaceError> {
        call(&self.transport, &call_).await
    }
}

async fn call<T: Transport, R: for<'de> Deserialize<'de>>(
    transport: &T,
    call: &WorkspaceCall,
) -> Result<R, WorkspaceError> {
    let reply = transport.send(call_json(call)).await?;
    read_outcome(&reply.json)
}

fn call_json(call: &WorkspaceCall) -> String {
    serde_json::to_string(call).expect("workspace calls always serialize")
}

fn read_outcome<R: for<'de> Deserialize<'de>>(json: &str) -> Result<R, WorkspaceError> {
    match serde_json::from_str::<Outcome<R>>(json) {
        Ok(Outcome::Ok(v)) => Ok(v),
        Ok(Outcome::Err(e)) => Err(e),
        Err(e) => Err(WorkspaceError::Server {
            status: 500,
            message: format!("the workspace's answer could not be read: {e}"),
        }),
    }
}

#[async_trait(?Send)]
impl<T: Transport> Workspace for RemoteWorkspace<T> {
    fn info(&self) -> WorkspaceInfo {
        self.info.clone()
    }

    async fn list_incidents(
        &self,
        query: &IncidentQuery,
    ) -> Result<ArmList<Incident>, WorkspaceError> {
        self.call(WorkspaceCall::ListIncidents {
            query: query.clone(),
        })
        .await
    }

    async fn get_incident(&self, incident: &str) -> Result<Incident, WorkspaceError> {
        self.call(WorkspaceCall::GetIncident {
            incident: incident.into(),
        })
        .await
    }

    async fn list_alerts(&self, incident: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        self.call(WorkspaceCall::ListAlerts {
            incident: incident.into(),
        })
        .await
    }

    async fn list_entities(&self, incident: &str) -> Result<IncidentEntities, WorkspaceError> {
        self.call(WorkspaceCall::ListEntities {
            incident: incident.into(),
        })
        .await
    }

    async fn list_comments(&self, incident: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        self.call(WorkspaceCall::ListComments {
            incident: incident.into(),
        })
        .await
    }

    async fn update_incident(
        &self,
        incident: &str,
        update: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError> {
        self.call(WorkspaceCall::UpdateIncident {
            incident: incident.into(),
            update: update.clone(),
        })
        .await
    }

    async fn add_comment(
        &self,
        incident: &str,
        message: &str,
    ) -> Result<IncidentComment, WorkspaceError> {
        self.call(WorkspaceCall::AddComment {
            incident: incident.into(),
            message: message.into(),
        })
        .await
    }

    async fn query(
        &self,
        kql: &str,
        timespan: Option<Timespan>,
    ) -> Result<QueryResult, WorkspaceError> {
        let reply = self
            .transport
            .send(call_json(&WorkspaceCall::Query {
                kql: kql.into(),
                timespan,
            }))
            .await?;
        read_query_reply(reply)
    }

    fn cancel(&self) {
        self.transport.cancel()
    }
}

/// Reads the reply to a query: the chart from its JSON, the tables from its bytes.
pub fn read_query_reply(reply: Reply) -> Result<QueryResult, WorkspaceError> {
    let outcome: QueryOutcome = read_outcome(&reply.json)?;
    let tables = match reply.tables {
        Some(bytes) => {
            kql::table_codec::decode_tables(&bytes).map_err(|e| WorkspaceError::Server {
                status: 500,
                message: e.to_string(),
            })?
        }
        None => Vec::new(),
    };
    Ok(QueryResult {
        tables,
        chart: outcome.chart,
    })
}

/// Reads a reply that carries no value, only success or the workspace's error.
pub fn read_status_reply(reply: &Reply) -> Result<(), WorkspaceError> {
    read_outcome::<serde::de::IgnoredAny>(&reply.json).map(|_| ())
}

#[cfg(all(test, feature = "engine"))]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, DemoWorkspace};
    use crate::time::ticks_from_parts;
    use std::future::Future;
    use std::rc::Rc;

    /// The other side in the same process: the call and reply go through their text and bytes.
    struct Loopback(Rc<DemoWorkspace>);

    #[async_trait(?Send)]
    impl Transport for Loopback {
        async fn send(&self, call_json: String) -> Result<Reply, WorkspaceError> {
            let reply = dispatch(self.0.as_ref(), &call_json).await;
            Ok(Reply {
                json: reply.json.clone(),
                tables: reply.tables.clone(),
            })
        }
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = std::pin::pin!(f);
        loop {
            if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    fn demo() -> Rc<DemoWorkspace> {
        Rc::new(DemoWorkspace::new(DemoConfig::new(ticks_from_parts(
            2026, 11, 27, 9, 0, 0,
        ))))
    }

    #[test]
    fn a_remote_workspace_answers_as_the_one_it_reaches() {
        let local = demo();
        let remote = block_on(RemoteWorkspace::connect(Loopback(Rc::clone(&local)))).unwrap();
        assert_eq!(remote.info(), local.info());
        let query = IncidentQuery::newest(5).with_filter("properties/severity eq 'High'");
        let page = block_on(remote.list_incidents(&query)).unwrap();
        assert_eq!(page, block_on(local.list_incidents(&query)).unwrap());
        let name = page.value[0].name.clone();
        assert_eq!(
            block_on(remote.get_incident(&name)).unwrap(),
            block_on(local.get_incident(&name)).unwrap()
        );
        assert_eq!(
            block_on(remote.list_alerts(&name)).unwrap(),
            block_on(local.list_alerts(&name)).unwrap()
        );
        assert_eq!(
            block_on(remote.list_entities(&name)).unwrap(),
            block_on(local.list_entities(&name)).unwrap()
        );
        let kql = "SigninLogs | where ResultType != \"0\" | summarize n = count() by UserPrincipalName | top 5 by n | render barchart";
        let r = block_on(remote.query(kql, None)).unwrap();
        assert_eq!(r, block_on(local.query(kql, None)).unwrap());
        assert!(!r.tables[0].rows.is_empty());
        assert_eq!(r.chart.unwrap().kind, "barchart");
    }

    #[test]
    fn changes_and_errors_cross_over_intact() {
        let local = demo();
        let remote = block_on(RemoteWorkspace::connect(Loopback(Rc::clone(&local)))).unwrap();
        let incident = block_on(remote.list_incidents(&IncidentQuery::newest(1)))
            .unwrap()
            .value
            .remove(0);
        let comment =
            block_on(remote.add_comment(&incident.name, "Checked the sign-ins.")).unwrap();
        assert_eq!(
            block_on(local.list_comments(&incident.name))
                .unwrap()
                .last()
                .unwrap(),
            &comment
        );
        let stale = IncidentUpdate {
            etag: Some("\"stale\"".into()),
            status: Some(crate::api::IncidentStatus::Active),
            ..Default::default()
        };
        assert!(matches!(
            block_on(remote.update_incident(&incident.name, &stale)),
            Err(WorkspaceError::Conflict { .. })
        ));
        match block_on(remote.query("SigninLogs | where NoSuchColumn == 1", None)) {
            Err(WorkspaceError::BadQuery { span: Some(s), .. }) => assert!(s.start > 0),
            other => panic!("expected a bad query with its position, got {other:?}"),
        }
        assert!(matches!(
            block_on(remote.get_incident("no-such-incident")),
            Err(WorkspaceError::NotFound { .. })
        ));
    }

    #[test]
    fn an_unreadable_request_is_a_bad_request() {
        let local = demo();
        let reply = block_on(dispatch(local.as_ref(), "{\"op\":\"dropTables\"}"));
        assert!(matches!(
            read_outcome::<()>(&reply.json),
            Err(WorkspaceError::BadRequest { .. })
        ));
    }
}
