//! Axis ticks people can read: numbers at 1, 2 or 5 times a power of ten, and times at whole
//! seconds, minutes, hours or days, labelled to fit the step.

use kql::time::format_datetime_pattern;

/// Ticks (100 ns) per unit.
const SECOND: i64 = 10_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// A numeric axis: its (widened) bounds and tick values.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

/// About `target` ticks at round values covering `lo..=hi`; the bounds widen to the outer ticks.
pub fn nice_scale(lo: f64, hi: f64, target: usize) -> Scale {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if lo == hi {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let min = (lo / step).floor() * step;
    let max = (hi / step).ceil() * step;
    let n = ((max - min) / step).round() as usize;
    let ticks = (0..=n).map(|i| clean(min + i as f64 * step)).collect();
    Scale {
        min: clean(min),
        max: clean(max),
        ticks,
    }
}

/// Rounds away the binary noise of `0.1 + 0.2`.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The smallest of 1, 2, 5 × 10ⁿ at least `rough`.
pub fn nice_step(rough: f64) -> f64 {
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(rough.log10().floor());
    let f = rough / power;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Steps a time axis may use, in ticks.
const TIME_STEPS: [i64; 19] = [
    SECOND,
    5 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    5 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
    91 * DAY,
    365 * DAY,
];

/// A time tick: where (in ticks) and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeTick {
    pub at: i64,
    pub label: String,
}

/// At most about `target` ticks at whole steps within `lo..=hi` (UTC), labelled `HH:mm` (with the
/// date where the day changes and on the first tick) below a day, `MMM d` from a day, `yyyy-MM`
/// from a month.
pub fn time_ticks(lo: i64, hi: i64, target: usize) -> Vec<TimeTick> {
    if hi <= lo {
        return vec![TimeTick {
            at: lo,
            label: format_datetime_pattern(lo, "yyyy-MM-dd HH:mm"),
        }];
    }
    let rough = (hi - lo) / target.max(1) as i64;
    let step = TIME_STEPS
        .iter()
        .copied()
        .find(|s| *s >= rough)
        .unwrap_or_else(|| (rough / (365 * DAY) + 1) * 365 * DAY);
    let first = lo.div_euclid(step) * step + if lo.rem_euclid(step) == 0 { 0 } else { step };
    let mut out = Vec::new();
    let mut at = first;
    let mut last_day = None;
    while at <= hi {
        let day = at.div_euclid(DAY);
        let label = if step >= 30 * DAY {
            format_datetime_pattern(at, "yyyy-MM")
        } else if step >= DAY {
            format_datetime_pattern(at, "MMM d")
        } else {
            let clock = if step < MINUTE { "HH:mm:ss" } else { "HH:mm" };
            if last_day != Some(day) {
                format!(
                    "{} {}",
                    format_datetime_pattern(at, "MMM d"),
                    format_datetime_pattern(at, clock)
                )
            } else {
                format_datetime_pattern(at, clock)
            }
        };
        last_day = Some(day);
        out.push(TimeTick { at, label });
        at += step;
    }
    out
}

/// A number for an axis or a tooltip: thousands as `K`, millions as `M`, billions as `B` from
/// 10,000 up; otherwise up to three decimals without trailing zeros.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "K")
    } else {
        (v, "")
    };
    let text = format!("{scaled:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ticks_are_round() {
        let s = nice_scale(0.0, 97.0, 5);
        assert_eq!(s.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!((s.min, s.max), (0.0, 100.0));
        let s = nice_scale(0.1, 0.7, 4);
        assert_eq!(s.ticks, vec![0.0, 0.2, 0.4, 0.6, 0.8]);
        let s = nice_scale(-3.0, 12.0, 5);
        assert_eq!(s.ticks, vec![-5.0, 0.0, 5.0, 10.0, 15.0]);
        // One value, or none, still gives an axis.
        assert!(nice_scale(5.0, 5.0, 5).ticks.len() > 1);
        assert_eq!(nice_scale(0.0, 0.0, 5).min, -1.0);
        assert_eq!(nice_scale(f64::NAN, 1.0, 5).max, 1.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1200.0), 2000.0);
    }

    #[test]
    fn time_ticks_fall_on_whole_hours_and_days() {
        let t0 = kql::time::parse_datetime("2026-11-26T22:10:00Z").unwrap();
        let t1 = kql::time::parse_datetime("2026-11-27T10:00:00Z").unwrap();
        let ticks = time_ticks(t0, t1, 6);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            vec!["Nov 27 00:00", "03:00", "06:00", "09:00"],
            "{ticks:?}"
        );
        let t1 = kql::time::parse_datetime("2026-12-03T00:00:00Z").unwrap();
        let labels: Vec<String> = time_ticks(t0, t1, 6).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, vec!["Nov 27", "Nov 29", "Dec 1", "Dec 3"]);
        let t1 = t0 + 3 * MINUTE;
        let ticks = time_ticks(t0, t1, 6);
        assert_eq!(ticks[0].label, "Nov 26 22:10:00");
        assert_eq!(ticks[1].label, "22:10:30");
        assert_eq!(time_ticks(t0, t0, 5).len(), 1);
        assert!(time_ticks(t0, t0 + 3000 * DAY, 5).len() <= 6);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(1234.0), "1234");
        assert_eq!(format_number(12_500.0), "12.5K");
        assert_eq!(format_number(-2_000_000.0), "-2M");
        assert_eq!(format_number(0.125), "0.125");
        assert_eq!(format_number(1.0 / 3.0), "0.333");
        assert_eq!(format_number(3e9), "3B");
        assert_eq!(format_number(-0.0001), "0");
    }
}
