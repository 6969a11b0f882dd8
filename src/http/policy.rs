//! How the HTTP workspace behaves on the wire, as plain functions: which responses to retry and
//! after how long, what each failure means for the analyst, and which `nextLink`s to follow.

use std::time::Duration;

use sentinel::WorkspaceError;

/// Retries at most this many times.
pub const MAX_RETRIES: u32 = 4;
/// No single wait is longer than this.
pub const MAX_DELAY: Duration = Duration::from_secs(30);
const BASE_DELAY_MS: u64 = 500;

/// The wait before retry number `attempt` (0-based) of a response with `status`, or `None` when
/// the response must not be retried. Only 429, 503 and 504 are retried; `Retry-After` is honoured
/// as given (capped at [`MAX_DELAY`]); otherwise capped exponential backoff with `jitter` in
/// `[0, 1)` spreading the wait between half and all of the step.
pub fn retry_delay(
    status: u16,
    attempt: u32,
    retry_after: Option<&str>,
    jitter: f64,
) -> Option<Duration> {
    if !matches!(status, 429 | 503 | 504) || attempt >= MAX_RETRIES {
        return None;
    }
    if let Some(d) = retry_after.and_then(parse_retry_after) {
        return Some(d.min(MAX_DELAY));
    }
    let step = BASE_DELAY_MS
        .saturating_mul(1 << attempt.min(16))
        .min(MAX_DELAY.as_millis() as u64);
    let jitter = jitter.clamp(0.0, 1.0);
    Some(Duration::from_millis(
        step / 2 + ((step / 2) as f64 * jitter) as u64,
    ))
}

/// `Retry-After` in seconds (the form Azure sends). HTTP dates are not used by Azure and are ignored.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The analyst-facing error for a failed response. `body` is the response text (ARM and Log
/// Analytics both send `{"error":{"code","message"}}`); `api` names which API was called.
pub fn error_from_response(
    status: u16,
    body: &str,
    retry_after: Option<&str>,
    api: &str,
) -> WorkspaceError {
    let (code, message) = error_code_and_message(body);
    let detail = if message.is_empty() {
        format!("HTTP {status}")
    } else {
        message.clone()
    };
    match status {
        400 if api == "Log Analytics" => WorkspaceError::BadQuery { message: detail, span: None },
        400 => WorkspaceError::BadRequest { message: detail },
        401 => {
            let lower = format!("{code} {message}").to_ascii_lowercase();
            let text = if lower.contains("audience") || lower.contains("invalidauthenticationtokenaudience") {
                format!("the sign-in token is for the wrong audience for {api}; sign in again")
            } else if lower.contains("expired") {
                "your sign-in has expired; sign in again".to_string()
            } else {
                format!("{api} did not accept the sign-in ({detail}); sign in again")
            };
            WorkspaceError::Unauthorized { message: text }
        }
        403 => WorkspaceError::Forbidden {
            message: format!(
                "no permission on this workspace for {api} ({detail}); ask for the Microsoft Sentinel Reader, Responder or Contributor role"
            ),
        },
        404 => WorkspaceError::NotFound { what: if message.is_empty() { "The resource".into() } else { message } },
        409 | 412 => WorkspaceError::Conflict {
            message: "The incident was changed by someone else since you opened it; reload it and try again.".into(),
        },
        413 => WorkspaceError::BadRequest { message: "The request is too large for the proxy.".into() },
        429 => WorkspaceError::Throttled { retry_after: retry_after.and_then(parse_retry_after) },
        504 => WorkspaceError::Network { message: format!("{api} took too long to answer; try a shorter time range") },
        s if s >= 500 => WorkspaceError::Server { status: s, message: detail },
        s => WorkspaceError::Server { status: s, message: detail },
    }
}

/// `(code, message)` from an ARM / Log Analytics error body; empty strings when absent.
pub fn error_code_and_message(body: &str) -> (String, String) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return (String::new(), String::new());
    };
    let err = v.get("error").unwrap_or(&v);
    let text = |k: &str| {
        err.get(k)
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut message = text("message");
    // Log Analytics nests the useful part: error.innererror.message.
    if let Some(inner) = err
        .get("innererror")
        .and_then(|i| i.get("message"))
        .and_then(|m| m.as_str())
    {
        if !inner.is_empty() {
            message = format!("{message} {inner}").trim().to_string();
        }
    }
    (text("code"), message)
}

