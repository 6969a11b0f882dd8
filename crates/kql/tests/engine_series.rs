//! `mv-apply`, `evaluate pivot` and the series functions (`series_fit_line`, `series_fit_2lines`,
//! `series_decompose`, `series_decompose_anomalies`, `series_decompose_forecast`), on hand-made tables,
//! with the examples of the KQL documentation where it gives them.

mod engine_common;

use engine_common::{opts, run};
use kql::engine::{execute, Database};
use kql::Value;
use serde_json::json;

fn names(out: &kql::Table) -> Vec<&str> {
    out.columns.iter().map(|c| c.name.as_str()).collect()
}

fn dynamic(v: serde_json::Value) -> Value {
    Value::dynamic(v)
}

const DATA: &str =
    "let _data = range x from 1 to 8 step 1 | summarize l = make_list(x) by xMod2 = x % 2;\n";

#[test]
fn mv_apply_runs_the_subquery_on_each_rows_elements() {
    let out = run(&format!(
        "{DATA}_data | mv-apply element = l to typeof(long) on (top 1 by element)"
    ));
    assert_eq!(names(&out), ["xMod2", "l", "element"]);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Long(1), dynamic(json!([1, 3, 5, 7])), Value::Long(7)],
            vec![Value::Long(0), dynamic(json!([2, 4, 6, 8])), Value::Long(8)],
        ]
    );
}

#[test]
fn mv_apply_adds_back_the_columns_the_subquery_drops() {
    let out = run(&format!(
        "{DATA}_data | mv-apply l to typeof(long) on (top 2 by l | summarize SumOfTop2 = sum(l))"
    ));
    assert_eq!(names(&out), ["xMod2", "SumOfTop2"]);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Long(1), Value::Long(12)],
            vec![Value::Long(0), Value::Long(14)],
        ]
    );
}

#[test]
fn mv_apply_subqueries_see_the_rows_other_columns() {
    let out = run(r#"datatable(Text: string, Words: dynamic) [
            "sign-in from tor exit", dynamic(["tor", "vpn"]),
            "mailbox rule created", dynamic(["tor"]),
            "nothing", dynamic([])
        ]
        | mv-apply w = Words to typeof(string) on (where Text has w)
        | project Text, w"#);
    assert_eq!(
        out.rows,
        vec![vec![
            Value::from("sign-in from tor exit"),
            Value::from("tor")
        ]]
    );
}

#[test]
fn series_fit_line_fits_a_straight_series_exactly() {
    let out = run(
        "print y = dynamic([1, 3, 5, 7]) | extend (rsquare, slope, variance, rvariance, interception, line_fit) = series_fit_line(y)",
    );
    let r = &out.rows[0];
    assert_eq!(r[1], Value::Real(1.0));
    assert_eq!(r[2], Value::Real(2.0));
    assert_eq!(r[5], Value::Real(1.0));
    assert_eq!(r[4], Value::Real(0.0));
    assert_eq!(r[6], dynamic(json!([1.0, 3.0, 5.0, 7.0])));
}

#[test]
fn series_fit_2lines_finds_the_trend_change() {
    let out = run(
        "print y = dynamic([0, 1, 2, 3, 4, 10, 10, 10, 10, 10]) \
         | extend (RSquare, SplitIdx, Variance, RVariance, TrendLine, RR2, RSlope, RInt, LR2, LSlope, LInt) = series_fit_2lines(y)",
    );
    let r = &out.rows[0];
    assert_eq!(r[1], Value::Real(1.0), "rsquare");
    assert_eq!(r[2], Value::Long(5), "split index");
    assert_eq!(r[4], Value::Real(0.0), "residual variance");
    assert_eq!(r[7], Value::Real(0.0), "right slope");
    assert_eq!(r[8], Value::Real(10.0), "right interception");
    assert_eq!(r[10], Value::Real(1.0), "left slope");
    assert_eq!(r[11], Value::Real(0.0), "left interception");
    // The corpus names the first five outputs only.
    let out = run("print y = dynamic([0, 1, 2, 3, 4, 10, 10, 10, 10, 10]) \
         | extend (RSquare, SplitIdx, Variance, RVariance, TrendLine) = series_fit_2lines(y)");
    assert_eq!(
        names(&out),
        [
            "y",
            "RSquare",
            "SplitIdx",
            "Variance",
            "RVariance",
            "TrendLine"
        ]
    );
}

/// Five weeks of a weekday/weekend pattern with one spike on a weekday.
fn weekly_with_spike() -> String {
    let y: Vec<String> = (0..35)
        .map(|i| {
            if i == 22 {
                "300".to_string()
            } else if i % 7 < 5 {
                "100".to_string()
            } else {
                "10".to_string()
            }
        })
        .collect();
    format!("dynamic([{}])", y.join(", "))
}

