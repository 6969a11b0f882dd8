//! The three `engine_vs_duckdb` queries compiled to wasm32 and timed in a browser, for the
//! wasm-versus-native ratio. Ignored by default (it generates 1M rows); run it in headless
//! Chromium, optimised, with:
//!
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 \
//!   cargo test -p kql --release --target wasm32-unknown-unknown --test engine_wasm_bench -- --include-ignored --nocapture
//! ```
//!
//! and compare with the native figures of `cargo bench -p kql --bench engine_vs_duckdb` (same
//! rows, same queries, best of five). Rows: 1,000,000, like the native default. Build both with
//! the same optimisation for a fair ratio (the workspace's release profile is `opt-level = "z"`
//! with LTO; `--config 'profile.release.package.kql.opt-level=3'` measures the engine at -O3).
//! Running as root, Chromium needs `--no-sandbox`: put a `webdriver.json` like the one
//! `cargo xtask browser-tests` writes (`xtask/src/setup.rs`) in `crates/kql/` first.

#![cfg(target_arch = "wasm32")]

#[path = "../benches/engine_support/mod.rs"]
mod engine_support;

use engine_support::{signin_logs, threat_indicators, END, QUERIES};
use kql::engine::{execute, Database, ExecOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds with sub-millisecond resolution.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

#[wasm_bindgen_test]
#[ignore]
fn engine_queries_in_the_browser() {
    let rows = 1_000_000;
    let t0 = performance_now();
    let mut db = Database::new();
    db.add(signin_logs(rows));
    db.add(threat_indicators(5_000));
    console_log!(
        "wasm: generated {rows} sign-ins in {:.0} ms",
        performance_now() - t0
    );
    let opts = ExecOptions {
        now: END,
        ..Default::default()
    };
    for (name, kql_text, _) in QUERIES {
        let mut best = f64::MAX;
        let mut first = 0.0;
        for run in 0..5 {
            let t = performance_now();
            let out = execute(kql_text, &db, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            let ms = performance_now() - t;
            assert!(!out.tables[0].rows.is_empty(), "{name} returned rows");
            if run == 0 {
                first = ms;
            }
            best = best.min(ms);
        }
        console_log!("wasm  {name:<28} {best:>9.1} ms  (first run {first:.1} ms)");
    }
}
