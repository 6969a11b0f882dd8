//! Microsoft Sentinel's world: the incident API types, the table catalog, the `Workspace` trait the
//! app talks to, and the generated demo workspace. No HTTP and no browser here.

pub mod api;
pub mod catalog;
pub mod demo;
pub mod odata;
pub mod remote;
pub mod time;
pub mod workspace;

pub use api::{
    ArmList, Classification, ClassificationReason, ClientInfo, Entity, EntityKind, Incident,
    IncidentAlert, IncidentComment, IncidentEntities, IncidentOwner, IncidentProperties,
    IncidentSeverity, IncidentStatus, WorkspaceRef, DEFAULT_API_VERSION,
};
pub use catalog::core_catalog;
pub use demo::{DemoConfig, DemoWorkspace, DEMO_ANALYST};
pub use workspace::{
    IncidentQuery, IncidentUpdate, QueryResult, Timespan, Workspace, WorkspaceError, WorkspaceInfo,
};
