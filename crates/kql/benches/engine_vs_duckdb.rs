//! The engine against DuckDB on the same 1M SigninLogs-like rows, in one run.
//!
//! Generates the tables, exports them to CSV, runs the three queries in the engine (best of
//! several runs) and in DuckDB through `engine_vs_duckdb.py` (Python, `threads=1`, tables loaded
//! into memory first), and prints both timings and their ratio. Needs `python3` with `duckdb`
//! (`pip install duckdb`); without it, only the engine's figures are printed.
//!
//! `cargo bench -p kql --bench engine_vs_duckdb` (rows: `ENGINE_BENCH_ROWS`, default 1,000,000).
//! `ENGINE_BENCH_ONLY=<part of a query name>` runs just the matching engine queries (no DuckDB),
//! for profiling; `ENGINE_BENCH_KQL=<query>` times any query on the same tables.

mod engine_support;

use std::time::Instant;

use engine_support::{signin_logs, threat_indicators, write_csv, END, QUERIES};
use kql::engine::{execute, Database, ExecOptions};

fn main() {
    let rows: usize = std::env::var("ENGINE_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let runs = 5;
    let only = std::env::var("ENGINE_BENCH_ONLY").ok();
    let t0 = Instant::now();
    let signins = signin_logs(rows);
    let ti = threat_indicators(5_000);
    println!("generated {rows} sign-ins in {:.2?}", t0.elapsed());
    if let Some(only) = only {
        let mut db = Database::new();
        db.add(signins);
        db.add(ti);
        let opts = ExecOptions {
            now: END,
            ..Default::default()
        };
        let custom = std::env::var("ENGINE_BENCH_KQL").ok();
        let mut chosen: Vec<(&str, &str)> = QUERIES
            .iter()
            .filter(|q| q.0.contains(only.as_str()))
            .map(|q| (q.0, q.1))
            .collect();
        if let Some(q) = &custom {
            chosen = vec![("custom", q.as_str())];
        }
        for (name, kql_text) in chosen {
            for _ in 0..runs * 4 {
                let t = Instant::now();
                execute(kql_text, &db, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
                println!(
                    "engine  {name:<28} {:>9.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
        return;
    }

    let dir = std::env::temp_dir().join("kql-engine-bench");
    std::fs::create_dir_all(&dir).expect("temp dir");
    write_csv(&signins, &dir.join("SigninLogs.csv")).expect("write csv");
    write_csv(&ti, &dir.join("ThreatIntelligenceIndicator.csv")).expect("write csv");
    let sql_file = dir.join("queries.json");
    let sql: Vec<serde_json::Value> = QUERIES
        .iter()
        .map(|(name, _, sql)| serde_json::json!({"name": name, "sql": sql}))
        .collect();
    std::fs::write(&sql_file, serde_json::to_string(&sql).expect("json")).expect("write queries");

    let mut db = Database::new();
    db.add(signins);
    db.add(ti);
    let opts = ExecOptions {
        now: END,
        ..Default::default()
    };
    let mut engine_ms = Vec::new();
    for (name, kql_text, _) in QUERIES {
        let mut best = f64::MAX;
        let mut first = 0.0;
        let mut n_rows = 0;
        for run in 0..runs {
            let t = Instant::now();
            let out = execute(kql_text, &db, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if run == 0 {
                // Includes building the column copies the query scans (kept for later runs).
                first = ms;
            }
            best = best.min(ms);
            n_rows = out.tables[0].rows.len();
        }
        println!("engine  {name:<28} {best:>9.1} ms  ({n_rows} rows; first run {first:.1} ms)");
        engine_ms.push(best);
    }

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/engine_vs_duckdb.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&dir)
        .arg(runs.to_string())
        .output();
    let duck: Vec<f64> = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.rsplit('\t').next()?.trim().parse().ok())
            .collect(),
        Ok(o) => {
            println!("duckdb run failed: {}", String::from_utf8_lossy(&o.stderr));
            Vec::new()
        }
        Err(e) => {
            println!("python3 not available ({e}); engine figures only");
            Vec::new()
        }
    };
    if duck.len() == QUERIES.len() {
        println!(
            "\n{:<28} {:>10} {:>10} {:>8}",
            "query", "engine ms", "duckdb ms", "ratio"
        );
        for (((name, _, _), e), d) in QUERIES.iter().zip(&engine_ms).zip(&duck) {
            println!("{name:<28} {e:>10.1} {d:>10.1} {:>7.1}x", e / d);
        }
    }
}
