//! Conversion functions: `tostring`, `tolong`, `todatetime`, `parse_json`...

use crate::value::{DataType, Value};

use super::super::values;
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec("tostring", 1, 1, Ret::Fixed(String), |a| {
        values::convert(&a[0], String).or_empty()
    }),
    spec("toint", 1, 1, Ret::Fixed(Int), |a| {
        values::convert(&a[0], Int)
    }),
    spec("tolong", 1, 1, Ret::Fixed(Long), |a| {
        values::convert(&a[0], Long)
    }),
    spec("todouble", 1, 1, Ret::Fixed(Real), |a| {
        values::convert(&a[0], Real)
    }),
    spec("toreal", 1, 1, Ret::Fixed(Real), |a| {
        values::convert(&a[0], Real)
    }),
    spec("todecimal", 1, 1, Ret::Fixed(Real), |a| {
        values::convert(&a[0], Real)
    }),
    spec("tobool", 1, 1, Ret::Fixed(Bool), |a| {
        values::convert(&a[0], Bool)
    }),
    spec("toboolean", 1, 1, Ret::Fixed(Bool), |a| {
        values::convert(&a[0], Bool)
    }),
    spec("todatetime", 1, 1, Ret::Fixed(DateTime), |a| {
        values::convert(&a[0], DateTime)
    }),
    spec("totimespan", 1, 1, Ret::Fixed(TimeSpan), |a| {
        values::convert(&a[0], TimeSpan)
    }),
    spec("totime", 1, 1, Ret::Fixed(TimeSpan), |a| {
        values::convert(&a[0], TimeSpan)
    }),
    spec("toguid", 1, 1, Ret::Fixed(Guid), |a| {
        values::convert(&a[0], Guid)
    }),
    spec("parse_json", 1, 1, Ret::Fixed(Dynamic), parse_json),
    spec("todynamic", 1, 1, Ret::Fixed(Dynamic), parse_json),
    spec("toobject", 1, 1, Ret::Fixed(Dynamic), parse_json),
    spec("gettype", 1, 1, Ret::Fixed(String), gettype),
];

trait OrEmpty {
    fn or_empty(self) -> Value;
}

impl OrEmpty for Value {
    /// `tostring(null)` is the empty string.
    fn or_empty(self) -> Value {
        if self.is_null() {
            Value::string("")
        } else {
            self
        }
    }
}

/// `parse_json`: strings holding JSON become dynamic values; other strings stay strings inside
/// a dynamic; non-strings become dynamic as they are.
pub fn parse_json(a: &[Value]) -> Value {
    match &a[0] {
        Value::String(s) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(j) => Value::dynamic(j),
            Err(_) => Value::dynamic(serde_json::Value::String(s.to_string())),
        },
        Value::Null => Value::Null,
        v => values::convert(v, Dynamic),
    }
}

fn gettype(a: &[Value]) -> Value {
    Value::string(match &a[0] {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Long(_) => "long",
        Value::Real(_) => "real",
        Value::String(_) => "string",
        Value::DateTime(_) => "datetime",
        Value::TimeSpan(_) => "timespan",
        Value::Guid(_) => "guid",
        Value::Dynamic(j) => match &**j {
            serde_json::Value::Array(_) => "array",
            serde_json::Value::Object(_) => "dictionary",
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "bool",
            serde_json::Value::String(_) => "string",
            serde_json::Value::Number(n) if n.is_f64() => "real",
            serde_json::Value::Number(_) => "long",
        },
    })
}
