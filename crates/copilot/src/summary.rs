//! The incident summary: when and where the attack started, how it unfolded, the assets and
//! indicators involved (with their threat-intelligence reputation), MITRE ATT&CK tactics and
//! techniques, and what to ask next. Every statement is built from an [`IncidentEvidence`].

use std::collections::HashMap;

use sentinel::EntityKind;

use crate::answer::{Answer, Block, ResultTable};
use crate::evidence::{display_time, is_internal_ip, parse_time, IncidentEvidence, IndicatorKind};

/// An incident summary, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentSummary {
    pub incident_name: String,
    pub incident_number: i64,
    pub title: String,
    /// Identifies the incident version summarized: name, etag and last modification.
    pub cache_key: String,
    /// A paragraph: what happened, when, to whom.
    pub overview: String,
    /// Where the attack started, when there are alerts.
    pub start: Option<AttackStart>,
    /// Alerts, key log activity, comments and changes, oldest first.
    pub timeline: Vec<TimelineEntry>,
    pub assets: Vec<Asset>,
    pub indicators: Vec<IndicatorReputation>,
    pub mitre: Vec<MitreTactic>,
    /// Prompts the analyst may ask next.
    pub follow_ups: Vec<String>,
}

/// The first alert of an incident and the entity it names.
#[derive(Clone, Debug, PartialEq)]
pub struct AttackStart {
    pub time: i64,
    pub alert: String,
    pub entity: Option<String>,
}

/// What kind of event a timeline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineKind {
    Alert,
    Activity,
    Comment,
    Change,
}

/// One event of how the incident unfolded.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub time: i64,
    pub kind: TimelineKind,
    pub text: String,
    /// Where it comes from: "Alert", a table name, "Comment by ..." or "Change by ...".
    pub source: String,
}

/// The kind of an asset involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssetKind {
    User,
    Device,
    Mailbox,
    IpAddress,
    CloudApp,
    AzureResource,
    File,
    Process,
    Mail,
    Other,
}

impl AssetKind {
    /// The label shown in lists.
    pub fn label(self) -> &'static str {
        match self {
            AssetKind::User => "User",
            AssetKind::Device => "Device",
            AssetKind::Mailbox => "Mailbox",
            AssetKind::IpAddress => "IP address",
            AssetKind::CloudApp => "Cloud app",
            AssetKind::AzureResource => "Azure resource",
            AssetKind::File => "File",
            AssetKind::Process => "Process",
            AssetKind::Mail => "Mail message",
            AssetKind::Other => "Other",
        }
    }
}

/// A user, device, mailbox, address or app involved, with what the data says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    pub kind: AssetKind,
    pub name: String,
    /// e.g. "Windows", "Amsterdam, NL", "display name Dana Ruiz".
    pub detail: Option<String>,
    /// How many of the incident's alerts name it.
    pub alert_count: usize,
}

/// An indicator of compromise and what threat intelligence says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorReputation {
    pub kind: IndicatorKind,
    pub value: String,
    /// `None`: not in the workspace's threat intelligence.
    pub threat: Option<ThreatInfo>,
    /// A private address: seen, but not an indicator on its own.
    pub internal: bool,
}

/// A threat-intelligence verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatInfo {
    pub threat_type: String,
    pub confidence: f64,
    pub provider: String,
    pub description: String,
}

/// A MITRE ATT&CK tactic with the techniques seen under it.
#[derive(Clone, Debug, PartialEq)]
pub struct MitreTactic {
    pub tactic: String,
    pub techniques: Vec<String>,
}

/// The key a summary is cached under: it changes whenever the incident does.
pub fn cache_key(ev: &IncidentEvidence) -> String {
    let p = &ev.incident.properties;
    format!(
        "{}|{}|{}",
        ev.incident.name,
        ev.incident.etag.as_deref().unwrap_or(""),
        p.last_modified_time_utc.as_deref().unwrap_or("")
    )
}

