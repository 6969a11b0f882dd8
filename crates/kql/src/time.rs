//! Calendar arithmetic, parsing and formatting for KQL's `datetime` and `timespan`.
//!
//! Both are counted in 100-ns ticks: a `datetime` since 1970-01-01T00:00:00Z (the proleptic
//! Gregorian calendar, UTC), a `timespan` as a signed duration. Pure integer code, no clock.

use crate::value::TICKS_PER_SECOND;

/// Ticks in a millisecond, minute, hour and day.
pub const TICKS_PER_MILLISECOND: i64 = 10_000;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Days since 1970-01-01 of a proleptic Gregorian date (month and day 1-based).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// The broken-down parts of a datetime, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Ticks within the second (0..10_000_000).
    pub fraction: u32,
}

/// Splits a datetime into calendar parts.
pub fn date_parts(ticks: i64) -> DateParts {
    let days = ticks.div_euclid(TICKS_PER_DAY);
    let rem = ticks.rem_euclid(TICKS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let secs = rem / TICKS_PER_SECOND;
    DateParts {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs / 60 % 60) as u32,
        second: (secs % 60) as u32,
        fraction: (rem % TICKS_PER_SECOND) as u32,
    }
}

/// Builds a datetime from calendar parts; `None` when a part is out of range.
pub fn from_parts(p: DateParts) -> Option<i64> {
    if !(1..=12).contains(&p.month)
        || p.day == 0
        || p.day > days_in_month(p.year, p.month)
        || p.hour > 23
        || p.minute > 59
        || p.second > 59
        || p.fraction >= TICKS_PER_SECOND as u32
    {
        return None;
    }
    let days = days_from_civil(p.year, p.month, p.day);
    Some(
        days * TICKS_PER_DAY
            + p.hour as i64 * TICKS_PER_HOUR
            + p.minute as i64 * TICKS_PER_MINUTE
            + p.second as i64 * TICKS_PER_SECOND
            + p.fraction as i64,
    )
}

/// Day of the week, 0 = Sunday.
pub fn weekday(ticks: i64) -> i64 {
    (ticks.div_euclid(TICKS_PER_DAY) + 4).rem_euclid(7)
}

/// Adds months to a datetime, clamping the day to the end of the target month (as .NET does).
pub fn add_months(ticks: i64, months: i64) -> i64 {
    let p = date_parts(ticks);
    let total = p.year * 12 + (p.month as i64 - 1) + months;
    let year = total.div_euclid(12);
    let month = (total.rem_euclid(12) + 1) as u32;
    let day = p.day.min(days_in_month(year, month));
    let time = ticks.rem_euclid(TICKS_PER_DAY);
    days_from_civil(year, month, day) * TICKS_PER_DAY + time
}

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads between `min` and `max` ASCII digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<(i64, usize)> {
        let start = self.pos;
        let mut v: i64 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    v = v.checked_mul(10)?.checked_add((c - b'0') as i64)?;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let n = self.pos - start;
        (n >= min).then_some((v, n))
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn done(&self) -> bool {
        self.pos == self.s.len()
    }
}

