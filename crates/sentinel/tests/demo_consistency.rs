//! The demo workspace tells one story: incidents, alerts, entities and the raw logs agree.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use kql::{Table, Value};
use sentinel::api::{Classification, EntityKind, IncidentSeverity, IncidentStatus};
use sentinel::time::{parse_datetime, TICKS_PER_DAY, TICKS_PER_HOUR};
use sentinel::{DemoConfig, DemoWorkspace, DEMO_ANALYST};

use common::{demo, now};

const LOG_TABLES: [&str; 14] = [
    "SigninLogs",
    "AuditLogs",
    "SecurityEvent",
    "DeviceProcessEvents",
    "DeviceNetworkEvents",
    "DeviceLogonEvents",
    "DeviceFileEvents",
    "OfficeActivity",
    "CommonSecurityLog",
    "AzureActivity",
    "Syslog",
    "ThreatIntelligenceIndicator",
    "IdentityInfo",
    "Heartbeat",
];

#[test]
fn enough_rows_in_every_table_with_the_catalog_schema() {
    let ws = demo();
    let counts: BTreeMap<String, usize> = ws.row_counts().into_iter().collect();
    let total: usize = counts.values().sum();
    println!("rows by table: {counts:?}\ntotal {total}");
    assert!(total >= 200_000, "{total} rows");
    for name in LOG_TABLES
        .iter()
        .chain(&["SecurityAlert", "SecurityIncident"])
    {
        assert!(
            counts.get(*name).copied().unwrap_or(0) > 0,
            "{name} is empty"
        );
        let table = ws.table(name).unwrap();
        let schema = ws.catalog().table(name).unwrap();
        let columns: Vec<_> = schema.columns.iter().map(|c| c.column.clone()).collect();
        assert_eq!(table.columns, columns, "{name} has the catalog's columns");
        for row in table.rows.iter().take(2_000) {
            assert_eq!(row.len(), columns.len());
            for (v, c) in row.iter().zip(&columns) {
                let ok = matches!(
                    (v, c.data_type),
                    (Value::Null, _)
                        | (Value::String(_), kql::DataType::String)
                        | (Value::DateTime(_), kql::DataType::DateTime)
                        | (Value::Long(_), kql::DataType::Long)
                        | (Value::Int(_), kql::DataType::Int)
                        | (Value::Real(_), kql::DataType::Real)
                        | (Value::Bool(_), kql::DataType::Bool)
                        | (Value::Dynamic(_), kql::DataType::Dynamic)
                );
                assert!(ok, "{name}.{} holds {v:?}", c.name);
            }
        }
    }
}

#[test]
fn every_row_is_inside_the_thirty_days() {
    let ws = demo();
    for name in LOG_TABLES {
        let t = ws.table(name).unwrap();
        let i = t.column_index("TimeGenerated").unwrap();
        for row in &t.rows {
            let Value::DateTime(ts) = row[i] else {
                panic!("{name} row without TimeGenerated")
            };
            assert!(
                ts <= now() && ts >= now() - 31 * TICKS_PER_DAY,
                "{name} row at {ts}"
            );
        }
    }
}

#[test]
fn incidents_cover_severities_statuses_owners_and_classifications() {
    let ws = demo();
    let records = ws.incident_records();
    assert!(records.len() >= 25, "{} incidents", records.len());
    let mut severities = BTreeSet::new();
    let mut statuses = BTreeMap::new();
    let mut classes = BTreeMap::new();
    let mut owners = BTreeSet::new();
    let mut mine = 0;
    let mut recent = 0;
    for r in &records {
        let p = &r.incident.properties;
        severities.insert(p.severity);
        *statuses.entry(p.status.as_str()).or_insert(0) += 1;
        if let Some(c) = p.classification {
            *classes.entry(c.as_str()).or_insert(0) += 1;
            assert_eq!(p.status, IncidentStatus::Closed);
            assert!(p
                .classification_comment
                .as_deref()
                .is_some_and(|c| !c.is_empty()));
            assert!(
                c.allowed_reasons().is_empty()
                    || c.allowed_reasons()
                        .contains(&p.classification_reason.unwrap())
            );
        }
        if let Some(name) = p.owner.as_ref().and_then(|o| o.assigned_to.clone()) {
            owners.insert(name);
        }
        if p.owner.as_ref().and_then(|o| o.object_id.as_deref()) == Some(DEMO_ANALYST.object_id) {
            mine += 1;
        }
        let created = parse_datetime(p.created_time_utc.as_deref().unwrap()).unwrap();
        if created > now() - TICKS_PER_DAY {
            recent += 1;
        }
        assert!(created <= now());
    }
    println!("statuses {statuses:?} classifications {classes:?} owners {owners:?} mine {mine} recent {recent}");
    assert_eq!(severities.len(), 4, "{severities:?}");
    assert_eq!(statuses.len(), 3);
    for c in [
        Classification::TruePositive,
        Classification::FalsePositive,
        Classification::BenignPositive,
    ] {
        assert!(classes.contains_key(c.as_str()), "no {c:?}");
    }
    assert!(owners.len() >= 4, "{owners:?}");
    assert!(mine >= 3);
    assert!(recent >= 3);
    assert!(records
        .iter()
        .any(|r| r.incident.properties.severity == IncidentSeverity::High
            && r.incident.properties.status != IncidentStatus::Closed));
}

