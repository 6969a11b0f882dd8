//! Statements: let (scalars, tabular, functions, views), set, declare query_parameters.

use kql::ast::*;

fn statements(src: &str) -> Vec<Statement> {
    let parsed = kql::parse(src);
    assert!(parsed.is_ok(), "{src}: {:?}", parsed.diagnostics);
    parsed.query.statements
}

#[test]
fn let_scalar_and_tabular() {
    let s = statements("let n = 5; let T2 = T | take n; T2");
    assert_eq!(s.len(), 3);
    assert!(matches!(
        &s[0],
        Statement::Let(LetStatement {
            value: LetValue::Expr(Expr::Literal { .. }),
            ..
        })
    ));
    assert!(matches!(
        &s[1],
        Statement::Let(LetStatement {
            value: LetValue::Expr(Expr::Tabular(_)),
            ..
        })
    ));
}

#[test]
fn let_function_with_typed_params_and_defaults() {
    let s = statements(
        "let f = (a:int, b:string = 'x', T:(c:long, *)) { let y = a; T | where c > y }; f(1)",
    );
    match &s[0] {
        Statement::Let(LetStatement {
            value: LetValue::Function(f),
            ..
        }) => {
            assert_eq!(f.params.len(), 3);
            assert!(f.params[1].default.is_some());
            assert!(
                matches!(&f.params[2].ty, ParamType::Tabular { columns, open: true } if columns.len() == 1)
            );
            assert_eq!(f.body.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn let_function_without_params_and_view() {
    let s = statements("let f = () { T }; let v = view () { U }; f()");
    assert!(matches!(
        &s[0],
        Statement::Let(LetStatement {
            value: LetValue::Function(_),
            ..
        })
    ));
    assert!(matches!(
        &s[1],
        Statement::Let(LetStatement {
            value: LetValue::View(_),
            ..
        })
    ));
}

#[test]
fn let_with_any_schema_parameter() {
    statements("let f = (T:(*)) { T | take 1 }; f(S)");
}

#[test]
fn set_and_declare() {
    let s = statements(
        "set query_now = datetime(2024-01-01); declare query_parameters(p:string = 'x'); T",
    );
    assert!(matches!(
        &s[0],
        Statement::Set(SetStatement { value: Some(_), .. })
    ));
    assert!(matches!(&s[1], Statement::DeclareQueryParameters { params, .. } if params.len() == 1));
}

#[test]
fn trailing_semicolon_is_fine() {
    assert_eq!(statements("T | take 1;").len(), 1);
}

#[test]
fn two_queries_need_a_semicolon() {
    assert!(!kql::parse("T | take 1\nU | take 2").is_ok());
    assert!(kql::parse("T | take 1;\nU | take 2").is_ok());
}

#[test]
fn let_without_semicolon_before_query_is_an_error() {
    assert!(!kql::parse("let x = 1 T").is_ok());
}
