//! Aggregation functions (`count`, `dcount`, `sum`, `avg`, `arg_max`, `make_set`, `percentile`...)
//! as per-group accumulators that `summarize`, `make-series` and `count` feed row by row.

use rustc_hash::FxHashSet;
use serde_json::{Map, Value as Json};

use crate::ast::{Expr, Span};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::expr::{Compiler, Eval, RowRef};
use super::names;
use super::values::{self, Key};
use super::ExecError;

/// The aggregation functions the engine implements.
pub const AGGREGATES: &[&str] = &[
    "count",
    "countif",
    "dcount",
    "dcountif",
    "count_distinct",
    "count_distinctif",
    "sum",
    "sumif",
    "avg",
    "avgif",
    "min",
    "max",
    "minif",
    "maxif",
    "arg_max",
    "arg_min",
    "make_set",
    "make_set_if",
    "make_list",
    "make_list_if",
    "make_list_with_nulls",
    "make_bag",
    "make_bag_if",
    "percentile",
    "percentiles",
    "stdev",
    "stdevif",
    "stdevp",
    "variance",
    "varianceif",
    "variancep",
    "any",
    "take_any",
    "take_anyif",
    "anyif",
];

/// Aggregates KQL has that the engine does not implement (so they are reported by name).
const UNSUPPORTED_AGGREGATES: &[&str] = &[
    "percentilew",
    "percentilesw",
    "percentiles_array",
    "hll",
    "hll_merge",
    "tdigest",
    "tdigest_merge",
    "make_set_with_nulls",
    "buildschema",
    "binary_all_and",
    "binary_all_or",
    "binary_all_xor",
];

/// Whether `name` is an aggregation function (implemented or not).
pub fn is_aggregate(name: &str) -> bool {
    AGGREGATES.contains(&name) || UNSUPPORTED_AGGREGATES.contains(&name)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Count,
    CountIf,
    DCount,
    Sum,
    Avg,
    Min,
    Max,
    ArgMax,
    ArgMin,
    MakeSet,
    MakeList,
    MakeListWithNulls,
    MakeBag,
    Percentiles,
    Stdev,
    StdevP,
    Variance,
    VarianceP,
    Any,
}

/// One compiled aggregate call.
pub struct Aggregate {
    kind: Kind,
    /// The aggregated value (or the value to maximize for arg_max/arg_min).
    value: Option<Eval>,
    /// The `*if` predicate.
    predicate: Option<Eval>,
    /// arg_max/arg_min/any: the values returned from the chosen row.
    returns: Vec<Eval>,
    /// percentile(s): the percentages.
    percents: Vec<f64>,
    /// make_set/make_list: the most items kept.
    limit: usize,
    value_type: Option<DataType>,
    /// The output columns this aggregate produces (one, except arg_max/arg_min/percentiles/any).
    pub outputs: Vec<Column>,
}

/// The running state of one aggregate for one group.
#[derive(Clone)]
pub enum State {
    Count(i64),
    Sum { long: i64, real: f64, kind: u8 },
    Avg(f64, i64),
    Extreme(Option<Value>),
    Arg(Option<Value>, Vec<Value>),
    Set(FxHashSet<Key>, Vec<Value>),
    List(Vec<Value>),
    Bag(Map<String, Json>),
    Numbers(Vec<f64>),
    Moments { n: i64, mean: f64, m2: f64 },
    Any(Option<Vec<Value>>),
}

