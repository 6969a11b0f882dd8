//! The demo workspace: a month of a fictional tenant (Lakeshore Mills) generated from a seed at
//! start-up, with attack stories whose incidents, alerts, entities and raw logs agree. It answers
//! the incident API and log queries in memory, and keeps the analyst's changes for the session.

mod entities;
mod generate;
mod incidents;
mod noise;
mod query;
mod rng;
mod stories;
mod tables;
mod tenant;
mod workspace;

pub use generate::{
    generate, generate_noise, generate_stories, with_noise, DemoConfig, DemoData, DAYS,
};
pub use incidents::IncidentRecord;
pub use query::LogStore;
pub use rng::Rng;
pub use tenant::{
    workspace_ref, Analyst, DEMO_ANALYST, DOMAIN, SOC, TENANT_NAME, WORKSPACE_ID, WORKSPACE_NAME,
};
pub use workspace::DemoWorkspace;
