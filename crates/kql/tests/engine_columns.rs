//! Stored tables are scanned through column copies (dictionary-encoded strings, contiguous other
//! columns), joins probe by dictionary index and build only the columns the next operator reads.
//! These tests run each query both on a stored table (the fast paths) and on a copy computed by
//! a `let` (the row-by-row paths) and require the same answer, nulls and duplicates included.

mod engine_common;

use engine_common::{opts, NOW};
use kql::engine::{execute, Database, ExecOptions};
use kql::{Column, DataType, Table, Value};

const HOUR: i64 = 36_000_000_000;

/// A stored table with nulls, empty strings, mixed case and equal strings in separate
/// allocations (the dictionary must merge them), and a small threat list to join with.
fn db() -> Database {
    let mut t = Table::new(
        "Events",
        vec![
            Column::new("TimeGenerated", DataType::DateTime),
            Column::new("Account", DataType::String),
            Column::new("IPAddress", DataType::String),
            Column::new("Score", DataType::Long),
            Column::new("Props", DataType::Dynamic),
        ],
    );
    let accounts = ["alice", "Bob", "bob", "", "carol"];
    let ips = ["10.0.0.1", "203.0.113.9", "198.51.100.4", "10.0.0.2"];
    for i in 0..60i64 {
        let account = if i % 7 == 3 {
            Value::Null
        } else {
            // A fresh allocation per row: equal strings are separate values.
            Value::string(accounts[(i % 5) as usize])
        };
        let ip = if i % 11 == 5 {
            Value::Null
        } else {
            Value::string(ips[(i % 4) as usize])
        };
        let score = if i % 9 == 0 {
            Value::Null
        } else {
            Value::Long(i % 13)
        };
        t.push_row(vec![
            Value::DateTime(NOW - i * HOUR),
            account,
            ip,
            score,
            Value::dynamic(serde_json::json!({ "n": i % 3 })),
        ]);
    }
    let mut ti = Table::new(
        "Threats",
        vec![
            Column::new("NetworkIP", DataType::String),
            Column::new("ThreatType", DataType::String),
            Column::new("Account", DataType::String),
        ],
    );
    for (ip, ty) in [
        ("203.0.113.9", "C2"),
        ("203.0.113.9", "Botnet"),
        ("10.0.0.2", "Phishing"),
        ("192.0.2.1", "C2"),
    ] {
        ti.push_row(vec![
            Value::string(ip),
            Value::string(ty),
            Value::string("x"),
        ]);
    }
    let mut db = Database::new();
    db.add(t);
    db.add(ti);
    db
}

/// Runs `query` over the stored `Events` and over a computed copy of it, and checks both agree.
fn same_on_copy(query: &str, opts: &ExecOptions) -> Vec<Vec<Value>> {
    let db = db();
    let stored = execute(query, &db, opts).unwrap_or_else(|e| panic!("{query}: {e}"));
    let copied_query = format!(
        "let Copy = Events | extend Extra = 1 | project-away Extra;\n{}",
        query.replacen("Events", "Copy", 1)
    );
    let copied =
        execute(&copied_query, &db, opts).unwrap_or_else(|e| panic!("{copied_query}: {e}"));
    assert_eq!(
        stored.tables[0].columns, copied.tables[0].columns,
        "columns of {query}"
    );
    assert_eq!(
        stored.tables[0].rows, copied.tables[0].rows,
        "rows of {query}"
    );
    stored.tables[0].rows.clone()
}

#[test]
fn filters_on_one_column_match_the_row_by_row_answer() {
    let o = opts();
    for q in [
        r#"Events | where Account == "bob""#,
        r#"Events | where Account =~ "bob""#,
        r#"Events | where Account != "bob""#,
        r#"Events | where Account has "ali""#,
        r#"Events | where Account contains "AR""#,
        r#"Events | where isempty(Account)"#,
        r#"Events | where isnull(Account)"#,
        r#"Events | where Account in ("alice", "carol")"#,
        r#"Events | where Account !in ("alice", "carol")"#,
        r#"Events | where strlen(Account) > 3"#,
        r#"Events | where Score > 5"#,
        r#"Events | where isnull(Score)"#,
        r#"Events | where Score between (2 .. 4)"#,
        r#"Events | where TimeGenerated > ago(10h)"#,
        r#"Events | where toint(Props.n) == 1"#,
        r#"Events | where Score > 3 and Account startswith "b" and ipv4_is_private(IPAddress)"#,
        r#"Events | where Score > 3 or Account == "carol""#,
        r#"Events | where not(Account == "bob")"#,
        r#"Events | project-rename Who = Account | where Who == "alice""#,
        r#"let threshold = 6; Events | where Score >= threshold"#,
        r#"Events | where Account == "bob" | where Score < 10 | count"#,
    ] {
        same_on_copy(q, &o);
    }
}

