//! Scans of one column of a stored table through its column copy (see [`super::columns`]):
//! a predicate on a string column is evaluated once per distinct value, one on another column
//! over the contiguous copy instead of every row's memory.

use crate::ast::{Expr, Operator};
use crate::table::{Column, Table};
use crate::value::Value;

use super::columns::{ColumnCache, ColumnCopy};
use super::expr::{Compiler, RowRef};
use super::frame::Row;
use super::scope::{Binding, Env, Scope};
use super::{functions, ExecError};

/// Functions whose value depends on more than the row's own cells (position, randomness, other
/// columns by name): a predicate using one is never evaluated per distinct value.
const ROW_DEPENDENT: &[&str] = &[
    "rand",
    "new_guid",
    "row_number",
    "prev",
    "next",
    "row_cumsum",
    "row_rank_dense",
    "row_rank_min",
    "row_window_session",
    "column_ifexists",
    "pack_all",
    "bag_pack_columns",
    "toscalar",
];

/// The one column `e` reads, when it reads exactly one column of `columns` and otherwise only
/// literals, scalar `let` values and built-in functions of its arguments.
pub fn single_column(e: &Expr, columns: &[Column], scope: &Scope) -> Option<usize> {
    let mut found = None;
    walk(e, columns, scope, &mut found)
        .then_some(found)
        .flatten()
}

fn walk(e: &Expr, columns: &[Column], scope: &Scope, found: &mut Option<usize>) -> bool {
    match e {
        Expr::Literal { .. } => true,
        Expr::Name(i) => match columns.iter().position(|c| c.name == i.name) {
            Some(ix) => match found {
                Some(f) => *f == ix,
                None => {
                    *found = Some(ix);
                    true
                }
            },
            None => match scope.get(&i.name).as_deref() {
                Some(Binding::Scalar(_)) => true,
                Some(_) => false,
                None => matches!(i.name.as_str(), "true" | "false"),
            },
        },
        Expr::Binary { left, right, .. } => {
            walk(left, columns, scope, found) && walk(right, columns, scope, found)
        }
        Expr::Unary { operand, .. } => walk(operand, columns, scope, found),
        Expr::Call {
            target: None,
            name,
            args,
            ..
        } => {
            functions::is_supported(&name.name)
                && !ROW_DEPENDENT.contains(&name.name.as_str())
                && scope.get(&name.name).is_none()
                && args.iter().all(|a| walk(a, columns, scope, found))
        }
        Expr::Member { target, .. } => walk(target, columns, scope, found),
        Expr::Index { target, index, .. } => {
            walk(target, columns, scope, found) && walk(index, columns, scope, found)
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            walk(expr, columns, scope, found)
                && walk(low, columns, scope, found)
                && walk(high, columns, scope, found)
        }
        Expr::In { expr, list, .. } => {
            walk(expr, columns, scope, found)
                && list
                    .iter()
                    .all(|a| !matches!(a, Expr::Tabular(_)) && walk(a, columns, scope, found))
        }
        Expr::Call { .. } | Expr::Tabular(_) | Expr::Star { .. } | Expr::Wildcard(_) => false,
    }
}

/// Rows evaluated per batch when a predicate runs over a plain column copy.
const BATCH: usize = 1024;

/// The positions among `indices` of `table` where `predicate`, which reads only column `ix`
/// (named and typed as `column` in the frame), is true; evaluated through the column's copy.
#[allow(clippy::too_many_arguments)]
pub fn filter_column(
    predicate: &Expr,
    ix: usize,
    column: &Column,
    table: &Table,
    cache: &ColumnCache,
    indices: impl Iterator<Item = usize>,
    env: &Env,
    scope: &Scope,
) -> Result<Vec<usize>, ExecError> {
    let columns = [column.clone()];
    let c = Compiler::new(env, scope, &columns).compile(predicate)?;
    let passes =
        |rows: &[Row], i: usize| matches!((c.eval)(&RowRef { rows, i }), Value::Bool(true));
    Ok(match cache.column(table, ix) {
        ColumnCopy::Dictionary { ids, values } => {
            let rows: Vec<Row> = values.iter().map(|v| vec![v.clone()]).collect();
            let pass: Vec<bool> = (0..rows.len()).map(|k| passes(&rows, k)).collect();
            indices.filter(|i| pass[ids[*i] as usize]).collect()
        }
        ColumnCopy::Plain(values) => {
            // One-cell rows refilled batch by batch, so the compiled predicate runs unchanged.
            let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
            let mut at: Vec<usize> = Vec::with_capacity(BATCH);
            let mut picked = Vec::new();
            let mut flush = |batch: &mut Vec<Row>, at: &mut Vec<usize>| {
                for (k, i) in at.iter().enumerate() {
                    if passes(batch, k) {
                        picked.push(*i);
                    }
                }
                at.clear();
            };
            for i in indices {
                let k = at.len();
                if k < batch.len() {
                    batch[k][0] = values[i].clone();
                } else {
                    batch.push(vec![values[i].clone()]);
                }
                at.push(i);
                if at.len() == BATCH {
                    flush(&mut batch, &mut at);
                }
            }
            flush(&mut batch, &mut at);
            picked
        }
    })
}

/// The columns `op` reads, when it reads only columns it names (`summarize`, `project`, `count`,
/// `distinct`), so that the operator before it need not build the others; `None` when it may
/// read any column (`*`, `pack_all()`, user functions...).
pub fn columns_read(op: &Operator) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let ok = match op {
        Operator::Summarize { aggregates, by, .. } => aggregates
            .iter()
            .chain(by)
            .all(|n| names_in(&n.expr, &mut out)),
        Operator::Project { columns, .. } => columns.iter().all(|n| names_in(&n.expr, &mut out)),
        Operator::Distinct { columns, .. } => columns.iter().all(|n| names_in(&n.expr, &mut out)),
        Operator::Count { .. } => true,
        _ => false,
    };
    ok.then_some(out)
}

/// Adds every name `e` refers to; false when it may read columns it does not name.
fn names_in(e: &Expr, out: &mut Vec<String>) -> bool {
    match e {
        Expr::Literal { .. } => true,
        Expr::Name(i) => {
            out.push(i.name.clone());
            true
        }
        Expr::Binary { left, right, .. } => names_in(left, out) && names_in(right, out),
        Expr::Unary { operand, .. } => names_in(operand, out),
        Expr::Call {
            target: None,
            name,
            args,
            ..
        } => {
            super::supports_function(&name.name)
                && !ROW_DEPENDENT.contains(&name.name.as_str())
                && args.iter().all(|a| names_in(a, out))
        }
        Expr::Member { target, .. } => names_in(target, out),
        Expr::Index { target, index, .. } => names_in(target, out) && names_in(index, out),
        Expr::Between {
            expr, low, high, ..
        } => names_in(expr, out) && names_in(low, out) && names_in(high, out),
        Expr::In { expr, list, .. } => {
            names_in(expr, out)
                && list
                    .iter()
                    .all(|a| !matches!(a, Expr::Tabular(_)) && names_in(a, out))
        }
        Expr::Call { .. } | Expr::Tabular(_) | Expr::Star { .. } | Expr::Wildcard(_) => false,
    }
}
