//! Scalar expressions: precedence, string and set operators, calls, names.

use kql::ast::{BinaryOp, Expr, InOp, StringOpKind, UnaryOp};

fn expr(src: &str) -> Expr {
    kql::parse_expression(src).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

/// The expression re-printed with full parentheses, to check structure.
fn shape(e: &Expr) -> String {
    match e {
        Expr::Binary {
            op, left, right, ..
        } => format!("({} {} {})", shape(left), op.symbol(), shape(right)),
        Expr::Unary { op, operand, .. } => format!(
            "({}{})",
            if *op == UnaryOp::Neg { "-" } else { "+" },
            shape(operand)
        ),
        Expr::Name(n) => n.name.clone(),
        Expr::Literal { value, .. } => kql::format::format_literal(value),
        Expr::Call {
            target, name, args, ..
        } => {
            let args: Vec<String> = args.iter().map(shape).collect();
            let t = target
                .as_ref()
                .map(|t| format!("{}.", shape(t)))
                .unwrap_or_default();
            format!("{t}{}({})", name.name, args.join(", "))
        }
        Expr::Member { target, name, .. } => format!("{}.{}", shape(target), name.name),
        Expr::Index { target, index, .. } => format!("{}[{}]", shape(target), shape(index)),
        Expr::In { expr, op, list, .. } => {
            let l: Vec<String> = list.iter().map(shape).collect();
            format!("({} {} [{}])", shape(expr), op.keyword(), l.join(", "))
        }
        Expr::Between {
            expr,
            low,
            high,
            negated,
            ..
        } => {
            format!(
                "({} {}between {}..{})",
                shape(expr),
                if *negated { "!" } else { "" },
                shape(low),
                shape(high)
            )
        }
        Expr::Star { .. } => "*".into(),
        other => format!("{other:?}"),
    }
}

fn s(src: &str) -> String {
    shape(&expr(src))
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    assert_eq!(s("a + b * c"), "(a + (b * c))");
    assert_eq!(s("a * b + c"), "((a * b) + c)");
    assert_eq!(s("a - b - c"), "((a - b) - c)");
    assert_eq!(s("a % b / c"), "((a % b) / c)");
}

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(s("a or b and c"), "(a or (b and c))");
    assert_eq!(
        s("a == 1 or b == 2 and c == 3"),
        "((a == 1) or ((b == 2) and (c == 3)))"
    );
}

#[test]
fn comparisons_bind_looser_than_arithmetic() {
    assert_eq!(s("a + 1 > b * 2"), "((a + 1) > (b * 2))");
}

#[test]
fn parentheses_override_precedence() {
    assert_eq!(s("(a + b) * c"), "((a + b) * c)");
}

#[test]
fn unary_minus_and_plus() {
    assert_eq!(s("-a * b"), "((-a) * b)");
    assert_eq!(s("-1 * +2"), "((-1) * (+2))");
}

#[test]
fn equality_operators() {
    for (src, op) in [
        ("a == b", BinaryOp::Eq),
        ("a != b", BinaryOp::NotEq),
        ("a <> b", BinaryOp::NotEq),
        ("a =~ b", BinaryOp::EqCi),
        ("a !~ b", BinaryOp::NotEqCi),
        ("a <= b", BinaryOp::Le),
        ("a >= b", BinaryOp::Ge),
    ] {
        assert!(
            matches!(expr(src), Expr::Binary { op: o, .. } if o == op),
            "{src}"
        );
    }
}

