//! Column copies of stored tables, built the first time an operator scans a column and kept
//! with the database for later queries.
//!
//! Stored tables are row-major (`Vec<Vec<Value>>`), which makes a scan of one column touch every
//! row's memory. The scans that dominate hunting queries (`where Column op constant`, join keys,
//! `summarize ... by Column`) read a column copy instead: string columns dictionary-encoded (a
//! `u32` per row into the column's distinct values, so a test or a hash runs once per distinct
//! value), other columns as a contiguous run of values.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::table::Table;
use crate::value::{DataType, Value};

/// One column of a stored table, in row order.
#[derive(Debug)]
pub enum ColumnCopy {
    /// Every value, contiguous.
    Plain(Vec<Value>),
    /// Distinct values (null included when present, each string once) and, per row, the index
    /// of its value.
    Dictionary { ids: Vec<u32>, values: Vec<Value> },
}

impl ColumnCopy {
    fn build(table: &Table, c: usize) -> ColumnCopy {
        if table.columns[c].data_type != DataType::String {
            return ColumnCopy::Plain(table.rows.iter().map(|r| r[c].clone()).collect());
        }
        let mut ids = Vec::with_capacity(table.rows.len());
        let mut values: Vec<Value> = Vec::new();
        // Stored strings are usually shared, so most lookups hit the pointer map and never read
        // the text; the text map makes equal strings in different allocations one entry.
        let mut by_ptr: FxHashMap<usize, u32> = FxHashMap::default();
        let mut by_text: FxHashMap<Arc<str>, u32> = FxHashMap::default();
        let mut null_id: Option<u32> = None;
        let mut other: Vec<(Value, u32)> = Vec::new();
        for r in &table.rows {
            let id = match &r[c] {
                Value::String(s) => {
                    let p = s.as_ptr() as usize;
                    match by_ptr.get(&p) {
                        Some(id) => *id,
                        None => {
                            let id = *by_text.entry(s.clone()).or_insert_with(|| {
                                values.push(Value::String(s.clone()));
                                (values.len() - 1) as u32
                            });
                            by_ptr.insert(p, id);
                            id
                        }
                    }
                }
                Value::Null => *null_id.get_or_insert_with(|| {
                    values.push(Value::Null);
                    (values.len() - 1) as u32
                }),
                // A non-string in a string column (not expected, kept exact).
                v => match other.iter().find(|(o, _)| o == v) {
                    Some((_, id)) => *id,
                    None => {
                        values.push(v.clone());
                        let id = (values.len() - 1) as u32;
                        other.push((v.clone(), id));
                        id
                    }
                },
            };
            ids.push(id);
        }
        ColumnCopy::Dictionary { ids, values }
    }
}

/// The column copies of one stored table, each built on first use.
#[derive(Debug)]
pub struct ColumnCache {
    columns: Vec<OnceLock<ColumnCopy>>,
}

impl ColumnCache {
    /// An empty cache for `table`'s columns.
    pub fn new(table: &Table) -> ColumnCache {
        ColumnCache {
            columns: (0..table.columns.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Column `c` of `table` (the table this cache was made for), built now if it is not yet.
    pub fn column(&self, table: &Table, c: usize) -> &ColumnCopy {
        self.columns[c].get_or_init(|| ColumnCopy::build(table, c))
    }
}

/// A stored table with its column cache.
#[derive(Clone, Debug)]
pub struct Stored {
    pub table: Arc<Table>,
    pub cache: Arc<ColumnCache>,
}

impl Stored {
    /// A stored table with an empty cache.
    pub fn new(table: Table) -> Stored {
        let cache = Arc::new(ColumnCache::new(&table));
        Stored {
            table: Arc::new(table),
            cache,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    #[test]
    fn dictionary_merges_equal_strings_from_different_allocations() {
        let mut t = Table::new("T", vec![Column::new("S", DataType::String)]);
        for v in ["a", "b", "a"] {
            t.push_row(vec![Value::string(v)]);
        }
        t.push_row(vec![Value::Null]);
        let cache = ColumnCache::new(&t);
        match cache.column(&t, 0) {
            ColumnCopy::Dictionary { ids, values } => {
                assert_eq!(ids, &vec![0, 1, 0, 2]);
                assert_eq!(values[2], Value::Null);
            }
            other => panic!("expected a dictionary, got {other:?}"),
        }
    }
}
