//! Compiling scalar expressions into closures resolved against a frame's column positions.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::ast::{BinaryOp, Expr, InOp, Literal, Span, StringOp, StringOpKind, UnaryOp};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::frame::Row;
use super::scope::{Binding, Env, Scope};
use super::text::{eq_ignore_case, StrMatcher, StrOp};
use super::values::{self, Arith, Key};
use super::{functions, pipeline, regex_cache, ExecError};

/// The row an expression is evaluated on: a position in the frame's rows (so `prev`/`next` can
/// look around it).
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    pub rows: &'a [Row],
    pub i: usize,
}

impl<'a> RowRef<'a> {
    /// The current row's value in column `c`.
    #[inline]
    pub fn get(&self, c: usize) -> &'a Value {
        &self.rows[self.i][c]
    }
}

/// An evaluator for one expression.
pub type Eval = Box<dyn Fn(&RowRef) -> Value>;

/// A compiled expression: its evaluator, its type when known before running, and its value when
/// it does not depend on the row.
pub struct Compiled {
    pub eval: Eval,
    pub ty: Option<DataType>,
    pub constant: Option<Value>,
    /// The column index when the expression is a plain column reference.
    pub column: Option<usize>,
}

impl Compiled {
    /// A constant.
    pub fn constant(v: Value) -> Compiled {
        let ty = values::type_of(&v);
        let c = v.clone();
        Compiled {
            eval: Box::new(move |_| c.clone()),
            ty,
            constant: Some(v),
            column: None,
        }
    }

    /// A row-dependent evaluator of a known or unknown type.
    pub fn dynamic(eval: Eval, ty: Option<DataType>) -> Compiled {
        Compiled {
            eval,
            ty,
            constant: None,
            column: None,
        }
    }
}

static EMPTY_ROW: [Row; 1] = [Vec::new()];

/// Evaluates a row-independent evaluator once.
pub fn eval_constant(eval: &Eval) -> Value {
    eval(&RowRef {
        rows: &EMPTY_ROW,
        i: 0,
    })
}

/// What expressions are compiled against: the environment, the names in scope and the input
/// columns.
pub struct Compiler<'a, 'e> {
    pub env: &'a Env<'e>,
    pub scope: &'a Scope,
    pub columns: &'a [Column],
}

impl<'a, 'e> Compiler<'a, 'e> {
    /// A compiler over `columns`.
    pub fn new(env: &'a Env<'e>, scope: &'a Scope, columns: &'a [Column]) -> Compiler<'a, 'e> {
        Compiler {
            env,
            scope,
            columns,
        }
    }

    /// Compiles an expression, folding it to a constant when it does not depend on the row.
    pub fn compile(&self, expr: &Expr) -> Result<Compiled, ExecError> {
        let c = self.compile_inner(expr)?;
        Ok(c)
    }

    /// Compiles an expression that must not depend on the row, and evaluates it.
    pub fn constant(&self, expr: &Expr) -> Result<Value, ExecError> {
        let c = self.compile(expr)?;
        match c.constant {
            Some(v) => Ok(v),
            None => Err(ExecError::at(
                "this expression must be a constant (it cannot refer to columns here)",
                expr.span(),
            )),
        }
    }

