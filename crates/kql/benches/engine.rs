//! Criterion benchmarks of the engine on 100k synthetic sign-ins: the common operator shapes
//! (filter, string search, aggregation, join, sort, make-series, extend).
//!
//! `cargo bench -p kql --bench engine`

mod engine_support;

use criterion::{criterion_group, criterion_main, Criterion};
use engine_support::{signin_logs, threat_indicators, END, QUERIES};
use kql::engine::{execute, Database, ExecOptions};

fn engine(c: &mut Criterion) {
    let mut db = Database::new();
    db.add(signin_logs(100_000));
    db.add(threat_indicators(5_000));
    let opts = ExecOptions {
        now: END,
        ..Default::default()
    };
    let mut queries: Vec<(&str, &str)> = QUERIES.iter().map(|(n, q, _)| (*n, *q)).collect();
    queries.extend([
        ("where ==", "SigninLogs | where ResultType == \"50126\" | count"),
        ("where has", "SigninLogs | where AppDisplayName has \"teams\" | count"),
        ("extend + project", "SigninLogs | extend Hour = hourofday(TimeGenerated), Slow = DurationMs > 2500 | project Hour, Slow, UserPrincipalName"),
        ("sort + take", "SigninLogs | sort by DurationMs desc | take 100"),
        ("summarize by bin", "SigninLogs | summarize count(), avg(DurationMs) by bin(TimeGenerated, 1h), ResultType"),
    ]);
    let mut group = c.benchmark_group("engine_100k");
    group.sample_size(10);
    for (name, q) in queries {
        group.bench_function(name, |b| {
            b.iter(|| execute(q, &db, &opts).expect("query runs"));
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
