//! Checking scalar expressions: name resolution against the row, `let` names and the function
//! catalog; arity; and the operand and argument types Kusto rejects.

use super::naming::suggest;
use super::scope::{Schema, Ty, Value};
use super::Checker;
use crate::ast::{BinaryOp, Expr, InOp, Literal, Span, UnaryOp};
use crate::builtins::{self, ArgType, FunctionKind, Returns};
use crate::diagnostic::Diagnostic;
use crate::value::DataType;

/// The rows an expression is evaluated against, and whether aggregates may appear.
#[derive(Clone, Copy)]
pub(super) enum Row<'s> {
    /// No row: a `let` value, a `print`, a function argument default.
    None,
    /// A row of this schema (where, extend, project, summarize `by`...).
    Table(&'s Schema<'s>),
    /// A `summarize` aggregate item: aggregate calls allowed, bare columns are not.
    Aggregate(&'s Schema<'s>),
    /// Inside an aggregate call's arguments.
    InAggregate(&'s Schema<'s>),
    /// A `join ... on` condition, with `$left` and `$right`.
    Join(&'s Schema<'s>, &'s Schema<'s>),
}

impl<'s> Row<'s> {
    fn schema(&self) -> Option<&'s Schema<'s>> {
        match *self {
            Row::Table(s) | Row::Aggregate(s) | Row::InAggregate(s) => Some(s),
            Row::Join(left, _) => Some(left),
            Row::None => None,
        }
    }
}

/// Broad classes of types, as Kusto's operators see them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Number,
    DateTime,
    TimeSpan,
    Bool,
    String,
    Guid,
    Dynamic,
}

fn class(t: DataType) -> Class {
    match t {
        DataType::Int | DataType::Long | DataType::Real | DataType::Decimal => Class::Number,
        DataType::DateTime => Class::DateTime,
        DataType::TimeSpan => Class::TimeSpan,
        DataType::Bool => Class::Bool,
        DataType::String => Class::String,
        DataType::Guid => Class::Guid,
        DataType::Dynamic => Class::Dynamic,
    }
}

