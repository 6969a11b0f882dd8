//! A stand-in upstream for load tests: answers every request with a fixed incident list (about
//! 2 KB of JSON), as fast as it can. Used by `bench/load.sh`; not part of the proxy.
//!
//! `cargo run --release -p proxy --example bench_upstream -- 127.0.0.1:9101`

use axum::http::header;
use axum::response::IntoResponse;
use axum::Router;

const BODY: &str = r#"{"value":[{"id":"/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights/incidents/73e01a99-5cd7-4139-a149-9f2736ff2ab5","name":"73e01a99-5cd7-4139-a149-9f2736ff2ab5","type":"Microsoft.SecurityInsights/incidents","etag":"\"0300bf09-0000-0000-0000-5c37296e0000\"","properties":{"title":"Password spray followed by successful sign-in","description":"Multiple failed sign-ins from one IP across many accounts, then a success.","severity":"High","status":"New","owner":{"objectId":null,"email":null,"assignedTo":null,"userPrincipalName":null},"labels":[],"firstActivityTimeUtc":"2026-11-20T10:00:00Z","lastActivityTimeUtc":"2026-11-20T11:00:00Z","lastModifiedTimeUtc":"2026-11-20T11:05:00Z","createdTimeUtc":"2026-11-20T11:04:00Z","incidentNumber":3177,"additionalData":{"alertsCount":3,"bookmarksCount":0,"commentsCount":0,"alertProductNames":["Azure Sentinel"],"tactics":["CredentialAccess","InitialAccess"]},"relatedAnalyticRuleIds":[],"incidentUrl":"https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights/incidents/73e01a99-5cd7-4139-a149-9f2736ff2ab5"}}]}"#;

async fn answer() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ETAG, "\"0300bf09\""),
        ],
        BODY,
    )
}

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9101".into());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .expect("bind the upstream address");
    eprintln!("bench upstream on {addr}");
    axum::serve(listener, Router::new().fallback(answer))
        .await
        .expect("serve");
}
