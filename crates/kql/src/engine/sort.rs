//! `sort`/`order by` and `top`: descending by default; nulls first when ascending and last when
//! descending unless the query says otherwise.

use std::cmp::Ordering;

use crate::ast::{NullsOrder, SortDirection, SortKey};
use crate::value::Value;

use super::expr::{Compiler, Eval, RowRef};
use super::frame::{Frame, Row, Rows};
use super::scope::{Env, Scope};
use super::values;
use super::ExecError;

struct Key {
    eval: Eval,
    desc: bool,
    nulls_first: bool,
}

fn compile_keys(
    frame: &Frame,
    keys: &[SortKey],
    env: &Env,
    scope: &Scope,
) -> Result<Vec<Key>, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    keys.iter()
        .map(|k| {
            let desc = k.direction != Some(SortDirection::Asc);
            let nulls_first = match k.nulls {
                Some(NullsOrder::First) => true,
                Some(NullsOrder::Last) => false,
                None => !desc,
            };
            Ok(Key {
                eval: cx.compile(&k.expr)?.eval,
                desc,
                nulls_first,
            })
        })
        .collect()
}

fn is_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Real(r) => r.is_nan(),
        Value::Dynamic(j) => j.is_null(),
        _ => false,
    }
}

fn compare_rows(keys: &[Key], a: &[Value], b: &[Value]) -> Ordering {
    for (k, (x, y)) in keys.iter().zip(a.iter().zip(b)) {
        let o = match (is_null(x), is_null(y)) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, false) => {
                let o = values::sort_order(&values::unwrap_dynamic(x), &values::unwrap_dynamic(y));
                if k.desc {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn key_values(keys: &[Key], rows: &[Row]) -> Vec<Vec<Value>> {
    (0..rows.len())
        .map(|i| {
            let r = RowRef { rows, i };
            keys.iter().map(|k| (k.eval)(&r)).collect()
        })
        .collect()
}

fn reorder(frame: Frame, order: &[usize]) -> Frame {
    let columns = frame.columns.clone();
    let rows: Vec<Row> = match frame.rows {
        Rows::Shared(t) => order.iter().map(|i| t.rows[*i].clone()).collect(),
        Rows::Owned(rows) => {
            let mut slots: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
            order
                .iter()
                .map(|i| slots[*i].take().unwrap_or_default())
                .collect()
        }
    };
    Frame {
        columns,
        rows: Rows::Owned(rows),
        serialized: true,
        selection: None,
    }
}

/// `sort by keys`: a stable sort.
pub fn sort(frame: Frame, keys: &[SortKey], env: &Env, scope: &Scope) -> Result<Frame, ExecError> {
    let keys = compile_keys(&frame, keys, env, scope)?;
    let kv = key_values(&keys, frame.rows());
    let mut order: Vec<usize> = (0..kv.len()).collect();
    order.sort_by(|a, b| compare_rows(&keys, &kv[*a], &kv[*b]));
    Ok(reorder(frame, &order))
}

/// `top n by key`.
pub fn top(
    frame: Frame,
    n: usize,
    key: &SortKey,
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    let keys = compile_keys(&frame, std::slice::from_ref(key), env, scope)?;
    let kv = key_values(&keys, frame.rows());
    let mut order: Vec<usize> = (0..kv.len()).collect();
    let cmp = |a: &usize, b: &usize| compare_rows(&keys, &kv[*a], &kv[*b]).then(a.cmp(b));
    if n < order.len() {
        if n > 0 {
            order.select_nth_unstable_by(n - 1, cmp);
        }
        order.truncate(n);
    }
    order.sort_by(cmp);
    Ok(reorder(frame, &order))
}
