//! Everything known about one incident, gathered once from the workspace: the incident, its
//! alerts, entities and comments, its change history (SecurityIncident rows), the threat
//! intelligence on its indicators and the key log events around it. The summary, guided response
//! and report are pure functions of this, so each statement they make can be traced back to it.

use kql::Value;
use sentinel::time::{format_datetime, parse_datetime, TICKS_PER_HOUR};
use sentinel::{
    Entity, EntityKind, Incident, IncidentAlert, IncidentComment, IncidentQuery, Workspace,
    WorkspaceError,
};

/// The incident and the data around it.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentEvidence {
    pub incident: Incident,
    pub alerts: Vec<IncidentAlert>,
    pub entities: Vec<Entity>,
    pub comments: Vec<IncidentComment>,
    /// The incident's changes, oldest first (one SecurityIncident row each).
    pub history: Vec<HistoryEntry>,
    /// Threat-intelligence matches of the incident's indicators.
    pub ti: Vec<TiMatch>,
    /// Log activity of the incident's users, devices and addresses during the attack.
    pub log_events: Vec<LogEvent>,
    /// What could not be gathered (a failed query), worded for the analyst.
    pub gaps: Vec<String>,
}

/// One change of an incident, as a SecurityIncident row records it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub time: i64,
    /// Who made the change: an analyst's UPN, or the automation that did.
    pub modified_by: String,
    pub status: String,
    pub severity: String,
    /// The owner's display name (or UPN), if assigned.
    pub owner: Option<String>,
    pub classification: String,
    pub classification_reason: String,
    pub classification_comment: String,
    pub labels: Vec<String>,
}

impl HistoryEntry {
    /// Whether a person (rather than a rule, playbook or Sentinel itself) made the change.
    pub fn by_analyst(&self) -> bool {
        is_person(&self.modified_by)
    }
}

/// Whether an actor string names a person: a UPN or e-mail address.
pub fn is_person(actor: &str) -> bool {
    let a = actor.trim();
    a.contains('@') && !a.contains(' ')
}

/// The kind of an indicator of compromise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorKind {
    Ip,
    Domain,
    Url,
    FileHash,
}

impl IndicatorKind {
    /// The word an analyst uses.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorKind::Ip => "IP address",
            IndicatorKind::Domain => "Domain",
            IndicatorKind::Url => "URL",
            IndicatorKind::FileHash => "File hash",
        }
    }
}

/// An indicator of compromise named by the incident's entities.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub value: String,
}

/// A ThreatIntelligenceIndicator row that matches one of the incident's indicators.
#[derive(Clone, Debug, PartialEq)]
pub struct TiMatch {
    pub indicator: Indicator,
    pub threat_type: String,
    pub confidence: f64,
    pub description: String,
    pub provider: String,
    /// When the indicator was ingested or last updated.
    pub time: i64,
}

/// A group of log rows about the incident's users, devices or addresses.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEvent {
    /// The first and last row of the group.
    pub first: i64,
    pub last: i64,
    pub table: String,
    /// How many rows the group holds.
    pub count: i64,
    /// What happened, e.g. "sign-in failed (50126)" or "connection to 192.0.2.45:443".
    pub activity: String,
    pub user: Option<String>,
    pub device: Option<String>,
    pub ip: Option<String>,
}

impl IncidentEvidence {
    /// Gathers an incident's evidence by its name (GUID). Only the incident itself is required;
    /// a failed log query is recorded in `gaps`.
    pub async fn load(
        workspace: &dyn Workspace,
        incident_name: &str,
    ) -> Result<IncidentEvidence, WorkspaceError> {
        let incident = workspace.get_incident(incident_name).await?;
        IncidentEvidence::gather(workspace, incident).await
    }

