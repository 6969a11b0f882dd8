//! `mv-apply`: for each input row, expand its arrays into a sub-table (as `mv-expand` would),
//! run the subquery on that sub-table, and union the results.

use crate::ast::{Expr, MvExpandColumn, Operator, OperatorParam, Span};
use crate::table::Column;
use crate::value::DataType;

use super::expr::{Compiler, Eval, RowRef};
use super::frame::{conform, Frame, Row};
use super::mv_expand::{elements, mv_expand};
use super::names;
use super::pipeline;
use super::scope::{Env, Scope};
use super::ExecError;

/// Runs `mv-apply ... on (subquery)`.
#[allow(clippy::too_many_arguments)]
pub fn mv_apply(
    frame: Frame,
    params: &[OperatorParam],
    columns: &[MvExpandColumn],
    limit: Option<&Expr>,
    on: &[Operator],
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let frame = frame.materialize();
    // Source columns not expanded in place are added back to each row's result when the
    // subquery did not keep them (first, repeated on every result row).
    let expanded: Vec<String> = columns
        .iter()
        .filter_map(|c| match c.column.name() {
            Some(n) => Some(n.name.clone()),
            None => names::default_name(&c.column.expr),
        })
        .collect();
    let carried: Vec<usize> = (0..frame.columns.len())
        .filter(|i| !expanded.contains(&frame.columns[*i].name))
        .collect();
    let cx = Compiler::new(env, scope, &frame.columns);
    let arrays: Vec<Eval> = columns
        .iter()
        .map(|c| cx.compile(&c.column.expr).map(|c| c.eval))
        .collect::<Result<_, _>>()?;
    let run = |mut rows: Vec<Row>| -> Result<Frame, ExecError> {
        // A row whose arrays are all empty (or null) has an empty sub-table.
        if rows.len() == 1 {
            let r = RowRef { rows: &rows, i: 0 };
            if arrays.iter().all(|a| elements(&a(&r), false).is_empty()) {
                rows.clear();
            }
        }
        let one = Frame::owned(frame.columns.clone(), rows);
        let mut sub = mv_expand(one, params, columns, limit, env, scope, span)?;
        for op in on {
            sub = pipeline::apply_operator(op, sub, env, scope)?;
        }
        Ok(sub.materialize())
    };
    // The output schema is the subquery's over an empty sub-table, with types taken from the
    // first row's result that has rows; each row's result is matched to it by column name (a
    // column whose type differs between rows becomes dynamic).
    let mut out_columns = run(Vec::new())?.columns;
    let mut typed = vec![false; out_columns.len()];
    let mut parts: Vec<Frame> = Vec::new();
    for r in frame.rows() {
        let part = run(vec![r.clone()])?;
        if !part.rows().is_empty() {
            for c in &part.columns {
                match out_columns.iter().position(|o| o.name == c.name) {
                    Some(k) if !typed[k] => {
                        out_columns[k].data_type = c.data_type;
                        typed[k] = true;
                    }
                    Some(k) if out_columns[k].data_type != c.data_type => {
                        out_columns[k].data_type = DataType::Dynamic;
                    }
                    Some(_) => {}
                    None => {
                        out_columns.push(Column::new(c.name.clone(), c.data_type));
                        typed.push(true);
                    }
                }
            }
        }
        parts.push(part);
    }
    let carried: Vec<usize> = carried
        .into_iter()
        .filter(|i| !out_columns.iter().any(|o| o.name == frame.columns[*i].name))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    for (source, part) in frame.rows().iter().zip(parts) {
        let map: Vec<Option<usize>> = out_columns
            .iter()
            .map(|o| part.column_index(&o.name))
            .collect();
        for r in part.rows() {
            let mut row: Row = carried.iter().map(|i| source[*i].clone()).collect();
            row.extend(map.iter().zip(&out_columns).map(|(m, o)| match m {
                Some(i) => conform(r[*i].clone(), o.data_type),
                None => crate::value::Value::Null,
            }));
            rows.push(row);
        }
    }
    let columns: Vec<Column> = carried
        .iter()
        .map(|i| frame.columns[*i].clone())
        .chain(out_columns)
        .collect();
    Ok(Frame::owned(columns, rows))
}
