//! UTC date-times as KQL ticks (100 ns since 1970-01-01) and their ISO 8601 text, as the Sentinel
//! and Log Analytics APIs write them. No clock here: callers pass "now" in.

pub use kql::value::TICKS_PER_SECOND;

/// Ticks in a minute, hour and day.
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Ticks for a UTC calendar date and time.
pub fn ticks_from_parts(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> i64 {
    days_from_civil(year, month, day) * TICKS_PER_DAY
        + hour * TICKS_PER_HOUR
        + minute * TICKS_PER_MINUTE
        + second * TICKS_PER_SECOND
}

/// The hour of day (0-23, UTC) of a time.
pub fn hour_of_day(ticks: i64) -> i64 {
    ticks.rem_euclid(TICKS_PER_DAY) / TICKS_PER_HOUR
}

/// The day of week of a time, 0 = Sunday (as KQL's `dayofweek` counts).
pub fn day_of_week(ticks: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (ticks.div_euclid(TICKS_PER_DAY) + 4).rem_euclid(7)
}

/// Formats a time as ISO 8601 UTC: `2019-01-01T13:15:30Z`, with up to seven fraction digits
/// (trailing zeros dropped) when the time is not on a whole second.
pub fn format_datetime(ticks: i64) -> String {
    let days = ticks.div_euclid(TICKS_PER_DAY);
    let rem = ticks.rem_euclid(TICKS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let secs = rem / TICKS_PER_SECOND;
    let frac = rem % TICKS_PER_SECOND;
    let mut out = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if frac != 0 {
        let digits = format!("{frac:07}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Parses an ISO 8601 date-time (`2019-01-01`, `2019-01-01T13:15:30Z`, with optional fraction and
/// `Z` or `+hh:mm` offset) into ticks. Returns `None` for anything else.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |s: &[u8]| -> Option<i64> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ticks = days_from_civil(y, mo, d) * TICKS_PER_DAY;
    let mut rest = &b[10..];
    if rest.is_empty() {
        return Some(ticks);
    }
    if rest[0] != b'T' && rest[0] != b' ' {
        return None;
    }
    rest = &rest[1..];
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let (h, mi) = (num(&rest[0..2])?, num(&rest[3..5])?);
    rest = &rest[5..];
    let mut s = 0;
    if rest.first() == Some(&b':') {
        s = num(rest.get(1..3)?)?;
        rest = &rest[3..];
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    ticks += h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE + s * TICKS_PER_SECOND;
    if rest.first() == Some(&b'.') {
        let digits: Vec<u8> = rest[1..]
            .iter()
            .copied()
            .take_while(u8::is_ascii_digit)
            .collect();
        if digits.is_empty() {
            return None;
        }
        let mut frac = 0i64;
        for (i, c) in digits.iter().take(7).enumerate() {
            frac += i64::from(c - b'0') * 10i64.pow(6 - i as u32);
        }
        ticks += frac;
        rest = &rest[1 + digits.len()..];
    }
    match rest {
        [] | [b'Z'] | [b'z'] => Some(ticks),
        [sign @ (b'+' | b'-'), hh1, hh2, b':', mm1, mm2] => {
            let off = num(&[*hh1, *hh2])? * TICKS_PER_HOUR + num(&[*mm1, *mm2])? * TICKS_PER_MINUTE;
            Some(if *sign == b'+' {
                ticks - off
            } else {
                ticks + off
            })
        }
        _ => None,
    }
}

/// Parses an ISO 8601 duration as Log Analytics accepts it (`PT1H`, `P1D`, `P7DT12H`, `PT30M`,
/// `PT10.5S`) into ticks.
pub fn parse_duration(text: &str) -> Option<i64> {
    let s = text.trim();
    let s = s.strip_prefix('P').or_else(|| s.strip_prefix('p'))?;
    let mut total = 0i64;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in s.chars() {
        match c {
            'T' | 't' if !in_time && number.is_empty() => in_time = true,
            '0'..='9' | '.' => number.push(c),
            _ => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                let unit = match (c.to_ascii_uppercase(), in_time) {
                    ('W', false) => 7 * TICKS_PER_DAY,
                    ('D', false) => TICKS_PER_DAY,
                    ('H', true) => TICKS_PER_HOUR,
                    ('M', true) => TICKS_PER_MINUTE,
                    ('S', true) => TICKS_PER_SECOND,
                    _ => return None,
                };
                total += (n * unit as f64).round() as i64;
                any = true;
            }
        }
    }
    (any && number.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let t = ticks_from_parts(2019, 1, 1, 13, 15, 30);
        assert_eq!(format_datetime(t), "2019-01-01T13:15:30Z");
        assert_eq!(parse_datetime("2019-01-01T13:15:30Z"), Some(t));
        let f = parse_datetime("2020-07-20T18:21:53.6158361Z").unwrap();
        assert_eq!(format_datetime(f), "2020-07-20T18:21:53.6158361Z");
        assert_eq!(
            parse_datetime("2020-07-20T18:21:57.304Z")
                .map(format_datetime)
                .as_deref(),
            Some("2020-07-20T18:21:57.304Z")
        );
        assert_eq!(parse_datetime("2019-01-01T14:15:30+01:00"), Some(t));
        assert_eq!(
            parse_datetime("1969-12-31T23:59:59Z"),
            Some(-TICKS_PER_SECOND)
        );
        assert_eq!(parse_datetime("2019-13-01"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn durations_and_calendar() {
        assert_eq!(parse_duration("PT1H"), Some(TICKS_PER_HOUR));
        assert_eq!(
            parse_duration("P7DT12H"),
            Some(7 * TICKS_PER_DAY + 12 * TICKS_PER_HOUR)
        );
        assert_eq!(parse_duration("PT30M"), Some(30 * TICKS_PER_MINUTE));
        assert_eq!(parse_duration("P1X"), None);
        assert_eq!(parse_duration("P"), None);
        let t = ticks_from_parts(2026, 11, 27, 4, 0, 0);
        assert_eq!(day_of_week(t), 5); // a Friday
        assert_eq!(hour_of_day(t), 4);
    }
}
