//! `summarize`, its aggregates, `make-series` and `count`.

mod engine_common;
use engine_common::*;

const T: &str = "datatable(User:string, Bytes:long, Ok:bool, At:datetime)['a', 10, true, datetime(2024-01-01T00:10:00Z), 'b', 20, false, datetime(2024-01-01T00:20:00Z), 'a', 30, false, datetime(2024-01-01T01:05:00Z), 'c', long(null), true, datetime(2024-01-01T02:59:00Z), 'a', 30, true, datetime(2024-01-01T03:00:00Z)]";

#[test]
fn count_and_sum_by_key() {
    assert_eq!(
        rows(&format!("{T} | summarize count(), sum(Bytes) by User")),
        vec!["a|3|70", "b|1|20", "c|1|0"]
    );
    assert_eq!(
        schema(&format!("{T} | summarize count(), sum(Bytes) by User")),
        vec!["User:string", "count_:long", "sum_Bytes:long"]
    );
}

#[test]
fn conditional_aggregates() {
    assert_eq!(
        rows(&format!(
            "{T} | summarize countif(Ok), sumif(Bytes, Ok), dcountif(User, Ok), avgif(Bytes, Ok)"
        )),
        vec!["3|40|2|20"]
    );
}

#[test]
fn avg_min_max_dcount() {
    assert_eq!(
        rows(&format!(
            "{T} | summarize avg(Bytes), min(Bytes), max(Bytes), dcount(User), min(At)"
        )),
        vec!["22.5|10|30|3|2024-01-01T00:10:00Z"]
    );
}

#[test]
fn empty_input_without_keys_gives_one_row() {
    assert_eq!(
        rows(&format!(
            "{T} | where User == 'zz' | summarize count(), sum(Bytes)"
        )),
        vec!["0|0"]
    );
    assert_eq!(
        rows(&format!(
            "{T} | where User == 'zz' | summarize count() by User"
        )),
        Vec::<String>::new()
    );
}

#[test]
fn arg_max_keeps_first_row_on_ties() {
    assert_eq!(
        rows(&format!(
            "{T} | summarize arg_max(Bytes, At) by User | where User == 'a'"
        )),
        vec!["a|30|2024-01-01T01:05:00Z"]
    );
    assert_eq!(
        rows(&format!("{T} | summarize arg_min(Bytes, *) by Ok")),
        vec![
            "true|10|a|2024-01-01T00:10:00Z",
            "false|20|b|2024-01-01T00:20:00Z"
        ]
    );
    assert_eq!(
        schema(&format!("{T} | summarize arg_max(At, *) by User")),
        vec!["User:string", "At:datetime", "Bytes:long", "Ok:bool"]
    );
}

#[test]
fn make_set_and_make_list() {
    assert_eq!(
        rows(&format!(
            "{T} | summarize make_set(User), make_list(Bytes), make_set(Bytes, 2)"
        )),
        vec![r#"["a","b","c"]|[10,20,30,30]|[10,20]"#]
    );
    assert_eq!(
        schema(&format!("{T} | summarize make_set(User), make_list(Bytes)")),
        vec!["set_User:dynamic", "list_Bytes:dynamic"]
    );
}

#[test]
fn make_bag_merges_properties() {
    assert_eq!(
        scalar("datatable(d:dynamic)[dynamic({'a':1}), dynamic({'b':2}), dynamic({'a':3})] | summarize make_bag(d)"),
        r#"{"a":1,"b":2}"#
    );
}

#[test]
fn percentiles_and_stdev() {
    let q = "range x from 1 to 10 step 1 | summarize percentile(x, 50), percentiles(x, 90, 100), stdev(x), variance(x)";
    assert_eq!(rows(q), vec!["5|9|10|3.0276503540974917|9.166666666666666"]);
    assert_eq!(
        schema("range x from 1 to 10 step 1 | summarize percentiles(x, 50, 95.5)"),
        vec!["percentile_x_50:long", "percentile_x_95_5:long"]
    );
}

#[test]
fn take_any_returns_a_value() {
    assert_eq!(
        rows(&format!(
            "{T} | summarize take_any(User) by Ok | project Ok"
        )),
        vec!["true", "false"]
    );
}

#[test]
fn bin_keys_keep_column_name() {
    let q = format!("{T} | summarize n = count() by bin(At, 1h)");
    assert_eq!(schema(&q), vec!["At:datetime", "n:long"]);
    assert_eq!(
        rows(&q),
        vec![
            "2024-01-01T00:00:00Z|2",
            "2024-01-01T01:00:00Z|1",
            "2024-01-01T02:00:00Z|1",
            "2024-01-01T03:00:00Z|1"
        ]
    );
}

#[test]
fn function_of_a_column_key_keeps_its_name() {
    let q = format!("{T} | summarize n = count() by startofday(At)");
    assert_eq!(schema(&q), vec!["At:datetime", "n:long"]);
    assert_eq!(rows(&q), vec!["2024-01-01T00:00:00Z|5"]);
}

#[test]
fn aggregates_inside_expressions() {
    let q =
        format!("{T} | summarize Rate = round(100.0 * countif(Ok) / count(), 1), Total = count()");
    assert_eq!(rows(&q), vec!["60|5"]);
    assert_eq!(schema(&q), vec!["Rate:real", "Total:long"]);
}

#[test]
fn multiple_keys_and_named_keys() {
    let q =
        format!("{T} | summarize n = count() by User, Hour = hourofday(At) | where User == 'a'");
    assert_eq!(rows(&q), vec!["a|0|1", "a|1|1", "a|3|1"]);
}

#[test]
fn summarize_without_aggregates_is_distinct() {
    assert_eq!(
        rows(&format!("{T} | summarize by User")),
        vec!["a", "b", "c"]
    );
}

#[test]
fn make_series_fills_absent_bins_with_default() {
    let q = format!("{T} | make-series n = count() default = 0 on At from datetime(2024-01-01) to datetime(2024-01-01T04:00:00Z) step 1h");
    assert_eq!(
        rows(&q),
        vec![
            r#"[2,1,1,1]|["2024-01-01T00:00:00Z","2024-01-01T01:00:00Z","2024-01-01T02:00:00Z","2024-01-01T03:00:00Z"]"#
        ]
    );
    assert_eq!(schema(&q), vec!["n:dynamic", "At:dynamic"]);
    let q = format!("{T} | make-series total = sum(Bytes) default = -1 on At from datetime(2024-01-01) to datetime(2024-01-01T04:00:00Z) step 1h by User | where User == 'b'");
    assert_eq!(
        rows(&q),
        vec![
            r#"b|[20,-1,-1,-1]|["2024-01-01T00:00:00Z","2024-01-01T01:00:00Z","2024-01-01T02:00:00Z","2024-01-01T03:00:00Z"]"#
        ]
    );
}

#[test]
fn make_series_without_range_uses_data_extent() {
    let q = format!("{T} | make-series n = count() on At step 1h");
    assert_eq!(rows(&q)[0].split('|').next().unwrap(), "[2,1,1,1]");
    let q = format!("{T} | make-series n = count() on At from datetime(2024-01-01) to datetime(2024-01-01T01:59:00Z) step 1h");
    assert_eq!(rows(&q)[0].split('|').next().unwrap(), "[2,1]");
}