/// Summarizes an incident from its evidence. At most 100 alerts are read (the newest are dropped).
pub fn summarize_incident(ev: &IncidentEvidence) -> IncidentSummary {
    let p = &ev.incident.properties;
    let mut alerts: Vec<_> = ev.alerts.iter().collect();
    alerts.sort_by_key(|a| alert_start(a).unwrap_or(i64::MAX));
    alerts.truncate(100);

    let start = alerts.first().and_then(|a| {
        Some(AttackStart {
            time: alert_start(a)?,
            alert: a.properties.alert_display_name.clone(),
            entity: a
                .properties
                .compromised_entity
                .clone()
                .filter(|c| !c.is_empty()),
        })
    });

    let mut timeline = Vec::new();
    for a in &alerts {
        if let Some(t) = alert_start(a) {
            let mut text = format!(
                "{} ({:?} severity",
                a.properties.alert_display_name, a.properties.severity
            );
            if let Some(product) = &a.properties.product_name {
                text.push_str(&format!(", {product}"));
            }
            text.push(')');
            if let Some(c) = a
                .properties
                .compromised_entity
                .as_deref()
                .filter(|c| !c.is_empty())
            {
                text.push_str(&format!(" on {c}"));
            }
            timeline.push(TimelineEntry {
                time: t,
                kind: TimelineKind::Alert,
                text,
                source: "Alert".into(),
            });
        }
    }
    for e in &ev.log_events {
        let mut text = format!("{} x {}", e.count, e.activity);
        if let Some(u) = &e.user {
            text.push_str(&format!(" by {u}"));
        }
        if let Some(d) = &e.device {
            text.push_str(&format!(" from {d}"));
        }
        if let (Some(ip), true) = (&e.ip, e.table == "SigninLogs") {
            text.push_str(&format!(" from {ip}"));
        }
        if e.last > e.first {
            text.push_str(&format!(", until {}", display_time(e.last)));
        }
        timeline.push(TimelineEntry {
            time: e.first,
            kind: TimelineKind::Activity,
            text,
            source: e.table.clone(),
        });
    }
    if let Some(created) = parse_time(&p.created_time_utc) {
        timeline.push(TimelineEntry {
            time: created,
            kind: TimelineKind::Change,
            text: format!("Incident {} created", ev.number()),
            source: "Sentinel".into(),
        });
    }
    let mut last_owner: Option<String> = None;
    let mut last_status = String::new();
    for h in &ev.history {
        if h.owner.is_some() && h.owner != last_owner {
            timeline.push(TimelineEntry {
                time: h.time,
                kind: TimelineKind::Change,
                text: format!("Assigned to {}", h.owner.as_deref().unwrap_or("")),
                source: format!("Change by {}", h.modified_by),
            });
        }
        if !last_status.is_empty() && h.status != last_status {
            let mut text = format!("Status changed to {}", h.status);
            if h.status == "Closed" && !h.classification.is_empty() {
                text.push_str(&format!(" as {}", h.classification));
            }
            timeline.push(TimelineEntry {
                time: h.time,
                kind: TimelineKind::Change,
                text,
                source: format!("Change by {}", h.modified_by),
            });
        }
        last_owner = h.owner.clone().or(last_owner);
        last_status = h.status.clone();
    }
    for c in &ev.comments {
        if let Some(t) = parse_time(&c.properties.created_time_utc) {
            let who = c
                .properties
                .author
                .as_ref()
                .and_then(|a| a.name.clone().or(a.user_principal_name.clone()))
                .unwrap_or_else(|| "an analyst".into());
            timeline.push(TimelineEntry {
                time: t,
                kind: TimelineKind::Comment,
                text: c.properties.message.clone(),
                source: format!("Comment by {who}"),
            });
        }
    }
    timeline.sort_by_key(|e| e.time);

    let assets = assets(ev, &alerts);
    let indicators: Vec<IndicatorReputation> = ev
        .indicators()
        .into_iter()
        .map(|i| {
            let threat = ev.reputation(&i).map(|t| ThreatInfo {
                threat_type: t.threat_type.clone(),
                confidence: t.confidence,
                provider: t.provider.clone(),
                description: t.description.clone(),
            });
            IndicatorReputation {
                internal: i.kind == IndicatorKind::Ip && is_internal_ip(&i.value),
                kind: i.kind,
                value: i.value,
                threat,
            }
        })
        .collect();

    let mut mitre: Vec<MitreTactic> = Vec::new();
    for a in &alerts {
        for tactic in &a.properties.tactics {
            let entry = match mitre.iter_mut().position(|m| &m.tactic == tactic) {
                Some(i) => &mut mitre[i],
                None => {
                    mitre.push(MitreTactic {
                        tactic: tactic.clone(),
                        techniques: Vec::new(),
                    });
                    mitre.last_mut().expect("just pushed")
                }
            };
            for t in a
                .properties
                .techniques
                .iter()
                .chain(&a.properties.sub_techniques)
            {
                if !entry.techniques.contains(t) {
                    entry.techniques.push(t.clone());
                }
            }
        }
    }
    if mitre.is_empty() {
        if let Some(extra) = &p.additional_data {
            for t in &extra.tactics {
                mitre.push(MitreTactic {
                    tactic: t.clone(),
                    techniques: Vec::new(),
                });
            }
        }
    }

    let overview = overview(ev, &alerts, start.as_ref(), &assets, &indicators);
    let follow_ups = follow_ups(ev, &assets, &indicators);
    IncidentSummary {
        incident_name: ev.incident.name.clone(),
        incident_number: ev.number(),
        title: p.title.clone(),
        cache_key: cache_key(ev),
        overview,
        start,
        timeline,
        assets,
        indicators,
        mitre,
        follow_ups,
    }
}

