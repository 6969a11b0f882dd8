//! `make-series`: aggregates per group and per time (or numeric) bin, as arrays over a fixed axis,
//! with absent bins filled with the default (0 unless `default=` says otherwise).

use serde_json::Value as Json;

use crate::ast::{Expr, MakeSeriesAggregate, NamedExpr, OperatorParam, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::aggregate::{self, Aggregate};
use super::expr::{Compiler, Eval, RowRef};
use super::frame::{Frame, Row};
use super::names;
use super::scope::{Env, Scope};
use super::summarize::{compile_keys, Grouping};
use super::values::{self, Arith};
use super::ExecError;

/// The parts of a `make-series` operator.
pub struct Spec<'a> {
    pub params: &'a [OperatorParam],
    pub aggregates: &'a [MakeSeriesAggregate],
    pub on: &'a Expr,
    pub from: Option<&'a Expr>,
    pub to: Option<&'a Expr>,
    pub step: &'a Expr,
    pub by: &'a [NamedExpr],
}

/// Runs `make-series`.
pub fn make_series(
    frame: Frame,
    spec: Spec,
    env: &Env,
    scope: &Scope,
    span: Span,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    let mut nonempty = false;
    for p in spec.params {
        let text = match &p.value {
            Expr::Name(i) => i.name.clone(),
            other => values::to_text(&cx.constant(other)?),
        };
        match p.name.name.as_str() {
            "kind" => nonempty = text == "nonempty",
            other if other.starts_with("hint.") => {}
            other => {
                return Err(ExecError::at(
                    format!("unknown make-series parameter `{other}`"),
                    p.span,
                ))
            }
        }
    }
    let on = cx.compile(spec.on)?;
    let step = cx.constant(spec.step)?;
    let axis_name = names::default_name(spec.on).unwrap_or_else(|| "Axis".to_string());
    let rows = frame.rows();
    let axis_vals: Vec<Value> = (0..rows.len())
        .map(|i| (on.eval)(&RowRef { rows, i }))
        .collect();
    let axis_type = on
        .ty
        .or_else(|| axis_vals.iter().find_map(values::type_of))
        .unwrap_or(DataType::DateTime);
    let step_f = match (&step, axis_type) {
        (_, DataType::DateTime | DataType::TimeSpan) => {
            values::to_timespan(&step).map(|t| t as f64)
        }
        _ => values::to_f64(&step),
    };
    let Some(step_f) = step_f.filter(|s| *s > 0.0) else {
        return Err(ExecError::at(
            "make-series needs a positive step",
            spec.step.span(),
        ));
    };
    let as_num = |v: &Value| -> Option<f64> {
        match v {
            Value::DateTime(t) | Value::TimeSpan(t) => Some(*t as f64),
            Value::Null => None,
            other => values::to_f64(other),
        }
    };
    let from = match spec.from {
        Some(e) => as_num(&cx.constant(e)?),
        None => None,
    };
    let to = match spec.to {
        Some(e) => as_num(&cx.constant(e)?),
        None => None,
    };
    let min = axis_vals
        .iter()
        .filter_map(as_num)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
    let max = axis_vals
        .iter()
        .filter_map(as_num)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    let start = match from {
        Some(f) => f,
        None => match min {
            Some(m) => (m / step_f).floor() * step_f,
            None => 0.0,
        },
    };
    let end = match to {
        Some(t) => t,
        None => match max {
            Some(m) => start + (((m - start) / step_f).floor() + 1.0) * step_f,
            None => start,
        },
    };
    let nbins = if end > start {
        ((end - start) / step_f).ceil() as usize
    } else {
        0
    };
    if nbins > 1_000_000 {
        return Err(ExecError::at(
            "make-series would produce more than 1,000,000 bins",
            span,
        ));
    }
    let bin_of = move |v: &Value| -> Option<usize> {
        let x = as_num(v)?;
        if x < start || x >= end {
            return None;
        }
        Some(((x - start) / step_f).floor() as usize)
    };

    let (mut keys, key_columns, key_types) = compile_keys(&cx, spec.by)?;
    // The bin index is the last grouping key; rows outside the axis get a null bin and are
    // dropped when the arrays are filled.
    let axis_eval = on.eval;
    keys.push(Box::new(move |r: &RowRef| match bin_of(&axis_eval(r)) {
        Some(b) => Value::Long(b as i64),
        None => Value::Null,
    }) as Eval);
    let mut aggs: Vec<Aggregate> = Vec::new();
    let mut defaults: Vec<Value> = Vec::new();
    let mut out_columns: Vec<Column> = key_columns.clone();
    for a in spec.aggregates {
        let Expr::Call {
            target: None,
            name,
            args,
            span,
        } = &a.aggregate.expr
        else {
            return Err(ExecError::at(
                "make-series needs an aggregation such as count()",
                a.span,
            ));
        };
        if !aggregate::is_aggregate(&name.name) {
            return Err(ExecError::at(
                format!("`{}` is not an aggregation function", name.name),
                *span,
            ));
        }
        let agg = aggregate::compile(
            &cx,
            &name.name,
            args,
            &a.aggregate.names,
            &out_columns,
            *span,
        )?;
        if agg.outputs.len() != 1 {
            return Err(ExecError::at(
                format!("`{}` cannot be used in make-series", name.name),
                *span,
            ));
        }
        let default = match &a.default {
            Some(d) => cx.constant(d)?,
            None => Value::Long(0),
        };
        let col_name = names::unique_name(&out_columns, &agg.outputs[0].name);
        out_columns.push(Column::new(col_name, DataType::Dynamic));
        defaults.push(default);
        aggs.push(agg);
    }
    let axis_col = names::unique_name(&out_columns, &axis_name);
    out_columns.push(Column::new(axis_col, DataType::Dynamic));

    let grouping = Grouping {
        keys,
        key_columns: key_columns.clone(),
        aggregates: aggs,
    };
    let groups = grouping.run(rows);
    let nkeys = key_columns.len();
    // Series per group key (without the bin).
    let mut series: Vec<(Vec<Value>, Vec<Vec<Json>>)> = Vec::new();
    let mut index: std::collections::HashMap<Vec<values::Key>, usize> =
        std::collections::HashMap::new();
    for (k, states) in groups.keys.iter().zip(&groups.states) {
        let gk: Vec<values::Key> = k[..nkeys].iter().cloned().map(values::Key).collect();
        let g = *index.entry(gk).or_insert_with(|| {
            series.push((
                k[..nkeys].to_vec(),
                defaults
                    .iter()
                    .map(|d| vec![values::to_json(d); nbins])
                    .collect(),
            ));
            series.len() - 1
        });
        let Some(bin) = values::to_i64(&k[nkeys]) else {
            continue;
        };
        for (ai, (agg, s)) in grouping.aggregates.iter().zip(states).enumerate() {
            let mut out = Vec::new();
            agg.finish(s, &mut out);
            let v = out.into_iter().next().unwrap_or(Value::Null);
            let j = if v.is_null() {
                values::to_json(&defaults[ai])
            } else {
                values::to_json(&v)
            };
            series[g].1[ai][bin as usize] = j;
        }
    }
    if series.is_empty() && spec.by.is_empty() && !nonempty {
        series.push((
            vec![],
            defaults
                .iter()
                .map(|d| vec![values::to_json(d); nbins])
                .collect(),
        ));
    }
    let axis: Vec<Json> = (0..nbins)
        .map(|b| {
            let x = start + b as f64 * step_f;
            let v = match axis_type {
                DataType::DateTime => Value::DateTime(x.round() as i64),
                DataType::TimeSpan => Value::TimeSpan(x.round() as i64),
                DataType::Real => Value::Real(x),
                _ => {
                    let base = Value::Long(x.round() as i64);
                    values::arith(Arith::Add, &base, &Value::Long(0))
                }
            };
            values::to_json(&v)
        })
        .collect();
    let axis = Value::dynamic(Json::Array(axis));
    let out_rows: Vec<Row> = series
        .into_iter()
        .map(|(k, arrays)| {
            let mut row = k;
            row.extend(arrays.into_iter().map(|a| Value::dynamic(Json::Array(a))));
            row.push(axis.clone());
            row
        })
        .collect();
    for (i, c) in out_columns.iter_mut().enumerate().take(nkeys) {
        c.data_type = super::frame::infer_type(key_types[i], out_rows.iter().map(|r| r[i].clone()));
    }
    Ok(Frame::owned(out_columns, out_rows))
}