    /// The index of column `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    fn compile_inner(&self, expr: &Expr) -> Result<Compiled, ExecError> {
        match expr {
            Expr::Literal {
                value: Literal::Null(t),
                ..
            } => Ok(Compiled::constant(Value::Null).with_type(*t)),
            Expr::Literal { value, span } => literal(value, *span).map(Compiled::constant),
            Expr::Name(ident) => self.name(&ident.name, ident.span),
            Expr::Binary {
                op, left, right, ..
            } => self.binary(*op, left, right),
            Expr::Unary { op, operand, .. } => {
                let c = self.compile(operand)?;
                match op {
                    UnaryOp::Plus => Ok(c),
                    UnaryOp::Neg => Ok(map1(c, |v| values::negate(&v))),
                }
            }
            Expr::Call {
                target: None,
                name,
                args,
                span,
            } => functions::compile_call(self, &name.name, args, *span),
            Expr::Call {
                target: Some(_),
                name,
                span,
                ..
            } => Err(ExecError::unsupported(
                "method-style call",
                &name.name,
                *span,
            )),
            Expr::Member { target, name, .. } => {
                if let Some(path) = member_path(expr) {
                    if let Some(ix) = self.column_index(&path) {
                        return Ok(self.column(ix));
                    }
                }
                let t = self.compile(target)?;
                let key = name.name.clone();
                Ok(map1(t, move |v| dynamic_member(&v, &key)).with_type(DataType::Dynamic))
            }
            Expr::Index { target, index, .. } => {
                let t = self.compile(target)?;
                let i = self.compile(index)?;
                Ok(map2(t, i, |v, k| dynamic_index(&v, &k)).with_type(DataType::Dynamic))
            }
            Expr::Between {
                expr,
                low,
                high,
                negated,
                ..
            } => {
                let x = self.compile(expr)?;
                let lo = self.compile(low)?;
                let hi = self.compile(high)?;
                let negated = *negated;
                let c = map3(x, lo, hi, move |x, lo, hi| {
                    let hi = match (&lo, &hi) {
                        (Value::DateTime(_), Value::TimeSpan(_)) => {
                            values::arith(Arith::Add, &lo, &hi)
                        }
                        _ => hi,
                    };
                    match (values::compare(&x, &lo), values::compare(&x, &hi)) {
                        (Some(a), Some(b)) => {
                            let inside = a.is_ge() && b.is_le();
                            Value::Bool(inside != negated)
                        }
                        _ => Value::Null,
                    }
                });
                Ok(c.with_type(DataType::Bool))
            }
            Expr::In { expr, op, list, .. } => self.in_op(expr, *op, list),
            Expr::Tabular(_) => Err(ExecError::at(
                "a tabular expression cannot be used as a scalar here (wrap it in toscalar())",
                expr.span(),
            )),
            Expr::Star { span } => Err(ExecError::at("`*` is not valid here", *span)),
            Expr::Wildcard(p) => Err(ExecError::at(
                format!("wildcard `{}` is not valid here", p.pattern),
                p.span,
            )),
        }
    }

    /// A reference to column `ix`.
    pub fn column(&self, ix: usize) -> Compiled {
        Compiled {
            eval: Box::new(move |r| r.get(ix).clone()),
            ty: Some(self.columns[ix].data_type),
            constant: None,
            column: Some(ix),
        }
    }

    fn name(&self, name: &str, span: Span) -> Result<Compiled, ExecError> {
        if let Some(ix) = self.column_index(name) {
            return Ok(self.column(ix));
        }
        match self.scope.get(name).as_deref() {
            Some(Binding::Scalar(v)) => Ok(Compiled::constant(v.clone())),
            Some(Binding::Expr(e, scope)) => {
                let inner = Compiler::new(self.env, scope, self.columns);
                inner.compile(e)
            }
            Some(Binding::Table(_)) => Err(ExecError::at(
                format!("`{name}` is a table; use toscalar() to take a value from it"),
                span,
            )),
            Some(Binding::Function(..)) => Err(ExecError::at(
                format!("`{name}` is a function; call it with parentheses"),
                span,
            )),
            None => match name {
                "true" => Ok(Compiled::constant(Value::Bool(true))),
                "false" => Ok(Compiled::constant(Value::Bool(false))),
                _ => Err(ExecError::at(
                    format!("unknown column or variable `{name}`"),
                    span,
                )),
            },
        }
    }

    fn binary(&self, op: BinaryOp, left: &Expr, right: &Expr) -> Result<Compiled, ExecError> {
        if let (Expr::Star { .. }, BinaryOp::Str(sop)) = (left, op) {
            return self.term_search(sop, right);
        }
        let l = self.compile(left)?;
        let r = self.compile(right)?;
        Ok(match op {
            BinaryOp::And | BinaryOp::Or => logical(op == BinaryOp::And, l, r),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                let a = match op {
                    BinaryOp::Add => Arith::Add,
                    BinaryOp::Sub => Arith::Sub,
                    BinaryOp::Mul => Arith::Mul,
                    BinaryOp::Div => Arith::Div,
                    _ => Arith::Rem,
                };
                let ty = arith_type(a, l.ty, r.ty);
                let c = map2(l, r, move |x, y| values::arith(a, &x, &y));
                match ty {
                    Some(t) => c.with_type(t),
                    None => c,
                }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let test: fn(std::cmp::Ordering) -> bool = match op {
                    BinaryOp::Lt => |o| o.is_lt(),
                    BinaryOp::Le => |o| o.is_le(),
                    BinaryOp::Gt => |o| o.is_gt(),
                    _ => |o| o.is_ge(),
                };
                compare_op(l, r, move |x, y| {
                    values::compare(x, y).map_or(Value::Null, |o| Value::Bool(test(o)))
                })
            }
            BinaryOp::Eq | BinaryOp::NotEq => {
                let neg = op == BinaryOp::NotEq;
                compare_op(l, r, move |x, y| {
                    values::equals(x, y).map_or(Value::Null, |b| Value::Bool(b != neg))
                })
            }
            BinaryOp::EqCi | BinaryOp::NotEqCi => {
                let neg = op == BinaryOp::NotEqCi;
                if let Some(c) = &r.constant {
                    let m = StrMatcher::new(StrOp::Equals, &values::text_of(c), false);
                    map1_ref(l, move |x| {
                        Value::Bool(m.matches(&values::text_of(x)) != neg)
                    })
                } else {
                    map2(l, r, move |x, y| {
                        Value::Bool(
                            eq_ignore_case(&values::text_of(&x), &values::text_of(&y)) != neg,
                        )
                    })
                }
                .with_type(DataType::Bool)
            }
            BinaryOp::Str(sop) => {
                if sop.kind == StringOpKind::MatchesRegex {
                    let pattern = r.constant.clone().ok_or_else(|| {
                        ExecError::at("`matches regex` needs a constant pattern", right.span())
                    })?;
                    let re = regex_cache::compile(&values::text_of(&pattern), right.span())?;
                    return Ok(
                        map1_ref(l, move |x| Value::Bool(re.is_match(&values::text_of(x))))
                            .with_type(DataType::Bool),
                    );
                }
                let kind = str_op(sop.kind);
                let neg = sop.negated;
                let cs = sop.case_sensitive;
                if let Some(c) = &r.constant {
                    let m = StrMatcher::new(kind, &values::text_of(c), cs);
                    map1_ref(l, move |x| {
                        Value::Bool(m.matches(&values::text_of(x)) != neg)
                    })
                } else {
                    map2(l, r, move |x, y| {
                        let m = StrMatcher::new(kind, &values::text_of(&y), cs);
                        Value::Bool(m.matches(&values::text_of(&x)) != neg)
                    })
                }
                .with_type(DataType::Bool)
            }
        })
    }

    /// `* has "x"`, `* contains "x"`...: whether any column of the row matches (for the negated
    /// forms, whether none does).
    fn term_search(&self, sop: StringOp, right: &Expr) -> Result<Compiled, ExecError> {
        let value = self.compile(right)?.constant.ok_or_else(|| {
            ExecError::at(
                "a search over every column (`* has ...`) needs a constant value",
                right.span(),
            )
        })?;
        let text = values::text_of(&value);
        let matches: Box<dyn Fn(&str) -> bool> = if sop.kind == StringOpKind::MatchesRegex {
            let re = regex_cache::compile(&text, right.span())?;
            Box::new(move |t| re.is_match(t))
        } else {
            let m = StrMatcher::new(str_op(sop.kind), &text, sop.case_sensitive);
            Box::new(move |t| m.matches(t))
        };
        let width = self.columns.len();
        let negated = sop.negated;
        Ok(Compiled::dynamic(
            Box::new(move |r| {
                let found = (0..width).any(|c| {
                    let v = r.get(c);
                    !v.is_null() && matches(&values::text_of(v))
                });
                Value::Bool(found != negated)
            }),
            Some(DataType::Bool),
        ))
    }

    fn in_op(&self, expr: &Expr, op: InOp, list: &[Expr]) -> Result<Compiled, ExecError> {
        let x = self.compile(expr)?;
        let mut items: Vec<Value> = Vec::new();
        let mut dynamic_items: Vec<Compiled> = Vec::new();
        for e in list {
            if let Expr::Tabular(t) = e {
                let frame = pipeline::eval_tabular(t, self.env, self.scope)?;
                for row in frame.rows() {
                    if let Some(v) = row.first() {
                        items.push(v.clone());
                    }
                }
                continue;
            }
            if let Expr::Name(id) = e {
                if self.column_index(&id.name).is_none() {
                    if let Some(b) = self.scope.get(&id.name) {
                        if let Binding::Table(t) = &*b {
                            for row in &t.rows {
                                if let Some(v) = row.first() {
                                    items.push(v.clone());
                                }
                            }
                            continue;
                        }
                    }
                }
            }
            let c = self.compile(e)?;
            match c.constant {
                Some(v) => flatten_into(&v, &mut items),
                None => dynamic_items.push(c),
            }
        }
        let c = match op {
            InOp::In | InOp::NotIn => {
                let neg = op == InOp::NotIn;
                let set: FxHashSet<Key> = items.into_iter().map(Key).collect();
                if dynamic_items.is_empty() {
                    map1_ref(x, move |v| {
                        if v.is_null() {
                            return Value::Bool(neg);
                        }
                        let v = values::unwrap_dynamic(v);
                        Value::Bool(contains_key(&set, &v) != neg)
                    })
                } else {
                    let evals: Vec<Eval> = dynamic_items.into_iter().map(|c| c.eval).collect();
                    let xe = x.eval;
                    Compiled::dynamic(
                        Box::new(move |r| {
                            let v = xe(r);
                            let v = values::unwrap_dynamic(&v).into_owned();
                            let mut found = contains_key(&set, &v);
                            for e in &evals {
                                if found {
                                    break;
                                }
                                let mut more = Vec::new();
                                flatten_into(&e(r), &mut more);
                                found = more.iter().any(|m| values::equals(&v, m) == Some(true));
                            }
                            Value::Bool(found != neg)
                        }),
                        None,
                    )
                }
            }
            InOp::InCi | InOp::NotInCi => {
                if !dynamic_items.is_empty() {
                    return Err(ExecError::at(
                        "`in~` needs constant values in its list",
                        list[0].span(),
                    ));
                }
                let neg = op == InOp::NotInCi;
                let set: FxHashSet<String> = items
                    .iter()
                    .map(|v| values::text_of(v).to_lowercase())
                    .collect();
                map1_ref(x, move |v| {
                    let t = values::text_of(v);
                    let hit = if t.is_ascii() && !t.bytes().any(|b| b.is_ascii_uppercase()) {
                        set.contains(t.as_ref())
                    } else {
                        set.contains(&t.to_lowercase())
                    };
                    Value::Bool(hit != neg)
                })
            }
            InOp::HasAny | InOp::HasAll => {
                if !dynamic_items.is_empty() {
                    return Err(ExecError::at(
                        format!("`{}` needs constant values in its list", op.keyword()),
                        list[0].span(),
                    ));
                }
                let matchers: Vec<StrMatcher> = items
                    .iter()
                    .map(|v| StrMatcher::new(StrOp::Has, &values::text_of(v), false))
                    .collect();
                let all = op == InOp::HasAll;
                map1_ref(x, move |v| {
                    let t = values::text_of(v);
                    Value::Bool(if all {
                        matchers.iter().all(|m| m.matches(&t))
                    } else {
                        matchers.iter().any(|m| m.matches(&t))
                    })
                })
            }
        };
        Ok(c.with_type(DataType::Bool))
    }
}

