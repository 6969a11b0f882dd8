//! Date and time functions, and `bin`/`floor` for every binnable type.

use crate::time::{self, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE};
use crate::value::{DataType, Value, TICKS_PER_SECOND};

use super::super::values;
use super::args::{datetime, long, text};
use super::{spec, FnSpec, Ret};

use DataType::*;

pub const FUNCTIONS: &[FnSpec] = &[
    spec("bin", 2, 2, Ret::Arg(0), bin),
    spec("floor", 2, 2, Ret::Arg(0), bin),
    spec("bin_at", 3, 3, Ret::Arg(0), bin_at),
    spec("startofday", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| day_start(t) + n * TICKS_PER_DAY)
    }),
    spec("startofweek", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| week_start(t) + 7 * n * TICKS_PER_DAY)
    }),
    spec("startofmonth", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| time::add_months(month_start(t), n))
    }),
    spec("startofyear", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| time::add_months(year_start(t), 12 * n))
    }),
    spec("endofday", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| day_start(t) + (n + 1) * TICKS_PER_DAY - 1)
    }),
    spec("endofweek", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| week_start(t) + 7 * (n + 1) * TICKS_PER_DAY - 1)
    }),
    spec("endofmonth", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| time::add_months(month_start(t), n + 1) - 1)
    }),
    spec("endofyear", 1, 2, Ret::Fixed(DateTime), |a| {
        shift(a, |t, n| time::add_months(year_start(t), 12 * (n + 1)) - 1)
    }),
    spec("dayofweek", 1, 1, Ret::Fixed(TimeSpan), |a| {
        dt(a, |t| Value::TimeSpan(time::weekday(t) * TICKS_PER_DAY))
    }),
    spec("dayofmonth", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(time::date_parts(t).day as i32))
    }),
    spec("dayofyear", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(day_of_year(t) as i32))
    }),
    spec("hourofday", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(time::date_parts(t).hour as i32))
    }),
    spec("monthofyear", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(time::date_parts(t).month as i32))
    }),
    spec("getmonth", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(time::date_parts(t).month as i32))
    }),
    spec("getyear", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(time::date_parts(t).year as i32))
    }),
    spec("weekofyear", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(iso_week(t) as i32))
    }),
    spec("week_of_year", 1, 1, Ret::Fixed(Int), |a| {
        dt(a, |t| Value::Int(iso_week(t) as i32))
    }),
    spec("datetime_part", 2, 2, Ret::Fixed(Int), datetime_part),
    spec("datepart", 2, 2, Ret::Fixed(Int), datetime_part),
    spec("datetime_diff", 3, 3, Ret::Fixed(Long), datetime_diff),
    spec("datetime_add", 3, 3, Ret::Fixed(DateTime), datetime_add),
    spec("format_datetime", 2, 2, Ret::Fixed(String), |a| {
        dt(a, |t| {
            Value::from(time::format_datetime_pattern(t, &text(a, 1)))
        })
    }),
    spec(
        "format_timespan",
        2,
        2,
        Ret::Fixed(String),
        |a| match values::to_timespan(&a[0]) {
            Some(t) => Value::from(time::format_timespan_pattern(t, &text(a, 1))),
            None => Value::Null,
        },
    ),
    spec("make_datetime", 3, 7, Ret::Fixed(DateTime), make_datetime),
    spec("make_timespan", 2, 4, Ret::Fixed(TimeSpan), make_timespan),
    spec(
        "unixtime_seconds_todatetime",
        1,
        1,
        Ret::Fixed(DateTime),
        |a| unix(a, TICKS_PER_SECOND),
    ),
    spec(
        "unixtime_milliseconds_todatetime",
        1,
        1,
        Ret::Fixed(DateTime),
        |a| unix(a, TICKS_PER_MILLISECOND),
    ),
    spec(
        "unixtime_microseconds_todatetime",
        1,
        1,
        Ret::Fixed(DateTime),
        |a| unix(a, 10),
    ),
    spec(
        "unixtime_nanoseconds_todatetime",
        1,
        1,
        Ret::Fixed(DateTime),
        |a| match super::args::real(a, 0) {
            Some(n) => Value::DateTime((n / 100.0) as i64),
            None => Value::Null,
        },
    ),
    spec(
        "datetime_utc_to_local",
        2,
        2,
        Ret::Fixed(DateTime),
        |a| match datetime(a, 0) {
            Some(t)
                if text(a, 1).eq_ignore_ascii_case("utc")
                    || text(a, 1).eq_ignore_ascii_case("etc/utc") =>
            {
                Value::DateTime(t)
            }
            _ => Value::Null,
        },
    ),
];

