//! Writing rows into the demo's tables by column name, with the catalog's schemas.

use std::cell::RefCell;
use std::collections::HashMap;

use kql::{Column, Table, Value};

use crate::catalog::core_table;

/// A table being generated: its rows so far and a template row with the per-workspace columns
/// (`TenantId`, `Type`) filled in.
pub struct TableWriter {
    pub table: Table,
    template: Vec<Value>,
}

impl TableWriter {
    /// An empty table with the catalog's schema for `name`.
    pub fn new(name: &str, tenant_id: &Value) -> TableWriter {
        let schema =
            core_table(name).unwrap_or_else(|| panic!("{name} is not in the core catalog"));
        let columns: Vec<Column> = schema.columns.into_iter().map(|c| c.column).collect();
        let mut template = vec![Value::Null; columns.len()];
        let table = Table::new(name, columns);
        if let Some(i) = table.column_index("TenantId") {
            template[i] = tenant_id.clone();
        }
        if let Some(i) = table.column_index("Type") {
            template[i] = Value::string(name);
        }
        TableWriter { table, template }
    }

    /// The positions of the named columns. An unknown name is a bug in the generator, caught by
    /// the demo tests, so it panics with the name.
    pub fn idx<const N: usize>(&self, names: [&str; N]) -> [usize; N] {
        names.map(|n| {
            self.table
                .column_index(n)
                .unwrap_or_else(|| panic!("{} has no column {n}", self.table.name))
        })
    }

    /// A new row with only the per-workspace columns set.
    pub fn row(&self) -> Vec<Value> {
        self.template.clone()
    }

    /// Appends a row made by [`TableWriter::row`].
    pub fn push(&mut self, row: Vec<Value>) {
        self.table.push_row(row);
    }

    /// Reserves room for `n` more rows.
    pub fn reserve(&mut self, n: usize) {
        self.table.rows.reserve(n);
    }
}

/// A datetime value.
pub fn dt(ticks: i64) -> Value {
    Value::DateTime(ticks)
}

thread_local! {
    static STRINGS: RefCell<HashMap<Box<str>, Value>> = RefCell::new(HashMap::new());
    static DYNAMICS: RefCell<HashMap<String, Value>> = RefCell::new(HashMap::new());
}

/// A string value, shared with every other use of the same text during generation (user names,
/// addresses and constants repeat across hundreds of thousands of rows).
pub fn s(text: impl AsRef<str>) -> Value {
    let text = text.as_ref();
    STRINGS.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(v) = m.get(text) {
            return v.clone();
        }
        let v = Value::string(text);
        m.insert(text.into(), v.clone());
        v
    })
}

/// A string value that is unique (ids), not worth sharing.
pub fn u(text: impl AsRef<str>) -> Value {
    Value::string(text)
}

/// A dynamic value built once per `key` during generation and shared afterwards.
pub fn shared_dynamic(key: &str, build: impl FnOnce() -> serde_json::Value) -> Value {
    DYNAMICS.with(|m| {
        if let Some(v) = m.borrow().get(key) {
            return v.clone();
        }
        let v = Value::dynamic(build());
        m.borrow_mut().insert(key.to_string(), v.clone());
        v
    })
}

/// Forgets the shared values (after a generation, so the memory goes with the tables).
pub fn forget_shared() {
    STRINGS.with(|m| m.borrow_mut().clear());
    DYNAMICS.with(|m| m.borrow_mut().clear());
}

impl TableWriter {
    /// The position of one named column (see [`TableWriter::idx`]).
    pub fn col(&self, name: &str) -> usize {
        self.idx([name])[0]
    }
}

/// Declares a struct of column positions whose fields are the column names, so rows are written
/// as `row[c.UserPrincipalName] = ...` without a lookup per value.
macro_rules! columns {
    ($name:ident { $($field:ident),* $(,)? }) => {
        #[allow(non_snake_case)]
        pub struct $name {
            $(pub $field: usize,)*
        }

        impl $name {
            pub fn new(t: &$crate::demo::tables::TableWriter) -> $name {
                $name { $($field: t.col(stringify!($field)),)* }
            }
        }
    };
}
pub(crate) use columns;