#[test]
fn a_where_on_null_keeps_neither_side() {
    let o = opts();
    let yes = same_on_copy(r#"Events | where Account == "bob" | count"#, &o);
    let no = same_on_copy(r#"Events | where not(Account == "bob") | count"#, &o);
    let nulls = same_on_copy(r#"Events | where isnull(Account) | count"#, &o);
    let all = same_on_copy("Events | count", &o);
    let n = |r: &Vec<Vec<Value>>| match r[0][0] {
        Value::Long(n) => n,
        ref v => panic!("count is {v:?}"),
    };
    assert_eq!(n(&yes) + n(&no) + n(&nulls), n(&all));
}

#[test]
fn grouping_by_a_string_column_merges_equal_strings_and_nulls() {
    let o = opts();
    let rows = same_on_copy(
        "Events | summarize n = count(), s = sum(Score) by Account",
        &o,
    );
    // "alice", "Bob", "bob", "", "carol" and null: case-sensitive groups, null its own.
    assert_eq!(rows.len(), 6);
    let total: i64 = rows
        .iter()
        .map(|r| match r[1] {
            Value::Long(n) => n,
            _ => 0,
        })
        .sum();
    assert_eq!(total, 60);
    same_on_copy(
        r#"Events | where Score > 2 | summarize dcount(IPAddress) by Account"#,
        &o,
    );
    same_on_copy("Events | summarize count() by IPAddress", &o);
}

#[test]
fn joins_agree_and_build_only_what_the_next_operator_reads() {
    let o = opts();
    for q in [
        "Events | join kind=inner (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=leftouter (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=rightouter (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=fullouter (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=leftanti (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=leftsemi (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | join kind=rightsemi (Threats) on $left.IPAddress == $right.NetworkIP",
        "Events | where Score > 2 | join kind=inner (Threats) on $left.IPAddress == $right.NetworkIP | summarize Hits = count() by Account, ThreatType",
        "Events | join kind=inner (Threats) on $left.IPAddress == $right.NetworkIP | project Account, Account1, ThreatType",
        "Events | join kind=inner (Threats) on $left.IPAddress == $right.NetworkIP | count",
        "Events | join kind=inner (Threats) on Account",
        "Events | lookup (Threats | project IPAddress = NetworkIP, ThreatType) on IPAddress",
    ] {
        same_on_copy(q, &o);
    }
    // The default innerunique keeps the first left row of each key: one per address that matches.
    let rows = same_on_copy(
        "Events | join (Threats) on $left.IPAddress == $right.NetworkIP | summarize count() by IPAddress, ThreatType",
        &o,
    );
    assert_eq!(rows.len(), 3);
    // A projected join result has exactly the projected columns, the right key renamed.
    let out = execute(
        "Events | join kind=inner (Threats) on $left.IPAddress == $right.NetworkIP | project Account1, NetworkIP",
        &db(),
        &o,
    )
    .unwrap();
    let names: Vec<&str> = out.tables[0]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Account1", "NetworkIP"]);
}

#[test]
fn the_query_window_reads_the_stored_rows_in_place() {
    let o = ExecOptions {
        timespan: Some((NOW - 20 * HOUR, NOW - 5 * HOUR)),
        ..opts()
    };
    let db = db();
    let out = execute("Events | count", &db, &o).unwrap();
    assert_eq!(out.tables[0].rows[0][0], Value::Long(15));
    let out = execute("Events", &db, &o).unwrap();
    assert_eq!(out.tables[0].rows.len(), 15);
    let out = execute(
        r#"Events | where Account == "bob" | union (Events | where Account == "alice") | count"#,
        &db,
        &o,
    )
    .unwrap();
    let plain = execute(
        r#"Events | where TimeGenerated > ago(21h) and TimeGenerated <= ago(6h) | where Account in ("bob", "alice") | count"#,
        &db,
        &opts(),
    )
    .unwrap();
    assert_eq!(out.tables[0].rows, plain.tables[0].rows);
}
