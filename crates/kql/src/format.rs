//! The formatter: prints a syntax tree back as KQL, laid out the way Sentinel's editor shows
//! queries — one operator per line starting with `| `, each `let` on its own line ending in `;`,
//! nested pipes indented inside their brackets. Parentheses are added where precedence needs them.
//!
//! `parse(format(q))` gives back the same tree as `q` (spans aside), and formatting is stable.

use crate::ast::*;
use crate::diagnostic::{Diagnostic, Severity};
use crate::value::DataType;

const INDENT: &str = "    ";

/// Formats a query in Sentinel's editor layout.
pub fn format(query: &Query) -> String {
    let mut f = Formatter::default();
    f.statements(&query.statements, 0);
    f.out
}

/// Parses and formats `source`; fails with the parse errors if it does not parse.
pub fn format_source(source: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = crate::parse(source);
    if parsed.is_ok() {
        Ok(format(&parsed.query))
    } else {
        Err(parsed
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect())
    }
}

/// Formats one expression on a single line (nested pipes still break lines).
pub fn format_expr(expr: &Expr) -> String {
    let mut f = Formatter::default();
    f.expr(expr, 0, 0);
    f.out
}

#[derive(Default)]
struct Formatter {
    out: String,
}

/// Binding strength for parenthesization (higher binds tighter).
fn expr_prec(e: &Expr) -> u8 {
    match e {
        Expr::Binary { op, .. } => binary_prec(*op),
        Expr::Between { .. } | Expr::In { .. } => 3,
        Expr::Unary { .. } => 6,
        Expr::Tabular(_) => 0,
        _ => 7,
    }
}

fn binary_prec(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Add | BinaryOp::Sub => 4,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 5,
        _ => 3,
    }
}

/// Whether `name` can be written without brackets.
fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !crate::parser::is_keyword(name)
}

/// A name, bracketed and quoted when it needs to be (`['Days Since']`).
pub fn quote_name(name: &str) -> String {
    if is_plain_name(name) {
        name.to_string()
    } else {
        format!(
            "['{}']",
            name.replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
        )
    }
}

/// A string literal that reads back as `s`.
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn type_name(t: DataType) -> &'static str {
    t.name()
}

/// A literal written so that it parses back to the same value.
pub fn format_literal(lit: &Literal) -> String {
    use crate::time::{
        format_datetime_iso, format_timespan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND,
        TICKS_PER_MINUTE,
    };
    use crate::value::TICKS_PER_SECOND;
    match lit {
        Literal::String(s) => quote_string(s),
        Literal::Long(v) if *v >= 0 => v.to_string(),
        Literal::Long(v) => format!("long({v})"),
        Literal::Int(v) => format!("int({v})"),
        Literal::Real(v) => {
            if v.is_nan() {
                "real(nan)".into()
            } else if v.is_infinite() {
                if *v > 0.0 {
                    "real(+inf)".into()
                } else {
                    "real(-inf)".into()
                }
            } else if *v < 0.0 || (*v == 0.0 && v.is_sign_negative()) {
                format!("real({v:?})")
            } else {
                format!("{v:?}")
            }
        }
        Literal::Decimal(s) => format!("decimal({s})"),
        Literal::Bool(b) => b.to_string(),
        Literal::DateTime(t) => format!("datetime({})", format_datetime_iso(*t, false)),
        Literal::TimeSpan(t) => {
            let t = *t;
            if t < 0 {
                return format!("timespan({})", format_timespan(t));
            }
            let units = [
                (TICKS_PER_DAY, "d"),
                (TICKS_PER_HOUR, "h"),
                (TICKS_PER_MINUTE, "m"),
                (TICKS_PER_SECOND, "s"),
                (TICKS_PER_MILLISECOND, "ms"),
            ];
            for (per, unit) in units {
                if t % per == 0 {
                    return format!("{}{unit}", t / per);
                }
            }
            format!("{t}tick")
        }
        Literal::Guid(g) => format!("guid({})", crate::parser::format_guid(*g)),
        Literal::Dynamic(v) => format!(
            "dynamic({})",
            serde_json::to_string(v).unwrap_or_else(|_| "null".into())
        ),
        Literal::Null(ty) => match ty {
            DataType::Dynamic => "dynamic(null)".into(),
            DataType::String => "\"\"".into(),
            t => format!("{}(null)", type_name(*t)),
        },
    }
}

