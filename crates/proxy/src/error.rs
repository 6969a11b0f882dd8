//! Errors the proxy itself answers with, in Azure Resource Manager's error shape
//! `{"error":{"code":"...","message":"..."}}`, so the app parses one shape whoever failed.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error response produced by the proxy (never by the upstream).
///
/// Messages are written for the engineer reading the browser console; they never contain header
/// values, tokens or query strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    /// HTTP status sent to the client.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `RouteNotAllowed`.
    pub code: &'static str,
    /// What went wrong and what to do.
    pub message: String,
}

impl ProxyError {
    /// Builds an error with the given status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 403: the request is outside the proxy's allowlist; nothing was sent upstream.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 401: the bearer token is missing or unreadable while the token gate is on.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    /// 413: the request body is larger than the configured limit.
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestBodyTooLarge",
            format!("the request body is larger than the proxy's limit of {limit} bytes (max_request_bytes)"),
        )
    }

    /// 502: the upstream answered something the proxy will not pass on, or could not be reached.
    pub fn bad_gateway(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, code, message)
    }

    /// 504: the upstream did not answer in time.
    pub fn gateway_timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::GATEWAY_TIMEOUT, "UpstreamTimeout", message)
    }

    /// The JSON body in ARM's error shape.
    pub fn body(&self) -> serde_json::Value {
        json!({ "error": { "code": self.code, "message": self.message } })
    }
}

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ProxyError {}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response.extensions_mut().insert(ProxyErrorCode(self.code));
        response
    }
}

/// Marks a response as produced by the proxy itself, so the request log can say so.
#[derive(Debug, Clone, Copy)]
pub struct ProxyErrorCode(pub &'static str);
