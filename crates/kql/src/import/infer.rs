//! Column types from text: each column gets the narrowest KQL type every non-empty cell fits —
//! bool, long, real, datetime (ISO 8601, or the `M/D/YYYY, h:mm:ss AM` of a Log Analytics export),
//! guid, dynamic (JSON objects and arrays), else string. Empty cells are nulls.

use std::sync::Arc;

use crate::{DataType, Value};

/// Candidate types, narrowest first; a column keeps the first that all its cells fit.
const CANDIDATES: [DataType; 7] = [
    DataType::Bool,
    DataType::Long,
    DataType::Real,
    DataType::DateTime,
    DataType::Guid,
    DataType::Dynamic,
    DataType::String,
];

/// The type of a column whose cells are `cells` (empty ones ignored; all empty is string).
pub fn infer_type<'a>(cells: impl Iterator<Item = &'a str>) -> DataType {
    let mut fits = [true; 7];
    let mut any = false;
    for cell in cells {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        any = true;
        for (i, ty) in CANDIDATES.iter().enumerate().take(6) {
            if fits[i] && parse_as(cell, *ty).is_none() {
                fits[i] = false;
            }
        }
        if !fits[..6].iter().any(|f| *f) {
            return DataType::String;
        }
    }
    if !any {
        return DataType::String;
    }
    CANDIDATES
        .iter()
        .zip(fits)
        .find(|(_, f)| *f)
        .map_or(DataType::String, |(t, _)| *t)
}

/// The value of a cell in a column of type `ty` (empty is null; text that does not fit is kept
/// as a string so nothing is lost).
pub fn cell_value(cell: &str, ty: DataType) -> Value {
    if ty == DataType::String {
        return if cell.is_empty() {
            Value::Null
        } else {
            Value::String(Arc::from(cell))
        };
    }
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Value::Null;
    }
    parse_as(trimmed, ty).unwrap_or_else(|| Value::string(cell))
}

/// `cell` read as `ty`, if it is written as one.
pub fn parse_as(cell: &str, ty: DataType) -> Option<Value> {
    match ty {
        DataType::Bool => match cell {
            _ if cell.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
            _ if cell.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
            _ => None,
        },
        DataType::Long | DataType::Int => {
            let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
            // Leading zeros mean an identifier (a ZIP code, an account number), not a count.
            if digits.is_empty()
                || !digits.bytes().all(|b| b.is_ascii_digit())
                || (digits.len() > 1 && digits.starts_with('0'))
            {
                return None;
            }
            cell.parse::<i64>().ok().map(Value::Long)
        }
        DataType::Real | DataType::Decimal => {
            let looks_numeric = cell
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
                && cell.bytes().any(|b| b.is_ascii_digit());
            let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell).as_bytes();
            let leading_zero =
                unsigned.len() > 1 && unsigned[0] == b'0' && unsigned[1].is_ascii_digit();
            if !looks_numeric || leading_zero {
                return None;
            }
            cell.parse::<f64>()
                .ok()
                .filter(|r| r.is_finite())
                .map(Value::Real)
        }
        DataType::DateTime => parse_datetime(cell).map(Value::DateTime),
        DataType::Guid => {
            let b = cell.as_bytes();
            let shaped = b.len() == 36
                && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit());
            if !shaped {
                return None;
            }
            crate::engine::values::parse_guid(cell).map(Value::guid)
        }
        DataType::Dynamic => {
            if !(cell.starts_with('{') && cell.ends_with('}')
                || cell.starts_with('[') && cell.ends_with(']'))
            {
                return None;
            }
            serde_json::from_str::<serde_json::Value>(cell)
                .ok()
                .map(Value::dynamic)
        }
        DataType::TimeSpan => crate::time::parse_timespan(cell).map(Value::TimeSpan),
        DataType::String => Some(Value::string(cell)),
    }
}

/// A datetime as exports write it: ISO 8601 (`2026-11-27`, `2026-11-27T07:11:12.1234567Z`,
/// `2026-11-27 07:11:12+02:00`) or Log Analytics' `11/27/2026, 7:11:12.123 AM` (UTC).
pub fn parse_datetime(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        return crate::time::parse_datetime(cell);
    }
    parse_us_datetime(cell)
}

