//! The request log: one JSON line per request with id, route template, status and latency, and
//! never a token, a header value or a query string, even with every crate logging at TRACE.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::{json, Value};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_route_status_and_latency_but_never_tokens_or_queries() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("only this test sets the subscriber");

    let (_mock, proxy) = start_pair(&["--max-request-bytes", "64"]).await;
    let gated = start_proxy(&["--allow-tenant", TENANT]).await;
    let c = client();
    let token = bearer(
        json!({"tid": "00000000-0000-0000-0000-000000000009", "upn": "secret.user@contoso.com", "marker": "T0KEN-MARKER"}),
    );
    let payload = token.split('.').nth(1).unwrap().to_string();
    let secret_query = "SECRET-QUERY-MARKER";
    let allowed = format!(
        "{}{WS}/incidents?{V}&%24filter=properties%2Ftitle%20eq%20%27{secret_query}%27",
        proxy.base
    );
    let answered = c
        .get(&allowed)
        .header("authorization", &token)
        .header("x-request-id", "case-42")
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    let refused = c
        .get(format!("{}{WS}/watchlists?{V}", proxy.base))
        .header("authorization", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let too_big = c
        .put(format!("{}{WS}/incidents/a?{V}", proxy.base))
        .header("authorization", &token)
        .body("x".repeat(100))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), 413);
    let gate = c
        .get(format!("{}{WS}/incidents?{V}", gated.base))
        .header("authorization", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(gate.status(), 403);
    let echoed = c
        .get(format!("{}/healthz", proxy.base))
        .header("x-request-id", token.trim_start_matches("Bearer "))
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.status(), 200);
    let query = c
        .post(format!("{}/la/v1/workspaces/{LA_WS}/query", proxy.base))
        .header("authorization", &token)
        .body(format!("{{\"query\":\"{secret_query}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(query.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(!text.is_empty(), "the log captured something");
    for needle in [
        token.as_str(),
        payload.as_str(),
        "T0KEN-MARKER",
        "secret.user",
        secret_query,
        "c2lnbmF0dXJl",
    ] {
        assert!(!text.contains(needle), "the log contains {needle}");
    }
    let answered_lines: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "answered")
        .collect();
    assert!(
        answered_lines.len() >= 6,
        "one line per request: {answered_lines:?}"
    );
    let incidents = answered_lines
        .iter()
        .find(|v| v["span"]["id"] == "case-42")
        .expect("the request id is on the line");
    assert_eq!(incidents["fields"]["route"], "/arm/{workspace}/incidents");
    assert_eq!(incidents["fields"]["status"], 200);
    assert!(incidents["fields"]["latency_ms"].as_f64().is_some());
    assert!(answered_lines
        .iter()
        .any(|v| v["fields"]["status"] == 403 && v["fields"]["error_code"] == "RouteNotAllowed"));
    assert!(answered_lines.iter().any(|v| v["fields"]["status"] == 413));
}
