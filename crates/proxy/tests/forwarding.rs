//! The proxy in forward mode, over real HTTP against a local mock upstream.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn forwards_an_incident_list_with_query_and_token() {
    let (mock, proxy) = start_pair(&[]).await;
    let url = format!(
        "{}{WS}/incidents?{V}&%24filter=properties%2Fstatus%20eq%20%27New%27&%24top=5",
        proxy.base
    );
    let response = client()
        .get(url)
        .header("authorization", "Bearer abc.def.ghi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["etag"],
        "\"0300bf09-0000-0000-0000-5c37296e0000\""
    );
    assert_eq!(response.headers()["x-ms-request-id"], "mock-request-1");
    assert!(response.headers().contains_key("x-request-id"));
    let seen = mock.last();
    assert_eq!(seen.method, "GET");
    assert_eq!(
        seen.uri,
        format!(
            "{}/incidents?{V}&$filter=properties%2Fstatus%20eq%20%27New%27&$top=5",
            WS.trim_start_matches("/arm")
        )
    );
    assert_eq!(seen.headers["authorization"], "Bearer abc.def.ghi");
}

#[tokio::test]
async fn forwards_writes_with_body_and_if_match() {
    let (mock, proxy) = start_pair(&[]).await;
    let c = client();
    let body = json!({"etag": "\"x\"", "properties": {"status": "Active", "severity": "High", "title": "t"}});
    let response = c
        .put(format!("{}{WS}/incidents/4a1c2b3d?{V}", proxy.base))
        .header("content-type", "application/json")
        .header("if-match", "\"0300bf09\"")
        .header(
            "x-ms-client-request-id",
            "7e0a0f8e-6f0e-4e0e-8e0e-0e0e0e0e0e0e",
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = mock.last();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.headers["content-type"], "application/json");
    assert_eq!(seen.headers["if-match"], "\"0300bf09\"");
    assert_eq!(
        seen.headers["x-ms-client-request-id"],
        "7e0a0f8e-6f0e-4e0e-8e0e-0e0e0e0e0e0e"
    );
    assert_eq!(serde_json::from_slice::<Value>(&seen.body).unwrap(), body);

    for (method, path) in [
        ("POST", format!("{WS}/incidents/4a1c2b3d/alerts?{V}")),
        ("POST", format!("{WS}/incidents/4a1c2b3d/entities?{V}")),
        ("PUT", format!("{WS}/incidents/4a1c2b3d/comments/c-1?{V}")),
        (
            "DELETE",
            format!("{WS}/incidents/4a1c2b3d/comments/c-1?{V}"),
        ),
        ("GET", format!("{WS}/incidents/4a1c2b3d/relations?{V}")),
        ("GET", format!("{WS}/bookmarks?{V}")),
    ] {
        let response = c
            .request(method.parse().unwrap(), format!("{}{path}", proxy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{method} {path}");
        assert_eq!(mock.last().method, method);
    }
}

#[tokio::test]
async fn forwards_log_analytics_queries_by_post_and_get() {
    let (mock, proxy) = start_pair(&[]).await;
    let c = client();
    let query = json!({"query": "SigninLogs | take 5", "timespan": "P1D"});
    let response = c
        .post(format!("{}/la/v1/workspaces/{LA_WS}/query", proxy.base))
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = mock.last();
    assert_eq!(
        seen.uri,
        format!("/la-upstream/v1/workspaces/{LA_WS}/query")
    );
    assert_eq!(serde_json::from_slice::<Value>(&seen.body).unwrap(), query);

    let response = c
        .get(format!(
            "{}/la/v1/workspaces/{LA_WS}/query?query=SigninLogs%20%7C%20take%205&timespan=PT1H",
            proxy.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(mock.last().uri, format!("/la-upstream/v1/workspaces/{LA_WS}/query?query=SigninLogs%20%7C%20take%205&timespan=PT1H"));
}

/// Sends a raw request line over TCP, so paths reach the proxy exactly as written.
async fn raw_status(proxy: &Proxy, request_target: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = proxy.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("GET {request_target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// PUTs `chunks` chunks of `size` bytes with chunked transfer encoding (no Content-Length).
async fn chunked_put_status(proxy: &Proxy, target: &str, chunks: usize, size: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = proxy.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!("PUT {target} HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..chunks {
        let chunk = format!("{size:x}\r\n{}\r\n", "x".repeat(size));
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn refuses_everything_else_without_touching_the_upstream() {
    let (mock, proxy) = start_pair(&[]).await;
    let c = client();
    let refused = [
        ("GET", format!("{WS}/incidents")),
        (
            "GET",
            format!("{WS}/incidents?api-version=2025-09-01&api-version=2019-01-01"),
        ),
        ("GET", format!("{WS}/watchlists?{V}")),
        ("GET", format!("{WS}/dataConnectors?{V}")),
        ("PUT", format!("{WS}/alertRules/r1?{V}")),
        ("DELETE", format!("{WS}/incidents/abc?{V}")),
        ("PATCH", format!("{WS}/incidents/abc?{V}")),
        ("POST", format!("{WS}/incidents?{V}")),
        ("GET", format!("{WS}/incidents/abc/alerts?{V}")),
        ("HEAD", format!("{WS}/incidents?{V}")),
        (
            "GET",
            "/arm/subscriptions?api-version=2022-12-01".to_string(),
        ),
        (
            "GET",
            "/arm/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01"
                .to_string(),
        ),
        (
            "GET",
            format!("{WS}/incidents/%2e%2e/%2e%2e/watchlists?{V}"),
        ),
        ("GET", format!("{WS}/incidents/..%2f..%2fwatchlists?{V}")),
        (
            "GET",
            format!("{WS}/incidents/%252e%252e%252fwatchlists?{V}"),
        ),
        ("GET", format!("{WS}/incidents/a%40evil.example?{V}")),
        ("GET", format!("{WS}/incidents/a@evil.example?{V}")),
        (
            "GET",
            "/arm/@169.254.169.254/metadata/instance?api-version=2021-02-01".to_string(),
        ),
        (
            "GET",
            "/arm/169.254.169.254/metadata/instance?api-version=2021-02-01".to_string(),
        ),
        (
            "GET",
            "/arm/user:pass@management.azure.com/subscriptions".to_string(),
        ),
        ("GET", "/arm/http://evil.example/x".to_string()),
        ("GET", "/arm/%2f%2fevil.example/x".to_string()),
        ("GET", "/arm//evil.example/x".to_string()),
        ("GET", format!("/la/v1/workspaces/{LA_WS}/query")),
        ("PUT", format!("/la/v1/workspaces/{LA_WS}/query")),
        (
            "GET",
            "/la/v1/workspaces/..%2f..%2fmetadata/query?query=x".to_string(),
        ),
        ("POST", "/la/v1/workspaces/not-a-guid/query".to_string()),
        ("POST", format!("/la/v1/workspaces/{LA_WS}/metadata")),
        (
            "GET",
            "/metadata/instance?api-version=2021-02-01".to_string(),
        ),
        ("GET", "/".to_string()),
    ];
    for (method, path) in &refused {
        let response = c
            .request(method.parse().unwrap(), format!("{}{path}", proxy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{method} {path}");
        if *method != "HEAD" {
            let code = error_code(response).await;
            assert!(
                ["RouteNotAllowed", "MethodNotAllowed"].contains(&code.as_str()),
                "{code}"
            );
        }
    }
    for target in [
        "http://169.254.169.254/metadata/instance?api-version=2021-02-01",
        "http://127.0.0.1:1/arm/x",
        "/arm/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/x/../../../../metadata",
        "/arm/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights/incidents/./..?api-version=2025-09-01",
        "/arm\\..\\metadata",
    ] {
        assert_eq!(raw_status(&proxy, target).await, 403, "{target}");
    }
    assert_eq!(
        mock.connection_count(),
        0,
        "no refused request may open an upstream connection"
    );
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn strips_hop_by_hop_headers_and_cookies_both_ways() {
    let (mock, proxy) = start_pair(&[]).await;
    let response = client()
        .get(format!("{}{WS}/incidents/abc?{V}", proxy.base))
        .header("cookie", "session=secret")
        .header("proxy-authorization", "Basic cHJveHk6cGFzcw==")
        .header("x-forwarded-for", "10.0.0.1")
        .header("te", "trailers")
        .header("upgrade", "websocket")
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for name in ["set-cookie", "keep-alive", "proxy-authenticate", "server"] {
        assert!(
            !response.headers().contains_key(name),
            "response kept {name}"
        );
    }
    assert_ne!(
        response
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*")
    );
    let seen = mock.last();
    for name in [
        "cookie",
        "proxy-authorization",
        "x-forwarded-for",
        "te",
        "upgrade",
        "authorization",
    ] {
        assert!(!seen.headers.contains_key(name), "upstream got {name}");
    }
    assert!(
        seen.headers["host"]
            .to_str()
            .unwrap()
            .starts_with("127.0.0.1:"),
        "host is the upstream's"
    );
}

#[tokio::test]
async fn passes_only_bearer_authorization() {
    let (mock, proxy) = start_pair(&[]).await;
    client()
        .get(format!("{}{WS}/incidents/abc?{V}", proxy.base))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert!(!mock.last().headers.contains_key("authorization"));
}

#[tokio::test]
async fn passes_429_and_retry_after_through_unchanged() {
    let (_mock, proxy) = start_pair(&[]).await;
    let response = client()
        .get(format!("{}{WS}/incidents/throttled?{V}", proxy.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "17");
    assert_eq!(
        response.headers()["x-ms-ratelimit-remaining-subscription-reads"],
        "0"
    );
    assert_eq!(error_code(response).await, "TooManyRequests");
}

#[tokio::test]
async fn does_not_follow_redirects() {
    let (mock, proxy) = start_pair(&[]).await;
    let response = client()
        .get(format!("{}{WS}/incidents/redirect?{V}", proxy.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert!(!response.headers().contains_key("location"));
    assert_eq!(error_code(response).await, "UpstreamRedirect");
    assert_eq!(
        mock.request_count(),
        1,
        "the redirect target was not requested"
    );
}

#[tokio::test]
async fn limits_request_bodies_with_413_before_the_upstream() {
    let (mock, proxy) = start_pair(&["--max-request-bytes", "1024"]).await;
    let c = client();
    let big = "x".repeat(4096);
    let response = c
        .put(format!("{}{WS}/incidents/abc?{V}", proxy.base))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "RequestBodyTooLarge");
    // Without a Content-Length (chunked), the limit still holds.
    assert_eq!(
        chunked_put_status(&proxy, &format!("{WS}/incidents/abc?{V}"), 4, 4096).await,
        413
    );
    assert_eq!(mock.connection_count(), 0);
    let response = c
        .put(format!("{}{WS}/incidents/abc?{V}", proxy.base))
        .body("x".repeat(1000))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn bounds_response_bodies_with_502() {
    let (_mock, proxy) = start_pair(&["--max-response-bytes", "1048576"]).await;
    let c = client();
    for path in ["huge", "huge-chunked"] {
        let response = c
            .get(format!("{}{WS}/incidents/{path}?{V}", proxy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 502, "{path}");
        assert_eq!(error_code(response).await, "UpstreamResponseTooLarge");
    }
}

#[tokio::test]
async fn times_out_with_504() {
    let (_mock, proxy) = start_pair(&["--timeout-ms", "300"]).await;
    let started = std::time::Instant::now();
    let response = client()
        .get(format!("{}{WS}/incidents/slow?{V}", proxy.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 504);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(error_code(response).await, "UpstreamTimeout");
}

#[tokio::test]
async fn unreachable_upstream_is_502() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let proxy = start_proxy(&["--arm-url", &dead]).await;
    let response = client()
        .get(format!("{}{WS}/incidents?{V}", proxy.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(error_code(response).await, "UpstreamUnreachable");
}

#[tokio::test]
async fn cors_echoes_allowed_origins_only() {
    let (mock, proxy) = start_pair(&["--allow-origin", "https://soc.contoso.com"]).await;
    let c = client();
    let url = format!("{}{WS}/incidents?{V}", proxy.base);
    let allowed = c
        .get(&url)
        .header("origin", "https://soc.contoso.com")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://soc.contoso.com"
    );
    assert!(allowed
        .headers()
        .get_all("vary")
        .iter()
        .any(|v| v.to_str().unwrap().contains("origin")));
    let exposed = allowed.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("etag") && exposed.contains("retry-after"));
    assert!(!allowed
        .headers()
        .contains_key("access-control-allow-credentials"));

    let before = mock.request_count();
    let denied = c
        .get(&url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
    assert!(!denied.headers().contains_key("access-control-allow-origin"));
    assert!(denied
        .headers()
        .get_all("vary")
        .iter()
        .any(|v| v.to_str().unwrap().contains("origin")));
    assert_eq!(error_code(denied).await, "OriginNotAllowed");
    let null = c.put(&url).header("origin", "null").send().await.unwrap();
    assert_eq!(null.status(), 403);
    assert_eq!(
        mock.request_count(),
        before,
        "denied origins never reach the upstream"
    );

    let no_origin = c.get(&url).send().await.unwrap();
    assert_eq!(no_origin.status(), 200);
    assert!(!no_origin
        .headers()
        .contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn cors_preflights_are_answered_by_the_proxy() {
    let (mock, proxy) = start_pair(&["--allow-origin", "https://soc.contoso.com"]).await;
    let c = client();
    let url = format!("{}{WS}/incidents/abc?{V}", proxy.base);
    let preflight = |origin: &str, method: &str, headers: &str| {
        c.request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", headers)
            .send()
    };
    let ok = preflight(
        "https://soc.contoso.com",
        "PUT",
        "authorization, content-type, if-match, x-ms-client-request-id",
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 204);
    let h = ok.headers();
    assert_eq!(h["access-control-allow-origin"], "https://soc.contoso.com");
    assert_eq!(h["access-control-allow-methods"], "GET, PUT, POST, DELETE");
    let allow_headers = h["access-control-allow-headers"].to_str().unwrap();
    for name in [
        "authorization",
        "content-type",
        "if-match",
        "x-ms-client-request-id",
    ] {
        assert!(allow_headers.contains(name), "{allow_headers}");
    }
    assert!(!allow_headers.contains('*'));
    assert!(h["access-control-max-age"]
        .to_str()
        .unwrap()
        .parse::<u32>()
        .is_ok());

    assert_eq!(
        preflight("https://evil.example", "GET", "authorization")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        preflight("https://soc.contoso.com", "PATCH", "authorization")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        preflight("https://soc.contoso.com", "GET", "cookie")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        preflight("https://soc.contoso.com", "GET", "x-forwarded-host")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        mock.connection_count(),
        0,
        "preflights never reach the upstream"
    );
}

#[tokio::test]
async fn token_gate_checks_tenant_and_audience() {
    let (mock, proxy) = start_pair(&[
        "--allow-tenant",
        TENANT,
        "--allow-audience",
        "https://management.azure.com",
    ])
    .await;
    let c = client();
    let url = format!("{}{WS}/incidents?{V}", proxy.base);
    let missing = c.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    assert_eq!(error_code(missing).await, "InvalidAuthenticationToken");
    let malformed = c
        .get(&url)
        .header("authorization", "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 401);
    let foreign = bearer(
        json!({"tid": "00000000-0000-0000-0000-000000000001", "aud": "https://management.azure.com"}),
    );
    let response = c
        .get(&url)
        .header("authorization", &foreign)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(error_code(response).await, "TenantNotAllowed");
    let graph = bearer(json!({"tid": TENANT, "aud": "https://graph.microsoft.com"}));
    let response = c
        .get(&url)
        .header("authorization", &graph)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, "AudienceNotAllowed");
    assert_eq!(
        mock.connection_count(),
        0,
        "refused tokens never reach the upstream"
    );

    let good = bearer(json!({"tid": TENANT, "aud": "https://management.azure.com/"}));
    let response = c
        .get(&url)
        .header("authorization", &good)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(mock.last().headers["authorization"], good.as_str());
}

#[tokio::test]
async fn healthz_answers_and_unknown_paths_are_json_403() {
    let proxy = start_proxy(&[]).await;
    let c = client();
    let health: Value = c
        .get(format!("{}/healthz", proxy.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["mode"], "forward");
    let response = c.get(format!("{}/admin", proxy.base)).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(error_code(response).await, "RouteNotAllowed");
}

#[tokio::test]
async fn request_ids_are_made_or_kept_when_plain() {
    let proxy = start_proxy(&[]).await;
    let c = client();
    let url = format!("{}/healthz", proxy.base);
    let kept = c
        .get(&url)
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "abc-123");
    let replaced = c
        .get(&url)
        .header("x-request-id", "eyJ0eXAi.eyJ0aWQi.sig")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "eyJ0eXAi.eyJ0aWQi.sig");
}