fn alert_start(a: &sentinel::IncidentAlert) -> Option<i64> {
    parse_time(&a.properties.start_time_utc).or_else(|| parse_time(&a.properties.time_generated))
}

fn assets(ev: &IncidentEvidence, alerts: &[&sentinel::IncidentAlert]) -> Vec<Asset> {
    let mut out: Vec<Asset> = Vec::new();
    for e in &ev.entities {
        let p = &e.properties;
        let (kind, name, detail) = match e.kind {
            EntityKind::Account => {
                let name = match (&p.account_name, &p.upn_suffix) {
                    (Some(a), Some(s)) => format!("{a}@{s}"),
                    _ => e.label(),
                };
                (AssetKind::User, name, p.display_name.clone())
            }
            EntityKind::Host => (
                AssetKind::Device,
                p.host_name.clone().unwrap_or_else(|| e.label()),
                p.os_family.clone(),
            ),
            EntityKind::Mailbox => (
                AssetKind::Mailbox,
                p.mailbox_primary_address
                    .clone()
                    .unwrap_or_else(|| e.label()),
                p.display_name.clone(),
            ),
            EntityKind::Ip => {
                let where_ = p
                    .location
                    .as_ref()
                    .and_then(|l| match (&l.city, &l.country_code) {
                        (Some(c), Some(cc)) => Some(format!("{c}, {cc}")),
                        (None, Some(cc)) => Some(cc.clone()),
                        _ => None,
                    });
                (
                    AssetKind::IpAddress,
                    p.address.clone().unwrap_or_else(|| e.label()),
                    where_,
                )
            }
            EntityKind::CloudApplication => (
                AssetKind::CloudApp,
                p.app_name.clone().unwrap_or_else(|| e.label()),
                None,
            ),
            EntityKind::AzureResource => (
                AssetKind::AzureResource,
                p.resource_id.clone().unwrap_or_else(|| e.label()),
                None,
            ),
            EntityKind::File => (
                AssetKind::File,
                p.file_name.clone().unwrap_or_else(|| e.label()),
                p.directory.clone(),
            ),
            EntityKind::Process => (
                AssetKind::Process,
                p.command_line.clone().unwrap_or_else(|| e.label()),
                None,
            ),
            EntityKind::MailMessage => (
                AssetKind::Mail,
                p.subject.clone().unwrap_or_else(|| e.label()),
                p.sender.clone().map(|s| format!("from {s}")),
            ),
            EntityKind::FileHash | EntityKind::Url | EntityKind::DnsResolution => continue,
            _ => (AssetKind::Other, e.label(), Some(e.kind.to_string())),
        };
        if out
            .iter()
            .any(|a| a.kind == kind && a.name.eq_ignore_ascii_case(&name))
        {
            continue;
        }
        let alert_count = alerts.iter().filter(|a| alert_names(a, &name)).count();
        out.push(Asset {
            kind,
            name,
            detail,
            alert_count,
        });
    }
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.alert_count.cmp(&a.alert_count)));
    out
}

