//! Test fixtures: a mock upstream that counts connections and records requests, and a proxy
//! started on an ephemeral port in front of it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sentinel_proxy::{router, AppState, Config};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};

/// A workspace path prefix the allowlist accepts.
pub const WS: &str = "/arm/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights";
/// A Log Analytics workspace id.
pub const LA_WS: &str = "7d2a8c61-4b1f-4c3e-9e0a-5f6b7c8d9e01";
/// The api-version query.
pub const V: &str = "api-version=2025-09-01";
/// A tenant id for token tests.
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// What the mock upstream saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A local stand-in for Resource Manager / Log Analytics.
#[derive(Clone, Default)]
pub struct MockUpstream {
    pub connections: Arc<AtomicUsize>,
    pub requests: Arc<Mutex<Vec<Seen>>>,
}

impl MockUpstream {
    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub fn last(&self) -> Seen {
        self.requests
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("the mock saw a request")
    }
}

/// Accepts connections and counts them.
struct CountingListener {
    inner: TcpListener,
    connections: Arc<AtomicUsize>,
}

impl axum::serve::Listener for CountingListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let accepted = axum::serve::Listener::accept(&mut self.inner).await;
        self.connections.fetch_add(1, Ordering::SeqCst);
        accepted
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// Starts the mock upstream; returns it and its base URL.
pub async fn start_mock() -> (MockUpstream, String) {
    let mock = MockUpstream::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(mock_answer).with_state(mock.clone());
    let counting = CountingListener {
        inner: listener,
        connections: mock.connections.clone(),
    };
    tokio::spawn(async move {
        axum::serve(counting, app).await.ok();
    });
    (mock, format!("http://{addr}"))
}

/// A body of `chunks` frames of 64 KiB with no length announced (chunked transfer).
struct ChunkedBody {
    left: usize,
}

impl http_body::Body for ChunkedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(vec![
            b'x';
            64 * 1024
        ])))))
    }
}

async fn mock_answer(State(mock): State<MockUpstream>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    mock.requests.lock().unwrap().push(Seen {
        method: parts.method.to_string(),
        uri: parts.uri.to_string(),
        headers: parts.headers.clone(),
        body: body.clone(),
    });
    if path.ends_with("/incidents/slow") {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    if path.ends_with("/incidents/redirect") {
        return (
            StatusCode::FOUND,
            [("location", "/stolen"), ("content-type", "text/plain")],
            "moved",
        )
            .into_response();
    }
    if path.ends_with("/incidents/throttled") {
        let body = json!({"error": {"code": "TooManyRequests", "message": "Rate limit exceeded"}});
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [
                ("retry-after", "17"),
                ("x-ms-ratelimit-remaining-subscription-reads", "0"),
            ],
            axum::Json(body),
        )
            .into_response();
    }
    if path.ends_with("/incidents/huge") {
        return (
            StatusCode::OK,
            [("content-type", "application/json")],
            vec![b' '; 2 * 1024 * 1024],
        )
            .into_response();
    }
    if path.ends_with("/incidents/huge-chunked") {
        return Response::new(Body::new(ChunkedBody { left: 40 }));
    }
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned()),
            )
        })
        .collect();
    let echo = json!({
        "method": parts.method.to_string(),
        "uri": parts.uri.to_string(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    (
        StatusCode::OK,
        [
            ("etag", "\"0300bf09-0000-0000-0000-5c37296e0000\""),
            ("x-ms-request-id", "mock-request-1"),
            ("set-cookie", "ARRAffinity=abc; Path=/"),
            ("keep-alive", "timeout=5"),
            ("proxy-authenticate", "Basic"),
            ("access-control-allow-origin", "*"),
            ("server", "mock"),
        ],
        axum::Json(echo),
    )
        .into_response()
}

/// A running proxy.
pub struct Proxy {
    pub base: String,
}

/// Starts the proxy with these flags (plus an ephemeral listen address).
pub async fn start_proxy(flags: &[&str]) -> Proxy {
    let mut args = vec!["sentinel-proxy", "--listen", "127.0.0.1:0"];
    args.extend_from_slice(flags);
    let config = Config::load(args).expect("test config is valid");
    let state = AppState::new(config).expect("state builds");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router(state)).await.ok();
    });
    Proxy {
        base: format!("http://{addr}"),
    }
}

/// A mock upstream and a proxy pointed at it for both APIs.
pub async fn start_pair(extra: &[&str]) -> (MockUpstream, Proxy) {
    let (mock, mock_url) = start_mock().await;
    let arm = format!("{mock_url}/");
    let la = format!("{mock_url}/la-upstream");
    let mut flags = vec![
        "--arm-url",
        arm.as_str(),
        "--log-analytics-url",
        la.as_str(),
    ];
    flags.extend_from_slice(extra);
    let proxy = start_proxy(&flags).await;
    (mock, proxy)
}

/// A test client that never follows redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// A bearer header carrying an unsigned JWT with these claims.
pub fn bearer(claims: Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("Bearer {header}.{payload}.c2lnbmF0dXJl")
}

/// Reads a proxy error body and checks its ARM shape; returns the code.
pub async fn error_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.expect("error bodies are JSON");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_string()
}
