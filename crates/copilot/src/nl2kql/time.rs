//! Time windows: "last 24 hours", "past week", "since Monday", "in March", "between X and Y",
//! "on 2022-10-05", turned into a KQL condition on the table's time column.

use super::text::{joined_raw, parse_number, Shape, Token};

/// A calendar date and time of day, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Moment {
    pub y: i64,
    pub mo: u32,
    pub d: u32,
    pub h: u32,
    pub mi: u32,
    pub s: u32,
}

impl Moment {
    /// From seconds since the Unix epoch.
    pub(crate) fn from_unix(secs: i64) -> Moment {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, mo, d) = civil_from_days(days);
        Moment {
            y,
            mo,
            d,
            h: (rem / 3600) as u32,
            mi: (rem % 3600 / 60) as u32,
            s: (rem % 60) as u32,
        }
    }

    fn date(y: i64, mo: u32, d: u32) -> Moment {
        Moment {
            y,
            mo,
            d,
            h: 0,
            mi: 0,
            s: 0,
        }
    }

    fn days(&self) -> i64 {
        days_from_civil(self.y, self.mo, self.d)
    }

    fn plus_days(&self, n: i64) -> Moment {
        let (y, mo, d) = civil_from_days(self.days() + n);
        Moment { y, mo, d, ..*self }
    }

    fn start_of_day(&self) -> Moment {
        Moment::date(self.y, self.mo, self.d)
    }

    fn has_time(&self) -> bool {
        self.h != 0 || self.mi != 0 || self.s != 0
    }

    /// `datetime(2022-10-05)` or `datetime(2022-10-05T20:54:33Z)`.
    pub(crate) fn kql(&self) -> String {
        if self.has_time() {
            format!(
                "datetime({:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z)",
                self.y, self.mo, self.d, self.h, self.mi, self.s
            )
        } else {
            format!("datetime({:04}-{:02}-{:02})", self.y, self.mo, self.d)
        }
    }

    /// Canonical text, for comparing literals.
    pub(crate) fn canonical(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.y, self.mo, self.d, self.h, self.mi, self.s
        )
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn valid(y: i64, mo: u32, d: u32) -> bool {
    (1900..=2200).contains(&y) && (1..=12).contains(&mo) && (1..=31).contains(&d)
}

/// A date as typed: `2022-10-05`, `2022-4-19`, `03/08/2024` (month first unless impossible),
/// `12-12-2022`, optionally with a `T` time.
pub(crate) fn parse_date(s: &str) -> Option<Moment> {
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) if !t.is_empty() => (d, Some(t.trim_end_matches(['Z', 'z']))),
        _ => (s, None),
    };
    let sep = if date.contains('-') {
        '-'
    } else if date.contains('/') {
        '/'
    } else {
        return None;
    };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    let (y, mo, d) = if parts[0].len() == 4 {
        (n[0], n[1] as u32, n[2] as u32)
    } else if parts[2].len() == 4 {
        if n[0] > 12 {
            (n[2], n[1] as u32, n[0] as u32)
        } else {
            (n[2], n[0] as u32, n[1] as u32)
        }
    } else {
        return None;
    };
    if !valid(y, mo, d) {
        return None;
    }
    let mut m = Moment::date(y, mo, d);
    if let Some(t) = time {
        let (h, mi, sec) = parse_clock(t)?;
        m.h = h;
        m.mi = mi;
        m.s = sec;
    }
    Some(m)
}

/// A time of day: `23:39`, `20:54:33`, `20:54.33`, `1:50PM`.
pub(crate) fn parse_clock(s: &str) -> Option<(u32, u32, u32)> {
    if !s.contains(':') {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (body, pm, am) = if let Some(b) = lower.strip_suffix("pm") {
        (b.to_string(), true, false)
    } else if let Some(b) = lower.strip_suffix("am") {
        (b.to_string(), false, true)
    } else {
        (lower.clone(), false, false)
    };
    let body = body.split('.').collect::<Vec<_>>();
    let (hm, frac_sec) = match body.as_slice() {
        [hm] => (*hm, None),
        [hm, s] => (*hm, Some(*s)),
        _ => return None,
    };
    let parts: Vec<&str> = hm.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect();
    let nums = nums?;
    let mut h = nums[0];
    let mi = nums[1];
    let mut sec = nums.get(2).copied().unwrap_or(0);
    if let Some(f) = frac_sec {
        if parts.len() == 2 && f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()) {
            sec = f.parse().ok()?;
        } else if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    (h < 24 && mi < 60 && sec < 60).then_some((h, mi, sec))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_of(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w
                || (w.len() >= 3 && m.starts_with(w) && w != "mar" || w == "mar" && *m == "march")
        })
        .map(|i| i as u32 + 1)
}

