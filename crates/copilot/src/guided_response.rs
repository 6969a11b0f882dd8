//! Guided response: cards that suggest what to do about an incident — triage, containment,
//! investigation and remediation — each naming its target and why, from the data. Cards are
//! plain data: Sentinel actions run only when the app calls the workspace after the analyst
//! confirms; host actions are handed to the embedding page as an event.

use sentinel::{
    Classification, ClassificationReason, Entity, EntityKind, Incident, IncidentOwner,
    IncidentQuery, IncidentStatus, IncidentUpdate, Workspace, WorkspaceError,
};
use serde_json::json;

use crate::answer::KqlBlock;
use crate::evidence::{display_time, is_internal_ip, kql_string, IncidentEvidence, IndicatorKind};

/// The four kinds of card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardCategory {
    Triage,
    Containment,
    Investigation,
    Remediation,
}

impl CardCategory {
    /// The label shown on filters.
    pub fn label(self) -> &'static str {
        match self {
            CardCategory::Triage => "Triage",
            CardCategory::Containment => "Containment",
            CardCategory::Investigation => "Investigation",
            CardCategory::Remediation => "Remediation",
        }
    }
}

/// Whether the analyst has dealt with a card.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CardStatus {
    #[default]
    Open,
    Done,
}

/// A change to the incident through the Sentinel API, run only after explicit confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct SentinelAction {
    /// What will happen, for the confirmation dialog.
    pub confirm_text: String,
    /// The update to send (the app fills in the incident's current etag).
    pub update: Option<IncidentUpdate>,
    /// A comment to add.
    pub comment: Option<String>,
}

/// An action the embedding page performs (disable a user, isolate a device...).
#[derive(Clone, Debug, PartialEq)]
pub struct HostAction {
    /// The event name, e.g. `sentinel-copilot:isolate-device`.
    pub event: String,
    pub payload: serde_json::Value,
    /// Steps the analyst can copy to do it by hand.
    pub instructions: Vec<String>,
}

/// What a card does when the analyst acts on it.
#[derive(Clone, Debug, PartialEq)]
pub enum CardAction {
    /// Change the incident or comment on it (after confirmation).
    Sentinel(SentinelAction),
    /// Ask the host page to act.
    Host(HostAction),
    /// A read-only hunting query, ready to run.
    Hunt(KqlBlock),
}

impl CardAction {
    /// Whether the action changes something and so needs the analyst's confirmation first.
    pub fn needs_confirmation(&self) -> bool {
        !matches!(self, CardAction::Hunt(_))
    }
}

/// One suggestion of the guided response.
#[derive(Clone, Debug, PartialEq)]
pub struct GuidedResponseCard {
    /// Stable within an incident: category and target.
    pub id: String,
    pub category: CardCategory,
    pub title: String,
    /// The entity the card acts on, when it acts on one.
    pub target: Option<String>,
    /// Why, from the data.
    pub why: String,
    /// Supporting facts (similar incidents, alerts, threat intelligence).
    pub evidence: Vec<String>,
    pub action: CardAction,
    pub status: CardStatus,
}

/// A closed incident that looks like this one, and how it was closed.
#[derive(Clone, Debug, PartialEq)]
pub struct SimilarIncident {
    pub number: i64,
    pub title: String,
    pub classification: Option<Classification>,
    pub reason: Option<ClassificationReason>,
    pub comment: Option<String>,
    /// What they share: "same title", "same analytics rule".
    pub shared: Vec<String>,
}

/// How many recent closed incidents are compared entity by entity.
const ENTITY_COMPARISONS: usize = 20;

/// Finds closed incidents with the same title or analytics rule as this one, or (among the 20
/// most recent closed ones) sharing a user, device or external IP address with it.
pub async fn find_similar(
    workspace: &dyn Workspace,
    ev: &IncidentEvidence,
) -> Result<Vec<SimilarIncident>, WorkspaceError> {
    let page = workspace
        .list_incidents(&IncidentQuery::newest(500))
        .await?;
    let mut similar = similar_among(&ev.incident, &page.value);
    let mine = entity_keys(&ev.entities);
    let candidates: Vec<&Incident> = page
        .value
        .iter()
        .filter(|o| o.name != ev.incident.name && o.properties.status == IncidentStatus::Closed)
        .filter(|o| {
            !similar
                .iter()
                .any(|s| Some(s.number) == o.properties.incident_number)
        })
        .take(ENTITY_COMPARISONS)
        .collect();
    for o in candidates {
        let Ok(theirs) = workspace.list_entities(&o.name).await else {
            continue;
        };
        let shared: Vec<String> = entity_keys(&theirs.entities)
            .into_iter()
            .filter(|k| mine.contains(k))
            .map(|k| format!("shares {k}"))
            .collect();
        if !shared.is_empty() {
            let q = &o.properties;
            similar.push(SimilarIncident {
                number: q.incident_number.unwrap_or(0),
                title: q.title.clone(),
                classification: q.classification,
                reason: q.classification_reason,
                comment: q.classification_comment.clone(),
                shared,
            });
        }
    }
    Ok(similar)
}

