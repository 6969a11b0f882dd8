//! The model route: `POST /model/chat/completions`, forwarded to the ONE configured
//! OpenAI-compatible chat completions endpoint (Azure OpenAI or `/v1/chat/completions`).
//!
//! The browser chooses nothing about the upstream: not its URL (fixed by configuration, no path
//! or query is taken from the request), not its key (held here, from
//! `SENTINEL_PROXY_MODEL_API_KEY`, and added as `api-key` or `Authorization: Bearer`), not the
//! model (forced when `--model-name` is set). The request body is checked against a small
//! allowlist of chat fields, `max_tokens` is capped, and the browser's own `Authorization` header
//! (its Azure token, used only by the token gate) never leaves the proxy. Nothing of the prompt
//! or the answer is logged.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::config::{Config, ModelAuth, ModelEndpoint};
use crate::error::ProxyError;
use crate::model_rate::{retry_after_secs, ModelRate};

/// The route's path.
pub const MODEL_ROUTE: &str = "/model/chat/completions";
/// Most messages a request may carry.
const MAX_MESSAGES: usize = 64;
/// The chat fields passed on; anything else is refused.
const ALLOWED_FIELDS: [&str; 8] = [
    "model",
    "messages",
    "temperature",
    "top_p",
    "max_tokens",
    "stop",
    "seed",
    "stream",
];
/// Response headers passed back from the model endpoint.
const RESPONSE_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, header::RETRY_AFTER];

/// The configured model endpoint and the client that talks to it.
#[derive(Debug, Clone)]
pub struct ModelUpstream {
    client: reqwest::Client,
    endpoint: ModelEndpoint,
    max_response_bytes: usize,
    timeout_ms: u128,
    rate: std::sync::Arc<ModelRate>,
}

fn invalid(message: impl Into<String>) -> ProxyError {
    ProxyError::new(StatusCode::BAD_REQUEST, "ModelRequestInvalid", message)
}

