//! `union`: rows of several tables under the union of their columns.

use crate::ast::{Expr, OperatorParam, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::expr::Compiler;
use super::frame::{Frame, Row};
use super::names;
use super::pipeline::eval_source_expr;
use super::scope::{Env, Scope};
use super::values;
use super::ExecError;

/// Runs `union` with an optional piped input as the first table.
pub fn union(
    input: Option<Frame>,
    params: &[OperatorParam],
    tables: &[Expr],
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
    if parts.is_empty() {
        return Err(ExecError::at("union needs at least one table", span));
    }
    // Output columns: by name, in order of first appearance; a name with two types becomes
    // dynamic.
    let mut columns: Vec<Column> = Vec::new();
    for (_, f) in &parts {
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
    let mut rows: Vec<Row> = Vec::new();
    for (name, f) in &parts {
        let map: Vec<Option<usize>> = columns.iter().map(|c| f.column_index(&c.name)).collect();
        for r in f.rows() {
            let mut row: Row = Vec::with_capacity(columns.len() + 1);
            if withsource.is_some() {
                row.push(Value::string(name));
            }
            for (m, c) in map.iter().zip(&columns) {
                let v = m.map_or(Value::Null, |i| r[i].clone());
                row.push(super::frame::conform(v, c.data_type));
            }
            rows.push(row);
        }
    }
    if let Some(ws) = withsource {
        columns.insert(0, Column::new(ws, DataType::String));
    }
    Ok(Frame::owned(columns, rows))
}
