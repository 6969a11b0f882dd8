//! Questions per second in the browser: the project's own NL->KQL question files (development,
//! held-out and Sentinel sets, 115 questions) against the core Sentinel catalog, compiled to
//! wasm32 and timed with `performance.now()` in headless Chromium. Ignored by default; run it,
//! optimised, with:
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
//!   cargo test -p copilot --release --target wasm32-unknown-unknown --test nl2kql_wasm_bench \
//!   -- --include-ignored --nocapture
//! ```
//!
//! and compare with the native figure of the same workload in `cargo bench -p copilot --bench
//! nl2kql` ("own questions (core catalog)").

#![cfg(target_arch = "wasm32")]

use copilot::nl2kql::{generate, Nl2KqlCatalog, Nl2KqlContext};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds with sub-millisecond resolution.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

const FILES: &[&str] = &[
    include_str!("data/nl2kql-develop-sentinel.jsonl"),
    include_str!("data/nl2kql-heldout-sentinel.jsonl"),
    include_str!("data/nl2kql-sentinel-own.jsonl"),
];

fn questions() -> Vec<String> {
    FILES
        .iter()
        .flat_map(|f| f.lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["context"].as_str().map(str::to_string))
        .collect()
}

#[wasm_bindgen_test]
#[ignore]
fn nl2kql_questions_per_second_in_the_browser() {
    let t0 = performance_now();
    let catalog = Nl2KqlCatalog::new(sentinel::core_catalog());
    let built = performance_now() - t0;
    let ctx = Nl2KqlContext {
        now: 1_795_752_000,
        ..Default::default()
    };
    let qs = questions();
    assert!(qs.len() >= 100, "{} questions", qs.len());
    let mut best = f64::MAX;
    let mut answered = 0;
    for _ in 0..7 {
        let t = performance_now();
        answered = qs
            .iter()
            .filter(|q| generate(q, &catalog, &ctx).query().is_some())
            .count();
        best = best.min(performance_now() - t);
    }
    let per = best * 1000.0 / qs.len() as f64;
    console_log!(
        "wasm: catalog built in {built:.1} ms; {} questions ({answered} answered) in {best:.2} ms (best of 7): {per:.1} µs a question, {:.0} questions/s",
        qs.len(),
        1000.0 * qs.len() as f64 / best
    );
}
