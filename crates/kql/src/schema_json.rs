//! Loading a [`Catalog`] from the Kusto schema JSON that tools export
//! (`[{"Database", "Tables": [{"Table", "Columns": [{"Name", "Type": "System.String"}]}]}]`).

use serde_json::Value as Json;

use crate::schema::{Catalog, TableSchema};
use crate::table::Column;
use crate::value::DataType;

impl Catalog {
    /// Reads a schema export: a list of databases (or a single one) with their tables and typed
    /// columns. Column types may be .NET names (`System.Int64`, `System.Object`) or KQL names
    /// (`long`); an unknown type becomes `dynamic`. Tables listed twice are merged.
    pub fn from_schema_json(text: &str) -> Result<Catalog, String> {
        let doc: Json =
            serde_json::from_str(text).map_err(|e| format!("schema is not valid JSON: {e}"))?;
        let databases = match &doc {
            Json::Array(items) => items.iter().collect::<Vec<_>>(),
            Json::Object(_) => vec![&doc],
            _ => return Err("schema must be a JSON object or a list of databases".into()),
        };
        let mut catalog = Catalog::new();
        for (d, db) in databases.into_iter().enumerate() {
            let tables = db
                .get("Tables")
                .and_then(Json::as_array)
                .ok_or_else(|| format!("database #{} has no \"Tables\" list", d + 1))?;
            for (t, table) in tables.iter().enumerate() {
                let name = table
                    .get("Table")
                    .or_else(|| table.get("Name"))
                    .and_then(Json::as_str)
                    .ok_or_else(|| {
                        format!("table #{} of database #{} has no name", t + 1, d + 1)
                    })?;
                let mut columns = Vec::new();
                for (c, col) in table
                    .get("Columns")
                    .and_then(Json::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let col_name = col.get("Name").and_then(Json::as_str).ok_or_else(|| {
                        format!("column #{} of table `{name}` has no \"Name\"", c + 1)
                    })?;
                    let ty = col.get("Type").and_then(Json::as_str).unwrap_or("string");
                    columns.push(Column::new(col_name, data_type_from_schema(ty)));
                }
                catalog.add(TableSchema::new(name, columns));
            }
        }
        Ok(catalog)
    }
}

/// Maps a schema column type (.NET or KQL spelling) to a KQL type; unknown types are `dynamic`.
pub fn data_type_from_schema(name: &str) -> DataType {
    let lower = name.trim().to_ascii_lowercase();
    let short = lower.strip_prefix("system.").unwrap_or(&lower);
    match short {
        "string" => DataType::String,
        "datetime" | "date" => DataType::DateTime,
        "int32" | "int" | "byte" | "int16" => DataType::Int,
        "int64" | "long" => DataType::Long,
        "double" | "single" | "real" | "float" => DataType::Real,
        "decimal" | "data.sqltypes.sqldecimal" => DataType::Decimal,
        "boolean" | "bool" | "sbyte" => DataType::Bool,
        "guid" | "uniqueid" => DataType::Guid,
        "timespan" | "time" => DataType::TimeSpan,
        _ => DataType::Dynamic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_databases_and_maps_dotnet_types() {
        let json = r#"[{"Database":"db","Tables":[{"Table":"T","Columns":[
            {"Name":"A","Type":"System.String"},{"Name":"B","Type":"System.Int64"},
            {"Name":"C","Type":"Boolean"},{"Name":"D","Type":"System.Object"},
            {"Name":"E","Type":"System.SByte"},{"Name":"F","Type":"Double"}]}]}]"#;
        let cat = Catalog::from_schema_json(json).unwrap();
        let t = cat.table("T").unwrap();
        let types: Vec<_> = t.columns.iter().map(|c| c.column.data_type).collect();
        use DataType::*;
        assert_eq!(types, vec![String, Long, Bool, Dynamic, Bool, Real]);
    }

    #[test]
    fn bad_schema_is_a_clear_error() {
        assert!(Catalog::from_schema_json("nope")
            .unwrap_err()
            .contains("not valid JSON"));
        let err = Catalog::from_schema_json(r#"[{"Database":"x"}]"#).unwrap_err();
        assert!(err.contains("Tables"), "{err}");
    }
}
