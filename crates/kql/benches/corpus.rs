//! Parse and format throughput over the whole query corpus (reprise99 + NL2KQL Defender gold),
//! compared in the same run with Microsoft's reference parser in Node.
//!
//! `cargo bench -p kql --bench corpus`. The reference needs `node` and `/work/oracle` (or
//! `KQL_ORACLE_DIR`) with `node_modules` installed; without them only our figures are reported.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

fn collect_kql(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_kql(&p, out);
        } else if p.extension().is_some_and(|e| e == "kql") {
            if let Ok(bytes) = std::fs::read(&p) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
}

/// All corpus queries, loaded once at start.
fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    collect_kql(&shared().join("kql-corpus/reprise99"), &mut out);
    if let Ok(text) = std::fs::read_to_string(shared().join("nl2kql/dev-defender.jsonl")) {
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(q) = v["baseline"].as_str() {
                    out.push(q.to_string());
                }
            }
        }
    }
    out
}

/// Our own parse throughput measured the same simple way as the reference, for the ratio.
fn our_mb_per_s(queries: &[String], seconds: f64) -> f64 {
    let bytes: usize = queries.iter().map(|q| q.len()).sum();
    let start = Instant::now();
    let mut rounds = 0usize;
    while start.elapsed().as_secs_f64() < seconds {
        for q in queries {
            std::hint::black_box(kql::parse(q));
        }
        rounds += 1;
    }
    (bytes * rounds) as f64 / start.elapsed().as_secs_f64() / 1e6
}

fn reference_mb_per_s(queries: &[String]) -> Option<f64> {
    let oracle = std::env::var("KQL_ORACLE_DIR").unwrap_or_else(|_| "/work/oracle".into());
    if !Path::new(&oracle).join("node_modules").exists() {
        eprintln!("note: reference parser not found in {oracle}; skipping the comparison");
        return None;
    }
    let file = std::env::temp_dir().join(format!("kql-bench-corpus-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(queries).ok()?).ok()?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/corpus_reference.js");
    let out = std::process::Command::new("node")
        .args([script, &oracle, file.to_str()?, "5"])
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&file);
    if !out.status.success() {
        eprintln!(
            "note: reference run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["mb_per_s"].as_f64()
}

fn bench(c: &mut Criterion) {
    let queries = corpus();
    if queries.is_empty() {
        eprintln!(
            "note: corpus not found under {}; nothing to measure",
            shared().display()
        );
        return;
    }
    let bytes: usize = queries.iter().map(|q| q.len()).sum();
    let parsed: Vec<kql::Parsed> = queries.iter().map(|q| kql::parse(q)).collect();

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(kql::parse(q));
            }
        })
    });
    group.bench_function("format", |b| {
        b.iter(|| {
            for p in &parsed {
                std::hint::black_box(kql::format(&p.query));
            }
        })
    });
    group.finish();

    let ours = our_mb_per_s(&queries, 5.0);
    println!("corpus: {} queries, {} bytes", queries.len(), bytes);
    println!("kql::parse: {ours:.1} MB/s");
    if let Some(reference) = reference_mb_per_s(&queries) {
        println!("reference (Kusto.Language in Node, KustoCode.Parse): {reference:.2} MB/s");
        println!("ratio: {:.0}x", ours / reference);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
