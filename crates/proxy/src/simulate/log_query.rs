//! The simulated Log Analytics query API: `{tables:[{name,columns,rows}]}`, a `PartialError` when
//! the result was cut at the row limit, and 400 with the error's position for a bad query.

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sentinel::{DemoWorkspace, Timespan, WorkspaceError};
use serde::Deserialize;
use serde_json::json;

use super::json_ok;
use crate::routes::AllowedRoute;

/// The most rows Log Analytics returns for one query (the demo engine stops there too).
const MAX_ROWS: usize = 500_000;

#[derive(Deserialize)]
struct QueryBody {
    query: Option<String>,
    timespan: Option<String>,
}

/// Answers a query request.
pub fn answer(
    demo: &DemoWorkspace,
    route: &AllowedRoute,
    method: &Method,
    body: &Bytes,
) -> Response {
    let (query, mut timespan) = if *method == Method::POST {
        match serde_json::from_slice::<QueryBody>(body) {
            Ok(body) => (body.query, body.timespan),
            Err(e) => {
                return bad_argument(
                    "The request body is not valid JSON",
                    json!({"code": "InvalidJson", "message": e.to_string()}),
                )
            }
        }
    } else {
        (route.query_value("query").map(str::to_string), None)
    };
    if let Some(text) = route.query_value("timespan") {
        timespan.get_or_insert_with(|| text.to_string());
    }
    let Some(query) = query.filter(|q| !q.trim().is_empty()) else {
        return bad_argument(
            "The request had some invalid properties",
            json!({"code": "MissingQuery", "message": "A query is required"}),
        );
    };
    let span = match timespan
        .as_deref()
        .map(|t| Timespan::parse(t, demo.now()))
        .transpose()
    {
        Ok(span) => span,
        Err(e) => {
            return bad_argument(
                "The request had some invalid properties",
                json!({"code": "InvalidTimespan", "message": e.to_string()}),
            )
        }
    };
    match demo.run_query(&query, span) {
        Ok(result) => {
            let truncated = result
                .tables
                .first()
                .is_some_and(|t| t.rows.len() >= MAX_ROWS);
            let mut body = json!({ "tables": kql::engine::to_log_analytics_json(&result.tables) });
            if truncated {
                body["error"] = json!({
                    "code": "PartialError",
                    "message": "There were some errors when processing your query.",
                    "details": [{
                        "code": "EngineError",
                        "message": "Something went wrong processing your query on the server.",
                        "innererror": {
                            "code": "-2133196797",
                            "message": format!("Query result set has exceeded the internal record count limit {MAX_ROWS} records"),
                            "severity": 2,
                            "severityName": "Error"
                        }
                    }]
                });
            }
            json_ok(body)
        }
        Err(WorkspaceError::BadQuery { message, span }) => {
            let mut inner = json!({ "code": "SyntaxError", "message": message });
            if let Some(span) = span {
                let (line, pos) = line_and_column(&query, span.start);
                inner["line"] = json!(line);
                inner["pos"] = json!(pos);
                inner["start"] = json!(span.start);
                inner["end"] = json!(span.end);
            }
            bad_argument("The request had some invalid properties", inner)
        }
        Err(WorkspaceError::Unsupported { feature }) => bad_argument(
            "The request had some invalid properties",
            json!({"code": "UnsupportedFeature", "message": format!("The simulated workspace cannot run this query: {feature}")}),
        ),
        Err(other) => super::arm_error(&other),
    }
}

/// 1-based line and 0-based column (in characters) of a byte offset, as Log Analytics reports them.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, index: usize) -> usize {
        let mut i = index.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Log Analytics' 400 shape: `{"error":{"code":"BadArgumentError","message",...,"innererror":{...}}}`.
fn bad_argument(message: &str, inner: serde_json::Value) -> Response {
    let body = json!({
        "error": {
            "code": "BadArgumentError",
            "message": message,
            "correlationId": uuid::Uuid::new_v4().to_string(),
            "innererror": inner,
        }
    });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::line_and_column;

    #[test]
    fn positions_are_line_and_column() {
        assert_eq!(line_and_column("SigninLogs | wher x", 13), (1, 13));
        assert_eq!(line_and_column("SigninLogs\n| wher x", 13), (2, 2));
        assert_eq!(line_and_column("é|x", 1), (1, 0));
    }
}
