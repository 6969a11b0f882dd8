//! Rendering result tables as the Log Analytics query API returns them.

use serde_json::{json, Value as Json};

use crate::table::Table;
use crate::time;
use crate::value::Value;

use super::values;

/// A value as a Log Analytics JSON cell: datetimes as ISO 8601 with seven fractional digits and
/// `Z`, timespans as `[d.]hh:mm:ss[.fffffff]`, guids in canonical form, dynamic values as JSON
/// text, nulls as JSON null.
pub fn value_to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Long(i) => json!(i),
        Value::Real(r) => {
            if r.is_finite() {
                json!(r)
            } else {
                Json::String(values::format_real(*r))
            }
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::DateTime(t) => Json::String(time::format_datetime_iso(*t, true)),
        Value::TimeSpan(t) => Json::String(time::format_timespan(*t)),
        Value::Guid(g) => Json::String(values::format_guid(g.to_u128())),
        Value::Dynamic(j) => Json::String(j.to_string()),
    }
}

/// Tables as the `tables` array of a Log Analytics query response:
/// `[{"name", "columns": [{"name", "type"}], "rows": [[...]]}]`.
pub fn to_log_analytics_json(tables: &[Table]) -> Json {
    Json::Array(
        tables
            .iter()
            .map(|t| {
                json!({
                    "name": t.name,
                    "columns": t.columns.iter().map(|c| json!({"name": c.name, "type": c.data_type.name()})).collect::<Vec<_>>(),
                    "rows": t.rows.iter().map(|r| Json::Array(r.iter().map(value_to_json).collect())).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