/// The wider of two numeric types.
fn wider(a: DataType, b: DataType) -> DataType {
    let rank = |t: DataType| match t {
        DataType::Int => 0,
        DataType::Long => 1,
        DataType::Decimal => 3,
        _ => 2,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

fn literal_type(l: &Literal) -> DataType {
    match l {
        Literal::String(_) => DataType::String,
        Literal::Long(_) => DataType::Long,
        Literal::Int(_) => DataType::Int,
        Literal::Real(_) => DataType::Real,
        Literal::Decimal(_) => DataType::Decimal,
        Literal::Bool(_) => DataType::Bool,
        Literal::DateTime(_) => DataType::DateTime,
        Literal::TimeSpan(_) => DataType::TimeSpan,
        Literal::Guid(_) => DataType::Guid,
        Literal::Dynamic(_) => DataType::Dynamic,
        Literal::Null(t) => *t,
    }
}

fn is_string_like(t: Ty) -> bool {
    matches!(t, None | Some(DataType::String) | Some(DataType::Dynamic))
}

fn type_name(t: Ty) -> &'static str {
    t.map_or("unknown", DataType::name)
}

impl<'a> Checker<'a> {
    /// Checks a scalar expression and returns its type (`None` when unknown).
    pub(super) fn scalar(&mut self, e: &'a Expr, row: &Row<'_>) -> Ty {
        match e {
            Expr::Literal { value, .. } => Some(literal_type(value)),
            Expr::Name(id) => self.name(&id.name, id.span, row),
            Expr::Binary {
                op,
                left,
                right,
                span,
            } => {
                let l = self.scalar(left, row);
                let r = self.scalar(right, row);
                if let BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::EqCi | BinaryOp::NotEqCi = op {
                    let ci = matches!(op, BinaryOp::EqCi | BinaryOp::NotEqCi);
                    self.known_values(left, std::slice::from_ref(right), ci, row);
                }
                self.binary(*op, l, r, *span)
            }
            Expr::Unary { op, operand, span } => {
                let t = self.scalar(operand, row);
                if *op == UnaryOp::Neg && matches!(t, Some(DataType::String | DataType::Bool)) {
                    self.error(
                        format!("unary `-` is not defined for a {}", type_name(t)),
                        *span,
                    );
                    return None;
                }
                t
            }
            Expr::Call {
                target, name, args, ..
            } => {
                if let Some(t) = target {
                    // `cluster(..).database(..)` chains and the like: not modelled.
                    if !matches!(t.as_ref(), Expr::Call { .. }) {
                        self.scalar(t, row);
                    }
                    return None;
                }
                self.call(&name.name, name.span, args, row)
            }
            Expr::Member { target, name, span } => {
                if let (Expr::Name(t), Row::Join(left, right)) = (target.as_ref(), row) {
                    let side = match t.name.as_str() {
                        "$left" => Some(*left),
                        "$right" => Some(*right),
                        _ => None,
                    };
                    if let Some(side) = side {
                        return self.column(&name.name, name.span, side);
                    }
                }
                let t = self.scalar(target, row);
                match t {
                    None | Some(DataType::Dynamic) => t.map(|_| DataType::Dynamic),
                    Some(other) => {
                        let what = super::naming::expr_name(target)
                            .map(|n| format!("`{n}`"))
                            .unwrap_or_else(|| "the expression".into());
                        self.error(
                            format!(
                                "{what} is a {}, not dynamic: `.{}` needs a dynamic value \
                                 (try parse_json({}).{})",
                                other.name(),
                                name.name,
                                super::naming::expr_name(target).unwrap_or_else(|| "...".into()),
                                name.name
                            ),
                            *span,
                        );
                        None
                    }
                }
            }
            Expr::Index {
                target,
                index,
                span,
            } => {
                let t = self.scalar(target, row);
                self.scalar(index, row);
                match t {
                    Some(DataType::Dynamic) | None => t,
                    Some(other) => {
                        let what = super::naming::expr_name(target)
                            .map(|n| format!("`{n}`"))
                            .unwrap_or_else(|| "the expression".into());
                        self.error(
                            format!(
                                "{what} is a {}, not dynamic: `[...]` needs a dynamic value",
                                other.name()
                            ),
                            *span,
                        );
                        None
                    }
                }
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                let t = self.scalar(expr, row);
                let lo = self.scalar(low, row);
                let hi = self.scalar(high, row);
                self.between(t, lo, hi, low.span(), high.span(), expr.span());
                Some(DataType::Bool)
            }
            Expr::In { expr, op, list, .. } => {
                let t = self.scalar(expr, row);
                if matches!(op, InOp::InCi | InOp::NotInCi | InOp::HasAny | InOp::HasAll)
                    && !is_string_like(t)
                {
                    self.error(
                        format!(
                            "`{}` needs a string or dynamic value on its left, got {}",
                            op.keyword(),
                            type_name(t)
                        ),
                        expr.span(),
                    );
                }
                if matches!(op, InOp::In | InOp::NotIn | InOp::InCi | InOp::NotInCi) {
                    let ci = matches!(op, InOp::InCi | InOp::NotInCi);
                    self.known_values(expr, list, ci, row);
                }
                for item in list {
                    if self.is_tabular(item) {
                        self.tabular_expr(item);
                    } else {
                        self.scalar(item, row);
                    }
                }
                Some(DataType::Bool)
            }
            Expr::Tabular(_) => {
                self.tabular_expr(e);
                None
            }
            Expr::Star { .. } | Expr::Wildcard(_) => None,
        }
    }

    /// Resolves a bare name: a column of the row, then a `let` name.
    fn name(&mut self, name: &str, span: Span, row: &Row<'_>) -> Ty {
        if let Some(schema) = row.schema() {
            if let Some(col) = schema.get(name) {
                if let Row::Aggregate(_) = row {
                    self.error(
                        format!(
                            "`{name}` is not aggregated: group by it (`by {name}`) or wrap it \
                             in an aggregate such as take_any({name})"
                        ),
                        span,
                    );
                }
                return col.ty;
            }
        }
        match self.scope.get(name) {
            Some(Value::Scalar(t)) => return *t,
            Some(Value::Table(_)) | Some(Value::Function(_)) => return None,
            None => {}
        }
        match row.schema() {
            Some(schema) if schema.open => None,
            Some(schema) => {
                let mut message = format!("unknown column `{name}` in {}", schema.origin);
                let candidates = schema
                    .columns
                    .iter()
                    .map(|c| c.name.as_ref())
                    .chain(self.scope.names().map(|(n, _)| n));
                if let Some(s) = suggest(name, candidates) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                }
                self.error(message, span);
                None
            }
            None => {
                let mut message = format!("unknown name `{name}`");
                if let Some(s) = suggest(name, self.scope.names().map(|(n, _)| n)) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                }
                self.error(message, span);
                None
            }
        }
    }

    /// Warns when a column with catalogued values is compared with a string it never takes
    /// (`Status == "Resolved"` when Status is New, Active or Closed): such a filter matches
    /// nothing. A warning, since catalogues can be incomplete.
    fn known_values(&mut self, column: &Expr, values: &[Expr], ci: bool, row: &Row<'_>) {
        let (Expr::Name(id), Some(schema)) = (column, row.schema()) else {
            return;
        };
        let Some(known) = schema.get(&id.name).and_then(|c| c.known) else {
            return;
        };
        for v in values {
            if let Expr::Literal {
                value: Literal::String(text),
                span,
            } = v
            {
                let found = known
                    .iter()
                    .any(|k| k == text || (ci && k.eq_ignore_ascii_case(text)));
                if !found && self.quiet == 0 {
                    let mut message =
                        format!("`{}` is not known to take the value \"{text}\"", id.name);
                    match known.iter().find(|k| k.eq_ignore_ascii_case(text)) {
                        Some(k) => message.push_str(&format!(" (did you mean \"{k}\"?)")),
                        None if known.len() <= 12 => {
                            message.push_str(&format!("; known values: {}", known.join(", ")))
                        }
                        None => {}
                    }
                    self.diagnostics.push(Diagnostic::warning(message, *span));
                }
            }
        }
    }

    /// A column that must exist in `schema` (join sides, `project-away` names...).
    pub(super) fn column(&mut self, name: &str, span: Span, schema: &Schema) -> Ty {
        if let Some(c) = schema.get(name) {
            return c.ty;
        }
        if !schema.open {
            let mut message = format!("unknown column `{name}` in {}", schema.origin);
            if let Some(s) = suggest(name, schema.columns.iter().map(|c| c.name.as_ref())) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            self.error(message, span);
        }
        None
    }

    fn binary(&mut self, op: BinaryOp, l: Ty, r: Ty, span: Span) -> Ty {
        use Class::*;
        let (lc, rc) = (l.map(class), r.map(class));
        let bad = |this: &mut Self| {
            this.error(
                format!(
                    "`{}` is not defined for {} and {}",
                    op.symbol(),
                    type_name(l),
                    type_name(r)
                ),
                span,
            );
        };
        match op {
            BinaryOp::And | BinaryOp::Or => {
                if matches!(lc, Some(c) if c != Bool && c != Dynamic)
                    || matches!(rc, Some(c) if c != Bool && c != Dynamic)
                {
                    bad(self);
                }
                Some(DataType::Bool)
            }
            BinaryOp::Eq | BinaryOp::NotEq => Some(DataType::Bool),
            BinaryOp::EqCi | BinaryOp::NotEqCi | BinaryOp::Str(_) => {
                if !is_string_like(l) || !is_string_like(r) {
                    bad(self);
                }
                Some(DataType::Bool)
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ok = match (lc, rc) {
                    (None, _) | (_, None) => true,
                    (Some(String), _) | (_, Some(String)) => false,
                    (Some(a), Some(b)) if a == b => true,
                    (Some(Number), Some(Dynamic)) | (Some(Dynamic), Some(Number)) => true,
                    _ => false,
                };
                if !ok {
                    bad(self);
                }
                Some(DataType::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                let (Some(a), Some(b)) = (l, r) else {
                    return None;
                };
                let (ac, bc) = (class(a), class(b));
                if matches!(ac, String | Bool | Guid) || matches!(bc, String | Bool | Guid) {
                    bad(self);
                    return None;
                }
                match (op, ac, bc) {
                    (_, Number, Number) => Some(wider(a, b)),
                    (_, Dynamic, _) | (_, _, Dynamic) => Some(DataType::Dynamic),
                    (BinaryOp::Add | BinaryOp::Sub, Number, TimeSpan | DateTime)
                    | (BinaryOp::Add | BinaryOp::Sub, TimeSpan | DateTime, Number) => {
                        bad(self);
                        None
                    }
                    (BinaryOp::Sub, DateTime, DateTime) => Some(DataType::TimeSpan),
                    (BinaryOp::Add | BinaryOp::Sub, DateTime, TimeSpan)
                    | (BinaryOp::Add, TimeSpan, DateTime) => Some(DataType::DateTime),
                    (BinaryOp::Add | BinaryOp::Sub, TimeSpan, TimeSpan) => Some(DataType::TimeSpan),
                    (BinaryOp::Mul, TimeSpan, Number) | (BinaryOp::Mul, Number, TimeSpan) => {
                        Some(DataType::TimeSpan)
                    }
                    (BinaryOp::Div, TimeSpan, Number) => Some(DataType::TimeSpan),
                    (BinaryOp::Div, TimeSpan, TimeSpan) => Some(DataType::Real),
                    _ => None,
                }
            }
        }
    }

    fn between(&mut self, t: Ty, lo: Ty, hi: Ty, lo_span: Span, hi_span: Span, span: Span) {
        let Some(t) = t else { return };
        let want = |this: &mut Self, got: Ty, ok: &[Class], what: &str, at: Span| {
            if let Some(g) = got {
                let c = class(g);
                if c != Class::Dynamic && !ok.contains(&c) {
                    this.error(format!("`between` needs {what} here, got {}", g.name()), at);
                }
            }
        };
        match class(t) {
            Class::Number => {
                want(self, lo, &[Class::Number], "a number", lo_span);
                want(self, hi, &[Class::Number], "a number", hi_span);
            }
            Class::DateTime => {
                want(self, lo, &[Class::DateTime], "a datetime", lo_span);
                let ok = [Class::DateTime, Class::TimeSpan];
                want(self, hi, &ok, "a datetime or timespan", hi_span);
            }
            Class::TimeSpan => {
                want(self, lo, &[Class::TimeSpan], "a timespan", lo_span);
                want(self, hi, &[Class::TimeSpan], "a timespan", hi_span);
            }
            Class::Dynamic => {}
            _ => self.error(
                format!(
                    "`between` is not defined for a {}: use a number, datetime or timespan",
                    t.name()
                ),
                span,
            ),
        }
    }

    /// A function call: user function, then built-in.
    fn call(&mut self, name: &str, name_span: Span, args: &'a [Expr], row: &Row<'_>) -> Ty {
        if let Some(Value::Function(def)) = self.scope.get(name).cloned() {
            let required = def.params.iter().filter(|p| p.default.is_none()).count();
            if args.len() < required || args.len() > def.params.len() {
                let expected = if required == def.params.len() {
                    format!("{required}")
                } else {
                    format!("{required} to {}", def.params.len())
                };
                self.error(
                    format!("`{name}` takes {expected} argument(s), got {}", args.len()),
                    name_span,
                );
            }
            for a in args {
                if self.is_tabular(a) {
                    self.tabular_expr(a);
                } else {
                    self.scalar(a, row);
                }
            }
            return match self.expand_function(def, args) {
                Value::Scalar(t) => t,
                _ => None,
            };
        }
        match name {
            // Cross-database and cross-cluster references: not modelled.
            "cluster" | "database" | "workspace" | "app" | "resource" => return None,
            "typeof" => {
                // A type literal, as in `extract(re, 1, s, typeof(long))`.
                if let [Expr::Name(t)] = args {
                    if DataType::from_name(&t.name).is_none() {
                        self.error(
                            format!(
                                "`{}` is not a type name: typeof takes one, such as \
                                 typeof(string) or typeof(long)",
                                t.name
                            ),
                            t.span,
                        );
                    }
                }
                return None;
            }
            "toscalar" | "materialize" => {
                for a in args {
                    if self.is_tabular(a) {
                        self.tabular_expr(a);
                    } else {
                        self.scalar(a, &Row::None);
                    }
                }
                return None;
            }
            _ => {}
        }
        let Some(sig) = builtins::lookup(name) else {
            let candidates =
                builtins::all()
                    .iter()
                    .map(|f| f.name)
                    .chain(self.scope.names().filter_map(|(n, v)| match v {
                        Value::Function(_) => Some(n),
                        _ => None,
                    }));
            let mut message = format!("unknown function `{name}`");
            if let Some(s) = suggest(name, candidates) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            self.error(message, name_span);
            for a in args {
                self.scalar(a, row);
            }
            return None;
        };
        if args.len() < sig.min_args || args.len() > sig.max_args {
            self.error(
                format!("`{name}` takes {}, got {}", sig.arity_text(), args.len()),
                name_span,
            );
        }
        let arg_row = match (sig.kind, row) {
            (FunctionKind::Aggregate, Row::Aggregate(s) | Row::InAggregate(s)) => {
                Row::InAggregate(s)
            }
            (FunctionKind::Aggregate, _) => {
                self.error(
                    format!(
                        "`{name}` is an aggregate function: use it in summarize, make-series or \
                         top-nested"
                    ),
                    name_span,
                );
                match row.schema() {
                    Some(s) => Row::Table(s),
                    None => Row::None,
                }
            }
            _ => *row,
        };
        let mut types = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let t = match arg {
                Expr::Star { .. } => None,
                Expr::Call { name: n, .. } if n.name == "typeof" => None,
                _ if self.is_tabular(arg) => {
                    self.tabular_expr(arg);
                    None
                }
                _ => self.scalar(arg, &arg_row),
            };
            if let Some(ty) = t.filter(|_| i < sig.max_args) {
                let want = arg_class(sig, name, i, args.len());
                if !want.accepts(ty) {
                    self.error(
                        format!(
                            "argument {} of `{name}` must be {}, got {}",
                            i + 1,
                            want.describe(),
                            ty.name()
                        ),
                        arg.span(),
                    );
                }
            }
            types.push(t);
        }
        self.call_shape(name, args, &types);
        if name == "column_ifexists" {
            if let (
                Some(Expr::Literal {
                    value: Literal::String(col),
                    ..
                }),
                Some(schema),
            ) = (args.first(), row.schema())
            {
                if let Some(c) = schema.get(col) {
                    return c.ty;
                }
            }
        }
        if name == "extract" && args.len() == 4 {
            return typeof_arg(&args[3]);
        }
        match sig.returns {
            Returns::Type(t) => Some(t),
            Returns::Arg(i) => types.get(i).copied().flatten(),
            Returns::Sum => match types.first().copied().flatten() {
                Some(DataType::Int) => Some(DataType::Long),
                other => other,
            },
            Returns::Unknown => None,
        }
    }
}