#[test]
fn alerts_fit_their_incidents_and_the_security_alert_table() {
    let ws = demo();
    let alerts_table = ws.table("SecurityAlert").unwrap();
    let id_col = alerts_table.column_index("SystemAlertId").unwrap();
    let alert_ids: BTreeSet<String> = alerts_table
        .rows
        .iter()
        .filter_map(|r| match &r[id_col] {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    for r in ws.incident_records() {
        let p = &r.incident.properties;
        assert!(!r.alerts.is_empty(), "{} has no alerts", p.title);
        assert_eq!(
            p.additional_data.as_ref().unwrap().alerts_count as usize,
            r.alerts.len()
        );
        assert_eq!(
            p.additional_data.as_ref().unwrap().comments_count as usize,
            r.comments.len()
        );
        let first = parse_datetime(p.first_activity_time_utc.as_deref().unwrap()).unwrap();
        let last = parse_datetime(p.last_activity_time_utc.as_deref().unwrap()).unwrap();
        assert!(first <= last);
        for a in &r.alerts {
            let start = parse_datetime(a.properties.start_time_utc.as_deref().unwrap()).unwrap();
            let end = parse_datetime(a.properties.end_time_utc.as_deref().unwrap()).unwrap();
            assert!(
                first <= start && start <= end && end <= last,
                "alert {} outside {}",
                a.properties.alert_display_name,
                p.title
            );
            assert!(
                alert_ids.contains(&a.name),
                "alert {} not in SecurityAlert",
                a.name
            );
        }
        assert!(!r.entities.is_empty(), "{} has no entities", p.title);
        let entities = ws.entities(&r.incident.name).unwrap();
        let total: u32 = entities.meta_data.iter().map(|m| m.count).sum();
        assert_eq!(total as usize, entities.entities.len());
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Dynamic(d) => Some(d.to_string().to_lowercase()),
        _ => None,
    }
}

/// Whether some log row in `[start, end]` mentions `needle` (case-insensitive).
fn mentioned(tables: &[Table], needle: &str, start: i64, end: i64) -> bool {
    let needle = needle.to_lowercase();
    tables.iter().any(|t| {
        let time = t.column_index("TimeGenerated").unwrap();
        t.rows.iter().any(|row| {
            matches!(row[time], Value::DateTime(ts) if ts >= start && ts <= end)
                && row
                    .iter()
                    .any(|v| text_of(v).is_some_and(|s| s.contains(&needle)))
        })
    })
}

#[test]
fn alert_entities_appear_in_the_logs_at_the_stated_times() {
    let ws = demo();
    let tables: Vec<Table> = LOG_TABLES
        .iter()
        .filter(|n| **n != "IdentityInfo")
        .map(|n| ws.table(n).unwrap())
        .collect();
    let mut checked = 0;
    for r in ws.incident_records() {
        let p = &r.incident.properties;
        let start =
            parse_datetime(p.first_activity_time_utc.as_deref().unwrap()).unwrap() - TICKS_PER_HOUR;
        let end =
            parse_datetime(p.last_activity_time_utc.as_deref().unwrap()).unwrap() + TICKS_PER_HOUR;
        for e in &r.entities {
            let ep = &e.properties;
            let needle = match e.kind {
                EntityKind::Account => ep.account_name.clone(),
                EntityKind::Host => ep.host_name.clone(),
                EntityKind::Ip => ep.address.clone(),
                EntityKind::File => ep.file_name.clone(),
                EntityKind::FileHash => ep.hash_value.clone(),
                EntityKind::Process => ep.command_line.clone(),
                EntityKind::Url => ep.url.as_ref().map(|u| {
                    u.trim_start_matches("https://")
                        .trim_end_matches('/')
                        .to_string()
                }),
                EntityKind::Mailbox => ep.mailbox_primary_address.clone(),
                EntityKind::AzureResource => ep.resource_id.clone(),
                _ => None,
            };
            let Some(needle) = needle else { continue };
            assert!(
                mentioned(&tables, &needle, start, end),
                "{:?} {needle} of \"{}\" is not in the logs",
                e.kind,
                p.title
            );
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked} entities checked");
}

#[test]
fn security_incident_rows_track_every_change() {
    let ws = demo();
    let t = ws.table("SecurityIncident").unwrap();
    let name = t.column_index("IncidentName").unwrap();
    let status = t.column_index("Status").unwrap();
    let time = t.column_index("TimeGenerated").unwrap();
    for r in ws.incident_records() {
        let mut rows: Vec<&Vec<Value>> = t
            .rows
            .iter()
            .filter(|row| row[name] == Value::string(&r.incident.name))
            .collect();
        assert!(!rows.is_empty());
        rows.sort_by_key(|row| match row[time] {
            Value::DateTime(x) => x,
            _ => 0,
        });
        assert_eq!(
            rows[0][status],
            Value::string("New"),
            "the first version is New"
        );
        let latest = rows.last().unwrap();
        assert_eq!(
            latest[status],
            Value::string(r.incident.properties.status.as_str())
        );
        let expected_rows =
            1 + usize::from(
                r.incident
                    .properties
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.assigned_to.is_some()),
            ) + r.comments.len()
                + usize::from(r.incident.properties.status == IncidentStatus::Closed);
        assert_eq!(rows.len(), expected_rows, "{}", r.incident.properties.title);
    }
}

#[test]
fn the_phishing_c2_address_is_in_threat_intelligence() {
    let ws = demo();
    let ti = ws.table("ThreatIntelligenceIndicator").unwrap();
    let ip = ti.column_index("NetworkIP").unwrap();
    let listed: BTreeSet<String> = ti.rows.iter().filter_map(|r| text_of(&r[ip])).collect();
    let phishing: Vec<_> = ws
        .incident_records()
        .into_iter()
        .filter(|r| r.incident.properties.title.contains("C2"))
        .collect();
    assert_eq!(phishing.len(), 2);
    for r in phishing {
        let c2 = r
            .alerts
            .iter()
            .find(|a| a.properties.alert_display_name.starts_with("TI map"))
            .unwrap();
        let _ = c2;
        let ips: Vec<_> = r
            .entities
            .iter()
            .filter_map(|e| e.properties.address.clone())
            .collect();
        assert!(
            ips.iter().any(|a| listed.contains(a)),
            "none of {ips:?} is in TI"
        );
    }
}

#[test]
fn generation_is_deterministic_for_a_seed_and_clock() {
    let config = DemoConfig {
        scale: 0.05,
        ..DemoConfig::new(now())
    };
    let a = DemoWorkspace::new(config);
    let b = DemoWorkspace::new(config);
    assert_eq!(a.incident_records(), b.incident_records());
    for (name, _) in a.row_counts() {
        assert_eq!(a.table(&name), b.table(&name), "{name} differs");
    }
    let c = DemoWorkspace::new(DemoConfig { seed: 99, ..config });
    assert_ne!(a.table("SigninLogs"), c.table("SigninLogs"));
    assert!(a.incident_records().len() == c.incident_records().len());
}

#[test]
fn scale_multiplies_the_background() {
    let small = DemoWorkspace::new(DemoConfig {
        scale: 0.1,
        ..DemoConfig::new(now())
    });
    let count = |ws: &DemoWorkspace| {
        ws.row_counts()
            .iter()
            .find(|(n, _)| n == "SigninLogs")
            .unwrap()
            .1
    };
    let base = count(demo());
    let tenth = count(&small);
    assert!(tenth * 8 < base && tenth * 12 > base, "{tenth} vs {base}");
}