fn dt(a: &[Value], f: impl Fn(i64) -> Value) -> Value {
    match datetime(a, 0) {
        Some(t) => f(t),
        None => Value::Null,
    }
}

fn shift(a: &[Value], f: impl Fn(i64, i64) -> i64) -> Value {
    let n = long(a, 1).unwrap_or(0);
    dt(a, |t| Value::DateTime(f(t, n)))
}

fn day_start(t: i64) -> i64 {
    t - t.rem_euclid(TICKS_PER_DAY)
}

fn week_start(t: i64) -> i64 {
    day_start(t) - time::weekday(t) * TICKS_PER_DAY
}

fn month_start(t: i64) -> i64 {
    let p = time::date_parts(t);
    time::days_from_civil(p.year, p.month, 1) * TICKS_PER_DAY
}

fn year_start(t: i64) -> i64 {
    let p = time::date_parts(t);
    time::days_from_civil(p.year, 1, 1) * TICKS_PER_DAY
}

fn day_of_year(t: i64) -> i64 {
    (t - year_start(t)).div_euclid(TICKS_PER_DAY) + 1
}

/// ISO 8601 week number.
fn iso_week(t: i64) -> i64 {
    let wd = (time::weekday(t) + 6) % 7; // Monday = 0
    let thursday = day_start(t) + (3 - wd) * TICKS_PER_DAY;
    (day_of_year(thursday) - 1) / 7 + 1
}

/// `bin(value, size)`: rounds down to a multiple of `size` (numbers, datetimes by timespans,
/// timespans).
pub fn bin(a: &[Value]) -> Value {
    bin_value(&a[0], &a[1], None)
}

fn bin_at(a: &[Value]) -> Value {
    bin_value(&a[0], &a[1], Some(&a[2]))
}

fn bin_value(v: &Value, size: &Value, at: Option<&Value>) -> Value {
    let v = values::unwrap_dynamic(v);
    match (&*v, size) {
        (Value::DateTime(t), _) | (Value::TimeSpan(t), _) => {
            let Some(s) = values::to_timespan(size).filter(|s| *s > 0) else {
                return Value::Null;
            };
            let origin = match at {
                Some(Value::DateTime(o)) | Some(Value::TimeSpan(o)) => *o,
                _ => 0,
            };
            let b = origin + (t - origin).div_euclid(s) * s;
            match &*v {
                Value::DateTime(_) => Value::DateTime(b),
                _ => Value::TimeSpan(b),
            }
        }
        (Value::Long(x), _) if !matches!(size, Value::Real(_)) => {
            let Some(s) = values::to_i64(size).filter(|s| *s > 0) else {
                return Value::Null;
            };
            let origin = at.and_then(values::to_i64).unwrap_or(0);
            Value::Long(origin + (x - origin).div_euclid(s) * s)
        }
        (Value::Int(x), Value::Long(_) | Value::Int(_)) => {
            let Some(s) = values::to_i64(size).filter(|s| *s > 0) else {
                return Value::Null;
            };
            let origin = at.and_then(values::to_i64).unwrap_or(0);
            Value::Int((origin + (*x as i64 - origin).div_euclid(s) * s) as i32)
        }
        (Value::Int(_) | Value::Long(_) | Value::Real(_), _) => {
            let (Some(x), Some(s)) = (values::to_f64(&v), values::to_f64(size)) else {
                return Value::Null;
            };
            if s <= 0.0 {
                return Value::Null;
            }
            let origin = at.and_then(values::to_f64).unwrap_or(0.0);
            let b = origin + ((x - origin) / s).floor() * s;
            match &*v {
                Value::Real(_) => Value::Real(b),
                _ => Value::Long(b as i64),
            }
        }
        _ => Value::Null,
    }
}

fn part_ticks(part: &str) -> Option<i64> {
    Some(match part {
        "week" | "weeks" => 7 * TICKS_PER_DAY,
        "day" | "days" => TICKS_PER_DAY,
        "hour" | "hours" => TICKS_PER_HOUR,
        "minute" | "minutes" => TICKS_PER_MINUTE,
        "second" | "seconds" => TICKS_PER_SECOND,
        "millisecond" | "milliseconds" => TICKS_PER_MILLISECOND,
        "microsecond" | "microseconds" => 10,
        "nanosecond" | "nanoseconds" => 1,
        _ => return None,
    })
}

