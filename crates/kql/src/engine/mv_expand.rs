//! `mv-expand`: one row per element of dynamic arrays (or per property of bags).

use serde_json::Value as Json;

use crate::ast::{Expr, MvExpandColumn, OperatorParam, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::expr::{Compiler, Eval, RowRef};
use super::frame::{conform, Frame, Row};
use super::names;
use super::scope::{Env, Scope};
use super::values;
use super::ExecError;

/// Runs `mv-expand`.
pub fn mv_expand(
    frame: Frame,
    params: &[OperatorParam],
    columns: &[MvExpandColumn],
    limit: Option<&Expr>,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    let mut bag_as_array = false;
    let mut item_index: Option<String> = None;
    for p in params {
        let text = match &p.value {
            Expr::Name(i) => i.name.clone(),
            other => values::to_text(&cx.constant(other)?),
        };
        match p.name.name.as_str() {
            "bagexpansion" => bag_as_array = text == "array",
            "with_itemindex" => item_index = Some(text),
            other if other.starts_with("hint.") => {}
            other => {
                return Err(ExecError::at(
                    format!("unknown mv-expand parameter `{other}`"),
                    p.span,
                ))
            }
        }
    }
    let limit = match limit {
        Some(l) => values::to_i64(&cx.constant(l)?).map(|n| n.max(0) as usize),
        None => None,
    };
    if columns.is_empty() {
        return Err(ExecError::at("mv-expand needs a column", span));
    }
    // Each expanded item: the target column (existing or new), its evaluator and type.
    let mut out_columns = frame.columns.clone();
    let mut targets: Vec<(usize, Eval, DataType)> = Vec::new();
    for c in columns {
        let compiled = cx.compile(&c.column.expr)?;
        let name = match c.column.name() {
            Some(n) => n.name.clone(),
            None => names::default_name(&c.column.expr).ok_or_else(|| {
                ExecError::at("name the expanded expression: Name = expr", c.span)
            })?,
        };
        let ty = c.to_type.unwrap_or(DataType::Dynamic);
        let ix = match out_columns.iter().position(|x| x.name == name) {
            Some(ix) => {
                out_columns[ix].data_type = ty;
                ix
            }
            None => {
                out_columns.push(Column::new(name, ty));
                out_columns.len() - 1
            }
        };
        targets.push((ix, compiled.eval, ty));
    }
    let index_col = item_index.map(|n| {
        out_columns.push(Column::new(n, DataType::Long));
        out_columns.len() - 1
    });
    let width = out_columns.len();
    let rows = frame.rows();
    let mut out: Vec<Row> = Vec::new();
    for i in 0..rows.len() {
        let r = RowRef { rows, i };
        let lists: Vec<Vec<Value>> = targets
            .iter()
            .map(|(_, e, _)| elements(&e(&r), bag_as_array))
            .collect();
        let n = lists.iter().map(Vec::len).max().unwrap_or(0);
        let n = limit.map_or(n, |l| n.min(l));
        if n == 0 {
            // Null or empty arrays keep the row, with an empty value.
            let mut row = rows[i].clone();
            row.resize(width, Value::Null);
            for (ix, _, _) in &targets {
                row[*ix] = Value::Null;
            }
            out.push(row);
            continue;
        }
        for k in 0..n {
            let mut row = rows[i].clone();
            row.resize(width, Value::Null);
            for ((ix, _, ty), list) in targets.iter().zip(&lists) {
                let v = list.get(k).cloned().unwrap_or(Value::Null);
                row[*ix] = match ty {
                    DataType::Dynamic => v,
                    t => values::convert(&v, *t),
                };
            }
            if let Some(ic) = index_col {
                row[ic] = Value::Long(k as i64);
            }
            out.push(row);
        }
    }
    for row in &mut out {
        for (ix, _, ty) in &targets {
            let v = std::mem::replace(&mut row[*ix], Value::Null);
            row[*ix] = conform(v, *ty);
        }
    }
    Ok(Frame::owned(out_columns, out))
}

/// The elements an mv-expand produces from one value.
pub(super) fn elements(v: &Value, bag_as_array: bool) -> Vec<Value> {
    match v {
        Value::Null => vec![],
        Value::Dynamic(j) => match &**j {
            Json::Array(items) => items.iter().map(|x| Value::dynamic(x.clone())).collect(),
            Json::Object(m) => m
                .iter()
                .map(|(k, x)| {
                    if bag_as_array {
                        Value::dynamic(Json::Array(vec![Json::String(k.clone()), x.clone()]))
                    } else {
                        let mut one = serde_json::Map::new();
                        one.insert(k.clone(), x.clone());
                        Value::dynamic(Json::Object(one))
                    }
                })
                .collect(),
            Json::Null => vec![],
            other => vec![Value::dynamic(other.clone())],
        },
        other => vec![other.clone()],
    }
}
