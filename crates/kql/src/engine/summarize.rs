//! `summarize`: hash aggregation by key expressions, with aggregates that may sit inside larger
//! expressions (`todouble(countif(Failed)) / count()`).

use rustc_hash::FxHashMap;

use crate::ast::{Expr, Ident, NamedExpr, Span};
use crate::table::Column;
use crate::value::Value;

use super::aggregate::{self, Aggregate, State};
use super::columns::ColumnCopy;
use super::expr::{Compiler, Eval, RowRef};
use super::frame::{conform, infer_type, Frame, Row};
use super::names;
use super::scope::{Env, Scope};
use super::values::Key;
use super::ExecError;

pub use aggregate::is_aggregate;

/// One output item of summarize: an aggregate's own columns, or an expression over aggregates.
enum Item {
    Direct(usize),
    Computed { name: String, eval: Eval },
}

/// Group keys and aggregates compiled against the input.
pub struct Grouping {
    pub keys: Vec<Eval>,
    pub key_columns: Vec<Column>,
    pub aggregates: Vec<Aggregate>,
}

/// Rows grouped by key, with each group's aggregate states, in first-seen order.
pub struct Groups {
    pub keys: Vec<Vec<Value>>,
    pub states: Vec<Vec<State>>,
}

impl Grouping {
    /// Runs the grouping over rows.
    pub fn run(&self, rows: &[Row]) -> Groups {
        self.run_on(rows, Box::new(0..rows.len()))
    }

    /// Runs the grouping over the rows at `indices`, the only key being the value `values[ids[i]]`
    /// of row `i` (a dictionary-encoded column: equal keys have equal indices).
    pub fn run_dictionary(
        &self,
        rows: &[Row],
        indices: Box<dyn Iterator<Item = usize> + '_>,
        ids: &[u32],
        values: &[Value],
    ) -> Groups {
        let mut groups = Groups {
            keys: Vec::new(),
            states: Vec::new(),
        };
        let mut group_of = vec![u32::MAX; values.len()];
        for i in indices {
            let id = ids[i] as usize;
            let g = match group_of[id] {
                u32::MAX => {
                    let g = groups.keys.len();
                    group_of[id] = g as u32;
                    groups.keys.push(vec![values[id].clone()]);
                    groups
                        .states
                        .push(self.aggregates.iter().map(Aggregate::start).collect());
                    g
                }
                g => g as usize,
            };
            let r = RowRef { rows, i };
            for (a, s) in self.aggregates.iter().zip(groups.states[g].iter_mut()) {
                a.update(s, &r);
            }
        }
        groups
    }

    /// Runs the grouping over the rows at `indices`.
    pub fn run_on(&self, rows: &[Row], indices: Box<dyn Iterator<Item = usize> + '_>) -> Groups {
        let mut groups = Groups {
            keys: Vec::new(),
            states: Vec::new(),
        };
        if self.keys.is_empty() {
            let mut states: Vec<State> = self.aggregates.iter().map(Aggregate::start).collect();
            for i in indices {
                let r = RowRef { rows, i };
                for (a, s) in self.aggregates.iter().zip(states.iter_mut()) {
                    a.update(s, &r);
                }
            }
            groups.keys.push(Vec::new());
            groups.states.push(states);
            return groups;
        }
        if self.keys.len() == 1 {
            let mut index: FxHashMap<Key, usize> = FxHashMap::default();
            let key = &self.keys[0];
            for i in indices {
                let r = RowRef { rows, i };
                let k = Key(key(&r));
                let g = match index.get(&k) {
                    Some(g) => *g,
                    None => {
                        let g = groups.keys.len();
                        groups.keys.push(vec![k.0.clone()]);
                        groups
                            .states
                            .push(self.aggregates.iter().map(Aggregate::start).collect());
                        index.insert(k, g);
                        g
                    }
                };
                let states = &mut groups.states[g];
                for (a, s) in self.aggregates.iter().zip(states.iter_mut()) {
                    a.update(s, &r);
                }
            }
            return groups;
        }
        let mut index: FxHashMap<Vec<Key>, usize> = FxHashMap::default();
        let mut buf: Vec<Key> = Vec::with_capacity(self.keys.len());
        for i in indices {
            let r = RowRef { rows, i };
            buf.clear();
            buf.extend(self.keys.iter().map(|k| Key(k(&r))));
            let g = match index.get(buf.as_slice()) {
                Some(g) => *g,
                None => {
                    let g = groups.keys.len();
                    groups.keys.push(buf.iter().map(|k| k.0.clone()).collect());
                    groups
                        .states
                        .push(self.aggregates.iter().map(Aggregate::start).collect());
                    index.insert(buf.clone(), g);
                    g
                }
            };
            let states = &mut groups.states[g];
            for (a, s) in self.aggregates.iter().zip(states.iter_mut()) {
                a.update(s, &r);
            }
        }
        groups
    }
}

