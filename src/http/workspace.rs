//! `HttpWorkspace`: the [`Workspace`] trait over the proxy, with gloo-net.

use std::rc::Rc;
use std::time::Duration;

use async_trait::async_trait;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

use sentinel::{
    ArmList, Incident, IncidentAlert, IncidentComment, IncidentEntities, IncidentQuery,
    IncidentUpdate, QueryResult, Timespan, Workspace, WorkspaceError, WorkspaceInfo, WorkspaceRef,
};

use super::policy::{error_from_response, next_link_via_proxy, retry_delay};
use crate::auth::{Audience, TokenSource};

/// Where the proxy is and which workspace to talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpWorkspaceConfig {
    /// The proxy's base URL, e.g. `https://copilot-proxy.contoso.example`.
    pub proxy_url: String,
    pub workspace: WorkspaceRef,
    /// The incident API's api-version.
    pub api_version: String,
}

/// A real Sentinel workspace behind the proxy.
pub struct HttpWorkspace {
    config: HttpWorkspaceConfig,
    tokens: Rc<dyn TokenSource>,
    /// Cancels every request in flight when aborted (the panel unmounting, Escape).
    abort: std::cell::RefCell<web_sys::AbortController>,
}

const ARM_BASE: &str = "https://management.azure.com";

impl HttpWorkspace {
    /// A workspace client; nothing is sent until a method is called.
    pub fn new(config: HttpWorkspaceConfig, tokens: Rc<dyn TokenSource>) -> HttpWorkspace {
        let abort =
            web_sys::AbortController::new().expect("AbortController exists in every browser");
        HttpWorkspace {
            config,
            tokens,
            abort: std::cell::RefCell::new(abort),
        }
    }

    /// Cancels the requests in flight; later calls start afresh.
    pub fn cancel_requests(&self) {
        let fresh =
            web_sys::AbortController::new().expect("AbortController exists in every browser");
        self.abort.replace(fresh).abort();
    }

    fn proxy(&self) -> &str {
        self.config.proxy_url.trim_end_matches('/')
    }

    fn arm_url(&self, path: &str, extra_query: &str) -> String {
        format!(
            "{}/arm{path}?api-version={}{extra_query}",
            self.proxy(),
            self.config.api_version
        )
    }

