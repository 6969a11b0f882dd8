//! The allowlist: which paths, methods and query parameters the proxy forwards.
//!
//! Classification works on the raw request target as it arrived on the wire, before any decoding,
//! so encoded traversal (`%2e%2e`, `%2f`, double encoding) can never turn into a different upstream
//! path: a `%` anywhere in the path is refused. Every path segment is checked against a strict
//! character set, and fixed segments must match the Sentinel resource layout exactly (ASCII case
//! is ignored, as Resource Manager does).

use axum::http::{Method, Uri};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::ProxyError;

/// Longest path the proxy accepts, in bytes.
const MAX_PATH_LEN: usize = 1024;
/// Longest single path segment (resource group names are at most 90 characters).
const MAX_SEGMENT_LEN: usize = 128;
/// Longest query string value (an OData `$filter` or a KQL query sent with GET).
const MAX_QUERY_VALUE_LEN: usize = 16 * 1024;

/// The upstream API a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    /// Azure Resource Manager (`/arm/...`).
    Arm,
    /// The Log Analytics query API (`/la/...`).
    LogAnalytics,
}

/// The workspace a Resource Manager request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceScope {
    /// Subscription id (a GUID).
    pub subscription: String,
    /// Resource group name.
    pub resource_group: String,
    /// Log Analytics workspace name.
    pub workspace: String,
}

/// A Microsoft.SecurityInsights resource under a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityInsights {
    /// `incidents`
    Incidents,
    /// `incidents/{incidentId}`
    Incident { incident: String },
    /// `incidents/{incidentId}/alerts` (POST in the API)
    IncidentAlerts { incident: String },
    /// `incidents/{incidentId}/entities` (POST in the API)
    IncidentEntities { incident: String },
    /// `incidents/{incidentId}/comments`
    IncidentComments { incident: String },
    /// `incidents/{incidentId}/comments/{commentId}`
    IncidentComment { incident: String, comment: String },
    /// `incidents/{incidentId}/relations`
    IncidentRelations { incident: String },
    /// `incidents/{incidentId}/relations/{relationName}`
    IncidentRelation { incident: String, relation: String },
    /// `bookmarks`
    Bookmarks,
    /// `bookmarks/{bookmarkId}`
    Bookmark { bookmark: String },
}

impl SecurityInsights {
    /// The route template, for logs (no ids).
    pub fn template(&self) -> &'static str {
        match self {
            Self::Incidents => "/arm/{workspace}/incidents",
            Self::Incident { .. } => "/arm/{workspace}/incidents/{incidentId}",
            Self::IncidentAlerts { .. } => "/arm/{workspace}/incidents/{incidentId}/alerts",
            Self::IncidentEntities { .. } => "/arm/{workspace}/incidents/{incidentId}/entities",
            Self::IncidentComments { .. } => "/arm/{workspace}/incidents/{incidentId}/comments",
            Self::IncidentComment { .. } => {
                "/arm/{workspace}/incidents/{incidentId}/comments/{commentId}"
            }
            Self::IncidentRelations { .. } => "/arm/{workspace}/incidents/{incidentId}/relations",
            Self::IncidentRelation { .. } => {
                "/arm/{workspace}/incidents/{incidentId}/relations/{relationName}"
            }
            Self::Bookmarks => "/arm/{workspace}/bookmarks",
            Self::Bookmark { .. } => "/arm/{workspace}/bookmarks/{bookmarkId}",
        }
    }

    /// The methods the Sentinel API defines for this resource and the app needs.
    pub fn methods(&self) -> &'static [Method] {
        const GET: &[Method] = &[Method::GET];
        const GET_PUT: &[Method] = &[Method::GET, Method::PUT];
        const GET_PUT_DELETE: &[Method] = &[Method::GET, Method::PUT, Method::DELETE];
        const POST: &[Method] = &[Method::POST];
        match self {
            Self::Incidents | Self::IncidentComments { .. } | Self::IncidentRelations { .. } => GET,
            Self::IncidentRelation { .. } | Self::Bookmarks | Self::Bookmark { .. } => GET,
            Self::Incident { .. } => GET_PUT,
            Self::IncidentComment { .. } => GET_PUT_DELETE,
            Self::IncidentAlerts { .. } | Self::IncidentEntities { .. } => POST,
        }
    }

    /// Whether this is a collection read that takes OData `$filter`/`$orderby`/`$top`/`$skipToken`.
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Self::Incidents
                | Self::IncidentComments { .. }
                | Self::IncidentRelations { .. }
                | Self::Bookmarks
        )
    }
}