fn datetime_part(a: &[Value]) -> Value {
    let part = text(a, 0).to_ascii_lowercase();
    let Some(t) = datetime(a, 1) else {
        return Value::Null;
    };
    let p = time::date_parts(t);
    Value::Int(match part.as_str() {
        "year" => p.year as i32,
        "quarter" => ((p.month - 1) / 3 + 1) as i32,
        "month" => p.month as i32,
        "weekofyear" | "week_of_year" | "week" => iso_week(t) as i32,
        "day" => p.day as i32,
        "dayofyear" => day_of_year(t) as i32,
        "hour" => p.hour as i32,
        "minute" => p.minute as i32,
        "second" => p.second as i32,
        "millisecond" => (p.fraction / 10_000) as i32,
        "microsecond" => (p.fraction / 10) as i32,
        "nanosecond" => (p.fraction * 100) as i32,
        _ => return Value::Null,
    })
}

/// `datetime_diff(part, a, b)`: the number of `part` boundaries between b and a.
fn datetime_diff(a: &[Value]) -> Value {
    let part = text(a, 0).to_ascii_lowercase();
    let (Some(x), Some(y)) = (datetime(a, 1), datetime(a, 2)) else {
        return Value::Null;
    };
    let (px, py) = (time::date_parts(x), time::date_parts(y));
    Value::Long(match part.as_str() {
        "year" | "years" => px.year - py.year,
        "quarter" | "quarters" => {
            (px.year * 4 + (px.month as i64 - 1) / 3) - (py.year * 4 + (py.month as i64 - 1) / 3)
        }
        "month" | "months" => (px.year * 12 + px.month as i64) - (py.year * 12 + py.month as i64),
        "week" | "weeks" => (week_start(x) - week_start(y)) / (7 * TICKS_PER_DAY),
        p => match part_ticks(p) {
            Some(unit) => x.div_euclid(unit) - y.div_euclid(unit),
            None => return Value::Null,
        },
    })
}

fn datetime_add(a: &[Value]) -> Value {
    let part = text(a, 0).to_ascii_lowercase();
    let (Some(n), Some(t)) = (long(a, 1), datetime(a, 2)) else {
        return Value::Null;
    };
    Value::DateTime(match part.as_str() {
        "year" | "years" => time::add_months(t, 12 * n),
        "quarter" | "quarters" => time::add_months(t, 3 * n),
        "month" | "months" => time::add_months(t, n),
        p => match part_ticks(p) {
            Some(unit) => t + n * unit,
            None => return Value::Null,
        },
    })
}

fn make_datetime(a: &[Value]) -> Value {
    let get = |i: usize| long(a, i).unwrap_or(0);
    let sec = super::args::real(a, 5).unwrap_or(0.0);
    let parts = time::DateParts {
        year: get(0),
        month: get(1) as u32,
        day: get(2) as u32,
        hour: get(3) as u32,
        minute: get(4) as u32,
        second: sec.trunc() as u32,
        fraction: ((sec.fract()) * TICKS_PER_SECOND as f64).round() as u32,
    };
    time::from_parts(parts).map_or(Value::Null, Value::DateTime)
}

fn make_timespan(a: &[Value]) -> Value {
    let nums: Vec<f64> = (0..a.len())
        .map(|i| super::args::real(a, i).unwrap_or(0.0))
        .collect();
    let ticks = match nums.len() {
        2 => nums[0] * TICKS_PER_HOUR as f64 + nums[1] * TICKS_PER_MINUTE as f64,
        3 => {
            nums[0] * TICKS_PER_HOUR as f64
                + nums[1] * TICKS_PER_MINUTE as f64
                + nums[2] * TICKS_PER_SECOND as f64
        }
        _ => {
            nums[0] * TICKS_PER_DAY as f64
                + nums[1] * TICKS_PER_HOUR as f64
                + nums[2] * TICKS_PER_MINUTE as f64
                + nums[3] * TICKS_PER_SECOND as f64
        }
    };
    Value::TimeSpan(ticks.round() as i64)
}

fn unix(a: &[Value], unit: i64) -> Value {
    match &a[0] {
        Value::Real(r) => Value::DateTime((r * unit as f64).round() as i64),
        v => values::to_i64(v).map_or(Value::Null, |n| Value::DateTime(n.saturating_mul(unit))),
    }
}
