//! Request ids and the request log: one line per request with the id, method, route template,
//! status and latency. Never the path's ids, the query string or any header.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, Response};
use axum::middleware::Next;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::error::ProxyErrorCode;

/// The route template a response answered, set by the allowlist for the request log.
#[derive(Debug, Clone, Copy)]
pub struct RouteTemplate(pub &'static str);

/// The request id header.
pub const REQUEST_ID: &str = "x-request-id";

/// Middleware: drops a client-sent `x-request-id` that is not a short plain id, so a fresh one is
/// made (keeps arbitrary client text, tokens included, out of the log).
pub async fn sanitize_request_id(mut request: Request, next: Next) -> axum::response::Response {
    let acceptable = request.headers().get(REQUEST_ID).is_some_and(is_plain_id);
    if !acceptable {
        request.headers_mut().remove(REQUEST_ID);
    }
    next.run(request).await
}

fn is_plain_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

type MakeSpan = fn(&Request) -> Span;
type OnResponse = fn(&Response<axum::body::Body>, Duration, &Span);

/// The tracing layer: a span per request holding its id, and one event when it is answered.
pub fn layer(
) -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan, (), OnResponse, (), (), ()> {
    TraceLayer::new_for_http()
        .make_span_with(make_span as MakeSpan)
        .on_request(())
        .on_response(on_response as OnResponse)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

fn make_span(request: &Request) -> Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method())
}

fn on_response(response: &Response<axum::body::Body>, latency: Duration, _span: &Span) {
    let route = response
        .extensions()
        .get::<RouteTemplate>()
        .map_or("-", |r| r.0);
    let error_code = response
        .extensions()
        .get::<ProxyErrorCode>()
        .map_or("-", |c| c.0);
    let status = response.status().as_u16();
    let latency_ms = latency.as_secs_f64() * 1000.0;
    tracing::info!(status, route, error_code, latency_ms, "answered");
}
