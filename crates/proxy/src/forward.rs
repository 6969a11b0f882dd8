//! Forwarding an allowed request to Resource Manager or Log Analytics with reqwest (rustls).
//!
//! Only named headers cross in either direction (so hop-by-hop headers, cookies and anything
//! unexpected are dropped), redirects are never followed, and the response body is read up to the
//! configured limit before anything is sent back, so an oversized answer becomes a clean 502.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use url::Url;

use crate::config::{Config, Limits};
use crate::error::ProxyError;
use crate::routes::{AllowedRoute, Upstream};

/// Request headers passed to the upstream, besides `Authorization: Bearer` and `x-ms-*`.
const REQUEST_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::ACCEPT,
    header::IF_MATCH,
    HeaderName::from_static("prefer"),
];
/// Response headers passed back, besides `x-ms-*`.
const RESPONSE_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::ETAG,
    header::RETRY_AFTER,
    HeaderName::from_static("preference-applied"),
];

/// The two upstream APIs and the HTTP client that talks to them.
#[derive(Debug, Clone)]
pub struct Upstreams {
    client: reqwest::Client,
    arm: Url,
    log_analytics: Url,
    limits: Limits,
}

impl Upstreams {
    /// Builds the client: rustls with the Mozilla roots, no redirects, no system proxy, limits applied.
    pub fn new(config: &Config) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .referer(false)
            .connect_timeout(config.limits.connect_timeout)
            .timeout(config.limits.timeout)
            .pool_max_idle_per_host(256)
            .user_agent(concat!("sentinel-proxy/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            arm: config.arm_url.clone(),
            log_analytics: config.log_analytics_url.clone(),
            limits: config.limits.clone(),
        })
    }

    /// The upstream URL for an allowed route: the configured base, the accepted path, the re-encoded query.
    pub fn url_for(&self, route: &AllowedRoute) -> Result<Url, ProxyError> {
        let base = match route.upstream() {
            Upstream::Arm => &self.arm,
            Upstream::LogAnalytics => &self.log_analytics,
        };
        let mut text = format!(
            "{}/{}",
            base.as_str().trim_end_matches('/'),
            route.upstream_path
        );
        let query = route.upstream_query();
        if !query.is_empty() {
            text.push('?');
            text.push_str(&query);
        }
        let url = Url::parse(&text).map_err(|_| {
            ProxyError::forbidden(
                "RouteNotAllowed",
                "the path does not form a valid upstream URL",
            )
        })?;
        let same_origin = url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default();
        if !same_origin || !url.path().starts_with(base.path().trim_end_matches('/')) {
            return Err(ProxyError::forbidden(
                "RouteNotAllowed",
                "the path would leave the configured upstream",
            ));
        }
        Ok(url)
    }

    /// Sends the request upstream and returns the upstream's answer, filtered and bounded.
    pub async fn send(
        &self,
        route: &AllowedRoute,
        method: Method,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Response, ProxyError> {
        let url = self.url_for(route)?;
        let host = url.host_str().unwrap_or("the upstream").to_string();
        let mut request = self
            .client
            .request(method.clone(), url)
            .headers(request_headers(headers));
        if !body.is_empty() || matches!(method, Method::PUT | Method::POST) {
            request = request.body(body);
        }
        let upstream = request
            .send()
            .await
            .map_err(|e| self.exchange_error(&e, &host))?;
        let status = upstream.status();
        if status.is_redirection() {
            return Err(ProxyError::bad_gateway(
                "UpstreamRedirect",
                format!(
                    "{host} answered with a redirect ({}), which the proxy does not follow",
                    status.as_u16()
                ),
            ));
        }
        let headers = response_headers(upstream.headers());
        let body = read_bounded(
            upstream,
            &host,
            self.limits.max_response_bytes,
            "; narrow the query or page with $top",
            |e| self.exchange_error(e, &host),
        )
        .await?;
        let mut response = Response::new(Body::from(body));
        *response.status_mut() =
            StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        *response.headers_mut() = headers;
        Ok(response)
    }

    /// Maps a client error to 504 (timeout) or 502, naming the host but never the URL or headers.
    fn exchange_error(&self, error: &reqwest::Error, host: &str) -> ProxyError {
        if error.is_timeout() {
            let (what, limit) = if error.is_connect() {
                ("connect", self.limits.connect_timeout)
            } else {
                ("answer", self.limits.timeout)
            };
            tracing::warn!(
                upstream = host,
                "upstream did not {what} within {} ms",
                limit.as_millis()
            );
            ProxyError::gateway_timeout(format!(
                "{host} did not {what} within {} ms",
                limit.as_millis()
            ))
        } else if error.is_connect() {
            tracing::warn!(upstream = host, "could not connect to upstream");
            ProxyError::bad_gateway(
                "UpstreamUnreachable",
                format!("could not connect to {host}"),
            )
        } else {
            tracing::warn!(upstream = host, "upstream exchange failed");
            ProxyError::bad_gateway(
                "UpstreamError",
                format!("the exchange with {host} failed before a complete answer arrived"),
            )
        }
    }
}

/// Reads an upstream answer of at most `limit` bytes (502 beyond it, with `hint` after the
/// reason); `exchange_error` words a failure while reading.
pub(crate) async fn read_bounded(
    mut upstream: reqwest::Response,
    host: &str,
    limit: usize,
    hint: &str,
    exchange_error: impl Fn(&reqwest::Error) -> ProxyError,
) -> Result<Bytes, ProxyError> {
    let too_large = || {
        ProxyError::bad_gateway(
            "UpstreamResponseTooLarge",
            format!("the answer from {host} is larger than the proxy's limit of {limit} bytes (max_response_bytes){hint}"),
        )
    };
    if upstream.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = upstream.chunk().await.map_err(|e| exchange_error(&e))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn is_ms_header(name: &HeaderName) -> bool {
    name.as_str().starts_with("x-ms-")
}

/// The headers sent upstream: a bearer `Authorization` (marked sensitive), the named ones and `x-ms-*`.
pub fn request_headers(incoming: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    if let Some(value) = incoming.get(header::AUTHORIZATION) {
        let is_bearer =
            value.as_bytes().len() > 7 && value.as_bytes()[..7].eq_ignore_ascii_case(b"bearer ");
        if is_bearer {
            let mut value = value.clone();
            value.set_sensitive(true);
            out.insert(header::AUTHORIZATION, value);
        }
    }
    for (name, value) in incoming {
        if REQUEST_HEADERS.contains(name) || is_ms_header(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The headers passed back to the browser: the named ones and `x-ms-*`; never cookies or hop-by-hop.
pub fn response_headers(upstream: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        if RESPONSE_HEADERS.contains(name) || is_ms_header(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}
