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
    let mut engine_cpu = Vec::new();
    for (name, kql_text, _) in QUERIES {
        let mut best = f64::MAX;
        let mut best_cpu = f64::MAX;
        let mut first = 0.0;
        let mut n_rows = 0;
        for run in 0..runs {
            let t = Instant::now();
            let c = thread_cpu_ms();
            let out = execute(kql_text, &db, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            let cpu = thread_cpu_ms().zip(c).map(|(b, a)| b - a);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if run == 0 {
                // Includes building the column copies the query scans (kept for later runs).
                first = ms;
            }
            best = best.min(ms);
            best_cpu = best_cpu.min(cpu.unwrap_or(f64::NAN));
            n_rows = out.tables[0].rows.len();
        }
        println!("engine  {name:<28} {best:>9.1} ms  (cpu {best_cpu:.1} ms; {n_rows} rows; first run {first:.1} ms)");
        engine_ms.push(best);
        engine_cpu.push(best_cpu);
    }

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/engine_vs_duckdb.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&dir)
        .arg(runs.to_string())
        .output();
    // DuckDB prints `name<TAB>wall ms<TAB>cpu ms` per query.
    let duck: Vec<(f64, f64)> = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t').skip(1).map(|x| x.trim().parse::<f64>());
                Some((f.next()?.ok()?, f.next()?.ok()?))
            })
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
        // Wall-clock and on-CPU time (the latter is steadier on a shared machine).
        println!(
            "\n{:<28} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7}",
            "query", "engine ms", "duckdb ms", "ratio", "engine cpu", "duckdb cpu", "ratio"
        );
        for (i, (name, _, _)) in QUERIES.iter().enumerate() {
            let (e, ec) = (engine_ms[i], engine_cpu[i]);
            let (d, dc) = duck[i];
            println!(
                "{name:<28} {e:>10.1} {d:>10.1} {:>6.1}x {ec:>10.1} {dc:>10.1} {:>6.1}x",
                e / d,
                ec / dc
            );
        }
    }
}

/// CPU time of the calling thread so far, in milliseconds (Linux `schedstat`).
fn thread_cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
