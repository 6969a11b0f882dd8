//! The `Workspace` trait: everything the app asks of a Sentinel workspace, whether the in-memory
//! demo or the real service through the proxy, and the errors an analyst may see.

use std::fmt;
use std::ops::Range;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::api::{
    ArmList, Classification, ClassificationReason, Incident, IncidentAlert, IncidentComment,
    IncidentEntities, IncidentLabel, IncidentOwner, IncidentProperties, IncidentSeverity,
    IncidentStatus, WorkspaceRef,
};
use crate::time::{format_datetime, parse_datetime, parse_duration};

/// What the app shows about the workspace it is connected to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// The workspace name, as in the portal.
    pub name: String,
    /// The Log Analytics workspace id (GUID).
    pub id: String,
    /// The tenant's display name, when known.
    pub tenant_name: Option<String>,
    /// Whether this is the generated demo workspace rather than a real one.
    pub is_demo: bool,
    /// ARM coordinates, for building portal links.
    pub reference: Option<WorkspaceRef>,
}

/// The OData options of an incident list: `$filter`, `$orderby`, `$top` and the paging token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentQuery {
    /// e.g. `properties/severity eq 'High' and properties/status ne 'Closed'`.
    pub filter: Option<String>,
    /// e.g. `properties/createdTimeUtc desc`.
    pub orderby: Option<String>,
    /// The page size.
    pub top: Option<u32>,
    /// The `$skipToken` of the page to fetch, taken from a `nextLink`.
    pub skip_token: Option<String>,
}

impl IncidentQuery {
    /// The newest incidents first, `top` of them.
    pub fn newest(top: u32) -> IncidentQuery {
        IncidentQuery {
            orderby: Some("properties/createdTimeUtc desc".into()),
            top: Some(top),
            ..IncidentQuery::default()
        }
    }

    /// Adds a `$filter`.
    pub fn with_filter(mut self, filter: impl Into<String>) -> IncidentQuery {
        self.filter = Some(filter.into());
        self
    }

    /// The query string after `api-version`: `&$filter=...&$orderby=...&$top=...`, percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut add = |key: &str, value: &str| {
            out.push('&');
            out.push_str(key);
            out.push('=');
            out.push_str(&percent_encode(value));
        };
        if let Some(f) = &self.filter {
            add("$filter", f);
        }
        if let Some(o) = &self.orderby {
            add("$orderby", o);
        }
        if let Some(t) = self.top {
            add("$top", &t.to_string());
        }
        if let Some(s) = &self.skip_token {
            add("$skipToken", s);
        }
        out
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters pass through).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A change to an incident; `None` leaves a field as it is. `owner: Some(IncidentOwner::default())`
/// unassigns. The `etag` makes the update conditional, as the portal does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentUpdate {
    pub etag: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<IncidentStatus>,
    pub severity: Option<IncidentSeverity>,
    pub owner: Option<IncidentOwner>,
    pub classification: Option<Classification>,
    pub classification_reason: Option<ClassificationReason>,
    pub classification_comment: Option<String>,
    pub labels: Option<Vec<IncidentLabel>>,
}

impl IncidentUpdate {
    /// Closes an incident with a classification, reason and comment.
    pub fn close(
        classification: Classification,
        reason: Option<ClassificationReason>,
        comment: impl Into<String>,
    ) -> IncidentUpdate {
        IncidentUpdate {
            status: Some(IncidentStatus::Closed),
            classification: Some(classification),
            classification_reason: reason,
            classification_comment: Some(comment.into()),
            ..IncidentUpdate::default()
        }
    }

    /// The update a full `PUT` body amounts to: every writable field taken from `body`.
    pub fn from_put(body: &Incident) -> IncidentUpdate {
        let p = &body.properties;
        IncidentUpdate {
            etag: body.etag.clone(),
            title: Some(p.title.clone()),
            description: p.description.clone(),
            status: Some(p.status),
            severity: Some(p.severity),
            owner: p.owner.clone(),
            classification: p.classification,
            classification_reason: p.classification_reason,
            classification_comment: p.classification_comment.clone(),
            labels: Some(p.labels.clone()),
        }
    }

