//! The table catalog a query is checked against: tables, their typed columns and what they mean.

use std::collections::BTreeMap;

use crate::table::Column;

/// One column of a table in the catalog, with what a person needs to pick it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSchema {
    pub column: Column,
    /// A sentence on what the column holds, if known.
    pub description: Option<String>,
    /// Values the column is known to take (enumerations such as `Status`), if known.
    pub known_values: Vec<String>,
    /// What some of the known values mean, as `(value, description)` ("50057": "The user account
    /// is disabled").
    pub value_descriptions: Vec<(String, String)>,
}

/// A table in the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct TableSchema {
    pub name: String,
    pub description: Option<String>,
    pub columns: Vec<ColumnSchema>,
}

impl TableSchema {
    /// A table with typed columns and no descriptions.
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> TableSchema {
        TableSchema {
            name: name.into(),
            description: None,
            columns: columns
                .into_iter()
                .map(|column| ColumnSchema {
                    column,
                    description: None,
                    known_values: Vec::new(),
                    value_descriptions: Vec::new(),
                })
                .collect(),
        }
    }

    /// The column with this exact (case-sensitive, as in KQL) name.
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns.iter().find(|c| c.column.name == name)
    }
}

/// The set of tables a query may refer to. Table and column names are case-sensitive, as in KQL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    tables: BTreeMap<String, TableSchema>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// Adds a table, or merges its columns and descriptions into the one already there.
    pub fn add(&mut self, table: TableSchema) {
        match self.tables.get_mut(&table.name) {
            None => {
                self.tables.insert(table.name.clone(), table);
            }
            Some(existing) => {
                if existing.description.is_none() {
                    existing.description = table.description;
                }
                for col in table.columns {
                    match existing
                        .columns
                        .iter_mut()
                        .find(|c| c.column.name == col.column.name)
                    {
                        Some(e) => {
                            if e.description.is_none() {
                                e.description = col.description;
                            }
                            for v in col.known_values {
                                if !e.known_values.contains(&v) {
                                    e.known_values.push(v);
                                }
                            }
                            for (v, d) in col.value_descriptions {
                                if !e.value_descriptions.iter().any(|(o, _)| *o == v) {
                                    e.value_descriptions.push((v, d));
                                }
                            }
                        }
                        None => existing.columns.push(col),
                    }
                }
            }
        }
    }

    /// The table with this exact name.
    pub fn table(&self, name: &str) -> Option<&TableSchema> {
        self.tables.get(name)
    }

    /// All tables, by name.
    pub fn tables(&self) -> impl Iterator<Item = &TableSchema> {
        self.tables.values()
    }
}
