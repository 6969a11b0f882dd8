//! One file per view of the panel.

pub mod incident_pane;
pub mod incident_queue;
pub mod kql_sidebar;
pub mod prompt_bar;
pub mod result_table;
pub mod transcript;
