//! Datetime and timespan arithmetic, binning and calendar functions.

mod engine_common;
use engine_common::*;

fn p(expr: &str) -> String {
    scalar(&format!("print {expr}"))
}

#[test]
fn now_and_ago_read_the_callers_clock() {
    assert_eq!(p("now()"), "2024-03-01T12:00:00Z");
    assert_eq!(p("ago(1d)"), "2024-02-29T12:00:00Z");
    assert_eq!(p("now(-2h)"), "2024-03-01T10:00:00Z");
    assert_eq!(
        scalar("SigninLogs | where TimeGenerated > ago(1h) | count"),
        "2"
    );
    assert_eq!(
        scalar("SigninLogs | where TimeGenerated between (ago(3h) .. now()) | count"),
        "4"
    );
}

#[test]
fn arithmetic() {
    assert_eq!(p("datetime(2024-01-01) + 1d"), "2024-01-02T00:00:00Z");
    assert_eq!(
        p("datetime(2024-01-02) - datetime(2024-01-01)"),
        "1.00:00:00"
    );
    assert_eq!(p("2h + 30m"), "02:30:00");
    assert_eq!(p("1h / 1m"), "60");
    assert_eq!(p("2 * 1h"), "02:00:00");
    assert_eq!(p("1d / 2"), "12:00:00");
    assert_eq!(p("datetime(2024-01-01) < datetime(2024-01-02)"), "true");
    assert_eq!(p("-1h"), "-01:00:00");
    assert_eq!(p("1.5s"), "00:00:01.5000000");
}

#[test]
fn binning() {
    assert_eq!(
        p("bin(datetime(2024-01-01T10:47:00Z), 1h)"),
        "2024-01-01T10:00:00Z"
    );
    assert_eq!(
        p("bin(datetime(2024-01-01T10:47:00Z), 15m)"),
        "2024-01-01T10:45:00Z"
    );
    assert_eq!(
        p("bin(datetime(1969-12-31T23:30:00Z), 1h)"),
        "1969-12-31T23:00:00Z"
    );
    assert_eq!(
        p("floor(datetime(2024-01-03T10:47:00Z), 1d)"),
        "2024-01-03T00:00:00Z"
    );
    assert_eq!(p("bin(95m, 1h)"), "01:00:00");
    assert_eq!(
        p("bin_at(datetime(2024-01-01T10:47:00Z), 1h, datetime(2024-01-01T00:30:00Z))"),
        "2024-01-01T10:30:00Z"
    );
}

#[test]
fn calendar_functions() {
    let d = "datetime(2024-03-06T15:04:05Z)";
    assert_eq!(p(&format!("startofday({d})")), "2024-03-06T00:00:00Z");
    assert_eq!(p(&format!("endofday({d})")), "2024-03-06T23:59:59.9999999Z");
    assert_eq!(p(&format!("startofweek({d})")), "2024-03-03T00:00:00Z");
    assert_eq!(p(&format!("startofmonth({d})")), "2024-03-01T00:00:00Z");
    assert_eq!(
        p(&format!("endofmonth({d})")),
        "2024-03-31T23:59:59.9999999Z"
    );
    assert_eq!(p(&format!("startofyear({d})")), "2024-01-01T00:00:00Z");
    assert_eq!(p(&format!("startofmonth({d}, -1)")), "2024-02-01T00:00:00Z");
    assert_eq!(p(&format!("dayofweek({d})")), "3.00:00:00");
    assert_eq!(p(&format!("hourofday({d})")), "15");
    assert_eq!(p(&format!("dayofmonth({d})")), "6");
    assert_eq!(p(&format!("dayofyear({d})")), "66");
    assert_eq!(p(&format!("getmonth({d})")), "3");
    assert_eq!(p(&format!("getyear({d})")), "2024");
    assert_eq!(p(&format!("week_of_year({d})")), "10");
    assert_eq!(p(&format!("datetime_part('minute', {d})")), "4");
}

#[test]
fn diff_and_add() {
    assert_eq!(
        p("datetime_diff('day', datetime(2024-01-03), datetime(2024-01-01))"),
        "2"
    );
    assert_eq!(
        p("datetime_diff('hour', datetime(2024-01-01T05:00:00Z), datetime(2024-01-01T02:59:00Z))"),
        "3"
    );
    assert_eq!(
        p("datetime_diff('month', datetime(2024-03-01), datetime(2023-12-31))"),
        "3"
    );
    assert_eq!(
        p("datetime_diff('year', datetime(2024-01-01), datetime(2023-12-31))"),
        "1"
    );
    assert_eq!(
        p("datetime_add('month', 1, datetime(2024-01-31))"),
        "2024-02-29T00:00:00Z"
    );
    assert_eq!(
        p("datetime_add('hour', -2, datetime(2024-01-01))"),
        "2023-12-31T22:00:00Z"
    );
}

#[test]
fn formatting() {
    let d = "datetime(2024-03-06T15:04:05.123Z)";
    assert_eq!(
        p(&format!("format_datetime({d}, 'yyyy-MM-dd HH:mm:ss.fff')")),
        "2024-03-06 15:04:05.123"
    );
    assert_eq!(
        p(&format!("format_datetime({d}, 'dd/MM/yy hh:mm tt')")),
        "06/03/24 03:04 PM"
    );
    assert_eq!(p("format_timespan(1d + 2h + 3m, 'd.hh:mm')"), "1.02:03");
    assert_eq!(
        p("tostring(datetime(2024-01-01T00:00:00.5Z))"),
        "2024-01-01T00:00:00.5000000Z"
    );
    assert_eq!(
        p("make_datetime(2024, 2, 29, 1, 2, 3)"),
        "2024-02-29T01:02:03Z"
    );
    assert_eq!(p("make_timespan(1, 30)"), "01:30:00");
    assert_eq!(
        p("unixtime_seconds_todatetime(1700000000)"),
        "2023-11-14T22:13:20Z"
    );
}

#[test]
fn log_analytics_json_cells() {
    let out = try_run("print d = datetime(2024-01-01), t = 90m, g = guid(0f8fad5b-d9cb-469f-a165-70867728950e), j = dynamic({'a':[1]}), n = long(null), s = 'x', r = 1.5, b = true").unwrap();
    let j = kql::engine::to_log_analytics_json(&out.tables);
    assert_eq!(
        j,
        serde_json::json!([{
            "name": "PrimaryResult",
            "columns": [
                {"name": "d", "type": "datetime"}, {"name": "t", "type": "timespan"},
                {"name": "g", "type": "guid"}, {"name": "j", "type": "dynamic"},
                {"name": "n", "type": "long"}, {"name": "s", "type": "string"},
                {"name": "r", "type": "real"}, {"name": "b", "type": "bool"}
            ],
            "rows": [["2024-01-01T00:00:00.0000000Z", "01:30:00", "0f8fad5b-d9cb-469f-a165-70867728950e", "{\"a\":[1]}", null, "x", 1.5, true]]
        }])
    );
}