    /// Gathers the evidence around an incident already read.
    pub async fn gather(
        workspace: &dyn Workspace,
        incident: Incident,
    ) -> Result<IncidentEvidence, WorkspaceError> {
        let incident_name = incident.name.clone();
        let incident_name = incident_name.as_str();
        let alerts = workspace.list_alerts(incident_name).await?;
        let entities = workspace.list_entities(incident_name).await?.entities;
        let comments = workspace.list_comments(incident_name).await?;
        let mut ev = IncidentEvidence {
            incident,
            alerts,
            entities,
            comments,
            history: Vec::new(),
            ti: Vec::new(),
            log_events: Vec::new(),
            gaps: Vec::new(),
        };
        match workspace.query(&history_query(incident_name), None).await {
            Ok(r) => ev.history = read_history(&r),
            Err(e) => ev
                .gaps
                .push(format!("The incident's history could not be read: {e}")),
        }
        let indicators = ev.indicators();
        if !indicators.is_empty() {
            match workspace.query(&ti_query(&indicators), None).await {
                Ok(r) => ev.ti = read_ti(&r, &indicators),
                Err(e) => ev
                    .gaps
                    .push(format!("Threat intelligence could not be looked up: {e}")),
            }
        }
        let (start, end) = ev.activity_window();
        for q in activity_queries(&ev, start, end) {
            match workspace.query(&q.kql, None).await {
                Ok(r) => ev.log_events.extend(read_events(&r, q.table)),
                Err(e) => ev
                    .gaps
                    .push(format!("{} activity could not be read: {e}", q.table)),
            }
        }
        ev.log_events.sort_by_key(|e| e.first);
        Ok(ev)
    }

    /// Finds an incident by its number and gathers its evidence.
    pub async fn load_number(
        workspace: &dyn Workspace,
        number: i64,
    ) -> Result<IncidentEvidence, WorkspaceError> {
        let name = find_incident_by_number(workspace, number).await?;
        IncidentEvidence::load(workspace, &name).await
    }

    /// Whether this evidence was gathered for this version of the incident (same etag, last
    /// change and comment count), so it can be reused.
    pub fn is_current(&self, incident: &Incident) -> bool {
        let comments = |i: &Incident| {
            i.properties
                .additional_data
                .as_ref()
                .map(|d| d.comments_count)
        };
        self.incident.name == incident.name
            && self.incident.etag == incident.etag
            && self.incident.properties.last_modified_time_utc
                == incident.properties.last_modified_time_utc
            && comments(&self.incident) == comments(incident)
    }

    /// The incident number, or 0 when the incident has none.
    pub fn number(&self) -> i64 {
        self.incident.properties.incident_number.unwrap_or(0)
    }