    /// Sends a request built by `build`, retrying 429/503/504 as the policy says.
    async fn send(
        &self,
        audience: Audience,
        build: impl Fn() -> RequestBuilder,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, WorkspaceError> {
        let token = self
            .tokens
            .token(audience)
            .await
            .map_err(|message| WorkspaceError::Unauthorized { message })?;
        let mut attempt = 0;
        loop {
            let mut builder = build().abort_signal(Some(&self.abort.borrow().signal()));
            if !token.is_empty() {
                builder = builder.header("Authorization", &format!("Bearer {token}"));
            }
            let request = match body {
                Some(b) => builder.json(b),
                None => builder.build(),
            }
            .map_err(|e| WorkspaceError::Network {
                message: e.to_string(),
            })?;
            let response = request.send().await.map_err(|e| WorkspaceError::Network {
                message: format!("the proxy at {} did not answer ({e})", self.proxy()),
            })?;
            if response.ok() {
                return Ok(response);
            }
            let status = response.status();
            let retry_after = response.headers().get("retry-after");
            match retry_delay(
                status,
                attempt,
                retry_after.as_deref(),
                js_sys::Math::random(),
            ) {
                Some(wait) => {
                    sleep(wait).await;
                    attempt += 1;
                }
                None => {
                    let text = response.text().await.unwrap_or_default();
                    return Err(error_from_response(
                        status,
                        &text,
                        retry_after.as_deref(),
                        audience.api_name(),
                    ));
                }
            }
        }
    }

    async fn arm<T: DeserializeOwned>(
        &self,
        method: Method,
        url: String,
        body: Option<serde_json::Value>,
        if_match: Option<&str>,
    ) -> Result<T, WorkspaceError> {
        let build = || {
            let mut b = RequestBuilder::new(&url).method(method.clone());
            if let Some(etag) = if_match {
                b = b.header("If-Match", etag);
            }
            b
        };
        let response = self
            .send(Audience::ResourceManager, build, body.as_ref())
            .await?;
        decode(response).await
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, WorkspaceError> {
    response
        .json::<T>()
        .await
        .map_err(|e| WorkspaceError::Server {
            status: response.status(),
            message: format!("the answer was not in the expected shape ({e})"),
        })
}

async fn sleep(d: Duration) {
    gloo_timers::future::TimeoutFuture::new(d.as_millis().min(u32::MAX as u128) as u32).await;
}

#[derive(serde::Deserialize)]
struct Listed<T> {
    value: Vec<T>,
}

#[async_trait(?Send)]
impl Workspace for HttpWorkspace {
    fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            name: self.config.workspace.workspace_name.clone(),
            id: self.config.workspace.workspace_id.clone(),
            tenant_name: None,
            is_demo: false,
            reference: Some(self.config.workspace.clone()),
        }
    }

    async fn list_incidents(
        &self,
        query: &IncidentQuery,
    ) -> Result<ArmList<Incident>, WorkspaceError> {
        let url = match &query.skip_token {
            // A page after the first: follow the nextLink form through the proxy.
            Some(token) if token.starts_with("https://") => {
                next_link_via_proxy(token, self.proxy(), ARM_BASE)?
            }
            _ => self.arm_url(
                &self.config.workspace.incidents_path(),
                &query.to_query_string(),
            ),
        };
        let mut page: ArmList<Incident> = self.arm(Method::GET, url, None, None).await?;
        if let Some(link) = &page.next_link {
            // Refuse, rather than follow later, a link to another host.
            next_link_via_proxy(link, self.proxy(), ARM_BASE)?;
            page.next_link = Some(link.clone());
        }
        Ok(page)
    }

    async fn get_incident(&self, incident: &str) -> Result<Incident, WorkspaceError> {
        let url = self.arm_url(&self.config.workspace.incident_path(incident), "");
        self.arm(Method::GET, url, None, None).await
    }

    async fn list_alerts(&self, incident: &str) -> Result<Vec<IncidentAlert>, WorkspaceError> {
        let url = self.arm_url(&self.config.workspace.incident_alerts_path(incident), "");
        let listed: Listed<IncidentAlert> =
            self.arm(Method::POST, url, Some(json!({})), None).await?;
        Ok(listed.value)
    }

    async fn list_entities(&self, incident: &str) -> Result<IncidentEntities, WorkspaceError> {
        let url = self.arm_url(&self.config.workspace.incident_entities_path(incident), "");
        self.arm(Method::POST, url, Some(json!({})), None).await
    }

    async fn list_comments(&self, incident: &str) -> Result<Vec<IncidentComment>, WorkspaceError> {
        let url = self.arm_url(&self.config.workspace.incident_comments_path(incident), "");
        let mut all: Vec<IncidentComment> = Vec::new();
        let mut page: ArmList<IncidentComment> = self.arm(Method::GET, url, None, None).await?;
        loop {
            all.append(&mut page.value);
            let Some(link) = page.next_link.take() else {
                break;
            };
            let url = next_link_via_proxy(&link, self.proxy(), ARM_BASE)?;
            page = self.arm(Method::GET, url, None, None).await?;
        }
        all.sort_by(|a, b| {
            a.properties
                .created_time_utc
                .cmp(&b.properties.created_time_utc)
        });
        Ok(all)
    }

    async fn update_incident(
        &self,
        incident: &str,
        update: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError> {
        // PUT replaces the incident: read it, apply the change locally, send it with the etag.
        let mut current = self.get_incident(incident).await?;
        if let (Some(want), Some(have)) = (&update.etag, &current.etag) {
            if want != have {
                return Err(WorkspaceError::stale_etag(&current.properties.title));
            }
        }
        update.apply(&mut current.properties)?;
        let etag = update.etag.clone().or_else(|| current.etag.clone());
        let body = json!({ "etag": etag, "properties": current.properties });
        let url = self.arm_url(&self.config.workspace.incident_path(incident), "");
        self.arm(Method::PUT, url, Some(body), etag.as_deref())
            .await
    }

    async fn add_comment(
        &self,
        incident: &str,
        message: &str,
    ) -> Result<IncidentComment, WorkspaceError> {
        let name = uuid_v4();
        let path = self.config.workspace.incident_comment_path(incident, &name);
        let url = self.arm_url(&path, "");
        self.arm(
            Method::PUT,
            url,
            Some(json!({ "properties": { "message": message } })),
            None,
        )
        .await
    }

    async fn query(
        &self,
        kql: &str,
        timespan: Option<Timespan>,
    ) -> Result<QueryResult, WorkspaceError> {
        let url = format!("{}/la{}", self.proxy(), self.config.workspace.query_path());
        let mut body = json!({ "query": kql });
        if let Some(t) = timespan {
            body["timespan"] = json!(t.to_iso());
        }
        let build = || RequestBuilder::new(&url).method(Method::POST);
        let response = self
            .send(Audience::LogAnalytics, build, Some(&body))
            .await?;
        let value: serde_json::Value = decode(response).await?;
        super::log_analytics::parse_response(&value)
    }

    fn cancel(&self) {
        self.cancel_requests();
    }
}

/// A random version-4 UUID for a new comment's name.
fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
