//! Shared fixtures of the experience tests: one demo workspace at a fixed clock, and a
//! `block_on` for its futures (which complete at once).
#![allow(dead_code)]

use std::sync::OnceLock;

use copilot::evidence::IncidentEvidence;
use sentinel::time::parse_datetime;
use sentinel::{DemoConfig, DemoWorkspace, Incident, IncidentQuery, Workspace};

/// The fixed "now" of the test workspace.
pub fn now() -> i64 {
    parse_datetime("2026-11-27T04:00:00Z").unwrap()
}

/// The default demo workspace at [`now`], generated once per test binary.
pub fn demo() -> &'static DemoWorkspace {
    static DEMO: OnceLock<DemoWorkspace> = OnceLock::new();
    DEMO.get_or_init(|| DemoWorkspace::new(DemoConfig::new(now())))
}

/// Runs a future that never waits.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the demo workspace's futures should be ready at once"),
    }
}

/// Every incident of a workspace.
pub fn all_incidents(ws: &dyn Workspace) -> Vec<Incident> {
    block_on(ws.list_incidents(&IncidentQuery::newest(1000)))
        .unwrap()
        .value
}

/// The evidence of every incident of the demo.
pub fn all_evidence(ws: &dyn Workspace) -> Vec<IncidentEvidence> {
    all_incidents(ws)
        .iter()
        .map(|i| block_on(IncidentEvidence::load(ws, &i.name)).unwrap())
        .collect()
}
