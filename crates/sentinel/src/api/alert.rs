//! Alerts of an incident, as `POST .../incidents/{id}/alerts` returns them (kind `SecurityAlert`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Alert severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertSeverity {
    High,
    Medium,
    Low,
    Informational,
}

/// Alert lifecycle status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertStatus {
    Unknown,
    New,
    Resolved,
    Dismissed,
    InProgress,
}

/// How confident the detector is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertConfidence {
    Unknown,
    Low,
    High,
}

/// A security alert's `properties`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_alert_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_alert_id: Option<String>,
    #[serde(default)]
    pub tactics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_techniques: Vec<String>,
    pub alert_display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_level: Option<AlertConfidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_score: Option<f64>,
    pub severity: AlertSeverity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_component_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compromised_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remediation_steps: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AlertStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_generated: Option<String>,
    /// Where the alert was stored (`{"type": "LogAnalytics", "workspaceId": ...}`).
    #[serde(default)]
    pub resource_identifiers: Vec<Value>,
    /// Provider-specific details.
    #[serde(default)]
    pub additional_data: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
}

/// An alert in an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IncidentAlert {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Always `SecurityAlert`.
    pub kind: String,
    pub properties: AlertProperties,
}

impl IncidentAlert {
    /// The `kind` of alert resources.
    pub const KIND: &'static str = "SecurityAlert";
}
