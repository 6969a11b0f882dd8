//! The real Sentinel, through the project's CORS proxy: the HTTP workspace and its wire policy.

pub mod log_analytics;
pub mod policy;
pub mod workspace;

pub use workspace::{HttpWorkspace, HttpWorkspaceConfig};
