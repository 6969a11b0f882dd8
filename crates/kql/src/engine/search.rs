//! `search`: rows of every table (or the tables named with `in (...)`) that match a predicate,
//! under the union of their columns, with the table each row came from in `$table`.
//!
//! A bare string in the predicate is a term searched in every column: `"x"` is `* has "x"`,
//! `"x*"` `* hasprefix`, `"*x"` `* hassuffix`, `"*x*"` `* contains`; `search *` is every row. A table whose columns the
//! predicate does not fit (it names a column the table lacks) has no matching rows.

use crate::ast::{BinaryOp, Expr, Literal, OperatorParam, Span, StringOp, StringOpKind};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::frame::Frame;
use super::names;
use super::pipeline::{eval_source_expr, filter};
use super::scope::{Env, Scope};
use super::ExecError;

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
    let mut parts: Vec<(String, Frame)> = Vec::new();
    match input {
        Some(f) => parts.push((String::new(), f)),
        None if tables.is_empty() => {
            for name in env.db.table_names() {
                parts.push((name.to_string(), read(name, span, env, scope)?));
            }
        }
        None => {
            for t in tables {
                match t {
                    Expr::Wildcard(p) => {
                        for name in env.db.table_names() {
                            if names::wildcard_match(&p.pattern, name) {
                                parts.push((name.to_string(), read(name, p.span, env, scope)?));
                            }
                        }
                    }
                    Expr::Name(i) => {
                        parts.push((i.name.clone(), eval_source_expr(t, env, scope)?));
                    }
                    other => parts.push((String::new(), eval_source_expr(other, env, scope)?)),
                }
            }
        }
    }
    let mut matched: Vec<(String, Frame)> = Vec::new();
    for (name, frame) in parts {
        match filter(frame, &predicate, env, scope) {
            Ok(f) => matched.push((name, f.materialize())),
            // The predicate names a column this table does not have: nothing of it matches.
            Err(e) if e.message.starts_with("unknown column or variable") => {}
            Err(e) => return Err(e),
        }
    }
    let mut columns: Vec<Column> = vec![Column::new("$table", DataType::String)];
    for (_, f) in &matched {
        for c in &f.columns {
            match columns.iter_mut().skip(1).find(|x| x.name == c.name) {
                Some(x) if x.data_type != c.data_type => x.data_type = DataType::Dynamic,
                Some(_) => {}
                None => columns.push(c.clone()),
            }
        }
    }
    let mut rows = Vec::new();
    for (name, f) in &matched {
        let map: Vec<Option<usize>> = columns[1..]
            .iter()
            .map(|c| f.column_index(&c.name))
            .collect();
        for r in f.rows() {
            let mut row = Vec::with_capacity(columns.len());
            row.push(Value::string(name));
            for (m, c) in map.iter().zip(&columns[1..]) {
                let v = m.map_or(Value::Null, |i| r[i].clone());
                row.push(super::frame::conform(v, c.data_type));
            }
            rows.push(row);
        }
    }
    Ok(Frame::owned(columns, rows))
}

fn read(name: &str, span: Span, env: &Env, scope: &Scope) -> Result<Frame, ExecError> {
    eval_source_expr(&Expr::Name(crate::ast::Ident::new(name, span)), env, scope)
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