/// Reads a fraction of a second (digits after the dot) as ticks, ignoring digits past the 7th.
fn fraction_ticks(c: &mut Cursor) -> Option<u32> {
    let start = c.pos;
    let mut ticks: u32 = 0;
    let mut n = 0;
    while let Some(d @ b'0'..=b'9') = c.peek() {
        if n < 7 {
            ticks = ticks * 10 + (d - b'0') as u32;
            n += 1;
        }
        c.pos += 1;
    }
    if c.pos == start {
        return None;
    }
    while n < 7 {
        ticks *= 10;
        n += 1;
    }
    Some(ticks)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a datetime as KQL accepts it: ISO 8601 (`2024-01-31`, `2024-01-31T10:00:00.5Z`,
/// `2024-01-31 10:00`, with `+hh:mm` offsets), and RFC 822/1123 (`Sat, 8 Nov 2014 15:05:02 GMT`).
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_iso_datetime(text).or_else(|| parse_rfc_datetime(text))
}

fn parse_iso_datetime(text: &str) -> Option<i64> {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
    };
    let (year, _) = c.digits(4, 4)?;
    let (month, day) = if c.eat(b'-') {
        let (m, _) = c.digits(1, 2)?;
        let d = if c.eat(b'-') { c.digits(1, 2)?.0 } else { 1 };
        (m, d)
    } else if c.done() {
        (1, 1)
    } else {
        let (m, _) = c.digits(2, 2)?;
        let (d, _) = c.digits(2, 2)?;
        (m, d)
    };
    let mut p = DateParts {
        year,
        month: month as u32,
        day: day as u32,
        hour: 0,
        minute: 0,
        second: 0,
        fraction: 0,
    };
    let mut offset: i64 = 0;
    if !c.done() {
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return None;
        }
        c.skip_spaces();
        if !c.done() {
            p.hour = c.digits(1, 2)?.0 as u32;
            if c.eat(b':') {
                p.minute = c.digits(1, 2)?.0 as u32;
                if c.eat(b':') {
                    p.second = c.digits(1, 2)?.0 as u32;
                    if c.eat(b'.') || c.eat(b',') {
                        p.fraction = fraction_ticks(&mut c)?;
                    }
                }
            } else {
                return None;
            }
            c.skip_spaces();
            match c.peek() {
                Some(b'Z' | b'z') => c.pos += 1,
                Some(sign @ (b'+' | b'-')) => {
                    c.pos += 1;
                    let (h, _) = c.digits(2, 2)?;
                    c.eat(b':');
                    let m = c.digits(0, 2)?.0;
                    let o = h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE;
                    offset = if sign == b'+' { o } else { -o };
                }
                _ => {}
            }
        }
    }
    if !c.done() {
        let rest = std::str::from_utf8(&c.s[c.pos..]).ok()?.trim();
        if !(rest.eq_ignore_ascii_case("utc") || rest.eq_ignore_ascii_case("gmt")) {
            return None;
        }
    }
    from_parts(p).map(|t| t - offset)
}

fn parse_rfc_datetime(text: &str) -> Option<i64> {
    // [Day,] d Mon yyyy hh:mm[:ss] [GMT|UTC|Z|+hhmm]
    let text = match text.find(',') {
        Some(i) => &text[i + 1..],
        None => text,
    };
    let mut parts = text.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let mon = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| mon.starts_with(m))? as u32 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    let mut p = DateParts {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        fraction: 0,
    };
    let mut offset = 0;
    if let Some(time) = parts.next() {
        let mut it = time.split(':');
        p.hour = it.next()?.parse().ok()?;
        p.minute = it.next()?.parse().ok()?;
        if let Some(s) = it.next() {
            p.second = s.parse().ok()?;
        }
        if let Some(zone) = parts.next() {
            let z = zone.to_ascii_uppercase();
            if z == "GMT" || z == "UTC" || z == "Z" || z == "UT" {
            } else if (z.starts_with('+') || z.starts_with('-')) && z.len() == 5 {
                let h: i64 = z[1..3].parse().ok()?;
                let m: i64 = z[3..5].parse().ok()?;
                let o = h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE;
                offset = if z.starts_with('+') { o } else { -o };
            } else {
                return None;
            }
        }
    }
    if parts.next().is_some() {
        return None;
    }
    from_parts(p).map(|t| t - offset)
}

/// Formats a datetime as ISO 8601 in UTC: `2024-01-31T10:00:00Z`, with seven fractional digits
/// when `always_fraction` is set or the value has a fraction.
pub fn format_datetime_iso(ticks: i64, always_fraction: bool) -> String {
    let p = date_parts(ticks);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    );
    if always_fraction || p.fraction != 0 {
        s.push_str(&format!(".{:07}", p.fraction));
    }
    s.push('Z');
    s
}

/// Formats a timespan the way KQL prints it (.NET's constant format): `[-][d.]hh:mm:ss[.fffffff]`.
pub fn format_timespan(ticks: i64) -> String {
    let neg = ticks < 0;
    let t = ticks.unsigned_abs();
    let tps = TICKS_PER_SECOND as u64;
    let days = t / TICKS_PER_DAY as u64;
    let secs = t / tps;
    let frac = t % tps;
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if days > 0 {
        s.push_str(&format!("{days}."));
    }
    s.push_str(&format!(
        "{:02}:{:02}:{:02}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    ));
    if frac != 0 {
        s.push_str(&format!(".{frac:07}"));
    }
    s
}

/// The tick count of one unit named in a timespan literal (`d`, `h`, `min`, `ms`, `tick`...).
pub fn timespan_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "d" | "day" | "days" => TICKS_PER_DAY as f64,
        "h" | "hr" | "hrs" | "hour" | "hours" => TICKS_PER_HOUR as f64,
        "m" | "min" | "minute" | "minutes" => TICKS_PER_MINUTE as f64,
        "s" | "sec" | "second" | "seconds" => TICKS_PER_SECOND as f64,
        "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => TICKS_PER_MILLISECOND as f64,
        "microsecond" | "microseconds" => 10.0,
        "tick" | "ticks" => 1.0,
        _ => return None,
    })
}

