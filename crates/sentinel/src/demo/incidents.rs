//! Turns told stories into what Sentinel would hold: SecurityAlert rows and alert resources,
//! incidents with their entities, owners, comments and classifications, and a SecurityIncident
//! row for every change.

use kql::{Table, Value};
use serde_json::{json, Map, Value as Json};

use super::generate::Gen;
use super::noise::endpoint::digest;
use super::stories::{Outcome, Told, SENTINEL};
use super::tables::{columns, dt, s, u};
use super::tenant::{workspace_ref, Analyst, RESOURCE_GROUP, SOC, SUBSCRIPTION_ID, WORKSPACE_ID};
use crate::api::{
    AlertConfidence, AlertProperties, AlertSeverity, AlertStatus, ClientInfo, CommentProperties,
    Entity, Incident, IncidentAdditionalData, IncidentAlert, IncidentComment, IncidentLabel,
    IncidentOwner, IncidentProperties, IncidentSeverity, IncidentStatus, OwnerType,
};
use crate::time::{format_datetime, parse_datetime, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// An incident with everything the incident API returns about it.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentRecord {
    pub incident: Incident,
    pub alerts: Vec<IncidentAlert>,
    pub entities: Vec<Entity>,
    pub comments: Vec<IncidentComment>,
    /// When the incident was first modified (its creation).
    pub first_modified: i64,
}

impl IncidentRecord {
    /// The incident's GUID name.
    pub fn name(&self) -> &str {
        &self.incident.name
    }
}

/// An etag in Sentinel's shape, quoted as incidents carry it.
pub fn quoted_etag(serial: u64, time: i64) -> String {
    format!(
        "\"{serial:08x}-0000-0000-0000-{:012x}\"",
        (time / TICKS_PER_SECOND) as u64
    )
}

