//! Sources switched off in Settings: a workspace wrapper that refuses log queries over them.

use std::rc::Rc;

use async_trait::async_trait;

use sentinel::{
    ArmList, Incident, IncidentAlert, IncidentComment, IncidentEntities, IncidentQuery,
    IncidentUpdate, QueryResult, Timespan, Workspace, WorkspaceError, WorkspaceInfo,
};

/// The first switched-off table a query names, matched as a whole identifier.
pub fn disabled_table_in<'a>(query: &str, disabled: &'a [String]) -> Option<&'a str> {
    let words: Vec<&str> = query
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    disabled
        .iter()
        .map(String::as_str)
        .find(|t| words.contains(t))
}

/// A workspace whose log queries may not touch the switched-off sources.
pub struct SourceFilter {
    pub inner: Rc<dyn Workspace>,
    pub disabled: Vec<String>,
}

#[async_trait(?Send)]
impl Workspace for SourceFilter {
    fn info(&self) -> WorkspaceInfo {
        self.inner.info()
    }
    fn cancel(&self) {
        self.inner.cancel();
    }
    async fn list_incidents(&self, q: &IncidentQuery) -> Result<ArmList<Incident>, WorkspaceError> {
        self.inner.list_incidents(q).await
    }
    async fn get_incident(&self, i: &str) -> Result<Incident, WorkspaceError> {
        self.inner.get_incident(i).await
    }
    async fn list_alerts(&self, i: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        self.inner.list_alerts(i).await
    }
    async fn list_entities(&self, i: &str) -> Result<IncidentEntities, WorkspaceError> {
        self.inner.list_entities(i).await
    }
    async fn list_comments(&self, i: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        self.inner.list_comments(i).await
    }
    async fn update_incident(
        &self,
        i: &str,
        u: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError> {
        self.inner.update_incident(i, u).await
    }
    async fn add_comment(&self, i: &str, m: &str) -> Result<IncidentComment, WorkspaceError> {
        self.inner.add_comment(i, m).await
    }
    async fn query(&self, kql: &str, t: Option<Timespan>) -> Result<QueryResult, WorkspaceError> {
        if let Some(table) = disabled_table_in(kql, &self.disabled) {
            return Err(WorkspaceError::BadRequest {
                message: format!(
                    "The source {table} is switched off in Settings; switch it on to query it."
                ),
            });
        }
        self.inner.query(kql, t).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_table_names_only() {
        let off = vec!["SigninLogs".to_string()];
        assert_eq!(
            disabled_table_in("SigninLogs | take 1", &off),
            Some("SigninLogs")
        );
        assert_eq!(
            disabled_table_in("union AuditLogs, SigninLogs", &off),
            Some("SigninLogs")
        );
        assert_eq!(disabled_table_in("AADSigninLogsX | take 1", &off), None);
        assert_eq!(disabled_table_in("AuditLogs | take 1", &off), None);
    }
}