impl Aggregate {
    /// A fresh state.
    pub fn start(&self) -> State {
        match self.kind {
            Kind::Count | Kind::CountIf => State::Count(0),
            Kind::Sum => State::Sum {
                long: 0,
                real: 0.0,
                kind: 0,
            },
            Kind::Avg => State::Avg(0.0, 0),
            Kind::Min | Kind::Max => State::Extreme(None),
            Kind::ArgMax | Kind::ArgMin => State::Arg(None, Vec::new()),
            Kind::DCount | Kind::MakeSet => State::Set(FxHashSet::default(), Vec::new()),
            Kind::MakeList | Kind::MakeListWithNulls => State::List(Vec::new()),
            Kind::MakeBag => State::Bag(Map::new()),
            Kind::Percentiles => State::Numbers(Vec::new()),
            Kind::Stdev | Kind::StdevP | Kind::Variance | Kind::VarianceP => State::Moments {
                n: 0,
                mean: 0.0,
                m2: 0.0,
            },
            Kind::Any => State::Any(None),
        }
    }

    /// Feeds one row into a state.
    #[inline]
    pub fn update(&self, state: &mut State, r: &RowRef) {
        if let Some(p) = &self.predicate {
            if values::to_bool(&p(r)) != Some(true) {
                return;
            }
        }
        match state {
            State::Count(n) => {
                if self.kind == Kind::Count {
                    if let Some(v) = &self.value {
                        if v(r).is_null() {
                            return;
                        }
                    }
                }
                *n += 1;
            }
            State::Sum { long, real, kind } => match self.value(r) {
                Value::Int(i) => *long = long.wrapping_add(i as i64),
                Value::Long(i) => *long = long.wrapping_add(i),
                Value::Real(x) => {
                    *real += x;
                    *kind |= 1;
                }
                Value::TimeSpan(t) => {
                    *long = long.wrapping_add(t);
                    *kind |= 2;
                }
                Value::Dynamic(_) | Value::String(_) | Value::Bool(_) => {
                    let v = self.value(r);
                    if let Some(x) = values::to_f64(&values::unwrap_dynamic(&v)) {
                        *real += x;
                        *kind |= 1;
                    }
                }
                _ => {}
            },
            State::Avg(sum, n) => {
                let v = self.value(r);
                if let Some(x) = numeric(&v) {
                    *sum += x;
                    *n += 1;
                }
            }
            State::Extreme(best) => {
                let v = self.value(r);
                if v.is_null() {
                    return;
                }
                let want = if self.kind == Kind::Min {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
                let replace = match best {
                    None => true,
                    Some(b) => values::compare(&v, b) == Some(want),
                };
                if replace {
                    *best = Some(v);
                }
            }
            State::Arg(best, vals) => {
                let v = self.value(r);
                if v.is_null() {
                    return;
                }
                let want = if self.kind == Kind::ArgMin {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
                // Ties keep the first row seen.
                let replace = match best {
                    None => true,
                    Some(b) => values::compare(&v, b) == Some(want),
                };
                if replace {
                    *best = Some(v);
                    vals.clear();
                    vals.extend(self.returns.iter().map(|e| e(r)));
                }
            }
            State::Set(seen, items) => {
                let v = self.value(r);
                if v.is_null() {
                    return;
                }
                if self.kind == Kind::MakeSet {
                    // make_set over arrays adds their elements.
                    if let Value::Dynamic(j) = &v {
                        if let Some(a) = j.as_array() {
                            for e in a {
                                let ev = values::from_json(e);
                                if items.len() < self.limit && seen.insert(Key(ev.clone())) {
                                    items.push(ev);
                                }
                            }
                            return;
                        }
                    }
                    if items.len() >= self.limit {
                        return;
                    }
                    let k = Key(v);
                    if !seen.contains(&k) {
                        items.push(k.0.clone());
                        seen.insert(k);
                    }
                } else {
                    seen.insert(Key(values::unwrap_dynamic(&v).into_owned()));
                }
            }
            State::List(items) => {
                if items.len() >= self.limit {
                    return;
                }
                let v = self.value(r);
                if v.is_null() && self.kind != Kind::MakeListWithNulls {
                    return;
                }
                if let Value::Dynamic(j) = &v {
                    if let Some(a) = j.as_array() {
                        if self.kind == Kind::MakeList {
                            items.extend(a.iter().map(values::from_json));
                            return;
                        }
                    }
                }
                items.push(v);
            }
            State::Bag(map) => {
                let v = self.value(r);
                if let Value::Dynamic(j) = &v {
                    if let Some(o) = j.as_object() {
                        for (k, x) in o {
                            map.entry(k.clone()).or_insert_with(|| x.clone());
                        }
                    }
                }
            }
            State::Numbers(xs) => {
                let v = self.value(r);
                if let Some(x) = numeric(&v) {
                    xs.push(x);
                }
            }
            State::Moments { n, mean, m2 } => {
                let v = self.value(r);
                if let Some(x) = numeric(&v) {
                    *n += 1;
                    let d = x - *mean;
                    *mean += d / *n as f64;
                    *m2 += d * (x - *mean);
                }
            }
            State::Any(found) => {
                if found.is_none() {
                    let vals: Vec<Value> = self.returns.iter().map(|e| e(r)).collect();
                    *found = Some(vals);
                }
            }
        }
    }

    fn value(&self, r: &RowRef) -> Value {
        match &self.value {
            Some(e) => e(r),
            None => Value::Null,
        }
    }

    /// The output values of a finished state, one per output column.
    pub fn finish(&self, state: &State, out: &mut Vec<Value>) {
        match state {
            State::Count(n) => out.push(Value::Long(*n)),
            State::Sum { long, real, kind } => out.push(match kind {
                0 => match self.value_type {
                    Some(DataType::Int) => Value::Int(*long as i32),
                    Some(DataType::Real) => Value::Real(*real),
                    Some(DataType::TimeSpan) => Value::TimeSpan(*long),
                    _ => Value::Long(*long),
                },
                2 => Value::TimeSpan(*long),
                _ => Value::Real(*real + *long as f64),
            }),
            State::Avg(sum, n) => out.push(if *n == 0 {
                Value::Null
            } else {
                match self.value_type {
                    Some(DataType::TimeSpan) => Value::TimeSpan((sum / *n as f64).round() as i64),
                    Some(DataType::DateTime) => Value::DateTime((sum / *n as f64).round() as i64),
                    _ => Value::Real(sum / *n as f64),
                }
            }),
            State::Extreme(v) => out.push(v.clone().unwrap_or(Value::Null)),
            State::Arg(best, vals) => {
                out.push(best.clone().unwrap_or(Value::Null));
                if vals.is_empty() {
                    out.extend(self.returns.iter().map(|_| Value::Null));
                } else {
                    out.extend(vals.iter().cloned());
                }
            }
            State::Set(seen, items) => out.push(if self.kind == Kind::DCount {
                Value::Long(seen.len() as i64)
            } else {
                Value::dynamic(Json::Array(items.iter().map(values::to_json).collect()))
            }),
            State::List(items) => out.push(Value::dynamic(Json::Array(
                items.iter().map(values::to_json).collect(),
            ))),
            State::Bag(map) => out.push(Value::dynamic(Json::Object(map.clone()))),
            State::Numbers(xs) => {
                let mut sorted = xs.clone();
                sorted.sort_by(|a, b| a.total_cmp(b));
                for p in &self.percents {
                    out.push(match nearest_rank(&sorted, *p) {
                        Some(x) => self.typed_number(x),
                        None => Value::Null,
                    });
                }
            }
            State::Moments { n, m2, .. } => {
                let (n, m2) = (*n as f64, *m2);
                let v = match self.kind {
                    Kind::Stdev if n > 1.0 => Some((m2 / (n - 1.0)).sqrt()),
                    Kind::Variance if n > 1.0 => Some(m2 / (n - 1.0)),
                    Kind::StdevP if n > 0.0 => Some((m2 / n).sqrt()),
                    Kind::VarianceP if n > 0.0 => Some(m2 / n),
                    _ if n > 0.0 => Some(0.0),
                    _ => None,
                };
                out.push(v.map_or(Value::Null, Value::Real));
            }
            State::Any(found) => match found {
                Some(vals) => out.extend(vals.iter().cloned()),
                None => out.extend(self.returns.iter().map(|_| Value::Null)),
            },
        }
    }

    fn typed_number(&self, x: f64) -> Value {
        match self.value_type {
            Some(DataType::Long) => Value::Long(x as i64),
            Some(DataType::Int) => Value::Int(x as i32),
            Some(DataType::DateTime) => Value::DateTime(x as i64),
            Some(DataType::TimeSpan) => Value::TimeSpan(x as i64),
            _ => Value::Real(x),
        }
    }
}

fn numeric(v: &Value) -> Option<f64> {
    match v {
        Value::Null | Value::String(_) => None,
        Value::Dynamic(_) => values::to_f64(&values::unwrap_dynamic(v)),
        other => values::to_f64(other),
    }
}

/// The nearest-rank percentile of sorted values.
fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn format_percent(p: f64) -> String {
    let s = values::format_real(p);
    s.replace('.', "_")
}

/// Compiles an aggregate call `name(args)`; `given` names its output columns when the query does.
pub fn compile(
    cx: &Compiler,
    name: &str,
    args: &[Expr],
    given: &[crate::ast::Ident],
    taken: &[Column],
    span: Span,
) -> Result<Aggregate, ExecError> {
    if UNSUPPORTED_AGGREGATES.contains(&name) {
        return Err(ExecError::unsupported("aggregate function", name, span));
    }
    let arity = |min: usize, max: usize| -> Result<(), ExecError> {
        if args.len() < min || args.len() > max {
            Err(ExecError::at(
                format!(
                    "aggregate `{name}` takes {} argument(s), got {}",
                    if min == max {
                        min.to_string()
                    } else {
                        format!("{min} to {max}")
                    },
                    args.len()
                ),
                span,
            ))
        } else {
            Ok(())
        }
    };
    let arg_name = |i: usize| args.get(i).and_then(names::default_name);
    let suffix_name = |prefix: &str| match arg_name(0) {
        Some(n) => format!("{prefix}_{n}"),
        None => format!("{prefix}_"),
    };
    let compile_arg = |i: usize| -> Result<(Eval, Option<DataType>), ExecError> {
        let c = cx.compile(&args[i])?;
        Ok((c.eval, c.ty))
    };
    let limit_arg = |i: usize| -> Result<usize, ExecError> {
        match args.get(i) {
            Some(a) => Ok(values::to_i64(&cx.constant(a)?).unwrap_or(1_048_576).max(0) as usize),
            None => Ok(1_048_576),
        }
    };
    let mut agg = Aggregate {
        kind: Kind::Count,
        value: None,
        predicate: None,
        returns: Vec::new(),
        percents: Vec::new(),
        limit: usize::MAX,
        value_type: None,
        outputs: Vec::new(),
    };
    let mut out_type = DataType::Long;
    let default_name: String;
    match name {
        "count" => {
            arity(0, 1)?;
            if !args.is_empty() && !matches!(args[0], Expr::Star { .. }) {
                agg.value = Some(compile_arg(0)?.0);
            }
            default_name = "count_".into();
        }
        "countif" => {
            arity(1, 1)?;
            agg.kind = Kind::CountIf;
            agg.predicate = Some(compile_arg(0)?.0);
            default_name = "countif_".into();
        }
        "dcount" | "count_distinct" => {
            arity(1, 2)?;
            agg.kind = Kind::DCount;
            agg.value = Some(compile_arg(0)?.0);
            default_name = suffix_name(name);
        }
        "dcountif" | "count_distinctif" => {
            arity(2, 3)?;
            agg.kind = Kind::DCount;
            agg.value = Some(compile_arg(0)?.0);
            agg.predicate = Some(compile_arg(1)?.0);
            default_name = suffix_name(name);
        }
        "sum" | "sumif" => {
            arity(
                if name == "sum" { 1 } else { 2 },
                if name == "sum" { 1 } else { 2 },
            )?;
            agg.kind = Kind::Sum;
            let (e, t) = compile_arg(0)?;
            agg.value = Some(e);
            agg.value_type = t;
            if name == "sumif" {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            out_type = match t {
                Some(DataType::Int) => DataType::Int,
                Some(DataType::Real | DataType::Decimal | DataType::Dynamic) | None => {
                    DataType::Real
                }
                Some(DataType::TimeSpan) => DataType::TimeSpan,
                _ => DataType::Long,
            };
            if t.is_none() {
                agg.value_type = Some(DataType::Real);
            }
            default_name = suffix_name(name);
        }
        "avg" | "avgif" => {
            arity(
                if name == "avg" { 1 } else { 2 },
                if name == "avg" { 1 } else { 2 },
            )?;
            agg.kind = Kind::Avg;
            let (e, t) = compile_arg(0)?;
            agg.value = Some(e);
            agg.value_type = t;
            if name == "avgif" {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            out_type = match t {
                Some(DataType::TimeSpan) => DataType::TimeSpan,
                Some(DataType::DateTime) => DataType::DateTime,
                _ => DataType::Real,
            };
            default_name = suffix_name(name);
        }
        "min" | "max" | "minif" | "maxif" => {
            let is_if = name.ends_with("if");
            arity(if is_if { 2 } else { 1 }, if is_if { 2 } else { 1 })?;
            agg.kind = if name.starts_with("min") {
                Kind::Min
            } else {
                Kind::Max
            };
            let (e, t) = compile_arg(0)?;
            agg.value = Some(e);
            out_type = t.unwrap_or(DataType::Dynamic);
            agg.value_type = t;
            if is_if {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            default_name = suffix_name(name);
        }
        "arg_max" | "arg_min" => {
            arity(1, 64)?;
            agg.kind = if name == "arg_max" {
                Kind::ArgMax
            } else {
                Kind::ArgMin
            };
            let (e, t) = compile_arg(0)?;
            agg.value = Some(e);
            let first = given
                .first()
                .map(|i| i.name.clone())
                .or_else(|| arg_name(0))
                .unwrap_or_else(|| format!("{name}_"));
            let mut outputs = vec![Column::new(first, t.unwrap_or(DataType::Dynamic))];
            for (i, a) in args.iter().enumerate().skip(1) {
                if let Expr::Star { .. } = a {
                    for (ix, col) in cx.columns.iter().enumerate() {
                        let already = outputs.iter().any(|o| o.name == col.name)
                            || taken.iter().any(|o| o.name == col.name);
                        if already {
                            continue;
                        }
                        agg.returns
                            .push(Box::new(move |r: &RowRef| r.get(ix).clone()));
                        outputs.push(col.clone());
                    }
                    continue;
                }
                let c = cx.compile(a)?;
                let col_name = given
                    .get(i)
                    .map(|n| n.name.clone())
                    .or_else(|| names::default_name(a))
                    .unwrap_or_else(|| format!("{name}_{i}"));
                outputs.push(Column::new(col_name, c.ty.unwrap_or(DataType::Dynamic)));
                agg.returns.push(c.eval);
            }
            agg.outputs = outputs;
            return Ok(agg);
        }
        "make_set" | "make_set_if" | "make_list" | "make_list_if" | "make_list_with_nulls" => {
            let is_if = name.ends_with("_if");
            let min = if is_if { 2 } else { 1 };
            arity(min, min + 1)?;
            agg.kind = if name.starts_with("make_set") {
                Kind::MakeSet
            } else if name == "make_list_with_nulls" {
                Kind::MakeListWithNulls
            } else {
                Kind::MakeList
            };
            agg.value = Some(compile_arg(0)?.0);
            if is_if {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            agg.limit = limit_arg(min)?;
            out_type = DataType::Dynamic;
            let prefix = if agg.kind == Kind::MakeSet {
                "set"
            } else {
                "list"
            };
            default_name = suffix_name(prefix);
        }
        "make_bag" | "make_bag_if" => {
            let is_if = name == "make_bag_if";
            let min = if is_if { 2 } else { 1 };
            arity(min, min + 1)?;
            agg.kind = Kind::MakeBag;
            agg.value = Some(compile_arg(0)?.0);
            if is_if {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            out_type = DataType::Dynamic;
            default_name = suffix_name("bag");
        }
        "percentile" | "percentiles" => {
            arity(2, 64)?;
            agg.kind = Kind::Percentiles;
            let (e, t) = compile_arg(0)?;
            agg.value = Some(e);
            agg.value_type = t;
            for a in &args[1..] {
                let p = values::to_f64(&cx.constant(a)?).ok_or_else(|| {
                    ExecError::at("a percentile must be a number between 0 and 100", a.span())
                })?;
                agg.percents.push(p);
            }
            let ty = match t {
                Some(
                    t @ (DataType::Long | DataType::Int | DataType::DateTime | DataType::TimeSpan),
                ) => t,
                _ => DataType::Real,
            };
            let base = arg_name(0).unwrap_or_default();
            agg.outputs = agg
                .percents
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let n = given
                        .get(i)
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| format!("percentile_{base}_{}", format_percent(*p)));
                    Column::new(n, ty)
                })
                .collect();
            return Ok(agg);
        }
        "stdev" | "stdevif" | "stdevp" | "variance" | "varianceif" | "variancep" => {
            let is_if = name.ends_with("if");
            arity(if is_if { 2 } else { 1 }, if is_if { 2 } else { 1 })?;
            agg.kind = match name {
                "stdev" | "stdevif" => Kind::Stdev,
                "stdevp" => Kind::StdevP,
                "variance" | "varianceif" => Kind::Variance,
                _ => Kind::VarianceP,
            };
            agg.value = Some(compile_arg(0)?.0);
            if is_if {
                agg.predicate = Some(compile_arg(1)?.0);
            }
            out_type = DataType::Real;
            default_name = suffix_name(name);
        }
        "any" | "take_any" | "take_anyif" | "anyif" => {
            agg.kind = Kind::Any;
            let is_if = name.ends_with("if");
            let value_args: &[Expr] = if is_if {
                arity(2, 2)?;
                agg.predicate = Some(compile_arg(1)?.0);
                &args[..1]
            } else {
                arity(1, 64)?;
                args
            };
            let mut outputs = Vec::new();
            for (i, a) in value_args.iter().enumerate() {
                if let Expr::Star { .. } = a {
                    for (ix, col) in cx.columns.iter().enumerate() {
                        if taken.iter().any(|o| o.name == col.name) {
                            continue;
                        }
                        agg.returns
                            .push(Box::new(move |r: &RowRef| r.get(ix).clone()));
                        outputs.push(col.clone());
                    }
                    continue;
                }
                let c = cx.compile(a)?;
                let n = given
                    .get(i)
                    .map(|g| g.name.clone())
                    .or_else(|| names::default_name(a).map(|n| format!("{name}_{n}")))
                    .unwrap_or_else(|| format!("{name}_"));
                outputs.push(Column::new(n, c.ty.unwrap_or(DataType::Dynamic)));
                agg.returns.push(c.eval);
            }
            agg.outputs = outputs;
            return Ok(agg);
        }
        _ => return Err(ExecError::unsupported("aggregate function", name, span)),
    }
    let col_name = given
        .first()
        .map(|i| i.name.clone())
        .unwrap_or(default_name);
    agg.outputs = vec![Column::new(col_name, out_type)];
    Ok(agg)
}
