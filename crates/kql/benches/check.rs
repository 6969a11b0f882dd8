//! How fast the checker is, since the editor reruns it on every keystroke: parse+check over the
//! 230 NL->KQL gold queries with the Defender schema (`check/gold`, throughput in queries), the
//! semantic pass alone on already parsed trees (`check/gold_semantic`), and the longest hunting
//! query of the reprise99 corpus with the Sentinel schema (`check/longest_corpus_query`).
//!
//! `cargo bench -p kql --bench check` (reads `../shared/data` in place; skips without it).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::{Path, PathBuf};

use kql::Catalog;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

fn load(rel: &str) -> Option<String> {
    std::fs::read_to_string(shared().join(rel)).ok()
}

fn longest_kql(dir: &Path, longest: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            longest_kql(&p, longest);
        } else if p.extension().is_some_and(|x| x == "kql") {
            if let Ok(text) = std::fs::read_to_string(&p) {
                if text.len() > longest.len() {
                    *longest = text;
                }
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    let (Some(gold), Some(schema)) = (
        load("nl2kql/dev-defender.jsonl"),
        load("nl2kql/schema/Defender_Schema.json"),
    ) else {
        eprintln!(
            "note: shared data not found under {}; nothing to measure",
            shared().display()
        );
        return;
    };
    let catalog = Catalog::from_schema_json(&schema).expect("Defender schema");
    let queries: Vec<String> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["baseline"].as_str().map(str::to_string))
        .collect();
    let parsed: Vec<kql::Parsed> = queries.iter().map(|q| kql::parse(q)).collect();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("gold", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(kql::check(q, &catalog));
            }
        })
    });
    group.bench_function("gold_semantic", |b| {
        b.iter(|| {
            for p in &parsed {
                std::hint::black_box(kql::check_query(&p.query, &catalog));
            }
        })
    });
    group.finish();

    let mut longest = String::new();
    longest_kql(&shared().join("kql-corpus/reprise99"), &mut longest);
    if let (false, Some(sentinel)) = (
        longest.is_empty(),
        load("nl2kql/schema/Sentinel_Schema.json"),
    ) {
        let catalog = Catalog::from_schema_json(&sentinel).expect("Sentinel schema");
        let mut group = c.benchmark_group("check");
        group.throughput(Throughput::Bytes(longest.len() as u64));
        group.bench_function("longest_corpus_query", |b| {
            b.iter(|| std::hint::black_box(kql::check(&longest, &catalog)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
