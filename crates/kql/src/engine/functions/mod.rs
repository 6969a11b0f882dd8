//! The scalar function library. Plain functions are rows of data (name, arity, result type,
//! implementation); functions that need the query (the clock, regexes compiled once, neighbouring
//! rows, lazy branches) are built here.

mod convert;
mod datetime;
mod dynamic;
mod math;
mod network;
pub mod series;
mod string;

use std::cell::Cell;

use crate::ast::{Expr, Span};
use crate::value::{DataType, Value};

use super::expr::{eval_constant, map1, Compiled, Compiler, Eval, RowRef};
use super::summarize::is_aggregate;
use super::values;
use super::{pipeline, regex_cache, ExecError};

/// The result type of a plain function.
#[derive(Clone, Copy, Debug)]
pub enum Ret {
    /// Always this type.
    Fixed(DataType),
    /// The type of the argument at this position.
    Arg(usize),
}

/// A plain scalar function: pure, evaluated on its argument values.
pub struct FnSpec {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub ret: Ret,
    pub f: fn(&[Value]) -> Value,
}

const fn spec(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    ret: Ret,
    f: fn(&[Value]) -> Value,
) -> FnSpec {
    FnSpec {
        name,
        min_args,
        max_args,
        ret,
        f,
    }
}

fn plain(name: &str) -> Option<&'static FnSpec> {
    [
        string::FUNCTIONS,
        datetime::FUNCTIONS,
        math::FUNCTIONS,
        convert::FUNCTIONS,
        dynamic::FUNCTIONS,
        network::FUNCTIONS,
        series::FUNCTIONS,
    ]
    .into_iter()
    .flat_map(|list| list.iter())
    .find(|f| f.name == name)
}

/// Whether the engine implements a scalar function of this name.
pub fn is_supported(name: &str) -> bool {
    plain(name).is_some() || SPECIAL.contains(&name) || series::outputs(name).is_some()
}

const SPECIAL: &[&str] = &[
    "iff",
    "iif",
    "case",
    "coalesce",
    "now",
    "ago",
    "toscalar",
    "row_number",
    "prev",
    "next",
    "extract",
    "extract_all",
    "replace_regex",
    "replace",
    "trim",
    "trim_start",
    "trim_end",
    "countof",
    "column_ifexists",
    "pack_all",
    "rand",
    "new_guid",
    "typeof",
];

fn check_arity(
    name: &str,
    args: &[Expr],
    min: usize,
    max: usize,
    span: Span,
) -> Result<(), ExecError> {
    let n = args.len();
    if n < min || n > max {
        let expected = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(ExecError::at(
            format!("function `{name}` takes {expected} argument(s), got {n}"),
            span,
        ));
    }
    Ok(())
}

/// Compiles a call to the scalar function `name`.
pub fn compile_call(
    cx: &Compiler,
    name: &str,
    args: &[Expr],
    span: Span,
) -> Result<Compiled, ExecError> {
    if let Some(c) = special(cx, name, args, span)? {
        return Ok(c);
    }
    if let Some(c) = user_function(cx, name, args, span)? {
        return Ok(c);
    }
    if series::outputs(name).is_some() {
        return Err(ExecError::at(
            format!("function `{name}` returns several columns; use it directly in extend: `extend (a, b, ...) = {name}(...)`"),
            span,
        ));
    }
    let Some(f) = plain(name) else {
        if is_aggregate(name) {
            return Err(ExecError::at(
                format!("aggregate function `{name}` can only be used in summarize, make-series or top-nested"),
                span,
            ));
        }
        if crate::builtins::lookup(name).is_some() {
            return Err(ExecError::unsupported("function", name, span));
        }
        return Err(ExecError::at(format!("unknown function `{name}`"), span));
    };
    check_arity(name, args, f.min_args, f.max_args, span)?;
    let compiled: Vec<Compiled> = args
        .iter()
        .map(|a| cx.compile(a))
        .collect::<Result<_, _>>()?;
    let ty = match f.ret {
        Ret::Fixed(t) => Some(t),
        Ret::Arg(i) => compiled.get(i).and_then(|c| c.ty),
    };
    let func = f.f;
    let c = call_plain(func, compiled);
    Ok(Compiled { ty, ..c })
}

