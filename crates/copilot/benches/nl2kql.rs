//! Questions per second: the dev set's 230 questions over the Defender schema and catalog, the
//! four documented questions and the project's own question files over the Sentinel core catalog
//! (the same workload `tests/nl2kql_wasm_bench.rs` times in the browser).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use criterion::{criterion_group, Criterion, Throughput};

use copilot::nl2kql::{generate, Identity, Nl2KqlCatalog, Nl2KqlContext};

/// The system allocator, counting allocations (reallocations included) and bytes asked for while
/// `COUNTING` is on, so `NL2KQL_ROUNDS` can report them per question (criterion runs uncounted).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
            BYTES.fetch_add(layout.size() as u64, Relaxed);
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
            BYTES.fetch_add(new_size as u64, Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn shared(path: &str) -> Option<String> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/nl2kql/").to_string() + path;
    std::fs::read_to_string(&p).ok()
}

fn bench(c: &mut Criterion) {
    let ctx = Nl2KqlContext {
        me: Some(Identity {
            upn: "analyst@contoso.com".into(),
            ..Default::default()
        }),
        entities: Vec::new(),
        now: 1_795_752_000,
    };
    let core = Nl2KqlCatalog::new(sentinel::core_catalog());
    let documented = [
        "Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.",
        "What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.",
        "Show me the entities of incident 42",
        "Show the top 5 high severity incidents in workspace contoso-soc",
    ];
    let mut g = c.benchmark_group("nl2kql");
    g.throughput(Throughput::Elements(documented.len() as u64));
    g.bench_function("documented questions (core catalog)", |b| {
        b.iter(|| {
            documented
                .iter()
                .filter(|q| generate(q, &core, &ctx).query().is_some())
                .count()
        })
    });
    let own: Vec<String> = [
        include_str!("../tests/data/nl2kql-develop-sentinel.jsonl"),
        include_str!("../tests/data/nl2kql-heldout-sentinel.jsonl"),
        include_str!("../tests/data/nl2kql-sentinel-own.jsonl"),
    ]
    .iter()
    .flat_map(|f| f.lines())
    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    .filter_map(|v| v["context"].as_str().map(str::to_string))
    .collect();
    g.throughput(Throughput::Elements(own.len() as u64));
    g.bench_function("own questions (core catalog)", |b| {
        b.iter(|| {
            own.iter()
                .filter(|q| generate(q, &core, &ctx).query().is_some())
                .count()
        })
    });
    match (
        shared("schema/Defender_Schema.json"),
        shared("catalog/Defender_DataCatalog.yml"),
        shared("dev-defender.jsonl"),
    ) {
        (Some(schema), Some(yaml), Some(dev)) => {
            let cat = Nl2KqlCatalog::from_files(&schema, &[&yaml]).expect("catalog");
            let questions: Vec<String> = dev
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["context"].as_str().map(str::to_string))
                .collect();
            g.throughput(Throughput::Elements(questions.len() as u64));
            g.bench_function("dev set (Defender catalog)", |b| {
                b.iter(|| {
                    questions
                        .iter()
                        .filter(|q| generate(q, &cat, &ctx).query().is_some())
                        .count()
                })
            });
            g.bench_function("catalog build (Defender schema + YAML)", |b| {
                b.iter(|| {
                    Nl2KqlCatalog::from_files(&schema, &[&yaml]).map(|c| c.table_names().count())
                })
            });
        }
        _ => println!("skipped the dev-set benchmark: ../shared/data/nl2kql is missing"),
    }
    g.finish();
}

criterion_group!(benches, bench);

/// With `NL2KQL_ROUNDS=N`, runs the dev set N times without criterion and prints the wall time, for
/// `perf stat -e task-clock,instructions` on a loaded machine (CPU time per question), with the
/// allocations a question makes.
fn rounds(n: usize) {
    let (Some(schema), Some(yaml), Some(dev)) = (
        shared("schema/Defender_Schema.json"),
        shared("catalog/Defender_DataCatalog.yml"),
        shared("dev-defender.jsonl"),
    ) else {
        println!("skipped: ../shared/data/nl2kql is missing");
        return;
    };
    let cat = Nl2KqlCatalog::from_files(&schema, &[&yaml]).expect("catalog");
    let ctx = Nl2KqlContext {
        now: 1_795_752_000,
        ..Default::default()
    };
    let questions: Vec<String> = dev
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["context"].as_str().map(str::to_string))
        .collect();
    COUNTING.store(true, Relaxed);
    let (a0, b0) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
    let t = std::time::Instant::now();
    let mut answered = 0;
    for _ in 0..n {
        answered += questions
            .iter()
            .filter(|q| generate(q, &cat, &ctx).query().is_some())
            .count();
    }
    let e = t.elapsed();
    let asked = (n * questions.len()) as f64;
    println!(
        "{} questions x {n} rounds ({answered} answered) in {:.1} ms wall: {:.1} µs, {:.0} allocations and {:.0} bytes allocated a question",
        questions.len(),
        e.as_secs_f64() * 1e3,
        e.as_secs_f64() * 1e6 / asked,
        (ALLOCATIONS.load(Relaxed) - a0) as f64 / asked,
        (BYTES.load(Relaxed) - b0) as f64 / asked,
    );
}

fn main() {
    if let Some(n) = std::env::var("NL2KQL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        rounds(n);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
