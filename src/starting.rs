//! The workspace of a panel that is still reading its settings: it answers nothing, so that the
//! demo tenant is generated only when no real workspace is configured.

use async_trait::async_trait;

use sentinel::{
    ArmList, Incident, IncidentAlert, IncidentComment, IncidentEntities, IncidentQuery,
    IncidentUpdate, QueryResult, Timespan, Workspace, WorkspaceError, WorkspaceInfo,
};

/// Stands in for the workspace until the settings say which one to use (a few milliseconds).
pub struct Starting;

fn not_yet<T>() -> Result<T, WorkspaceError> {
    Err(WorkspaceError::Network {
        message: "the panel is still starting; try again in a moment".into(),
    })
}

#[async_trait(?Send)]
impl Workspace for Starting {
    fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            name: "Starting…".into(),
            id: String::new(),
            tenant_name: None,
            is_demo: false,
            reference: None,
        }
    }
    async fn list_incidents(&self, _: &IncidentQuery) -> Result<ArmList<Incident>, WorkspaceError> {
        not_yet()
    }
    async fn get_incident(&self, _: &str) -> Result<Incident, WorkspaceError> {
        not_yet()
    }
    async fn list_alerts(&self, _: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        not_yet()
    }
    async fn list_entities(&self, _: &str) -> Result<IncidentEntities, WorkspaceError> {
        not_yet()
    }
    async fn list_comments(&self, _: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        not_yet()
    }
    async fn update_incident(
        &self,
        _: &str,
        _: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError> {
        not_yet()
    }
    async fn add_comment(&self, _: &str, _: &str) -> Result<IncidentComment, WorkspaceError> {
        not_yet()
    }
    async fn query(&self, _: &str, _: Option<Timespan>) -> Result<QueryResult, WorkspaceError> {
        not_yet()
    }
}