/// What an allowed request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A Sentinel resource through Resource Manager.
    Arm {
        scope: WorkspaceScope,
        resource: SecurityInsights,
    },
    /// A Log Analytics query against a workspace id.
    LogQuery { workspace_id: String },
}

/// A request the allowlist accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedRoute {
    /// What it addresses.
    pub target: Target,
    /// The upstream path, without a leading slash, exactly as accepted (no decoding needed).
    pub upstream_path: String,
    /// The accepted query parameters, decoded, in arrival order.
    pub query: Vec<(String, String)>,
}

impl AllowedRoute {
    /// Which upstream serves it.
    pub fn upstream(&self) -> Upstream {
        match self.target {
            Target::Arm { .. } => Upstream::Arm,
            Target::LogQuery { .. } => Upstream::LogAnalytics,
        }
    }

    /// The route template, for logs.
    pub fn template(&self) -> &'static str {
        match &self.target {
            Target::Arm { resource, .. } => resource.template(),
            Target::LogQuery { .. } => "/la/v1/workspaces/{workspaceId}/query",
        }
    }

    /// The value of a query parameter, if present.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query string to send upstream: every accepted parameter, re-encoded strictly.
    pub fn upstream_query(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Characters left as they are when re-encoding query keys and values: RFC 3986 unreserved and `$`.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$');

fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, QUERY_COMPONENT).to_string()
}

fn refuse(message: impl Into<String>) -> ProxyError {
    ProxyError::forbidden("RouteNotAllowed", message)
}

/// Decides whether a request may be forwarded, from its method and raw request target.
///
/// Returns the accepted route, or a 403 error saying which rule refused it.
pub fn classify(method: &Method, uri: &Uri) -> Result<AllowedRoute, ProxyError> {
    if uri.scheme().is_some() || uri.authority().is_some() {
        return Err(refuse(
            "absolute request targets are not accepted; send a path such as /arm/subscriptions/...",
        ));
    }
    let raw_path = uri.path();
    if raw_path.len() > MAX_PATH_LEN {
        return Err(refuse(format!(
            "the path is longer than {MAX_PATH_LEN} bytes"
        )));
    }
    if let Some(bad) = raw_path.chars().find(|c| !is_path_char(*c)) {
        let shown = if bad.is_ascii_graphic() {
            format!("'{bad}'")
        } else {
            format!("U+{:04X}", bad as u32)
        };
        return Err(refuse(format!(
            "the path contains {shown}; only letters, digits and . _ - ( ) are accepted in path segments (no percent-encoding)"
        )));
    }
    let segments: Vec<&str> = raw_path
        .strip_prefix('/')
        .unwrap_or(raw_path)
        .split('/')
        .collect();
    for segment in &segments {
        check_segment(segment)?;
    }
    let (target, rest) = match segments.split_first() {
        Some((&"arm", rest)) => (classify_arm(rest)?, rest),
        Some((&"la", rest)) => (classify_log_analytics(rest)?, rest),
        _ => return Err(refuse("only /arm/... (Sentinel through Resource Manager), /la/... (Log Analytics query) and POST /model/chat/completions are proxied")),
    };
    let query = parse_query(uri.query().unwrap_or(""))?;
    let route = AllowedRoute {
        target,
        upstream_path: rest.join("/"),
        query,
    };
    check_method_and_query(method, &route)?;
    Ok(route)
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '(' | ')')
}

fn check_segment(segment: &str) -> Result<(), ProxyError> {
    if segment.is_empty() {
        return Err(refuse(
            "the path has an empty segment ('//' or a trailing '/')",
        ));
    }
    if segment.chars().all(|c| c == '.') {
        return Err(refuse("'.' and '..' path segments are not accepted"));
    }
    if segment.len() > MAX_SEGMENT_LEN {
        return Err(refuse(format!(
            "a path segment is longer than {MAX_SEGMENT_LEN} characters"
        )));
    }
    Ok(())
}

fn literal(actual: &str, expected: &str) -> bool {
    actual.eq_ignore_ascii_case(expected)
}

