//! A compact text form for table schemas, so the catalog reads like the documentation:
//! one column per line, `Name type | description | known, values`.

use kql::{Column, ColumnSchema, DataType, TableSchema};

/// Builds a table from its description and column lines. Blank lines are skipped; the
/// description and known values are optional. The specs are this crate's own constants, and the
/// catalog tests parse every one of them, so a malformed line is a programming error.
pub(super) fn table(name: &str, description: &str, spec: &[&str]) -> TableSchema {
    let mut columns: Vec<ColumnSchema> = Vec::new();
    for block in spec {
        for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let head = parts.next().unwrap_or_default();
            let (col, ty) = head
                .split_once(' ')
                .unwrap_or_else(|| panic!("{name}: column line without a type: {line}"));
            let data_type = DataType::from_name(ty.trim())
                .unwrap_or_else(|| panic!("{name}.{col}: unknown type {ty}"));
            let description = parts.next().filter(|d| !d.is_empty()).map(str::to_string);
            let known_values = parts
                .next()
                .map(|v| {
                    v.split(", ")
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            columns.push(ColumnSchema {
                column: Column::new(col, data_type),
                description,
                known_values,
                value_descriptions: Vec::new(),
            });
        }
    }
    columns.push(ColumnSchema {
        column: Column::new("Type", DataType::String),
        description: Some(format!("The name of the table: {name}.")),
        known_values: vec![name.to_string()],
        value_descriptions: Vec::new(),
    });
    TableSchema {
        name: name.to_string(),
        description: Some(description.to_string()),
        columns,
    }
}
