//! `--simulate`: the demo workspace answering both APIs in the services' shapes, over real HTTP.

mod common;

use std::sync::OnceLock;

use common::*;
use serde_json::{json, Value};

/// One simulated proxy for the whole file (generating the demo workspace takes a moment); it runs
/// on its own thread and runtime so every test can use it.
fn simulated() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| start_on_own_thread(&["--simulate"]))
}

fn start_on_own_thread(flags: &'static [&'static str]) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let proxy = start_proxy(flags).await;
            tx.send(proxy.base).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

/// Any subscription, resource group and workspace name reach the demo workspace.
const SIM_WS: &str = "/arm/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/any-rg/providers/Microsoft.OperationalInsights/workspaces/any-workspace/providers/Microsoft.SecurityInsights";

async fn get_json(url: &str) -> (u16, Value) {
    let response = client().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn incident_names(top: u32) -> Vec<String> {
    let (status, body) =
        get_json(&format!("{}{SIM_WS}/incidents?{V}&$top={top}", simulated())).await;
    assert_eq!(status, 200, "{body}");
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn lists_incidents_with_paging_that_follows_the_asked_path() {
    let base = simulated();
    let (status, page) = get_json(&format!(
        "{base}{SIM_WS}/incidents?{V}&$top=3&$orderby=properties/createdTimeUtc%20desc"
    ))
    .await;
    assert_eq!(status, 200);
    let first: Vec<&str> = page["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(first.len(), 3);
    let next = page["nextLink"]
        .as_str()
        .expect("more incidents than one page");
    let expected_prefix = format!(
        "https://management.azure.com{}/incidents?",
        SIM_WS.trim_start_matches("/arm")
    );
    assert!(next.starts_with(&expected_prefix), "{next}");
    assert!(next.contains("skipToken"));
    let through_proxy = next.replacen("https://management.azure.com", &format!("{base}/arm"), 1);
    let (status, second) = get_json(&through_proxy).await;
    assert_eq!(status, 200, "{second}");
    let second: Vec<&str> = second["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(!second.is_empty());
    assert!(
        second.iter().all(|n| !first.contains(n)),
        "pages do not overlap"
    );
}

#[tokio::test]
async fn filters_and_orders_incidents() {
    let base = simulated();
    let url = format!("{base}{SIM_WS}/incidents?{V}&%24filter=properties%2Fseverity%20eq%20%27High%27&%24orderby=properties%2FcreatedTimeUtc%20asc");
    let (status, body) = get_json(&url).await;
    assert_eq!(status, 200, "{body}");
    let incidents = body["value"].as_array().unwrap();
    assert!(
        !incidents.is_empty(),
        "the demo has high-severity incidents"
    );
    assert!(incidents
        .iter()
        .all(|i| i["properties"]["severity"] == "High"));
    let created: Vec<&str> = incidents
        .iter()
        .map(|i| i["properties"]["createdTimeUtc"].as_str().unwrap())
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] <= w[1]),
        "ascending: {created:?}"
    );

    let (status, body) = get_json(&format!(
        "{base}{SIM_WS}/incidents?{V}&%24filter=properties%2Fseverity%20eq"
    ))
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn gets_an_incident_its_alerts_entities_and_a_404() {
    let base = simulated();
    let name = incident_names(1).await.remove(0);
    let (status, incident) = get_json(&format!("{base}{SIM_WS}/incidents/{name}?{V}")).await;
    assert_eq!(status, 200);
    assert_eq!(incident["name"], name.as_str());
    assert!(incident["etag"].as_str().is_some());

    let c = client();
    let alerts: Value = c
        .post(format!("{base}{SIM_WS}/incidents/{name}/alerts?{V}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!alerts["value"].as_array().unwrap().is_empty(), "{alerts}");
    let entities: Value = c
        .post(format!("{base}{SIM_WS}/incidents/{name}/entities?{V}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !entities["entities"].as_array().unwrap().is_empty(),
        "{entities}"
    );
    assert!(entities["metaData"].is_array());

    let (status, body) = get_json(&format!(
        "{base}{SIM_WS}/incidents/00000000-0000-0000-0000-000000000000?{V}"
    ))
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NotFound");
    let (status, body) = get_json(&format!("{base}{SIM_WS}/incidents/{name}/relations?{V}")).await;
    assert_eq!(
        (status, body["value"].as_array().map(Vec::len)),
        (200, Some(0))
    );
}

#[tokio::test]
async fn updates_check_the_etag_with_412() {
    let base = simulated();
    let name = incident_names(4).await.remove(3);
    let url = format!("{base}{SIM_WS}/incidents/{name}?{V}");
    let (_, mut incident) = get_json(&url).await;
    let etag = incident["etag"].as_str().unwrap().to_string();
    let c = client();
    incident["properties"]["severity"] = json!("Low");
    incident["etag"] = json!("\"00000000-0000-0000-0000-000000000000\"");
    let stale = c.put(&url).json(&incident).send().await.unwrap();
    assert_eq!(stale.status(), 412);
    assert_eq!(error_code(stale).await, "PreconditionFailed");

    incident["etag"] = json!(etag);
    let updated = c.put(&url).json(&incident).send().await.unwrap();
    assert_eq!(updated.status(), 200);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(updated["properties"]["severity"], "Low");
    assert_ne!(updated["etag"], json!(etag), "a change makes a new etag");
    let (_, again) = get_json(&url).await;
    assert_eq!(again["properties"]["severity"], "Low");

    let reused = c.put(&url).json(&incident).send().await.unwrap();
    assert_eq!(reused.status(), 412, "the old etag is now stale");
    let bad = c.put(&url).body("{not json").send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn adds_and_lists_comments_as_the_token_user() {
    let base = simulated();
    let name = incident_names(3).await.remove(2);
    let c = client();
    let token = bearer(
        json!({"upn": "dana.analyst@contoso.com", "name": "Dana Analyst", "oid": "9a6e7c43-8b0f-4a59-8d3e-2f6c9e1a7b54"}),
    );
    let created = c
        .put(format!(
            "{base}{SIM_WS}/incidents/{name}/comments/7b1e5f0a-1111-2222-3333-444455556666?{V}"
        ))
        .header("authorization", &token)
        .json(&json!({"properties": {"message": "Isolated the host; resetting credentials."}}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        created["properties"]["author"]["userPrincipalName"],
        "dana.analyst@contoso.com"
    );
    let (status, comments) =
        get_json(&format!("{base}{SIM_WS}/incidents/{name}/comments?{V}")).await;
    assert_eq!(status, 200);
    assert!(comments["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["properties"]["message"] == "Isolated the host; resetting credentials."));
    let comment = created["name"].as_str().unwrap();
    let (status, one) = get_json(&format!(
        "{base}{SIM_WS}/incidents/{name}/comments/{comment}?{V}"
    ))
    .await;
    assert_eq!((status, one["name"].as_str()), (200, Some(comment)));
}

#[tokio::test]
async fn log_analytics_queries_return_tables() {
    let base = simulated();
    let c = client();
    let url = format!("{base}/la/v1/workspaces/{LA_WS}/query");
    let response = c.post(&url).json(&json!({"query": "SecurityIncident | take 3 | project TimeGenerated, Title", "timespan": "P30D"})).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let table = &body["tables"][0];
    assert!(table["name"].is_string());
    assert_eq!(
        table["columns"][0],
        json!({"name": "TimeGenerated", "type": "datetime"})
    );
    assert_eq!(table["rows"].as_array().unwrap().len(), 3);
    assert!(body.get("error").is_none());

    let (status, body) = get_json(&format!("{url}?query=SigninLogs%20%7C%20count")).await;
    assert_eq!(status, 200);
    assert!(
        body["tables"][0]["rows"][0][0]
            .as_i64()
            .is_some_and(|n| n > 0),
        "{body}"
    );
}

#[tokio::test]
async fn bad_queries_are_400_with_the_position() {
    let base = simulated();
    let response = client()
        .post(format!("{base}/la/v1/workspaces/{LA_WS}/query"))
        .json(&json!({"query": "SigninLogs\n| wher ResultType == 0"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "BadArgumentError");
    let inner = &body["error"]["innererror"];
    assert!(
        inner["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(inner["line"], 2, "{body}");
    assert!(inner["start"].as_u64().is_some_and(|s| s >= 11), "{body}");

    let missing = client()
        .post(format!("{base}/la/v1/workspaces/{LA_WS}/query"))
        .json(&json!({"timespan": "P1D"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
}

#[tokio::test]
async fn faults_can_be_asked_for_by_header() {
    let base = simulated();
    let c = client();
    let url = format!("{base}{SIM_WS}/incidents?{V}&$top=1");
    let throttled = c
        .get(&url)
        .header("x-sentinel-fault", "429")
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), 429);
    assert_eq!(throttled.headers()["retry-after"], "1");
    assert_eq!(error_code(throttled).await, "TooManyRequests");
    let failed = c
        .get(&url)
        .header("x-sentinel-fault", "500")
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), 500);
    let dropped = c.get(&url).header("x-sentinel-fault", "drop").send().await;
    let broken = match dropped {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(broken, "a dropped connection is an error for the client");
    let started = std::time::Instant::now();
    let slow = c
        .get(&url)
        .header("x-sentinel-fault", "latency=300")
        .send()
        .await
        .unwrap();
    assert_eq!(slow.status(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}

#[tokio::test]
async fn the_allowlist_and_health_still_apply() {
    let base = simulated();
    let (status, body) = get_json(&format!("{base}{SIM_WS}/watchlists?{V}")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("RouteNotAllowed"))
    );
    let (status, health) = get_json(&format!("{base}/healthz")).await;
    assert_eq!((status, health["mode"].as_str()), (200, Some("simulate")));
}

#[tokio::test]
async fn configured_faults_hit_every_nth_request() {
    let base = start_on_own_thread(&[
        "--simulate",
        "--fault-429-every",
        "3",
        "--fault-500-every",
        "5",
        "--fault-drop-every",
        "7",
    ]);
    let c = client();
    let mut seen = Vec::new();
    for _ in 0..15 {
        let outcome = match c.get(format!("{base}{SIM_WS}/bookmarks?{V}")).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                if status == 429 {
                    assert_eq!(response.headers()["retry-after"], "1");
                }
                match response.bytes().await {
                    Ok(_) => status,
                    Err(_) => 0,
                }
            }
            Err(_) => 0,
        };
        seen.push(outcome);
    }
    assert_eq!(
        seen,
        [200, 200, 429, 200, 500, 429, 0, 200, 429, 500, 200, 429, 200, 0, 500]
    );
}