/// Key evaluators, their output columns, and their types when known before running.
pub type CompiledKeys = (Vec<Eval>, Vec<Column>, Vec<Option<crate::value::DataType>>);

/// Compiles `by` items: their evaluators and output columns (types settled later from data when
/// not known).
pub fn compile_keys(cx: &Compiler, by: &[NamedExpr]) -> Result<CompiledKeys, ExecError> {
    let mut evals = Vec::new();
    let mut cols: Vec<Column> = Vec::new();
    let mut types = Vec::new();
    let mut n = 1;
    for item in by {
        let c = cx.compile(&item.expr)?;
        let name = match item.name() {
            Some(i) => i.name.clone(),
            None => match names::key_name(&item.expr) {
                Some(n) => n,
                None => names::column_n(&cols, &mut n),
            },
        };
        let name = names::unique_name(&cols, &name);
        cols.push(Column::new(
            name,
            c.ty.unwrap_or(crate::value::DataType::String),
        ));
        types.push(c.ty);
        evals.push(c.eval);
    }
    Ok((evals, cols, types))
}

/// Replaces aggregate calls inside `expr` with references to hidden columns, compiling each.
fn extract_aggregates(
    expr: &Expr,
    cx: &Compiler,
    aggs: &mut Vec<Aggregate>,
    hidden: &mut Vec<Column>,
    taken: &[Column],
) -> Result<Expr, ExecError> {
    Ok(match expr {
        Expr::Call {
            target: None,
            name,
            args,
            span,
        } if is_aggregate(&name.name) => {
            let agg = aggregate::compile(cx, &name.name, args, &[], taken, *span)?;
            if agg.outputs.len() != 1 {
                return Err(ExecError::at(
                    format!("`{}` cannot be used inside an expression", name.name),
                    *span,
                ));
            }
            let hidden_name = format!("__agg{}", hidden.len());
            hidden.push(Column::new(hidden_name.clone(), agg.outputs[0].data_type));
            aggs.push(agg);
            Expr::Name(Ident::new(hidden_name, *span))
        }
        Expr::Call {
            target,
            name,
            args,
            span,
        } => Expr::Call {
            target: target.clone(),
            name: name.clone(),
            args: args
                .iter()
                .map(|a| extract_aggregates(a, cx, aggs, hidden, taken))
                .collect::<Result<_, _>>()?,
            span: *span,
        },
        Expr::Binary {
            op,
            left,
            right,
            span,
        } => Expr::Binary {
            op: *op,
            left: Box::new(extract_aggregates(left, cx, aggs, hidden, taken)?),
            right: Box::new(extract_aggregates(right, cx, aggs, hidden, taken)?),
            span: *span,
        },
        Expr::Unary { op, operand, span } => Expr::Unary {
            op: *op,
            operand: Box::new(extract_aggregates(operand, cx, aggs, hidden, taken)?),
            span: *span,
        },
        Expr::Member { target, name, span } => Expr::Member {
            target: Box::new(extract_aggregates(target, cx, aggs, hidden, taken)?),
            name: name.clone(),
            span: *span,
        },
        Expr::Index {
            target,
            index,
            span,
        } => Expr::Index {
            target: Box::new(extract_aggregates(target, cx, aggs, hidden, taken)?),
            index: Box::new(extract_aggregates(index, cx, aggs, hidden, taken)?),
            span: *span,
        },
        other => other.clone(),
    })
}

