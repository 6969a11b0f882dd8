//! Math functions.

use crate::value::{DataType, Value};

use super::super::values;
use super::args::{long, real};
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec("abs", 1, 1, Ret::Arg(0), abs),
    spec("round", 1, 2, Ret::Arg(0), round),
    spec("ceiling", 1, 1, Ret::Arg(0), |a| f(a, f64::ceil)),
    spec("sqrt", 1, 1, Ret::Fixed(Real), |a| r(a, f64::sqrt)),
    spec("pow", 2, 2, Ret::Fixed(Real), |a| {
        match (real(a, 0), real(a, 1)) {
            (Some(x), Some(y)) => Value::Real(x.powf(y)),
            _ => Value::Null,
        }
    }),
    spec("log", 1, 1, Ret::Fixed(Real), |a| r(a, f64::ln)),
    spec("log10", 1, 1, Ret::Fixed(Real), |a| r(a, f64::log10)),
    spec("log2", 1, 1, Ret::Fixed(Real), |a| r(a, f64::log2)),
    spec("exp", 1, 1, Ret::Fixed(Real), |a| r(a, f64::exp)),
    spec("exp2", 1, 1, Ret::Fixed(Real), |a| r(a, f64::exp2)),
    spec("exp10", 1, 1, Ret::Fixed(Real), |a| r(a, |x| 10f64.powf(x))),
    spec("sign", 1, 1, Ret::Arg(0), sign),
    spec("pi", 0, 0, Ret::Fixed(Real), |_| {
        Value::Real(std::f64::consts::PI)
    }),
    spec("isnan", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(real(a, 0).is_some_and(f64::is_nan))
    }),
    spec("isinf", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(real(a, 0).is_some_and(f64::is_infinite))
    }),
    spec("isfinite", 1, 1, Ret::Fixed(Bool), |a| {
        Value::Bool(real(a, 0).is_some_and(f64::is_finite))
    }),
    spec("min_of", 1, 64, Ret::Arg(0), |a| {
        extreme(a, std::cmp::Ordering::Less)
    }),
    spec("max_of", 1, 64, Ret::Arg(0), |a| {
        extreme(a, std::cmp::Ordering::Greater)
    }),
    spec("binary_and", 2, 2, Ret::Fixed(Long), |a| {
        bits(a, |x, y| x & y)
    }),
    spec("binary_or", 2, 2, Ret::Fixed(Long), |a| {
        bits(a, |x, y| x | y)
    }),
    spec("binary_xor", 2, 2, Ret::Fixed(Long), |a| {
        bits(a, |x, y| x ^ y)
    }),
    spec("binary_not", 1, 1, Ret::Fixed(Long), |a| {
        long(a, 0).map_or(Value::Null, |x| Value::Long(!x))
    }),
    spec("binary_shift_left", 2, 2, Ret::Fixed(Long), |a| {
        bits(a, |x, y| x.wrapping_shl(y as u32))
    }),
    spec("binary_shift_right", 2, 2, Ret::Fixed(Long), |a| {
        bits(a, |x, y| x.wrapping_shr(y as u32))
    }),
];

fn r(a: &[Value], g: fn(f64) -> f64) -> Value {
    real(a, 0).map_or(Value::Null, |x| Value::Real(g(x)))
}

fn f(a: &[Value], g: fn(f64) -> f64) -> Value {
    match &a[0] {
        Value::Int(_) | Value::Long(_) => a[0].clone(),
        _ => r(a, g),
    }
}

fn abs(a: &[Value]) -> Value {
    match &a[0] {
        Value::Int(i) => Value::Int(i.wrapping_abs()),
        Value::Long(i) => Value::Long(i.wrapping_abs()),
        Value::TimeSpan(t) => Value::TimeSpan(t.wrapping_abs()),
        _ => r(a, f64::abs),
    }
}

fn sign(a: &[Value]) -> Value {
    match &a[0] {
        Value::Int(i) => Value::Int(i.signum()),
        Value::Long(i) => Value::Long(i.signum()),
        _ => real(a, 0).map_or(Value::Null, |x| {
            Value::Real(if x == 0.0 { 0.0 } else { x.signum() })
        }),
    }
}

fn round(a: &[Value]) -> Value {
    let digits = long(a, 1).unwrap_or(0).clamp(-15, 15) as i32;
    match &a[0] {
        Value::Int(_) | Value::Long(_) if digits >= 0 => a[0].clone(),
        _ => match real(a, 0) {
            Some(x) => {
                let m = 10f64.powi(digits);
                // Round half away from zero, as .NET's MidpointRounding.AwayFromZero.
                Value::Real((x * m).round() / m)
            }
            None => Value::Null,
        },
    }
}

fn extreme(a: &[Value], want: std::cmp::Ordering) -> Value {
    let mut best: Option<&Value> = None;
    for v in a.iter().filter(|v| !v.is_null()) {
        best = match best {
            None => Some(v),
            Some(b) if values::compare(v, b) == Some(want) => Some(v),
            keep => keep,
        };
    }
    best.cloned().unwrap_or(Value::Null)
}

fn bits(a: &[Value], g: fn(i64, i64) -> i64) -> Value {
    match (long(a, 0), long(a, 1)) {
        (Some(x), Some(y)) => Value::Long(g(x, y)),
        _ => Value::Null,
    }
}