impl ModelUpstream {
    /// The client for the configured endpoint, or `None` when no model is configured.
    pub fn new(config: &Config) -> Result<Option<Self>, reqwest::Error> {
        let Some(endpoint) = config.model.clone() else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .referer(false)
            .connect_timeout(config.limits.connect_timeout)
            .timeout(config.limits.timeout)
            .user_agent(concat!("sentinel-proxy/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let rate = std::sync::Arc::new(ModelRate::new(endpoint.requests_per_minute));
        Ok(Some(Self {
            rate,
            client,
            endpoint,
            max_response_bytes: config.limits.max_response_bytes,
            timeout_ms: config.limits.timeout.as_millis(),
        }))
    }

    /// The configured endpoint.
    pub fn endpoint(&self) -> &ModelEndpoint {
        &self.endpoint
    }

    /// Counts a request from `caller` against the per-minute limit; when the caller has used up
    /// its minute, the refusal to send instead: 429 with `Retry-After`.
    pub fn refusal(&self, caller: &str) -> Option<Response> {
        self.rate
            .admit(caller, std::time::Instant::now())
            .err()
            .map(|wait| {
                let secs = retry_after_secs(wait);
                let mut response = ProxyError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "ModelRateLimited",
                    format!(
                        "more than {} model requests in a minute; try again in {secs} s",
                        self.endpoint.requests_per_minute
                    ),
                )
                .into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                response
            })
    }

    /// Checks the browser's body and sends it, with the proxy's key, to the configured endpoint.
    pub async fn send(&self, body: &[u8]) -> Result<Response, ProxyError> {
        let body = prepare_body(body, &self.endpoint)?;
        let host = self
            .endpoint
            .url
            .host_str()
            .unwrap_or("the model endpoint")
            .to_string();
        let upstream = self
            .client
            .post(self.endpoint.url.clone())
            .headers(self.upstream_headers())
            .body(body)
            .send()
            .await
            .map_err(|e| self.exchange_error(&e, &host))?;
        let status = upstream.status();
        match status.as_u16() {
            300..=399 => {
                return Err(ProxyError::bad_gateway(
                    "UpstreamRedirect",
                    format!("{host} answered with a redirect, which the proxy does not follow"),
                ))
            }
            // The key is the proxy's, not the analyst's: never hand the browser a 401 that would
            // send it to sign in again.
            401 | 403 => {
                tracing::warn!(upstream = %host, status = status.as_u16(), "model endpoint refused the proxy's key");
                return Err(ProxyError::bad_gateway(
                    "ModelKeyRefused",
                    format!("{host} refused the proxy's key ({}); check SENTINEL_PROXY_MODEL_API_KEY and --model-auth", status.as_u16()),
                ));
            }
            404 => {
                return Err(ProxyError::bad_gateway(
                    "ModelEndpointNotFound",
                    format!("{host} has no such chat completions endpoint (404); check --model-url (the deployment name and api-version)"),
                ))
            }
            _ => {}
        }
        let headers = response_headers(upstream.headers());
        let body =
            crate::forward::read_bounded(upstream, &host, self.max_response_bytes, "", |e| {
                self.exchange_error(e, &host)
            })
            .await?;
        let mut response = Response::new(Body::from(body));
        *response.status_mut() =
            StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        *response.headers_mut() = headers;
        Ok(response)
    }

    /// JSON in and out, and the key as the endpoint expects it (marked sensitive).
    fn upstream_headers(&self) -> HeaderMap {
        let mut out = HeaderMap::new();
        out.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        out.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(key) = &self.endpoint.api_key {
            let (name, value) = match self.endpoint.auth {
                ModelAuth::ApiKey => (
                    HeaderName::from_static("api-key"),
                    HeaderValue::from_str(key.expose()),
                ),
                ModelAuth::Bearer => (
                    header::AUTHORIZATION,
                    HeaderValue::from_str(&format!("Bearer {}", key.expose())),
                ),
            };
            // The configuration refused keys that are not valid header text.
            if let Ok(mut value) = value {
                value.set_sensitive(true);
                out.insert(name, value);
            }
        }
        out
    }

    /// 504 on a timeout, else 502; names the host, never the URL (its query) or a header.
    fn exchange_error(&self, error: &reqwest::Error, host: &str) -> ProxyError {
        if error.is_timeout() {
            tracing::warn!(upstream = host, "model endpoint timed out");
            ProxyError::gateway_timeout(format!(
                "{host} did not answer within {} ms",
                self.timeout_ms
            ))
        } else if error.is_connect() {
            tracing::warn!(upstream = host, "could not connect to the model endpoint");
            ProxyError::bad_gateway(
                "UpstreamUnreachable",
                format!("could not connect to {host}"),
            )
        } else {
            tracing::warn!(upstream = host, "model exchange failed");
            ProxyError::bad_gateway(
                "UpstreamError",
                format!("the exchange with {host} failed before a complete answer arrived"),
            )
        }
    }
}

fn response_headers(upstream: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        if RESPONSE_HEADERS.contains(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}

/// Checks a chat completions request body against the allowlist and returns what is sent
/// upstream: the same chat with `model` forced (when configured) and `max_tokens` capped.
pub fn prepare_body(body: &[u8], endpoint: &ModelEndpoint) -> Result<Vec<u8>, ProxyError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| invalid(format!("the body is not JSON ({e})")))?;
    let Value::Object(fields) = value else {
        return Err(invalid(
            "the body must be a chat completions object with messages",
        ));
    };
    if let Some(bad) = fields
        .keys()
        .find(|k| !ALLOWED_FIELDS.contains(&k.as_str()))
    {
        return Err(invalid(format!(
            "the field '{}' is not accepted; accepted: {}",
            bad.chars()
                .filter(char::is_ascii_graphic)
                .take(40)
                .collect::<String>(),
            ALLOWED_FIELDS.join(", ")
        )));
    }
    let mut out = Map::new();
    let model = match (&endpoint.name, fields.get("model")) {
        (Some(name), _) => Some(Value::String(name.clone())),
        (None, Some(Value::String(m))) if m.len() <= 128 => Some(Value::String(m.clone())),
        (None, None) => None,
        (None, Some(_)) => return Err(invalid("model must be a name of at most 128 characters")),
    };
    if let Some(model) = model {
        out.insert("model".into(), model);
    }
    out.insert("messages".into(), check_messages(fields.get("messages"))?);
    for (name, range) in [("temperature", 0.0..=2.0), ("top_p", 0.0..=1.0)] {
        match fields.get(name) {
            None => {}
            Some(Value::Number(n)) if n.as_f64().is_some_and(|x| range.contains(&x)) => {
                out.insert(name.into(), Value::Number(n.clone()));
            }
            Some(_) => {
                return Err(invalid(format!(
                    "{name} must be a number from {} to {}",
                    range.start(),
                    range.end()
                )))
            }
        }
    }
    let cap = endpoint.max_tokens;
    let max_tokens = match fields.get("max_tokens") {
        None => cap,
        Some(v) => match v.as_u64() {
            Some(n) if (1..=cap).contains(&n) => n,
            _ => {
                return Err(invalid(format!(
                    "max_tokens must be a whole number from 1 to {cap} (this proxy's limit)"
                )))
            }
        },
    };
    out.insert("max_tokens".into(), Value::from(max_tokens));
    match fields.get("stop") {
        None => {}
        Some(Value::String(s)) => {
            out.insert("stop".into(), Value::String(s.clone()));
        }
        Some(Value::Array(list)) if list.len() <= 4 && list.iter().all(Value::is_string) => {
            out.insert("stop".into(), Value::Array(list.clone()));
        }
        Some(_) => return Err(invalid("stop must be a string or up to 4 strings")),
    }
    match fields.get("seed") {
        None => {}
        Some(v) if v.is_i64() || v.is_u64() => {
            out.insert("seed".into(), v.clone());
        }
        Some(_) => return Err(invalid("seed must be a whole number")),
    }
    match fields.get("stream") {
        None | Some(Value::Bool(false)) => {}
        Some(_) => {
            return Err(invalid(
                "streaming is not proxied; send stream: false or leave it out",
            ))
        }
    }
    serde_json::to_vec(&Value::Object(out)).map_err(|_| invalid("the body could not be re-encoded"))
}

