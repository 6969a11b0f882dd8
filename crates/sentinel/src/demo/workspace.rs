//! [`DemoWorkspace`]: the generated data behind the incident API and the query API, with the
//! session's changes. Synchronous methods serve the proxy's simulated upstream; the async
//! [`Workspace`] implementation serves the app.

use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use async_trait::async_trait;
use kql::{Catalog, Table};

use super::generate::{generate, generate_noise, generate_stories, with_noise, DemoConfig};
use super::incidents::{comment, quoted_etag, write_incident_row, IncidentRecord};
use super::query::LogStore;
use super::tenant::{workspace_ref, DEMO_ANALYST, SOC, TENANT_NAME, WORKSPACE_ID, WORKSPACE_NAME};
use crate::api::{
    ArmList, ClientInfo, Incident, IncidentAlert, IncidentComment, IncidentEntities, IncidentOwner,
    OwnerType, WorkspaceRef, DEFAULT_API_VERSION,
};
use crate::catalog::core_catalog;
use crate::odata::select_incidents;
use crate::time::{format_datetime, TICKS_PER_SECOND};
use crate::workspace::{
    percent_encode, IncidentQuery, IncidentUpdate, QueryResult, Timespan, Workspace,
    WorkspaceError, WorkspaceInfo,
};

struct DemoState {
    logs: LogStore,
    /// The stories' log rows, while the background activity is still to be generated (see
    /// [`DemoWorkspace::logs_later`]); `logs` is empty until then.
    pending: Option<Vec<Table>>,
    incidents: Vec<IncidentRecord>,
    serial: u64,
    /// The session clock: the latest of the configured "now", what the caller reported, and the
    /// last change plus a second.
    clock: i64,
    comment_seed: u64,
}

/// The in-memory demo workspace. Safe to share between threads (`Sync`); changes are kept for
/// the life of the value.
pub struct DemoWorkspace {
    config: DemoConfig,
    catalog: Catalog,
    state: RwLock<DemoState>,
}

fn same_etag(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .to_string()
    };
    norm(a) == norm(b)
}

impl DemoWorkspace {
    /// Generates the workspace for a configuration (see [`DemoConfig`]).
    pub fn new(config: DemoConfig) -> DemoWorkspace {
        let data = generate(&config);
        DemoWorkspace::with(config, LogStore::new(data.tables), None, data.incidents)
    }

    /// The incidents at once (a few milliseconds) and the log tables on first use, or when
    /// [`DemoWorkspace::ensure_logs`] is called: the panel's queue shows before the 200,000 rows of
    /// background activity are generated. Both ways give the same workspace.
    pub fn logs_later(config: DemoConfig) -> DemoWorkspace {
        let stories = generate_stories(&config);
        DemoWorkspace::with(
            config,
            LogStore::new(Vec::new()),
            Some(stories.tables),
            stories.incidents,
        )
    }

    /// Generates the log tables if they are not there yet.
    pub fn ensure_logs(&self) {
        if self.read().pending.is_none() {
            return;
        }
        let noise = generate_noise(&self.config);
        let mut st = self.write();
        if let Some(stories) = st.pending.take() {
            st.logs = LogStore::new(with_noise(noise, stories));
        }
    }

    /// The log tables as they are now (a cheap snapshot: tables are shared), generated first if
    /// they are not there yet.
    pub fn logs(&self) -> LogStore {
        self.ensure_logs();
        self.read().logs.snapshot()
    }

    /// Whether the log tables are generated.
    pub fn has_logs(&self) -> bool {
        self.read().pending.is_none()
    }

