//! The API types read and write Microsoft's published incident API examples unchanged.

use sentinel::api::*;
use serde_json::Value;

fn example(name: &str) -> Option<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/sentinel-api-examples/"
    );
    match std::fs::read_to_string(format!("{path}{name}")) {
        Ok(text) => Some(serde_json::from_str(&text).expect("example is JSON")),
        Err(_) => {
            eprintln!("note: {path}{name} is missing; skipping");
            None
        }
    }
}

fn response(doc: &Value) -> &Value {
    &doc["responses"]["200"]["body"]
}

/// Deserialises `json` as `T`, serialises it back, and requires the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &Value) -> T {
    let typed: T = serde_json::from_value(json.clone()).expect("deserialises");
    let back = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(&back, json, "round trip changed the document");
    typed
}

#[test]
fn incident_list_round_trips() {
    let Some(doc) = example("GetIncidents.json") else {
        return;
    };
    let list: ArmList<Incident> = round_trip(response(&doc));
    let inc = &list.value[0];
    assert_eq!(inc.name, "73e01a99-5cd7-4139-a149-9f2736ff2ab5");
    assert_eq!(inc.resource_type, Incident::RESOURCE_TYPE);
    assert_eq!(
        inc.etag.as_deref(),
        Some("\"0300bf09-0000-0000-0000-5c37296e0000\"")
    );
    let p = &inc.properties;
    assert_eq!(p.severity, IncidentSeverity::High);
    assert_eq!(p.status, IncidentStatus::Closed);
    assert_eq!(p.classification, Some(Classification::FalsePositive));
    assert_eq!(
        p.classification_reason,
        Some(ClassificationReason::IncorrectAlertLogic)
    );
    assert_eq!(
        p.owner.as_ref().unwrap().assigned_to.as_deref(),
        Some("john doe")
    );
    assert_eq!(p.incident_number, Some(3177));
    assert_eq!(p.related_analytic_rule_ids.len(), 2);
    let extra = p.additional_data.as_ref().unwrap();
    assert_eq!(extra.comments_count, 3);
    assert_eq!(extra.tactics, vec!["Persistence"]);
    assert!(list.next_link.is_none());
}

#[test]
fn incident_update_request_and_response_round_trip() {
    let Some(doc) = example("CreateIncident.json") else {
        return;
    };
    let request = &doc["parameters"]["incident"];
    // A request body leaves out read-only and empty fields; writing it back may add only empty lists.
    let typed: Incident = serde_json::from_value(request.clone()).unwrap();
    let mut back = serde_json::to_value(&typed).unwrap();
    let props = back["properties"].as_object_mut().unwrap();
    for key in ["labels", "relatedAnalyticRuleIds"] {
        assert_eq!(props.remove(key), Some(serde_json::json!([])));
    }
    assert_eq!(&back, request);
    assert_eq!(
        typed
            .properties
            .owner
            .as_ref()
            .unwrap()
            .object_id
            .as_deref(),
        Some("2046feea-040d-4a46-9e2b-91c2941bfa70")
    );
    assert!(typed.id.is_empty());
    let updated: Incident = round_trip(response(&doc));
    assert_ne!(updated.etag, typed.etag, "an update returns a new etag");
}

#[test]
fn alerts_round_trip() {
    let Some(doc) = example("GetAllIncidentAlerts.json") else {
        return;
    };
    let list: ArmList<IncidentAlert> = round_trip(response(&doc));
    let a = &list.value[0];
    assert_eq!(a.kind, IncidentAlert::KIND);
    assert_eq!(a.properties.severity, AlertSeverity::Low);
    assert_eq!(a.properties.status, Some(AlertStatus::New));
    assert_eq!(
        a.properties.confidence_level,
        Some(AlertConfidence::Unknown)
    );
    assert_eq!(
        a.properties.product_name.as_deref(),
        Some("Azure Security Center")
    );
    assert_eq!(
        a.properties.additional_data["AlertMessageEnqueueTime"],
        "2020-07-20T18:21:57.304Z"
    );
}

#[test]
fn entities_round_trip() {
    let Some(doc) = example("GetAllIncidentEntities.json") else {
        return;
    };
    let entities: IncidentEntities = round_trip(response(&doc));
    let e = &entities.entities[0];
    assert_eq!(e.kind, EntityKind::Account);
    assert_eq!(e.properties.account_name.as_deref(), Some("administrator"));
    assert_eq!(e.properties.nt_domain.as_deref(), Some("domain"));
    assert_eq!(e.label(), "administrator");
    assert_eq!(
        entities.meta_data,
        IncidentEntities::new(entities.entities.clone()).meta_data
    );
}

#[test]
fn comments_round_trip() {
    let Some(doc) = example("GetAllIncidentComments.json") else {
        return;
    };
    let list: ArmList<IncidentComment> = round_trip(response(&doc));
    let c = &list.value[0];
    assert_eq!(c.properties.message, "Some message");
    assert_eq!(
        c.etag.as_deref(),
        Some("0300bf09-0000-0000-0000-5c37296e0000")
    );
    assert_eq!(
        c.properties.author.as_ref().unwrap().name.as_deref(),
        Some("john doe")
    );
}

#[test]
fn unknown_entity_kinds_and_properties_survive() {
    let json = serde_json::json!({
        "id": "/x", "name": "n", "type": "Microsoft.SecurityInsights/Entities", "kind": "Nic",
        "properties": {"macAddress": "00-11-22-33-44-55", "friendlyName": "nic0"}
    });
    let e: Entity = round_trip(&json);
    assert_eq!(e.kind, EntityKind::Other("Nic".into()));
    assert_eq!(e.properties.extra["macAddress"], "00-11-22-33-44-55");
}

#[test]
fn bad_enum_values_are_errors_not_panics() {
    let json =
        serde_json::json!({"properties": {"title": "t", "severity": "Critical", "status": "New"}});
    let err = serde_json::from_value::<Incident>(json).unwrap_err();
    assert!(err.to_string().contains("Critical"), "{err}");
}
