//! The incident resource: `Microsoft.SecurityInsights/incidents`.

use serde::{Deserialize, Serialize};

/// Incident severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IncidentSeverity {
    High,
    Medium,
    Low,
    Informational,
}

impl IncidentSeverity {
    /// All severities, most severe first.
    pub const ALL: [IncidentSeverity; 4] = [
        IncidentSeverity::High,
        IncidentSeverity::Medium,
        IncidentSeverity::Low,
        IncidentSeverity::Informational,
    ];

    /// The API spelling (`High`...).
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentSeverity::High => "High",
            IncidentSeverity::Medium => "Medium",
            IncidentSeverity::Low => "Low",
            IncidentSeverity::Informational => "Informational",
        }
    }

    /// Rank for sorting, 3 = High ... 0 = Informational.
    pub fn rank(self) -> u8 {
        3 - self as u8
    }
}

/// Incident status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IncidentStatus {
    New,
    Active,
    Closed,
}

impl IncidentStatus {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::New => "New",
            IncidentStatus::Active => "Active",
            IncidentStatus::Closed => "Closed",
        }
    }
}

/// How a closed incident was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Classification {
    Undetermined,
    TruePositive,
    BenignPositive,
    FalsePositive,
}

impl Classification {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Undetermined => "Undetermined",
            Classification::TruePositive => "TruePositive",
            Classification::BenignPositive => "BenignPositive",
            Classification::FalsePositive => "FalsePositive",
        }
    }

    /// The reasons Sentinel accepts with this classification (none for `Undetermined`).
    pub fn allowed_reasons(self) -> &'static [ClassificationReason] {
        match self {
            Classification::Undetermined => &[],
            Classification::TruePositive => &[ClassificationReason::SuspiciousActivity],
            Classification::BenignPositive => &[ClassificationReason::SuspiciousButExpected],
            Classification::FalsePositive => &[
                ClassificationReason::IncorrectAlertLogic,
                ClassificationReason::InaccurateData,
            ],
        }
    }
}

/// Why an incident got its classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClassificationReason {
    SuspiciousActivity,
    SuspiciousButExpected,
    IncorrectAlertLogic,
    InaccurateData,
}

impl ClassificationReason {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ClassificationReason::SuspiciousActivity => "SuspiciousActivity",
            ClassificationReason::SuspiciousButExpected => "SuspiciousButExpected",
            ClassificationReason::IncorrectAlertLogic => "IncorrectAlertLogic",
            ClassificationReason::InaccurateData => "InaccurateData",
        }
    }
}

/// Whether an incident's owner is a user or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OwnerType {
    Unknown,
    User,
    Group,
}

/// Who an incident is assigned to. All fields are optional: an unassigned incident has an owner
/// with only nulls, and an update may name the owner by `objectId` alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IncidentOwner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    /// The owner's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_type: Option<OwnerType>,
}

impl IncidentOwner {
    /// Whether nobody is assigned.
    pub fn is_unassigned(&self) -> bool {
        self.object_id.is_none() && self.user_principal_name.is_none() && self.assigned_to.is_none()
    }
}

/// Whether a label was added by a person or by automation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelType {
    User,
    AutoAssigned,
}

/// A label (tag) on an incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IncidentLabel {
    pub label_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_type: Option<LabelType>,
}

impl IncidentLabel {
    /// A label an analyst added.
    pub fn user(name: impl Into<String>) -> IncidentLabel {
        IncidentLabel {
            label_name: name.into(),
            label_type: Some(LabelType::User),
        }
    }
}

/// Read-only counts and lists Sentinel computes for an incident.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IncidentAdditionalData {
    #[serde(default)]
    pub alerts_count: u32,
    #[serde(default)]
    pub bookmarks_count: u32,
    #[serde(default)]
    pub comments_count: u32,
    #[serde(default)]
    pub alert_product_names: Vec<String>,
    /// MITRE ATT&CK tactics (`InitialAccess`, `Persistence`...).
    #[serde(default)]
    pub tactics: Vec<String>,
    /// MITRE ATT&CK technique ids (`T1110`...), when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_incident_url: Option<String>,
}

/// An incident's `properties`. Times are ISO 8601 UTC strings as the API sends them; use
/// [`crate::time::parse_datetime`] to compare them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IncidentProperties {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub severity: IncidentSeverity,
    pub status: IncidentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification_reason: Option<ClassificationReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification_comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<IncidentOwner>,
    #[serde(default)]
    pub labels: Vec<IncidentLabel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_number: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_activity_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_incident_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<IncidentAdditionalData>,
    /// ARM ids of the analytics rules whose alerts are in the incident.
    #[serde(default)]
    pub related_analytic_rule_ids: Vec<String>,
}

/// An incident resource as the API returns and accepts it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// The ARM resource id (absent in a request body).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The incident's GUID name, the last segment of `id`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `Microsoft.SecurityInsights/incidents`.
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub resource_type: String,
    /// The quoted entity tag (`"\"0300bf09-...\""`), sent back on update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    pub properties: IncidentProperties,
}

impl Incident {
    /// The ARM resource type of incidents.
    pub const RESOURCE_TYPE: &'static str = "Microsoft.SecurityInsights/incidents";
}
