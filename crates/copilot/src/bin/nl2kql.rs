//! `nl2kql [--schema FILE] [--catalog YML]... [--me UPN]`
//!
//! Reads `{"id", "question"}` JSON lines on stdin and writes `{"id", "query", "explanation",
//! "confidence"}` lines (query null, with what was not understood, when it abstains). Without
//! `--schema` it answers over the Sentinel core tables of `sentinel::core_catalog()`; `--catalog`
//! merges descriptions and known values from NL2KQL data catalog YAML files.

use std::io::{BufRead, Write};

use copilot::nl2kql::{
    generate, merge_yaml, schema_from_json, Generation, Identity, Nl2KqlCatalog, Nl2KqlContext,
};

fn fail(msg: &str) -> ! {
    eprintln!("nl2kql: {msg}");
    std::process::exit(2)
}

fn main() {
    let mut schema_path = None;
    let mut catalogs = Vec::new();
    let mut me = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--schema" => {
                schema_path = Some(args.next().unwrap_or_else(|| fail("--schema needs a file")))
            }
            "--catalog" => catalogs.push(
                args.next()
                    .unwrap_or_else(|| fail("--catalog needs a file")),
            ),
            "--me" => {
                me = Some(
                    args.next()
                        .unwrap_or_else(|| fail("--me needs a user principal name")),
                )
            }
            "-h" | "--help" => {
                println!("usage: nl2kql [--schema SCHEMA.json] [--catalog CATALOG.yml]... [--me UPN] < questions.jsonl");
                return;
            }
            other => fail(&format!("unknown argument {other} (see --help)")),
        }
    }
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| fail(&format!("cannot read {p}: {e}")))
    };
    let mut schema = match &schema_path {
        Some(p) => schema_from_json(&read(p)).unwrap_or_else(|e| fail(&format!("{p}: {e}"))),
        None => sentinel::core_catalog(),
    };
    for c in &catalogs {
        merge_yaml(&mut schema, &read(c)).unwrap_or_else(|e| fail(&format!("{c}: {e}")));
    }
    let catalog = Nl2KqlCatalog::new(schema);
    let ctx = Nl2KqlContext {
        me: me.map(|upn| Identity {
            upn,
            ..Default::default()
        }),
        entities: Vec::new(),
        now: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("nl2kql: line {}: not JSON ({e}); skipped", n + 1);
                continue;
            }
        };
        let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let Some(question) = v.get("question").and_then(|q| q.as_str()) else {
            eprintln!("nl2kql: line {}: no \"question\" string; skipped", n + 1);
            continue;
        };
        if std::env::var_os("NL2KQL_SCORES").is_some() {
            eprintln!(
                "table scores: {:?}",
                copilot::nl2kql::table_scores(question, &catalog)
            );
        }
        let record = match generate(question, &catalog, &ctx) {
            Generation::Query(q) => serde_json::json!({
                "id": id, "query": q.kql, "explanation": q.explanation, "confidence": q.confidence,
                "tables": q.tables, "workspace": q.workspace,
            }),
            Generation::Abstain(a) => serde_json::json!({
                "id": id, "query": null, "confidence": 0.0,
                "explanation": {"not_understood": a.not_understood, "can_answer": a.can_answer, "examples": a.examples},
            }),
        };
        if writeln!(out, "{record}").is_err() {
            break;
        }
    }
}
