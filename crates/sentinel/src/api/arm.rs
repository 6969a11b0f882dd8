//! Azure Resource Manager plumbing: the list envelope and the workspace's resource paths.

use serde::{Deserialize, Serialize};

/// The stable api-version the client uses unless configured otherwise.
pub const DEFAULT_API_VERSION: &str = "2025-09-01";

/// A page of an ARM list: `{"value": [...], "nextLink": "..."}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArmList<T> {
    pub value: Vec<T>,
    /// The absolute URL of the next page, when there is one.
    #[serde(rename = "nextLink", default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

impl<T> ArmList<T> {
    /// A single, complete page.
    pub fn complete(value: Vec<T>) -> ArmList<T> {
        ArmList {
            value,
            next_link: None,
        }
    }
}

/// Where a Sentinel workspace lives: its ARM coordinates and its Log Analytics workspace id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRef {
    pub subscription_id: String,
    pub resource_group: String,
    pub workspace_name: String,
    /// The Log Analytics workspace id (a GUID), used by the query API.
    pub workspace_id: String,
}

impl WorkspaceRef {
    /// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}`.
    pub fn workspace_path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}",
            self.subscription_id, self.resource_group, self.workspace_name
        )
    }

    /// The incidents collection: `.../providers/Microsoft.SecurityInsights/incidents`.
    pub fn incidents_path(&self) -> String {
        format!(
            "{}/providers/Microsoft.SecurityInsights/incidents",
            self.workspace_path()
        )
    }

    /// One incident (its ARM `id`).
    pub fn incident_path(&self, incident_name: &str) -> String {
        format!("{}/{incident_name}", self.incidents_path())
    }

    /// The incident's alerts (a POST).
    pub fn incident_alerts_path(&self, incident_name: &str) -> String {
        format!("{}/alerts", self.incident_path(incident_name))
    }

    /// The incident's entities (a POST).
    pub fn incident_entities_path(&self, incident_name: &str) -> String {
        format!("{}/entities", self.incident_path(incident_name))
    }

    /// The incident's comments collection.
    pub fn incident_comments_path(&self, incident_name: &str) -> String {
        format!("{}/comments", self.incident_path(incident_name))
    }

    /// One comment of an incident.
    pub fn incident_comment_path(&self, incident_name: &str, comment_name: &str) -> String {
        format!(
            "{}/{comment_name}",
            self.incident_comments_path(incident_name)
        )
    }

    /// An analytics rule (for `relatedAnalyticRuleIds`).
    pub fn alert_rule_path(&self, rule_name: &str) -> String {
        format!(
            "{}/providers/Microsoft.SecurityInsights/alertRules/{rule_name}",
            self.workspace_path()
        )
    }

    /// An entity or alert resource id, as the alerts and entities calls return them.
    pub fn entity_path(&self, entity_name: &str) -> String {
        format!(
            "{}/providers/Microsoft.SecurityInsights/Entities/{entity_name}",
            self.workspace_path()
        )
    }

    /// The portal link to an incident, as `incidentUrl` holds it.
    pub fn incident_url(&self, incident_name: &str) -> String {
        format!(
            "https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident{}",
            self.incident_path(incident_name)
        )
    }

    /// The Log Analytics query path: `/v1/workspaces/{workspaceId}/query`.
    pub fn query_path(&self) -> String {
        format!("/v1/workspaces/{}/query", self.workspace_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_published_shapes() {
        let ws = WorkspaceRef {
            subscription_id: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".into(),
            resource_group: "myRg".into(),
            workspace_name: "myWorkspace".into(),
            workspace_id: "c8c99641-985d-4e4e-8e91-fb3466cd0e5b".into(),
        };
        assert_eq!(
            ws.incident_path("73e01a99-5cd7-4139-a149-9f2736ff2ab5"),
            "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/73e01a99-5cd7-4139-a149-9f2736ff2ab5"
        );
        assert!(ws
            .incident_comment_path("a", "b")
            .ends_with("/incidents/a/comments/b"));
        assert!(ws.incident_url("a").starts_with("https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/"));
        assert_eq!(
            ws.query_path(),
            "/v1/workspaces/c8c99641-985d-4e4e-8e91-fb3466cd0e5b/query"
        );
    }
}
