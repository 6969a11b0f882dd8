//! Checking tabular expressions: where rows come from and how each operator reshapes them.

use super::naming::{expr_name, matches_pattern, suggest};
use super::scalar::Row;
use super::scope::{Col, Schema, Ty, Value};
use super::Checker;
use crate::ast::{
    BinaryOp, Expr, FunctionDef, JoinKind, Literal, NamedExpr, Operator, OperatorParam, ParamType,
    ParsePart, Source, Statement, TabularExpr,
};
use crate::value::DataType;

/// How deep user functions may call each other before the checker stops expanding them.
const MAX_EXPANSION_DEPTH: u32 = 16;

impl<'a> Checker<'a> {
    /// Whether an expression denotes rows rather than a scalar.
    pub(super) fn is_tabular(&self, e: &Expr) -> bool {
        match e {
            Expr::Tabular(_) => true,
            Expr::Name(id) => match self.scope.get(&id.name) {
                Some(Value::Table(_)) => true,
                Some(_) => false,
                None => self.catalog.table(&id.name).is_some(),
            },
            Expr::Call {
                target: None, name, ..
            } => match self.scope.get(&name.name) {
                Some(Value::Function(def)) => function_is_tabular(def),
                Some(_) => false,
                None => matches!(name.name.as_str(), "materialize" | "table" | "view"),
            },
            Expr::Member { target, .. } => matches!(
                target.as_ref(),
                Expr::Call { name, .. }
                    if matches!(name.name.as_str(), "database" | "workspace" | "app" | "resource")
            ),
            _ => false,
        }
    }

    /// The schema of a tabular expression, checking it on the way.
    pub(super) fn tabular_expr(&mut self, e: &'a Expr) -> Schema<'a> {
        match e {
            Expr::Tabular(t) => self.pipe(t),
            Expr::Name(id) => self.table(&id.name, id.span),
            Expr::Call {
                target: None,
                name,
                args,
                ..
            } => {
                if let Some(Value::Function(def)) = self.scope.get(&name.name).cloned() {
                    for a in args {
                        if self.is_tabular(a) {
                            self.tabular_expr(a);
                        } else {
                            self.scalar(a, &Row::None);
                        }
                    }
                    let required = def.params.iter().filter(|p| p.default.is_none()).count();
                    if args.len() < required || args.len() > def.params.len() {
                        self.error(
                            format!(
                                "`{}` takes {} argument(s), got {}",
                                name.name,
                                def.params.len(),
                                args.len()
                            ),
                            name.span,
                        );
                    }
                    return match self.expand_function(def, args) {
                        Value::Table(s) => s,
                        _ => Schema::open(format!("the result of `{}`", name.name)),
                    };
                }
                match name.name.as_str() {
                    "materialize" => match args.first() {
                        Some(a) => self.tabular_expr(a),
                        None => Schema::open("materialize()"),
                    },
                    "table" => match args.first() {
                        Some(Expr::Literal {
                            value: Literal::String(t),
                            span,
                        }) => self.table(t, *span),
                        _ => Schema::open("table()"),
                    },
                    _ => {
                        // Reports an unknown function; a scalar one yields no rows we know.
                        self.scalar(e, &Row::None);
                        Schema::open(format!("the result of `{}`", name.name))
                    }
                }
            }
            Expr::Member { name, .. } if self.is_tabular(e) => {
                Schema::open(format!("`{}` in another database", name.name))
            }
            other => {
                self.scalar(other, &Row::None);
                Schema::open("an expression")
            }
        }
    }

    /// A table (or tabular `let` name) by name, with a suggestion when it is unknown.
    fn table(&mut self, name: &str, span: crate::ast::Span) -> Schema<'a> {
        match self.scope.get(name) {
            Some(Value::Table(s)) => return s.clone(),
            Some(Value::Scalar(_)) | Some(Value::Function(_)) => {
                return Schema::open(format!("`{name}`"))
            }
            None => {}
        }
        if let Some(t) = self.catalog.table(name) {
            return Schema::closed(
                name,
                t.columns
                    .iter()
                    .map(|c| Col {
                        name: c.column.name.as_str().into(),
                        ty: Some(c.column.data_type),
                        known: (!c.known_values.is_empty()).then_some(c.known_values.as_slice()),
                    })
                    .collect(),
            );
        }
        let mut message = format!("unknown table `{name}`");
        let candidates =
            self.catalog
                .tables()
                .map(|t| t.name.as_str())
                .chain(self.scope.names().filter_map(|(n, v)| match v {
                    Value::Table(_) => Some(n),
                    _ => None,
                }));
        if let Some(s) = suggest(name, candidates) {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        self.error(message, span);
        Schema::open(format!("`{name}`"))
    }

    /// Every column of every catalog table, as `search *` sees them.
    fn all_tables(&self) -> Schema<'a> {
        let mut seen = std::collections::HashMap::new();
        let mut out = Schema::closed("the database", Vec::new());
        for t in self.catalog.tables() {
            for c in &t.columns {
                let ty = Some(c.column.data_type);
                match seen.get(c.column.name.as_str()) {
                    None => {
                        seen.insert(c.column.name.as_str(), out.columns.len());
                        out.columns.push(Col::new(c.column.name.clone(), ty));
                    }
                    Some(&i) if out.columns[i].ty != ty => out.columns[i].ty = None,
                    Some(_) => {}
                }
            }
        }
        out
    }

