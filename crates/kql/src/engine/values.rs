//! Value semantics: conversions, arithmetic, comparison and ordering as KQL defines them.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::time;
use crate::value::{DataType, Value, TICKS_PER_SECOND};

/// The type of a non-null value.
pub fn type_of(v: &Value) -> Option<DataType> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => DataType::Bool,
        Value::Int(_) => DataType::Int,
        Value::Long(_) => DataType::Long,
        Value::Real(_) => DataType::Real,
        Value::String(_) => DataType::String,
        Value::DateTime(_) => DataType::DateTime,
        Value::TimeSpan(_) => DataType::TimeSpan,
        Value::Guid(_) => DataType::Guid,
        Value::Dynamic(_) => DataType::Dynamic,
    })
}

/// A JSON scalar as a typed value; arrays and objects stay dynamic, JSON null becomes null.
pub fn from_json(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Long(i),
            None => n.as_f64().map_or(Value::Null, Value::Real),
        },
        Json::String(s) => Value::string(s),
        _ => Value::Dynamic(Arc::new(j.clone())),
    }
}

/// Unwraps a dynamic scalar into a typed value so that it compares and computes like one.
pub fn unwrap_dynamic(v: &Value) -> std::borrow::Cow<'_, Value> {
    match v {
        Value::Dynamic(j) if !j.is_array() && !j.is_object() => {
            std::borrow::Cow::Owned(from_json(j))
        }
        _ => std::borrow::Cow::Borrowed(v),
    }
}

/// A value as JSON, the way it is stored inside a `dynamic`.
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Long(i) => Json::from(*i),
        Value::Real(r) => serde_json::Number::from_f64(*r).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.to_string()),
        Value::DateTime(_) | Value::TimeSpan(_) | Value::Guid(_) => Json::String(to_text(v)),
        Value::Dynamic(j) => (**j).clone(),
    }
}

/// Formats a real the way KQL prints it: integral values without a fraction, otherwise the
/// shortest round-trip form.
pub fn format_real(r: f64) -> String {
    if r.is_nan() {
        "NaN".into()
    } else if r.is_infinite() {
        if r > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if r == r.trunc() && r.abs() < 1e16 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Formats a guid in its canonical lowercase 8-4-4-4-12 form.
pub fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Parses a guid with or without dashes or braces.
pub fn parse_guid(s: &str) -> Option<u128> {
    let s = s.trim().trim_start_matches('{').trim_end_matches('}');
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || (s.len() != 32 && s.len() != 36) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

/// `tostring`: the text of a value; null is the empty string.
pub fn to_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Real(r) => format_real(*r),
        Value::String(s) => s.to_string(),
        Value::DateTime(t) => time::format_datetime_iso(*t, false),
        Value::TimeSpan(t) => time::format_timespan(*t),
        Value::Guid(g) => format_guid(g.to_u128()),
        Value::Dynamic(j) => match &**j {
            Json::String(s) => s.clone(),
            Json::Null => String::new(),
            other => other.to_string(),
        },
    }
}

/// A string view of a value without allocating for strings (the common case).
pub fn text_of(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => std::borrow::Cow::Borrowed(s),
        Value::Null => std::borrow::Cow::Borrowed(""),
        other => std::borrow::Cow::Owned(to_text(other)),
    }
}

/// A value as a boolean, as `tobool` and predicates read it.
pub fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        Value::Long(i) => Some(*i != 0),
        Value::Real(r) => Some(*r != 0.0),
        Value::String(s) => {
            let s = s.trim();
            if s.eq_ignore_ascii_case("true") || s == "1" {
                Some(true)
            } else if s.eq_ignore_ascii_case("false") || s == "0" {
                Some(false)
            } else {
                None
            }
        }
        Value::Dynamic(j) => match &**j {
            Json::Bool(b) => Some(*b),
            Json::Number(n) => n.as_f64().map(|f| f != 0.0),
            Json::String(_) => to_bool(&from_json(j)),
            _ => None,
        },
        _ => None,
    }
}

/// A value as a real, as `todouble` reads it.
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Long(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::DateTime(t) | Value::TimeSpan(t) => Some(*t as f64),
        Value::String(s) => parse_real(s),
        Value::Dynamic(j) => match &**j {
            Json::Number(n) => n.as_f64(),
            Json::String(s) => parse_real(s),
            Json::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        },
        _ => None,
    }
}

fn parse_real(s: &str) -> Option<f64> {
    let s = s.trim();
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if s
            .chars()
            .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') =>
        {
            None
        }
        _ => s.parse().ok(),
    }
}

