//! Queries the engine cannot run fail with an error naming what is missing.

mod engine_common;
use engine_common::*;

#[test]
fn unknown_names_are_reported() {
    assert_eq!(error("NoSuchTable | take 1"), "unknown table `NoSuchTable`");
    assert_eq!(
        error("SigninLogs | where Nope == 1"),
        "unknown column or variable `Nope`"
    );
    assert_eq!(
        error("SigninLogs | project-away Nope"),
        "unknown column `Nope`"
    );
}

#[test]
fn unsupported_features_are_named() {
    assert_eq!(
        error("print series_outliers(dynamic([1,2,3]))"),
        "function `series_outliers` is not supported yet"
    );
    assert_eq!(
        error("SigninLogs | evaluate autocluster()"),
        "plugin `autocluster` is not supported yet"
    );
    assert_eq!(
        error("SigninLogs | summarize hll(IPAddress)"),
        "aggregate function `hll` is not supported yet"
    );
    assert!(error("SigninLogs | facet by IPAddress").contains("`facet` is not supported yet"));
}

#[test]
fn misuse_is_reported_with_a_position() {
    let e = try_run("print count()").unwrap_err();
    assert!(
        e.message.contains("aggregate function `count`"),
        "{}",
        e.message
    );
    assert!(e.span.is_some());
    let e = try_run("print extract('(', 1, 'x')").unwrap_err();
    assert!(
        e.message.starts_with("invalid regular expression"),
        "{}",
        e.message
    );
    let e = try_run("print strlen()").unwrap_err();
    assert_eq!(e.message, "function `strlen` takes 1 argument(s), got 0");
}

#[test]
fn parse_errors_come_back_as_errors() {
    let e = try_run("SigninLogs | where").unwrap_err();
    assert!(e.span.is_some());
}

#[test]
fn self_reference_is_an_unknown_function() {
    // KQL functions cannot call themselves: the name is not in scope inside the body.
    let e = try_run("let f = (n:long) { f(n) }; print f(1)").unwrap_err();
    assert_eq!(e.message, "unknown function `f`");
    let deep = (0..10).fold("1".to_string(), |acc, _| format!("({acc} + 1)"));
    assert_eq!(scalar(&format!("print {deep}")), "11");
}