    /// A source followed by its operators.
    fn pipe(&mut self, t: &'a TabularExpr) -> Schema<'a> {
        let mut schema = match &t.source {
            Source::Expr(e) => self.tabular_expr(e),
            Source::Operator(op) => self.operator(op, None),
        };
        for op in &t.operators {
            schema = self.operator(op, Some(schema));
        }
        schema
    }

    /// Expands a user function's body for a call, with its parameters bound to the arguments'
    /// shapes. Diagnostics inside the body were reported once at its definition.
    pub(super) fn expand_function(&mut self, def: &'a FunctionDef, args: &'a [Expr]) -> Value<'a> {
        if self.depth >= MAX_EXPANSION_DEPTH {
            return Value::Scalar(None);
        }
        // With scalar parameters only, the result's shape does not depend on the call: expand
        // each such function once (functions calling functions stay linear, not exponential).
        let key = def as *const FunctionDef;
        let memoizable = !def
            .params
            .iter()
            .any(|p| matches!(p.ty, ParamType::Tabular { .. }));
        if memoizable {
            if let Some(v) = self.expansions.get(&key) {
                return v.clone();
            }
        }
        self.depth += 1;
        self.quiet += 1;
        let mut bound = Vec::with_capacity(def.params.len());
        for (i, p) in def.params.iter().enumerate() {
            let value = match (&p.ty, args.get(i)) {
                (ParamType::Tabular { .. }, Some(a)) => Value::Table(self.tabular_expr(a)),
                _ => super::scope::param_value(p),
            };
            bound.push((p.name.name.as_str(), value));
        }
        self.scope.push();
        for (n, v) in bound {
            self.scope.bind(n, v);
        }
        let result = self.statements(&def.body);
        self.scope.pop();
        self.quiet -= 1;
        self.depth -= 1;
        if memoizable {
            self.expansions.insert(key, result.clone());
        }
        result
    }

