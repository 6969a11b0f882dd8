//! `demo-query`: runs a KQL query on the generated demo workspace and prints the result as the
//! Log Analytics query API returns it.
//!
//! ```text
//! cargo run -p sentinel --bin demo-query -- 'SigninLogs | where ResultType == "50126" | count'
//! cargo run -p sentinel --bin demo-query -- --timespan P1D --seed 7 --scale 2 '<KQL>'
//! ```

use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use sentinel::workspace::{Timespan, WorkspaceError};
use sentinel::{DemoConfig, DemoWorkspace};

const USAGE: &str = "usage: demo-query [--seed N] [--scale X] [--now ISO-TIME] [--timespan ISO-DURATION|START/END] [--stats] '<KQL>'";

fn fail(message: &str) -> ExitCode {
    eprintln!("demo-query: {message}");
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let now_ticks = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64 * 10);
    let mut config = DemoConfig::new(now_ticks);
    let mut timespan = None;
    let mut stats = false;
    let mut query = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let parsed = match arg.as_str() {
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|s| config.seed = s)
                    .map_err(|_| format!("--seed: '{v}' is not a number"))
            }),
            "--scale" => value("--scale").and_then(|v| match v.parse::<f64>() {
                Ok(s) if s > 0.0 => {
                    config.scale = s;
                    Ok(())
                }
                _ => Err(format!("--scale: '{v}' is not a positive number")),
            }),
            "--now" => value("--now").and_then(|v| {
                sentinel::time::parse_datetime(&v)
                    .map(|t| config.now = t)
                    .ok_or_else(|| format!("--now: '{v}' is not an ISO 8601 time"))
            }),
            "--timespan" => value("--timespan").map(|v| timespan = Some(v)),
            "--stats" => {
                stats = true;
                Ok(())
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if query.is_none() && !arg.starts_with("--") => {
                query = Some(arg);
                Ok(())
            }
            _ => Err(format!("unexpected argument '{arg}'\n{USAGE}")),
        };
        if let Err(e) = parsed {
            return fail(&e);
        }
    }
    let Some(query) = query else {
        return fail(&format!("no query given\n{USAGE}"));
    };
    let timespan = match timespan
        .map(|t| Timespan::parse(&t, config.now))
        .transpose()
    {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    let started = Instant::now();
    let workspace = DemoWorkspace::new(config);
    let generated = started.elapsed();
    if stats {
        let rows: usize = workspace.row_counts().iter().map(|(_, n)| n).sum();
        eprintln!(
            "generated {rows} rows and {} incidents in {} ms",
            workspace.incident_records().len(),
            generated.as_millis()
        );
    }
    let started = Instant::now();
    let result = workspace.run_query(&query, timespan);
    if stats {
        eprintln!("query ran in {} ms", started.elapsed().as_millis());
    }
    match result {
        Ok(result) => {
            let body =
                serde_json::json!({ "tables": kql::engine::to_log_analytics_json(&result.tables) });
            println!("{body}");
            ExitCode::SUCCESS
        }
        Err(WorkspaceError::BadQuery {
            message,
            span: Some(span),
        }) => {
            eprintln!("error at {}..{}: {message}", span.start, span.end);
            let line_start = query[..span.start.min(query.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = query[line_start..]
                .find('\n')
                .map_or(query.len(), |i| line_start + i);
            eprintln!("  {}", &query[line_start..line_end]);
            let width = query[line_start..span.start.min(line_end)].chars().count();
            let marks = query
                [span.start.min(line_end)..span.end.min(line_end).max(span.start.min(line_end))]
                .chars()
                .count()
                .max(1);
            eprintln!("  {}{}", " ".repeat(width), "^".repeat(marks));
            ExitCode::from(1)
        }
        Err(e) => fail(&e.to_string()),
    }
}
