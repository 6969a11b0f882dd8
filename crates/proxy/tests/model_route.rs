//! The model route end to end over real HTTP: a browser-like client -> the proxy -> a mock
//! OpenAI-compatible endpoint. The key is the proxy's, the upstream is fixed, the browser's token
//! stays behind, and nothing of the prompt reaches the log.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::{json, Value};

const KEY: &str = "sk-proxy-held-KEY-MARKER";
const ORIGIN: &str = "http://localhost:8080";

fn chat(prompt: &str) -> Value {
    json!({
        "model": "gpt-4o",
        "temperature": 0,
        "messages": [
            {"role": "system", "content": "Use only these tables."},
            {"role": "user", "content": prompt},
        ],
    })
}

/// A mock endpoint (the common mock echoes what it saw) and a proxy whose model URL points at it.
async fn start_model_pair(path: &str, extra: &[&str]) -> (MockUpstream, Proxy) {
    let (mock, mock_url) = start_mock().await;
    let url = format!("{mock_url}{path}");
    let mut flags = vec!["--model-url", url.as_str(), "--model-api-key", KEY];
    flags.extend_from_slice(extra);
    (mock, start_proxy(&flags).await)
}

#[tokio::test]
async fn forwards_to_the_one_endpoint_with_the_proxys_key_not_the_browsers_token() {
    let (mock, proxy) = start_model_pair(
        "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        &[],
    )
    .await;
    let token = bearer(json!({"tid": TENANT, "marker": "BROWSER-TOKEN"}));
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .header("origin", ORIGIN)
        .header("authorization", &token)
        .header("cookie", "session=abc")
        .header("x-ms-client-request-id", "r1")
        .json(&chat("failed sign-ins"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ORIGIN,
        "the route has the same CORS as the others"
    );
    let seen = mock.last();
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.uri, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        "the configured URL, query included"
    );
    assert_eq!(seen.headers["api-key"], KEY, "Azure OpenAI takes api-key");
    assert!(seen.headers.get("authorization").is_none());
    assert!(seen.headers.get("cookie").is_none());
    assert!(seen.headers.get("x-ms-client-request-id").is_none());
    assert!(seen.headers.get("origin").is_none());
    let body: Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body["messages"][1]["content"], "failed sign-ins");
    assert_eq!(body["max_tokens"], 1024, "max_tokens capped to the default");
}

