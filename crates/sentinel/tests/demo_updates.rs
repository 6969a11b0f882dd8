//! The analyst's changes are kept for the session and show in the API and in SecurityIncident.

mod common;

use kql::Value;
use sentinel::api::{
    Classification, ClassificationReason, IncidentLabel, IncidentOwner, IncidentStatus,
};
use sentinel::demo::SOC;
use sentinel::workspace::{IncidentQuery, IncidentUpdate, Workspace, WorkspaceError};
use sentinel::{DemoConfig, DemoWorkspace, DEMO_ANALYST};

use common::{block_on, now};

fn small() -> DemoWorkspace {
    DemoWorkspace::new(DemoConfig {
        scale: 0.02,
        ..DemoConfig::new(now())
    })
}

fn rows_for(ws: &DemoWorkspace, name: &str) -> Vec<Vec<Value>> {
    let t = ws.table("SecurityIncident").unwrap();
    let i = t.column_index("IncidentName").unwrap();
    t.rows
        .into_iter()
        .filter(|r| r[i] == Value::string(name))
        .collect()
}

#[test]
fn updates_need_the_current_etag_and_are_recorded() {
    let ws = small();
    let open = ws
        .incidents(&IncidentQuery::default().with_filter("properties/status eq 'New'"))
        .unwrap()
        .value;
    let incident = &open[0];
    let before_rows = rows_for(&ws, &incident.name).len();

    let stale = IncidentUpdate {
        etag: Some("\"00000000-0000-0000-0000-000000000000\"".into()),
        status: Some(IncidentStatus::Active),
        ..Default::default()
    };
    let err = block_on(ws.update_incident(&incident.name, &stale)).unwrap_err();
    assert!(matches!(err, WorkspaceError::Conflict { .. }), "{err:?}");
    assert!(err.to_string().contains(&incident.properties.title));

    let assign = IncidentUpdate {
        etag: incident.etag.clone(),
        status: Some(IncidentStatus::Active),
        owner: Some(IncidentOwner {
            object_id: Some(DEMO_ANALYST.object_id.into()),
            ..Default::default()
        }),
        labels: Some(vec![IncidentLabel::user("triaged")]),
        ..Default::default()
    };
    let updated = block_on(ws.update_incident(&incident.name, &assign)).unwrap();
    assert_ne!(updated.etag, incident.etag);
    assert_eq!(
        updated
            .properties
            .owner
            .as_ref()
            .unwrap()
            .assigned_to
            .as_deref(),
        Some(DEMO_ANALYST.name),
        "owner resolved from the object id"
    );
    assert!(updated.properties.last_modified_time_utc > incident.properties.last_modified_time_utc);
    assert_eq!(block_on(ws.get_incident(&incident.name)).unwrap(), updated);

    // The old etag is now stale.
    let err = block_on(ws.update_incident(&incident.name, &assign)).unwrap_err();
    assert!(matches!(err, WorkspaceError::Conflict { .. }));

    let comment = block_on(ws.add_comment(
        &incident.name,
        "Looked at the sign-ins; the source is a hosting provider.",
    ))
    .unwrap();
    assert_eq!(
        comment
            .properties
            .author
            .as_ref()
            .unwrap()
            .user_principal_name
            .as_deref(),
        Some(DEMO_ANALYST.upn)
    );
    let comments = block_on(ws.list_comments(&incident.name)).unwrap();
    assert_eq!(comments.last().unwrap(), &comment);
    let current = ws.incident(&incident.name).unwrap();
    assert_eq!(
        current
            .properties
            .additional_data
            .as_ref()
            .unwrap()
            .comments_count as usize,
        comments.len()
    );

    let close = IncidentUpdate {
        etag: current.etag.clone(),
        ..IncidentUpdate::close(
            Classification::TruePositive,
            None,
            "Confirmed spray; password reset.",
        )
    };
    let closed = ws
        .update(&incident.name, &close, &SOC[1].client_info())
        .unwrap();
    assert_eq!(closed.properties.status, IncidentStatus::Closed);
    assert_eq!(
        closed.properties.classification_reason,
        Some(ClassificationReason::SuspiciousActivity)
    );

    let rows = rows_for(&ws, &incident.name);
    assert_eq!(
        rows.len(),
        before_rows + 3,
        "assignment, comment and closure each add a row"
    );
    let t = ws.table("SecurityIncident").unwrap();
    let status = t.column_index("Status").unwrap();
    let by = t.column_index("ModifiedBy").unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last[status], Value::string("Closed"));
    assert_eq!(last[by], Value::string(SOC[1].upn));

    // Queries see the new rows.
    #[cfg(feature = "engine")]
    {
        let q = format!("SecurityIncident | where IncidentName == '{}' | summarize arg_max(TimeGenerated, Status) by IncidentName", incident.name);
        let result = block_on(ws.query(&q, None)).unwrap();
        assert_eq!(result.tables[0].rows[0][2], Value::string("Closed"));
    }
}

