//! `search`: rows of every table (or the tables named with `in (...)`) that match a predicate,
//! under the union of their columns, with the table each row came from in `$table`.
//!
//! A bare string in the predicate is a term searched in every column: `"x"` is `* has "x"`,
//! `"x*"` `* hasprefix`, `"*x"` `* hassuffix`, `"*x*"` `* contains`; `search *` is every row. A table whose columns the
//! predicate does not fit (it names a column the table lacks) has no matching rows.

use super::frame::Frame;
use super::pipeline::filter;
use super::scope::{Env, Scope};
use super::{union, ExecError};
use crate::ast::{BinaryOp, Expr, Literal, OperatorParam, Span, StringOp, StringOpKind};

/// Runs `search`, over `input` when piped, else over the database's tables.
pub fn search(
    input: Option<Frame>,
    params: &[OperatorParam],
    tables: &[Expr],
    predicate: &Expr,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let mut case_sensitive = false;
    for p in params {
        let text = match &p.value {
            Expr::Name(i) => i.name.clone(),
            Expr::Literal {
                value: Literal::String(s),
                ..
            } => s.clone(),
            other => return Err(ExecError::at("search parameters take a name", other.span())),
        };
        match (p.name.name.as_str(), text.as_str()) {
            ("kind", "case_sensitive") => case_sensitive = true,
            ("kind", "case_insensitive" | "default") => {}
            (name, value) => {
                return Err(ExecError::at(
                    format!("unknown search parameter `{name}={value}`"),
                    p.span,
                ))
            }
        }
    }
    let predicate = terms_to_searches(predicate, case_sensitive);
    let parts = match input {
        Some(f) => vec![(String::new(), f)],
        None if tables.is_empty() => {
            let every: Vec<Expr> = env
                .db
                .table_names()
                .into_iter()
                .map(|name| Expr::Name(crate::ast::Ident::new(name, span)))
                .collect();
            union::read_tables(&every, env, scope)?
        }
        None => union::read_tables(tables, env, scope)?,
    };
    let mut matched: Vec<(String, Frame)> = Vec::new();
    for (name, frame) in parts {
        match filter(frame, &predicate, env, scope) {
            Ok(f) => matched.push((name, f.materialize())),
            // The predicate names a column this table does not have: nothing of it matches.
            Err(e) if e.message.starts_with("unknown column or variable") => {}
            Err(e) => return Err(e),
        }
    }
    Ok(union::combine(&matched, Some("$table".into()), false, None))
}

/// Replaces each bare string of the predicate's boolean structure with a search of every column.
fn terms_to_searches(e: &Expr, case_sensitive: bool) -> Expr {
    match e {
        // `search *`: every row.
        Expr::Star { span } => Expr::Literal {
            value: Literal::Bool(true),
            span: *span,
        },
        Expr::Literal {
            value: Literal::String(s),
            span,
        } => {
            let (kind, term) = match (s.strip_prefix('*'), s.strip_suffix('*')) {
                (Some(rest), Some(_)) if s.len() >= 2 => {
                    (StringOpKind::Contains, rest.trim_end_matches('*'))
                }
                (Some(rest), None) => (StringOpKind::HasSuffix, rest),
                (None, Some(rest)) => (StringOpKind::HasPrefix, rest),
                _ => (StringOpKind::Has, s.as_str()),
            };
            Expr::Binary {
                op: BinaryOp::Str(StringOp {
                    kind,
                    negated: false,
                    case_sensitive,
                }),
                left: Box::new(Expr::Star { span: *span }),
                right: Box::new(Expr::Literal {
                    value: Literal::String(term.to_string()),
                    span: *span,
                }),
                span: *span,
            }
        }
        Expr::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            left,
            right,
            span,
        } => Expr::Binary {
            op: *op,
            left: Box::new(terms_to_searches(left, case_sensitive)),
            right: Box::new(terms_to_searches(right, case_sensitive)),
            span: *span,
        },
        Expr::Call {
            target: None,
            name,
            args,
            span,
        } if name.name == "not" && args.len() == 1 => Expr::Call {
            target: None,
            name: name.clone(),
            args: vec![terms_to_searches(&args[0], case_sensitive)],
            span: *span,
        },
        other => other.clone(),
    }
}
