//! The panel's configuration: what a static host serves as `config.json`, what the analyst saves in
//! Settings (localStorage, nothing secret), and query parameters for demos — merged in that order.
//! With no proxy URL the panel runs on the demo workspace.

use serde::{Deserialize, Serialize};

use sentinel::{WorkspaceRef, DEFAULT_API_VERSION};

/// Every setting; `None` means "not set here", so layers can be merged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// The CORS proxy in front of Azure; absent: the demo workspace.
    pub proxy_url: Option<String>,
    /// Entra ID tenant (GUID or domain) for MSAL sign-in.
    pub tenant_id: Option<String>,
    /// The app registration's client id for MSAL sign-in.
    pub client_id: Option<String>,
    /// A custom sign-in authority URL (https), e.g. an OpenID Connect test authority; absent:
    /// `https://login.microsoftonline.com/{tenant}`.
    pub authority: Option<String>,
    /// Further authority hosts MSAL may trust (the custom authority's host is always trusted).
    pub known_authorities: Option<Vec<String>>,
    /// How sign-in asks the analyst: `popup` (default) or `redirect`.
    pub login_mode: Option<String>,
    /// The redirect URI registered for the app; absent: `msal-redirect.html` beside the panel.
    pub redirect_uri: Option<String>,
    pub subscription_id: Option<String>,
    pub resource_group: Option<String>,
    /// The default workspace's name.
    pub workspace_name: Option<String>,
    /// The default workspace's Log Analytics id (GUID).
    pub workspace_id: Option<String>,
    /// The incident API's api-version.
    pub api_version: Option<String>,
    /// The analyst's user principal name: the "me" of the chat when the panel signs in nobody
    /// itself (standalone against a proxy) and the host page names no user.
    pub user_principal_name: Option<String>,
    /// Where feedback is posted, if anywhere.
    pub feedback_url: Option<String>,
    /// `light`, `dark`, `high-contrast` or absent (follow the system).
    pub theme: Option<String>,
    /// The layout: `page` (the default: columns as the width allows) or `panel` (one column as
    /// tall as the element it is in, for a side panel in a portal).
    pub mode: Option<String>,
    /// Sources switched off (e.g. `"SigninLogs"`); everything else is on.
    pub disabled_sources: Option<Vec<String>>,
    /// The language model for hunting questions, through the proxy's `/model/chat/completions`:
    /// `true`, a model or deployment name, or `false` (the default: the deterministic generator).
    pub model: Option<ModelChoice>,
}

/// The `model` setting: on/off, or on with the name sent as the request's `model`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ModelChoice {
    /// `true`: on, the proxy names the model (`--model-name`, or the Azure deployment in its URL).
    /// `false`: off.
    On(bool),
    /// On, asking for this model (the proxy's `--model-name` still wins).
    Named(String),
}

impl ModelChoice {
    /// From the text of a query parameter or a form field: `on`/`true`/`1`, `off`/`false`/`0`,
    /// or a name.
    pub fn parse(text: &str) -> Option<ModelChoice> {
        let text = text.trim();
        match text.to_ascii_lowercase().as_str() {
            "" => None,
            "on" | "true" | "1" | "yes" => Some(ModelChoice::On(true)),
            "off" | "false" | "0" | "no" => Some(ModelChoice::On(false)),
            _ => Some(ModelChoice::Named(text.to_string())),
        }
    }
}

/// Where the panel's model requests go, from the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelRoute {
    /// `{proxy}/model/chat/completions`.
    pub url: String,
    /// The `model` field, if the settings name one.
    pub name: Option<String>,
}

impl Settings {
    /// `self` with every field that `over` sets replaced by it.
    pub fn merged(mut self, over: Settings) -> Settings {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(
            proxy_url,
            tenant_id,
            client_id,
            authority,
            known_authorities,
            login_mode,
            redirect_uri,
            subscription_id,
            resource_group,
            workspace_name,
            workspace_id,
            api_version,
            user_principal_name,
            feedback_url,
            theme,
            mode,
            disabled_sources,
            model
        );
        self
    }