/// Whether an alert names an asset (in its compromised entity, description or entities).
fn alert_names(a: &sentinel::IncidentAlert, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let short = lower.split('@').next().unwrap_or(&lower);
    let p = &a.properties;
    let hay = format!(
        "{} {} {}",
        p.compromised_entity.as_deref().unwrap_or(""),
        p.description.as_deref().unwrap_or(""),
        p.alert_display_name
    )
    .to_ascii_lowercase();
    hay.contains(&lower) || (short.len() > 3 && hay.contains(short))
}

fn overview(
    ev: &IncidentEvidence,
    alerts: &[&sentinel::IncidentAlert],
    start: Option<&AttackStart>,
    assets: &[Asset],
    indicators: &[IndicatorReputation],
) -> String {
    let p = &ev.incident.properties;
    let mut s = format!(
        "Incident {} \"{}\" is a {} severity incident, status {}",
        ev.number(),
        p.title,
        p.severity.as_str(),
        p.status.as_str()
    );
    if let Some(owner) = p
        .owner
        .as_ref()
        .filter(|o| !o.is_unassigned())
        .and_then(|o| o.assigned_to.clone().or(o.user_principal_name.clone()))
    {
        s.push_str(&format!(", assigned to {owner}"));
    } else {
        s.push_str(", unassigned");
    }
    s.push_str(". ");
    if let Some(st) = start {
        s.push_str(&format!(
            "The attack started at {} with the alert \"{}\"",
            display_time(st.time),
            st.alert
        ));
        if let Some(e) = &st.entity {
            s.push_str(&format!(" on {e}"));
        }
        s.push_str(". ");
    }
    let (first, last) = ev.activity_window();
    if alerts.len() > 1 {
        s.push_str(&format!(
            "It has {} alerts from {} to {}. ",
            alerts.len(),
            display_time(first),
            display_time(last)
        ));
    } else if alerts.len() == 1 {
        s.push_str("It has 1 alert. ");
    }
    let mut counts: HashMap<AssetKind, usize> = HashMap::new();
    for a in assets {
        *counts.entry(a.kind).or_default() += 1;
    }
    let mut parts: Vec<(AssetKind, usize)> = counts.into_iter().collect();
    parts.sort();
    if !parts.is_empty() {
        let words: Vec<String> = parts
            .iter()
            .map(|(k, n)| format!("{n} {}", plural(k.label(), *n)))
            .collect();
        s.push_str(&format!("Involved: {}. ", words.join(", ")));
    }
    let bad: Vec<&IndicatorReputation> = indicators.iter().filter(|i| i.threat.is_some()).collect();
    if !bad.is_empty() {
        let names: Vec<String> = bad
            .iter()
            .map(|i| {
                format!(
                    "{} ({})",
                    i.value,
                    i.threat
                        .as_ref()
                        .map(|t| t.threat_type.as_str())
                        .unwrap_or("")
                )
            })
            .collect();
        s.push_str(&format!(
            "Threat intelligence flags {}: {}.",
            plural("indicator", bad.len()),
            names.join(", ")
        ));
    } else if !indicators.is_empty() {
        s.push_str("None of its indicators is known to the workspace's threat intelligence.");
    }
    s.trim_end().to_string()
}

/// `word` with an `s` when `n` is not 1 (the labels here all pluralize that way).
pub(crate) fn plural(word: &str, n: usize) -> String {
    if n == 1 {
        word.to_lowercase()
    } else if word.ends_with('s') {
        format!("{}es", word.to_lowercase())
    } else {
        format!("{}s", word.to_lowercase())
    }
}