#[test]
fn every_string_operator() {
    let cases = [
        ("has", StringOpKind::Has, false, false),
        ("!has", StringOpKind::Has, true, false),
        ("has_cs", StringOpKind::Has, false, true),
        ("!has_cs", StringOpKind::Has, true, true),
        ("hasprefix", StringOpKind::HasPrefix, false, false),
        ("!hasprefix_cs", StringOpKind::HasPrefix, true, true),
        ("hassuffix", StringOpKind::HasSuffix, false, false),
        ("!hassuffix", StringOpKind::HasSuffix, true, false),
        ("contains", StringOpKind::Contains, false, false),
        ("!contains", StringOpKind::Contains, true, false),
        ("contains_cs", StringOpKind::Contains, false, true),
        ("!contains_cs", StringOpKind::Contains, true, true),
        ("startswith", StringOpKind::StartsWith, false, false),
        ("!startswith_cs", StringOpKind::StartsWith, true, true),
        ("endswith", StringOpKind::EndsWith, false, false),
        ("!endswith", StringOpKind::EndsWith, true, false),
        ("endswith_cs", StringOpKind::EndsWith, false, true),
        ("matches regex", StringOpKind::MatchesRegex, false, true),
    ];
    for (op_text, kind, negated, cs) in cases {
        let src = format!("Name {op_text} 'x'");
        match expr(&src) {
            Expr::Binary {
                op: BinaryOp::Str(op),
                ..
            } => {
                assert_eq!(
                    (op.kind, op.negated, op.case_sensitive),
                    (kind, negated, cs),
                    "{src}"
                );
                assert_eq!(op.keyword(), op_text);
            }
            other => panic!("{src}: {other:?}"),
        }
    }
}

#[test]
fn set_operators() {
    for (text, op) in [
        ("in", InOp::In),
        ("!in", InOp::NotIn),
        ("in~", InOp::InCi),
        ("!in~", InOp::NotInCi),
        ("has_any", InOp::HasAny),
        ("has_all", InOp::HasAll),
    ] {
        let src = format!("x {text} ('a', 'b')");
        match expr(&src) {
            Expr::In { op: o, list, .. } => {
                assert_eq!(o, op, "{src}");
                assert_eq!(list.len(), 2);
            }
            other => panic!("{src}: {other:?}"),
        }
    }
}

#[test]
fn in_with_a_subquery() {
    match expr("x in (T | project y)") {
        Expr::In { list, .. } => assert!(matches!(list.as_slice(), [Expr::Tabular(_)])),
        other => panic!("{other:?}"),
    }
}

#[test]
fn between_and_not_between() {
    assert_eq!(s("x between (1 .. 10)"), "(x between 1..10)");
    assert_eq!(
        s("x !between (now() - 1d .. now())"),
        "(x !between (now() - 1d)..now())"
    );
}

#[test]
fn comparisons_do_not_chain() {
    assert!(kql::parse_expression("a == 1 == 2").is_err());
    assert!(kql::parse_expression("a < b < c").is_err());
    assert!(kql::parse_expression("a has 'x' has 'y'").is_err());
}

#[test]
fn calls_members_and_indexes() {
    assert_eq!(s("strcat(a, 'b')"), "strcat(a, \"b\")");
    assert_eq!(s("d.a.b"), "d.a.b");
    assert_eq!(s("d['k'][0]"), "d[\"k\"][0]");
    assert_eq!(s("d.['k']"), "d.k");
    assert_eq!(s("T.fn(1)"), "T.fn(1)");
    assert_eq!(
        s("cluster('c').database('d')"),
        "cluster(\"c\").database(\"d\")"
    );
}

#[test]
fn star_arguments() {
    assert_eq!(s("arg_max(TimeGenerated, *)"), "arg_max(TimeGenerated, *)");
    assert_eq!(s("count()"), "count()");
}

#[test]
fn bracketed_and_quoted_names() {
    assert_eq!(s("['Days Since'] + 1"), "(Days Since + 1)");
    assert_eq!(s(r#"["x"]"#), "x");
    assert_eq!(s("['where']"), "where");
}

#[test]
fn join_sides() {
    assert_eq!(s("$left.a == $right.b"), "($left.a == $right.b)");
}

#[test]
fn keywords_usable_as_names_where_kusto_allows() {
    assert_eq!(s("count + 1"), "(count + 1)");
    assert_eq!(s("type == 'x'"), "(type == \"x\")");
}

#[test]
fn comments_are_ignored() {
    assert_eq!(s("a + // note\n b"), "(a + b)");
}