/// Builds a call to a plain function, folding it when every argument is constant.
fn call_plain(func: fn(&[Value]) -> Value, args: Vec<Compiled>) -> Compiled {
    if args.iter().all(|a| a.constant.is_some()) {
        let vals: Vec<Value> = args
            .into_iter()
            .map(|a| a.constant.unwrap_or(Value::Null))
            .collect();
        return Compiled::constant(func(&vals));
    }
    let mut evals: Vec<Eval> = args.into_iter().map(|a| a.eval).collect();
    let eval: Eval = match evals.len() {
        1 => {
            let a = evals.pop().expect("one argument");
            Box::new(move |r| func(std::slice::from_ref(&a(r))))
        }
        2 => {
            let b = evals.pop().expect("two arguments");
            let a = evals.pop().expect("two arguments");
            Box::new(move |r| func(&[a(r), b(r)]))
        }
        3 => {
            let c = evals.pop().expect("three arguments");
            let b = evals.pop().expect("three arguments");
            let a = evals.pop().expect("three arguments");
            Box::new(move |r| func(&[a(r), b(r), c(r)]))
        }
        _ => Box::new(move |r| {
            let vals: Vec<Value> = evals.iter().map(|e| e(r)).collect();
            func(&vals)
        }),
    };
    Compiled::dynamic(eval, None)
}

fn user_function(
    cx: &Compiler,
    name: &str,
    args: &[Expr],
    span: Span,
) -> Result<Option<Compiled>, ExecError> {
    let Some(binding) = cx.scope.get(name) else {
        return Ok(None);
    };
    let super::scope::Binding::Function(def, def_scope) = &*binding else {
        return Ok(None);
    };
    let depth = cx.env.depth.get();
    if depth >= super::scope::MAX_DEPTH {
        return Err(ExecError::at(
            format!("calls to `{name}` nest too deeply"),
            span,
        ));
    }
    let scope = bind_params(cx, name, def, def_scope, args, span)?;
    let body = function_value(def, span)?;
    if let Expr::Tabular(_) = body {
        return Err(ExecError::at(
            format!("`{name}` returns a table; use it as a table or wrap it in toscalar()"),
            span,
        ));
    }
    cx.env.depth.set(depth + 1);
    let scope = pipeline::run_lets(&def.body[..def.body.len() - 1], cx.env, scope)?;
    let inner = Compiler::new(cx.env, &scope, cx.columns);
    let result = inner.compile(body);
    cx.env.depth.set(depth);
    result.map(Some)
}

/// The last statement of a function body, its value.
pub fn function_value(def: &crate::ast::FunctionDef, span: Span) -> Result<&Expr, ExecError> {
    match def.body.last() {
        Some(crate::ast::Statement::Expression(e)) => Ok(e),
        _ => Err(ExecError::at("the function body has no value", span)),
    }
}

/// Binds a user function's parameters to the call's arguments (or their defaults).
pub fn bind_params(
    cx: &Compiler,
    name: &str,
    def: &crate::ast::FunctionDef,
    def_scope: &super::scope::Scope,
    args: &[Expr],
    span: Span,
) -> Result<super::scope::Scope, ExecError> {
    use super::scope::Binding;
    if args.len() > def.params.len() {
        return Err(ExecError::at(
            format!(
                "function `{name}` takes {} argument(s), got {}",
                def.params.len(),
                args.len()
            ),
            span,
        ));
    }
    let mut scope = def_scope.clone();
    for (i, p) in def.params.iter().enumerate() {
        let binding = match (args.get(i), &p.default) {
            (Some(a), _) => match &p.ty {
                crate::ast::ParamType::Tabular { .. } => {
                    let frame = pipeline::eval_source_expr(a, cx.env, cx.scope)?;
                    Binding::Table(std::sync::Arc::new(frame.into_table(&p.name.name)))
                }
                crate::ast::ParamType::Scalar(_) => {
                    Binding::Expr(std::rc::Rc::new(a.clone()), cx.scope.clone())
                }
            },
            (None, Some(d)) => Binding::Expr(std::rc::Rc::new(d.clone()), def_scope.clone()),
            (None, None) => {
                return Err(ExecError::at(
                    format!("function `{name}` needs argument `{}`", p.name.name),
                    span,
                ))
            }
        };
        scope = scope.with(p.name.name.clone(), binding);
    }
    Ok(scope)
}