    fn with(
        config: DemoConfig,
        logs: LogStore,
        pending: Option<Vec<Table>>,
        incidents: Vec<IncidentRecord>,
    ) -> DemoWorkspace {
        DemoWorkspace {
            config,
            catalog: core_catalog(),
            state: RwLock::new(DemoState {
                logs,
                pending,
                incidents,
                serial: 0x0400_0000,
                clock: config.now,
                comment_seed: config.seed,
            }),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, DemoState> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, DemoState> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The configuration it was generated from.
    pub fn config(&self) -> DemoConfig {
        self.config
    }

    /// The table catalog of the workspace.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Where the workspace "lives" (its ARM coordinates and workspace id).
    pub fn reference(&self) -> WorkspaceRef {
        workspace_ref()
    }

    /// What the app shows about it.
    pub fn describe(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            name: WORKSPACE_NAME.into(),
            id: WORKSPACE_ID.into(),
            tenant_name: Some(TENANT_NAME.into()),
            is_demo: true,
            reference: Some(workspace_ref()),
        }
    }

    /// Moves the session clock forward (changes are stamped with it); earlier times are ignored.
    pub fn advance_clock(&self, now: i64) {
        let mut st = self.write();
        st.clock = st.clock.max(now);
    }

    /// The session clock.
    pub fn now(&self) -> i64 {
        self.read().clock
    }

    /// The number of rows in each log table, by table name.
    pub fn row_counts(&self) -> Vec<(String, usize)> {
        self.ensure_logs();
        self.read().logs.row_counts()
    }

    /// A copy of one log table, as it is now (including SecurityIncident rows for changes).
    pub fn table(&self, name: &str) -> Option<Table> {
        self.ensure_logs();
        self.read().logs.table(name)
    }

    /// The incidents, newest first, with everything known about them.
    pub fn incident_records(&self) -> Vec<IncidentRecord> {
        self.read().incidents.clone()
    }

    /// A page of incidents for the OData options; `nextLink` continues with `$skipToken`.
    pub fn incidents(&self, query: &IncidentQuery) -> Result<ArmList<Incident>, WorkspaceError> {
        let st = self.read();
        let all: Vec<Incident> = st.incidents.iter().map(|r| r.incident.clone()).collect();
        let (page, next) = select_incidents(&all, query)?;
        let next_link = next.map(|offset| {
            let q = IncidentQuery {
                skip_token: Some(offset.to_string()),
                ..query.clone()
            };
            format!(
                "https://management.azure.com{}?api-version={}{}",
                workspace_ref().incidents_path(),
                percent_encode(DEFAULT_API_VERSION),
                q.to_query_string()
            )
        });
        Ok(ArmList {
            value: page,
            next_link,
        })
    }

    fn record<'a>(st: &'a DemoState, name: &str) -> Result<&'a IncidentRecord, WorkspaceError> {
        st.incidents
            .iter()
            .find(|r| r.incident.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| WorkspaceError::NotFound {
                what: format!("Incident {name}"),
            })
    }

    /// One incident.
    pub fn incident(&self, name: &str) -> Result<Incident, WorkspaceError> {
        Ok(Self::record(&self.read(), name)?.incident.clone())
    }

    /// The incident's alerts.
    pub fn alerts(&self, name: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        Ok(Self::record(&self.read(), name)?.alerts.clone())
    }

    /// The incident's entities with per-kind counts.
    pub fn entities(&self, name: &str) -> Result<IncidentEntities, WorkspaceError> {
        Ok(IncidentEntities::new(
            Self::record(&self.read(), name)?.entities.clone(),
        ))
    }

    /// The incident's comments, oldest first.
    pub fn comments(&self, name: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        Ok(Self::record(&self.read(), name)?.comments.clone())
    }

    /// Fills an owner named only by object id or UPN from the SOC directory, as Sentinel does.
    fn resolve_owner(owner: &IncidentOwner) -> IncidentOwner {
        if owner.is_unassigned() {
            return IncidentOwner {
                owner_type: Some(OwnerType::Unknown),
                ..IncidentOwner::default()
            };
        }
        let found = SOC.iter().find(|a| {
            owner
                .object_id
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(a.object_id))
                || owner
                    .user_principal_name
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(a.upn))
                || owner
                    .email
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(a.upn))
        });
        match found {
            Some(a) => a.owner(),
            None => IncidentOwner {
                owner_type: owner.owner_type.or(Some(OwnerType::User)),
                ..owner.clone()
            },
        }
    }

    fn tick(st: &mut DemoState) -> i64 {
        st.clock += TICKS_PER_SECOND;
        st.clock
    }

    /// Changes an incident as `actor`: checks the etag, applies Sentinel's rules, stamps a new
    /// etag and modification time, and appends a SecurityIncident row.
    pub fn update(
        &self,
        name: &str,
        update: &IncidentUpdate,
        actor: &ClientInfo,
    ) -> Result<Incident, WorkspaceError> {
        self.ensure_logs();
        let mut st = self.write();
        let index = st
            .incidents
            .iter()
            .position(|r| r.incident.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| WorkspaceError::NotFound {
                what: format!("Incident {name}"),
            })?;
        let current = &st.incidents[index].incident;
        if let (Some(sent), Some(have)) = (&update.etag, &current.etag) {
            if !same_etag(sent, have) {
                return Err(WorkspaceError::stale_etag(&current.properties.title));
            }
        }
        let mut props = current.properties.clone();
        let mut change = update.clone();
        change.owner = update.owner.as_ref().map(Self::resolve_owner);
        change.apply(&mut props)?;
        let time = Self::tick(&mut st);
        st.serial += 1;
        let serial = st.serial;
        let rec = &mut st.incidents[index];
        props.last_modified_time_utc = Some(format_datetime(time));
        rec.incident.properties = props;
        rec.incident.etag = Some(quoted_etag(serial, time));
        let rec = rec.clone();
        let by = actor
            .user_principal_name
            .clone()
            .or(actor.name.clone())
            .unwrap_or_else(|| "unknown".into());
        st.logs.append(
            |t| write_incident_row(t, &rec, time, &by),
            "SecurityIncident",
        );
        Ok(rec.incident)
    }

    /// Replaces an incident's writable fields with a full `PUT` body (the proxy's simulated
    /// upstream); the body's etag must match.
    pub fn put_incident(
        &self,
        name: &str,
        body: &Incident,
        actor: &ClientInfo,
    ) -> Result<Incident, WorkspaceError> {
        self.update(name, &IncidentUpdate::from_put(body), actor)
    }

    /// Adds a comment as `author`.
    pub fn add_comment_as(
        &self,
        name: &str,
        message: &str,
        author: &ClientInfo,
    ) -> Result<IncidentComment, WorkspaceError> {
        if message.trim().is_empty() {
            return Err(WorkspaceError::BadRequest {
                message: "A comment cannot be empty.".into(),
            });
        }
        if message.len() > 30_000 {
            return Err(WorkspaceError::BadRequest {
                message: "A comment can be at most 30,000 characters.".into(),
            });
        }
        self.ensure_logs();
        let mut st = self.write();
        let index = st
            .incidents
            .iter()
            .position(|r| r.incident.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| WorkspaceError::NotFound {
                what: format!("Incident {name}"),
            })?;
        let time = Self::tick(&mut st);
        st.serial += 1;
        st.comment_seed = st.comment_seed.wrapping_add(1);
        let comment_name = super::rng::Rng::new(st.comment_seed ^ st.serial).guid();
        let serial = st.serial;
        let rec = &mut st.incidents[index];
        let c = comment(
            comment_name,
            &rec.incident.name,
            author,
            message,
            time,
            serial,
        );
        rec.comments.push(c.clone());
        if let Some(extra) = rec.incident.properties.additional_data.as_mut() {
            extra.comments_count = rec.comments.len() as u32;
        }
        rec.incident.properties.last_modified_time_utc = Some(format_datetime(time));
        rec.incident.etag = Some(quoted_etag(serial, time));
        let rec = rec.clone();
        let by = author
            .user_principal_name
            .clone()
            .unwrap_or_else(|| "unknown".into());
        st.logs.append(
            |t| write_incident_row(t, &rec, time, &by),
            "SecurityIncident",
        );
        Ok(c)
    }

    /// Runs a KQL query over the logs (see [`LogStore::query`]).
    pub fn run_query(
        &self,
        kql: &str,
        timespan: Option<Timespan>,
    ) -> Result<QueryResult, WorkspaceError> {
        self.ensure_logs();
        let (logs, now) = {
            let st = self.read();
            (st.logs.snapshot(), st.clock)
        };
        logs.query(kql, timespan, now)
    }
}