#[test]
fn bad_updates_are_specific_errors() {
    let ws = small();
    let err = ws
        .incident("00000000-0000-0000-0000-000000000000")
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::NotFound { .. }));
    let any = &ws.incident_records()[0];
    let err = ws
        .update(
            &any.incident.name,
            &IncidentUpdate::close(
                Classification::FalsePositive,
                Some(ClassificationReason::SuspiciousActivity),
                "x",
            ),
            &DEMO_ANALYST.client_info(),
        )
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::BadRequest { .. }), "{err:?}");
    let err = ws
        .add_comment_as(&any.incident.name, "   ", &DEMO_ANALYST.client_info())
        .unwrap_err();
    assert!(matches!(err, WorkspaceError::BadRequest { .. }));
    let err = ws
        .incidents(&IncidentQuery::default().with_filter("properties/severity eq"))
        .unwrap_err();
    assert!(err.to_string().contains("position"), "{err}");
}

#[test]
fn the_incident_list_filters_orders_and_pages() {
    let ws = small();
    let all = ws.incident_records();
    let high = ws
        .incidents(&IncidentQuery::default().with_filter("properties/severity eq 'High'"))
        .unwrap()
        .value;
    assert_eq!(
        high.len(),
        all.iter()
            .filter(|r| r.incident.properties.severity.as_str() == "High")
            .count()
    );
    assert!(!high.is_empty());

    let mine = ws
        .incidents(&IncidentQuery::default().with_filter(format!(
            "properties/owner/objectId eq '{}' and properties/status ne 'Closed'",
            DEMO_ANALYST.object_id
        )))
        .unwrap()
        .value;
    assert!(!mine.is_empty());

    let mut q = IncidentQuery::newest(10);
    let mut seen = Vec::new();
    loop {
        let page = ws.incidents(&q).unwrap();
        assert!(page.value.len() <= 10);
        seen.extend(
            page.value
                .iter()
                .map(|i| i.properties.created_time_utc.clone().unwrap()),
        );
        let Some(next) = page.next_link else { break };
        assert!(next.starts_with("https://management.azure.com/subscriptions/"));
        let token = next.split("$skipToken=").nth(1).unwrap().to_string();
        q.skip_token = Some(token);
    }
    assert_eq!(seen.len(), all.len());
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first across pages");

    let by_severity = ws
        .incidents(&IncidentQuery {
            orderby: Some("properties/severity desc".into()),
            ..Default::default()
        })
        .unwrap()
        .value;
    assert_eq!(by_severity[0].properties.severity.as_str(), "High");
    assert_eq!(
        by_severity.last().unwrap().properties.severity.as_str(),
        "Informational"
    );
}

#[test]
fn the_trait_works_through_a_dyn_reference() {
    let ws = small();
    let dynamic: &dyn Workspace = &ws;
    let info = dynamic.info();
    assert!(info.is_demo);
    assert_eq!(info.id, sentinel::demo::WORKSPACE_ID);
    let page = block_on(dynamic.list_incidents(&IncidentQuery::newest(3))).unwrap();
    assert_eq!(page.value.len(), 3);
    let alerts = block_on(dynamic.list_alerts(&page.value[0].name)).unwrap();
    assert!(!alerts.is_empty());
    let err = block_on(dynamic.query("SigninLogs | where", None)).unwrap_err();
    if cfg!(feature = "engine") {
        assert!(
            matches!(err, WorkspaceError::BadQuery { span: Some(_), .. }),
            "{err:?}"
        );
    } else {
        assert!(matches!(err, WorkspaceError::Unsupported { .. }), "{err:?}");
    }
}

#[test]
fn logs_generated_later_are_the_same_and_keep_changes_made_before() {
    let config = DemoConfig {
        scale: 0.02,
        ..DemoConfig::new(now())
    };
    let eager = DemoWorkspace::new(config);
    let lazy = DemoWorkspace::logs_later(config);
    assert!(!lazy.has_logs());
    assert_eq!(
        lazy.incidents(&IncidentQuery::default()).unwrap(),
        eager.incidents(&IncidentQuery::default()).unwrap(),
        "the incidents are there before the logs"
    );
    assert!(
        !lazy.has_logs(),
        "listing incidents does not generate the logs"
    );
    let name = lazy.incidents(&IncidentQuery::newest(1)).unwrap().value[0]
        .name
        .clone();
    lazy.add_comment_as(&name, "Looking at it.", &DEMO_ANALYST.client_info())
        .unwrap();
    assert!(lazy.has_logs(), "a change is recorded in SecurityIncident");
    eager
        .add_comment_as(&name, "Looking at it.", &DEMO_ANALYST.client_info())
        .unwrap();
    for table in [
        "SigninLogs",
        "SecurityEvent",
        "SecurityAlert",
        "SecurityIncident",
    ] {
        assert_eq!(lazy.table(table), eager.table(table), "{table}");
    }
    let q = "SigninLogs | where ResultType != \"0\" | summarize count() by UserPrincipalName";
    let other = DemoWorkspace::logs_later(config);
    assert_eq!(
        block_on(other.query(q, None)).unwrap(),
        block_on(eager.query(q, None)).unwrap(),
        "a query generates the logs first"
    );
}