fn compile_all(cx: &Compiler, args: &[Expr]) -> Result<Vec<Compiled>, ExecError> {
    args.iter().map(|a| cx.compile(a)).collect()
}

fn const_text(cx: &Compiler, e: &Expr, what: &str) -> Result<String, ExecError> {
    let c = cx.compile(e)?;
    match c.constant {
        Some(v) => Ok(values::to_text(&v)),
        None => Err(ExecError::at(
            format!("{what} must be a constant"),
            e.span(),
        )),
    }
}

fn special(
    cx: &Compiler,
    name: &str,
    args: &[Expr],
    span: Span,
) -> Result<Option<Compiled>, ExecError> {
    if !SPECIAL.contains(&name) {
        return Ok(None);
    }
    if cx.scope.get(name).is_some() {
        return Ok(None);
    }
    let now = cx.env.opts.now;
    let c = match name {
        "iff" | "iif" => {
            check_arity(name, args, 3, 3, span)?;
            let mut c = compile_all(cx, args)?;
            let e = c.pop().expect("3 args");
            let t = c.pop().expect("3 args");
            let cond = c.pop().expect("3 args");
            let ty = t.ty.or(e.ty);
            if let Some(k) = &cond.constant {
                let pick = if values::to_bool(k) == Some(true) { t } else { e };
                return Ok(Some(pick));
            }
            let (ce, te, ee) = (cond.eval, t.eval, e.eval);
            Compiled::dynamic(
                Box::new(move |r| {
                    if values::to_bool(&ce(r)) == Some(true) {
                        te(r)
                    } else {
                        ee(r)
                    }
                }),
                ty,
            )
        }
        "case" => {
            check_arity(name, args, 3, usize::MAX, span)?;
            if args.len().is_multiple_of(2) {
                return Err(ExecError::at(
                    "case() takes predicate/value pairs followed by an else value",
                    span,
                ));
            }
            let mut c = compile_all(cx, args)?;
            let otherwise = c.pop().expect("else");
            let ty = c.iter().skip(1).step_by(2).find_map(|x| x.ty).or(otherwise.ty);
            let mut pairs = Vec::new();
            let mut it = c.into_iter();
            while let (Some(p), Some(v)) = (it.next(), it.next()) {
                pairs.push((p.eval, v.eval));
            }
            let oe = otherwise.eval;
            Compiled::dynamic(
                Box::new(move |r| {
                    for (p, v) in &pairs {
                        if values::to_bool(&p(r)) == Some(true) {
                            return v(r);
                        }
                    }
                    oe(r)
                }),
                ty,
            )
        }
        "coalesce" => {
            check_arity(name, args, 1, 64, span)?;
            let c = compile_all(cx, args)?;
            let ty = c.iter().find_map(|x| x.ty);
            let evals: Vec<Eval> = c.into_iter().map(|x| x.eval).collect();
            Compiled::dynamic(
                Box::new(move |r| {
                    for e in &evals {
                        let v = e(r);
                        let empty = match &v {
                            Value::Null => true,
                            Value::String(s) => s.is_empty(),
                            _ => false,
                        };
                        if !empty {
                            return v;
                        }
                    }
                    Value::Null
                }),
                ty,
            )
        }
        "now" => {
            check_arity(name, args, 0, 1, span)?;
            let offset = match args.first() {
                Some(a) => values::to_timespan(&cx.constant(a)?).unwrap_or(0),
                None => 0,
            };
            Compiled::constant(Value::DateTime(now + offset))
        }
        "ago" => {
            check_arity(name, args, 1, 1, span)?;
            let a = cx.compile(&args[0])?;
            map1(a, move |v| match values::to_timespan(&v) {
                Some(t) => Value::DateTime(now - t),
                None => Value::Null,
            })
            .with_type(DataType::DateTime)
        }
        "toscalar" => {
            check_arity(name, args, 1, 1, span)?;
            let frame = pipeline::eval_source_expr(&args[0], cx.env, cx.scope)?;
            let v = frame
                .rows()
                .first()
                .and_then(|r| r.first().cloned())
                .unwrap_or(Value::Null);
            Compiled::constant(v)
        }
        "row_number" => {
            check_arity(name, args, 0, 2, span)?;
            let start = match args.first() {
                Some(a) => values::to_i64(&cx.constant(a)?).unwrap_or(1),
                None => 1,
            };
            match args.get(1) {
                None => Compiled::dynamic(
                    Box::new(move |r| Value::Long(start + r.i as i64)),
                    Some(DataType::Long),
                ),
                Some(restart) => {
                    let restart = cx.compile(restart)?.eval;
                    // Walks back to the last restart; rows are evaluated in order so this is
                    // linear per segment.
                    let last: Cell<(usize, i64)> = Cell::new((usize::MAX, start));
                    Compiled::dynamic(
                        Box::new(move |r| {
                            let (li, lv) = last.get();
                            let restarted = values::to_bool(&restart(r)) == Some(true);
                            let v = if restarted || r.i == 0 || li.wrapping_add(1) != r.i {
                                if restarted || r.i == 0 {
                                    start
                                } else {
                                    lv + 1
                                }
                            } else {
                                lv + 1
                            };
                            last.set((r.i, v));
                            Value::Long(v)
                        }),
                        Some(DataType::Long),
                    )
                }
            }
        }
        "prev" | "next" => {
            check_arity(name, args, 1, 3, span)?;
            let target = cx.compile(&args[0])?;
            let offset = match args.get(1) {
                Some(a) => values::to_i64(&cx.constant(a)?).unwrap_or(1),
                None => 1,
            };
            let default = match args.get(2) {
                Some(a) => cx.constant(a)?,
                None => Value::Null,
            };
            let forward = name == "next";
            let ty = target.ty;
            let te = target.eval;
            Compiled::dynamic(
                Box::new(move |r| {
                    let j = if forward {
                        r.i as i64 + offset
                    } else {
                        r.i as i64 - offset
                    };
                    if j < 0 || j as usize >= r.rows.len() {
                        return default.clone();
                    }
                    te(&RowRef {
                        rows: r.rows,
                        i: j as usize,
                    })
                }),
                ty,
            )
        }
        "extract" => {
            check_arity(name, args, 3, 4, span)?;
            let re = regex_cache::compile(&const_text(cx, &args[0], "the regex")?, args[0].span())?;
            let group = values::to_i64(&cx.constant(&args[1])?).unwrap_or(0).max(0) as usize;
            let to = match args.get(3) {
                Some(t) => Some(type_argument(t)?),
                None => None,
            };
            let text = cx.compile(&args[2])?;
            map1(text, move |v| {
                let t = values::text_of(&v);
                let s = match re.captures(&t).and_then(|c| c.get(group)) {
                    Some(m) => Value::string(m.as_str()),
                    None => return Value::Null,
                };
                match to {
                    Some(ty) => values::convert(&s, ty),
                    None => s,
                }
            })
            .with_type(to.unwrap_or(DataType::String))
        }
        "extract_all" => {
            check_arity(name, args, 2, 3, span)?;
            let re = regex_cache::compile(&const_text(cx, &args[0], "the regex")?, args[0].span())?;
            let groups: Option<Vec<usize>> = if args.len() == 3 {
                let g = cx.constant(&args[1])?;
                let mut list = Vec::new();
                if let Value::Dynamic(j) = &g {
                    if let Some(a) = j.as_array() {
                        list = a.iter().filter_map(|x| x.as_u64()).map(|x| x as usize).collect();
                    }
                }
                Some(list)
            } else {
                None
            };
            let text = cx.compile(args.last().expect("text"))?;
            let ncap = re.captures_len();
            map1(text, move |v| {
                let t = values::text_of(&v);
                let mut out = Vec::new();
                for caps in re.captures_iter(&t) {
                    let pick = |g: usize| {
                        caps.get(g)
                            .map_or(serde_json::Value::Null, |m| serde_json::Value::String(m.as_str().into()))
                    };
                    match &groups {
                        Some(gs) => out.push(serde_json::Value::Array(gs.iter().map(|g| pick(*g)).collect())),
                        None if ncap == 2 => out.push(pick(1)),
                        None if ncap > 2 => {
                            out.push(serde_json::Value::Array((1..ncap).map(pick).collect()))
                        }
                        None => out.push(pick(0)),
                    }
                }
                if out.is_empty() {
                    Value::Null
                } else {
                    Value::dynamic(serde_json::Value::Array(out))
                }
            })
            .with_type(DataType::Dynamic)
        }
        "replace_regex" | "replace" => {
            check_arity(name, args, 3, 3, span)?;
            // replace_regex(text, regex, rewrite); the older replace(regex, rewrite, text).
            let (ti, ri, wi) = if name == "replace" { (2, 0, 1) } else { (0, 1, 2) };
            let re = regex_cache::compile(&const_text(cx, &args[ri], "the regex")?, args[ri].span())?;
            let rewrite = convert_rewrite(&const_text(cx, &args[wi], "the rewrite")?);
            let text = cx.compile(&args[ti])?;
            map1(text, move |v| {
                Value::from(re.replace_all(&values::text_of(&v), rewrite.as_str()).into_owned())
            })
            .with_type(DataType::String)
        }
        "trim" | "trim_start" | "trim_end" => {
            check_arity(name, args, 2, 2, span)?;
            let pat = const_text(cx, &args[0], "the regex")?;
            let start = regex_cache::compile(&format!("^(?:{pat})+"), args[0].span())?;
            let end = regex_cache::compile(&format!("(?:{pat})+$"), args[0].span())?;
            let (do_start, do_end) = match name {
                "trim" => (true, true),
                "trim_start" => (true, false),
                _ => (false, true),
            };
            let text = cx.compile(&args[1])?;
            map1(text, move |v| {
                let t = values::text_of(&v);
                let mut s: &str = &t;
                if do_start {
                    if let Some(m) = start.find(s) {
                        s = &s[m.end()..];
                    }
                }
                if do_end {
                    if let Some(m) = end.find(s) {
                        s = &s[..m.start()];
                    }
                }
                Value::string(s)
            })
            .with_type(DataType::String)
        }
        "countof" => {
            check_arity(name, args, 2, 3, span)?;
            let needle = const_text(cx, &args[1], "the search text")?;
            let kind = match args.get(2) {
                Some(k) => const_text(cx, k, "the kind")?,
                None => "normal".into(),
            };
            let text = cx.compile(&args[0])?;
            if kind == "regex" {
                let re = regex_cache::compile(&needle, args[1].span())?;
                map1(text, move |v| Value::Long(re.find_iter(&values::text_of(&v)).count() as i64))
            } else {
                map1(text, move |v| {
                    let t = values::text_of(&v);
                    if needle.is_empty() {
                        return Value::Long(0);
                    }
                    // Overlapping occurrences, as Kusto counts them.
                    let mut n = 0;
                    let mut from = 0;
                    while let Some(i) = t[from..].find(needle.as_str()) {
                        n += 1;
                        from += i + needle.chars().next().map_or(1, char::len_utf8);
                    }
                    Value::Long(n)
                })
            }
            .with_type(DataType::Long)
        }
        "column_ifexists" => {
            check_arity(name, args, 2, 2, span)?;
            let col = const_text(cx, &args[0], "the column name")?;
            match cx.column_index(&col) {
                Some(ix) => cx.column(ix),
                None => cx.compile(&args[1])?,
            }
        }
        "pack_all" => {
            check_arity(name, args, 0, 1, span)?;
            let skip_nulls = match args.first() {
                Some(a) => values::to_bool(&cx.constant(a)?) == Some(true),
                None => false,
            };
            let names: Vec<String> = cx.columns.iter().map(|c| c.name.clone()).collect();
            Compiled::dynamic(
                Box::new(move |r| {
                    let row = &r.rows[r.i];
                    let mut m = serde_json::Map::new();
                    for (n, v) in names.iter().zip(row) {
                        if skip_nulls && v.is_null() {
                            continue;
                        }
                        m.insert(n.clone(), values::to_json(v));
                    }
                    Value::dynamic(serde_json::Value::Object(m))
                }),
                Some(DataType::Dynamic),
            )
        }
        "rand" => {
            check_arity(name, args, 0, 1, span)?;
            let range = match args.first() {
                Some(a) => values::to_f64(&cx.constant(a)?),
                None => None,
            };
            let state = Cell::new((now as u64) ^ 0x9E37_79B9_7F4A_7C15 | 1);
            Compiled::dynamic(
                Box::new(move |_| {
                    let mut x = state.get();
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    state.set(x);
                    let f = (x >> 11) as f64 / (1u64 << 53) as f64;
                    match range {
                        Some(n) => Value::Long((f * n).floor() as i64),
                        None => Value::Real(f),
                    }
                }),
                None,
            )
        }
        "new_guid" => {
            check_arity(name, args, 0, 0, span)?;
            let state = Cell::new((now as u128) << 64 | 0x5DEE_CE66_D1CE_4E5B);
            Compiled::dynamic(
                Box::new(move |_| {
                    let mut x = state.get();
                    x = x.wrapping_mul(0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645).wrapping_add(0x5851_F42D_4C95_7F2D_1405_7B7E_F767_814F);
                    state.set(x);
                    // Version 4, variant 1.
                    let g = (x & !(0xF000u128 << 64) | (0x4000u128 << 64)) & !(0xC000u128 << 48) | (0x8000u128 << 48);
                    Value::guid(g)
                }),
                Some(DataType::Guid),
            )
        }
        "typeof" => {
            return Err(ExecError::at(
                "typeof(...) names a type; it is only valid as an argument (e.g. of extract or mv-expand ... to typeof(...))",
                span,
            ))
        }
        _ => return Ok(None),
    };
    let _ = eval_constant;
    Ok(Some(c))
}

