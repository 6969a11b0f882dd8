//! Literals: every string form, numbers, timespans, and the typed forms.

use kql::ast::{Expr, Literal};
use kql::DataType;

fn lit(src: &str) -> Literal {
    match kql::parse_expression(src) {
        Ok(Expr::Literal { value, .. }) => value,
        other => panic!("{src}: expected a literal, got {other:?}"),
    }
}

fn string(src: &str) -> String {
    match lit(src) {
        Literal::String(s) => s,
        other => panic!("{src}: expected a string, got {other:?}"),
    }
}

const SEC: i64 = 10_000_000;

#[test]
fn single_and_double_quoted_strings_with_escapes() {
    assert_eq!(string(r#"'a\'b'"#), "a'b");
    assert_eq!(string(r#""a\"b""#), "a\"b");
    assert_eq!(string(r#""tab\there\nnew""#), "tab\there\nnew");
    assert_eq!(string(r#""\u0041\\""#), "A\\");
}

#[test]
fn verbatim_strings_keep_backslashes_and_double_quotes() {
    assert_eq!(string(r#"@"c:\temp\x""#), r"c:\temp\x");
    assert_eq!(string(r#"@'it''s'"#), "it's");
    assert_eq!(string(r#"@"say ""hi""""#), "say \"hi\"");
}

#[test]
fn obfuscated_strings_read_as_plain_strings() {
    assert_eq!(string(r#"h"secret""#), "secret");
    assert_eq!(string(r#"H'secret'"#), "secret");
    assert_eq!(string(r#"h@'c:\x'"#), r"c:\x");
}

#[test]
fn multi_line_strings() {
    assert_eq!(string("```line1\nline2```"), "line1\nline2");
}

#[test]
fn adjacent_string_literals_concatenate() {
    assert_eq!(string(r#"'a' "b" @'c'"#), "abc");
}

#[test]
fn integers_reals_and_hex() {
    assert_eq!(lit("42"), Literal::Long(42));
    assert_eq!(lit("1.5"), Literal::Real(1.5));
    assert_eq!(lit("1e3"), Literal::Real(1000.0));
    assert_eq!(lit("2.5e-1"), Literal::Real(0.25));
    assert_eq!(lit("0x1F"), Literal::Long(31));
}

#[test]
fn timespans_with_units() {
    assert_eq!(lit("1d"), Literal::TimeSpan(86_400 * SEC));
    assert_eq!(lit("30m"), Literal::TimeSpan(1_800 * SEC));
    assert_eq!(lit("2.5h"), Literal::TimeSpan(9_000 * SEC));
    assert_eq!(lit("10ms"), Literal::TimeSpan(100_000));
    assert_eq!(lit("1tick"), Literal::TimeSpan(1));
    assert_eq!(lit("15s"), Literal::TimeSpan(15 * SEC));
}

#[test]
fn time_and_timespan_functions() {
    assert_eq!(
        lit("time(1.02:00)"),
        Literal::TimeSpan((86_400 + 7_200) * SEC)
    );
    assert_eq!(lit("timespan(1d)"), Literal::TimeSpan(86_400 * SEC));
    assert_eq!(lit("time(null)"), Literal::Null(DataType::TimeSpan));
}

#[test]
fn datetimes() {
    assert_eq!(lit("datetime(1970-01-01)"), Literal::DateTime(0));
    assert_eq!(
        lit("datetime(1970-01-02 00:00:01)"),
        Literal::DateTime((86_400 + 1) * SEC)
    );
    assert_eq!(
        lit(r#"datetime("1970-01-01T00:01:00Z")"#),
        Literal::DateTime(60 * SEC)
    );
    assert_eq!(
        lit(r#"datetime("01/02/1970")"#),
        Literal::DateTime(86_400 * SEC)
    );
    assert_eq!(lit("datetime(null)"), Literal::Null(DataType::DateTime));
}

#[test]
fn unreadable_datetime_is_a_warning_and_null() {
    let parsed = kql::parse("print datetime(someday)");
    assert!(parsed.is_ok());
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].severity, kql::Severity::Warning);
}

#[test]
fn guids() {
    assert_eq!(
        lit("guid(00000000-0000-0000-0000-00000000000a)"),
        Literal::Guid(10)
    );
}

#[test]
fn dynamic_values() {
    assert_eq!(
        lit(r#"dynamic({"a": [1, -2.5, 'x', null, true]})"#),
        Literal::Dynamic(serde_json::json!({"a": [1, -2.5, "x", null, true]}))
    );
    assert_eq!(
        lit("dynamic(null)"),
        Literal::Dynamic(serde_json::Value::Null)
    );
    assert_eq!(lit("dynamic(5)"), Literal::Dynamic(serde_json::json!(5)));
    assert_eq!(lit("dynamic([])"), Literal::Dynamic(serde_json::json!([])));
}

#[test]
fn typed_scalars_and_nulls() {
    assert_eq!(lit("long(null)"), Literal::Null(DataType::Long));
    assert_eq!(lit("int(5)"), Literal::Int(5));
    assert_eq!(lit("long(-5)"), Literal::Long(-5));
    assert_eq!(lit("bool(true)"), Literal::Bool(true));
    assert_eq!(lit("decimal(1.5)"), Literal::Decimal("1.5".into()));
    assert_eq!(lit("real(+inf)"), Literal::Real(f64::INFINITY));
    assert!(matches!(lit("real(nan)"), Literal::Real(v) if v.is_nan()));
}

#[test]
fn booleans() {
    assert_eq!(lit("true"), Literal::Bool(true));
    assert_eq!(lit("false"), Literal::Bool(false));
}
