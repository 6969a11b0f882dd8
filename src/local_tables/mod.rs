//! Hunting over the analyst's own files: a CSV or JSON-lines export dropped onto the panel becomes
//! a KQL table held in the browser (nothing is uploaded): read and queried in the panel's worker
//! (`kql::import`, `kql::engine`) and known to the editor through [`LocalTables`].

pub mod naming;
pub mod routing;

pub use kql::import::{
    kind_of, read_file, table_from_text, too_big, FileError, FileKind, MAX_FILE_BYTES,
};
use kql::{Catalog, Column, TableSchema};
use leptos::prelude::*;

/// What the panel shows about a dropped file.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalFile {
    /// The table name to query it by.
    pub table: String,
    pub file_name: String,
    pub rows: usize,
    pub bytes: usize,
}

/// The dropped files, in app context. Their rows are read and kept by the panel's worker (reading
/// a 10 MB export takes a fraction of a second that the page would otherwise freeze for); the page
/// keeps their schemas. The editor reads [`LocalTables::schemas`] (reactive) or
/// [`LocalTables::catalog_with`] to complete and check the new tables; `run_kql` has the worker
/// run queries over them.
#[derive(Clone, Copy)]
pub struct LocalTables {
    /// The dropped tables' schemas (name, typed columns, a description naming the file).
    pub schemas: RwSignal<Vec<TableSchema>>,
    /// The dropped files, in the order they were added.
    pub files: RwSignal<Vec<LocalFile>>,
    /// This panel's files in the worker (panels on one page share it).
    pub panel: u32,
}

impl LocalTables {
    /// Creates the (empty) set and provides it as context.
    pub fn provide() -> LocalTables {
        thread_local! {
            static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
        }
        let tables = LocalTables {
            schemas: RwSignal::new(Vec::new()),
            files: RwSignal::new(Vec::new()),
            panel: NEXT.with(|n| n.replace(n.get() + 1)),
        };
        provide_context(tables);
        crate::worker_link::hold_for_panel(tables.panel);
        tables
    }

    /// Records (or replaces) a table the worker read from `file_name`.
    pub fn add(
        &self,
        table: &str,
        columns: Vec<Column>,
        rows: usize,
        file_name: &str,
        bytes: usize,
    ) {
        let mut schema = TableSchema::new(table.to_string(), columns);
        schema.description = Some(format!(
            "Rows of {file_name}, dropped onto the panel; queried in the browser."
        ));
        let file = LocalFile {
            table: table.to_string(),
            file_name: file_name.to_string(),
            rows,
            bytes,
        };
        self.schemas.update(|s| {
            s.retain(|t| t.name != table);
            s.push(schema);
        });
        self.files.update(|f| {
            f.retain(|x| x.table != table);
            f.push(file);
        });
    }

    /// Forgets a dropped table (here and in the worker).
    pub fn remove(&self, name: &str) {
        self.schemas.update(|s| s.retain(|t| t.name != name));
        self.files.update(|f| f.retain(|x| x.table != name));
        let (panel, name) = (self.panel, name.to_string());
        leptos::task::spawn_local(async move {
            let _ = crate::worker_link::forget_file(panel, &name).await;
        });
    }

    /// The dropped tables' names (not tracked).
    pub fn names(&self) -> Vec<String> {
        self.schemas
            .with_untracked(|s| s.iter().map(|t| t.name.clone()).collect())
    }

    /// `base` with the dropped tables added: what to check and complete a query against. Tracks
    /// [`LocalTables::schemas`], so a `Memo` over it updates when a file is dropped.
    pub fn catalog_with(&self, base: &Catalog) -> Catalog {
        let mut catalog = base.clone();
        self.schemas.with(|s| {
            for t in s {
                catalog.add(t.clone());
            }
        });
        catalog
    }
}
