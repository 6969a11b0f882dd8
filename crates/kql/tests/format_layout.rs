//! The formatter's layout: Sentinel's editor style.

fn fmt(src: &str) -> String {
    kql::format_source(src).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

#[test]
fn one_operator_per_line() {
    assert_eq!(
        fmt("T|where a>1|project a,b"),
        "T\n| where a > 1\n| project a, b"
    );
}

#[test]
fn let_statements_each_on_a_line_ending_with_semicolon() {
    assert_eq!(
        fmt("let a=1;let b='x';T|take a"),
        "let a = 1;\nlet b = \"x\";\nT\n| take a"
    );
}

#[test]
fn tabular_let_is_indented() {
    assert_eq!(
        fmt("let x = T | where a; x"),
        "let x =\n    T\n    | where a;\nx"
    );
}

#[test]
fn join_subquery_is_indented() {
    assert_eq!(
        fmt("T | join kind=inner (S | where b) on a"),
        "T\n| join kind=inner (\n    S\n    | where b\n) on a"
    );
}

#[test]
fn parentheses_only_where_needed() {
    assert_eq!(
        fmt("print ((a + b)) * c, a + (b * c), a - (b - c)"),
        "print (a + b) * c, a + b * c, a - (b - c)"
    );
    assert_eq!(fmt("T | where (a or b) and c"), "T\n| where (a or b) and c");
}

#[test]
fn names_are_bracketed_when_needed() {
    assert_eq!(
        fmt("T | project ['Days Since'] = 1, ['where'] = 2, plain = 3"),
        "T\n| project ['Days Since'] = 1, ['where'] = 2, plain = 3"
    );
}

#[test]
fn literals_keep_their_meaning() {
    assert_eq!(
        fmt("print 1d, 90m, 1.5, long(-2), datetime(2024-01-02), dynamic({'a':1}), h'x', real(nan)"),
        "print 1d, 90m, 1.5, long(-2), datetime(2024-01-02T00:00:00Z), dynamic({\"a\":1}), \"x\", real(nan)"
    );
}

#[test]
fn comments_are_dropped_and_layout_is_stable() {
    let once = fmt("// hunting query\nT // source\n| where a  ==  1");
    assert_eq!(once, "T\n| where a == 1");
    assert_eq!(fmt(&once), once);
}

#[test]
fn functions_lay_out_their_body() {
    assert_eq!(
        fmt("let f=(a:int=1){T|take a};f()"),
        "let f = (a: int = 1) {\n    T\n    | take a\n};\nf()"
    );
}

#[test]
fn format_source_reports_errors() {
    assert!(kql::format_source("T | where").is_err());
}

#[test]
fn fuzz_finds_stay_fixed() {
    // A member of a number literal must not print as a real number (`0.T`).
    assert_eq!(fmt("T | where 0 .T"), "T\n| where (0).T");
    // Nested signs print with spaces, not brackets that would add nesting.
    assert_eq!(fmt("print a - - - b"), "print a - - -b");
}

#[test]
fn unknown_join_kinds_keep_their_place() {
    let once = fmt("T | join kind=left kind=leftoutesin S on a");
    assert_eq!(fmt(&once), once);
}

#[test]
fn typed_literal_parameter_values_round_trip() {
    let once = fmt("union withsource=7S T*");
    assert_eq!(fmt(&once), once);
}
