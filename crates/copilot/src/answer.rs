//! Answers as structured blocks: the app renders them, always as text, never as HTML.

use kql::Table;
use serde::{Deserialize, Serialize};

/// One answer of the Copilot, in the order its blocks are shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    /// A short heading for the answer ("Incidents closed as false positive").
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A piece of an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A paragraph of plain text.
    Text(String),
    /// A list of short items.
    List(Vec<String>),
    /// A result table with human-readable column headers.
    Table(ResultTable),
    /// A KQL query with the logic behind it.
    Kql(KqlBlock),
    /// Something the analyst should know went wrong, with what to do about it.
    Error(String),
    /// Events in time order (an incident's alerts, activity, comments and changes).
    Timeline(Vec<crate::summary::TimelineEntry>),
    /// Users, devices, mailboxes, addresses and apps involved, with details.
    Entities(Vec<crate::summary::Asset>),
    /// Guided-response cards; Sentinel actions run only after the analyst confirms.
    Actions(Vec<crate::guided_response::GuidedResponseCard>),
    /// Prompts the analyst can click to ask next.
    Suggestions(Vec<String>),
    /// The workspace the prompt named ("in workspace soc-ws"), which the answer is about.
    Workspace(String),
}

/// A table as shown in an answer: headers and cells already formatted as text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A generated or suggested query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KqlBlock {
    pub query: String,
    /// "The logic behind the query", one step per line.
    pub explanation: Vec<String>,
    pub confidence: Option<f32>,
}

impl ResultTable {
    /// Formats a KQL result table for display.
    pub fn from_table(table: &Table) -> ResultTable {
        ResultTable {
            headers: table.columns.iter().map(|c| c.name.clone()).collect(),
            rows: table
                .rows
                .iter()
                .map(|r| r.iter().map(display_value).collect())
                .collect(),
        }
    }
}

/// A value as the analyst reads it in a table cell.
pub fn display_value(v: &kql::Value) -> String {
    use kql::Value;
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::String(s) => s.to_string(),
        Value::DateTime(t) => kql::time::format_datetime_iso(*t, false),
        Value::TimeSpan(t) => kql::time::format_timespan(*t),
        Value::Guid(g) => format_guid(g.to_u128()),
        Value::Dynamic(d) => d.to_string(),
    }
}

fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
