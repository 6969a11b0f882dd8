//! One file per view of the panel.

pub mod chart;
pub mod feedback;
pub mod file_drop;
pub mod incident_pane;
pub mod incident_queue;
pub mod incident_tabs;
pub mod kql_editor;
pub mod kql_sidebar;
pub mod prompt_bar;
pub mod query_results;
pub mod result_table;
pub mod settings_panel;
pub mod transcript;