impl Formatter {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn newline(&mut self, indent: usize) {
        self.out.push('\n');
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
    }

    fn statements(&mut self, statements: &[Statement], indent: usize) {
        for (i, s) in statements.iter().enumerate() {
            if i > 0 {
                self.newline(indent);
            }
            self.statement(s, indent);
            let last = i + 1 == statements.len();
            if !last || !matches!(s, Statement::Expression(_)) {
                self.push(";");
            }
        }
    }

    fn statement(&mut self, s: &Statement, indent: usize) {
        match s {
            Statement::Let(l) => {
                self.push("let ");
                self.push(&quote_name(&l.name.name));
                self.push(" =");
                match &l.value {
                    LetValue::Expr(e) => {
                        if matches!(e, Expr::Tabular(t) if !t.operators.is_empty()) {
                            self.newline(indent + 1);
                            self.expr(e, 0, indent + 1);
                        } else {
                            self.push(" ");
                            self.expr(e, 0, indent);
                        }
                    }
                    LetValue::Function(f) => {
                        self.push(" ");
                        self.function(f, indent)
                    }
                    LetValue::View(f) => {
                        self.push(" view ");
                        self.function(f, indent);
                    }
                }
            }
            Statement::Set(s) => {
                self.push("set ");
                self.push(&s.name.name);
                if let Some(v) = &s.value {
                    self.push(" = ");
                    self.expr(v, 0, indent);
                }
            }
            Statement::DeclareQueryParameters { params, .. } => {
                self.push("declare query_parameters(");
                self.params(params, indent);
                self.push(")");
            }
            Statement::Expression(e) => self.expr(e, 0, indent),
        }
    }

    fn function(&mut self, f: &FunctionDef, indent: usize) {
        self.push("(");
        self.params(&f.params, indent);
        self.push(") {");
        self.newline(indent + 1);
        self.statements(&f.body, indent + 1);
        self.newline(indent);
        self.push("}");
    }