/// `M/D/YYYY[, ]h:mm[:ss[.fff]] AM|PM`, or `M/D/YYYY` alone.
fn parse_us_datetime(cell: &str) -> Option<i64> {
    let (date, time) = match cell.split_once([',', ' ']) {
        Some((d, t)) => (d, Some(t.trim_start_matches([',', ' ']))),
        None => (cell, None),
    };
    let mut parts = date.split('/');
    let month: u32 = small_number(parts.next()?, 2)?;
    let day: u32 = small_number(parts.next()?, 2)?;
    let year_text = parts.next()?;
    if parts.next().is_some() || year_text.len() != 4 {
        return None;
    }
    let year: i64 = year_text.parse().ok()?;
    let (mut hour, mut minute, mut second, mut fraction) = (0u32, 0u32, 0u32, 0u32);
    if let Some(time) = time {
        let (clock, meridiem) = match time.rsplit_once(' ') {
            Some((c, m)) => (c, Some(m)),
            None => (time, None),
        };
        let mut hms = clock.split(':');
        hour = small_number(hms.next()?, 2)?;
        minute = small_number(hms.next()?, 2)?;
        if let Some(s) = hms.next() {
            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
            second = small_number(whole, 2)?;
            if !frac.is_empty() {
                if frac.len() > 7 || !frac.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                fraction = format!("{frac:0<7}").parse().ok()?;
            }
        }
        if hms.next().is_some() {
            return None;
        }
        match meridiem.map(str::to_ascii_uppercase).as_deref() {
            None => {}
            Some("AM") if (1..=12).contains(&hour) => hour %= 12,
            Some("PM") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
            _ => return None,
        }
    }
    crate::time::from_parts(crate::time::DateParts {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    })
}

fn small_number(text: &str, max_len: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(cells: &[&str]) -> DataType {
        infer_type(cells.iter().copied())
    }

    #[test]
    fn the_narrowest_type_every_cell_fits() {
        assert_eq!(ty(&["true", "False", ""]), DataType::Bool);
        assert_eq!(ty(&["1", "-20", "+3"]), DataType::Long);
        assert_eq!(ty(&["1", "2.5", "1e3"]), DataType::Real);
        assert_eq!(
            ty(&["2026-11-27T07:11:12.123Z", "2026-11-26"]),
            DataType::DateTime
        );
        assert_eq!(ty(&["11/27/2026, 7:11:12.123 AM"]), DataType::DateTime);
        assert_eq!(
            ty(&["0d7f9a3c-6e0b-4b59-9d1a-3f2c8e9b1a77"]),
            DataType::Guid
        );
        assert_eq!(ty(&["{\"a\":1}", "[1,2]"]), DataType::Dynamic);
        assert_eq!(ty(&["1", "x"]), DataType::String);
        assert_eq!(ty(&["", " "]), DataType::String);
        assert_eq!(ty(&[]), DataType::String);
    }

    #[test]
    fn things_that_only_look_like_numbers_or_dates_stay_strings() {
        // Leading zeros: identifiers.
        assert_eq!(ty(&["00123", "42"]), DataType::String);
        assert_eq!(ty(&["0", "10"]), DataType::Long);
        // Years alone and compact dates are not timestamps.
        assert_eq!(ty(&["2024", "2025"]), DataType::Long);
        assert_eq!(ty(&["20240131"]), DataType::Long);
        assert_eq!(ty(&["NaN", "inf"]), DataType::String);
        assert_eq!(ty(&["10.0.0.1"]), DataType::String);
        assert_eq!(ty(&["99999999999999999999"]), DataType::Real);
        assert_eq!(ty(&["{not json}"]), DataType::String);
        assert_eq!(ty(&["1", "true"]), DataType::String);
    }

    #[test]
    fn cells_become_typed_values() {
        assert_eq!(cell_value("", DataType::Long), Value::Null);
        assert_eq!(cell_value(" 42 ", DataType::Long), Value::Long(42));
        assert_eq!(cell_value("", DataType::String), Value::Null);
        assert_eq!(
            cell_value(" padded ", DataType::String),
            Value::string(" padded ")
        );
        let t = cell_value("2026-11-27T07:11:12Z", DataType::DateTime);
        assert_eq!(
            t,
            Value::DateTime(crate::time::parse_datetime("2026-11-27T07:11:12Z").unwrap())
        );
        let g = cell_value("0D7F9A3C-6E0B-4B59-9D1A-3F2C8E9B1A77", DataType::Guid);
        assert_eq!(g, Value::guid(0x0d7f9a3c_6e0b_4b59_9d1a_3f2c8e9b1a77));
        assert_eq!(
            cell_value("{\"ip\":\"10.0.0.1\"}", DataType::Dynamic),
            Value::dynamic(serde_json::json!({"ip": "10.0.0.1"}))
        );
    }

    #[test]
    fn log_analytics_export_times_are_utc_with_am_pm() {
        let expect = |iso: &str| crate::time::parse_datetime(iso);
        assert_eq!(
            parse_datetime("11/27/2026, 7:11:12.123 AM"),
            expect("2026-11-27T07:11:12.123Z")
        );
        assert_eq!(
            parse_datetime("11/27/2026, 12:00:00 AM"),
            expect("2026-11-27T00:00:00Z")
        );
        assert_eq!(
            parse_datetime("11/27/2026, 12:30:00 PM"),
            expect("2026-11-27T12:30:00Z")
        );
        assert_eq!(
            parse_datetime("1/2/2026 3:04 PM"),
            expect("2026-01-02T15:04:00Z")
        );
        assert_eq!(parse_datetime("1/2/2026"), expect("2026-01-02"));
        assert_eq!(parse_datetime("13/2/2026"), None);
        assert_eq!(parse_datetime("1/2/26"), None);
        assert_eq!(parse_datetime("11/27/2026, 13:00:00 PM"), None);
        assert_eq!(parse_datetime("1/2"), None);
    }
}