fn contains_key(set: &FxHashSet<Key>, v: &Value) -> bool {
    // Key borrows by value; a clone of a value is cheap (shared strings).
    set.contains(&Key(v.clone()))
}

/// Adds a value to an `in` list, expanding dynamic arrays into their elements.
fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Dynamic(j) => match &**j {
            serde_json::Value::Array(items) => {
                out.extend(items.iter().map(values::from_json));
            }
            other => out.push(values::from_json(other)),
        },
        other => out.push(other.clone()),
    }
}

/// The dotted name of a member chain of plain names (`a.b.c`), used for column names that
/// contain dots.
fn member_path(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(i) => Some(i.name.clone()),
        Expr::Member { target, name, .. } => {
            Some(format!("{}.{}", member_path(target)?, name.name))
        }
        _ => None,
    }
}

/// `d.key` / `d['key']` on a dynamic bag; null when absent or not a bag.
pub fn dynamic_member(v: &Value, key: &str) -> Value {
    match v {
        Value::Dynamic(j) => match j.get(key) {
            Some(serde_json::Value::Null) | None => Value::Null,
            Some(x) => Value::dynamic(x.clone()),
        },
        Value::String(s) => {
            // A string holding JSON is parsed on access, as Kusto does for `parse_json` output.
            match serde_json::from_str::<serde_json::Value>(s) {
                Ok(j) => dynamic_member(&Value::dynamic(j), key),
                Err(_) => Value::Null,
            }
        }
        _ => Value::Null,
    }
}

