//! Fault injection for the simulated upstream: added latency, every Nth request throttled (429 with
//! `Retry-After`), failed (500) or dropped, or one fault asked for by the `x-sentinel-fault`
//! request header (`429`, `500`, `drop`, `latency=MS`), so clients' retry and error paths can be
//! tested against the proxy.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::app::{AppState, Backend};
use crate::config::Faults;
use crate::error::ProxyError;

/// The request header that asks for one fault.
pub const FAULT_HEADER: &str = "x-sentinel-fault";
/// Seconds in the `Retry-After` of an injected 429.
pub const RETRY_AFTER_SECS: u64 = 1;

/// The configured faults and the request counter they count with.
pub struct FaultState {
    faults: Faults,
    requests: AtomicU64,
}

impl FaultState {
    /// Starts counting at zero.
    pub fn new(faults: Faults) -> Self {
        Self {
            faults,
            requests: AtomicU64::new(0),
        }
    }
}

/// One fault to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Throttle,
    Fail,
    Drop,
}

/// Middleware (simulate mode only): applies the configured and requested faults.
pub async fn inject_faults(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Backend::Simulate(sim) = &state.backend else {
        return next.run(request).await;
    };
    let config = &sim.faults;
    let n = config.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let every = |rule: Option<u64>| rule.is_some_and(|k| n % k == 0);
    let mut latency = config.faults.latency;
    let mut fault = if every(config.faults.drop_every) {
        Some(Fault::Drop)
    } else if every(config.faults.error_every) {
        Some(Fault::Fail)
    } else if every(config.faults.throttle_every) {
        Some(Fault::Throttle)
    } else {
        None
    };
    if let Some(asked) = request
        .headers()
        .get(FAULT_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        match asked.trim() {
            "429" => fault = Some(Fault::Throttle),
            "500" => fault = Some(Fault::Fail),
            "drop" => fault = Some(Fault::Drop),
            other => {
                if let Some(ms) = other
                    .strip_prefix("latency=")
                    .and_then(|ms| ms.parse::<u64>().ok())
                {
                    latency = Duration::from_millis(ms.min(600_000));
                }
            }
        }
    }
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        None => next.run(request).await,
        Some(Fault::Throttle) => {
            let mut response = ProxyError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Rate limit exceeded for this workspace (simulated); retry after the Retry-After interval.",
            )
            .into_response();
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(RETRY_AFTER_SECS));
            response
        }
        Some(Fault::Fail) => ProxyError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "The service encountered an internal error (simulated).",
        )
        .into_response(),
        Some(Fault::Drop) => {
            tracing::info!("dropping the connection (simulated fault)");
            Response::new(Body::new(Dropped))
        }
    }
}

/// A body that fails at once, so the server aborts the connection instead of answering.
struct Dropped;

impl http_body::Body for Dropped {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "simulated dropped connection",
        ))))
    }
}