/// Users, devices and external addresses of a set of entities, lowercased.
fn entity_keys(entities: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in entities {
        let p = &e.properties;
        let key = match e.kind {
            EntityKind::Account => account_upn(e).or(p.account_name.clone()),
            EntityKind::Host => p.host_name.clone(),
            EntityKind::Ip => p.address.clone().filter(|a| !is_internal_ip(a)),
            _ => None,
        };
        if let Some(k) = key.map(|k| k.to_ascii_lowercase()) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// The closed incidents among `others` that share a title or analytics rule with `incident`.
pub fn similar_among(incident: &Incident, others: &[Incident]) -> Vec<SimilarIncident> {
    let p = &incident.properties;
    others
        .iter()
        .filter(|o| o.name != incident.name && o.properties.status == IncidentStatus::Closed)
        .filter_map(|o| {
            let q = &o.properties;
            let mut shared = Vec::new();
            if q.title.eq_ignore_ascii_case(&p.title) {
                shared.push("same title".to_string());
            }
            if q.related_analytic_rule_ids
                .iter()
                .any(|r| p.related_analytic_rule_ids.contains(r))
            {
                shared.push("same analytics rule".to_string());
            }
            (!shared.is_empty()).then(|| SimilarIncident {
                number: q.incident_number.unwrap_or(0),
                title: q.title.clone(),
                classification: q.classification,
                reason: q.classification_reason,
                comment: q.classification_comment.clone(),
                shared,
            })
        })
        .collect()
}

/// The guided response for an incident: triage first, then containment, investigation and
/// remediation. `me` is the signed-in analyst, for the "assign to me" card.
pub fn guided_response(
    ev: &IncidentEvidence,
    similar: &[SimilarIncident],
    me: Option<&IncidentOwner>,
) -> Vec<GuidedResponseCard> {
    let mut cards = Vec::new();
    triage(ev, similar, me, &mut cards);
    containment(ev, &mut cards);
    investigation(ev, &mut cards);
    remediation(ev, &mut cards);
    cards
}

/// The cards of a category and/or status.
pub fn filter_cards(
    cards: &[GuidedResponseCard],
    category: Option<CardCategory>,
    status: Option<CardStatus>,
) -> Vec<&GuidedResponseCard> {
    cards
        .iter()
        .filter(|c| category.is_none_or(|k| c.category == k))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .collect()
}

/// Marks a card done; returns whether a card had that id.
pub fn mark_done(cards: &mut [GuidedResponseCard], id: &str) -> bool {
    match cards.iter_mut().find(|c| c.id == id) {
        Some(c) => {
            c.status = CardStatus::Done;
            true
        }
        None => false,
    }
}

fn alert_names_for(ev: &IncidentEvidence, needle: &str) -> Vec<String> {
    let n = needle.to_ascii_lowercase();
    let short = n.split('@').next().unwrap_or(&n).to_string();
    let mut out: Vec<String> = Vec::new();
    for a in &ev.alerts {
        let p = &a.properties;
        let hay = format!(
            "{} {}",
            p.compromised_entity.as_deref().unwrap_or(""),
            p.description.as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        if (hay.contains(&n) || (short.len() > 3 && hay.contains(&short)))
            && !out.contains(&p.alert_display_name)
        {
            out.push(p.alert_display_name.clone());
        }
    }
    out
}

fn has_tactic(ev: &IncidentEvidence, tactics: &[&str]) -> bool {
    ev.alerts.iter().any(|a| {
        a.properties
            .tactics
            .iter()
            .any(|t| tactics.contains(&t.as_str()))
    })
}

fn alert_text(ev: &IncidentEvidence) -> String {
    let mut s = ev.incident.properties.title.clone();
    for a in &ev.alerts {
        s.push(' ');
        s.push_str(&a.properties.alert_display_name);
        s.push(' ');
        s.push_str(a.properties.description.as_deref().unwrap_or(""));
    }
    s.to_ascii_lowercase()
}

fn triage(
    ev: &IncidentEvidence,
    similar: &[SimilarIncident],
    me: Option<&IncidentOwner>,
    cards: &mut Vec<GuidedResponseCard>,
) {
    let p = &ev.incident.properties;
    let number = ev.number();
    if p.status == IncidentStatus::Closed {
        cards.push(GuidedResponseCard {
            id: "triage:classification".into(),
            category: CardCategory::Triage,
            title: format!(
                "Already closed as {}",
                p.classification
                    .map(|c| c.as_str())
                    .unwrap_or("unclassified")
            ),
            target: None,
            why: p
                .classification_comment
                .clone()
                .unwrap_or_else(|| "The incident is closed.".into()),
            evidence: Vec::new(),
            action: CardAction::Sentinel(SentinelAction {
                confirm_text: format!("Reopen incident {number}?"),
                update: Some(IncidentUpdate {
                    status: Some(IncidentStatus::Active),
                    ..IncidentUpdate::default()
                }),
                comment: None,
            }),
            status: CardStatus::Done,
        });
        return;
    }
    // Signals for a verdict.
    let malicious: Vec<String> = ev
        .ti
        .iter()
        .map(|t| {
            format!(
                "{} {} is in threat intelligence as {} (confidence {}, {})",
                t.indicator.kind.label(),
                t.indicator.value,
                t.threat_type,
                t.confidence,
                t.provider
            )
        })
        .collect();
    let confirmed_by_product: Vec<String> = ev
        .alerts
        .iter()
        .filter(|a| {
            a.properties.confidence_level == Some(sentinel::api::AlertConfidence::High)
                && matches!(
                    a.properties.severity,
                    sentinel::api::AlertSeverity::High | sentinel::api::AlertSeverity::Medium
                )
        })
        .map(|a| {
            format!(
                "\"{}\" was raised with high confidence by {}",
                a.properties.alert_display_name,
                a.properties
                    .product_name
                    .as_deref()
                    .unwrap_or("the detector")
            )
        })
        .collect();
    let mut evidence: Vec<String> = similar
        .iter()
        .take(5)
        .map(|s| {
            format!(
                "Incident {} ({}) was closed as {}{}",
                s.number,
                s.shared.join(", "),
                s.classification
                    .map(|c| c.as_str())
                    .unwrap_or("unclassified"),
                s.comment
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    let votes = |c: Classification| {
        similar
            .iter()
            .filter(|s| s.classification == Some(c))
            .count()
    };
    let (class, reason, why) = if !malicious.is_empty() {
        evidence.splice(0..0, malicious.iter().cloned());
        (
            Classification::TruePositive,
            ClassificationReason::SuspiciousActivity,
            format!("{} of its indicators are known malicious.", malicious.len()),
        )
    } else if !confirmed_by_product.is_empty() {
        evidence.splice(0..0, confirmed_by_product.iter().cloned());
        (
            Classification::TruePositive,
            ClassificationReason::SuspiciousActivity,
            "A security product confirmed the activity with high confidence.".to_string(),
        )
    } else if !similar.is_empty() {
        let best = [
            Classification::TruePositive,
            Classification::BenignPositive,
            Classification::FalsePositive,
        ]
        .into_iter()
        .max_by_key(|c| votes(*c))
        .unwrap_or(Classification::TruePositive);
        let n = votes(best);
        let reason = best.allowed_reasons()[0];
        (
            best,
            reason,
            format!(
                "{n} of {} similar closed incidents were classified {}.",
                similar.len(),
                best.as_str()
            ),
        )
    } else {
        (
            Classification::TruePositive,
            ClassificationReason::SuspiciousActivity,
            "No similar incident was closed before and nothing shows the activity is expected; treat it as real until shown otherwise.".to_string(),
        )
    };
    let comment = format!(
        "Classified {} by the analyst with Copilot's guided response: {why}",
        class.as_str()
    );
    cards.push(GuidedResponseCard {
        id: "triage:classification".into(),
        category: CardCategory::Triage,
        title: format!("Classify as {} and close", class.as_str()),
        target: None,
        why,
        evidence,
        action: CardAction::Sentinel(SentinelAction {
            confirm_text: format!(
                "Close incident {number} as {} ({})?",
                class.as_str(),
                reason.as_str()
            ),
            update: Some(IncidentUpdate::close(class, Some(reason), comment)),
            comment: None,
        }),
        status: CardStatus::Open,
    });
    let unassigned = p.owner.as_ref().is_none_or(|o| o.is_unassigned());
    if let (true, Some(me)) = (unassigned, me) {
        let who = me
            .assigned_to
            .clone()
            .or(me.user_principal_name.clone())
            .unwrap_or_else(|| "me".into());
        cards.push(GuidedResponseCard {
            id: "triage:assign".into(),
            category: CardCategory::Triage,
            title: "Assign to me and start working".into(),
            target: Some(who.clone()),
            why: format!("Incident {number} is unassigned and {}.", p.status.as_str()),
            evidence: Vec::new(),
            action: CardAction::Sentinel(SentinelAction {
                confirm_text: format!("Assign incident {number} to {who} and set it Active?"),
                update: Some(IncidentUpdate {
                    owner: Some(me.clone()),
                    status: Some(IncidentStatus::Active),
                    ..IncidentUpdate::default()
                }),
                comment: None,
            }),
            status: CardStatus::Open,
        });
    }
    if !malicious.is_empty() && p.severity.rank() < sentinel::IncidentSeverity::High.rank() {
        cards.push(GuidedResponseCard {
            id: "triage:severity".into(),
            category: CardCategory::Triage,
            title: "Raise the severity to High".into(),
            target: None,
            why: format!(
                "The incident is {} but threat intelligence knows {} of its indicators.",
                p.severity.as_str(),
                malicious.len()
            ),
            evidence: malicious.clone(),
            action: CardAction::Sentinel(SentinelAction {
                confirm_text: format!("Set incident {number} to High severity?"),
                update: Some(IncidentUpdate {
                    severity: Some(sentinel::IncidentSeverity::High),
                    ..IncidentUpdate::default()
                }),
                comment: None,
            }),
            status: CardStatus::Open,
        });
    }
}

fn account_upn(e: &Entity) -> Option<String> {
    let p = &e.properties;
    match (&p.account_name, &p.upn_suffix) {
        (Some(a), Some(s)) => Some(format!("{a}@{s}")),
        _ => None,
    }
}

fn containment(ev: &IncidentEvidence, cards: &mut Vec<GuidedResponseCard>) {
    let identity_attack = has_tactic(
        ev,
        &[
            "InitialAccess",
            "CredentialAccess",
            "Persistence",
            "PrivilegeEscalation",
            "Exfiltration",
        ],
    );
    for e in &ev.entities {
        if e.kind != EntityKind::Account {
            continue;
        }
        let Some(upn) = account_upn(e) else { continue };
        let alerts = alert_names_for(ev, &upn);
        if alerts.is_empty() || !identity_attack {
            continue;
        }
        let why = format!("{upn} is named by {}.", quote_list(&alerts));
        let payload = json!({"userPrincipalName": upn, "objectId": e.properties.aad_user_id});
        cards.push(GuidedResponseCard {
            id: format!("containment:revoke:{upn}"),
            category: CardCategory::Containment,
            title: format!("Revoke the sessions of {upn}"),
            target: Some(upn.clone()),
            why: why.clone(),
            evidence: alerts.clone(),
            action: CardAction::Host(HostAction {
                event: "sentinel-copilot:revoke-sessions".into(),
                payload: payload.clone(),
                instructions: vec![
                    format!("Microsoft Entra admin center > Users > {upn} > Revoke sessions."),
                    format!("Or PowerShell: Revoke-MgUserSignInSession -UserId {upn}"),
                ],
            }),
            status: CardStatus::Open,
        });
        cards.push(GuidedResponseCard {
            id: format!("containment:disable:{upn}"),
            category: CardCategory::Containment,
            title: format!("Disable the user {upn}"),
            target: Some(upn.clone()),
            why,
            evidence: alerts,
            action: CardAction::Host(HostAction {
                event: "sentinel-copilot:disable-user".into(),
                payload,
                instructions: vec![
                    format!("Microsoft Entra admin center > Users > {upn} > Edit properties > Account enabled: off."),
                    format!("Or PowerShell: Update-MgUser -UserId {upn} -AccountEnabled:$false"),
                ],
            }),
            status: CardStatus::Open,
        });
    }
    for host in ev.hosts() {
        let alerts = alert_names_for(ev, &host);
        let endpoint_alert = ev.alerts.iter().any(|a| {
            a.properties
                .product_name
                .as_deref()
                .is_some_and(|p| p.contains("Defender") || p.contains("Threat Protection"))
        });
        if alerts.is_empty() && !endpoint_alert {
            continue;
        }
        let why = if alerts.is_empty() {
            format!("{host} is an entity of an endpoint alert.")
        } else {
            format!("{host} is named by {}.", quote_list(&alerts))
        };
        cards.push(GuidedResponseCard {
            id: format!("containment:isolate:{host}"),
            category: CardCategory::Containment,
            title: format!("Isolate the device {host}"),
            target: Some(host.clone()),
            why,
            evidence: alerts,
            action: CardAction::Host(HostAction {
                event: "sentinel-copilot:isolate-device".into(),
                payload: json!({"deviceName": host}),
                instructions: vec![format!(
                    "Microsoft Defender portal > Devices > {host} > Isolate device (full isolation), with a comment naming incident {}.",
                    ev.number()
                )],
            }),
            status: CardStatus::Open,
        });
    }
    for ip in ev.ips() {
        if is_internal_ip(&ip) {
            continue;
        }
        let ti = ev.ti.iter().find(|t| t.indicator.value == ip);
        let alerts = alert_names_for(ev, &ip);
        let events: i64 = ev
            .log_events
            .iter()
            .filter(|e| e.ip.as_deref() == Some(ip.as_str()))
            .map(|e| e.count)
            .sum();
        let why = match ti {
            Some(t) => format!(
                "{ip} is in threat intelligence as {} (confidence {}).",
                t.threat_type, t.confidence
            ),
            None if !alerts.is_empty() => format!("{ip} is named by {}.", quote_list(&alerts)),
            None if events > 0 => format!("{ip} appears in {events} log events during the attack."),
            None => format!("{ip} is an external address in the incident's entities."),
        };
        cards.push(GuidedResponseCard {
            id: format!("containment:block:{ip}"),
            category: CardCategory::Containment,
            title: format!("Block the IP address {ip}"),
            target: Some(ip.clone()),
            why,
            evidence: alerts,
            action: CardAction::Host(HostAction {
                event: "sentinel-copilot:block-ip".into(),
                payload: json!({"ipAddress": ip}),
                instructions: vec![
                    format!("Add {ip} to a Conditional Access named location marked as blocked, or to the edge firewall's deny list."),
                    format!("Microsoft Defender portal > Settings > Endpoints > Indicators > IP addresses > Add {ip} with action Block."),
                ],
            }),
            status: CardStatus::Open,
        });
    }
}

fn hunt(
    id: String,
    title: String,
    target: String,
    why: String,
    query: String,
    explanation: Vec<String>,
) -> GuidedResponseCard {
    GuidedResponseCard {
        id,
        category: CardCategory::Investigation,
        title,
        target: Some(target),
        why,
        evidence: Vec::new(),
        action: CardAction::Hunt(KqlBlock {
            query,
            explanation,
            confidence: None,
        }),
        status: CardStatus::Open,
    }
}

fn investigation(ev: &IncidentEvidence, cards: &mut Vec<GuidedResponseCard>) {
    let (first, _) = ev.activity_window();
    let since = format!(
        "datetime({})",
        sentinel::time::format_datetime(first - 7 * sentinel::time::TICKS_PER_DAY)
    );
    for upn in ev.accounts().into_iter().filter(|u| u.contains('@')) {
        cards.push(hunt(
            format!("investigation:signins:{upn}"),
            format!("Sign-ins of {upn}"),
            upn.clone(),
            format!("{upn} is an account of the incident; unusual addresses or failures show how it was used."),
            format!(
                "SigninLogs\n| where TimeGenerated > {since}\n| where UserPrincipalName =~ {}\n| summarize Attempts = count(), Failures = countif(ResultType != \"0\"), LastSeen = max(TimeGenerated) by IPAddress, Location, AppDisplayName\n| order by Attempts desc",
                kql_string(&upn)
            ),
            vec![
                "SigninLogs: interactive sign-ins.".into(),
                format!("From a week before the first alert ({}).", display_time(first)),
                format!("Only {upn}."),
                "Counts attempts and failures per address, location and app.".into(),
            ],
        ));
        if has_tactic(
            ev,
            &["Persistence", "Collection", "Exfiltration", "InitialAccess"],
        ) {
            cards.push(hunt(
                format!("investigation:inbox:{upn}"),
                format!("Mailbox rules and forwarding set by {upn}"),
                upn.clone(),
                "Attackers who take over an account often hide mail with inbox rules.".into(),
                format!(
                    "OfficeActivity\n| where TimeGenerated > {since}\n| where UserId =~ {}\n| where Operation in (\"New-InboxRule\", \"Set-InboxRule\", \"UpdateInboxRules\", \"Set-Mailbox\")\n| project TimeGenerated, Operation, ClientIP, Parameters\n| order by TimeGenerated desc",
                    kql_string(&upn)
                ),
                vec![
                    "OfficeActivity: Exchange and SharePoint audit.".into(),
                    format!("Only {upn}'s inbox rule and mailbox changes."),
                ],
            ));
        }
    }
    for host in ev.hosts() {
        cards.push(hunt(
            format!("investigation:processes:{host}"),
            format!("Processes on {host}"),
            host.clone(),
            format!("{host} is a device of the incident; its processes show what ran."),
            format!(
                "DeviceProcessEvents\n| where TimeGenerated > {since}\n| where DeviceName startswith {}\n| summarize Runs = count(), LastRun = max(TimeGenerated) by FileName, ProcessCommandLine, AccountName\n| order by Runs asc\n| take 50",
                kql_string(&host.to_ascii_lowercase())
            ),
            vec![
                "DeviceProcessEvents: process creation on endpoints.".into(),
                format!("Only {host}."),
                "Rarest command lines first.".into(),
            ],
        ));
    }
    for ip in ev.ips().into_iter().filter(|i| !is_internal_ip(i)) {
        cards.push(hunt(
            format!("investigation:ip:{ip}"),
            format!("Everything that talked to {ip}"),
            ip.clone(),
            format!("{ip} is an external address of the incident; other users or devices may be affected."),
            format!(
                "DeviceNetworkEvents\n| where TimeGenerated > {since}\n| where RemoteIP == {}\n| summarize Connections = count(), LastSeen = max(TimeGenerated) by DeviceName, InitiatingProcessFileName",
                kql_string(&ip)
            ),
            vec![
                "DeviceNetworkEvents: connections from endpoints.".into(),
                format!("Only connections to {ip}, per device and process."),
            ],
        ));
        cards.push(hunt(
            format!("investigation:ip-signins:{ip}"),
            format!("Sign-ins from {ip}"),
            ip.clone(),
            format!("Any account that signed in from {ip} may be compromised too."),
            format!(
                "SigninLogs\n| where TimeGenerated > {since}\n| where IPAddress == {}\n| summarize Attempts = count(), Successes = countif(ResultType == \"0\") by UserPrincipalName",
                kql_string(&ip)
            ),
            vec![
                "SigninLogs: interactive sign-ins.".into(),
                format!("Only sign-ins from {ip}, per user."),
            ],
        ));
    }
    for i in ev.indicators() {
        if i.kind == IndicatorKind::FileHash {
            cards.push(hunt(
                format!("investigation:hash:{}", i.value),
                "Where else the file ran".into(),
                i.value.clone(),
                "The file's hash is an indicator of the incident.".into(),
                format!(
                    "DeviceProcessEvents\n| where SHA256 =~ {}\n| summarize Runs = count(), FirstSeen = min(TimeGenerated) by DeviceName, FileName",
                    kql_string(&i.value)
                ),
                vec!["DeviceProcessEvents, for this SHA256 on every device.".into()],
            ));
        }
    }
}

fn remediation(ev: &IncidentEvidence, cards: &mut Vec<GuidedResponseCard>) {
    let text = alert_text(ev);
    let comments: String = ev
        .comments
        .iter()
        .map(|c| c.properties.message.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let credential = has_tactic(ev, &["CredentialAccess", "InitialAccess"]);
    for e in &ev.entities {
        if e.kind != EntityKind::Account {
            continue;
        }
        let Some(upn) = account_upn(e) else { continue };
        let alerts = alert_names_for(ev, &upn);
        if alerts.is_empty() {
            continue;
        }
        if credential {
            cards.push(GuidedResponseCard {
                id: format!("remediation:reset:{upn}"),
                category: CardCategory::Remediation,
                title: format!("Reset the password of {upn}"),
                target: Some(upn.clone()),
                why: format!(
                    "{} points to stolen or guessed credentials for {upn}.",
                    quote_list(&alerts)
                ),
                evidence: alerts.clone(),
                action: CardAction::Host(HostAction {
                    event: "sentinel-copilot:reset-password".into(),
                    payload: json!({"userPrincipalName": upn}),
                    instructions: vec![
                        format!("Microsoft Entra admin center > Users > {upn} > Reset password; require a change at next sign-in."),
                        "Check the user's MFA methods and remove any the user does not recognise.".into(),
                    ],
                }),
                status: CardStatus::Open,
            });
        }
        if text.contains("inbox rule")
            || text.contains("forwarding")
            || comments.contains("forwarding rule")
        {
            cards.push(GuidedResponseCard {
                id: format!("remediation:inbox-rule:{upn}"),
                category: CardCategory::Remediation,
                title: format!("Remove the suspicious inbox rule of {upn}"),
                target: Some(upn.clone()),
                why: "The alerts or comments mention an inbox or forwarding rule.".into(),
                evidence: alerts.clone(),
                action: CardAction::Host(HostAction {
                    event: "sentinel-copilot:remove-inbox-rule".into(),
                    payload: json!({"mailbox": upn}),
                    instructions: vec![
                        format!("Exchange Online PowerShell: Get-InboxRule -Mailbox {upn} | Format-List Name, ForwardTo, RedirectTo"),
                        format!("Then Remove-InboxRule -Mailbox {upn} -Identity <rule name>."),
                    ],
                }),
                status: CardStatus::Open,
            });
        }
        if text.contains("role") && has_tactic(ev, &["PrivilegeEscalation", "Persistence"]) {
            cards.push(GuidedResponseCard {
                id: format!("remediation:role:{upn}"),
                category: CardCategory::Remediation,
                title: format!("Remove the role added to {upn}"),
                target: Some(upn.clone()),
                why: format!("{} reports a role assignment.", quote_list(&alerts)),
                evidence: alerts.clone(),
                action: CardAction::Host(HostAction {
                    event: "sentinel-copilot:remove-role".into(),
                    payload: json!({"userPrincipalName": upn}),
                    instructions: vec![format!(
                        "Microsoft Entra admin center > Users > {upn} > Assigned roles > remove the role added outside change control."
                    )],
                }),
                status: CardStatus::Open,
            });
        }
    }
    for e in &ev.entities {
        if e.kind != EntityKind::MailMessage {
            continue;
        }
        let p = &e.properties;
        let subject = p.subject.clone().unwrap_or_else(|| e.label());
        cards.push(GuidedResponseCard {
            id: format!("remediation:delete-mail:{}", e.name),
            category: CardCategory::Remediation,
            title: format!("Delete the mail \"{subject}\""),
            target: Some(subject.clone()),
            why: format!(
                "The message{} is an entity of the incident.",
                p.sender.as_deref().map(|s| format!(" from {s}")).unwrap_or_default()
            ),
            evidence: Vec::new(),
            action: CardAction::Host(HostAction {
                event: "sentinel-copilot:delete-mail".into(),
                payload: json!({"networkMessageId": p.network_message_id, "recipient": p.recipient, "subject": subject}),
                instructions: vec!["Microsoft Defender portal > Email & collaboration > Explorer > find the message > Take action > Soft delete (all recipients).".into()],
            }),
            status: CardStatus::Open,
        });
    }
    cards.push(GuidedResponseCard {
        id: "remediation:document".into(),
        category: CardCategory::Remediation,
        title: "Record what was done in a comment".into(),
        target: None,
        why: format!("Incident {} should say which actions were taken.", ev.number()),
        evidence: Vec::new(),
        action: CardAction::Sentinel(SentinelAction {
            confirm_text: format!("Add a comment to incident {}?", ev.number()),
            update: None,
            comment: Some("Guided response reviewed; containment and remediation steps taken are listed below.".into()),
        }),
        status: CardStatus::Open,
    });
}

fn quote_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match q.len() {
        0 => "no alert".into(),
        1 => format!("the alert {}", q[0]),
        _ => format!("the alerts {}", q.join(", ")),
    }
}