    /// Applies the change to an incident's properties, enforcing Sentinel's rules: a closed
    /// incident needs a classification, and the reason must fit it; reopening clears them.
    pub fn apply(&self, p: &mut IncidentProperties) -> Result<(), WorkspaceError> {
        let mut next = p.clone();
        if let Some(t) = &self.title {
            if t.trim().is_empty() {
                return Err(WorkspaceError::BadRequest {
                    message: "An incident needs a title.".into(),
                });
            }
            next.title = t.clone();
        }
        if let Some(d) = &self.description {
            next.description = Some(d.clone());
        }
        if let Some(s) = self.severity {
            next.severity = s;
        }
        if let Some(o) = &self.owner {
            next.owner = Some(o.clone());
        }
        if let Some(l) = &self.labels {
            next.labels = l.clone();
        }
        if let Some(s) = self.status {
            next.status = s;
        }
        if self.classification.is_some() {
            next.classification = self.classification;
            next.classification_reason = self.classification_reason;
        } else if self.classification_reason.is_some() {
            next.classification_reason = self.classification_reason;
        }
        if let Some(c) = &self.classification_comment {
            next.classification_comment = Some(c.clone());
        }
        if next.status == IncidentStatus::Closed {
            let Some(class) = next.classification else {
                return Err(WorkspaceError::BadRequest {
                    message: "Closing an incident needs a classification (TruePositive, BenignPositive, FalsePositive or Undetermined).".into(),
                });
            };
            let allowed = class.allowed_reasons();
            match next.classification_reason {
                Some(r) if !allowed.contains(&r) => {
                    return Err(WorkspaceError::BadRequest {
                        message: format!(
                            "The reason {} does not go with the classification {}; use {}.",
                            r.as_str(),
                            class.as_str(),
                            if allowed.is_empty() {
                                "no reason".to_string()
                            } else {
                                allowed
                                    .iter()
                                    .map(|r| r.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" or ")
                            }
                        ),
                    })
                }
                None if allowed.len() == 1 => next.classification_reason = Some(allowed[0]),
                None if !allowed.is_empty() => {
                    return Err(WorkspaceError::BadRequest {
                        message: format!(
                            "Closing as {} needs a reason: {}.",
                            class.as_str(),
                            allowed
                                .iter()
                                .map(|r| r.as_str())
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    })
                }
                _ => {}
            }
        } else if self.status.is_some() && p.status == IncidentStatus::Closed {
            next.classification = None;
            next.classification_reason = None;
            next.classification_comment = None;
        }
        *p = next;
        Ok(())
    }
}

/// The time range a log query covers, in ticks: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timespan {
    pub start: i64,
    pub end: i64,
}

impl Timespan {
    /// The `duration` up to `now`.
    pub fn last(duration_ticks: i64, now: i64) -> Timespan {
        Timespan {
            start: now - duration_ticks,
            end: now,
        }
    }

    /// Parses the Log Analytics `timespan` parameter: an ISO 8601 duration ending now (`P1D`),
    /// `start/end`, `start/duration` or `duration/end`.
    pub fn parse(text: &str, now: i64) -> Result<Timespan, WorkspaceError> {
        let bad = || {
            WorkspaceError::BadRequest {
            message: format!(
                "'{text}' is not a timespan: use an ISO 8601 duration such as P1D or PT4H, or start/end times."
            ),
        }
        };
        let span = match text.split_once('/') {
            None => Timespan::last(parse_duration(text).ok_or_else(bad)?, now),
            Some((a, b)) => match (parse_datetime(a), parse_datetime(b)) {
                (Some(start), Some(end)) => Timespan { start, end },
                (Some(start), None) => Timespan {
                    start,
                    end: start + parse_duration(b).ok_or_else(bad)?,
                },
                (None, Some(end)) => Timespan {
                    start: end - parse_duration(a).ok_or_else(bad)?,
                    end,
                },
                (None, None) => return Err(bad()),
            },
        };
        if span.end < span.start {
            return Err(bad());
        }
        Ok(span)
    }