fn follow_ups(
    ev: &IncidentEvidence,
    assets: &[Asset],
    indicators: &[IndicatorReputation],
) -> Vec<String> {
    let mut out = vec![
        "What should I do next? (guided response)".to_string(),
        "Tell me about the entities associated with that incident.".to_string(),
    ];
    if let Some(u) = assets.iter().find(|a| a.kind == AssetKind::User) {
        out.push(format!("Show sign-ins of {} in the last 7 days", u.name));
    }
    if let Some(d) = assets.iter().find(|a| a.kind == AssetKind::Device) {
        out.push(format!("Show processes on {} in the last 24 hours", d.name));
    }
    if let Some(i) = indicators
        .iter()
        .find(|i| i.kind == IndicatorKind::Ip && !i.internal)
    {
        out.push(format!("Which devices connected to {}?", i.value));
    }
    out.push(format!("Investigate incident {}", ev.number()));
    out.push("Write an executive report summarizing this investigation.".into());
    out
}

impl IncidentSummary {
    /// The summary as answer blocks.
    pub fn to_answer(&self) -> Answer {
        let mut blocks = vec![Block::Text(self.overview.clone())];
        if !self.timeline.is_empty() {
            blocks.push(Block::Timeline(self.timeline.clone()));
        }
        if !self.assets.is_empty() {
            blocks.push(Block::Entities(self.assets.clone()));
        }
        if !self.indicators.is_empty() {
            let rows = self
                .indicators
                .iter()
                .map(|i| {
                    let (rep, conf, src) = match &i.threat {
                        Some(t) => (
                            format!("Malicious: {}", t.threat_type),
                            format!("{}", t.confidence),
                            t.provider.clone(),
                        ),
                        None if i.internal => {
                            ("Internal address".into(), String::new(), String::new())
                        }
                        None => (
                            "Not in threat intelligence".into(),
                            String::new(),
                            String::new(),
                        ),
                    };
                    vec![i.kind.label().to_string(), i.value.clone(), rep, conf, src]
                })
                .collect();
            blocks.push(Block::Table(ResultTable {
                headers: ["Indicator", "Value", "Reputation", "Confidence", "Source"]
                    .map(String::from)
                    .to_vec(),
                rows,
            }));
        }
        if !self.mitre.is_empty() {
            blocks.push(Block::List(
                self.mitre
                    .iter()
                    .map(|m| {
                        if m.techniques.is_empty() {
                            format!("MITRE ATT&CK {}", m.tactic)
                        } else {
                            format!("MITRE ATT&CK {}: {}", m.tactic, m.techniques.join(", "))
                        }
                    })
                    .collect(),
            ));
        }
        blocks.push(Block::Suggestions(self.follow_ups.clone()));
        Answer {
            title: format!(
                "Summary of incident {}: {}",
                self.incident_number, self.title
            ),
            blocks,
        }
    }

    /// All the text the summary states, for review and faithfulness checks.
    pub fn statements(&self) -> Vec<String> {
        let mut out = vec![self.overview.clone()];
        for t in &self.timeline {
            out.push(format!("{} {} {}", display_time(t.time), t.text, t.source));
        }
        for a in &self.assets {
            out.push(format!(
                "{} {} {}",
                a.kind.label(),
                a.name,
                a.detail.as_deref().unwrap_or("")
            ));
        }
        for i in &self.indicators {
            out.push(i.value.clone());
        }
        out
    }
}

/// Summaries kept per incident until the incident changes.
#[derive(Clone, Debug, Default)]
pub struct SummaryCache {
    entries: HashMap<String, IncidentSummary>,
}

impl SummaryCache {
    /// The cached summary for this version of the incident, or a fresh one (then cached).
    pub fn summary(&mut self, ev: &IncidentEvidence) -> &IncidentSummary {
        let key = cache_key(ev);
        let stale = self
            .entries
            .get(&ev.incident.name)
            .is_none_or(|s| s.cache_key != key);
        if stale {
            self.entries
                .insert(ev.incident.name.clone(), summarize_incident(ev));
        }
        &self.entries[&ev.incident.name]
    }

    /// Whether a summary for this exact version is cached.
    pub fn is_fresh(&self, ev: &IncidentEvidence) -> bool {
        self.entries
            .get(&ev.incident.name)
            .is_some_and(|s| s.cache_key == cache_key(ev))
    }
}