/// A stable GUID for a text (analytics rule ids).
pub fn stable_guid(text: &str) -> String {
    let h = digest(text, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn alert_severity(s: IncidentSeverity) -> AlertSeverity {
    match s {
        IncidentSeverity::High => AlertSeverity::High,
        IncidentSeverity::Medium => AlertSeverity::Medium,
        IncidentSeverity::Low => AlertSeverity::Low,
        IncidentSeverity::Informational => AlertSeverity::Informational,
    }
}

columns!(AlertCols {
    TimeGenerated,
    DisplayName,
    AlertName,
    AlertSeverity,
    Description,
    ProviderName,
    VendorName,
    VendorOriginalId,
    SystemAlertId,
    AlertType,
    ConfidenceLevel,
    IsIncident,
    StartTime,
    EndTime,
    ProcessingEndTime,
    RemediationSteps,
    ExtendedProperties,
    Entities,
    SourceSystem,
    WorkspaceSubscriptionId,
    WorkspaceResourceGroup,
    ProductName,
    ProductComponentName,
    AlertLink,
    Status,
    CompromisedEntity,
    Tactics,
    Techniques,
    SubTechniques,
    ResourceId,
});

/// Appends a SecurityIncident row with the incident's current state, as Sentinel does on every
/// change.
pub fn write_incident_row(table: &mut Table, rec: &IncidentRecord, time: i64, modified_by: &str) {
    let p = &rec.incident.properties;
    let mut row = vec![Value::Null; table.columns.len()];
    let mut set = |name: &str, v: Value| {
        if let Some(i) = table.column_index(name) {
            row[i] = v;
        }
    };
    let opt_time = |t: &Option<String>| {
        t.as_deref()
            .and_then(parse_datetime)
            .map_or(Value::Null, dt)
    };
    set("TenantId", u(WORKSPACE_ID));
    set("Type", u("SecurityIncident"));
    set("TimeGenerated", dt(time));
    set("IncidentName", u(&rec.incident.name));
    set("Title", u(&p.title));
    set(
        "Description",
        p.description.as_deref().map_or(Value::Null, s),
    );
    set("Severity", u(p.severity.as_str()));
    set("Status", u(p.status.as_str()));
    set(
        "Classification",
        p.classification.map_or(u(""), |c| u(c.as_str())),
    );
    set(
        "ClassificationReason",
        p.classification_reason.map_or(u(""), |c| u(c.as_str())),
    );
    set(
        "ClassificationComment",
        u(p.classification_comment.as_deref().unwrap_or("")),
    );
    let owner = p.owner.clone().unwrap_or_default();
    set(
        "Owner",
        Value::dynamic(
            json!({"objectId": owner.object_id, "email": owner.email, "assignedTo": owner.assigned_to,
            "userPrincipalName": owner.user_principal_name}),
        ),
    );
    set(
        "ProviderName",
        u(p.provider_name.as_deref().unwrap_or("Azure Sentinel")),
    );
    set(
        "ProviderIncidentId",
        p.provider_incident_id.as_deref().map_or(Value::Null, s),
    );
    set("FirstActivityTime", opt_time(&p.first_activity_time_utc));
    set("LastActivityTime", opt_time(&p.last_activity_time_utc));
    set("CreatedTime", opt_time(&p.created_time_utc));
    set("FirstModifiedTime", dt(rec.first_modified));
    set("LastModifiedTime", opt_time(&p.last_modified_time_utc));
    set(
        "ClosedTime",
        if p.status == IncidentStatus::Closed {
            opt_time(&p.last_modified_time_utc)
        } else {
            Value::Null
        },
    );
    set(
        "IncidentNumber",
        p.incident_number
            .map_or(Value::Null, |n| Value::Int(n as i32)),
    );
    set(
        "RelatedAnalyticRuleIds",
        Value::dynamic(json!(p.related_analytic_rule_ids)),
    );
    set(
        "AlertIds",
        Value::dynamic(json!(rec
            .alerts
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>())),
    );
    set("BookmarkIds", Value::dynamic(json!([])));
    set(
        "Comments",
        Value::dynamic(json!(rec
            .comments
            .iter()
            .map(|c| json!({"message": c.properties.message, "createdTimeUtc": c.properties.created_time_utc,
                "author": c.properties.author}))
            .collect::<Vec<_>>())),
    );
    set("Tasks", Value::dynamic(json!([])));
    set(
        "Labels",
        Value::dynamic(serde_json::to_value(&p.labels).unwrap_or(Json::Null)),
    );
    set(
        "IncidentUrl",
        p.incident_url.as_deref().map_or(Value::Null, s),
    );
    set(
        "AdditionalData",
        Value::dynamic(serde_json::to_value(&p.additional_data).unwrap_or(Json::Null)),
    );
    set("ModifiedBy", u(modified_by));
    set("SourceSystem", u("Azure"));
    table.push_row(row);
}

/// A comment by an analyst.
pub fn comment(
    name: String,
    incident_name: &str,
    author: &ClientInfo,
    message: &str,
    time: i64,
    serial: u64,
) -> IncidentComment {
    IncidentComment {
        id: workspace_ref().incident_comment_path(incident_name, &name),
        name,
        resource_type: IncidentComment::RESOURCE_TYPE.into(),
        etag: Some(quoted_etag(serial, time).trim_matches('"').to_string()),
        properties: CommentProperties {
            message: message.into(),
            created_time_utc: Some(format_datetime(time)),
            last_modified_time_utc: Some(format_datetime(time)),
            author: Some(author.clone()),
        },
    }
}

struct Prepared {
    told: Told,
    first: i64,
    last: i64,
    created: i64,
}

/// Builds the incidents, writing SecurityAlert and SecurityIncident rows.
pub fn assemble(g: &mut Gen, told: Vec<Told>) -> Vec<IncidentRecord> {
    let ws = workspace_ref();
    let now = g.now;
    let latest = |t: i64| t.min(now - TICKS_PER_SECOND);
    let mut prepared: Vec<Prepared> = told
        .into_iter()
        .map(|t| {
            let first = t.story.alerts.iter().map(|a| a.start).min().unwrap_or(now);
            let last = t.story.alerts.iter().map(|a| a.end).max().unwrap_or(now);
            let created = latest(last + g.rng.range(6, 20) * TICKS_PER_MINUTE);
            Prepared {
                told: t,
                first,
                last,
                created,
            }
        })
        .collect();
    prepared.sort_by_key(|p| p.created);

    let ac = AlertCols::new(&g.t.security_alert);
    let mut records = Vec::new();
    let mut serial = 0x0300_0000u64;
    for (i, prep) in prepared.into_iter().enumerate() {
        let Prepared {
            told,
            first,
            last,
            created,
        } = prep;
        let story = told.story;
        let plan = told.plan;
        let number = 1_042 + i as i64;
        let name = g.rng.guid();
        let closed = matches!(
            plan.outcome,
            Outcome::Closed(..) | Outcome::ClosedUndetermined(..)
        );

        // Alerts: one SecurityAlert row each, plus the API resources.
        let mut alerts = Vec::new();
        let mut rule_ids: Vec<String> = Vec::new();
        let mut products: Vec<String> = Vec::new();
        let mut tactics: Vec<String> = Vec::new();
        let mut techniques: Vec<String> = Vec::new();
        let mut alert_rows = Vec::new();
        for a in &story.alerts {
            let id = g.rng.guid();
            let generated = latest(
                (a.end + g.rng.range(2, 5) * TICKS_PER_MINUTE)
                    .min(created - TICKS_PER_MINUTE)
                    .max(a.end),
            );
            let rule = (a.product == SENTINEL).then(|| stable_guid(&a.name));
            if let Some(r) = &rule {
                let path = ws.alert_rule_path(r);
                if !rule_ids.contains(&path) {
                    rule_ids.push(path);
                }
            }
            for (list, items) in [
                (&mut products, vec![a.product.product_name]),
                (&mut tactics, a.tactics.clone()),
                (&mut techniques, a.techniques.clone()),
            ] {
                for item in items {
                    if !list.iter().any(|x| x == item) {
                        list.push(item.to_string());
                    }
                }
            }
            let entities_json = Json::Array(
                a.entities
                    .iter()
                    .enumerate()
                    .map(|(k, e)| e.alert_json(k + 2))
                    .collect(),
            );
            let alert_type = rule
                .clone()
                .unwrap_or_else(|| match a.product.provider_name {
                    "MDATP" => "WindowsDefenderAv".into(),
                    "MCAS" => "MCAS_ALERT_ANUBIS_DETECTION".into(),
                    "IPC" => "UnfamiliarLocation".into(),
                    _ => "ThreatManagement".into(),
                });
            let mut extended = Map::new();
            if let Some(r) = &rule {
                extended.insert("Analytic Rule Ids".into(), json!(format!("[\"{r}\"]")));
                extended.insert("Analytic Rule Name".into(), json!(a.name));
                extended.insert("Query Period".into(), json!("05:00:00"));
                extended.insert("Trigger Operator".into(), json!("GreaterThan"));
                extended.insert("Trigger Threshold".into(), json!("0"));
                extended.insert("Event Grouping".into(), json!("SingleAlert"));
            } else {
                extended.insert(
                    "MicrosoftCloudAppSecurity".into(),
                    json!(a.product.provider_name == "MCAS"),
                );
            }
            let mut additional = Map::new();
            additional.insert(
                "AlertMessageEnqueueTime".into(),
                json!(format_datetime(generated + 4 * TICKS_PER_SECOND)),
            );
            let link = match a.product.provider_name {
                "MDATP" => format!(
                    "https://security.microsoft.com/alerts/da{}",
                    &id.replace('-', "")[..20]
                ),
                "MCAS" => format!(
                    "https://lakeshoremills.portal.cloudappsecurity.example/#/alerts/{}",
                    &id[..24]
                ),
                _ => String::new(),
            };
            let props = AlertProperties {
                system_alert_id: Some(id.clone()),
                provider_alert_id: Some(id.clone()),
                tactics: a.tactics.iter().map(|t| t.to_string()).collect(),
                techniques: a.techniques.iter().map(|t| t.to_string()).collect(),
                sub_techniques: Vec::new(),
                alert_display_name: a.name.clone(),
                description: Some(a.description.clone()),
                confidence_level: Some(if rule.is_some() {
                    AlertConfidence::Unknown
                } else {
                    AlertConfidence::High
                }),
                confidence_score: None,
                severity: alert_severity(a.severity),
                vendor_name: Some("Microsoft".into()),
                product_name: Some(a.product.product_name.into()),
                product_component_name: a.product.component.map(str::to_string),
                alert_type: Some(alert_type.clone()),
                alert_link: (!link.is_empty()).then(|| link.clone()),
                compromised_entity: Some(a.compromised.clone()),
                remediation_steps: a.remediation.iter().map(|s| s.to_string()).collect(),
                processing_end_time: Some(format_datetime(generated)),
                status: Some(if closed {
                    AlertStatus::Resolved
                } else {
                    AlertStatus::New
                }),
                end_time_utc: Some(format_datetime(a.end)),
                start_time_utc: Some(format_datetime(a.start)),
                time_generated: Some(format_datetime(generated)),
                resource_identifiers: vec![
                    json!({"type": "LogAnalytics", "workspaceId": WORKSPACE_ID,
                    "subscriptionId": SUBSCRIPTION_ID, "resourceGroup": RESOURCE_GROUP}),
                ],
                additional_data: additional,
                friendly_name: Some(a.name.clone()),
            };
            alerts.push(IncidentAlert {
                id: ws.entity_path(&id),
                name: id.clone(),
                resource_type: Entity::RESOURCE_TYPE.into(),
                kind: IncidentAlert::KIND.into(),
                properties: props,
            });
            alert_rows.push((
                a.clone(),
                id,
                generated,
                alert_type,
                extended,
                entities_json,
                link,
            ));
        }

        // Entities: each distinct one once, in order of first mention.
        let mut seen = Vec::new();
        let mut entities = Vec::new();
        for a in &story.alerts {
            for e in &a.entities {
                let key = e.identity();
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let ename = g.rng.guid();
                entities.push(Entity {
                    id: ws.entity_path(&ename),
                    name: ename,
                    resource_type: Entity::RESOURCE_TYPE.into(),
                    kind: e.kind(),
                    properties: e.api_properties(),
                });
            }
        }

        let unassigned = IncidentOwner {
            owner_type: Some(OwnerType::Unknown),
            ..IncidentOwner::default()
        };
        serial += 1;
        let mut rec = IncidentRecord {
            incident: Incident {
                id: ws.incident_path(&name),
                name: name.clone(),
                resource_type: Incident::RESOURCE_TYPE.into(),
                etag: Some(quoted_etag(serial, created)),
                properties: IncidentProperties {
                    title: story.title.clone(),
                    description: Some(story.description.clone()),
                    severity: story.severity,
                    status: IncidentStatus::New,
                    classification: None,
                    classification_reason: None,
                    classification_comment: None,
                    owner: Some(unassigned),
                    labels: plan
                        .labels
                        .iter()
                        .map(|l| IncidentLabel::user(*l))
                        .collect(),
                    incident_number: Some(number),
                    created_time_utc: Some(format_datetime(created)),
                    last_modified_time_utc: Some(format_datetime(created)),
                    first_activity_time_utc: Some(format_datetime(first)),
                    last_activity_time_utc: Some(format_datetime(last)),
                    incident_url: Some(ws.incident_url(&name)),
                    provider_name: Some("Azure Sentinel".into()),
                    provider_incident_id: Some(number.to_string()),
                    additional_data: Some(IncidentAdditionalData {
                        alerts_count: alerts.len() as u32,
                        bookmarks_count: 0,
                        comments_count: 0,
                        alert_product_names: products,
                        tactics,
                        techniques,
                        provider_incident_url: None,
                    }),
                    related_analytic_rule_ids: rule_ids,
                },
            },
            alerts,
            entities,
            comments: Vec::new(),
            first_modified: created,
        };
        write_incident_row(
            &mut g.t.security_incident.table,
            &rec,
            created,
            "Incident created from alert rule",
        );

        // Alert rows: the detection, and its resolution when the incident is closed.
        let close_time = lifecycle(
            g,
            &mut rec,
            &plan.outcome,
            plan.comments,
            created,
            &mut serial,
        );
        for (a, id, generated, alert_type, extended, entities_json, link) in alert_rows {
            let statuses: &[(&str, i64)] = match close_time {
                Some(t) => &[("New", generated), ("Resolved", t)],
                None => &[("New", generated)],
            };
            for (status, time) in statuses {
                let t = &mut g.t.security_alert;
                let mut row = t.row();
                row[ac.TimeGenerated] = dt(*time);
                row[ac.DisplayName] = s(&a.name);
                row[ac.AlertName] = s(&a.name);
                row[ac.AlertSeverity] = s(a.severity.as_str());
                row[ac.Description] = s(&a.description);
                row[ac.ProviderName] = s(a.product.provider_name);
                row[ac.VendorName] = s("Microsoft");
                row[ac.VendorOriginalId] = s(&id);
                row[ac.SystemAlertId] = s(&id);
                row[ac.ResourceId] = s("");
                row[ac.AlertType] = s(&alert_type);
                row[ac.ConfidenceLevel] = s(if a.product == SENTINEL {
                    "Unknown"
                } else {
                    "High"
                });
                row[ac.IsIncident] = Value::Bool(false);
                row[ac.StartTime] = dt(a.start);
                row[ac.EndTime] = dt(a.end);
                row[ac.ProcessingEndTime] = dt(generated);
                row[ac.RemediationSteps] =
                    s(serde_json::to_string(&a.remediation).unwrap_or_default());
                row[ac.ExtendedProperties] = s(Json::Object(extended.clone()).to_string());
                row[ac.Entities] = s(entities_json.to_string());
                row[ac.SourceSystem] = s("Detection");
                row[ac.WorkspaceSubscriptionId] = s(SUBSCRIPTION_ID);
                row[ac.WorkspaceResourceGroup] = s(RESOURCE_GROUP);
                row[ac.ProductName] = s(a.product.product_name);
                row[ac.ProductComponentName] = a.product.component.map_or(s(""), s);
                row[ac.AlertLink] = s(&link);
                row[ac.Status] = s(*status);
                row[ac.CompromisedEntity] = s(&a.compromised);
                row[ac.Tactics] = s(a.tactics.join(", "));
                row[ac.Techniques] = s(serde_json::to_string(&a.techniques).unwrap_or_default());
                row[ac.SubTechniques] = s("[]");
                t.push(row);
            }
        }
        records.push(rec);
    }
    // Newest first, as the portal lists them.
    records.reverse();
    records
}

/// Plays the SOC's handling of an incident: assignment, comments, closure, each a
/// SecurityIncident row. Returns when the incident was closed, if it was.
fn lifecycle(
    g: &mut Gen,
    rec: &mut IncidentRecord,
    outcome: &Outcome,
    comments: &[(usize, f64, &str)],
    created: i64,
    serial: &mut u64,
) -> Option<i64> {
    let mut clock = created;
    let analyst: Option<Analyst> = match outcome {
        Outcome::New => None,
        Outcome::NewAssigned(a)
        | Outcome::Active(a)
        | Outcome::Closed(a, ..)
        | Outcome::ClosedUndetermined(a, _) => Some(SOC[*a]),
    };
    let analyst = analyst?;
    let assigned_at = created + g.rng.range(4, 40) * TICKS_PER_MINUTE;
    rec.incident.properties.owner = Some(analyst.owner());
    if !matches!(outcome, Outcome::NewAssigned(_)) {
        rec.incident.properties.status = IncidentStatus::Active;
    }
    let assigned = step(g, rec, &mut clock, assigned_at, analyst.upn, serial);
    for (who, hours, text) in comments {
        let at = assigned + (*hours * 60.0) as i64 * TICKS_PER_MINUTE;
        let name = g.rng.guid();
        let author = SOC[*who].client_info();
        let t = at
            .max(clock + TICKS_PER_SECOND)
            .min(g.now - TICKS_PER_SECOND);
        *serial += 1;
        rec.comments
            .push(comment(name, &rec.incident.name, &author, text, t, *serial));
        if let Some(extra) = rec.incident.properties.additional_data.as_mut() {
            extra.comments_count = rec.comments.len() as u32;
        }
        step(g, rec, &mut clock, t, SOC[*who].upn, serial);
    }
    let (classification, reason, comment_text) = match outcome {
        Outcome::Closed(_, c, r, text) => (*c, Some(*r), *text),
        Outcome::ClosedUndetermined(_, text) => {
            (crate::api::Classification::Undetermined, None, *text)
        }
        _ => return None,
    };
    let p = &mut rec.incident.properties;
    p.status = IncidentStatus::Closed;
    p.classification = Some(classification);
    p.classification_reason = reason;
    p.classification_comment = Some(comment_text.into());
    let close_at = clock + g.rng.range(30, 300) * TICKS_PER_MINUTE;
    Some(step(g, rec, &mut clock, close_at, analyst.upn, serial))
}

/// Records one change at `at` (kept after the previous change and before now): new etag and
/// modification time, and a SecurityIncident row.
fn step(
    g: &mut Gen,
    rec: &mut IncidentRecord,
    clock: &mut i64,
    at: i64,
    by: &str,
    serial: &mut u64,
) -> i64 {
    let t = at
        .max(*clock + TICKS_PER_SECOND)
        .min(g.now - TICKS_PER_SECOND)
        .max(*clock);
    *clock = t;
    *serial += 1;
    rec.incident.etag = Some(quoted_etag(*serial, t));
    rec.incident.properties.last_modified_time_utc = Some(format_datetime(t));
    write_incident_row(&mut g.t.security_incident.table, rec, t, by);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_and_rule_ids_have_the_api_shape() {
        let e = quoted_etag(0x0300_bf09, 0x5c37_296e * TICKS_PER_SECOND);
        assert_eq!(e, "\"0300bf09-0000-0000-0000-00005c37296e\"");
        let g = stable_guid("Password spray attack against Microsoft Entra ID");
        assert_eq!(g.len(), 36);
        assert_eq!(
            g,
            stable_guid("Password spray attack against Microsoft Entra ID")
        );
    }
}