/// `d[i]` (negative counts from the end) or `d['key']`.
pub fn dynamic_index(v: &Value, index: &Value) -> Value {
    match index {
        Value::String(k) => dynamic_member(v, k),
        Value::Dynamic(_) => match values::unwrap_dynamic(index).as_ref() {
            Value::Dynamic(_) => Value::Null,
            other => dynamic_index(v, other),
        },
        _ => {
            let Some(i) = values::to_i64(index) else {
                return Value::Null;
            };
            match v {
                Value::Dynamic(j) => match &**j {
                    serde_json::Value::Array(a) => {
                        let len = a.len() as i64;
                        let i = if i < 0 { len + i } else { i };
                        if (0..len).contains(&i) {
                            match &a[i as usize] {
                                serde_json::Value::Null => Value::Null,
                                x => Value::dynamic(x.clone()),
                            }
                        } else {
                            Value::Null
                        }
                    }
                    _ => Value::Null,
                },
                _ => Value::Null,
            }
        }
    }
}

fn arith_type(a: Arith, l: Option<DataType>, r: Option<DataType>) -> Option<DataType> {
    use DataType::*;
    Some(match (l?, r?) {
        (Int, Int) => Int,
        (Int | Long, Int | Long) => Long,
        (Real, Int | Long | Real) | (Int | Long, Real) => Real,
        (DateTime, TimeSpan) if matches!(a, Arith::Add | Arith::Sub) => DateTime,
        (TimeSpan, DateTime) if a == Arith::Add => DateTime,
        (DateTime, DateTime) if a == Arith::Sub => TimeSpan,
        (TimeSpan, TimeSpan) if a == Arith::Div => Real,
        (TimeSpan, TimeSpan) => TimeSpan,
        (TimeSpan, Int | Long | Real) | (Int | Long | Real, TimeSpan) => TimeSpan,
        _ => return None,
    })
}