    /// The incident's indicators of compromise: IP addresses, domains, URLs and file hashes.
    pub fn indicators(&self) -> Vec<Indicator> {
        let mut out: Vec<Indicator> = Vec::new();
        let mut add = |kind, value: &str| {
            let value = value.trim();
            if !value.is_empty() && !out.iter().any(|i| i.kind == kind && i.value == value) {
                out.push(Indicator {
                    kind,
                    value: value.to_string(),
                });
            }
        };
        for e in &self.entities {
            let p = &e.properties;
            match e.kind {
                EntityKind::Ip => {
                    if let Some(a) = &p.address {
                        add(IndicatorKind::Ip, a);
                    }
                }
                EntityKind::Url => {
                    if let Some(u) = &p.url {
                        add(IndicatorKind::Url, u);
                        if let Some(d) = url_host(u) {
                            add(IndicatorKind::Domain, d);
                        }
                    }
                }
                EntityKind::FileHash => {
                    if let Some(h) = &p.hash_value {
                        add(IndicatorKind::FileHash, h);
                    }
                }
                EntityKind::DnsResolution => {
                    if let Some(d) = p.extra.get("domainName").and_then(|v| v.as_str()) {
                        add(IndicatorKind::Domain, d);
                    }
                }
                EntityKind::MailMessage => {
                    if let Some(s) = p.sender.as_deref().or(p.p1_sender.as_deref()) {
                        if let Some((_, d)) = s.rsplit_once('@') {
                            add(IndicatorKind::Domain, d);
                        }
                    }
                    if let Some(ip) = &p.sender_ip {
                        add(IndicatorKind::Ip, ip);
                    }
                    for u in &p.urls {
                        add(IndicatorKind::Url, u);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The attack's first and last activity, from the alerts (else the incident's times).
    pub fn activity_window(&self) -> (i64, i64) {
        let starts = self.alerts.iter().filter_map(|a| {
            a.properties
                .start_time_utc
                .as_deref()
                .and_then(parse_datetime)
        });
        let ends = self.alerts.iter().filter_map(|a| {
            a.properties
                .end_time_utc
                .as_deref()
                .and_then(parse_datetime)
        });
        let p = &self.incident.properties;
        let first = starts.min().or_else(|| {
            p.first_activity_time_utc
                .as_deref()
                .and_then(parse_datetime)
        });
        let last = ends
            .max()
            .or_else(|| p.last_activity_time_utc.as_deref().and_then(parse_datetime));
        let created = p.created_time_utc.as_deref().and_then(parse_datetime);
        let first = first.or(created).unwrap_or(0);
        (first, last.unwrap_or(first).max(first))
    }

    /// The user accounts named by the entities, as UPNs where known.
    pub fn accounts(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entities {
            let p = &e.properties;
            let name = match e.kind {
                EntityKind::Account => match (&p.account_name, &p.upn_suffix) {
                    (Some(a), Some(s)) => Some(format!("{a}@{s}")),
                    (Some(a), None) => Some(a.clone()),
                    _ => p.friendly_name.clone(),
                },
                EntityKind::Mailbox => p.upn.clone().or(p.mailbox_primary_address.clone()),
                _ => None,
            };
            if let Some(n) = name {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The devices named by the entities.
    pub fn hosts(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entities {
            if e.kind == EntityKind::Host {
                if let Some(h) = &e.properties.host_name {
                    if !out.iter().any(|o| o.eq_ignore_ascii_case(h)) {
                        out.push(h.clone());
                    }
                }
            }
        }
        out
    }

    /// The IP addresses named by the entities.
    pub fn ips(&self) -> Vec<String> {
        self.indicators()
            .into_iter()
            .filter(|i| i.kind == IndicatorKind::Ip)
            .map(|i| i.value)
            .collect()
    }

    /// The reputation of an indicator, if threat intelligence knows it.
    pub fn reputation(&self, indicator: &Indicator) -> Option<&TiMatch> {
        self.ti
            .iter()
            .filter(|t| t.indicator == *indicator)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
    }

    /// Every text and time of the evidence, for checking that a statement comes from it.
    pub fn corpus(&self) -> String {
        let mut s = String::new();
        let mut push = |t: &str| {
            s.push_str(t);
            s.push('\n');
        };
        push(&serde_json::to_string(&self.incident).unwrap_or_default());
        push(&serde_json::to_string(&self.alerts).unwrap_or_default());
        push(&serde_json::to_string(&self.entities).unwrap_or_default());
        // An account's UPN is its name and UPN suffix, as Sentinel composes it.
        for e in &self.entities {
            if let (Some(a), Some(d)) = (&e.properties.account_name, &e.properties.upn_suffix) {
                push(&format!("{a}@{d}"));
            }
        }
        push(&serde_json::to_string(&self.comments).unwrap_or_default());
        for h in &self.history {
            push(&format!(
                "{} {} {} {} {} {} {} {}",
                format_datetime(h.time),
                h.modified_by,
                h.status,
                h.severity,
                h.owner.as_deref().unwrap_or(""),
                h.classification,
                h.classification_reason,
                h.classification_comment
            ));
        }
        for t in &self.ti {
            push(&format!(
                "{} {} {} {} {} {}",
                t.indicator.value,
                t.threat_type,
                t.confidence,
                t.description,
                t.provider,
                format_datetime(t.time)
            ));
        }
        for e in &self.log_events {
            push(&format!(
                "{} {} {} {} {} {} {} {}",
                e.table,
                format_datetime(e.first),
                format_datetime(e.last),
                e.count,
                e.activity,
                e.user.as_deref().unwrap_or(""),
                e.device.as_deref().unwrap_or(""),
                e.ip.as_deref().unwrap_or("")
            ));
        }
        s
    }
}

/// Finds an incident's name (GUID) from its number.
pub async fn find_incident_by_number(
    workspace: &dyn Workspace,
    number: i64,
) -> Result<String, WorkspaceError> {
    let q = IncidentQuery::newest(50).with_filter(format!("properties/incidentNumber eq {number}"));
    let page = workspace.list_incidents(&q).await?;
    if let Some(i) = page
        .value
        .iter()
        .find(|i| i.properties.incident_number == Some(number))
    {
        return Ok(i.name.clone());
    }
    // Some services ignore the filter on numbers; look through the newest incidents instead.
    let page = workspace
        .list_incidents(&IncidentQuery::newest(500))
        .await?;
    page.value
        .iter()
        .find(|i| i.properties.incident_number == Some(number))
        .map(|i| i.name.clone())
        .ok_or_else(|| WorkspaceError::NotFound {
            what: format!("Incident {number}"),
        })
}

/// A KQL string literal holding `text`, escaped.
pub fn kql_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A KQL list of string literals: `("a", "b")`.
pub fn kql_list<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<String> = items.iter().map(|i| kql_string(i.as_ref())).collect();
    format!("({})", parts.join(", "))
}

/// A KQL datetime literal.
pub fn kql_datetime(ticks: i64) -> String {
    format!("datetime({})", format_datetime(ticks))
}

/// The incident's SecurityIncident rows, oldest first.
pub fn history_query(incident_name: &str) -> String {
    format!(
        "SecurityIncident\n| where IncidentName == {}\n| project TimeGenerated, ModifiedBy, Status, Severity, Owner, Classification, ClassificationReason, ClassificationComment, Labels\n| order by TimeGenerated asc",
        kql_string(incident_name)
    )
}

/// The ThreatIntelligenceIndicator lookup for a set of indicators.
pub fn ti_query(indicators: &[Indicator]) -> String {
    let of = |k: IndicatorKind| -> Vec<&str> {
        indicators
            .iter()
            .filter(|i| i.kind == k)
            .map(|i| i.value.as_str())
            .collect()
    };
    let mut conds = Vec::new();
    for (kind, column) in [
        (IndicatorKind::Ip, "NetworkIP"),
        (IndicatorKind::Domain, "DomainName"),
        (IndicatorKind::Url, "Url"),
        (IndicatorKind::FileHash, "FileHashValue"),
    ] {
        let values = of(kind);
        if !values.is_empty() {
            let op = if kind == IndicatorKind::Ip {
                "in"
            } else {
                "in~"
            };
            conds.push(format!("{column} {op} {}", kql_list(&values)));
        }
    }
    format!(
        "ThreatIntelligenceIndicator\n| where Active == true\n| where {}\n| project TimeGenerated, NetworkIP, DomainName, Url, FileHashValue, ThreatType, ConfidenceScore, Description, IndicatorProvider",
        conds.join(" or ")
    )
}

struct ActivityQuery {
    table: &'static str,
    kql: String,
}

/// Sign-ins of the incident's users and from its addresses, and connections from its devices to
/// its addresses, from two hours before the first alert to two hours after the last.
fn activity_queries(ev: &IncidentEvidence, start: i64, end: i64) -> Vec<ActivityQuery> {
    let (from, to) = (start - 2 * TICKS_PER_HOUR, end + 2 * TICKS_PER_HOUR);
    let window = format!(
        "| where TimeGenerated between ({} .. {})",
        kql_datetime(from),
        kql_datetime(to)
    );
    let users: Vec<String> = ev
        .accounts()
        .into_iter()
        .filter(|u| u.contains('@'))
        .collect();
    let ips = ev.ips();
    let hosts = ev.hosts();
    let mut out = Vec::new();
    let mut who = Vec::new();
    if !users.is_empty() {
        who.push(format!("UserPrincipalName in~ {}", kql_list(&users)));
    }
    if !ips.is_empty() {
        who.push(format!("IPAddress in {}", kql_list(&ips)));
    }
    if !who.is_empty() {
        out.push(ActivityQuery {
            table: "SigninLogs",
            kql: format!(
                "SigninLogs\n{window}\n| where {}\n| summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by UserPrincipalName, IPAddress, ResultType, AppDisplayName\n| order by First asc\n| take 30",
                who.join(" or ")
            ),
        });
    }
    if !hosts.is_empty() {
        let names: Vec<String> = hosts
            .iter()
            .map(|h| format!("DeviceName startswith {}", kql_string(h)))
            .collect();
        let mut cond = format!("({})", names.join(" or "));
        if !ips.is_empty() {
            cond = format!("{cond} and RemoteIP in {}", kql_list(&ips));
        }
        out.push(ActivityQuery {
            table: "DeviceNetworkEvents",
            kql: format!(
                "DeviceNetworkEvents\n{window}\n| where {cond}\n| summarize Count = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by DeviceName, RemoteIP, RemotePort, InitiatingProcessFileName\n| order by First asc\n| take 30"
            ),
        });
    }
    out
}

/// Reads a column of a result row by name.
pub(crate) fn cell<'a>(table: &'a kql::Table, row: &'a [Value], column: &str) -> Option<&'a Value> {
    table
        .column_index(column)
        .and_then(|i| row.get(i))
        .filter(|v| !v.is_null())
}

/// A cell as text ("" when missing).
pub(crate) fn text(table: &kql::Table, row: &[Value], column: &str) -> String {
    match cell(table, row, column) {
        Some(Value::String(s)) => s.to_string(),
        Some(v) => crate::answer::display_value(v),
        None => String::new(),
    }
}

/// A datetime cell, in ticks.
pub(crate) fn time(table: &kql::Table, row: &[Value], column: &str) -> Option<i64> {
    match cell(table, row, column)? {
        Value::DateTime(t) => Some(*t),
        Value::String(s) => parse_datetime(s),
        _ => None,
    }
}

fn number(table: &kql::Table, row: &[Value], column: &str) -> Option<f64> {
    match cell(table, row, column)? {
        Value::Int(i) => Some(*i as f64),
        Value::Long(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn read_history(result: &sentinel::QueryResult) -> Vec<HistoryEntry> {
    let Some(t) = result.tables.first() else {
        return Vec::new();
    };
    let mut out: Vec<HistoryEntry> = t
        .rows
        .iter()
        .filter_map(|row| {
            let owner = match cell(t, row, "Owner") {
                Some(Value::Dynamic(d)) => d
                    .get("assignedTo")
                    .and_then(|v| v.as_str())
                    .or_else(|| d.get("userPrincipalName").and_then(|v| v.as_str()))
                    .map(str::to_string),
                _ => None,
            };
            let labels = match cell(t, row, "Labels") {
                Some(Value::Dynamic(d)) => d
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|l| l.get("labelName").and_then(|v| v.as_str()))
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Some(HistoryEntry {
                time: time(t, row, "TimeGenerated")?,
                modified_by: text(t, row, "ModifiedBy"),
                status: text(t, row, "Status"),
                severity: text(t, row, "Severity"),
                owner,
                classification: text(t, row, "Classification"),
                classification_reason: text(t, row, "ClassificationReason"),
                classification_comment: text(t, row, "ClassificationComment"),
                labels,
            })
        })
        .collect();
    out.sort_by_key(|h| h.time);
    out
}

fn read_ti(result: &sentinel::QueryResult, indicators: &[Indicator]) -> Vec<TiMatch> {
    let Some(t) = result.tables.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &t.rows {
        for (kind, column) in [
            (IndicatorKind::Ip, "NetworkIP"),
            (IndicatorKind::Domain, "DomainName"),
            (IndicatorKind::Url, "Url"),
            (IndicatorKind::FileHash, "FileHashValue"),
        ] {
            let v = text(t, row, column);
            if v.is_empty() {
                continue;
            }
            if let Some(ind) = indicators
                .iter()
                .find(|i| i.kind == kind && i.value.eq_ignore_ascii_case(&v))
            {
                out.push(TiMatch {
                    indicator: ind.clone(),
                    threat_type: text(t, row, "ThreatType"),
                    confidence: number(t, row, "ConfidenceScore").unwrap_or(0.0),
                    description: text(t, row, "Description"),
                    provider: text(t, row, "IndicatorProvider"),
                    time: time(t, row, "TimeGenerated").unwrap_or(0),
                });
            }
        }
    }
    out
}

fn read_events(result: &sentinel::QueryResult, table: &str) -> Vec<LogEvent> {
    let Some(t) = result.tables.first() else {
        return Vec::new();
    };
    t.rows
        .iter()
        .filter_map(|row| {
            let first = time(t, row, "First")?;
            let last = time(t, row, "Last").unwrap_or(first);
            let count = number(t, row, "Count").unwrap_or(0.0) as i64;
            let opt = |c: &str| Some(text(t, row, c)).filter(|s| !s.is_empty());
            Some(match table {
                "SigninLogs" => {
                    let result = text(t, row, "ResultType");
                    let app = text(t, row, "AppDisplayName");
                    let outcome = if result == "0" {
                        "successful sign-in".to_string()
                    } else {
                        format!("failed sign-in (error {result})")
                    };
                    LogEvent {
                        first,
                        last,
                        table: table.into(),
                        count,
                        activity: if app.is_empty() {
                            outcome
                        } else {
                            format!("{outcome} to {app}")
                        },
                        user: opt("UserPrincipalName"),
                        device: None,
                        ip: opt("IPAddress"),
                    }
                }
                _ => {
                    let port = text(t, row, "RemotePort");
                    let process = text(t, row, "InitiatingProcessFileName");
                    let ip = text(t, row, "RemoteIP");
                    let mut activity = format!("connection to {ip}");
                    if !port.is_empty() {
                        activity.push_str(&format!(" port {port}"));
                    }
                    if !process.is_empty() {
                        activity.push_str(&format!(" by {process}"));
                    }
                    LogEvent {
                        first,
                        last,
                        table: table.into(),
                        count,
                        activity,
                        user: None,
                        device: opt("DeviceName"),
                        ip: Some(ip).filter(|s| !s.is_empty()),
                    }
                }
            })
        })
        .collect()
}

/// The host part of a URL.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Whether an IPv4 address is private, loopback or link-local (not an indicator on its own).
pub fn is_internal_ip(ip: &str) -> bool {
    let parts: Vec<u8> = ip.split('.').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [10, ..] | [127, ..] => true,
        [172, b, ..] => (16..=31).contains(b),
        [192, 168, ..] | [169, 254, ..] => true,
        _ => false,
    }
}

/// A time as the analyst reads it: `2026-11-26 14:03 UTC`.
pub fn display_time(ticks: i64) -> String {
    let iso = format_datetime(ticks);
    if iso.len() >= 16 {
        format!("{} {} UTC", &iso[..10], &iso[11..16])
    } else {
        iso
    }
}

/// Parses one of the incident's ISO times.
pub fn parse_time(t: &Option<String>) -> Option<i64> {
    t.as_deref().and_then(parse_datetime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_kql() {
        assert_eq!(kql_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(kql_list(&["x", "y"]), r#"("x", "y")"#);
    }

    #[test]
    fn urls_give_their_host() {
        assert_eq!(url_host("https://a.test:8443/x?y"), Some("a.test"));
        assert_eq!(url_host("b.test/path"), Some("b.test"));
        assert!(is_internal_ip("10.1.2.3") && is_internal_ip("172.20.0.1"));
        assert!(!is_internal_ip("192.0.2.45"));
    }

    #[test]
    fn actors_are_people_or_automation() {
        assert!(is_person("robin.okafor@lakeshoremills.example"));
        assert!(!is_person("Incident created from alert rule"));
    }
}