    /// Settings from a URL query string (`?proxyUrl=...&workspaceName=...`), for demos.
    pub fn from_query(query: &str) -> Settings {
        let mut s = Settings::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(v);
            let v = (!v.is_empty()).then_some(v);
            match k {
                "proxyUrl" => s.proxy_url = v,
                "tenantId" => s.tenant_id = v,
                "clientId" => s.client_id = v,
                "authority" => s.authority = v,
                "knownAuthorities" => {
                    s.known_authorities = v.map(|list| {
                        list.split(',')
                            .map(|h| h.trim().to_string())
                            .filter(|h| !h.is_empty())
                            .collect()
                    })
                }
                "loginMode" => s.login_mode = v,
                "redirectUri" => s.redirect_uri = v,
                "subscriptionId" => s.subscription_id = v,
                "resourceGroup" => s.resource_group = v,
                "workspaceName" => s.workspace_name = v,
                "workspaceId" => s.workspace_id = v,
                "apiVersion" => s.api_version = v,
                "userPrincipalName" => s.user_principal_name = v,
                "theme" => s.theme = v,
                "mode" => s.mode = v,
                "model" => s.model = v.as_deref().and_then(ModelChoice::parse),
                _ => {}
            }
        }
        s
    }

    /// The workspace to connect to, or why the settings are not enough (the demo runs then).
    pub fn connection(&self) -> Result<(String, WorkspaceRef, String), String> {
        let need = |v: &Option<String>, what: &str| {
            v.clone()
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| format!("the {what} is not set"))
        };
        let proxy = need(&self.proxy_url, "proxy URL")?;
        if !(proxy.starts_with("https://")
            || proxy.starts_with("http://127.0.0.1")
            || proxy.starts_with("http://localhost"))
        {
            return Err(format!(
                "the proxy URL must use https (or be on localhost): {proxy}"
            ));
        }
        let workspace = WorkspaceRef {
            subscription_id: need(&self.subscription_id, "subscription id")?,
            resource_group: need(&self.resource_group, "resource group")?,
            workspace_name: need(&self.workspace_name, "workspace name")?,
            workspace_id: need(&self.workspace_id, "workspace id")?,
        };
        let api = self
            .api_version
            .clone()
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_string());
        Ok((proxy, workspace, api))
    }

    /// The model route when the model is switched on: `Ok(None)` when it is off, an error when it
    /// is on without a proxy (the key lives in the proxy, never in the panel).
    pub fn model_route(&self) -> Result<Option<ModelRoute>, String> {
        let name = match &self.model {
            None | Some(ModelChoice::On(false)) => return Ok(None),
            Some(ModelChoice::On(true)) => None,
            Some(ModelChoice::Named(n)) if n.trim().is_empty() => None,
            Some(ModelChoice::Named(n)) => Some(n.trim().to_string()),
        };
        let proxy = self
            .proxy_url
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .ok_or("the language model needs the proxy URL (the proxy holds the model's key)")?;
        if !(proxy.starts_with("https://")
            || proxy.starts_with("http://127.0.0.1")
            || proxy.starts_with("http://localhost"))
        {
            return Err(format!(
                "the proxy URL must use https (or be on localhost): {proxy}"
            ));
        }
        Ok(Some(ModelRoute {
            url: format!("{}/model/chat/completions", proxy.trim_end_matches('/')),
            name,
        }))
    }

    /// Whether a source (table) is switched on.
    pub fn source_enabled(&self, table: &str) -> bool {
        !self
            .disabled_sources
            .as_ref()
            .is_some_and(|d| d.iter().any(|t| t == table))
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_merge_in_order() {
        let file: Settings = serde_json::from_str(
            r#"{"proxyUrl":"https://proxy.example","workspaceName":"soc-ws"}"#,
        )
        .unwrap();
        let saved = Settings {
            workspace_name: Some("other-ws".into()),
            ..Default::default()
        };
        let query = Settings::from_query("?theme=dark&proxyUrl=https%3A%2F%2Fdemo.example");
        let s = file.merged(saved).merged(query);
        assert_eq!(s.workspace_name.as_deref(), Some("other-ws"));
        assert_eq!(s.proxy_url.as_deref(), Some("https://demo.example"));
        assert_eq!(s.theme.as_deref(), Some("dark"));
    }

    #[test]
    fn connection_names_what_is_missing() {
        assert_eq!(
            Settings::default().connection().unwrap_err(),
            "the proxy URL is not set"
        );
        let s = Settings {
            proxy_url: Some("https://p.example".into()),
            ..Default::default()
        };
        assert_eq!(
            s.connection().unwrap_err(),
            "the subscription id is not set"
        );
        let s = Settings {
            proxy_url: Some("http://p.example".into()),
            ..Default::default()
        };
        assert!(s.connection().unwrap_err().contains("https"));
    }

    #[test]
    fn sources_can_be_switched_off() {
        let s = Settings {
            disabled_sources: Some(vec!["SigninLogs".into()]),
            ..Default::default()
        };
        assert!(!s.source_enabled("SigninLogs"));
        assert!(s.source_enabled("AuditLogs"));
    }

    #[test]
    fn the_model_is_off_by_default_and_needs_the_proxy() {
        assert_eq!(Settings::default().model_route(), Ok(None));
        let file: Settings =
            serde_json::from_str(r#"{"proxyUrl":"https://p.example/","model":true}"#).unwrap();
        assert_eq!(
            file.model_route().unwrap().unwrap(),
            ModelRoute {
                url: "https://p.example/model/chat/completions".into(),
                name: None
            }
        );
        let named: Settings =
            serde_json::from_str(r#"{"proxyUrl":"https://p.example","model":"gpt-4o"}"#).unwrap();
        assert_eq!(
            named.model_route().unwrap().unwrap().name.as_deref(),
            Some("gpt-4o")
        );
        let off = named.clone().merged(Settings::from_query("?model=off"));
        assert_eq!(off.model_route(), Ok(None));
        let on = Settings::from_query("?model=on");
        assert!(on.model_route().unwrap_err().contains("proxy"));
        assert_eq!(Settings::from_query("?model=").model, None);
        let saved = serde_json::to_string(&named).unwrap();
        assert_eq!(serde_json::from_str::<Settings>(&saved).unwrap(), named);
    }

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%20b+c%2"), "a b c%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