/// Executes `summarize aggregates by keys`.
pub fn summarize(
    frame: Frame,
    aggregates: &[NamedExpr],
    by: &[NamedExpr],
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    let (keys, key_columns, key_types) = compile_keys(&cx, by)?;
    let mut aggs: Vec<Aggregate> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut hidden: Vec<Column> = Vec::new();
    let mut computed_exprs: Vec<(String, Expr)> = Vec::new();
    let mut taken: Vec<Column> = key_columns.clone();
    let mut n = 1;
    for item in aggregates {
        match &item.expr {
            Expr::Call {
                target: None,
                name,
                args,
                span,
            } if is_aggregate(&name.name) => {
                let mut agg =
                    aggregate::compile(&cx, &name.name, args, &item.names, &taken, *span)?;
                for out in &mut agg.outputs {
                    out.name = names::unique_name(&taken, &out.name);
                    taken.push(out.clone());
                }
                items.push(Item::Direct(aggs.len()));
                aggs.push(agg);
            }
            other => {
                let rewritten = extract_aggregates(other, &cx, &mut aggs, &mut hidden, &taken)?;
                if hidden.is_empty() && aggs.is_empty() {
                    return Err(ExecError::at(
                        "summarize needs an aggregation function here (count(), sum(), ...)",
                        item.span,
                    ));
                }
                let name = match item.name() {
                    Some(i) => i.name.clone(),
                    None => names::column_n(&taken, &mut n),
                };
                let name = names::unique_name(&taken, &name);
                taken.push(Column::new(name.clone(), crate::value::DataType::Dynamic));
                computed_exprs.push((name.clone(), rewritten));
                items.push(Item::Computed {
                    name,
                    eval: Box::new(|_| Value::Null),
                });
            }
        }
    }
    let _ = span;
    // The intermediate schema: keys, then every aggregate's outputs in order.
    let mut inter: Vec<Column> = key_columns.clone();
    let mut hidden_iter = hidden.iter();
    let direct: std::collections::HashSet<usize> = items
        .iter()
        .filter_map(|i| match i {
            Item::Direct(a) => Some(*a),
            _ => None,
        })
        .collect();
    for (ai, agg) in aggs.iter().enumerate() {
        if direct.contains(&ai) {
            inter.extend(agg.outputs.iter().cloned());
        } else if let Some(h) = hidden_iter.next() {
            inter.push(h.clone());
        }
    }
    let inter_cx = Compiler::new(env, scope, &inter);
    let mut computed_iter = computed_exprs.into_iter();
    let mut computed_types = Vec::new();
    for item in &mut items {
        if let Item::Computed { eval, .. } = item {
            let (_, e) = computed_iter
                .next()
                .expect("one expression per computed item");
            let c = inter_cx.compile(&e)?;
            computed_types.push(c.ty);
            *eval = c.eval;
        }
    }
    let grouping = Grouping {
        keys,
        key_columns,
        aggregates: aggs,
    };
    // Grouping by one string column of a stored table groups its dictionary indices.
    let dict_key = match (by, frame.stored(env)) {
        ([item], Some((t, cache))) => match &item.expr {
            Expr::Name(i) => frame
                .column_index(&i.name)
                .map(|ix| cache.column(t, ix))
                .and_then(|c| match c {
                    ColumnCopy::Dictionary { ids, values } => Some((ids, values)),
                    ColumnCopy::Plain(_) => None,
                }),
            _ => None,
        },
        _ => None,
    };
    let mut groups = match dict_key {
        Some((ids, values)) => {
            grouping.run_dictionary(frame.all_rows(), frame.indices(), ids, values)
        }
        None => grouping.run_on(frame.all_rows(), frame.indices()),
    };
    if !by.is_empty() || groups.keys.is_empty() {
        // With keys, no input rows means no groups; run() made none.
    }
    if !by.is_empty() && frame.len() == 0 {
        groups.keys.clear();
        groups.states.clear();
    }
    // Intermediate rows.
    let inter_rows: Vec<Row> = groups
        .keys
        .iter()
        .zip(&groups.states)
        .map(|(k, states)| {
            let mut row = k.clone();
            for (agg, s) in grouping.aggregates.iter().zip(states) {
                agg.finish(s, &mut row);
            }
            row
        })
        .collect();
    // Output rows: keys, then each item.
    let mut out_rows: Vec<Row> = Vec::with_capacity(inter_rows.len());
    let nkeys = grouping.key_columns.len();
    let mut offsets = Vec::new();
    let mut off = nkeys;
    for (ai, agg) in grouping.aggregates.iter().enumerate() {
        offsets.push(off);
        off += if direct.contains(&ai) {
            agg.outputs.len()
        } else {
            1
        };
    }
    for i in 0..inter_rows.len() {
        let r = RowRef {
            rows: &inter_rows,
            i,
        };
        let src = &inter_rows[i];
        let mut row: Row = src[..nkeys].to_vec();
        for item in &items {
            match item {
                Item::Direct(a) => {
                    let o = offsets[*a];
                    row.extend_from_slice(&src[o..o + grouping.aggregates[*a].outputs.len()]);
                }
                Item::Computed { eval, .. } => row.push(eval(&r)),
            }
        }
        out_rows.push(row);
    }
    // Output schema.
    let mut columns: Vec<Column> = Vec::new();
    for (i, c) in grouping.key_columns.iter().enumerate() {
        let ty = infer_type(key_types[i], out_rows.iter().map(|r| r[i].clone()));
        columns.push(Column::new(c.name.clone(), ty));
    }
    let mut ct = computed_types.into_iter();
    for item in &items {
        match item {
            Item::Direct(a) => columns.extend(grouping.aggregates[*a].outputs.iter().cloned()),
            Item::Computed { name, .. } => {
                let declared = ct.next().flatten();
                let ix = columns.len();
                let ty = infer_type(declared, out_rows.iter().map(|r| r[ix].clone()));
                columns.push(Column::new(name.clone(), ty));
            }
        }
    }
    for row in &mut out_rows {
        for (v, c) in row.iter_mut().zip(&columns) {
            let taken = std::mem::replace(v, Value::Null);
            *v = conform(taken, c.data_type);
        }
    }
    Ok(Frame::owned(columns, out_rows))
}