#[test]
fn series_decompose_anomalies_flags_the_spike_not_the_weekends() {
    let out = run(&format!(
        "print y = {} | extend (flag, score, baseline) = series_decompose_anomalies(y, 1.5)",
        weekly_with_spike()
    ));
    let Value::Dynamic(flags) = &out.rows[0][1] else {
        panic!("flags are an array: {:?}", out.rows[0][1]);
    };
    let flagged: Vec<usize> = flags
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.as_i64() != Some(0))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(flagged, [22]);
    assert_eq!(flags[22], json!(1));
    // The baseline follows the weekly pattern (seasonal medians plus a nearly flat trend).
    let Value::Dynamic(baseline) = &out.rows[0][3] else {
        panic!("baseline is an array");
    };
    let b: Vec<f64> = baseline
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        (b[1] - 100.0).abs() < 10.0 && (b[6] - 10.0).abs() < 10.0,
        "{b:?}"
    );
}

#[test]
fn a_single_name_takes_the_first_output_as_the_corpus_expects() {
    let out = run(&format!(
        "print y = {} | extend outliers = series_decompose_anomalies(y, 2) | mv-expand outliers to typeof(int) | where outliers == 1 | count",
        weekly_with_spike()
    ));
    assert_eq!(out.rows[0][0], Value::Long(1));
    let out = run(&format!(
        "print y = {} | extend outliers = series_decompose_anomalies(y)",
        weekly_with_spike()
    ));
    assert_eq!(
        names(&out),
        ["y", "outliers", "outliers_ad_score", "outliers_baseline"]
    );
}

#[test]
fn series_decompose_splits_into_parts_that_add_up() {
    let out = run(&format!(
        "print y = {} | extend (baseline, seasonal, trend, residual) = series_decompose(y, 7, 'avg')",
        weekly_with_spike()
    ));
    let arr = |k: usize| -> Vec<f64> {
        let Value::Dynamic(j) = &out.rows[0][k] else {
            panic!("column {k} is an array");
        };
        j.as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let (y, baseline, seasonal, trend, residual) = (arr(0), arr(1), arr(2), arr(3), arr(4));
    for i in 0..y.len() {
        assert!((seasonal[i] + trend[i] - baseline[i]).abs() < 1e-9);
        assert!((baseline[i] + residual[i] - y[i]).abs() < 1e-9);
    }
    assert_eq!(seasonal[0], 100.0);
    assert_eq!(seasonal[5], 10.0);
}

#[test]
fn multi_column_functions_are_refused_inside_expressions() {
    let err = execute(
        "print y = dynamic([1, 2, 3]) | extend z = array_length(series_fit_line(y))",
        &Database::new(),
        &opts(),
    )
    .unwrap_err();
    assert!(err.message.contains("returns several columns"), "{err}");
    let err = execute(
        "print y = dynamic([1, 2]) | extend (a, b) = series_decompose_anomalies(y, 1.5, -1, 'linefit', 0, 'zscore')",
        &Database::new(),
        &opts(),
    )
    .unwrap_err();
    assert!(err.message.contains("zscore"), "{err}");
}

const STORMS: &str = r#"datatable(State: string, EventType: string, Damage: long) [
    "TEXAS", "Hail", 10,
    "TEXAS", "Flood", 5,
    "KANSAS", "Hail", 7,
    "TEXAS", "Hail", 1
]"#;

#[test]
fn pivot_counts_each_value_per_group() {
    let out = run(&format!(
        "{STORMS} | evaluate pivot(EventType, count(), State)"
    ));
    assert_eq!(names(&out), ["State", "Flood", "Hail"]);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::from("TEXAS"), Value::Long(1), Value::Long(2)],
            vec![Value::from("KANSAS"), Value::Long(0), Value::Long(1)],
        ]
    );
    // Without an aggregation or groups: one row of counts.
    let out = run(&format!("{STORMS} | evaluate pivot(EventType)"));
    assert_eq!(names(&out), ["Flood", "Hail"]);
    assert_eq!(out.rows, vec![vec![Value::Long(1), Value::Long(3)]]);
    // A group column given without an aggregation still counts.
    let out = run(&format!("{STORMS} | evaluate pivot(State, EventType)"));
    assert_eq!(names(&out), ["EventType", "KANSAS", "TEXAS"]);
}

#[test]
fn pivot_aggregates_other_functions_with_nulls_for_missing_cells() {
    let out = run(&format!(
        "{STORMS} | evaluate pivot(EventType, sum(Damage), State)"
    ));
    assert_eq!(
        out.rows,
        vec![
            vec![Value::from("TEXAS"), Value::Long(5), Value::Long(11)],
            vec![Value::from("KANSAS"), Value::Null, Value::Long(7)],
        ]
    );
}

#[test]
fn series_decompose_forecast_extends_the_weekly_pattern() {
    // Five weeks of history and one empty week to forecast.
    let y: Vec<&str> = (0..42)
        .map(|i| match i {
            35.. => "0",
            _ if i % 7 < 5 => "100",
            _ => "10",
        })
        .collect();
    let out = run(&format!(
        "print y = dynamic([{}]) | extend f = series_decompose_forecast(y, 7)",
        y.join(", ")
    ));
    let Value::Dynamic(f) = &out.rows[0][1] else {
        panic!("the forecast is an array: {:?}", out.rows[0][1]);
    };
    let f: Vec<f64> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(f.len(), 42);
    for (i, v) in f.iter().enumerate().skip(35) {
        let expected = if i % 7 < 5 { 100.0 } else { 10.0 };
        assert!((v - expected).abs() < 1e-6, "point {i}: {v}");
    }
}
