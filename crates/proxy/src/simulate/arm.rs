//! The simulated Sentinel incident API (Resource Manager).

use axum::http::header::IF_MATCH;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use bytes::Bytes;
use sentinel::{
    ArmList, ClientInfo, DemoWorkspace, Incident, IncidentQuery, WorkspaceError, DEMO_ANALYST,
};
use serde::Deserialize;
use serde_json::json;

use super::{arm_error, json_ok};
use crate::error::ProxyError;
use crate::routes::{AllowedRoute, SecurityInsights};

/// Answers one Resource Manager request from the demo workspace.
pub fn answer(
    demo: &DemoWorkspace,
    route: &AllowedRoute,
    resource: &SecurityInsights,
    method: &Method,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    use SecurityInsights as S;
    let result = match (resource, method.as_str()) {
        (S::Incidents, _) => list_incidents(demo, route),
        (S::Incident { incident }, "GET") => demo.incident(incident).map(to_json),
        (S::Incident { incident }, _) => return put_incident(demo, incident, headers, body),
        (S::IncidentAlerts { incident }, _) => demo.alerts(incident).map(|a| json!({ "value": a })),
        (S::IncidentEntities { incident }, _) => demo.entities(incident).map(to_json),
        (S::IncidentComments { incident }, _) => demo
            .comments(incident)
            .map(|c| to_json(ArmList::complete(c))),
        (S::IncidentComment { incident, comment }, "GET") => find_comment(demo, incident, comment),
        (S::IncidentComment { incident, .. }, "PUT") => {
            return put_comment(demo, incident, headers, body)
        }
        (S::IncidentComment { incident, comment }, _) => {
            return delete_comment(demo, incident, comment)
        }
        (S::IncidentRelations { incident }, _) => {
            demo.incident(incident).map(|_| json!({ "value": [] }))
        }
        (S::IncidentRelation { incident, relation }, _) => demo.incident(incident).and_then(|_| {
            Err(WorkspaceError::NotFound {
                what: format!("Relation {relation}"),
            })
        }),
        (S::Bookmarks, _) => Ok(json!({ "value": [] })),
        (S::Bookmark { bookmark }, _) => Err(WorkspaceError::NotFound {
            what: format!("Bookmark {bookmark}"),
        }),
    };
    match result {
        Ok(value) => json_ok(value),
        Err(error) => arm_error(&error),
    }
}

fn to_json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// `$filter`/`$orderby`/`$top`/`$skipToken`, with `nextLink` pointing at the path that was asked.
fn list_incidents(
    demo: &DemoWorkspace,
    route: &AllowedRoute,
) -> Result<serde_json::Value, WorkspaceError> {
    let top = match route.query_value("$top") {
        Some(text) => Some(
            text.parse::<u32>()
                .map_err(|_| WorkspaceError::BadRequest {
                    message: format!("$top '{text}' is not a whole number"),
                })?,
        ),
        None => None,
    };
    let query = IncidentQuery {
        filter: route.query_value("$filter").map(str::to_string),
        orderby: route.query_value("$orderby").map(str::to_string),
        top,
        skip_token: route.query_value("$skipToken").map(str::to_string),
    };
    let mut page = demo.incidents(&query)?;
    page.next_link = page.next_link.map(|link| {
        let query = link.split_once('?').map_or("", |(_, q)| q);
        format!(
            "https://management.azure.com/{}?{query}",
            route.upstream_path
        )
    });
    Ok(to_json(page))
}

fn find_comment(
    demo: &DemoWorkspace,
    incident: &str,
    comment: &str,
) -> Result<serde_json::Value, WorkspaceError> {
    demo.comments(incident)?
        .into_iter()
        .find(|c| c.name.eq_ignore_ascii_case(comment))
        .map(to_json)
        .ok_or_else(|| WorkspaceError::NotFound {
            what: format!("Comment {comment}"),
        })
}

fn bad_body(message: String) -> Response {
    ProxyError::new(StatusCode::BAD_REQUEST, "InvalidRequestContent", message).into_response()
}

/// PUT an incident: the body's `etag` (or `If-Match`) must match, or 412.
fn put_incident(
    demo: &DemoWorkspace,
    incident: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let mut update: Incident = match serde_json::from_slice(body) {
        Ok(update) => update,
        Err(e) => return bad_body(format!("the body is not an incident: {e}")),
    };
    if update.etag.is_none() {
        update.etag = headers
            .get(IF_MATCH)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
    }
    match demo.put_incident(incident, &update, &actor(headers)) {
        Ok(incident) => json_ok(to_json(incident)),
        Err(error) => arm_error(&error),
    }
}

#[derive(Deserialize)]
struct CommentBody {
    properties: CommentBodyProperties,
}

#[derive(Deserialize)]
struct CommentBodyProperties {
    message: String,
}

/// PUT a comment: created as the token's user (or the demo analyst). The demo names the comment.
fn put_comment(
    demo: &DemoWorkspace,
    incident: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let comment: CommentBody = match serde_json::from_slice(body) {
        Ok(comment) => comment,
        Err(e) => {
            return bad_body(format!(
                "the body is not a comment ({{\"properties\":{{\"message\":...}}}}): {e}"
            ))
        }
    };
    match demo.add_comment_as(incident, &comment.properties.message, &actor(headers)) {
        Ok(created) => (StatusCode::CREATED, axum::Json(to_json(created))).into_response(),
        Err(error) => arm_error(&error),
    }
}

/// DELETE a comment: the demo keeps comments, so an existing one cannot be deleted here.
fn delete_comment(demo: &DemoWorkspace, incident: &str, comment: &str) -> Response {
    match find_comment(demo, incident, comment) {
        Ok(_) => ProxyError::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotSupported",
            "the simulated workspace does not delete comments",
        )
        .into_response(),
        Err(WorkspaceError::NotFound { what }) if what.starts_with("Comment") => {
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => arm_error(&error),
    }
}

/// Who is acting: the token's user (unverified claims, as the demo has no directory) or the demo analyst.
fn actor(headers: &HeaderMap) -> ClientInfo {
    #[derive(Deserialize)]
    struct Claims {
        oid: Option<String>,
        upn: Option<String>,
        unique_name: Option<String>,
        name: Option<String>,
    }
    let claims = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .and_then(|token| token.split('.').nth(1))
        .and_then(|payload| URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok())
        .and_then(|bytes| serde_json::from_slice::<Claims>(&bytes).ok());
    match claims {
        Some(c) if c.upn.is_some() || c.unique_name.is_some() => {
            let upn = c.upn.or(c.unique_name);
            ClientInfo {
                object_id: c.oid,
                email: upn.clone(),
                user_principal_name: upn,
                name: c.name,
            }
        }
        _ => DEMO_ANALYST.client_info(),
    }
}