/// Turns an ARM `nextLink` into the proxy URL that fetches it, refusing a link to any other host
/// than Resource Manager (a link must not send the analyst's token elsewhere).
pub fn next_link_via_proxy(
    next_link: &str,
    proxy_base: &str,
    arm_base: &str,
) -> Result<String, WorkspaceError> {
    let arm = arm_base.trim_end_matches('/');
    let proxy = proxy_base.trim_end_matches('/');
    // Links may already point at the proxy (the simulated upstream does this).
    let rest = next_link
        .strip_prefix(&format!("{arm}/"))
        .or_else(|| next_link.strip_prefix(&format!("{proxy}/arm/")))
        .filter(|rest| !rest.starts_with('/') && !rest.contains("://") && !rest.contains('@'));
    match rest {
        Some(rest) => Ok(format!("{proxy}/arm/{rest}")),
        None => Err(WorkspaceError::BadRequest {
            message: format!(
                "refused a paging link to another host: {}",
                host_of(next_link)
            ),
        }),
    }
}

fn host_of(url: &str) -> &str {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    after.split(['/', '?']).next().unwrap_or(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_throttling_and_gateway_errors_are_retried() {
        for status in [400, 401, 403, 404, 409, 412, 500, 502] {
            assert_eq!(retry_delay(status, 0, None, 0.5), None, "{status}");
        }
        for status in [429, 503, 504] {
            assert!(retry_delay(status, 0, None, 0.5).is_some(), "{status}");
        }
        assert_eq!(
            retry_delay(429, MAX_RETRIES, None, 0.5),
            None,
            "gives up after the last retry"
        );
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        assert_eq!(
            retry_delay(429, 0, Some("7"), 0.9),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_delay(429, 0, Some("3600"), 0.0), Some(MAX_DELAY));
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let d0 = retry_delay(503, 0, None, 0.0).unwrap();
        let d1 = retry_delay(503, 1, None, 0.0).unwrap();
        let d1j = retry_delay(503, 1, None, 0.99).unwrap();
        assert!(d1 > d0 && d1j > d1, "{d0:?} {d1:?} {d1j:?}");
        assert!(retry_delay(503, 3, None, 0.99).unwrap() <= MAX_DELAY);
    }

    #[test]
    fn failures_read_as_what_to_do() {
        let body = r#"{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}"#;
        assert!(error_from_response(401, body, None, "Resource Manager")
            .to_string()
            .contains("expired"));
        let body = r#"{"error":{"code":"InvalidAuthenticationTokenAudience","message":"The access token has been obtained for wrong audience."}}"#;
        assert!(error_from_response(401, body, None, "Resource Manager")
            .to_string()
            .contains("wrong audience"));
        assert!(error_from_response(403, "{}", None, "Log Analytics")
            .to_string()
            .contains("permission"));
        assert_eq!(
            error_from_response(429, "", Some("12"), "Log Analytics").to_string(),
            "Sentinel is throttling requests; try again in 12 s."
        );
        let body = r#"{"error":{"code":"BadArgumentError","message":"The request had some invalid properties","innererror":{"code":"SyntaxError","message":"Query could not be parsed at 'x' on line [1,5]"}}}"#;
        let e = error_from_response(400, body, None, "Log Analytics");
        assert!(
            matches!(e, WorkspaceError::BadQuery { .. }) && e.to_string().contains("line [1,5]"),
            "{e}"
        );
        assert!(error_from_response(412, "", None, "Resource Manager")
            .to_string()
            .contains("someone else"));
    }

    #[test]
    fn next_links_stay_on_resource_manager() {
        let arm = "https://management.azure.com";
        let proxy = "https://proxy.example/";
        let link = "https://management.azure.com/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents?api-version=2025-09-01&$skipToken=abc";
        assert_eq!(
            next_link_via_proxy(link, proxy, arm).unwrap(),
            "https://proxy.example/arm/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents?api-version=2025-09-01&$skipToken=abc"
        );
        for evil in [
            "https://evil.example/subscriptions/s",
            "https://management.azure.com.evil.example/subscriptions/s",
            "https://management.azure.com@evil.example/x",
            "https://management.azure.com//evil.example/x",
        ] {
            assert!(next_link_via_proxy(evil, proxy, arm).is_err(), "{evil}");
        }
    }
}
