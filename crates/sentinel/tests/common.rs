//! Shared fixtures: one demo workspace per test binary, at a fixed clock.
#![allow(dead_code)]

use std::sync::OnceLock;

use sentinel::time::parse_datetime;
use sentinel::{DemoConfig, DemoWorkspace};

/// The fixed "now" of the test workspace.
pub fn now() -> i64 {
    parse_datetime("2026-11-27T04:00:00Z").unwrap()
}

/// The default demo workspace at [`now`], generated once.
pub fn demo() -> &'static DemoWorkspace {
    static DEMO: OnceLock<DemoWorkspace> = OnceLock::new();
    DEMO.get_or_init(|| DemoWorkspace::new(DemoConfig::new(now())))
}

/// Runs a future that never waits (the demo's futures complete at once).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the demo workspace's futures should be ready at once"),
    }
}