/// A value as a long, as `tolong` reads it (reals are truncated toward zero).
pub fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i as i64),
        Value::Long(i) => Some(*i),
        Value::Real(r) if r.is_finite() => Some(r.trunc() as i64),
        Value::Bool(b) => Some(*b as i64),
        Value::DateTime(t) | Value::TimeSpan(t) => Some(*t),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                parse_real(s)
                    .filter(|r| r.is_finite())
                    .map(|r| r.trunc() as i64)
            })
        }
        Value::Dynamic(j) => match &**j {
            Json::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
            Json::String(_) | Json::Bool(_) => to_i64(&from_json(j)),
            _ => None,
        },
        _ => None,
    }
}

/// `todatetime`.
pub fn to_datetime(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(t) => Some(*t),
        Value::String(s) => time::parse_datetime(s),
        Value::Dynamic(j) => match &**j {
            Json::String(s) => time::parse_datetime(s),
            _ => None,
        },
        _ => None,
    }
}

/// `totimespan`.
pub fn to_timespan(v: &Value) -> Option<i64> {
    match v {
        Value::TimeSpan(t) => Some(*t),
        Value::Long(t) => Some(*t),
        Value::Int(t) => Some(*t as i64),
        Value::Real(t) => Some(*t as i64),
        Value::String(s) => time::parse_timespan(s),
        Value::Dynamic(j) => match &**j {
            Json::String(s) => time::parse_timespan(s),
            Json::Number(n) => n.as_i64(),
            _ => None,
        },
        _ => None,
    }
}

/// Converts a value to a column type (`Null` when it does not convert).
pub fn convert(v: &Value, to: DataType) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    match to {
        DataType::Bool => to_bool(v).map_or(Value::Null, Value::Bool),
        DataType::Int => to_i64(v).map_or(Value::Null, |i| Value::Int(i as i32)),
        DataType::Long => to_i64(v).map_or(Value::Null, Value::Long),
        DataType::Real | DataType::Decimal => to_f64(v).map_or(Value::Null, Value::Real),
        DataType::String => match v {
            Value::String(_) => v.clone(),
            _ => Value::from(to_text(v)),
        },
        DataType::DateTime => to_datetime(v).map_or(Value::Null, Value::DateTime),
        DataType::TimeSpan => to_timespan(v).map_or(Value::Null, Value::TimeSpan),
        DataType::Guid => match v {
            Value::Guid(_) => v.clone(),
            other => parse_guid(&text_of(other)).map_or(Value::Null, Value::guid),
        },
        DataType::Dynamic => match v {
            Value::Dynamic(_) => v.clone(),
            other => Value::dynamic(to_json(other)),
        },
    }
}

/// A binary arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// Applies an arithmetic operator with KQL's type rules; null or a type mismatch gives null.
pub fn arith(op: Arith, a: &Value, b: &Value) -> Value {
    use Value::*;
    match (a, b) {
        (Long(x), Long(y)) => long_op(op, *x, *y),
        (Int(x), Int(y)) => match long_op(op, *x as i64, *y as i64) {
            Long(v) if i32::try_from(v).is_ok() => Int(v as i32),
            other => other,
        },
        (Int(x), Long(y)) => long_op(op, *x as i64, *y),
        (Long(x), Int(y)) => long_op(op, *x, *y as i64),
        (Real(_), Int(_) | Long(_) | Real(_)) | (Int(_) | Long(_), Real(_)) => {
            real_op(op, to_f64(a).unwrap_or(0.0), to_f64(b).unwrap_or(0.0))
        }
        (DateTime(x), TimeSpan(y)) => match op {
            Arith::Add => DateTime(x.wrapping_add(*y)),
            Arith::Sub => DateTime(x.wrapping_sub(*y)),
            _ => Null,
        },
        (TimeSpan(x), DateTime(y)) if op == Arith::Add => DateTime(x.wrapping_add(*y)),
        (DateTime(x), DateTime(y)) if op == Arith::Sub => TimeSpan(x.wrapping_sub(*y)),
        (TimeSpan(x), TimeSpan(y)) => match op {
            Arith::Add => TimeSpan(x.wrapping_add(*y)),
            Arith::Sub => TimeSpan(x.wrapping_sub(*y)),
            Arith::Div if *y != 0 => Real(*x as f64 / *y as f64),
            Arith::Rem if *y != 0 => TimeSpan(x % y),
            _ => Null,
        },
        (TimeSpan(x), Int(_) | Long(_) | Real(_)) => {
            let f = to_f64(b).unwrap_or(0.0);
            match op {
                Arith::Mul => TimeSpan((*x as f64 * f).round() as i64),
                Arith::Div if f != 0.0 => TimeSpan((*x as f64 / f).round() as i64),
                _ => Null,
            }
        }
        (Int(_) | Long(_) | Real(_), TimeSpan(y)) if op == Arith::Mul => {
            TimeSpan((*y as f64 * to_f64(a).unwrap_or(0.0)).round() as i64)
        }
        (Dynamic(_), _) | (_, Dynamic(_)) => {
            let (ua, ub) = (unwrap_dynamic(a), unwrap_dynamic(b));
            if matches!(*ua, Dynamic(_)) || matches!(*ub, Dynamic(_)) {
                Null
            } else {
                arith(op, &ua, &ub)
            }
        }
        _ => Null,
    }
}

