//! `evaluate pivot(PivotColumn [, Aggregation] [, Column, ...])`: one output column per
//! distinct value of the pivot column (named by its text, in sorted order), holding the
//! aggregation (default `count()`) of the rows with that value, one row per combination of the
//! other given columns.

use rustc_hash::FxHashMap;

use crate::ast::{Expr, Ident, NamedExpr, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::frame::{Frame, Row};
use super::names;
use super::scope::{Env, Scope};
use super::summarize::{is_aggregate, summarize};
use super::values::{self, Key};
use super::ExecError;

/// Runs the `pivot` plugin.
pub fn pivot(
    frame: Frame,
    args: &[Expr],
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let Some(pivot_col) = args.first() else {
        return Err(ExecError::at("pivot needs the column to pivot on", span));
    };
    let (aggregation, rest) = match args.get(1) {
        Some(a @ Expr::Call { name, .. }) if is_aggregate(&name.name) => (a.clone(), &args[2..]),
        _ => (
            Expr::Call {
                target: None,
                name: Ident::new("count", span),
                args: Vec::new(),
                span,
            },
            &args[1.min(args.len())..],
        ),
    };
    let counting = matches!(&aggregation, Expr::Call { name, .. }
        if matches!(name.name.as_str(), "count" | "countif" | "dcount" | "dcountif"));
    let named = |e: &Expr| NamedExpr {
        names: Vec::new(),
        expr: e.clone(),
        span: e.span(),
    };
    let mut by: Vec<NamedExpr> = rest.iter().map(named).collect();
    by.push(NamedExpr {
        names: vec![Ident::new("pivot_value_", pivot_col.span())],
        expr: pivot_col.clone(),
        span: pivot_col.span(),
    });
    let aggregate = NamedExpr {
        names: vec![Ident::new("pivot_aggregate_", aggregation.span())],
        expr: aggregation.clone(),
        span: aggregation.span(),
    };
    let summed = summarize(frame, &[aggregate], &by, env, scope, span)?.materialize();
    let n_keys = rest.len();
    let value_ty = summed.columns[n_keys + 1].data_type;
    // The output columns: the group columns, then one per pivot value in sorted order.
    let mut pivot_names: Vec<String> = summed
        .rows()
        .iter()
        .map(|r| values::to_text(&r[n_keys]))
        .collect();
    pivot_names.sort();
    pivot_names.dedup();
    let mut columns: Vec<Column> = summed.columns[..n_keys].to_vec();
    let mut slot: FxHashMap<String, usize> = FxHashMap::default();
    for p in &pivot_names {
        let name = names::unique_name(&columns, p);
        slot.insert(p.clone(), columns.len());
        columns.push(Column::new(name, value_ty));
    }
    let empty = if counting {
        Value::Long(0)
    } else {
        Value::Null
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of: FxHashMap<Vec<Key>, usize> = FxHashMap::default();
    for r in summed.rows() {
        let key: Vec<Key> = r[..n_keys].iter().cloned().map(Key).collect();
        let at = *row_of.entry(key).or_insert_with(|| {
            let mut row: Row = r[..n_keys].to_vec();
            row.resize(columns.len(), empty.clone());
            rows.push(row);
            rows.len() - 1
        });
        rows[at][slot[&values::to_text(&r[n_keys])]] = r[n_keys + 1].clone();
    }
    if counting {
        for c in &mut columns[n_keys..] {
            c.data_type = DataType::Long;
        }
    }
    Ok(Frame::owned(columns, rows))
}
