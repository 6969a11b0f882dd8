//! Reading the Log Analytics query API's answer into KQL tables.

use kql::{Column, DataType, Table, Value};
use sentinel::{QueryResult, WorkspaceError};

/// Parses `{"tables":[{"name","columns":[{"name","type"}],"rows"}]}`; a 200 that carries an
/// `error` (a partial error) becomes a `BadQuery` with the service's message.
pub fn parse_response(body: &serde_json::Value) -> Result<QueryResult, WorkspaceError> {
    let shape = |what: &str| WorkspaceError::Server {
        status: 200,
        message: format!("the Log Analytics answer was not in the expected shape: {what}"),
    };
    let tables = body
        .get("tables")
        .and_then(|t| t.as_array())
        .ok_or_else(|| shape("no `tables`"))?;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let name = t
            .get("name")
            .and_then(|n| n.as_str())
            .unwrap_or("PrimaryResult");
        let cols = t
            .get("columns")
            .and_then(|c| c.as_array())
            .ok_or_else(|| shape("a table without `columns`"))?;
        let columns: Vec<Column> = cols
            .iter()
            .map(|c| {
                let n = c.get("name").and_then(|n| n.as_str()).unwrap_or_default();
                let ty = c
                    .get("type")
                    .and_then(|n| n.as_str())
                    .and_then(DataType::from_name)
                    .unwrap_or(DataType::Dynamic);
                Column::new(n, ty)
            })
            .collect();
        let mut table = Table::new(name, columns);
        for row in t
            .get("rows")
            .and_then(|r| r.as_array())
            .ok_or_else(|| shape("a table without `rows`"))?
        {
            let cells = row
                .as_array()
                .ok_or_else(|| shape("a row that is not an array"))?;
            if cells.len() != table.columns.len() {
                return Err(shape("a row with the wrong number of cells"));
            }
            let values = cells
                .iter()
                .zip(&table.columns)
                .map(|(v, c)| cell(v, c.data_type))
                .collect();
            table.push_row(values);
        }
        out.push(table);
    }
    if let Some(err) = body.get("error").filter(|e| !e.is_null()) {
        let message = err
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or("the query failed");
        if out.is_empty() {
            return Err(WorkspaceError::BadQuery {
                message: message.to_string(),
                span: None,
            });
        }
    }
    Ok(QueryResult {
        tables: out,
        chart: None,
    })
}

/// One cell, typed by its column.
fn cell(v: &serde_json::Value, ty: DataType) -> Value {
    use serde_json::Value as J;
    match (v, ty) {
        (J::Null, _) => Value::Null,
        (J::Bool(b), _) => Value::Bool(*b),
        (J::Number(n), DataType::Int) => n.as_i64().map_or(Value::Null, |i| Value::Int(i as i32)),
        (J::Number(n), DataType::Long) => n.as_i64().map_or(Value::Null, Value::Long),
        (J::Number(n), _) => n.as_f64().map_or(Value::Null, Value::Real),
        (J::String(s), DataType::DateTime) => {
            kql::time::parse_datetime(s).map_or(Value::Null, Value::DateTime)
        }
        (J::String(s), DataType::TimeSpan) => {
            kql::time::parse_timespan(s).map_or(Value::Null, Value::TimeSpan)
        }
        (J::String(s), DataType::Dynamic) => serde_json::from_str(s)
            .map(Value::dynamic)
            .unwrap_or_else(|_| Value::string(s)),
        (J::String(s), _) => Value::string(s),
        (other, _) => Value::dynamic(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_typed_tables() {
        let body = json!({"tables":[{"name":"PrimaryResult","columns":[
            {"name":"TimeGenerated","type":"datetime"},{"name":"Count","type":"long"},
            {"name":"User","type":"string"},{"name":"Props","type":"dynamic"}],
            "rows":[["2026-11-27T04:00:00Z", 3, "ana@contoso.example", "{\"a\":1}"],[null,null,null,null]]}]});
        let r = parse_response(&body).unwrap();
        let t = &r.tables[0];
        assert_eq!(t.len(), 2);
        assert!(matches!(t.rows[0][0], Value::DateTime(_)));
        assert_eq!(t.rows[0][1], Value::Long(3));
        assert_eq!(t.rows[0][3], Value::dynamic(json!({"a":1})));
        assert!(t.rows[1].iter().all(Value::is_null));
    }

    #[test]
    fn partial_errors_and_bad_shapes_are_reported() {
        let e = parse_response(
            &json!({"tables":[],"error":{"code":"PartialError","message":"limit reached"}}),
        )
        .unwrap_err();
        assert!(e.to_string().contains("limit reached"));
        assert!(parse_response(&json!({"nope":1})).is_err());
        let bad =
            json!({"tables":[{"name":"T","columns":[{"name":"a","type":"long"}],"rows":[[1,2]]}]});
        assert!(parse_response(&bad).is_err());
    }
}
