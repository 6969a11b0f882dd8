//! The optional coarse gate on a bearer token's unverified `tid` and `aud` claims.
//!
//! The JWT payload is only base64url-decoded, never verified: this keeps tokens from other tenants
//! or for other APIs away from the upstream, while Azure still validates every token it receives.
//! Nothing here ever logs or echoes the token.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

use crate::app::AppState;
use crate::config::TokenGate;
use crate::error::ProxyError;

/// The claims the gate reads.
#[derive(Debug, Deserialize)]
struct Claims {
    oid: Option<String>,
    sub: Option<String>,
    tid: Option<String>,
    aud: Option<Audience>,
    exp: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// Middleware: refuses requests whose token the gate does not let through (when the gate is on).
pub async fn check_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let gate = &state.config.token_gate;
    if !gate.is_on() {
        return next.run(request).await;
    }
    let header = request.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
    match admit(gate, header, now_secs()) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn now_secs() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// Decides whether a request with this `Authorization` header value passes the gate at time `now`.
pub fn admit(gate: &TokenGate, authorization: Option<&[u8]>, now: f64) -> Result<(), ProxyError> {
    let header = authorization.ok_or_else(|| {
        ProxyError::unauthorized("this proxy requires an Authorization: Bearer token")
    })?;
    let header = std::str::from_utf8(header)
        .map_err(|_| ProxyError::unauthorized("the Authorization header is not readable text"))?;
    let token = match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return Err(ProxyError::unauthorized(
                "the Authorization header must use the Bearer scheme",
            ))
        }
    };
    let claims = read_claims(token)?;
    if let Some(exp) = claims.exp {
        if exp < now {
            return Err(ProxyError::unauthorized(
                "the bearer token has expired; get a new one and retry",
            ));
        }
    }
    if !gate.tenants.is_empty() {
        let tid = claims
            .tid
            .as_deref()
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| {
                ProxyError::unauthorized("the bearer token has no tid (tenant) claim")
            })?;
        if !gate.tenants.contains(&tid) {
            return Err(ProxyError::forbidden(
                "TenantNotAllowed",
                "the bearer token was issued by a tenant this proxy does not serve",
            ));
        }
    }
    if !gate.audiences.is_empty() {
        let audiences = match claims.aud {
            Some(Audience::One(a)) => vec![a],
            Some(Audience::Many(list)) => list,
            None => {
                return Err(ProxyError::unauthorized(
                    "the bearer token has no aud (audience) claim",
                ))
            }
        };
        let allowed = audiences
            .iter()
            .any(|a| gate.audiences.iter().any(|g| same_audience(g, a)));
        if !allowed {
            return Err(ProxyError::forbidden(
                "AudienceNotAllowed",
                format!(
                    "the bearer token is for an audience this proxy does not forward; allowed: {}",
                    gate.audiences.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Who a request is from, for per-caller limits: the token's user (`tid`/`oid`, else `sub`), or
/// `None` without a readable bearer token. Only identifies; [`admit`] is what checks the token.
pub fn caller(authorization: Option<&[u8]>) -> Option<String> {
    let header = std::str::from_utf8(authorization?).ok()?;
    let (scheme, token) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let claims = read_claims(token.trim()).ok()?;
    let user = claims.oid.or(claims.sub)?;
    Some(format!("{}/{user}", claims.tid.unwrap_or_default()))
}

/// Audiences compare without a trailing '/' (Entra issues both forms for Resource Manager).
fn same_audience(allowed: &str, claimed: &str) -> bool {
    allowed
        .trim_end_matches('/')
        .eq_ignore_ascii_case(claimed.trim_end_matches('/'))
}

fn read_claims(token: &str) -> Result<Claims, ProxyError> {
    let malformed =
        || ProxyError::unauthorized("the bearer token is not a JWT (header.payload.signature)");
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| malformed())?;
    serde_json::from_slice(&bytes)
        .map_err(|_| ProxyError::unauthorized("the bearer token's payload is not JSON claims"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    fn token(claims: serde_json::Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        format!("Bearer {header}.{payload}.c2lnbmF0dXJl")
    }

    fn gate() -> TokenGate {
        TokenGate {
            tenants: vec![TENANT.into()],
            audiences: vec!["https://management.azure.com".into()],
        }
    }

    #[test]
    fn admits_allowed_tenant_and_audience() {
        let t = token(
            serde_json::json!({"tid": TENANT.to_uppercase(), "aud": "https://management.azure.com/", "exp": 2e9}),
        );
        assert_eq!(admit(&gate(), Some(t.as_bytes()), 1.7e9), Ok(()));
        let t =
            token(serde_json::json!({"tid": TENANT, "aud": ["x", "https://management.azure.com"]}));
        assert_eq!(admit(&gate(), Some(t.as_bytes()), 1.7e9), Ok(()));
    }

    #[test]
    fn refuses_missing_malformed_expired_and_foreign_tokens() {
        let g = gate();
        assert_eq!(admit(&g, None, 0.0).unwrap_err().status, 401);
        assert_eq!(
            admit(&g, Some(b"Basic dXNlcjpwYXNz"), 0.0)
                .unwrap_err()
                .status,
            401
        );
        assert_eq!(
            admit(&g, Some(b"Bearer not-a-jwt"), 0.0)
                .unwrap_err()
                .status,
            401
        );
        assert_eq!(
            admit(&g, Some(b"Bearer a.!!!.c"), 0.0).unwrap_err().status,
            401
        );
        let expired = token(
            serde_json::json!({"tid": TENANT, "aud": "https://management.azure.com", "exp": 1000}),
        );
        assert_eq!(
            admit(&g, Some(expired.as_bytes()), 2000.0)
                .unwrap_err()
                .status,
            401
        );
        let foreign = token(
            serde_json::json!({"tid": "00000000-0000-0000-0000-000000000001", "aud": "https://management.azure.com"}),
        );
        assert_eq!(
            admit(&g, Some(foreign.as_bytes()), 0.0).unwrap_err().code,
            "TenantNotAllowed"
        );
        let graph = token(serde_json::json!({"tid": TENANT, "aud": "https://graph.microsoft.com"}));
        assert_eq!(
            admit(&g, Some(graph.as_bytes()), 0.0).unwrap_err().code,
            "AudienceNotAllowed"
        );
    }

    #[test]
    fn errors_never_echo_the_token() {
        let t = token(serde_json::json!({"tid": "00000000-0000-0000-0000-000000000001"}));
        let err = admit(&gate(), Some(t.as_bytes()), 0.0).unwrap_err();
        let payload = t.split('.').nth(1).unwrap();
        assert!(!err.message.contains(payload));
    }
}