/// Converts a literal to a value.
pub fn literal(lit: &Literal, span: Span) -> Result<Value, ExecError> {
    Ok(match lit {
        Literal::String(s) => Value::string(s),
        Literal::Long(i) => Value::Long(*i),
        Literal::Int(i) => Value::Int(*i),
        Literal::Real(r) => Value::Real(*r),
        Literal::Decimal(d) => d
            .parse::<f64>()
            .map(Value::Real)
            .map_err(|_| ExecError::at(format!("invalid decimal `{d}`"), span))?,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::DateTime(t) => Value::DateTime(*t),
        Literal::TimeSpan(t) => Value::TimeSpan(*t),
        Literal::Guid(g) => Value::guid(*g),
        Literal::Dynamic(serde_json::Value::Null) => Value::Null,
        Literal::Dynamic(j) => Value::Dynamic(Arc::new(j.clone())),
        Literal::Null(_) => Value::Null,
    })
}

impl Compiled {
    /// The same evaluator with a known type.
    pub fn with_type(mut self, ty: DataType) -> Compiled {
        self.ty = Some(ty);
        self
    }
}

/// Builds `f(x)`, folding constants.
pub fn map1(x: Compiled, f: impl Fn(Value) -> Value + 'static) -> Compiled {
    if let Some(v) = x.constant {
        return Compiled::constant(f(v));
    }
    let e = x.eval;
    Compiled::dynamic(Box::new(move |r| f(e(r))), None)
}