fn long_op(op: Arith, x: i64, y: i64) -> Value {
    match op {
        Arith::Add => Value::Long(x.wrapping_add(y)),
        Arith::Sub => Value::Long(x.wrapping_sub(y)),
        Arith::Mul => Value::Long(x.wrapping_mul(y)),
        Arith::Div if y != 0 => Value::Long(x.wrapping_div(y)),
        Arith::Rem if y != 0 => Value::Long(x.wrapping_rem(y)),
        _ => Value::Null,
    }
}

fn real_op(op: Arith, x: f64, y: f64) -> Value {
    Value::Real(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::Rem => x % y,
    })
}

/// Unary minus.
pub fn negate(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Int(i.wrapping_neg()),
        Value::Long(i) => Value::Long(i.wrapping_neg()),
        Value::Real(r) => Value::Real(-r),
        Value::TimeSpan(t) => Value::TimeSpan(-t),
        Value::Dynamic(_) => match unwrap_dynamic(v) {
            std::borrow::Cow::Owned(u) if !matches!(u, Value::Dynamic(_)) => negate(&u),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

/// Compares two values of comparable types (numbers across int/long/real, strings ordinally,
/// datetimes, timespans, bools, guids); `None` for nulls and incomparable types.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Long(x), Long(y)) => Some(x.cmp(y)),
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Int(x), Long(y)) => Some((*x as i64).cmp(y)),
        (Long(x), Int(y)) => Some(x.cmp(&(*y as i64))),
        (Real(_), Int(_) | Long(_) | Real(_)) | (Int(_) | Long(_), Real(_)) => {
            to_f64(a)?.partial_cmp(&to_f64(b)?)
        }
        (String(x), String(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (DateTime(x), DateTime(y)) | (TimeSpan(x), TimeSpan(y)) => Some(x.cmp(y)),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Guid(x), Guid(y)) => Some(x.cmp(y)),
        (Null, _) | (_, Null) => None,
        (Dynamic(x), Dynamic(y)) if x == y => Some(Ordering::Equal),
        (Dynamic(_), _) | (_, Dynamic(_)) => {
            let (ua, ub) = (unwrap_dynamic(a), unwrap_dynamic(b));
            if matches!(*ua, Dynamic(_)) || matches!(*ub, Dynamic(_)) {
                return None;
            }
            compare(&coerce_like(&ua, &ub), &coerce_like(&ub, &ua))
        }
        // Comparing a datetime or guid with a string literal reads the string.
        (DateTime(_), String(s)) => compare(a, &time::parse_datetime(s).map(DateTime)?),
        (String(s), DateTime(_)) => compare(&time::parse_datetime(s).map(DateTime)?, b),
        (Guid(_), String(s)) => compare(a, &parse_guid(s).map(Value::guid)?),
        (String(s), Guid(_)) => compare(&parse_guid(s).map(Value::guid)?, b),
        _ => None,
    }
}

/// Coerces an unwrapped dynamic scalar toward the type of the value it is compared with.
fn coerce_like(v: &Value, other: &Value) -> Value {
    match (v, other) {
        (Value::String(s), Value::DateTime(_)) => {
            time::parse_datetime(s).map_or(Value::Null, Value::DateTime)
        }
        (Value::String(s), Value::TimeSpan(_)) => {
            time::parse_timespan(s).map_or(Value::Null, Value::TimeSpan)
        }
        (Value::String(s), Value::Guid(_)) => parse_guid(s).map_or(Value::Null, Value::guid),
        _ => v.clone(),
    }
}

/// `==`: equality with KQL's rules (strings case-sensitively); `None` when either side is null.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Dynamic(x), Value::Dynamic(y)) => Some(x == y),
        _ => compare(a, b).map(|o| o == Ordering::Equal),
    }
}

/// A total order for sorting: values of one type in their natural order, NaN after numbers.
/// Nulls are placed by the caller.
pub fn sort_order(a: &Value, b: &Value) -> Ordering {
    if let Some(o) = compare(a, b) {
        return o;
    }
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Real(x), Value::Real(y)) => x.is_nan().cmp(&y.is_nan()),
        (Value::Real(x), _) if x.is_nan() => Ordering::Greater,
        (_, Value::Real(y)) if y.is_nan() => Ordering::Less,
        _ => rank(a)
            .cmp(&rank(b))
            .then_with(|| to_text(a).cmp(&to_text(b))),
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Long(_) | Value::Real(_) => 2,
        Value::DateTime(_) => 3,
        Value::TimeSpan(_) => 4,
        Value::String(_) => 5,
        Value::Guid(_) => 6,
        Value::Dynamic(_) => 7,
    }
}