/// `messages`: 1 to 64 `{role, content}` with role system, user or assistant and text content.
fn check_messages(messages: Option<&Value>) -> Result<Value, ProxyError> {
    let Some(Value::Array(list)) = messages else {
        return Err(invalid("messages must be a list of {role, content}"));
    };
    if list.is_empty() || list.len() > MAX_MESSAGES {
        return Err(invalid(format!(
            "messages must hold 1 to {MAX_MESSAGES} messages"
        )));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, message) in list.iter().enumerate() {
        let role = message.get("role").and_then(Value::as_str);
        let content = message.get("content").and_then(Value::as_str);
        let extra = message
            .as_object()
            .is_some_and(|m| m.keys().any(|k| k != "role" && k != "content"));
        match (role, content) {
            (Some(role @ ("system" | "user" | "assistant")), Some(content)) if !extra => {
                out.push(serde_json::json!({ "role": role, "content": content }));
            }
            _ => {
                return Err(invalid(format!(
                    "message {i} must be {{role, content}} with role system, user or assistant and text content"
                )))
            }
        }
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use serde_json::json;

    fn endpoint(name: Option<&str>) -> ModelEndpoint {
        ModelEndpoint {
            url: "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21".parse().unwrap(),
            api_key: Some(Secret::new("k")),
            auth: ModelAuth::ApiKey,
            name: name.map(str::to_string),
            max_tokens: 512,
            max_request_bytes: 1 << 16,
            requests_per_minute: 20,
        }
    }

    fn prepared(body: Value, name: Option<&str>) -> Result<Value, ProxyError> {
        prepare_body(body.to_string().as_bytes(), &endpoint(name))
            .map(|b| serde_json::from_slice(&b).unwrap())
    }

    #[test]
    fn passes_a_chat_forcing_the_model_and_capping_tokens() {
        let out = prepared(
            json!({"model": "gpt-4-32k", "temperature": 0, "messages": [
                {"role": "system", "content": "schema"}, {"role": "user", "content": "q"}]}),
            Some("gpt-4o-mini"),
        )
        .unwrap();
        assert_eq!(out["model"], "gpt-4o-mini");
        assert_eq!(out["max_tokens"], 512);
        assert_eq!(out["messages"][1]["content"], "q");
        let out = prepared(
            json!({"model": "m", "messages": [{"role": "user", "content": "q"}], "max_tokens": 100}),
            None,
        )
        .unwrap();
        assert_eq!(out["model"], "m");
        assert_eq!(out["max_tokens"], 100);
    }

    #[test]
    fn refuses_what_a_chat_for_nl2kql_does_not_need() {
        let user = json!([{"role": "user", "content": "q"}]);
        for body in [
            json!([]),
            json!({"messages": []}),
            json!({"messages": user, "tools": []}),
            json!({"messages": user, "stream": true}),
            json!({"messages": user, "max_tokens": 100000}),
            json!({"messages": user, "temperature": 5}),
            json!({"messages": [{"role": "tool", "content": "x"}]}),
            json!({"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}),
            json!({"messages": [{"role": "user", "content": "q", "name": "x"}]}),
            json!({"messages": user, "url": "https://evil.example"}),
        ] {
            let err = prepared(body.clone(), None).expect_err(&body.to_string());
            assert_eq!(err.status, 400, "{body}");
            assert_eq!(err.code, "ModelRequestInvalid");
        }
        assert!(prepare_body(b"not json", &endpoint(None)).is_err());
    }
}