/// Reads `typeof(long)` or a bare type name as a type argument.
pub fn type_argument(e: &Expr) -> Result<DataType, ExecError> {
    let name = match e {
        Expr::Call { name, args, .. } if name.name == "typeof" && args.len() == 1 => match &args[0]
        {
            Expr::Name(i) => i.name.clone(),
            _ => String::new(),
        },
        Expr::Name(i) => i.name.clone(),
        _ => String::new(),
    };
    DataType::from_name(&name)
        .ok_or_else(|| ExecError::at("expected a type such as typeof(long)", e.span()))
}

/// Converts KQL's `\1` rewrite references to the regex crate's `${1}`.
fn convert_rewrite(rewrite: &str) -> String {
    let mut out = String::new();
    let mut chars = rewrite.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                out.push_str(&format!("${{{n}}}"));
            }
            '$' => out.push_str("$$"),
            other => out.push(other),
        }
    }
    out
}

/// Null-safe helpers shared by the function modules.
pub(crate) mod args {
    use crate::value::Value;

    use super::super::values;

    /// Argument `i` as text (empty when absent or null).
    pub fn text(a: &[Value], i: usize) -> std::borrow::Cow<'_, str> {
        a.get(i)
            .map_or(std::borrow::Cow::Borrowed(""), values::text_of)
    }

    /// Argument `i` as a long.
    pub fn long(a: &[Value], i: usize) -> Option<i64> {
        a.get(i).and_then(values::to_i64)
    }

    /// Argument `i` as a real.
    pub fn real(a: &[Value], i: usize) -> Option<f64> {
        a.get(i).and_then(values::to_f64)
    }

    /// Argument `i` as a datetime.
    pub fn datetime(a: &[Value], i: usize) -> Option<i64> {
        a.get(i).and_then(values::to_datetime)
    }
}