/// `subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}/providers/Microsoft.SecurityInsights/...`
fn classify_arm(segments: &[&str]) -> Result<Target, ProxyError> {
    let expected_prefix = "subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/{workspace}/providers/Microsoft.SecurityInsights/...";
    let prefix_error = || {
        refuse(format!(
            "Resource Manager paths must have the form /arm/{expected_prefix}"
        ))
    };
    if segments.len() < 10 {
        return Err(prefix_error());
    }
    let fixed = [
        (0, "subscriptions"),
        (2, "resourceGroups"),
        (4, "providers"),
        (5, "Microsoft.OperationalInsights"),
        (6, "workspaces"),
        (8, "providers"),
        (9, "Microsoft.SecurityInsights"),
    ];
    if fixed.iter().any(|(i, name)| !literal(segments[*i], name)) {
        return Err(prefix_error());
    }
    let subscription = segments[1];
    if !is_guid(subscription) {
        return Err(refuse("the subscription id must be a GUID"));
    }
    let resource_group = segments[3];
    if resource_group.ends_with('.') || resource_group.len() > 90 {
        return Err(refuse(
            "the resource group name is not valid (at most 90 characters, not ending in '.')",
        ));
    }
    let workspace = segments[7];
    if !is_workspace_name(workspace) {
        return Err(refuse("the workspace name must be 4-63 letters, digits or '-', not starting or ending with '-'"));
    }
    let resource = classify_security_insights(&segments[10..])?;
    let scope = WorkspaceScope {
        subscription: subscription.to_string(),
        resource_group: resource_group.to_string(),
        workspace: workspace.to_string(),
    };
    Ok(Target::Arm { scope, resource })
}

fn classify_security_insights(rest: &[&str]) -> Result<SecurityInsights, ProxyError> {
    use SecurityInsights as S;
    let name = |s: &str| -> Result<String, ProxyError> {
        if is_resource_name(s) {
            Ok(s.to_string())
        } else {
            Err(refuse("resource names may hold letters, digits, '-', '_' and '.', and must start with a letter or digit"))
        }
    };
    let resource = match rest {
        [c] if literal(c, "incidents") => S::Incidents,
        [c, id] if literal(c, "incidents") => S::Incident { incident: name(id)? },
        [c, id, sub] if literal(c, "incidents") && literal(sub, "alerts") => S::IncidentAlerts { incident: name(id)? },
        [c, id, sub] if literal(c, "incidents") && literal(sub, "entities") => S::IncidentEntities { incident: name(id)? },
        [c, id, sub] if literal(c, "incidents") && literal(sub, "comments") => S::IncidentComments { incident: name(id)? },
        [c, id, sub, cid] if literal(c, "incidents") && literal(sub, "comments") => {
            S::IncidentComment { incident: name(id)?, comment: name(cid)? }
        }
        [c, id, sub] if literal(c, "incidents") && literal(sub, "relations") => S::IncidentRelations { incident: name(id)? },
        [c, id, sub, rid] if literal(c, "incidents") && literal(sub, "relations") => {
            S::IncidentRelation { incident: name(id)?, relation: name(rid)? }
        }
        [c] if literal(c, "bookmarks") => S::Bookmarks,
        [c, id] if literal(c, "bookmarks") => S::Bookmark { bookmark: name(id)? },
        _ => {
            return Err(refuse(
                "only Sentinel incidents (with their alerts, entities, comments and relations) and bookmarks are proxied",
            ))
        }
    };
    Ok(resource)
}

/// `v1/workspaces/{workspaceId}/query`
fn classify_log_analytics(segments: &[&str]) -> Result<Target, ProxyError> {
    match segments {
        [v, w, id, q] if *v == "v1" && *w == "workspaces" && *q == "query" => {
            if !is_guid(id) {
                return Err(refuse("the Log Analytics workspace id must be a GUID"));
            }
            Ok(Target::LogQuery {
                workspace_id: id.to_string(),
            })
        }
        _ => Err(refuse(
            "only /la/v1/workspaces/{workspaceId}/query is proxied to Log Analytics",
        )),
    }
}

fn parse_query(raw: &str) -> Result<Vec<(String, String)>, ProxyError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        if pairs.iter().any(|(k, _)| *k == key) {
            return Err(refuse(format!(
                "the query parameter '{}' is given more than once",
                printable(&key)
            )));
        }
        if value.len() > MAX_QUERY_VALUE_LEN {
            return Err(refuse(format!(
                "the query parameter '{}' is longer than {MAX_QUERY_VALUE_LEN} bytes",
                printable(&key)
            )));
        }
        pairs.push((key.into_owned(), value.into_owned()));
    }
    Ok(pairs)
}

fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(40)
        .collect()
}

fn check_method_and_query(method: &Method, route: &AllowedRoute) -> Result<(), ProxyError> {
    let (methods, allowed_keys): (&[Method], &[&str]) = match &route.target {
        Target::Arm { resource, .. } => {
            let keys: &[&str] = if resource.is_list() && *method == Method::GET {
                &["api-version", "$filter", "$orderby", "$top", "$skipToken"]
            } else {
                &["api-version"]
            };
            (resource.methods(), keys)
        }
        Target::LogQuery { .. } => {
            let keys: &[&str] = if *method == Method::GET {
                &["query", "timespan"]
            } else {
                &["timespan"]
            };
            (&[Method::GET, Method::POST], keys)
        }
    };
    if !methods.contains(method) {
        let names: Vec<&str> = methods.iter().map(Method::as_str).collect();
        return Err(ProxyError::forbidden(
            "MethodNotAllowed",
            format!(
                "{} is not allowed on {}; allowed: {}",
                method.as_str(),
                route.template(),
                names.join(", ")
            ),
        ));
    }
    for (key, _) in &route.query {
        if !allowed_keys.contains(&key.as_str()) {
            return Err(refuse(format!(
                "the query parameter '{}' is not accepted here; accepted: {}",
                printable(key),
                allowed_keys.join(", ")
            )));
        }
    }
    match &route.target {
        Target::Arm { .. } => {
            let version = route.query_value("api-version").ok_or_else(|| {
                refuse("the api-version query parameter is required for Resource Manager requests")
            })?;
            if !is_api_version(version) {
                return Err(refuse(
                    "api-version must look like 2025-09-01 or 2025-07-01-preview",
                ));
            }
            if let Some(top) = route.query_value("$top") {
                if top.is_empty() || top.len() > 6 || !top.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(refuse("$top must be a whole number"));
                }
            }
        }
        Target::LogQuery { .. } => {
            if *method == Method::GET && route.query_value("query").is_none_or(str::is_empty) {
                return Err(refuse(
                    "a GET query needs the query= parameter (or send it with POST)",
                ));
            }
        }
    }
    Ok(())
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_workspace_name(text: &str) -> bool {
    (4..=63).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

fn is_resource_name(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_api_version(text: &str) -> bool {
    let date = text.strip_suffix("-preview").unwrap_or(text);
    let bytes = date.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WS: &str = "/arm/subscriptions/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/soc-ws/providers/Microsoft.SecurityInsights";

    fn check(method: Method, target: &str) -> Result<AllowedRoute, ProxyError> {
        classify(&method, &target.parse::<Uri>().expect("test uri parses"))
    }

    #[test]
    fn accepts_every_sentinel_route_with_its_methods() {
        let v = "?api-version=2025-09-01";
        let cases = [
            (Method::GET, format!("{WS}/incidents{v}")),
            (Method::GET, format!("{WS}/incidents/abc-1{v}")),
            (Method::PUT, format!("{WS}/incidents/abc-1{v}")),
            (Method::POST, format!("{WS}/incidents/abc-1/alerts{v}")),
            (Method::POST, format!("{WS}/incidents/abc-1/entities{v}")),
            (Method::GET, format!("{WS}/incidents/abc-1/comments{v}")),
            (Method::PUT, format!("{WS}/incidents/abc-1/comments/c1{v}")),
            (
                Method::DELETE,
                format!("{WS}/incidents/abc-1/comments/c1{v}"),
            ),
            (Method::GET, format!("{WS}/incidents/abc-1/relations{v}")),
            (Method::GET, format!("{WS}/incidents/abc-1/relations/r1{v}")),
            (Method::GET, format!("{WS}/bookmarks{v}")),
            (Method::GET, format!("{WS}/bookmarks/b1{v}")),
        ];
        for (method, target) in cases {
            let route =
                check(method.clone(), &target).unwrap_or_else(|e| panic!("{method} {target}: {e}"));
            assert_eq!(route.upstream(), Upstream::Arm);
            assert!(route.upstream_path.starts_with("subscriptions/"));
        }
    }

    #[test]
    fn refuses_methods_a_route_does_not_need() {
        let v = "?api-version=2025-09-01";
        for (method, target) in [
            (Method::DELETE, format!("{WS}/incidents/abc-1{v}")),
            (Method::POST, format!("{WS}/incidents{v}")),
            (Method::GET, format!("{WS}/incidents/abc-1/alerts{v}")),
            (Method::PATCH, format!("{WS}/incidents/abc-1{v}")),
            (Method::PUT, format!("{WS}/bookmarks/b1{v}")),
        ] {
            let err = check(method.clone(), &target).expect_err("method must be refused");
            assert_eq!(err.status, 403, "{method} {target}");
            assert_eq!(err.code, "MethodNotAllowed");
        }
    }

    #[test]
    fn refuses_traversal_encoding_and_host_tricks() {
        let v = "?api-version=2025-09-01";
        for target in [
            format!("{WS}/incidents/%2e%2e/x{v}"),
            format!("{WS}/incidents/..%2fwatchlists{v}"),
            format!("{WS}/incidents/%252e%252e{v}"),
            format!("{WS}/incidents/../../watchlists{v}"),
            format!("{WS}/incidents/./abc{v}"),
            format!("{WS}//incidents{v}"),
            format!("{WS}/incidents/{v}"),
            format!("{WS}/incidents/a@evil.example{v}"),
            "/arm/https://evil.example/x".to_string(),
            "/arm/169.254.169.254/metadata/instance".to_string(),
            "/arm/user:pass@management.azure.com/subscriptions".to_string(),
            "/arm/subscriptions".to_string(),
            format!("{WS}/watchlists{v}"),
            format!("{WS}/dataConnectors{v}"),
            "/la/v1/workspaces/../query".to_string(),
            "/la/v1/workspaces/not-a-guid/query?query=x".to_string(),
            "/la/v2/workspaces/0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11/query".to_string(),
            "/other".to_string(),
            "/".to_string(),
        ] {
            let err = check(Method::GET, &target).expect_err(&target);
            assert_eq!(err.status, 403, "{target}");
        }
        let absolute: Uri = "http://169.254.169.254/la/v1/workspaces/x/query"
            .parse()
            .unwrap();
        assert!(classify(&Method::GET, &absolute).is_err());
    }

    #[test]
    fn requires_a_well_formed_api_version_and_known_query_parameters() {
        assert!(check(Method::GET, &format!("{WS}/incidents")).is_err());
        assert!(check(Method::GET, &format!("{WS}/incidents?api-version=latest")).is_err());
        assert!(check(
            Method::GET,
            &format!("{WS}/incidents?api-version=2025-09-01&api-version=2020-01-01")
        )
        .is_err());
        assert!(check(
            Method::GET,
            &format!("{WS}/incidents?api-version=2025-09-01&redirect=x")
        )
        .is_err());
        assert!(check(
            Method::GET,
            &format!("{WS}/incidents/a?api-version=2025-09-01&$filter=x")
        )
        .is_err());
        assert!(check(
            Method::GET,
            &format!("{WS}/incidents?api-version=2025-09-01&$top=ten")
        )
        .is_err());
        let route = check(
            Method::GET,
            &format!("{WS}/incidents?api-version=2025-07-01-preview&%24filter=properties%2Fstatus+eq+%27New%27&$top=5"),
        )
        .unwrap();
        assert_eq!(
            route.query_value("$filter"),
            Some("properties/status eq 'New'")
        );
        assert_eq!(
            route.upstream_query(),
            "api-version=2025-07-01-preview&$filter=properties%2Fstatus%20eq%20%27New%27&$top=5"
        );
    }

    #[test]
    fn log_analytics_query_by_post_or_get_with_query() {
        let ws = "0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11";
        let route = check(Method::POST, &format!("/la/v1/workspaces/{ws}/query")).unwrap();
        assert_eq!(route.upstream(), Upstream::LogAnalytics);
        assert_eq!(route.upstream_path, format!("v1/workspaces/{ws}/query"));
        assert!(check(
            Method::GET,
            &format!("/la/v1/workspaces/{ws}/query?query=SigninLogs")
        )
        .is_ok());
        assert!(check(Method::GET, &format!("/la/v1/workspaces/{ws}/query")).is_err());
        assert!(check(Method::PUT, &format!("/la/v1/workspaces/{ws}/query")).is_err());
    }

    #[test]
    fn guid_check_is_exact() {
        assert!(is_guid("0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11"));
        assert!(!is_guid("0b4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a1"));
        assert!(!is_guid("0b4f4a6e3c1e4b8e9a552f0d3c6f7a11"));
        assert!(!is_guid("zb4f4a6e-3c1e-4b8e-9a55-2f0d3c6f7a11"));
    }
}