fn weekday_of(w: &str) -> Option<i64> {
    WEEKDAYS
        .iter()
        .position(|d| *d == w || (w.len() >= 3 && d.starts_with(w)))
        .map(|i| i as i64)
}

/// Where the window sits and how it reads as KQL, with the token indices it used.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TimeWindow {
    /// The condition, with `{col}` standing for the time column.
    pub condition: String,
    /// How it reads in words.
    pub description: String,
    /// Indices of tokens that expressed it.
    pub used: Vec<usize>,
    /// Approximate length of the window in hours (for choosing a bin size).
    pub hours: Option<f64>,
}

pub(crate) fn unit_of(w: &str) -> Option<(&'static str, f64)> {
    Some(match w {
        "second" | "seconds" | "sec" | "secs" | "s" => ("s", 1.0 / 3600.0),
        "minute" | "minutes" | "min" | "mins" | "m" => ("m", 1.0 / 60.0),
        "hour" | "hours" | "hr" | "hrs" | "h" => ("h", 1.0),
        "day" | "days" | "d" => ("d", 24.0),
        "week" | "weeks" | "wk" | "wks" | "w" => ("w", 168.0),
        "month" | "months" | "mo" => ("mo", 720.0),
        "year" | "years" | "yr" | "yrs" => ("y", 8760.0),
        _ => return None,
    })
}

