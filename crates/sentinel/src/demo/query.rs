//! The demo's log store: the generated tables in the `kql` engine's database, queried the way
//! the Log Analytics query API is.

pub use store::*;

#[cfg(feature = "engine")]
mod store {
    use kql::engine::{execute, Database, ExecError, ExecOptions};
    use kql::Table;

    use crate::workspace::{ChartSpec, QueryResult, Timespan, WorkspaceError};

    /// The most rows the Log Analytics API returns for one query.
    pub const MAX_ROWS: usize = 500_000;

    /// The log tables. Cloning is cheap (tables are shared), so a query runs on a snapshot without
    /// holding the workspace lock.
    #[derive(Clone, Debug)]
    pub struct LogStore {
        db: Database,
    }

    impl LogStore {
        /// A store holding these tables.
        pub fn new(tables: Vec<Table>) -> LogStore {
            let mut db = Database::new();
            for t in tables {
                db.add(t);
            }
            LogStore { db }
        }

        /// Adds (or replaces) a table.
        pub fn add(&mut self, table: Table) {
            self.db.add(table);
        }

        /// Removes a table.
        pub fn remove(&mut self, name: &str) {
            self.db.remove(name);
        }

        /// Adds every table of `other` (shared, not copied).
        pub fn add_all(&mut self, other: &LogStore) {
            self.db.add_all(&other.db);
        }

        /// The number of rows per table, by name.
        pub fn row_counts(&self) -> Vec<(String, usize)> {
            self.db
                .table_names()
                .into_iter()
                .map(|n| (n.to_string(), self.db.table(n).map_or(0, Table::len)))
                .collect()
        }

        /// A copy of one table.
        pub fn table(&self, name: &str) -> Option<Table> {
            self.db.table(name).cloned()
        }

        /// Changes one table (copy on write: snapshots already taken keep the old rows).
        pub fn append(&mut self, change: impl FnOnce(&mut Table), name: &str) {
            if let Some(mut t) = self.db.table(name).cloned() {
                change(&mut t);
                self.db.add(t);
            }
        }

        /// A snapshot to query without holding a lock.
        pub fn snapshot(&self) -> LogStore {
            self.clone()
        }

        /// Runs a query with `now()` at `now`, limited to `timespan` when given.
        pub fn query(
            &self,
            kql: &str,
            timespan: Option<Timespan>,
            now: i64,
        ) -> Result<QueryResult, WorkspaceError> {
            let opts = ExecOptions {
                now,
                timespan: timespan.map(|t| (t.start, t.end)),
                row_limit: Some(MAX_ROWS),
            };
            let out = execute(kql, &self.db, &opts).map_err(query_error)?;
            Ok(QueryResult {
                tables: out.tables,
                chart: out.chart.map(|c| ChartSpec {
                    kind: c.kind,
                    properties: c.properties,
                }),
            })
        }
    }

    /// Maps an engine error to the analyst-facing error: unsupported features by name, other
    /// problems as a bad query with the byte range.
    pub fn query_error(e: ExecError) -> WorkspaceError {
        let span = e.span.map(|s| s.start..s.end);
        if e.message.contains("not supported") {
            let at = span
                .map(|s| format!(" (at {}..{})", s.start, s.end))
                .unwrap_or_default();
            WorkspaceError::Unsupported {
                feature: format!("{}{at}", e.message),
            }
        } else {
            WorkspaceError::BadQuery {
                message: e.message,
                span,
            }
        }
    }
}

/// Without the `engine` feature the tables are kept and listed, but queries are refused by name.
#[cfg(not(feature = "engine"))]
mod store {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use kql::Table;

    use crate::workspace::{QueryResult, Timespan, WorkspaceError};

    /// The log tables.
    #[derive(Clone, Debug)]
    pub struct LogStore {
        tables: BTreeMap<String, Arc<Table>>,
    }

    impl LogStore {
        /// A store holding these tables.
        pub fn new(tables: Vec<Table>) -> LogStore {
            LogStore {
                tables: tables
                    .into_iter()
                    .map(|t| (t.name.clone(), Arc::new(t)))
                    .collect(),
            }
        }

        /// The number of rows per table, by name.
        pub fn row_counts(&self) -> Vec<(String, usize)> {
            self.tables
                .iter()
                .map(|(n, t)| (n.clone(), t.len()))
                .collect()
        }

        /// A copy of one table.
        pub fn table(&self, name: &str) -> Option<Table> {
            self.tables.get(name).map(|t| (**t).clone())
        }

        /// Changes one table (copy on write).
        pub fn append(&mut self, change: impl FnOnce(&mut Table), name: &str) {
            if let Some(t) = self.tables.get_mut(name) {
                change(Arc::make_mut(t));
            }
        }

        /// A snapshot to query without holding a lock.
        pub fn snapshot(&self) -> LogStore {
            self.clone()
        }

        /// Refuses: this build has no KQL engine.
        pub fn query(
            &self,
            _kql: &str,
            _timespan: Option<Timespan>,
            _now: i64,
        ) -> Result<QueryResult, WorkspaceError> {
            Err(WorkspaceError::Unsupported {
                feature: "log queries (this build of the sentinel crate was made without its `engine` feature)".into(),
            })
        }
    }
}