    fn params(&mut self, params: &[Param], indent: usize) {
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push(&quote_name(&p.name.name));
            self.push(": ");
            match &p.ty {
                ParamType::Scalar(t) => self.push(type_name(*t)),
                ParamType::Tabular { columns, open } => {
                    self.push("(");
                    self.column_decls(columns);
                    if *open {
                        if !columns.is_empty() {
                            self.push(", ");
                        }
                        self.push("*");
                    }
                    self.push(")");
                }
            }
            if let Some(d) = &p.default {
                self.push(" = ");
                self.expr(d, 0, indent);
            }
        }
    }

    fn column_decls(&mut self, columns: &[ColumnDecl]) {
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push(&quote_name(&c.name.name));
            self.push(": ");
            self.push(type_name(c.ty));
        }
    }

    fn tabular(&mut self, t: &TabularExpr, indent: usize) {
        match &t.source {
            Source::Expr(e) => self.expr(e, 7, indent),
            Source::Operator(op) => self.operator(op, indent),
        }
        for op in &t.operators {
            self.newline(indent);
            self.push("| ");
            self.operator(op, indent);
        }
    }

    /// Writes `e`, parenthesized if it binds looser than `min_prec`.
    fn expr(&mut self, e: &Expr, min_prec: u8, indent: usize) {
        if let Expr::Tabular(t) = e {
            if min_prec > 0 {
                self.push("(");
                self.newline(indent + 1);
                self.tabular(t, indent + 1);
                self.newline(indent);
                self.push(")");
            } else {
                self.tabular(t, indent);
            }
            return;
        }
        let prec = expr_prec(e);
        if prec < min_prec {
            self.push("(");
            self.expr_inner(e, indent);
            self.push(")");
        } else {
            self.expr_inner(e, indent);
        }
    }

    fn expr_inner(&mut self, e: &Expr, indent: usize) {
        match e {
            Expr::Literal { value, .. } => self.push(&format_literal(value)),
            Expr::Name(n) => self.push(&quote_name(&n.name)),
            Expr::Binary {
                op, left, right, ..
            } => {
                let p = binary_prec(*op);
                // Comparisons do not chain, so both sides need to bind tighter.
                let left_min = if p == 3 { p + 1 } else { p };
                self.expr(left, left_min, indent);
                self.push(" ");
                self.push(&op.symbol());
                self.push(" ");
                self.expr(right, p + 1, indent);
            }
            Expr::Unary { op, operand, .. } => {
                self.push(match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                });
                // `- -x`: a space keeps nested signs apart without adding nesting.
                if matches!(**operand, Expr::Unary { .. }) {
                    self.push(" ");
                }
                self.expr(operand, 6, indent);
            }
            Expr::Call {
                target, name, args, ..
            } => {
                if let Some(t) = target {
                    self.postfix_target(t, indent);
                    self.push(".");
                }
                self.push(&quote_call_name(&name.name));
                self.push("(");
                self.args(args, indent);
                self.push(")");
            }
            Expr::Member { target, name, .. } => {
                self.postfix_target(target, indent);
                if is_plain_name(&name.name) {
                    self.push(".");
                    self.push(&name.name);
                } else {
                    self.push(".");
                    self.push(&format!("[{}]", quote_string(&name.name)));
                }
            }
            Expr::Index { target, index, .. } => {
                self.postfix_target(target, indent);
                self.push("[");
                self.expr(index, 0, indent);
                self.push("]");
            }
            Expr::Between {
                expr,
                low,
                high,
                negated,
                ..
            } => {
                self.expr(expr, 4, indent);
                self.push(if *negated {
                    " !between ("
                } else {
                    " between ("
                });
                self.expr(low, 0, indent);
                self.push(" .. ");
                self.expr(high, 0, indent);
                self.push(")");
            }
            Expr::In { expr, op, list, .. } => {
                self.expr(expr, 4, indent);
                self.push(" ");
                self.push(op.keyword());
                self.push(" (");
                self.args(list, indent);
                self.push(")");
            }
            Expr::Tabular(t) => self.tabular(t, indent),
            Expr::Star { .. } => self.push("*"),
            Expr::Wildcard(p) => self.push(&p.pattern),
        }
    }

    /// Comma-separated expressions; a lone nested pipe is laid out on its own lines.
    /// The target of `.name`, `.fn()` or `[i]`: literals are bracketed (`(1).x`, not `1.x`).
    fn postfix_target(&mut self, t: &Expr, indent: usize) {
        if matches!(t, Expr::Literal { .. }) {
            self.push("(");
            self.expr(t, 0, indent);
            self.push(")");
        } else {
            self.expr(t, 7, indent);
        }
    }

    fn args(&mut self, args: &[Expr], indent: usize) {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            if let Expr::Tabular(t) = a {
                self.newline(indent + 1);
                self.tabular(t, indent + 1);
                self.newline(indent);
            } else {
                self.expr(a, 0, indent);
            }
        }
    }

    fn named(&mut self, n: &NamedExpr, indent: usize) {
        match n.names.as_slice() {
            [] => {}
            [one] => {
                self.push(&quote_name(&one.name));
                self.push(" = ");
            }
            many => {
                self.push("(");
                for (i, m) in many.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.push(&quote_name(&m.name));
                }
                self.push(") = ");
            }
        }
        // A bare `Name = x` comparison would read as an assignment; keep it in brackets.
        let needs_parens = n.names.is_empty()
            && matches!(
                &n.expr,
                Expr::Binary {
                    op: BinaryOp::Eq,
                    ..
                }
            );
        if needs_parens {
            self.push("(");
            self.expr(&n.expr, 0, indent);
            self.push(")");
        } else {
            self.expr(&n.expr, 1, indent);
        }
    }

    fn named_list(&mut self, items: &[NamedExpr], indent: usize) {
        for (i, n) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.named(n, indent);
        }
    }

    fn op_params(&mut self, params: &[OperatorParam], indent: usize) {
        for p in params {
            self.push(&p.name.name);
            self.push("=");
            self.param_value(&p.value, indent);
            self.push(" ");
        }
    }

    fn param_value(&mut self, v: &Expr, indent: usize) {
        match v {
            Expr::Name(n) => self.push(&quote_name(&n.name)),
            other => self.expr(other, 6, indent),
        }
    }

    fn properties(&mut self, props: &[OperatorParam], indent: usize) {
        for (i, p) in props.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push(&p.name.name);
            self.push("=");
            self.expr(&p.value, 0, indent);
        }
    }

    fn patterns(&mut self, ps: &[NamePattern]) {
        for (i, p) in ps.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.pattern(p);
        }
    }

    fn pattern(&mut self, p: &NamePattern) {
        if p.is_wildcard() {
            self.push(&p.pattern);
        } else {
            self.push(&quote_name(&p.pattern));
        }
    }

    fn sort_key(&mut self, k: &SortKey, indent: usize) {
        self.expr(&k.expr, 1, indent);
        match k.direction {
            Some(SortDirection::Asc) => self.push(" asc"),
            Some(SortDirection::Desc) => self.push(" desc"),
            None => {}
        }
        match k.nulls {
            Some(NullsOrder::First) => self.push(" nulls first"),
            Some(NullsOrder::Last) => self.push(" nulls last"),
            None => {}
        }
    }

    fn sub_pipe(&mut self, ops: &[Operator], indent: usize) {
        self.push("(");
        for (i, op) in ops.iter().enumerate() {
            self.newline(indent + 1);
            if i > 0 {
                self.push("| ");
            }
            self.operator(op, indent + 1);
        }
        self.newline(indent);
        self.push(")");
    }

    /// The right side of join/lookup, or a union member: always bracketed when it is a pipe.
    fn table_operand(&mut self, e: &Expr, indent: usize) {
        match e {
            Expr::Tabular(t) => {
                self.push("(");
                self.newline(indent + 1);
                self.tabular(t, indent + 1);
                self.newline(indent);
                self.push(")");
            }
            Expr::Name(_) | Expr::Wildcard(_) | Expr::Call { .. } | Expr::Member { .. } => {
                self.expr(e, 7, indent)
            }
            // No brackets: they would add nesting the source did not have.
            other => self.expr(other, 0, indent),
        }
    }

    fn parse_pattern(
        &mut self,
        kind: ParseKind,
        params: &[OperatorParam],
        source: &Expr,
        pattern: &[ParsePart],
        indent: usize,
    ) {
        match kind {
            ParseKind::Simple => {}
            ParseKind::Regex => self.push("kind=regex "),
            ParseKind::Relaxed => self.push("kind=relaxed "),
        }
        self.op_params(params, indent);
        self.expr(source, 1, indent);
        self.push(" with");
        for part in pattern {
            self.push(" ");
            match part {
                ParsePart::Literal { text, .. } => self.push(&quote_string(text)),
                ParsePart::Column { name, ty, .. } => {
                    self.push(&quote_name(&name.name));
                    if let Some(t) = ty {
                        self.push(":");
                        self.push(type_name(*t));
                    }
                }
                ParsePart::Wildcard { .. } => self.push("*"),
            }
        }
    }

    fn mv_columns(&mut self, columns: &[MvExpandColumn], indent: usize) {
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.named(&c.column, indent);
            if let Some(t) = c.to_type {
                self.push(" to typeof(");
                self.push(type_name(t));
                self.push(")");
            }
        }
    }

    fn operator(&mut self, op: &Operator, indent: usize) {
        match op {
            Operator::Where { predicate, .. } => {
                self.push("where ");
                self.expr(predicate, 0, indent);
            }
            Operator::Project { columns, .. } => {
                self.push("project");
                if !columns.is_empty() {
                    self.push(" ");
                    self.named_list(columns, indent);
                }
            }
            Operator::ProjectAway { columns, .. } => {
                self.push("project-away");
                if !columns.is_empty() {
                    self.push(" ");
                    self.patterns(columns);
                }
            }
            Operator::ProjectKeep { columns, .. } => {
                self.push("project-keep");
                if !columns.is_empty() {
                    self.push(" ");
                    self.patterns(columns);
                }
            }
            Operator::ProjectRename { renames, .. } => {
                self.push("project-rename");
                for (i, r) in renames.iter().enumerate() {
                    self.push(if i > 0 { ", " } else { " " });
                    self.push(&quote_name(&r.new.name));
                    self.push(" = ");
                    self.push(&quote_name(&r.old.name));
                }
            }
            Operator::ProjectReorder { columns, .. } => {
                self.push("project-reorder ");
                for (i, c) in columns.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.pattern(&c.column);
                    match c.order {
                        Some(ReorderOrder::Asc) => self.push(" asc"),
                        Some(ReorderOrder::Desc) => self.push(" desc"),
                        Some(ReorderOrder::GrannyAsc) => self.push(" granny-asc"),
                        Some(ReorderOrder::GrannyDesc) => self.push(" granny-desc"),
                        None => {}
                    }
                }
            }
            Operator::Extend { columns, .. } => {
                self.push("extend ");
                self.named_list(columns, indent);
            }
            Operator::Summarize {
                params,
                aggregates,
                by,
                ..
            } => {
                self.push("summarize ");
                self.op_params(params, indent);
                self.named_list(aggregates, indent);
                if !by.is_empty() {
                    if !aggregates.is_empty() {
                        self.push(" ");
                    }
                    self.push("by ");
                    self.named_list(by, indent);
                }
                if self.out.ends_with(' ') {
                    self.out.pop();
                }
            }
            Operator::Count { name, .. } => {
                self.push("count");
                if let Some(n) = name {
                    self.push(" as ");
                    self.push(&quote_name(&n.name));
                }
            }
            Operator::Distinct {
                params, columns, ..
            } => {
                self.push("distinct ");
                self.op_params(params, indent);
                self.named_list(columns, indent);
            }
            Operator::Take { count, .. } => {
                self.push("take ");
                self.expr(count, 0, indent);
            }
            Operator::Top { count, by, .. } => {
                self.push("top ");
                self.expr(count, 1, indent);
                self.push(" by ");
                self.sort_key(by, indent);
            }
            Operator::TopNested { levels, .. } => {
                for (i, l) in levels.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.push("top-nested ");
                    if let Some(c) = &l.count {
                        self.expr(c, 1, indent);
                        self.push(" ");
                    }
                    self.push("of ");
                    self.named(&l.of, indent);
                    if let Some(w) = &l.with_others {
                        self.push(" with others = ");
                        self.expr(w, 1, indent);
                    }
                    self.push(" by ");
                    self.named(&l.by, indent);
                    match l.direction {
                        Some(SortDirection::Asc) => self.push(" asc"),
                        Some(SortDirection::Desc) => self.push(" desc"),
                        None => {}
                    }
                }
            }
            Operator::Sort { params, keys, .. } => {
                self.push("sort ");
                self.op_params(params, indent);
                self.push("by ");
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.sort_key(k, indent);
                }
            }
            Operator::Join {
                kind,
                params,
                right,
                on,
                ..
            }
            | Operator::Lookup {
                kind,
                params,
                right,
                on,
                ..
            } => {
                self.push(if matches!(op, Operator::Join { .. }) {
                    "join "
                } else {
                    "lookup "
                });
                if let Some(k) = kind {
                    self.push("kind=");
                    self.push(k.keyword());
                    self.push(" ");
                }
                self.op_params(params, indent);
                self.table_operand(right, indent);
                if !on.is_empty() {
                    self.push(" on ");
                    self.args(on, indent);
                }
            }
            Operator::Union { params, tables, .. } => {
                self.push("union ");
                self.op_params(params, indent);
                for (i, t) in tables.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.table_operand(t, indent);
                }
            }
            Operator::MvExpand {
                params,
                columns,
                limit,
                ..
            } => {
                self.push("mv-expand ");
                self.op_params(params, indent);
                self.mv_columns(columns, indent);
                if let Some(l) = limit {
                    self.push(" limit ");
                    self.expr(l, 1, indent);
                }
            }
            Operator::MvApply {
                params,
                columns,
                limit,
                on,
                ..
            } => {
                self.push("mv-apply ");
                self.op_params(params, indent);
                self.mv_columns(columns, indent);
                if let Some(l) = limit {
                    self.push(" limit ");
                    self.expr(l, 1, indent);
                }
                self.push(" on ");
                self.sub_pipe(on, indent);
            }
            Operator::Parse {
                kind,
                params,
                source,
                pattern,
                ..
            } => {
                self.push("parse ");
                self.parse_pattern(*kind, params, source, pattern, indent);
            }
            Operator::ParseWhere {
                kind,
                params,
                source,
                pattern,
                ..
            } => {
                self.push("parse-where ");
                self.parse_pattern(*kind, params, source, pattern, indent);
            }
            Operator::MakeSeries {
                params,
                aggregates,
                on,
                from,
                to,
                step,
                by,
                ..
            } => {
                self.push("make-series ");
                self.op_params(params, indent);
                for (i, a) in aggregates.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.named(&a.aggregate, indent);
                    if let Some(d) = &a.default {
                        self.push(" default = ");
                        self.expr(d, 1, indent);
                    }
                }
                self.push(" on ");
                self.expr(on, 1, indent);
                if let Some(f) = from {
                    self.push(" from ");
                    self.expr(f, 1, indent);
                }
                if let Some(t) = to {
                    self.push(" to ");
                    self.expr(t, 1, indent);
                }
                self.push(" step ");
                self.expr(step, 1, indent);
                if !by.is_empty() {
                    self.push(" by ");
                    self.named_list(by, indent);
                }
            }
            Operator::Render {
                chart, properties, ..
            } => {
                self.push("render ");
                self.push(&quote_name(&chart.name));
                if !properties.is_empty() {
                    self.push(" with (");
                    self.properties(properties, indent);
                    self.push(")");
                }
            }
            Operator::Evaluate { params, plugin, .. } => {
                self.push("evaluate ");
                self.op_params(params, indent);
                self.expr(plugin, 7, indent);
            }
            Operator::As { params, name, .. } => {
                self.push("as ");
                self.op_params(params, indent);
                self.push(&quote_name(&name.name));
            }
            Operator::Invoke { function, .. } => {
                self.push("invoke ");
                self.expr(function, 7, indent);
            }
            Operator::Serialize { columns, .. } => {
                self.push("serialize");
                if !columns.is_empty() {
                    self.push(" ");
                    self.named_list(columns, indent);
                }
            }
            Operator::Range {
                column,
                from,
                to,
                step,
                ..
            } => {
                self.push("range ");
                self.push(&quote_name(&column.name));
                self.push(" from ");
                self.expr(from, 1, indent);
                self.push(" to ");
                self.expr(to, 1, indent);
                self.push(" step ");
                self.expr(step, 1, indent);
            }
            Operator::Datatable {
                columns, values, ..
            } => {
                self.push("datatable(");
                self.column_decls(columns);
                self.push(") [");
                let width = columns.len().max(1);
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.push(",");
                    }
                    if i % width == 0 {
                        self.newline(indent + 1);
                    } else {
                        self.push(" ");
                    }
                    self.expr(v, 0, indent + 1);
                }
                if !values.is_empty() {
                    self.newline(indent);
                }
                self.push("]");
            }
            Operator::Print { columns, .. } => {
                self.push("print ");
                self.named_list(columns, indent);
            }
            Operator::Search {
                params,
                tables,
                predicate,
                ..
            } => {
                self.push("search ");
                self.op_params(params, indent);
                self.in_tables(tables, indent);
                self.expr(predicate, 0, indent);
            }
            Operator::Find {
                params,
                tables,
                predicate,
                project,
                ..
            } => {
                self.push("find ");
                self.op_params(params, indent);
                self.in_tables(tables, indent);
                self.push("where ");
                self.expr(predicate, 0, indent);
                match project {
                    Some(FindProject::Smart) => self.push(" project-smart"),
                    Some(FindProject::Columns(cols)) => {
                        self.push(" project ");
                        let names: Vec<String> = cols.iter().map(|c| quote_name(&c.name)).collect();
                        self.push(&names.join(", "));
                    }
                    None => {}
                }
            }
            Operator::GetSchema { .. } => self.push("getschema"),
            Operator::Sample { count, .. } => {
                self.push("sample ");
                self.expr(count, 0, indent);
            }
            Operator::SampleDistinct { count, of, .. } => {
                self.push("sample-distinct ");
                self.expr(count, 1, indent);
                self.push(" of ");
                self.expr(of, 1, indent);
            }
            Operator::Facet { columns, with, .. } => {
                self.push("facet by ");
                let names: Vec<String> = columns.iter().map(|c| quote_name(&c.name)).collect();
                self.push(&names.join(", "));
                if !with.is_empty() {
                    self.push(" with ");
                    self.sub_pipe(with, indent);
                }
            }
            Operator::ExternalData {
                columns,
                uris,
                properties,
                ..
            } => {
                self.push("externaldata (");
                self.column_decls(columns);
                self.push(") [");
                self.args(uris, indent);
                self.push("]");
                if !properties.is_empty() {
                    self.push(" with (");
                    self.properties(properties, indent);
                    self.push(")");
                }
            }
            Operator::Reduce { by, properties, .. } => {
                self.push("reduce by ");
                self.expr(by, 1, indent);
                if !properties.is_empty() {
                    self.push(" with ");
                    self.properties(properties, indent);
                }
            }
            Operator::Consume { .. } => self.push("consume"),
            Operator::Fork { branches, .. } => {
                self.push("fork");
                for b in branches {
                    self.push(" ");
                    if let Some(n) = &b.name {
                        self.push(&quote_name(&n.name));
                        self.push(" = ");
                    }
                    self.sub_pipe(&b.operators, indent);
                }
            }
            Operator::Partition {
                params,
                by,
                subquery,
                ..
            } => {
                self.push("partition ");
                self.op_params(params, indent);
                self.push("by ");
                self.push(&quote_name(&by.name));
                self.push(" ");
                match &**subquery {
                    Expr::Tabular(t) if matches!(&t.source, Source::Expr(Expr::Name(n)) if n.name.is_empty()) => {
                        self.sub_pipe(&t.operators, indent)
                    }
                    other => {
                        self.push("{");
                        self.newline(indent + 1);
                        self.expr(other, 0, indent + 1);
                        self.newline(indent);
                        self.push("}");
                    }
                }
            }
        }
    }

    fn in_tables(&mut self, tables: &[Expr], indent: usize) {
        if tables.is_empty() {
            return;
        }
        self.push("in (");
        for (i, t) in tables.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.table_operand(t, indent);
        }
        self.push(") ");
    }
}

/// Function names are plain identifiers, except the ones the parser reads as literals.
fn quote_call_name(name: &str) -> String {
    name.to_string()
}