    /// One operator applied to its input (`None` for an operator at the head of a pipe).
    fn operator(&mut self, op: &'a Operator, input: Option<Schema<'a>>) -> Schema<'a> {
        let input = input.unwrap_or_else(|| Schema::closed("the input", Vec::new()));
        match op {
            Operator::Where { predicate, .. } => {
                let t = self.scalar(predicate, &Row::Table(&input));
                if let Some(t) = t {
                    if t != DataType::Bool && t != DataType::Dynamic {
                        self.error(
                            format!("`where` needs a bool condition, got {}", t.name()),
                            predicate.span(),
                        );
                    }
                }
                input
            }
            Operator::Project { columns, .. } => {
                let mut out = Schema::closed("the output of project", Vec::new());
                out.open = input.open;
                let mut generated = 0;
                for item in columns {
                    let ty = self.scalar(&item.expr, &Row::Table(&input));
                    self.add_named(&mut out, item, ty, &mut generated);
                }
                out
            }
            Operator::Extend { columns, .. } | Operator::Serialize { columns, .. } => {
                let mut out = input.clone();
                let mut generated = 0;
                let mut named: Vec<&str> = Vec::new();
                for item in columns {
                    if let Some(n) = item.name() {
                        if named.contains(&n.name.as_str()) {
                            self.error(
                                format!("column `{}` is already declared here", n.name),
                                n.span,
                            );
                        }
                        named.push(&n.name);
                    }
                    let ty = self.scalar(&item.expr, &Row::Table(&input));
                    match (item.names.as_slice(), expr_name(&item.expr)) {
                        ([], Some(name)) => out.set(&name, ty),
                        ([], None) => {
                            generated += 1;
                            out.push_unique(format!("Column{generated}"), ty);
                        }
                        ([one], _) => out.set(&one.name, ty),
                        (many, _) => {
                            for n in many {
                                out.set(&n.name, None);
                            }
                        }
                    }
                }
                out
            }
            Operator::ProjectAway { columns, .. } => {
                let mut out = input;
                for p in columns {
                    if !p.is_wildcard() {
                        self.column(&p.pattern, p.span, &out);
                    }
                    out.columns
                        .retain(|c| !matches_pattern(&p.pattern, &c.name));
                }
                out
            }
            Operator::ProjectKeep { columns, .. } => {
                for p in columns {
                    if !p.is_wildcard() {
                        self.column(&p.pattern, p.span, &input);
                    }
                }
                let mut out = input;
                out.columns
                    .retain(|c| columns.iter().any(|p| matches_pattern(&p.pattern, &c.name)));
                out
            }
            Operator::ProjectRename { renames, .. } => {
                let mut out = input;
                for r in renames {
                    self.column(&r.old.name, r.old.span, &out);
                    if r.new.name != r.old.name && out.get(&r.new.name).is_some() {
                        self.error(
                            format!(
                                "column `{}` already exists; project-away it first or pick \
                                 another name",
                                r.new.name
                            ),
                            r.new.span,
                        );
                    }
                    match out.columns.iter_mut().find(|c| c.name == r.old.name) {
                        Some(c) => c.name = r.new.name.clone().into(),
                        None => out.set(&r.new.name, None),
                    }
                }
                out
            }
            Operator::ProjectReorder { columns, .. } => {
                for c in columns {
                    if !c.column.is_wildcard() {
                        self.column(&c.column.pattern, c.column.span, &input);
                    }
                }
                input
            }
            Operator::Summarize { aggregates, by, .. } => self.summarize(&input, aggregates, by),
            Operator::Count { name, .. } => {
                let n = name.as_ref().map_or("Count", |n| n.name.as_str());
                Schema::closed(
                    "the output of count",
                    vec![Col::new(n.to_string(), Some(DataType::Long))],
                )
            }
            Operator::Distinct { columns, .. } => {
                if columns.iter().any(|c| matches!(c.expr, Expr::Star { .. })) {
                    return input;
                }
                let mut out = Schema::closed("the output of distinct", Vec::new());
                out.open = input.open;
                let mut generated = 0;
                for item in columns {
                    let ty = self.scalar(&item.expr, &Row::Table(&input));
                    self.not_dynamic(ty, &item.expr, "distinct");
                    self.add_named(&mut out, item, ty, &mut generated);
                }
                out
            }
            Operator::Take { count, .. } | Operator::Sample { count, .. } => {
                self.scalar(count, &Row::None);
                input
            }
            Operator::Top { count, by, .. } => {
                self.scalar(count, &Row::None);
                self.scalar(&by.expr, &Row::Table(&input));
                input
            }
            Operator::Sort { keys, .. } => {
                for k in keys {
                    let ty = self.scalar(&k.expr, &Row::Table(&input));
                    self.not_dynamic(ty, &k.expr, "sort");
                }
                input
            }
            Operator::TopNested { levels, .. } => {
                let mut out = Schema::closed("the output of top-nested", Vec::new());
                for level in levels {
                    if let Some(c) = &level.count {
                        self.scalar(c, &Row::None);
                    }
                    let ty = self.scalar(&level.of.expr, &Row::Table(&input));
                    let of_name = level
                        .of
                        .name()
                        .map(|n| n.name.clone())
                        .or_else(|| expr_name(&level.of.expr))
                        .unwrap_or_else(|| "Column1".into());
                    out.push_unique(of_name.clone(), ty);
                    let agg_ty = self.scalar(&level.by.expr, &Row::Aggregate(&input));
                    let agg_name = level
                        .by
                        .name()
                        .map(|n| n.name.clone())
                        .unwrap_or_else(|| format!("aggregated_{of_name}"));
                    out.push_unique(agg_name, agg_ty);
                    if let Some(o) = &level.with_others {
                        self.scalar(o, &Row::None);
                    }
                }
                out
            }
            Operator::Join {
                kind, right, on, ..
            } => {
                let right = self.tabular_expr(right);
                self.join_keys(on, &input, &right);
                join_output(kind.unwrap_or(JoinKind::InnerUnique), input, right)
            }
            Operator::Lookup { right, on, .. } => {
                let right = self.tabular_expr(right);
                self.join_keys(on, &input, &right);
                let keys: Vec<String> = on.iter().filter_map(right_key_name).collect();
                let mut out = input;
                for c in right.columns {
                    if !keys.iter().any(|k| *k == c.name) {
                        out.push_unique(c.name, c.ty);
                    }
                }
                out.open |= right.open;
                out
            }
            Operator::Union { params, tables, .. } => {
                let fuzzy = param_is_true(params, "isfuzzy");
                let mut parts = Vec::new();
                if !input.columns.is_empty() || input.open {
                    parts.push(input);
                }
                for t in tables {
                    let schema = match t {
                        Expr::Wildcard(w) => {
                            let matched = self
                                .catalog
                                .tables()
                                .any(|t| matches_pattern(&w.pattern, &t.name))
                                || self.scope.names().any(|(n, v)| {
                                    matches!(v, Value::Table(_)) && matches_pattern(&w.pattern, n)
                                });
                            if !matched && !fuzzy {
                                self.error(format!("no table matches `{}`", w.pattern), w.span);
                            }
                            Schema::open("a wildcard union")
                        }
                        _ => {
                            if fuzzy {
                                self.quiet += 1;
                            }
                            let s = self.tabular_expr(t);
                            if fuzzy {
                                self.quiet -= 1;
                            }
                            s
                        }
                    };
                    parts.push(schema);
                }
                let mut out = union_output(parts);
                if let Some(col) = param_name(params, "withsource") {
                    out.set(&col, Some(DataType::String));
                }
                out
            }
            Operator::MvExpand {
                params,
                columns,
                limit,
                ..
            } => {
                let mut out = input.clone();
                self.expand_columns(columns, &input, &mut out);
                if let Some(l) = limit {
                    self.scalar(l, &Row::None);
                }
                if let Some(col) = param_name(params, "with_itemindex") {
                    out.set(&col, Some(DataType::Long));
                }
                out
            }
            Operator::MvApply {
                params,
                columns,
                limit,
                on,
                ..
            } => {
                let mut expanded = input.clone();
                self.expand_columns(columns, &input, &mut expanded);
                if let Some(l) = limit {
                    self.scalar(l, &Row::None);
                }
                if let Some(col) = param_name(params, "with_itemindex") {
                    expanded.set(&col, Some(DataType::Long));
                }
                let mut out = expanded.clone();
                for sub in on {
                    out = self.operator(sub, Some(out));
                }
                for c in expanded.columns {
                    if out.get(&c.name).is_none() {
                        out.columns.push(c);
                    }
                }
                out
            }
            Operator::Parse {
                source, pattern, ..
            }
            | Operator::ParseWhere {
                source, pattern, ..
            } => {
                self.scalar(source, &Row::Table(&input));
                let mut out = input;
                for part in pattern {
                    if let ParsePart::Column { name, ty, .. } = part {
                        out.set(&name.name, Some(ty.unwrap_or(DataType::String)));
                    }
                }
                out
            }
            Operator::MakeSeries {
                aggregates,
                on,
                from,
                to,
                step,
                by,
                ..
            } => {
                let mut out = Schema::closed("the output of make-series", Vec::new());
                let mut generated = 0;
                for b in by {
                    let ty = self.scalar(&b.expr, &Row::Table(&input));
                    self.add_named(&mut out, b, ty, &mut generated);
                }
                self.scalar(on, &Row::Table(&input));
                for e in [from, to].into_iter().flatten() {
                    self.scalar(e, &Row::None);
                }
                self.scalar(step, &Row::None);
                if let Some(axis) = expr_name(on) {
                    out.push_unique(axis, Some(DataType::Dynamic));
                }
                for agg in aggregates {
                    self.scalar(&agg.aggregate.expr, &Row::Aggregate(&input));
                    if let Some(d) = &agg.default {
                        self.scalar(d, &Row::None);
                    }
                    self.add_named(
                        &mut out,
                        &agg.aggregate,
                        Some(DataType::Dynamic),
                        &mut generated,
                    );
                }
                out
            }
            Operator::Render { .. } => input,
            Operator::Evaluate { plugin, .. } => self.evaluate(plugin, input),
            Operator::As { name, .. } => {
                self.scope.bind(&name.name, Value::Table(input.clone()));
                input
            }
            Operator::Invoke { function, .. } => match function {
                Expr::Call {
                    target: None,
                    name,
                    args,
                    ..
                } => match self.scope.get(&name.name).cloned() {
                    Some(Value::Function(def)) => {
                        for a in args {
                            self.scalar(a, &Row::None);
                        }
                        self.invoke(def, input, args)
                    }
                    _ => {
                        self.error(format!("unknown function `{}`", name.name), name.span);
                        Schema::open(format!("the result of `{}`", name.name))
                    }
                },
                _ => Schema::open("the result of invoke"),
            },
            Operator::Range {
                column,
                from,
                to,
                step,
                ..
            } => {
                let ty = self.scalar(from, &Row::None);
                self.scalar(to, &Row::None);
                self.scalar(step, &Row::None);
                Schema::closed(
                    "the output of range",
                    vec![Col::new(column.name.clone(), ty)],
                )
            }
            Operator::Datatable { columns, .. } | Operator::ExternalData { columns, .. } => {
                Schema::closed(
                    "the datatable",
                    columns
                        .iter()
                        .map(|c| Col::new(c.name.name.clone(), Some(c.ty)))
                        .collect(),
                )
            }
            Operator::Print { columns, .. } => {
                let mut out = Schema::closed("the output of print", Vec::new());
                for (i, item) in columns.iter().enumerate() {
                    let ty = self.scalar(&item.expr, &Row::None);
                    match item.names.as_slice() {
                        [] => {
                            let name = expr_name(&item.expr)
                                .filter(|_| !matches!(item.expr, Expr::Name(_)))
                                .unwrap_or_else(|| format!("print_{i}"));
                            out.push_unique(name, ty);
                        }
                        names => {
                            for n in names {
                                out.push_unique(n.name.clone(), ty);
                            }
                        }
                    }
                }
                out
            }
            Operator::Search {
                tables, predicate, ..
            }
            | Operator::Find {
                tables, predicate, ..
            } => {
                // Without `in (...)`, search looks through every table in the database.
                let mut parts = Vec::new();
                for t in tables {
                    parts.push(match t {
                        Expr::Wildcard(_) => Schema::open("a wildcard search"),
                        _ => self.tabular_expr(t),
                    });
                }
                let mut rows = if tables.is_empty() {
                    self.all_tables()
                } else {
                    union_output(parts)
                };
                rows.origin = "the searched tables".into();
                rows.set("$table", Some(DataType::String));
                self.scalar(predicate, &Row::Table(&rows));
                if matches!(op, Operator::Find { .. }) {
                    // `find` packs the matching rows' columns; its output is not modelled.
                    return Schema::open("the output of find");
                }
                rows
            }
            Operator::GetSchema { .. } => Schema::closed(
                "the output of getschema",
                vec![
                    col("ColumnName", DataType::String),
                    col("ColumnOrdinal", DataType::Int),
                    col("DataType", DataType::String),
                    col("ColumnType", DataType::String),
                ],
            ),
            Operator::SampleDistinct { count, of, .. } => {
                self.scalar(count, &Row::None);
                let ty = self.scalar(of, &Row::Table(&input));
                match expr_name(of) {
                    Some(n) => {
                        Schema::closed("the output of sample-distinct", vec![Col::new(n, ty)])
                    }
                    None => Schema::open("the output of sample-distinct"),
                }
            }
            Operator::Facet { columns, .. } => {
                for c in columns {
                    self.column(&c.name, c.span, &input);
                }
                Schema::open("the output of facet")
            }
            Operator::Reduce { by, .. } => {
                self.scalar(by, &Row::Table(&input));
                Schema::closed(
                    "the output of reduce",
                    vec![
                        col("Pattern", DataType::String),
                        col("Count", DataType::Long),
                        col("Representative", DataType::String),
                    ],
                )
            }
            Operator::Consume { .. } => Schema::closed("the output of consume", Vec::new()),
            Operator::Fork { branches, .. } => {
                for b in branches {
                    let mut s = input.clone();
                    for o in &b.operators {
                        s = self.operator(o, Some(s));
                    }
                }
                input
            }
            Operator::Partition { by, .. } => {
                self.column(&by.name, by.span, &input);
                Schema::open("the output of partition")
            }
        }
    }

    /// Adds a `project`/`summarize by` item to `out` under its given or Kusto-derived name.
    /// A column named explicitly (or by a bare column reference) twice in one operator is an
    /// error in Kusto; derived names such as `count_` are made unique instead.
    fn add_named(&mut self, out: &mut Schema<'a>, item: &NamedExpr, ty: Ty, generated: &mut usize) {
        match item.names.as_slice() {
            [] => {
                let name = expr_name(&item.expr).unwrap_or_else(|| {
                    *generated += 1;
                    format!("Column{generated}")
                });
                if let Expr::Name(id) = &item.expr {
                    if out.get(&id.name).is_some() {
                        self.error(
                            format!("column `{}` is already declared here", id.name),
                            id.span,
                        );
                        return;
                    }
                }
                out.push_unique(name, ty);
            }
            [one] => {
                if out.get(&one.name).is_some() {
                    self.error(
                        format!("column `{}` is already declared here", one.name),
                        one.span,
                    );
                    return;
                }
                out.push_unique(one.name.clone(), ty);
            }
            many => {
                for n in many {
                    out.push_unique(n.name.clone(), None);
                }
            }
        }
    }

    /// Kusto groups, sorts and de-duplicates only scalar values: a `dynamic` key is an error
    /// (as `summarize by Location` where Location is a property bag).
    fn not_dynamic(&mut self, ty: Option<DataType>, expr: &'a Expr, what: &str) {
        if ty == Some(DataType::Dynamic) {
            let name = expr_name(expr).unwrap_or_else(|| "this value".into());
            self.error(
                format!(
                    "{name} is dynamic, which {what} cannot use: convert it first, e.g. tostring({name})"
                ),
                expr.span(),
            );
        }
    }

    fn summarize(
        &mut self,
        input: &Schema<'a>,
        aggregates: &'a [NamedExpr],
        by: &'a [NamedExpr],
    ) -> Schema<'a> {
        let mut out = Schema::closed("the output of summarize", Vec::new());
        let mut generated = 0;
        for b in by {
            let ty = self.scalar(&b.expr, &Row::Table(input));
            self.not_dynamic(ty, &b.expr, "summarize by");
            self.add_named(&mut out, b, ty, &mut generated);
        }
        for agg in aggregates {
            if let Expr::Call {
                target: None,
                name,
                args,
                ..
            } = &agg.expr
            {
                let f = name.name.as_str();
                if matches!(f, "arg_max" | "arg_min" | "argmax" | "argmin")
                    && !matches!(self.scope.get(f), Some(Value::Function(_)))
                {
                    self.arg_extreme(input, &mut out, agg, args);
                    continue;
                }
                if matches!(f, "take_any" | "any")
                    && agg.names.is_empty()
                    && (args.len() > 1 || matches!(args.first(), Some(Expr::Star { .. })))
                {
                    // One column per argument (all columns for `*`).
                    for a in args {
                        if let Expr::Star { .. } = a {
                            for c in &input.columns {
                                let n = if f == "any" {
                                    format!("any_{}", c.name).into()
                                } else {
                                    c.name.clone()
                                };
                                if out.get(&n).is_none() {
                                    out.columns.push(Col::new(n, c.ty));
                                }
                            }
                            out.open |= input.open;
                            continue;
                        }
                        let ty = self.scalar(a, &Row::InAggregate(input));
                        let base = expr_name(a).unwrap_or_else(|| "Column1".into());
                        let n = if f == "any" {
                            format!("any_{base}")
                        } else {
                            base
                        };
                        out.push_unique(n, ty);
                    }
                    continue;
                }
                if matches!(
                    f,
                    "percentile" | "percentiles" | "percentilew" | "percentilesw"
                ) && agg.names.is_empty()
                {
                    let ty = self.scalar(&agg.expr, &Row::Aggregate(input));
                    let weighted = f.ends_with('w');
                    let skip = if weighted { 2 } else { 1 };
                    let base = args.first().and_then(expr_name).unwrap_or_default();
                    for p in args.iter().skip(skip) {
                        let label = match p {
                            Expr::Literal {
                                value: Literal::Long(n),
                                ..
                            } => n.to_string(),
                            Expr::Literal {
                                value: Literal::Real(r),
                                ..
                            } => r.to_string().replace('.', "_"),
                            _ => String::new(),
                        };
                        out.push_unique(format!("percentile_{base}_{label}"), ty);
                    }
                    continue;
                }
            }
            let ty = self.scalar(&agg.expr, &Row::Aggregate(input));
            self.add_named(&mut out, agg, ty, &mut generated);
        }
        out
    }

    /// `arg_max(expr, col, ...)` / `arg_max(expr, *)`: the expr's column plus the listed ones.
    fn arg_extreme(
        &mut self,
        input: &Schema,
        out: &mut Schema<'a>,
        agg: &'a NamedExpr,
        args: &'a [Expr],
    ) {
        let Expr::Call { name, .. } = &agg.expr else {
            return;
        };
        if args.is_empty() {
            self.error(
                format!("`{}` takes at least 1 argument, got 0", name.name),
                name.span,
            );
            return;
        }
        let mut produced: Vec<(String, Ty)> = Vec::new();
        for (i, a) in args.iter().enumerate() {
            match a {
                Expr::Star { .. } => {
                    for c in &input.columns {
                        produced.push((c.name.to_string(), c.ty));
                    }
                    if input.open {
                        out.open = true;
                    }
                }
                // `arg_max(T, Name = expr)`: the parser reads a named argument as `==`.
                Expr::Binary {
                    op: BinaryOp::Eq,
                    left,
                    right,
                    ..
                } if i > 0
                    && matches!(left.as_ref(), Expr::Name(n) if input.get(&n.name).is_none()) =>
                {
                    let ty = self.scalar(right, &Row::InAggregate(input));
                    if let Expr::Name(n) = left.as_ref() {
                        produced.push((n.name.clone(), ty));
                    }
                }
                _ => {
                    let ty = self.scalar(a, &Row::InAggregate(input));
                    let n = expr_name(a).unwrap_or_else(|| {
                        if i == 0 {
                            let prefix = if name.name.contains("max") {
                                "max"
                            } else {
                                "min"
                            };
                            format!("{prefix}_")
                        } else {
                            format!("Column{i}")
                        }
                    });
                    produced.push((n, ty));
                }
            }
        }
        if !agg.names.is_empty() {
            for (i, n) in agg.names.iter().enumerate() {
                let ty = produced.get(i).and_then(|p| p.1);
                out.push_unique(n.name.clone(), ty);
            }
            for (n, ty) in produced.into_iter().skip(agg.names.len()) {
                if out.get(&n).is_none() {
                    out.columns.push(Col::new(n, ty));
                }
            }
            return;
        }
        let star = args.iter().any(|a| matches!(a, Expr::Star { .. }));
        for (n, ty) in produced {
            if star {
                if out.get(&n).is_none() {
                    out.columns.push(Col::new(n, ty));
                }
            } else {
                out.push_unique(n, ty);
            }
        }
    }

    /// Checks `join`/`lookup` keys: `Col` must be on both sides; `$left.A == $right.B` on its side.
    fn join_keys(&mut self, on: &'a [Expr], left: &Schema, right: &Schema) {
        for key in on {
            match key {
                Expr::Name(id) => {
                    self.column(&id.name, id.span, left);
                    self.column(&id.name, id.span, right);
                }
                other => {
                    self.scalar(other, &Row::Join(left, right));
                }
            }
        }
    }

    /// `mv-expand`/`mv-apply` columns: each expanded column becomes dynamic (or its `to typeof`).
    fn expand_columns(
        &mut self,
        columns: &'a [crate::ast::MvExpandColumn],
        input: &Schema,
        out: &mut Schema<'a>,
    ) {
        for c in columns {
            let ty = self.scalar(&c.column.expr, &Row::Table(input));
            let new_ty = match c.to_type {
                Some(t) => Some(t),
                None => ty.map(|_| DataType::Dynamic),
            };
            match c
                .column
                .name()
                .map(|n| n.name.clone())
                .or_else(|| expr_name(&c.column.expr))
            {
                Some(n) => out.set(&n, new_ty),
                None => out.open = true,
            }
        }
    }

    fn evaluate(&mut self, plugin: &'a Expr, input: Schema<'a>) -> Schema<'a> {
        let Expr::Call { name, args, .. } = plugin else {
            return Schema::open("the output of evaluate");
        };
        match name.name.as_str() {
            "bag_unpack" => {
                let mut out = input.clone();
                if let Some(first) = args.first() {
                    self.scalar(first, &Row::Table(&input));
                    if let Some(col) = expr_name(first) {
                        out.columns.retain(|c| c.name != col);
                    }
                }
                out.open = true;
                out.origin = "the output of bag_unpack".into();
                out
            }
            plugin if PLUGINS.contains(&plugin) => {
                Schema::open(format!("the output of {}", name.name))
            }
            plugin => {
                let mut message = format!("unknown plugin `{plugin}` for evaluate");
                if let Some(s) = suggest(plugin, PLUGINS.iter().copied()) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                }
                self.error(message, name.span);
                Schema::open(format!("the output of {}", name.name))
            }
        }
    }

    /// `T | invoke f(args)`: the function with the pipe as its first (tabular) argument.
    fn invoke(&mut self, def: &'a FunctionDef, input: Schema<'a>, args: &'a [Expr]) -> Schema<'a> {
        if self.depth >= MAX_EXPANSION_DEPTH {
            return Schema::open("the result of invoke");
        }
        self.depth += 1;
        self.quiet += 1;
        self.scope.push();
        for (i, p) in def.params.iter().enumerate() {
            let value = match (i, &p.ty, args.get(i.wrapping_sub(1))) {
                (0, _, _) => Value::Table(input.clone()),
                (_, ParamType::Tabular { .. }, Some(a)) => Value::Table(self.tabular_expr(a)),
                _ => super::scope::param_value(p),
            };
            self.scope.bind(&p.name.name, value);
        }
        let result = self.statements(&def.body);
        self.scope.pop();
        self.quiet -= 1;
        self.depth -= 1;
        match result {
            Value::Table(s) => s,
            _ => Schema::open("the result of invoke"),
        }
    }
}