#[tokio::test]
async fn openai_style_endpoints_get_a_bearer_key_and_the_configured_model() {
    let (mock, proxy) =
        start_model_pair("/v1/chat/completions", &["--model-name", "gpt-4o-mini"]).await;
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .header("authorization", bearer(json!({"marker": "BROWSER-TOKEN"})))
        .json(&chat("q"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = mock.last();
    assert_eq!(seen.uri, "/v1/chat/completions");
    assert_eq!(seen.headers["authorization"], format!("Bearer {KEY}"));
    assert!(seen.headers.get("api-key").is_none());
    let body: Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(
        body["model"], "gpt-4o-mini",
        "the browser cannot pick the model"
    );
}

#[tokio::test]
async fn the_browser_cannot_redirect_the_upstream_or_use_other_methods() {
    let (mock, proxy) = start_model_pair("/v1/chat/completions", &[]).await;
    let c = client();
    let base = &proxy.base;
    for (method, target) in [
        (
            "POST",
            "/model/chat/completions?api-version=1&url=http://evil.example",
        ),
        ("POST", "/model/v1/chat/completions"),
        ("POST", "/model/chat/completions/../../embeddings"),
        ("POST", "/model/embeddings"),
        ("POST", "/model/chat/completions/"),
        ("GET", "/model/chat/completions"),
        ("PUT", "/model/chat/completions"),
        ("DELETE", "/model/chat/completions"),
    ] {
        let response = c
            .request(method.parse().unwrap(), format!("{base}{target}"))
            .header("content-type", "application/json")
            .header("x-forwarded-host", "evil.example")
            .body(chat("q").to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{method} {target}");
    }
    // Fields that would steer the upstream are refused, not dropped silently.
    for body in [
        json!({"messages": [{"role": "user", "content": "q"}], "url": "https://evil.example"}),
        json!({"messages": [{"role": "user", "content": "q"}], "stream": true}),
        json!({"messages": [{"role": "user", "content": "q"}], "max_tokens": 1_000_000}),
    ] {
        let response = c
            .post(format!("{base}/model/chat/completions"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        assert_eq!(error_code(response).await, "ModelRequestInvalid");
    }
    let response = c
        .post(format!("{base}/model/chat/completions"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(
        mock.request_count(),
        0,
        "nothing reached the model endpoint"
    );
}

#[tokio::test]
async fn bodies_over_the_model_limit_get_413_before_any_upstream_call() {
    let (mock, proxy) = start_model_pair(
        "/v1/chat/completions",
        &["--model-max-request-bytes", "512"],
    )
    .await;
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .json(&chat(&"x".repeat(2048)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "RequestBodyTooLarge");
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn each_analyst_gets_a_few_model_requests_a_minute_then_429_with_retry_after() {
    let (mock, proxy) = start_model_pair(
        "/v1/chat/completions",
        &["--model-requests-per-minute", "2"],
    )
    .await;
    let ask = |oid: &'static str| {
        client()
            .post(format!("{}/model/chat/completions", proxy.base))
            .header("authorization", bearer(json!({"tid": TENANT, "oid": oid})))
            .json(&chat("failed sign-ins"))
            .send()
    };
    assert_eq!(ask("alice").await.unwrap().status(), 200);
    assert_eq!(ask("alice").await.unwrap().status(), 200);
    let refused = ask("alice").await.unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_eq!(error_code(refused).await, "ModelRateLimited");
    assert_eq!(mock.request_count(), 2, "the refused request never left");
    assert_eq!(
        ask("bob").await.unwrap().status(),
        200,
        "another analyst is not held up"
    );
}

#[tokio::test]
async fn the_token_gate_and_origin_allowlist_apply_to_the_model_route() {
    let (mock, proxy) = start_model_pair("/v1/chat/completions", &["--allow-tenant", TENANT]).await;
    let c = client();
    let url = format!("{}/model/chat/completions", proxy.base);
    let response = c.post(&url).json(&chat("q")).send().await.unwrap();
    assert_eq!(response.status(), 401, "no token, no model");
    let response = c
        .post(&url)
        .header("origin", "https://evil.example")
        .header("authorization", bearer(json!({"tid": TENANT})))
        .json(&chat("q"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(mock.request_count(), 0);
    let response = c
        .post(&url)
        .header("origin", ORIGIN)
        .header("authorization", bearer(json!({"tid": TENANT})))
        .json(&chat("q"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        mock.last().headers["authorization"],
        format!("Bearer {KEY}"),
        "the gate's token was replaced by the proxy's key"
    );
    // The preflight a browser sends first.
    let response = c
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", ORIGIN)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn without_a_model_url_the_route_says_how_to_configure_one() {
    let proxy = start_proxy(&[]).await;
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .json(&chat("q"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "ModelNotConfigured");
}

#[tokio::test]
async fn a_refused_key_is_a_gateway_error_not_a_sign_in_prompt() {
    // The common mock answers 200 to everything; a tiny endpoint that refuses the key instead.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(|| async {
        (
            axum::http::StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": {"code": "401", "message": "Access denied due to invalid subscription key"}})),
        )
    });
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    let url = format!("http://{addr}/v1/chat/completions");
    let proxy = start_proxy(&["--model-url", &url, "--model-api-key", KEY]).await;
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .json(&chat("q"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(error_code(response).await, "ModelKeyRefused");
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_has_the_route_but_never_the_prompt_the_answer_or_a_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    // Global (per-thread defaults miss callsites other tests registered first): the other tests'
    // lines land here too, which only widens the check, as none may log the key either.
    tracing::subscriber::set_global_default(subscriber)
        .expect("only this test sets the subscriber");
    let (_mock, proxy) = start_model_pair("/v1/chat/completions", &[]).await;
    let token = bearer(json!({"marker": "BROWSER-TOKEN"}));
    let response = client()
        .post(format!("{}/model/chat/completions", proxy.base))
        .header("authorization", &token)
        .json(&chat("PROMPT-MARKER sign-ins of alice"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer = response.text().await.unwrap();
    assert!(answer.contains("PROMPT-MARKER"), "the mock echoes the body");
    // The route's line is written as the response completes, which can be just after the client
    // has read it (on a busy machine): wait for it, up to a few seconds.
    let mut log = String::new();
    for _ in 0..200 {
        log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        if log.contains("/model/chat/completions") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        log.contains("/model/chat/completions"),
        "one line with the route: {log}"
    );
    for secret in [
        "PROMPT-MARKER",
        KEY,
        token.split('.').nth(1).unwrap(),
        "sign-ins of alice",
    ] {
        assert!(!log.contains(secret), "the log leaks {secret}: {log}");
    }
}