/// Parses a timespan: a literal with a unit (`1d`, `1.5h`, `30min`, `100ms`, `10tick`) or the
/// clock form `[-][d.]hh:mm[:ss[.fffffff]]`.
pub fn parse_timespan(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let ticks = if body.contains(':') {
        parse_clock_timespan(body)?
    } else {
        let split = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (num, unit) = body.split_at(split);
        let n: f64 = num.parse().ok()?;
        let unit = if unit.is_empty() { "d" } else { unit };
        (n * timespan_unit(&unit.to_ascii_lowercase())?).round() as i64
    };
    Some(if neg { -ticks } else { ticks })
}

fn parse_clock_timespan(body: &str) -> Option<i64> {
    let mut c = Cursor {
        s: body.as_bytes(),
        pos: 0,
    };
    let (first, _) = c.digits(1, 8)?;
    let (days, hours) = if c.eat(b'.') {
        (first, c.digits(1, 2)?.0)
    } else {
        (0, first)
    };
    if !c.eat(b':') {
        return None;
    }
    let (minutes, _) = c.digits(1, 2)?;
    let mut seconds = 0;
    let mut fraction = 0;
    if c.eat(b':') {
        seconds = c.digits(1, 2)?.0;
        if c.eat(b'.') {
            fraction = fraction_ticks(&mut c)? as i64;
        }
    }
    if !c.done() || hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(
        days * TICKS_PER_DAY
            + hours * TICKS_PER_HOUR
            + minutes * TICKS_PER_MINUTE
            + seconds * TICKS_PER_SECOND
            + fraction,
    )
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Formats a datetime with a .NET-style custom format, as `format_datetime` does
/// (`yyyy-MM-dd HH:mm:ss.fff`, `tt`, `MMM`, `dddd`...). Unknown letters are copied through.
pub fn format_datetime_pattern(ticks: i64, pattern: &str) -> String {
    let p = date_parts(ticks);
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == ch {
            n += 1;
        }
        match ch {
            'y' => {
                let y = p.year;
                match n {
                    1 => out.push_str(&(y % 100).to_string()),
                    2 => out.push_str(&format!("{:02}", y % 100)),
                    _ => out.push_str(&format!("{:0width$}", y, width = n)),
                }
            }
            'M' => match n {
                1 => out.push_str(&p.month.to_string()),
                2 => out.push_str(&format!("{:02}", p.month)),
                3 => out.push_str(&MONTH_NAMES[p.month as usize - 1][..3]),
                _ => out.push_str(MONTH_NAMES[p.month as usize - 1]),
            },
            'd' => match n {
                1 => out.push_str(&p.day.to_string()),
                2 => out.push_str(&format!("{:02}", p.day)),
                3 => out.push_str(&DAY_NAMES[weekday(ticks) as usize][..3]),
                _ => out.push_str(DAY_NAMES[weekday(ticks) as usize]),
            },
            'H' => push_number(&mut out, p.hour as i64, n),
            'h' => {
                let h = match p.hour % 12 {
                    0 => 12,
                    h => h,
                };
                push_number(&mut out, h as i64, n)
            }
            'm' => push_number(&mut out, p.minute as i64, n),
            's' => push_number(&mut out, p.second as i64, n),
            'f' | 'F' => {
                let digits = format!("{:07}", p.fraction);
                let take = n.min(7);
                let part = &digits[..take];
                if ch == 'F' {
                    out.push_str(part.trim_end_matches('0'));
                } else {
                    out.push_str(part);
                }
            }
            't' => {
                let am = if p.hour < 12 { "AM" } else { "PM" };
                out.push_str(if n == 1 { &am[..1] } else { am });
            }
            _ => {
                for _ in 0..n {
                    out.push(ch);
                }
            }
        }
        i += n;
    }
    out
}

fn push_number(out: &mut String, v: i64, width: usize) {
    if width >= 2 {
        out.push_str(&format!("{v:02}"));
    } else {
        out.push_str(&v.to_string());
    }
}

