//! `kql`: the KQL checker on the command line, for scripts and benchmarks.
//!
//! ```text
//! kql check [--schema FILE]   JSON lines {"id", "query"} on stdin ->
//!                             {"id", "valid", "errors": [{"message", "start", "end"}]} on stdout
//! kql format                  a query on stdin -> the same query in Sentinel's editor layout
//! ```
//!
//! Without `--schema` only syntax is checked. `FILE` is a Kusto schema export
//! (`[{"Database", "Tables": [{"Table", "Columns": [{"Name", "Type"}]}]}]`).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use kql::{Catalog, Severity};
use serde_json::{json, Value as Json};

const USAGE: &str = "usage: kql check [--schema FILE] < queries.jsonl > verdicts.jsonl
       kql format < query.kql > formatted.kql";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kql: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("check") => {
            let catalog = match args.iter().position(|a| a == "--schema") {
                Some(i) => {
                    let file = args
                        .get(i + 1)
                        .ok_or_else(|| format!("--schema needs a file\n{USAGE}"))?;
                    let text = std::fs::read_to_string(file)
                        .map_err(|e| format!("cannot read schema {file}: {e}"))?;
                    Some(Catalog::from_schema_json(&text).map_err(|e| format!("{file}: {e}"))?)
                }
                None => None,
            };
            check_lines(catalog.as_ref())
        }
        Some("format") => format_stdin(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
        None => Err(USAGE.to_string()),
    }
}

/// Reads `{"id", "query"}` lines and writes one verdict line per query.
fn check_lines(catalog: Option<&Catalog>) -> Result<(), String> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| format!("reading stdin: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let item: Json = serde_json::from_str(&line)
            .map_err(|e| format!("line {}: not a JSON object: {e}", n + 1))?;
        let id = item.get("id").cloned().unwrap_or(Json::Null);
        let query = item
            .get("query")
            .and_then(Json::as_str)
            .ok_or_else(|| format!("line {}: missing string field \"query\"", n + 1))?;
        let diagnostics = match catalog {
            Some(c) => kql::check(query, c),
            None => kql::parse(query).diagnostics,
        };
        let errors: Vec<Json> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| json!({"message": d.message, "start": d.span.start, "end": d.span.end}))
            .collect();
        let verdict = json!({"id": id, "valid": errors.is_empty(), "errors": errors});
        writeln!(out, "{verdict}").map_err(|e| format!("writing stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing stdout: {e}"))
}

/// Formats the query on stdin; syntax errors are reported with line and column.
fn format_stdin() -> Result<(), String> {
    let mut source = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut source)
        .map_err(|e| format!("reading stdin: {e}"))?;
    match kql::format::format_source(&source) {
        Ok(text) => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            Ok(())
        }
        Err(errors) => Err(errors
            .iter()
            .map(|d| {
                let (line, col) = d.line_col(&source);
                format!("{line}:{col}: {}", d.message)
            })
            .collect::<Vec<_>>()
            .join("\n")),
    }
}