/// The plugins `evaluate` knows.
const PLUGINS: &[&str] = &[
    "active_users_count",
    "activity_counts_metrics",
    "activity_engagement",
    "activity_metrics",
    "autocluster",
    "azure_digital_twins_query_request",
    "bag_unpack",
    "basket",
    "cosmosdb_sql_request",
    "dcount_intersect",
    "diffpatterns",
    "diffpatterns_text",
    "funnel_sequence",
    "funnel_sequence_completion",
    "http_request",
    "http_request_post",
    "infer_storage_schema",
    "ipv4_lookup",
    "ipv6_lookup",
    "mysql_request",
    "narrow",
    "new_activity_metrics",
    "percentiles_linear_fit",
    "pivot",
    "postgresql_request",
    "preview",
    "python",
    "r",
    "rolling_percentile",
    "rows_near",
    "schema_merge",
    "sequence_detect",
    "session_count",
    "sliding_window_counts",
    "sql_request",
    "time_weighted_avg",
    "time_weighted_val",
];

fn col(name: &'static str, ty: DataType) -> Col<'static> {
    Col::new(name, Some(ty))
}

/// Whether a function's body ends in a tabular expression.
fn function_is_tabular(def: &FunctionDef) -> bool {
    match def.body.last() {
        Some(Statement::Expression(e)) => match e {
            Expr::Tabular(_) => true,
            Expr::Name(id) => {
                def.params
                    .iter()
                    .any(|p| p.name.name == id.name && matches!(p.ty, ParamType::Tabular { .. }))
                    || def
                        .body
                        .iter()
                        .any(|s| matches!(s, Statement::Let(l) if l.name.name == id.name))
            }
            Expr::Call { name, .. } => matches!(name.name.as_str(), "materialize" | "table"),
            _ => false,
        },
        _ => false,
    }
}

/// The right-side column a lookup key names (`Col` or `$right.Col`).
fn right_key_name(key: &Expr) -> Option<String> {
    match key {
        Expr::Name(id) => Some(id.name.clone()),
        Expr::Binary { left, right, .. } => {
            for side in [left, right] {
                if let Expr::Member { target, name, .. } = side.as_ref() {
                    if matches!(target.as_ref(), Expr::Name(t) if t.name == "$right") {
                        return Some(name.name.clone());
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// The output of a join: one side for anti/semi joins, else both with right-side name clashes
/// renamed `Name1`.
fn join_output<'a>(kind: JoinKind, left: Schema<'a>, right: Schema<'a>) -> Schema<'a> {
    use JoinKind::*;
    match kind {
        LeftAnti | LeftSemi | LeftAntiSemi => left,
        RightAnti | RightSemi | RightAntiSemi => right,
        _ => {
            let mut out = left;
            out.origin = "the joined rows".into();
            for c in right.columns {
                out.push_unique(c.name, c.ty);
            }
            out.open |= right.open;
            out
        }
    }
}

/// The columns of a union: every column of every part; a name with conflicting types is unknown.
fn union_output<'a>(parts: Vec<Schema<'a>>) -> Schema<'a> {
    let mut out = Schema::closed("the union", Vec::new());
    for p in parts {
        out.open |= p.open;
        for c in p.columns {
            match out.columns.iter_mut().find(|o| o.name == c.name) {
                Some(o) if o.ty != c.ty => o.ty = None,
                Some(_) => {}
                None => out.columns.push(c),
            }
        }
    }
    out
}

fn param<'p>(params: &'p [OperatorParam], name: &str) -> Option<&'p OperatorParam> {
    params
        .iter()
        .find(|p| p.name.name.eq_ignore_ascii_case(name))
}

/// The column name given to a parameter such as `withsource=Source`.
fn param_name(params: &[OperatorParam], name: &str) -> Option<String> {
    param(params, name).and_then(|p| match &p.value {
        Expr::Name(id) => Some(id.name.clone()),
        Expr::Literal {
            value: Literal::String(s),
            ..
        } => Some(s.clone()),
        _ => None,
    })
}

fn param_is_true(params: &[OperatorParam], name: &str) -> bool {
    param(params, name).is_some_and(|p| {
        matches!(
            p.value,
            Expr::Literal {
                value: Literal::Bool(true),
                ..
            }
        )
    })
}