/// A value usable as a hash-map key for grouping, joins and sets: nulls group together, int and
/// long with the same value are one key, reals compare by value.
#[derive(Clone, Debug)]
pub struct Key(pub Value);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        key_hash(&self.0, state)
    }
}

/// Equality of two values as grouping keys (see [`Key`]).
#[inline]
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Null, Null) => true,
        (String(a), String(b)) => Arc::ptr_eq(a, b) || a == b,
        (Long(a), Long(b)) => a == b,
        (Int(a), Int(b)) => a == b,
        (Int(a), Long(b)) | (Long(b), Int(a)) => *a as i64 == *b,
        (Real(a), Real(b)) => a.to_bits() == b.to_bits() || a == b,
        (DateTime(a), DateTime(b)) | (TimeSpan(a), TimeSpan(b)) => a == b,
        (Bool(a), Bool(b)) => a == b,
        (Guid(a), Guid(b)) => a == b,
        (Dynamic(a), Dynamic(b)) => a == b,
        _ => false,
    }
}

/// Hashes a value as a grouping key, consistently with [`key_eq`].
#[inline]
pub fn key_hash<H: Hasher>(v: &Value, state: &mut H) {
    match v {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => state.write_u8(2 + *b as u8),
        Value::Int(i) => state.write_i64(*i as i64),
        Value::Long(i) => state.write_i64(*i),
        Value::Real(r) => state.write_u64(if *r == 0.0 { 0 } else { r.to_bits() }),
        Value::String(s) => s.hash(state),
        Value::DateTime(t) => {
            state.write_u8(5);
            state.write_i64(*t)
        }
        Value::TimeSpan(t) => {
            state.write_u8(6);
            state.write_i64(*t)
        }
        Value::Guid(g) => state.write_u128(g.to_u128()),
        Value::Dynamic(j) => j.to_string().hash(state),
    }
}

/// A grouping key borrowed from a row when it can be, so probing a hash table does not copy it.
#[derive(Clone, Debug)]
pub struct KeyRef<'a>(pub std::borrow::Cow<'a, Value>);

impl PartialEq for KeyRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for KeyRef<'_> {}

impl Hash for KeyRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        key_hash(&self.0, state)
    }
}

/// The number of whole seconds in a timespan, as a real (`todouble(x / 1s)` without the division).
pub fn timespan_seconds(ticks: i64) -> f64 {
    ticks as f64 / TICKS_PER_SECOND as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_types() {
        assert_eq!(
            arith(Arith::Add, &Value::Int(1), &Value::Int(2)),
            Value::Int(3)
        );
        assert_eq!(
            arith(Arith::Add, &Value::Int(1), &Value::Long(2)),
            Value::Long(3)
        );
        assert_eq!(
            arith(Arith::Div, &Value::Long(7), &Value::Long(2)),
            Value::Long(3)
        );
        assert_eq!(
            arith(Arith::Div, &Value::Long(7), &Value::Real(2.0)),
            Value::Real(3.5)
        );
        assert_eq!(
            arith(Arith::Div, &Value::Long(7), &Value::Long(0)),
            Value::Null
        );
        assert_eq!(
            arith(Arith::Sub, &Value::DateTime(100), &Value::DateTime(40)),
            Value::TimeSpan(60)
        );
        assert_eq!(
            arith(Arith::Div, &Value::TimeSpan(60), &Value::TimeSpan(20)),
            Value::Real(3.0)
        );
        assert_eq!(
            arith(Arith::Add, &Value::Null, &Value::Long(1)),
            Value::Null
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(
            compare(&Value::Int(2), &Value::Real(2.5)),
            Some(Ordering::Less)
        );
        assert_eq!(equals(&Value::from("A"), &Value::from("a")), Some(false));
        assert_eq!(equals(&Value::Null, &Value::Null), None);
        assert_eq!(
            equals(&Value::dynamic(serde_json::json!(5)), &Value::Long(5)),
            Some(true)
        );
    }

    #[test]
    fn text_forms() {
        assert_eq!(to_text(&Value::Real(3.0)), "3");
        assert_eq!(to_text(&Value::Real(0.25)), "0.25");
        let g = parse_guid("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap();
        assert_eq!(format_guid(g), "0f8fad5b-d9cb-469f-a165-70867728950e");
        assert_eq!(to_i64(&Value::from("42")), Some(42));
        assert_eq!(to_i64(&Value::from("4.7")), Some(4));
        assert_eq!(to_bool(&Value::from("True")), Some(true));
    }
}
