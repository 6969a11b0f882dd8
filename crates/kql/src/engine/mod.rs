//! The in-memory engine: runs a KQL query over [`Table`]s held in a [`Database`].
//!
//! A query is parsed, then each tabular operator is executed in turn over rows of [`Value`]s.
//! Scalar expressions are compiled once per operator into closures resolved against column
//! positions, so the per-row work is only the evaluation itself. Anything the engine does not
//! implement fails with an [`ExecError`] naming it, never with a silently wrong answer.

mod aggregate;
mod columns;
mod expr;
mod frame;
mod functions;
mod join;
mod json;
mod make_series;
mod mv_apply;
mod mv_expand;
mod names;
mod parse_op;
mod pipeline;
mod pivot;
mod regex_cache;
mod scan;
mod scope;
mod search;
mod sort;
mod summarize;
pub mod text;
mod union;
pub mod values;

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::Span;
use crate::table::Table;

pub use json::{to_log_analytics_json, value_to_json};

/// The tables a query can read, by name (case-sensitive, as in KQL).
#[derive(Clone, Debug, Default)]
pub struct Database {
    tables: HashMap<String, columns::Stored>,
}

impl Database {
    /// An empty database.
    pub fn new() -> Database {
        Database::default()
    }

    /// Adds a table, replacing any table of the same name.
    pub fn add(&mut self, table: Table) {
        self.tables
            .insert(table.name.clone(), columns::Stored::new(table));
    }

    /// Adds every table of `other` (shared, not copied), replacing tables of the same name.
    pub fn add_all(&mut self, other: &Database) {
        for (name, stored) in &other.tables {
            self.tables.insert(name.clone(), stored.clone());
        }
    }

    /// Removes the table with this exact name; whether there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        self.tables.remove(name).is_some()
    }

    /// The table with this exact name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name).map(|t| &*t.table)
    }

    /// The names of all tables, sorted.
    pub fn table_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tables.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    pub(crate) fn shared(&self, name: &str) -> Option<Arc<Table>> {
        self.tables.get(name).map(|t| t.table.clone())
    }

    /// The column cache of a stored table (`None` for tables computed by a query).
    pub(crate) fn cache_for(&self, table: &Arc<Table>) -> Option<&columns::ColumnCache> {
        self.tables
            .values()
            .find(|s| Arc::ptr_eq(&s.table, table))
            .map(|s| &*s.cache)
    }
}

/// Settings of one execution: the clock `now()`/`ago()` read, the query window and a row cap.
#[derive(Clone, Debug, Default)]
pub struct ExecOptions {
    /// The current time in ticks since 1970 (what `now()` returns); the caller sets the clock.
    pub now: i64,
    /// The query window `(start, end)` in ticks, as the Log Analytics `timespan` parameter:
    /// tables with a `TimeGenerated` column only show rows with `start <= TimeGenerated < end`.
    pub timespan: Option<(i64, i64)>,
    /// The most rows any result table may have; longer results are cut.
    pub row_limit: Option<usize>,
}

/// A chart requested with `render`: its kind (`timechart`, `barchart`...) and properties
/// (`title`, `xcolumn`, `ycolumns`, ...) as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub kind: String,
    pub properties: Vec<(String, String)>,
}

/// What a query produced: its result tables (the primary result first) and any chart request.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryOutput {
    pub tables: Vec<Table>,
    pub chart: Option<Chart>,
}

/// Why a query could not run, with the byte range of the part at fault when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecError {
    pub message: String,
    pub span: Option<Span>,
}

impl ExecError {
    /// An error about the query text at `span`.
    pub fn at(message: impl Into<String>, span: Span) -> ExecError {
        ExecError {
            message: message.into(),
            span: Some(span),
        }
    }

    /// An error with no position.
    pub fn new(message: impl Into<String>) -> ExecError {
        ExecError {
            message: message.into(),
            span: None,
        }
    }

    /// An error for a language feature the engine does not implement.
    pub fn unsupported(what: &str, name: &str, span: Span) -> ExecError {
        ExecError::at(format!("{what} `{name}` is not supported yet"), span)
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.span {
            Some(s) => write!(f, "{} (at {}..{})", self.message, s.start, s.end),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ExecError {}

/// Whether the engine implements the scalar or aggregation function `name`.
pub fn supports_function(name: &str) -> bool {
    functions::is_supported(name) || aggregate::AGGREGATES.contains(&name)
}

/// Parses and runs a query against `db`. Parse errors come back as an [`ExecError`] with the
/// first error's position.
pub fn execute(source: &str, db: &Database, opts: &ExecOptions) -> Result<QueryOutput, ExecError> {
    let parsed = crate::parse(source);
    if let Some(d) = parsed
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        return Err(ExecError::at(d.message.clone(), d.span));
    }
    execute_query(&parsed.query, db, opts)
}

/// Runs an already parsed query against `db`.
pub fn execute_query(
    query: &crate::ast::Query,
    db: &Database,
    opts: &ExecOptions,
) -> Result<QueryOutput, ExecError> {
    let mut output = pipeline::run_query(query, db, opts)?;
    if let Some(limit) = opts.row_limit {
        for t in &mut output.tables {
            t.rows.truncate(limit);
        }
    }
    Ok(output)
}