/// Formats a timespan with a custom format, as `format_timespan` does (`d`, `hh`, `mm`, `ss`, `fff`).
pub fn format_timespan_pattern(ticks: i64, pattern: &str) -> String {
    let t = ticks.unsigned_abs() as i64;
    let days = t / TICKS_PER_DAY;
    let secs = t / TICKS_PER_SECOND;
    let frac = t % TICKS_PER_SECOND;
    let mut out = String::new();
    if ticks < 0 {
        out.push('-');
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == ch {
            n += 1;
        }
        match ch {
            'd' => out.push_str(&format!("{:0width$}", days, width = n)),
            'h' | 'H' => push_number(&mut out, secs / 3600 % 24, n),
            'm' => push_number(&mut out, secs / 60 % 60, n),
            's' => push_number(&mut out, secs % 60, n),
            'f' | 'F' => {
                let digits = format!("{frac:07}");
                let part = &digits[..n.min(7)];
                if ch == 'F' {
                    out.push_str(part.trim_end_matches('0'));
                } else {
                    out.push_str(part);
                }
            }
            _ => {
                for _ in 0..n {
                    out.push(ch);
                }
            }
        }
        i += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 365, 11_016, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    }

    #[test]
    fn parses_iso_forms() {
        let base = days_from_civil(2024, 1, 31) * TICKS_PER_DAY;
        assert_eq!(parse_datetime("2024-01-31"), Some(base));
        assert_eq!(
            parse_datetime("2024-01-31T10:20:30Z"),
            Some(base + 10 * TICKS_PER_HOUR + 20 * TICKS_PER_MINUTE + 30 * TICKS_PER_SECOND)
        );
        assert_eq!(
            parse_datetime("2024-01-31 10:20"),
            Some(base + 10 * TICKS_PER_HOUR + 20 * TICKS_PER_MINUTE)
        );
        assert_eq!(
            parse_datetime("2024-01-31T10:00:00.1234567Z"),
            Some(base + 10 * TICKS_PER_HOUR + 1_234_567)
        );
        assert_eq!(
            parse_datetime("2024-01-31T12:00:00+02:00"),
            Some(base + 10 * TICKS_PER_HOUR)
        );
        assert_eq!(parse_datetime("2024-02-30"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn parses_rfc_forms() {
        let t = parse_datetime("Sat, 8 Nov 2014 15:05:02 GMT").unwrap();
        assert_eq!(format_datetime_iso(t, false), "2014-11-08T15:05:02Z");
    }

    #[test]
    fn formats_iso() {
        let t = parse_datetime("2024-01-31T10:00:00.5Z").unwrap();
        assert_eq!(
            format_datetime_iso(t, false),
            "2024-01-31T10:00:00.5000000Z"
        );
        assert_eq!(format_datetime_iso(t, true), "2024-01-31T10:00:00.5000000Z");
        let t = parse_datetime("1969-12-31T23:59:59Z").unwrap();
        assert_eq!(format_datetime_iso(t, true), "1969-12-31T23:59:59.0000000Z");
    }

    #[test]
    fn timespans() {
        assert_eq!(parse_timespan("1d"), Some(TICKS_PER_DAY));
        assert_eq!(parse_timespan("1.5h"), Some(90 * TICKS_PER_MINUTE));
        assert_eq!(parse_timespan("30min"), Some(30 * TICKS_PER_MINUTE));
        assert_eq!(parse_timespan("100ms"), Some(100 * TICKS_PER_MILLISECOND));
        assert_eq!(parse_timespan("-2s"), Some(-2 * TICKS_PER_SECOND));
        assert_eq!(
            parse_timespan("1.02:03:04.5"),
            Some(
                TICKS_PER_DAY
                    + 2 * TICKS_PER_HOUR
                    + 3 * TICKS_PER_MINUTE
                    + 45 * TICKS_PER_SECOND / 10
            )
        );
        assert_eq!(
            format_timespan(TICKS_PER_DAY + 90 * TICKS_PER_MINUTE),
            "1.01:30:00"
        );
        assert_eq!(format_timespan(-TICKS_PER_SECOND / 2), "-00:00:00.5000000");
        assert_eq!(parse_timespan("abc"), None);
    }

    #[test]
    fn custom_formats() {
        let t = parse_datetime("2024-03-05T14:07:09.123Z").unwrap();
        assert_eq!(
            format_datetime_pattern(t, "yyyy-MM-dd HH:mm:ss.fff"),
            "2024-03-05 14:07:09.123"
        );
        assert_eq!(
            format_datetime_pattern(t, "M/d/yy h:mm tt"),
            "3/5/24 2:07 PM"
        );
        assert_eq!(
            format_timespan_pattern(TICKS_PER_DAY + 2 * TICKS_PER_HOUR, "d.hh:mm"),
            "1.02:00"
        );
        assert_eq!(weekday(t), 2);
        assert_eq!(
            add_months(parse_datetime("2024-01-31").unwrap(), 1),
            parse_datetime("2024-02-29").unwrap()
        );
    }
}
