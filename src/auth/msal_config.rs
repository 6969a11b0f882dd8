//! What MSAL sign-in needs, read from the settings: plain data, checked here so that a bad
//! setting is named before any sign-in starts.

use serde::Serialize;

use super::Audience;
use crate::config::Settings;

/// Hosts of Microsoft Entra ID's sign-in service (public and national clouds): MSAL's own protocol
/// mode. Any other authority is a plain OpenID Connect provider.
const ENTRA_HOSTS: [&str; 4] = [
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
];

/// How the sign-in prompt is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginMode {
    /// A popup window; the panel stays as it is.
    Popup,
    /// The whole page goes to the authority and comes back.
    Redirect,
}

/// The configuration handed to the MSAL glue (`tools/msal/glue.js`), as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MsalConfig {
    pub client_id: String,
    /// The authority URL, e.g. `https://login.microsoftonline.com/contoso.onmicrosoft.com`.
    pub authority: String,
    /// Hosts MSAL trusts without Microsoft's instance discovery.
    pub known_authorities: Vec<String>,
    /// `AAD` for Entra ID, `OIDC` for any other OpenID Connect authority.
    pub protocol_mode: &'static str,
    /// Absent: `msal-redirect.html` beside the panel's files (resolved by the glue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    pub login_mode: LoginMode,
    /// The tenant an account must belong to, when it is given as a GUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The scopes asked for; the first is asked at sign-in.
    pub scopes: Vec<String>,
    /// The analyst who last signed in to the panel in this browser: at start, the panel tries a
    /// silent sign-in (`ssoSilent`) for them, so a reload does not ask for a prompt again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
}

impl MsalConfig {
    /// The sign-in the settings ask for: `None` when they name no client id (no sign-in), an
    /// error naming the bad setting otherwise.
    pub fn from_settings(settings: &Settings) -> Option<Result<MsalConfig, String>> {
        let client_id = non_empty(&settings.client_id)?;
        Some(build(settings, client_id))
    }
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn build(settings: &Settings, client_id: String) -> Result<MsalConfig, String> {
    let tenant = non_empty(&settings.tenant_id);
    let authority = match non_empty(&settings.authority) {
        Some(a) => a.trim_end_matches('/').to_string(),
        None => format!(
            "https://login.microsoftonline.com/{}",
            tenant.as_deref().unwrap_or("organizations")
        ),
    };
    let host = https_host(&authority)
        .ok_or_else(|| format!("the sign-in authority must be an https URL: {authority}"))?;
    let entra = ENTRA_HOSTS.contains(&host.to_ascii_lowercase().as_str());
    let mut known_authorities: Vec<String> = if entra {
        Vec::new()
    } else {
        vec![host.clone()]
    };
    for h in settings.known_authorities.iter().flatten() {
        let h = h.trim();
        if !h.is_empty() && !known_authorities.iter().any(|k| k == h) {
            known_authorities.push(h.to_string());
        }
    }
    let login_mode = match non_empty(&settings.login_mode).as_deref() {
        None | Some("popup") => LoginMode::Popup,
        Some("redirect") => LoginMode::Redirect,
        Some(other) => {
            return Err(format!(
                "the sign-in mode must be popup or redirect, not `{other}`"
            ))
        }
    };
    let redirect_uri = non_empty(&settings.redirect_uri);
    if let Some(uri) = &redirect_uri {
        if https_host(uri).is_none() && !is_local_http(uri) {
            return Err(format!(
                "the redirect URI must use https (or be on localhost): {uri}"
            ));
        }
    }
    let tenant_id = tenant
        .filter(|t| is_guid(t))
        .map(|t| t.to_ascii_lowercase());
    Ok(MsalConfig {
        client_id,
        authority,
        known_authorities,
        protocol_mode: if entra { "AAD" } else { "OIDC" },
        redirect_uri,
        login_mode,
        tenant_id,
        scopes: [Audience::ResourceManager, Audience::LogAnalytics]
            .iter()
            .map(|a| a.scope().to_string())
            .collect(),
        login_hint: None,
    })
}

/// The host (with port) of an `https://` URL without user info, or `None`.
fn https_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty() && !host.contains('@')).then(|| host.to_string())
}