pub(crate) fn word_number(w: &str) -> Option<f64> {
    Some(match w {
        "a" | "an" | "one" | "single" => 1.0,
        "two" | "couple" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "twelve" => 12.0,
        "fourteen" => 14.0,
        "thirty" => 30.0,
        "sixty" => 60.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// A KQL timespan for `n` units, as an analyst would write it (`7d`, `24h`, `30m`).
pub(crate) fn timespan(n: f64, unit: &str) -> String {
    let n = if n.fract() == 0.0 {
        n as i64
    } else {
        n.round() as i64
    };
    match unit {
        "s" => format!("{n}s"),
        "m" => format!("{n}m"),
        "h" => format!("{n}h"),
        "d" => format!("{n}d"),
        "w" => format!("{}d", n * 7),
        "mo" => format!("{}d", n * 30),
        _ => format!("{}d", n * 365),
    }
}

/// A date with an optional clock time in the tokens starting at `i`; returns the moment and the
/// next index.
fn moment_at(tokens: &[Token], i: usize, now: &Moment) -> Option<(Moment, usize)> {
    let t = tokens.get(i)?;
    let mut m;
    let mut j = i + 1;
    match t.shape {
        Shape::Date => {
            m = parse_date(&t.raw)?;
            // "2022-10-05 23:39", "12-12-2022 1:50 PM"
            if let Some(c) = tokens.get(j).filter(|c| c.shape == Shape::Clock) {
                let (h, mi, s) = clock_with_meridiem(tokens, j)?;
                m.h = h;
                m.mi = mi;
                m.s = s;
                j += 1;
                let _ = c;
                if tokens
                    .get(j)
                    .is_some_and(|t| matches!(t.lower.as_str(), "am" | "pm"))
                {
                    j += 1;
                }
            }
            if tokens.get(j).is_some_and(|t| t.lower == "utc") {
                j += 1;
            }
        }
        Shape::Word => {
            let mo = month_of(&t.lower)?;
            // "March 5, 2024", "March 2024", "March 5"
            let mut d = 1;
            let mut y = None;
            if let Some(n) = tokens.get(j).filter(|t| t.shape == Shape::Number) {
                let v = parse_number(&n.raw)? as i64;
                if (1..=31).contains(&v) {
                    d = v as u32;
                    j += 1;
                } else if (1900..=2200).contains(&v) {
                    y = Some(v);
                    j += 1;
                }
            }
            if y.is_none() {
                if let Some(n) = tokens.get(j).filter(|t| t.shape == Shape::Number) {
                    let v = parse_number(&n.raw)? as i64;
                    if (1900..=2200).contains(&v) {
                        y = Some(v);
                        j += 1;
                    }
                }
            }
            let y = y.unwrap_or(if mo <= now.mo { now.y } else { now.y - 1 });
            m = Moment::date(y, mo, d);
        }
        _ => return None,
    }
    Some((m, j))
}

fn clock_with_meridiem(tokens: &[Token], j: usize) -> Option<(u32, u32, u32)> {
    let c = tokens.get(j)?;
    let mer = tokens
        .get(j + 1)
        .filter(|t| matches!(t.lower.as_str(), "am" | "pm"))
        .map(|t| t.lower.clone())
        .unwrap_or_default();
    parse_clock(&format!("{}{}", c.raw, mer))
}

/// An amount of time from token `k` on ("7 days", "a week", "24 h", "week"): how many, the
/// index of the unit's token, the unit and its length in hours. A lone letter is a unit only
/// after a number ("the past 24 h").
fn amount_of_time(tokens: &[Token], k: usize) -> Option<(f64, usize, &'static str, f64)> {
    let t = tokens.get(k)?;
    let said = if t.shape == Shape::Number {
        parse_number(&t.raw)
    } else {
        word_number(&t.lower)
    };
    let (n, j) = said.map_or((1.0, k), |v| (v, k + 1));
    let w = tokens.get(j)?.lower.as_str();
    let (u, hours) = unit_of(w)?;
    (w.len() > 1 || j > k && matches!(w, "h" | "d" | "w")).then_some((n, j, u, hours))
}

/// The window of an amount of time said after the word at `i` ("last 7 days", "next week"),
/// its unit at `j`: that word, the amount and the words before it that lead to it are used.
fn amount_window(
    tokens: &[Token],
    i: usize,
    j: usize,
    hours: f64,
    condition: String,
    word: &str,
) -> TimeWindow {
    let mut used: Vec<usize> = (i..=j).collect();
    preceding_in(tokens, i, &mut used);
    TimeWindow {
        condition,
        description: format!("the {word} {}", joined_raw(tokens, i + 1, j + 1)),
        used,
        hours: Some(hours),
    }
}

/// Finds the time window in the question, if any.
pub(crate) fn find_window(tokens: &[Token], now_unix: i64) -> Option<TimeWindow> {
    let now = Moment::from_unix(now_unix);
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len() {
        let w = lw(i);
        // Relative: "last 24 hours", "past week", "in the last 7 days", "previous 2 weeks".
        if matches!(
            w,
            "last" | "past" | "previous" | "prior" | "recent" | "latest"
        ) {
            // "24h", "7d" written as one word.
            if let Some(t) = tokens.get(i + 1).filter(|t| t.shape == Shape::Identifier) {
                let digits: String = t.lower.chars().take_while(|c| c.is_ascii_digit()).collect();
                let unit = &t.lower[digits.len()..];
                if let (Ok(v), Some((u, hours))) = (digits.parse::<f64>(), unit_of(unit)) {
                    let mut used = vec![i, i + 1];
                    preceding_in(tokens, i, &mut used);
                    return Some(TimeWindow {
                        condition: format!("{{col}} > ago({})", timespan(v, u)),
                        description: format!("the last {}", t.raw),
                        used,
                        hours: Some(v * hours),
                    });
                }
            }
            if let Some((n, j, u, hours)) = amount_of_time(tokens, i + 1) {
                let condition = format!("{{col}} > ago({})", timespan(n, u));
                return Some(amount_window(tokens, i, j, n * hours, condition, "last"));
            }
        }
        // "in the next 7 days", "within the coming week": from now on (expiry dates).
        if matches!(w, "next" | "coming" | "upcoming") {
            if let Some((n, j, u, hours)) = amount_of_time(tokens, i + 1) {
                let condition = format!("{{col}} between (now() .. now() + {})", timespan(n, u));
                return Some(amount_window(tokens, i, j, n * hours, condition, "next"));
            }
        }
        // "5 days ago", "2 hours ago": since then.
        if let (Some(t), Some((u, hours))) = (tokens.get(i), unit_of(lw(i + 1))) {
            if lw(i + 2) == "ago" && lw(i + 1).len() > 1 {
                let n = if t.shape == Shape::Number {
                    parse_number(&t.raw)
                } else {
                    word_number(&t.lower)
                };
                if let Some(n) = n {
                    let span = timespan(n, u);
                    return Some(TimeWindow {
                        condition: format!("{{col}} > ago({span})"),
                        description: format!("since {} {} ago", t.raw, tokens[i + 1].raw),
                        used: vec![i, i + 1, i + 2],
                        hours: Some(n * hours),
                    });
                }
            }
        }
        // "today", "yesterday", "this week/month", "since yesterday": relative to now, as
        // analysts write them, so that a saved query stays right tomorrow.
        let since = w == "since" && matches!(lw(i + 1), "yesterday" | "today");
        match if since { lw(i + 1) } else { w } {
            "today" | "todays" => {
                return Some(TimeWindow {
                    condition: "{col} >= startofday(now())".into(),
                    description: "today (UTC)".into(),
                    used: if since { vec![i, i + 1] } else { vec![i] },
                    hours: Some(24.0),
                });
            }
            "yesterday" | "yesterdays" if since => {
                return Some(TimeWindow {
                    condition: "{col} >= startofday(ago(1d))".into(),
                    description: "since the start of yesterday (UTC)".into(),
                    used: vec![i, i + 1],
                    hours: Some(48.0),
                });
            }
            "yesterday" | "yesterdays" => {
                return Some(TimeWindow {
                    condition: "{col} between (startofday(ago(1d)) .. startofday(now()))".into(),
                    description: "yesterday (UTC)".into(),
                    used: vec![i],
                    hours: Some(24.0),
                });
            }
            "this" if matches!(lw(i + 1), "week" | "month" | "year") => {
                let today = now.start_of_day();
                // Kusto's weeks start on Sunday.
                let (start, f) = match lw(i + 1) {
                    "week" => (
                        today.plus_days(-(today.days() + 4).rem_euclid(7)),
                        "startofweek",
                    ),
                    "month" => (Moment::date(now.y, now.mo, 1), "startofmonth"),
                    _ => (Moment::date(now.y, 1, 1), "startofyear"),
                };
                return Some(TimeWindow {
                    condition: format!("{{col}} >= {f}(now())"),
                    description: format!("this {} (since {})", lw(i + 1), &start.canonical()[..10]),
                    used: vec![i, i + 1],
                    hours: Some(((now.days() - start.days()).max(1) * 24) as f64),
                });
            }
            _ => {}
        }
        // "between X and Y", "from X to Y", "between 08:15.20 and 09:40.05 on 2023-03-14"
        if matches!(w, "between" | "from") {
            if let Some(win) = range_at(tokens, i, &now) {
                return Some(win);
            }
        }
        // "since Monday", "since 2022-10-05", "after ...", "before ...", "on ..."
        if matches!(
            w,
            "since"
                | "after"
                | "before"
                | "until"
                | "till"
                | "on"
                | "in"
                | "during"
                | "from"
                | "at"
        ) {
            let mut j = i + 1;
            let mut or_after = false;
            if w == "on" && lw(j) == "or" && matches!(lw(j + 1), "after" | "before") {
                or_after = true;
                j += 2;
            }
            if lw(j) == "the" {
                j += 1;
            }
            if let Some(day) = weekday_of(lw(j)).filter(|_| matches!(w, "since" | "on" | "from")) {
                let today = now.start_of_day();
                let today_wd = (today.days() + 3).rem_euclid(7);
                let back = (today_wd - day).rem_euclid(7);
                let start = today.plus_days(-back);
                let (condition, hours) = if w == "on" {
                    (
                        format!(
                            "{{col}} >= {} and {{col}} < {}",
                            start.kql(),
                            start.plus_days(1).kql()
                        ),
                        24.0,
                    )
                } else {
                    (
                        format!("{{col}} >= {}", start.kql()),
                        (back.max(1) * 24) as f64,
                    )
                };
                return Some(TimeWindow {
                    condition,
                    description: format!("{} {} ({})", w, tokens[j].raw, &start.canonical()[..10]),
                    used: (i..=j).collect(),
                    hours: Some(hours),
                });
            }
            if let Some((m, next)) = moment_at(tokens, j, &now) {
                let is_month = tokens[j].shape == Shape::Word;
                let whole_month = is_month && (next == j + 1 || tokens[next - 1].raw.len() == 4);
                if is_month
                    && !matches!(
                        w,
                        "in" | "during" | "since" | "after" | "before" | "on" | "from" | "until"
                    )
                {
                    continue;
                }
                let used: Vec<usize> = (i..next).collect();
                let (condition, description, hours) = if whole_month && matches!(w, "in" | "during")
                {
                    let end = if m.mo == 12 {
                        Moment::date(m.y + 1, 1, 1)
                    } else {
                        Moment::date(m.y, m.mo + 1, 1)
                    };
                    (
                        format!("{{col}} >= {} and {{col}} < {}", m.kql(), end.kql()),
                        format!("{} {}", MONTHS[m.mo as usize - 1], m.y),
                        Some(((end.days() - m.days()) * 24) as f64),
                    )
                } else {
                    match w {
                        "since" | "from" => (
                            format!("{{col}} >= {}", m.kql()),
                            format!("since {}", m.canonical()),
                            None,
                        ),
                        "after" if or_after => (
                            format!("{{col}} >= {}", m.kql()),
                            format!("on or after {}", m.canonical()),
                            None,
                        ),
                        "after" => (
                            format!("{{col}} > {}", m.kql()),
                            format!("after {}", m.canonical()),
                            None,
                        ),
                        "before" | "until" | "till" => (
                            format!("{{col}} < {}", m.kql()),
                            format!("before {}", m.canonical()),
                            None,
                        ),
                        "on" if or_after && lw(i + 2) == "before" => (
                            format!("{{col}} <= {}", m.kql()),
                            format!("on or before {}", m.canonical()),
                            None,
                        ),
                        "on" if or_after => (
                            format!("{{col}} >= {}", m.kql()),
                            format!("on or after {}", m.canonical()),
                            None,
                        ),
                        _ if m.has_time() => (
                            format!("{{col}} >= {}", m.kql()),
                            format!("from {}", m.canonical()),
                            None,
                        ),
                        _ => (
                            format!(
                                "{{col}} >= {} and {{col}} < {}",
                                m.kql(),
                                m.plus_days(1).kql()
                            ),
                            format!("on {}", &m.canonical()[..10]),
                            Some(24.0),
                        ),
                    }
                };
                return Some(TimeWindow {
                    condition,
                    description,
                    used,
                    hours,
                });
            }
        }
    }
    // A bare date anywhere: the day it names.
    for (i, t) in tokens.iter().enumerate() {
        if t.shape == Shape::Date {
            if let Some((m, next)) = moment_at(tokens, i, &now) {
                let (condition, description) = if m.has_time() {
                    (
                        format!("{{col}} >= {}", m.kql()),
                        format!("from {}", m.canonical()),
                    )
                } else {
                    (
                        format!(
                            "{{col}} >= {} and {{col}} < {}",
                            m.kql(),
                            m.plus_days(1).kql()
                        ),
                        format!("on {}", &m.canonical()[..10]),
                    )
                };
                return Some(TimeWindow {
                    condition,
                    description,
                    used: (i..next).collect(),
                    hours: Some(24.0),
                });
            }
        }
    }
    // A span with nothing else to place it ("in 7 days", "within 48 hours", "over two weeks"):
    // the span up to now.
    for i in 0..tokens.len() {
        if !matches!(lw(i), "in" | "within" | "over" | "during" | "for") {
            continue;
        }
        let Some(t) = tokens.get(i + 1) else {
            continue;
        };
        let n = if t.shape == Shape::Number {
            parse_number(&t.raw)
        } else {
            word_number(&t.lower).filter(|_| !matches!(t.lower.as_str(), "single"))
        };
        if let (Some(n), Some((u, hours))) = (n, unit_of(lw(i + 2))) {
            if lw(i + 2).len() > 1 && n > 0.0 {
                return Some(TimeWindow {
                    condition: format!("{{col}} > ago({})", timespan(n, u)),
                    description: if matches!(t.lower.as_str(), "a" | "an" | "one") {
                        format!("the last {}", tokens[i + 2].raw)
                    } else {
                        format!("the last {} {}", t.raw, tokens[i + 2].raw)
                    },
                    used: vec![i, i + 1, i + 2],
                    hours: Some(n * hours),
                });
            }
        }
    }
    None
}

/// Marks "in the" / "over the" / "for the" / "during the" before a relative window as used.
fn preceding_in(tokens: &[Token], i: usize, used: &mut Vec<usize>) {
    let mut k = i;
    while k > 0
        && matches!(
            tokens[k - 1].lower.as_str(),
            "the" | "in" | "over" | "for" | "during" | "within" | "of"
        )
    {
        k -= 1;
        used.push(k);
    }
}

fn range_at(tokens: &[Token], i: usize, now: &Moment) -> Option<TimeWindow> {
    let lw = |k: usize| tokens.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    let j = i + 1;
    // Clock-only range with a date after: "between 08:15.20 and 09:40.05 on 2023-03-14".
    if tokens.get(j).is_some_and(|t| t.shape == Shape::Clock) {
        let a = clock_with_meridiem(tokens, j)?;
        let mut k = j + 1;
        if matches!(lw(k), "am" | "pm") {
            k += 1;
        }
        if !matches!(lw(k), "and" | "to" | "until" | "-") {
            return None;
        }
        k += 1;
        let b = clock_with_meridiem(tokens, k)?;
        k += 1;
        if matches!(lw(k), "am" | "pm") {
            k += 1;
        }
        if matches!(lw(k), "on" | "of") {
            k += 1;
        }
        let (day, next) = moment_at(tokens, k, now)?;
        let start = Moment {
            h: a.0,
            mi: a.1,
            s: a.2,
            ..day
        };
        let end = Moment {
            h: b.0,
            mi: b.1,
            s: b.2,
            ..day
        };
        return Some(TimeWindow {
            condition: format!("{{col}} between ({} .. {})", start.kql(), end.kql()),
            description: format!("between {} and {}", start.canonical(), end.canonical()),
            used: (i..next).collect(),
            hours: Some(1.0),
        });
    }
    let (a, k) = moment_at(tokens, j, now)?;
    if !matches!(lw(k), "and" | "to" | "until" | "through" | "-") {
        return None;
    }
    // The end may be a clock time on the same day: "from 2022-10-06 01:39 to 01:44".
    let (b, next) = if tokens.get(k + 1).is_some_and(|t| t.shape == Shape::Clock) {
        let c = clock_with_meridiem(tokens, k + 1)?;
        (
            Moment {
                h: c.0,
                mi: c.1,
                s: c.2,
                ..a
            },
            k + 2,
        )
    } else {
        moment_at(tokens, k + 1, now)?
    };
    Some(TimeWindow {
        condition: format!("{{col}} between ({} .. {})", a.kql(), b.kql()),
        description: format!("between {} and {}", a.canonical(), b.canonical()),
        used: (i..next).collect(),
        hours: Some(((b.days() - a.days()).max(1) * 24) as f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl2kql::text::tokenize;

    // 2026-11-27T04:00:00Z, a Friday.
    const NOW: i64 = 1_795_752_000;

    fn window(q: &str) -> String {
        find_window(&tokenize(q), NOW)
            .map(|w| w.condition)
            .unwrap_or_default()
    }

    #[test]
    fn relative_windows() {
        assert_eq!(window("incidents in the last 24 hours"), "{col} > ago(24h)");
        assert_eq!(window("sign-ins for the past week"), "{col} > ago(7d)");
        assert_eq!(window("last 90 days"), "{col} > ago(90d)");
        assert_eq!(window("previous two weeks"), "{col} > ago(14d)");
        assert_eq!(window("events received 5 days ago"), "{col} > ago(5d)");
    }

    #[test]
    fn calendar_windows() {
        assert_eq!(Moment::from_unix(NOW).canonical(), "2026-11-27T04:00:00");
        assert_eq!(
            window("alerts since Monday"),
            "{col} >= datetime(2026-11-23)"
        );
        assert_eq!(
            window("alerts in March"),
            "{col} >= datetime(2026-03-01) and {col} < datetime(2026-04-01)"
        );
        assert_eq!(
            window("events on 2022-10-05"),
            "{col} >= datetime(2022-10-05) and {col} < datetime(2022-10-06)"
        );
        assert_eq!(
            window("from 2023-01-17 06:25 to 2023-02-02 18:03"),
            "{col} between (datetime(2023-01-17T06:25:00Z) .. datetime(2023-02-02T18:03:00Z))"
        );
        assert_eq!(
            window("between 08:15.20 and 09:40.05 on 2023-03-14."),
            "{col} between (datetime(2023-03-14T08:15:20Z) .. datetime(2023-03-14T09:40:05Z))"
        );
        assert_eq!(
            window("between 03-07-2023 4:05 PM UTC and 03-07-2023 5:30 PM UTC"),
            "{col} between (datetime(2023-03-07T16:05:00Z) .. datetime(2023-03-07T17:30:00Z))"
        );
        assert_eq!(
            window("seen on or after 2023-04-11 07:12"),
            "{col} >= datetime(2023-04-11T07:12:00Z)"
        );
    }
}