/// Builds `f(&x)`, reading a column in place without cloning its value.
pub fn map1_ref(x: Compiled, f: impl Fn(&Value) -> Value + 'static) -> Compiled {
    if let Some(v) = x.constant {
        return Compiled::constant(f(&v));
    }
    if let Some(c) = x.column {
        return Compiled::dynamic(Box::new(move |r| f(r.get(c))), None);
    }
    let e = x.eval;
    Compiled::dynamic(Box::new(move |r| f(&e(r))), None)
}

/// The matcher for a string predicate other than `matches regex` (compiled as a regex instead).
fn str_op(kind: StringOpKind) -> StrOp {
    match kind {
        StringOpKind::Has => StrOp::Has,
        StringOpKind::HasPrefix => StrOp::HasPrefix,
        StringOpKind::HasSuffix => StrOp::HasSuffix,
        StringOpKind::Contains => StrOp::Contains,
        StringOpKind::StartsWith => StrOp::StartsWith,
        StringOpKind::EndsWith => StrOp::EndsWith,
        StringOpKind::MatchesRegex => unreachable!("matches regex is compiled as a regex"),
    }
}

/// Builds `f(x, y)`, folding constants.
pub fn map2(x: Compiled, y: Compiled, f: impl Fn(Value, Value) -> Value + 'static) -> Compiled {
    if let (Some(a), Some(b)) = (&x.constant, &y.constant) {
        return Compiled::constant(f(a.clone(), b.clone()));
    }
    let (ex, ey) = (x.eval, y.eval);
    Compiled::dynamic(Box::new(move |r| f(ex(r), ey(r))), None)
}

/// Builds `f(x, y, z)`, folding constants.
pub fn map3(
    x: Compiled,
    y: Compiled,
    z: Compiled,
    f: impl Fn(Value, Value, Value) -> Value + 'static,
) -> Compiled {
    if let (Some(a), Some(b), Some(c)) = (&x.constant, &y.constant, &z.constant) {
        return Compiled::constant(f(a.clone(), b.clone(), c.clone()));
    }
    let (ex, ey, ez) = (x.eval, y.eval, z.eval);
    Compiled::dynamic(Box::new(move |r| f(ex(r), ey(r), ez(r))), None)
}

/// `and`/`or` with three-valued logic, evaluating the right side only when it can matter.
fn logical(and: bool, l: Compiled, r: Compiled) -> Compiled {
    let decide = move |x: Option<bool>, y: Option<bool>| -> Value {
        match (x, y) {
            (Some(a), _) | (_, Some(a)) if a != and => Value::Bool(!and),
            (Some(_), Some(_)) => Value::Bool(and),
            _ => Value::Null,
        }
    };
    if let (Some(a), Some(b)) = (&l.constant, &r.constant) {
        return Compiled::constant(decide(values::to_bool(a), values::to_bool(b)));
    }
    let (le, re) = (l.eval, r.eval);
    Compiled::dynamic(
        Box::new(move |row| {
            let x = values::to_bool(&le(row));
            if x == Some(!and) {
                return Value::Bool(!and);
            }
            decide(x, values::to_bool(&re(row)))
        }),
        Some(DataType::Bool),
    )
}

/// A comparison, reading a column against a constant in place when it can.
fn compare_op(l: Compiled, r: Compiled, f: impl Fn(&Value, &Value) -> Value + 'static) -> Compiled {
    let c = match (&l.column, &r.constant) {
        (Some(ix), Some(k)) => {
            let ix = *ix;
            let k = k.clone();
            Compiled::dynamic(Box::new(move |row| f(row.get(ix), &k)), None)
        }
        _ => map2(l, r, move |x, y| f(&x, &y)),
    };
    c.with_type(DataType::Bool)
}
