//! Shared helpers for the engine tests (included with `mod`).

#![allow(dead_code)]

use kql::engine::{execute, values, Database, ExecError, ExecOptions, QueryOutput};
use kql::{Column, DataType, Table, Value};

/// 2024-03-01T12:00:00Z, the clock the tests run at.
pub const NOW: i64 = 17_092_944_000_000_000;

pub fn opts() -> ExecOptions {
    ExecOptions {
        now: NOW,
        timespan: None,
        row_limit: None,
    }
}

/// A small sign-in table for tests that need a stored table.
pub fn db() -> Database {
    let mut db = Database::new();
    let mut t = Table::new(
        "SigninLogs",
        vec![
            Column::new("TimeGenerated", DataType::DateTime),
            Column::new("UserPrincipalName", DataType::String),
            Column::new("IPAddress", DataType::String),
            Column::new("ResultType", DataType::String),
            Column::new("LocationDetails", DataType::Dynamic),
        ],
    );
    let rows = [
        (
            "2024-03-01T10:00:00Z",
            "alice@contoso.com",
            "10.0.0.5",
            "0",
            r#"{"city":"Paris","countryOrRegion":"FR"}"#,
        ),
        (
            "2024-03-01T10:30:00Z",
            "bob@contoso.com",
            "203.0.113.7",
            "50126",
            r#"{"city":"Lagos","countryOrRegion":"NG"}"#,
        ),
        (
            "2024-03-01T11:10:00Z",
            "bob@contoso.com",
            "203.0.113.7",
            "50126",
            r#"{"city":"Lagos","countryOrRegion":"NG"}"#,
        ),
        (
            "2024-03-01T11:20:00Z",
            "Alice@Contoso.com",
            "10.0.0.5",
            "0",
            r#"{"city":"Paris","countryOrRegion":"FR"}"#,
        ),
        (
            "2024-02-28T08:00:00Z",
            "carol@contoso.com",
            "198.51.100.9",
            "0",
            r#"{"city":"Oslo","countryOrRegion":"NO"}"#,
        ),
    ];
    for (t_, u, ip, r, loc) in rows {
        t.push_row(vec![
            Value::DateTime(kql::time::parse_datetime(t_).unwrap()),
            Value::string(u),
            Value::string(ip),
            Value::string(r),
            Value::dynamic(serde_json::from_str(loc).unwrap()),
        ]);
    }
    db.add(t);
    db
}

pub fn try_run(q: &str) -> Result<QueryOutput, ExecError> {
    execute(q, &db(), &opts())
}

/// Runs a query and returns its primary table; panics with the error otherwise.
pub fn run(q: &str) -> Table {
    match try_run(q) {
        Ok(mut out) => out.tables.remove(0),
        Err(e) => panic!("query failed: {e}\n{q}"),
    }
}

/// A cell as text: `null` for null, strings as they are.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        other => values::to_text(other),
    }
}

/// The rows of a query's result, each as `a|b|c`.
pub fn rows(q: &str) -> Vec<String> {
    let t = run(q);
    t.rows
        .iter()
        .map(|r| r.iter().map(cell).collect::<Vec<_>>().join("|"))
        .collect()
}

/// The single value a query returns.
pub fn scalar(q: &str) -> String {
    let t = run(q);
    assert_eq!(t.rows.len(), 1, "expected one row from {q}");
    assert_eq!(t.columns.len(), 1, "expected one column from {q}");
    cell(&t.rows[0][0])
}

/// The column names and types of a query's result, as `Name:type`.
pub fn schema(q: &str) -> Vec<String> {
    run(q)
        .columns
        .iter()
        .map(|c| format!("{}:{}", c.name, c.data_type.name()))
        .collect()
}

/// The error message of a failing query.
pub fn error(q: &str) -> String {
    match try_run(q) {
        Ok(_) => panic!("expected an error from {q}"),
        Err(e) => e.message,
    }
}
