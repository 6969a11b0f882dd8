//! CORS for an allowlist of origins: the allowed origin is echoed (never `*`), every response varies
//! on `Origin`, preflights are answered here, and a request from any other origin is refused before
//! it can reach the upstream (browsers would hide the answer, but a forwarded write would still land).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::ProxyError;

/// Methods a browser may use through the proxy.
pub const ALLOWED_METHODS: &str = "GET, PUT, POST, DELETE";
/// Response headers the app may read (ETag for optimistic concurrency, Retry-After for throttling).
pub const EXPOSED_HEADERS: &str =
    "etag, retry-after, x-ms-request-id, x-ms-correlation-request-id, x-request-id";

/// Request headers a browser may send, besides any `x-ms-*` header.
const ALLOWED_HEADERS: [&str; 6] = [
    "authorization",
    "content-type",
    "if-match",
    "accept",
    "prefer",
    "x-request-id",
];

/// Middleware: answers preflights and adds CORS headers for allowlisted origins.
pub async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(ORIGIN).cloned();
    let allowed = origin
        .as_ref()
        .is_some_and(|o| is_allowed(&state.config.allow_origins, o));
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if is_preflight {
        preflight(request.headers(), allowed)
    } else if origin.is_some() && !allowed {
        ProxyError::forbidden(
            "OriginNotAllowed",
            "this origin is not allowed to call the proxy; add it with --allow-origin",
        )
        .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("origin"));
    if let (true, Some(origin)) = (allowed, origin) {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if !is_preflight {
            headers.insert(
                ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSED_HEADERS),
            );
        }
    }
    response
}

fn is_allowed(allowlist: &[String], origin: &HeaderValue) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    allowlist
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(origin))
}

/// Answers a preflight: 204 with the allowed methods and headers, or 403 saying what is not allowed.
fn preflight(request: &HeaderMap, origin_allowed: bool) -> Response {
    if !origin_allowed {
        return ProxyError::forbidden(
            "OriginNotAllowed",
            "this origin is not allowed to call the proxy; add it with --allow-origin",
        )
        .into_response();
    }
    let method = request
        .get(ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !["GET", "PUT", "POST", "DELETE"].contains(&method) {
        return ProxyError::forbidden(
            "MethodNotAllowed",
            format!("preflight for a method the proxy never forwards; allowed: {ALLOWED_METHODS}"),
        )
        .into_response();
    }
    let requested = request
        .get(ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let names: Vec<String> = requested
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if let Some(bad) = names.iter().find(|h| !is_allowed_header(h)) {
        return ProxyError::forbidden(
            "HeaderNotAllowed",
            format!("the header '{bad}' is not allowed; allowed: Authorization, Content-Type, If-Match, Accept, Prefer, x-ms-*"),
        )
        .into_response();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    let mut allow_headers = ALLOWED_HEADERS.join(", ");
    for name in names.iter().filter(|h| h.starts_with("x-ms-")) {
        allow_headers.push_str(", ");
        allow_headers.push_str(name);
    }
    if let Ok(value) = HeaderValue::from_str(&allow_headers) {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, value);
    }
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    headers.append(
        VARY,
        HeaderValue::from_static("access-control-request-method, access-control-request-headers"),
    );
    response
}

fn is_allowed_header(name: &str) -> bool {
    ALLOWED_HEADERS.contains(&name)
        || (name.starts_with("x-ms-")
            && name.len() > 5
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}
