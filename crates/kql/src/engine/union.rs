//! `union`: rows of several tables under the union of their columns.

use std::collections::HashSet;

use crate::ast::{Expr, NamedExpr, Operator, OperatorParam, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::expr::Compiler;
use super::frame::{Frame, Row};
use super::names;
use super::pipeline::eval_source_expr;
use super::scope::{Env, Scope};
use super::values;
use super::ExecError;

/// Runs `union` with an optional piped input as the first table. With `read`, only those
/// columns are built (see [`columns_read`]); the others would be null-filled for every row of
/// every table, which for `union *` over a workspace is gigabytes nobody reads.
pub fn union(
    input: Option<Frame>,
    params: &[OperatorParam],
    tables: &[Expr],
    read: Option<&HashSet<String>>,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &[]);
    let mut inner = false;
    let mut withsource: Option<String> = None;
    for p in params {
        let text = match &p.value {
            Expr::Name(i) => i.name.clone(),
            other => values::to_text(&cx.constant(other)?),
        };
        match p.name.name.as_str() {
            "kind" => inner = text == "inner",
            "withsource" | "source" => withsource = Some(text),
            "isfuzzy" => {}
            other => {
                return Err(ExecError::at(
                    format!("unknown union parameter `{other}`"),
                    p.span,
                ));
            }
        }
    }
    let mut parts: Vec<(String, Frame)> = Vec::new();
    if let Some(f) = input {
        parts.push((String::new(), f));
    }
    parts.extend(read_tables(tables, env, scope)?);
    if parts.is_empty() {
        return Err(ExecError::at("union needs at least one table", span));
    }
    Ok(combine(&parts, withsource, inner, read))
}

/// The tables `union` and `search` name (`T`, `Security*`, `(T | where ...)`), each with the
/// name it goes by in a source column (empty for an expression).
pub fn read_tables(
    tables: &[Expr],
    env: &Env,
    scope: &Scope,
) -> Result<Vec<(String, Frame)>, ExecError> {
    let mut parts = Vec::new();
    for t in tables {
        match t {
            Expr::Wildcard(p) => {
                for name in env.db.table_names() {
                    if names::wildcard_match(&p.pattern, name) {
                        parts.push((
                            name.to_string(),
                            eval_source_expr(
                                &Expr::Name(crate::ast::Ident::new(name, p.span)),
                                env,
                                scope,
                            )?,
                        ));
                    }
                }
            }
            Expr::Name(i) => parts.push((i.name.clone(), eval_source_expr(t, env, scope)?)),
            other => parts.push((String::new(), eval_source_expr(other, env, scope)?)),
        }
    }
    Ok(parts)
}

/// The rows of `parts` under the union of their columns (by name, in order of first appearance;
/// a name with two types becomes dynamic), only those in every part when `inner`, only those in
/// `read` when given; with `source`, a first column of that name holds each row's part name.
pub fn combine(
    parts: &[(String, Frame)],
    source: Option<String>,
    inner: bool,
    read: Option<&HashSet<String>>,
) -> Frame {
    let mut columns: Vec<Column> = Vec::new();
    for (_, f) in parts {
        for c in &f.columns {
            match columns.iter_mut().find(|x| x.name == c.name) {
                Some(x) if x.data_type != c.data_type => x.data_type = DataType::Dynamic,
                Some(_) => {}
                None => columns.push(c.clone()),
            }
        }
    }
    if inner {
        columns.retain(|c| parts.iter().all(|(_, f)| f.column_index(&c.name).is_some()));
    }
    if let Some(read) = read {
        columns.retain(|c| read.contains(&c.name));
    }
    let mut rows: Vec<Row> = Vec::new();
    for (name, f) in parts {
        let map: Vec<Option<usize>> = columns.iter().map(|c| f.column_index(&c.name)).collect();
        for r in f.rows() {
            let mut row: Row = Vec::with_capacity(columns.len() + 1);
            if source.is_some() {
                row.push(Value::string(name));
            }
            for (m, c) in map.iter().zip(&columns) {
                let v = m.map_or(Value::Null, |i| r[i].clone());
                row.push(super::frame::conform(v, c.data_type));
            }
            rows.push(row);
        }
    }
    if let Some(s) = source {
        columns.insert(0, Column::new(s, DataType::String));
    }
    Frame::owned(columns, rows)
}

/// The columns the operators after a `union` can read, when they end in one that keeps only what
/// it names (`summarize`, `project`, `count`, `distinct`) and use only operators that read
/// columns by name on the way (`where`, `extend`, `sort`, `top`, `take`). `None` when that
/// cannot be told: a `*`, `pack_all()`, any other operator, or rows that reach the output whole.
pub fn columns_read(operators: &[Operator]) -> Option<HashSet<String>> {
    let mut read = HashSet::new();
    let named = |items: &[NamedExpr], read: &mut HashSet<String>| {
        items.iter().all(|n| names_in(&n.expr, read))
    };
    for op in operators {
        let known = match op {
            Operator::Where { predicate, .. } => names_in(predicate, &mut read),
            Operator::Extend { columns, .. } => named(columns, &mut read),
            Operator::Sort { keys, .. } => keys.iter().all(|k| names_in(&k.expr, &mut read)),
            Operator::Take { count, .. } => names_in(count, &mut read),
            Operator::Top { count, by, .. } => {
                names_in(count, &mut read) && names_in(&by.expr, &mut read)
            }
            Operator::Count { .. } => return Some(read),
            Operator::Summarize { aggregates, by, .. } => {
                return (named(aggregates, &mut read) && named(by, &mut read)).then_some(read);
            }
            Operator::Project { columns, .. } | Operator::Distinct { columns, .. } => {
                return named(columns, &mut read).then_some(read);
            }
            _ => false,
        };
        if !known {
            return None;
        }
    }
    None
}

/// Adds every name `e` mentions to `read`; false when `e` can read columns it does not name.
fn names_in(e: &Expr, read: &mut HashSet<String>) -> bool {
    match e {
        Expr::Literal { .. } => true,
        Expr::Name(i) => {
            read.insert(i.name.clone());
            true
        }
        Expr::Binary { left, right, .. } => names_in(left, read) && names_in(right, read),
        Expr::Unary { operand, .. } => names_in(operand, read),
        Expr::Call {
            target, name, args, ..
        } => {
            if matches!(
                name.name.as_str(),
                "pack_all" | "bag_pack_columns" | "column_ifexists"
            ) {
                return false;
            }
            target.as_deref().is_none_or(|t| names_in(t, read))
                && args.iter().all(|a| names_in(a, read))
        }
        Expr::Member { target, .. } => names_in(target, read),
        Expr::Index { target, index, .. } => names_in(target, read) && names_in(index, read),
        Expr::Between {
            expr, low, high, ..
        } => names_in(expr, read) && names_in(low, read) && names_in(high, read),
        Expr::In { expr, list, .. } => {
            names_in(expr, read) && list.iter().all(|x| names_in(x, read))
        }
        // A subquery reads its own tables; the names it mentions are harmless extras.
        Expr::Tabular(_) => true,
        Expr::Star { .. } | Expr::Wildcard(_) => false,
    }
}