#[async_trait(?Send)]
impl Workspace for DemoWorkspace {
    fn info(&self) -> WorkspaceInfo {
        self.describe()
    }

    async fn list_incidents(
        &self,
        query: &IncidentQuery,
    ) -> Result<ArmList<Incident>, WorkspaceError> {
        self.incidents(query)
    }

    async fn get_incident(&self, incident: &str) -> Result<Incident, WorkspaceError> {
        self.incident(incident)
    }

    async fn list_alerts(&self, incident: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        self.alerts(incident)
    }

    async fn list_entities(&self, incident: &str) -> Result<IncidentEntities, WorkspaceError> {
        self.entities(incident)
    }

    async fn list_comments(&self, incident: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        self.comments(incident)
    }

    async fn update_incident(
        &self,
        incident: &str,
        update: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError> {
        self.update(incident, update, &DEMO_ANALYST.client_info())
    }

    async fn add_comment(
        &self,
        incident: &str,
        message: &str,
    ) -> Result<IncidentComment, WorkspaceError> {
        self.add_comment_as(incident, message, &DEMO_ANALYST.client_info())
    }

    async fn query(
        &self,
        kql: &str,
        timespan: Option<Timespan>,
    ) -> Result<QueryResult, WorkspaceError> {
        self.run_query(kql, timespan)
    }
}
