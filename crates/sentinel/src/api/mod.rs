//! The Microsoft.SecurityInsights incident API as JSON: incidents, their alerts, entities and
//! comments, the ARM list envelope, and the resource paths they live at. Field names and enum
//! spellings follow the published REST API exactly, so documents round-trip unchanged.

mod alert;
mod arm;
mod comment;
mod entity;
mod incident;

pub use alert::{AlertConfidence, AlertProperties, AlertSeverity, AlertStatus, IncidentAlert};
pub use arm::{ArmList, WorkspaceRef, DEFAULT_API_VERSION};
pub use comment::{ClientInfo, CommentProperties, IncidentComment};
pub use entity::{
    Entity, EntityKind, EntityKindCount, EntityProperties, GeoLocation, IncidentEntities,
};
pub use incident::{
    Classification, ClassificationReason, Incident, IncidentAdditionalData, IncidentLabel,
    IncidentOwner, IncidentProperties, IncidentSeverity, IncidentStatus, LabelType, OwnerType,
};