impl Checker<'_> {
    /// Rules that tie arguments together: `bin`'s size matches its value, `coalesce` and
    /// `max_of` need a common type.
    fn call_shape(&mut self, name: &str, args: &[Expr], types: &[Ty]) {
        match name {
            "bin" | "floor" | "bin_at" => {
                let (Some(Some(v)), Some(Some(size))) = (types.first(), types.get(1)) else {
                    return;
                };
                let ok = match (class(*v), class(*size)) {
                    (Class::Dynamic, _) | (_, Class::Dynamic) => true,
                    (Class::DateTime | Class::TimeSpan, c) => c == Class::TimeSpan,
                    (Class::Number, c) => c == Class::Number,
                    _ => true,
                };
                if !ok {
                    self.error(
                        format!(
                            "`{name}` cannot round a {} by a {}: use a timespan size such as 1h \
                             for dates and times, a number for numbers",
                            v.name(),
                            size.name()
                        ),
                        args[1].span(),
                    );
                }
            }
            "coalesce" | "max_of" | "min_of" => {
                let mut first: Option<(Class, DataType)> = None;
                for (t, a) in types.iter().zip(args) {
                    let Some(t) = t else { continue };
                    let c = class(*t);
                    if c == Class::Dynamic {
                        continue;
                    }
                    match first {
                        None => first = Some((c, *t)),
                        Some((fc, ft)) if fc != c => {
                            self.error(
                                format!(
                                    "`{name}` needs arguments of one type, got {} and {}",
                                    ft.name(),
                                    t.name()
                                ),
                                a.span(),
                            );
                            return;
                        }
                        Some(_) => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The class argument `i` (of `n`) of a built-in must have, with the special shape of `case`.
fn arg_class(sig: &builtins::FunctionSig, name: &str, i: usize, n: usize) -> ArgType {
    if name == "case" {
        // case(cond, value, cond, value, ..., else)
        return if i.is_multiple_of(2) && i + 1 < n {
            ArgType::Bool
        } else {
            ArgType::Any
        };
    }
    sig.arg_type(i)
}

/// The type named by a `typeof(t)` argument.
fn typeof_arg(e: &Expr) -> Ty {
    if let Expr::Call { name, args, .. } = e {
        if name.name == "typeof" {
            if let Some(Expr::Name(t)) = args.first() {
                return DataType::from_name(&t.name);
            }
        }
    }
    None
}