    /// The `start/end` form the API accepts.
    pub fn to_iso(&self) -> String {
        format!(
            "{}/{}",
            format_datetime(self.start),
            format_datetime(self.end)
        )
    }

    /// Whether a time falls in the range.
    pub fn contains(&self, ticks: i64) -> bool {
        ticks >= self.start && ticks < self.end
    }
}

/// A chart the query asked for with `render`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSpec {
    /// `timechart`, `barchart`, `piechart`, `columnchart`, `linechart`, `areachart`, `table`...
    pub kind: String,
    /// `with (...)` properties as written, such as `title` or `xcolumn`.
    pub properties: Vec<(String, String)>,
}

/// The result of a log query: its tables (the primary result first) and the chart, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResult {
    pub tables: Vec<kql::Table>,
    pub chart: Option<ChartSpec>,
}

/// What can go wrong talking to a workspace, worded for the analyst.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkspaceError {
    /// The incident, comment or other resource does not exist.
    NotFound { what: String },
    /// Someone else changed the incident since it was read (etag mismatch).
    Conflict { message: String },
    /// Too many requests; try again after the given delay.
    Throttled { retry_after: Option<Duration> },
    /// No valid sign-in for this API.
    Unauthorized { message: String },
    /// Signed in, but without the role this needs.
    Forbidden { message: String },
    /// The KQL is wrong; `span` is the byte range in the query text, when known.
    BadQuery {
        message: String,
        span: Option<Range<usize>>,
    },
    /// The request is invalid (e.g. closing without a classification).
    BadRequest { message: String },
    /// The demo or this client cannot do this (a KQL feature the engine lacks, for example).
    Unsupported { feature: String },
    /// The proxy or the service could not be reached.
    Network { message: String },
    /// The service failed.
    Server { status: u16, message: String },
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::NotFound { what } => {
                write!(f, "{what} was not found in this workspace.")
            }
            WorkspaceError::Conflict { message } => write!(f, "{message}"),
            WorkspaceError::Throttled {
                retry_after: Some(d),
            } => write!(
                f,
                "Sentinel is throttling requests; try again in {} s.",
                d.as_secs().max(1)
            ),
            WorkspaceError::Throttled { retry_after: None } => {
                write!(f, "Sentinel is throttling requests; try again shortly.")
            }
            WorkspaceError::Unauthorized { message } => write!(f, "Not signed in: {message}"),
            WorkspaceError::Forbidden { message } => {
                write!(f, "You do not have permission for this: {message}")
            }
            WorkspaceError::BadQuery {
                message,
                span: Some(s),
            } => {
                write!(
                    f,
                    "The query is not valid at {}..{}: {message}",
                    s.start, s.end
                )
            }
            WorkspaceError::BadQuery {
                message,
                span: None,
            } => {
                write!(f, "The query is not valid: {message}")
            }
            WorkspaceError::BadRequest { message } => write!(f, "{message}"),
            WorkspaceError::Unsupported { feature } => write!(f, "Not supported here: {feature}"),
            WorkspaceError::Network { message } => {
                write!(f, "Could not reach the workspace: {message}")
            }
            WorkspaceError::Server { status, message } => {
                write!(f, "The service failed ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for WorkspaceError {}

impl WorkspaceError {
    /// The conflict error for a stale etag.
    pub fn stale_etag(incident_title: &str) -> WorkspaceError {
        WorkspaceError::Conflict {
            message: format!(
                "Incident \"{incident_title}\" was changed by someone else since you opened it; reload it and try again."
            ),
        }
    }
}

/// A Sentinel workspace as the app uses it. Object-safe (`&dyn Workspace`) and not `Send`, so the
/// browser's futures fit.
#[async_trait(?Send)]
pub trait Workspace {
    /// Which workspace this is.
    fn info(&self) -> WorkspaceInfo;

    /// A page of incidents matching the query.
    async fn list_incidents(
        &self,
        query: &IncidentQuery,
    ) -> Result<ArmList<Incident>, WorkspaceError>;

    /// One incident by its name (GUID).
    async fn get_incident(&self, incident: &str) -> Result<Incident, WorkspaceError>;

    /// The incident's alerts.
    async fn list_alerts(&self, incident: &str) -> Result<Vec<IncidentAlert>, WorkspaceError>;

    /// The incident's entities with per-kind counts.
    async fn list_entities(&self, incident: &str) -> Result<IncidentEntities, WorkspaceError>;

    /// The incident's comments, oldest first.
    async fn list_comments(&self, incident: &str) -> Result<Vec<IncidentComment>, WorkspaceError>;

    /// Changes an incident; fails with [`WorkspaceError::Conflict`] when `update.etag` is stale.
    async fn update_incident(
        &self,
        incident: &str,
        update: &IncidentUpdate,
    ) -> Result<Incident, WorkspaceError>;

    /// Adds a comment as the signed-in analyst.
    async fn add_comment(
        &self,
        incident: &str,
        message: &str,
    ) -> Result<IncidentComment, WorkspaceError>;

    /// Runs a KQL query over the logs, limited to `timespan` when given.
    async fn query(
        &self,
        kql: &str,
        timespan: Option<Timespan>,
    ) -> Result<QueryResult, WorkspaceError>;

    /// Stops the requests in flight (the analyst pressed Cancel or Escape): they fail as network
    /// errors. Later calls start afresh. Workspaces that answer at once have nothing to cancel.
    fn cancel(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{ticks_from_parts, TICKS_PER_DAY};

    fn props() -> IncidentProperties {
        serde_json::from_value(
            serde_json::json!({"title": "t", "severity": "High", "status": "Active",
            "classification": null}),
        )
        .unwrap()
    }

    #[test]
    fn closing_needs_a_fitting_classification() {
        let mut p = props();
        let err = IncidentUpdate {
            status: Some(IncidentStatus::Closed),
            ..Default::default()
        }
        .apply(&mut p)
        .unwrap_err();
        assert!(matches!(err, WorkspaceError::BadRequest { .. }));
        let err = IncidentUpdate::close(
            Classification::TruePositive,
            Some(ClassificationReason::InaccurateData),
            "x",
        )
        .apply(&mut p)
        .unwrap_err();
        assert!(err.to_string().contains("SuspiciousActivity"), "{err}");
        assert_eq!(
            p.status,
            IncidentStatus::Active,
            "a failed update changes nothing"
        );
        IncidentUpdate::close(Classification::TruePositive, None, "confirmed")
            .apply(&mut p)
            .unwrap();
        assert_eq!(
            p.classification_reason,
            Some(ClassificationReason::SuspiciousActivity)
        );
        let err = IncidentUpdate::close(Classification::FalsePositive, None, "x")
            .apply(&mut p.clone())
            .unwrap_err();
        assert!(err.to_string().contains("IncorrectAlertLogic"));
        IncidentUpdate {
            status: Some(IncidentStatus::Active),
            ..Default::default()
        }
        .apply(&mut p)
        .unwrap();
        assert_eq!(
            p.classification, None,
            "reopening clears the classification"
        );
    }

    #[test]
    fn timespans_parse_like_log_analytics() {
        let now = ticks_from_parts(2026, 11, 27, 0, 0, 0);
        assert_eq!(
            Timespan::parse("P1D", now).unwrap(),
            Timespan {
                start: now - TICKS_PER_DAY,
                end: now
            }
        );
        let t = Timespan::parse("2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", now).unwrap();
        assert_eq!(t.end - t.start, TICKS_PER_DAY);
        assert_eq!(Timespan::parse("2026-11-01/P1D", now).unwrap(), t);
        assert_eq!(Timespan::parse(&t.to_iso(), now).unwrap(), t);
        assert!(Timespan::parse("last week", now).is_err());
        assert!(Timespan::parse("2026-11-02/2026-11-01", now).is_err());
    }

    #[test]
    fn query_strings_are_encoded() {
        let q = IncidentQuery::newest(5).with_filter("properties/severity eq 'High'");
        assert_eq!(
            q.to_query_string(),
            "&$filter=properties%2Fseverity%20eq%20%27High%27&$orderby=properties%2FcreatedTimeUtc%20desc&$top=5"
        );
    }
}