fn is_local_http(url: &str) -> bool {
    ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|p| {
            url.strip_prefix(p)
                .is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
        })
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(client: &str) -> Settings {
        Settings {
            client_id: Some(client.into()),
            ..Default::default()
        }
    }

    #[test]
    fn no_client_id_means_no_sign_in() {
        assert!(MsalConfig::from_settings(&Settings::default()).is_none());
        assert!(MsalConfig::from_settings(&settings("  ")).is_none());
    }

    #[test]
    fn entra_id_by_default_with_the_tenant() {
        let mut s = settings("11111111-2222-3333-4444-555555555555");
        s.tenant_id = Some("AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee".into());
        let c = MsalConfig::from_settings(&s).unwrap().unwrap();
        assert_eq!(
            c.authority,
            "https://login.microsoftonline.com/AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee"
        );
        assert_eq!(c.protocol_mode, "AAD");
        assert!(c.known_authorities.is_empty());
        assert_eq!(
            c.tenant_id.as_deref(),
            Some("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        );
        assert_eq!(c.login_mode, LoginMode::Popup);
        assert_eq!(
            c.scopes,
            [
                "https://management.azure.com/user_impersonation",
                "https://api.loganalytics.io/Data.Read"
            ]
        );
        // A domain is a fine authority path, but not a tenant to check accounts against.
        s.tenant_id = Some("contoso.onmicrosoft.com".into());
        let c = MsalConfig::from_settings(&s).unwrap().unwrap();
        assert!(c.authority.ends_with("/contoso.onmicrosoft.com"));
        assert_eq!(c.tenant_id, None);
        s.tenant_id = None;
        let c = MsalConfig::from_settings(&s).unwrap().unwrap();
        assert!(c.authority.ends_with("/organizations"));
    }

    #[test]
    fn a_custom_authority_is_plain_openid_connect_and_trusted_by_host() {
        let mut s = settings("client");
        s.authority = Some("https://127.0.0.1:8443/tenant/v2.0/".into());
        s.known_authorities = Some(vec!["idp.example".into(), "127.0.0.1:8443".into()]);
        s.login_mode = Some("redirect".into());
        let c = MsalConfig::from_settings(&s).unwrap().unwrap();
        assert_eq!(c.authority, "https://127.0.0.1:8443/tenant/v2.0");
        assert_eq!(c.protocol_mode, "OIDC");
        assert_eq!(c.known_authorities, ["127.0.0.1:8443", "idp.example"]);
        assert_eq!(c.login_mode, LoginMode::Redirect);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["loginMode"], "redirect");
        assert_eq!(json["knownAuthorities"][0], "127.0.0.1:8443");
        assert!(json.get("redirectUri").is_none());
    }

    #[test]
    fn sign_in_settings_come_from_the_query_too() {
        let s = Settings::from_query(
            "?clientId=c&authority=https%3A%2F%2Fidp.example%2Ft&knownAuthorities=a.example,+b.example,&loginMode=redirect&redirectUri=https%3A%2F%2Fsoc.example%2Fr.html",
        );
        let c = MsalConfig::from_settings(&s).unwrap().unwrap();
        assert_eq!(c.authority, "https://idp.example/t");
        assert_eq!(
            c.known_authorities,
            ["idp.example", "a.example", "b.example"]
        );
        assert_eq!(c.login_mode, LoginMode::Redirect);
        assert_eq!(
            c.redirect_uri.as_deref(),
            Some("https://soc.example/r.html")
        );
        // Saved settings below the query: the query's values win, the others stay.
        let saved = Settings {
            login_mode: Some("popup".into()),
            tenant_id: Some("t".into()),
            ..Default::default()
        };
        let merged = saved.merged(s);
        assert_eq!(merged.login_mode.as_deref(), Some("redirect"));
        assert_eq!(merged.tenant_id.as_deref(), Some("t"));
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = settings("client");
        s.authority = Some("http://idp.example/".into());
        let e = MsalConfig::from_settings(&s).unwrap().unwrap_err();
        assert!(e.contains("authority must be an https URL"), "{e}");
        s.authority = Some("https://user@idp.example/".into());
        assert!(MsalConfig::from_settings(&s).unwrap().is_err());
        s.authority = None;
        s.login_mode = Some("iframe".into());
        let e = MsalConfig::from_settings(&s).unwrap().unwrap_err();
        assert!(e.contains("popup or redirect"), "{e}");
        s.login_mode = None;
        s.redirect_uri = Some("http://panel.example/".into());
        let e = MsalConfig::from_settings(&s).unwrap().unwrap_err();
        assert!(e.contains("redirect URI must use https"), "{e}");
        s.redirect_uri = Some("http://127.0.0.1:8080/msal-redirect.html".into());
        assert!(MsalConfig::from_settings(&s).unwrap().is_ok());
        s.redirect_uri = Some("http://127.0.0.1.evil.example/".into());
        assert!(MsalConfig::from_settings(&s).unwrap().is_err());
    }
}
