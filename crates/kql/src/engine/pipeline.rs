//! Statements and tabular expressions: `let` bindings, sources, and the operators of a pipe.

use std::sync::Arc;

use crate::ast::{
    Expr, LetValue, Literal, NamedExpr, Operator, Query, Source, Statement, TabularExpr,
};
use crate::table::Column;
use crate::value::{DataType, Value};

use super::columns::ColumnCopy;
use super::expr::{Compiled, Compiler, RowRef};
use super::frame::{conform, infer_type, Frame, Row};
use super::names;
use super::scope::{Binding, Env, Scope, MAX_DEPTH};
use super::{
    functions, join, make_series, mv_apply, mv_expand, parse_op, pivot, scan, search, sort,
    summarize, union, values,
};
use super::{Chart, Database, ExecError, ExecOptions, QueryOutput};

/// Runs every statement of a query; each tabular statement yields one result table.
pub fn run_query(
    query: &Query,
    db: &Database,
    opts: &ExecOptions,
) -> Result<QueryOutput, ExecError> {
    let env = Env {
        db,
        opts,
        depth: std::cell::Cell::new(0),
        chart: std::cell::RefCell::new(None),
    };
    let mut scope = Scope::default();
    let mut tables = Vec::new();
    for stmt in &query.statements {
        match stmt {
            Statement::Expression(e) => {
                let frame = eval_source_expr(e, &env, &scope)?;
                let name = if tables.is_empty() {
                    "PrimaryResult".to_string()
                } else {
                    format!("Table_{}", tables.len())
                };
                tables.push(frame.into_table(&name));
            }
            other => scope = run_lets(std::slice::from_ref(other), &env, scope)?,
        }
    }
    if tables.is_empty() {
        return Err(ExecError::at(
            "the query has no tabular expression to run (only let/set statements)",
            query.span,
        ));
    }
    let chart = env.chart.borrow_mut().take();
    Ok(QueryOutput { tables, chart })
}

/// Runs `let`, `set` and `declare` statements, returning the scope they build.
pub fn run_lets(stmts: &[Statement], env: &Env, mut scope: Scope) -> Result<Scope, ExecError> {
    for stmt in stmts {
        match stmt {
            Statement::Let(l) => {
                let binding = match &l.value {
                    LetValue::Function(def) | LetValue::View(def) => {
                        Binding::Function(std::rc::Rc::new(def.clone()), scope.clone())
                    }
                    LetValue::Expr(e) => {
                        if is_tabular(e, env, &scope) {
                            let frame = eval_source_expr(e, env, &scope)?;
                            Binding::Table(Arc::new(frame.into_table(&l.name.name)))
                        } else {
                            let cx = Compiler::new(env, &scope, &[]);
                            let c = cx.compile(e)?;
                            match c.constant {
                                Some(v) => Binding::Scalar(v),
                                None => {
                                    return Err(ExecError::at(
                                        format!("`{}` must be a constant or a table", l.name.name),
                                        e.span(),
                                    ))
                                }
                            }
                        }
                    }
                };
                scope = scope.with(l.name.name.clone(), binding);
            }
            Statement::Set(_) => {}
            Statement::DeclareQueryParameters { params, .. } => {
                for p in params {
                    let v = match &p.default {
                        Some(d) => Compiler::new(env, &scope, &[]).constant(d)?,
                        None => Value::Null,
                    };
                    scope = scope.with(p.name.name.clone(), Binding::Scalar(v));
                }
            }
            Statement::Expression(e) => {
                return Err(ExecError::at(
                    "only let statements may come before the function's value",
                    e.span(),
                ))
            }
        }
    }
    Ok(scope)
}

/// Whether an expression denotes a table (rather than a scalar).
fn is_tabular(e: &Expr, env: &Env, scope: &Scope) -> bool {
    match e {
        Expr::Tabular(_) => true,
        Expr::Name(i) => match scope.get(&i.name).as_deref() {
            Some(Binding::Table(_)) => true,
            Some(_) => false,
            None => env.db.table(&i.name).is_some(),
        },
        Expr::Call { name, .. } => match scope.get(&name.name).as_deref() {
            Some(Binding::Function(def, _)) => {
                matches!(
                    functions::function_value(def, name.span),
                    Ok(Expr::Tabular(_))
                ) || matches!(functions::function_value(def, name.span), Ok(v) if is_tabular(v, env, scope))
            }
            _ => matches!(name.name.as_str(), "materialize" | "table" | "view"),
        },
        _ => false,
    }
}

/// Evaluates an expression used as a table: a name, a tabular expression or a function call.
pub fn eval_source_expr(e: &Expr, env: &Env, scope: &Scope) -> Result<Frame, ExecError> {
    match e {
        Expr::Tabular(t) => eval_tabular(t, env, scope),
        Expr::Name(i) => table_by_name(&i.name, env, scope, i.span).map(Frame::materialize),
        Expr::Call {
            target: None,
            name,
            args,
            span,
        } => match name.name.as_str() {
            "materialize" if scope.get("materialize").is_none() => {
                if args.len() != 1 {
                    return Err(ExecError::at("materialize() takes one table", *span));
                }
                eval_source_expr(&args[0], env, scope)
            }
            "table" if scope.get("table").is_none() => {
                let cx = Compiler::new(env, scope, &[]);
                let n = args
                    .first()
                    .map(|a| cx.constant(a))
                    .transpose()?
                    .map(|v| values::to_text(&v))
                    .unwrap_or_default();
                table_by_name(&n, env, scope, *span)
            }
            _ => call_tabular_function(&name.name, args, None, env, scope, *span),
        },
        other => Err(ExecError::at("expected a table here", other.span())),
    }
}

fn call_tabular_function(
    name: &str,
    args: &[Expr],
    input: Option<Frame>,
    env: &Env,
    scope: &Scope,
    span: crate::ast::Span,
) -> Result<Frame, ExecError> {
    let Some(binding) = scope.get(name) else {
        return Err(ExecError::unsupported("tabular function", name, span));
    };
    let Binding::Function(def, def_scope) = &*binding else {
        return Err(ExecError::at(format!("`{name}` is not a function"), span));
    };
    let depth = env.depth.get();
    if depth >= MAX_DEPTH {
        return Err(ExecError::at(
            format!("calls to `{name}` nest too deeply"),
            span,
        ));
    }
    env.depth.set(depth + 1);
    let result = (|| {
        let cx = Compiler::new(env, scope, &[]);
        let params_scope = match input {
            // `invoke f(args)`: the pipe's input binds the first (tabular) parameter.
            Some(frame) => {
                let first = def.params.first().ok_or_else(|| {
                    ExecError::at(format!("`{name}` takes no table to invoke with"), span)
                })?;
                let bound = def_scope.with(
                    first.name.name.clone(),
                    Binding::Table(Arc::new(frame.into_table(&first.name.name))),
                );
                let rest = crate::ast::FunctionDef {
                    params: def.params[1..].to_vec(),
                    body: def.body.clone(),
                    span: def.span,
                };
                functions::bind_params(&cx, name, &rest, &bound, args, span)?
            }
            None => functions::bind_params(&cx, name, def, def_scope, args, span)?,
        };
        let body_scope = run_lets(
            &def.body[..def.body.len().saturating_sub(1)],
            env,
            params_scope,
        )?;
        let value = functions::function_value(def, span)?;
        eval_source_expr(value, env, &body_scope)
    })();
    env.depth.set(depth);
    result
}

fn table_by_name(
    name: &str,
    env: &Env,
    scope: &Scope,
    span: crate::ast::Span,
) -> Result<Frame, ExecError> {
    match scope.get(name).as_deref() {
        Some(Binding::Table(t)) => return Ok(Frame::shared(t.clone())),
        Some(Binding::Function(def, _)) if def.params.is_empty() => {
            return call_tabular_function(name, &[], None, env, scope, span)
        }
        Some(Binding::Scalar(_)) | Some(Binding::Expr(..)) => {
            return Err(ExecError::at(
                format!("`{name}` is a scalar, not a table"),
                span,
            ))
        }
        _ => {}
    }
    let Some(table) = env.db.shared(name) else {
        return Err(ExecError::at(format!("unknown table `{name}`"), span));
    };
    let mut frame = Frame::shared(table);
    if let (Some((start, end)), Some(ix)) = (env.opts.timespan, frame.column_index("TimeGenerated"))
    {
        let in_window = |v: &Value| matches!(v, Value::DateTime(t) if *t >= start && *t < end);
        let picked: Vec<usize> = match frame.stored(env) {
            Some((t, cache)) => match cache.column(t, ix) {
                ColumnCopy::Plain(vals) => {
                    (0..vals.len()).filter(|i| in_window(&vals[*i])).collect()
                }
                ColumnCopy::Dictionary { ids, values } => (0..ids.len())
                    .filter(|i| in_window(&values[ids[*i] as usize]))
                    .collect(),
            },
            None => (0..frame.len())
                .filter(|i| in_window(&frame.all_rows()[*i][ix]))
                .collect(),
        };
        frame.selection = Some(picked);
    }
    Ok(frame)
}

/// Evaluates `source | op | op ...`.
pub fn eval_tabular(t: &TabularExpr, env: &Env, scope: &Scope) -> Result<Frame, ExecError> {
    let depth = env.depth.get();
    if depth >= MAX_DEPTH {
        return Err(ExecError::at("the query nests too deeply", t.span));
    }
    env.depth.set(depth + 1);
    let result = (|| {
        let mut frame = match &t.source {
            // A table read by name keeps the query window as a selection (no copy) for the
            // operators that read through it.
            Source::Expr(Expr::Name(i)) => table_by_name(&i.name, env, scope, i.span)?,
            Source::Expr(e) => eval_source_expr(e, env, scope)?,
            // Only the columns the rest of the query reads (`union * | summarize count() by Type`).
            Source::Operator(op) => match &**op {
                Operator::Union {
                    params,
                    tables,
                    span,
                } => {
                    let read = union::columns_read(&t.operators);
                    union::union(None, params, tables, read.as_ref(), env, scope, *span)?
                }
                op => source_operator(op, env, scope)?,
            },
        };
        for (k, op) in t.operators.iter().enumerate() {
            frame = apply_before(op, t.operators.get(k + 1), frame, env, scope)?;
        }
        Ok(frame.materialize())
    })();
    env.depth.set(depth);
    result
}

fn source_operator(op: &Operator, env: &Env, scope: &Scope) -> Result<Frame, ExecError> {
    match op {
        Operator::Datatable {
            columns,
            values: cells,
            span,
        } => {
            let cx = Compiler::new(env, scope, &[]);
            let cols: Vec<Column> = columns
                .iter()
                .map(|c| Column::new(c.name.name.clone(), c.ty))
                .collect();
            if cols.is_empty() {
                return Err(ExecError::at("datatable needs at least one column", *span));
            }
            if cells.len() % cols.len() != 0 {
                return Err(ExecError::at(
                    format!(
                        "datatable has {} values, not a multiple of its {} columns",
                        cells.len(),
                        cols.len()
                    ),
                    *span,
                ));
            }
            let mut rows = Vec::new();
            for chunk in cells.chunks(cols.len()) {
                let mut row = Vec::with_capacity(cols.len());
                for (cell, col) in chunk.iter().zip(&cols) {
                    let v = cx.constant(cell)?;
                    row.push(coerce_cell(v, col.data_type, cell)?);
                }
                rows.push(row);
            }
            Ok(Frame::owned(cols, rows))
        }
        Operator::Print { columns, .. } => {
            let cx = Compiler::new(env, scope, &[]);
            let mut cols = Vec::new();
            let mut row = Vec::new();
            for (i, item) in columns.iter().enumerate() {
                let c = cx.compile(&item.expr)?;
                let v = c
                    .constant
                    .clone()
                    .unwrap_or_else(|| super::expr::eval_constant(&c.eval));
                let name = item
                    .name()
                    .map(|n| n.name.clone())
                    .unwrap_or_else(|| format!("print_{i}"));
                let ty = infer_type(c.ty, std::iter::once(v.clone()));
                cols.push(Column::new(names::unique_name(&cols, &name), ty));
                row.push(conform(v, ty));
            }
            Ok(Frame::owned(cols, vec![row]))
        }
        Operator::Range {
            column,
            from,
            to,
            step,
            span,
        } => {
            let cx = Compiler::new(env, scope, &[]);
            let (a, b, s) = (cx.constant(from)?, cx.constant(to)?, cx.constant(step)?);
            let mut rows = Vec::new();
            let mut cur = a.clone();
            let ty = values::type_of(&a).unwrap_or(DataType::Long);
            let forward = match values::compare(&values::arith(values::Arith::Add, &a, &s), &a) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Less) => false,
                _ => {
                    return Err(ExecError::at(
                        "range needs a non-zero step of a matching type",
                        *span,
                    ))
                }
            };
            loop {
                let past = match values::compare(&cur, &b) {
                    Some(o) => (forward && o.is_gt()) || (!forward && o.is_lt()),
                    None => true,
                };
                if past {
                    break;
                }
                if rows.len() >= 10_000_000 {
                    return Err(ExecError::at(
                        "range would produce more than 10,000,000 rows",
                        *span,
                    ));
                }
                rows.push(vec![cur.clone()]);
                cur = values::arith(values::Arith::Add, &cur, &s);
            }
            Ok(Frame::owned(
                vec![Column::new(column.name.clone(), ty)],
                rows,
            ))
        }
        Operator::Union {
            params,
            tables,
            span,
        } => union::union(None, params, tables, None, env, scope, *span),
        Operator::Search {
            params,
            tables,
            predicate,
            span,
        } => search::search(None, params, tables, predicate, env, scope, *span),
        other => Err(ExecError::unsupported(
            "operator",
            operator_name(other),
            other.span(),
        )),
    }
}

fn coerce_cell(v: Value, ty: DataType, cell: &Expr) -> Result<Value, ExecError> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    let out = match (ty, &v) {
        (DataType::Dynamic, Value::Dynamic(_)) => v.clone(),
        (DataType::Dynamic, _) => Value::dynamic(values::to_json(&v)),
        (DataType::String, Value::String(_)) => v.clone(),
        _ => values::convert(&v, ty),
    };
    if out.is_null() {
        return Err(ExecError::at(
            format!("value `{}` is not a {}", values::to_text(&v), ty.name()),
            cell.span(),
        ));
    }
    Ok(out)
}

/// The operator's keyword, for messages.
pub fn operator_name(op: &Operator) -> &'static str {
    use Operator::*;
    match op {
        Where { .. } => "where",
        Project { .. } => "project",
        ProjectAway { .. } => "project-away",
        ProjectKeep { .. } => "project-keep",
        ProjectRename { .. } => "project-rename",
        ProjectReorder { .. } => "project-reorder",
        Extend { .. } => "extend",
        Summarize { .. } => "summarize",
        Count { .. } => "count",
        Distinct { .. } => "distinct",
        Take { .. } => "take",
        Top { .. } => "top",
        TopNested { .. } => "top-nested",
        Sort { .. } => "sort",
        Join { .. } => "join",
        Lookup { .. } => "lookup",
        Union { .. } => "union",
        MvExpand { .. } => "mv-expand",
        MvApply { .. } => "mv-apply",
        Parse { .. } => "parse",
        ParseWhere { .. } => "parse-where",
        MakeSeries { .. } => "make-series",
        Render { .. } => "render",
        Evaluate { .. } => "evaluate",
        As { .. } => "as",
        Invoke { .. } => "invoke",
        Serialize { .. } => "serialize",
        Range { .. } => "range",
        Datatable { .. } => "datatable",
        Print { .. } => "print",
        Search { .. } => "search",
        Find { .. } => "find",
        GetSchema { .. } => "getschema",
        Sample { .. } => "sample",
        SampleDistinct { .. } => "sample-distinct",
        Facet { .. } => "facet",
        ExternalData { .. } => "externaldata",
        Reduce { .. } => "reduce",
        Consume { .. } => "consume",
        Fork { .. } => "fork",
        Partition { .. } => "partition",
    }
}

/// Applies one operator to a frame.
/// Applies one operator to a frame.
pub fn apply_operator(
    op: &Operator,
    frame: Frame,
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    apply_before(op, None, frame, env, scope)
}

/// Applies one operator, knowing the operator that will read its output (so a join builds only
/// the columns that operator reads).
fn apply_before(
    op: &Operator,
    next: Option<&Operator>,
    frame: Frame,
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    let reads_selection = matches!(
        op,
        Operator::Where { .. }
            | Operator::Summarize { .. }
            | Operator::Count { .. }
            | Operator::Join { .. }
            | Operator::Take { .. }
    );
    let frame = if reads_selection {
        frame
    } else {
        frame.materialize()
    };
    match op {
        Operator::Where { predicate, .. } => filter(frame, predicate, env, scope),
        Operator::Project { columns, .. } => project(frame, columns, env, scope),
        Operator::Extend { columns, .. } => extend(frame, columns, env, scope),
        Operator::ProjectAway { columns, .. } => {
            let keep: Vec<usize> = (0..frame.columns.len())
                .filter(|i| {
                    !columns
                        .iter()
                        .any(|p| names::wildcard_match(&p.pattern, &frame.columns[*i].name))
                })
                .collect();
            for p in columns {
                if !p.is_wildcard() && frame.column_index(&p.pattern).is_none() {
                    return Err(ExecError::at(
                        format!("unknown column `{}`", p.pattern),
                        p.span,
                    ));
                }
            }
            Ok(select_columns(frame, &keep))
        }
        Operator::ProjectKeep { columns, .. } => {
            for p in columns {
                if !p.is_wildcard() && frame.column_index(&p.pattern).is_none() {
                    return Err(ExecError::at(
                        format!("unknown column `{}`", p.pattern),
                        p.span,
                    ));
                }
            }
            let keep: Vec<usize> = (0..frame.columns.len())
                .filter(|i| {
                    columns
                        .iter()
                        .any(|p| names::wildcard_match(&p.pattern, &frame.columns[*i].name))
                })
                .collect();
            Ok(select_columns(frame, &keep))
        }
        Operator::ProjectRename { renames, .. } => {
            let mut frame = frame;
            for r in renames {
                let ix = frame.column_index(&r.old.name).ok_or_else(|| {
                    ExecError::at(format!("unknown column `{}`", r.old.name), r.old.span)
                })?;
                frame.columns[ix].name = r.new.name.clone();
            }
            Ok(frame)
        }
        Operator::ProjectReorder { columns, .. } => {
            let mut order: Vec<usize> = Vec::new();
            for rc in columns {
                let mut matched: Vec<usize> = (0..frame.columns.len())
                    .filter(|i| {
                        !order.contains(i)
                            && names::wildcard_match(&rc.column.pattern, &frame.columns[*i].name)
                    })
                    .collect();
                if matched.is_empty() && !rc.column.is_wildcard() {
                    return Err(ExecError::at(
                        format!("unknown column `{}`", rc.column.pattern),
                        rc.span,
                    ));
                }
                if let Some(o) = rc.order {
                    use crate::ast::ReorderOrder::*;
                    matched.sort_by(|a, b| {
                        let (x, y) = (&frame.columns[*a].name, &frame.columns[*b].name);
                        match o {
                            Asc => x.cmp(y),
                            Desc => y.cmp(x),
                            GrannyAsc => granny_cmp(x, y),
                            GrannyDesc => granny_cmp(y, x),
                        }
                    });
                }
                order.extend(matched);
            }
            let rest: Vec<usize> = (0..frame.columns.len())
                .filter(|i| !order.contains(i))
                .collect();
            order.extend(rest);
            Ok(select_columns(frame, &order))
        }
        Operator::Summarize {
            aggregates,
            by,
            span,
            ..
        } => summarize::summarize(frame, aggregates, by, env, scope, *span),
        Operator::Count { name, .. } => {
            let n = frame.len() as i64;
            let col = name
                .as_ref()
                .map_or("Count".to_string(), |n| n.name.clone());
            Ok(Frame::owned(
                vec![Column::new(col, DataType::Long)],
                vec![vec![Value::Long(n)]],
            ))
        }
        Operator::Distinct { columns, .. } => {
            if columns.len() == 1 && matches!(columns[0].expr, Expr::Star { .. }) {
                let items: Vec<NamedExpr> = frame
                    .columns
                    .iter()
                    .map(|c| NamedExpr {
                        names: vec![],
                        expr: Expr::Name(crate::ast::Ident::new(
                            c.name.clone(),
                            Default::default(),
                        )),
                        span: Default::default(),
                    })
                    .collect();
                return summarize::summarize(frame, &[], &items, env, scope, op.span());
            }
            summarize::summarize(frame, &[], columns, env, scope, op.span())
        }
        Operator::Take { count, .. } | Operator::Sample { count, .. } => {
            let n = count_arg(count, env, scope)?;
            let mut frame = frame;
            if let Some(sel) = &mut frame.selection {
                sel.truncate(n);
            } else if frame.len() > n {
                let rows: Vec<Row> = frame.rows()[..n].to_vec();
                frame = Frame {
                    columns: frame.columns,
                    rows: super::frame::Rows::Owned(rows),
                    serialized: frame.serialized,
                    selection: None,
                };
            }
            Ok(frame)
        }
        Operator::Top { count, by, .. } => {
            let n = count_arg(count, env, scope)?;
            sort::top(frame, n, by, env, scope)
        }
        Operator::Sort { keys, .. } => sort::sort(frame, keys, env, scope),
        Operator::Join {
            kind,
            params,
            right,
            on,
            span,
        } => {
            let right = eval_source_expr(right, env, scope)?;
            let _ = params;
            let read = next.and_then(scan::columns_read);
            join::join(
                frame,
                right,
                kind.unwrap_or(crate::ast::JoinKind::InnerUnique),
                on,
                false,
                read.as_deref(),
                env,
                scope,
                *span,
            )
        }
        Operator::Lookup {
            kind,
            right,
            on,
            span,
            ..
        } => {
            let right = eval_source_expr(right, env, scope)?;
            join::join(
                frame,
                right,
                kind.unwrap_or(crate::ast::JoinKind::LeftOuter),
                on,
                true,
                None,
                env,
                scope,
                *span,
            )
        }
        Operator::Union {
            params,
            tables,
            span,
        } => union::union(Some(frame), params, tables, None, env, scope, *span),
        Operator::Search {
            params,
            tables,
            predicate,
            span,
        } => search::search(Some(frame), params, tables, predicate, env, scope, *span),
        Operator::MvApply {
            params,
            columns,
            limit,
            on,
            span,
        } => mv_apply::mv_apply(
            frame,
            params,
            columns,
            limit.as_ref(),
            on,
            env,
            scope,
            *span,
        ),
        Operator::MvExpand {
            params,
            columns,
            limit,
            span,
        } => mv_expand::mv_expand(frame, params, columns, limit.as_ref(), env, scope, *span),
        Operator::Parse {
            kind,
            params,
            source,
            pattern,
            span,
        } => parse_op::parse(
            frame, *kind, params, source, pattern, false, env, scope, *span,
        ),
        Operator::ParseWhere {
            kind,
            params,
            source,
            pattern,
            span,
        } => parse_op::parse(
            frame, *kind, params, source, pattern, true, env, scope, *span,
        ),
        Operator::MakeSeries {
            params,
            aggregates,
            on,
            from,
            to,
            step,
            by,
            span,
        } => make_series::make_series(
            frame,
            make_series::Spec {
                params,
                aggregates,
                on,
                from: from.as_ref(),
                to: to.as_ref(),
                step,
                by,
            },
            env,
            scope,
            *span,
        ),
        Operator::Render {
            chart, properties, ..
        } => {
            let cx = Compiler::new(env, scope, &[]);
            let mut props = Vec::new();
            for p in properties {
                let v = match &p.value {
                    Expr::Name(i) => i.name.clone(),
                    Expr::In { .. } => String::new(),
                    other => match cx.compile(other) {
                        Ok(Compiled {
                            constant: Some(v), ..
                        }) => values::to_text(&v),
                        _ => render_text(other),
                    },
                };
                props.push((p.name.name.clone(), v));
            }
            *env.chart.borrow_mut() = Some(Chart {
                kind: chart.name.clone(),
                properties: props,
            });
            Ok(frame)
        }
        Operator::Evaluate { plugin, span, .. } => evaluate(frame, plugin, env, scope, *span),
        Operator::As { .. } => Ok(frame),
        Operator::Invoke { function, span } => match function {
            Expr::Call { name, args, .. } => {
                call_tabular_function(&name.name, args, Some(frame), env, scope, *span)
            }
            other => Err(ExecError::at("invoke needs a function call", other.span())),
        },
        Operator::Serialize { columns, .. } => {
            let mut frame = frame;
            frame.serialized = true;
            if columns.is_empty() {
                Ok(frame)
            } else {
                extend(frame, columns, env, scope)
            }
        }
        Operator::GetSchema { .. } => {
            let rows = frame
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    vec![
                        Value::string(&c.name),
                        Value::Int(i as i32),
                        Value::string(format!("System.{}", dotnet_type(c.data_type))),
                        Value::string(c.data_type.name()),
                    ]
                })
                .collect();
            Ok(Frame::owned(
                vec![
                    Column::new("ColumnName", DataType::String),
                    Column::new("ColumnOrdinal", DataType::Int),
                    Column::new("DataType", DataType::String),
                    Column::new("ColumnType", DataType::String),
                ],
                rows,
            ))
        }
        Operator::Consume { .. } => Ok(Frame::owned(vec![], vec![])),
        Operator::Datatable { .. } | Operator::Print { .. } | Operator::Range { .. } => {
            Err(ExecError::at(
                format!(
                    "`{}` starts a query; it cannot follow a pipe",
                    operator_name(op)
                ),
                op.span(),
            ))
        }
        other => Err(ExecError::unsupported(
            "operator",
            operator_name(other),
            other.span(),
        )),
    }
}

fn dotnet_type(t: DataType) -> &'static str {
    match t {
        DataType::Bool => "Boolean",
        DataType::Int => "Int32",
        DataType::Long => "Int64",
        DataType::Real => "Double",
        DataType::Decimal => "Data.SqlTypes.SqlDecimal",
        DataType::String => "String",
        DataType::DateTime => "DateTime",
        DataType::TimeSpan => "TimeSpan",
        DataType::Guid => "Guid",
        DataType::Dynamic => "Object",
    }
}

/// Orders names the way `granny-asc` does: digit runs compare as numbers.
fn granny_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut text = String::new();
        let mut num = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                if !num.is_empty() {
                    out.push((std::mem::take(&mut text), num.parse().unwrap_or(0)));
                    num.clear();
                }
                text.push(c);
            }
        }
        out.push((text, num.parse().unwrap_or(0)));
        out
    };
    key(a).cmp(&key(b))
}

fn render_text(e: &Expr) -> String {
    match e {
        Expr::Literal {
            value: Literal::String(s),
            ..
        } => s.clone(),
        Expr::Name(i) => i.name.clone(),
        _ => String::new(),
    }
}

fn count_arg(count: &Expr, env: &Env, scope: &Scope) -> Result<usize, ExecError> {
    let v = Compiler::new(env, scope, &[]).constant(count)?;
    match values::to_i64(&v) {
        Some(n) if n >= 0 => Ok(n as usize),
        _ => Err(ExecError::at(
            "expected a non-negative row count",
            count.span(),
        )),
    }
}

/// Keeps the columns at `keep`, in that order.
pub fn select_columns(frame: Frame, keep: &[usize]) -> Frame {
    if keep.len() == frame.columns.len() && keep.iter().enumerate().all(|(i, k)| i == *k) {
        return frame;
    }
    let columns: Vec<Column> = keep.iter().map(|i| frame.columns[*i].clone()).collect();
    let serialized = frame.serialized;
    let rows: Vec<Row> = frame
        .rows()
        .iter()
        .map(|r| keep.iter().map(|i| r[*i].clone()).collect())
        .collect();
    Frame {
        columns,
        rows: super::frame::Rows::Owned(rows),
        serialized,
        selection: None,
    }
}

/// `where predicate`. On a stored table it only records which rows pass (no copy); later
/// operators read through that selection or copy just those rows.
pub fn filter(
    frame: Frame,
    predicate: &Expr,
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    // `prev`/`next`/`row_number` count rows of the frame, so a serialized frame is copied first.
    let mut frame = if frame.serialized {
        frame.materialize()
    } else {
        frame
    };
    if !frame.serialized {
        // `where A and B` keeps the rows `where A | where B` keeps, and each part may be a scan
        // of one column.
        if let Expr::Binary {
            op: crate::ast::BinaryOp::And,
            left,
            right,
            ..
        } = predicate
        {
            let frame = filter(frame, left, env, scope)?;
            return filter(frame, right, env, scope);
        }
        let picked = match (
            frame.stored(env),
            scan::single_column(predicate, &frame.columns, scope),
        ) {
            (Some((t, cache)), Some(ix)) => Some(scan::filter_column(
                predicate,
                ix,
                &frame.columns[ix],
                t,
                cache,
                frame.indices(),
                env,
                scope,
            )?),
            _ => None,
        };
        if let Some(picked) = picked {
            frame.selection = Some(picked);
            return Ok(frame);
        }
    }
    let cx = Compiler::new(env, scope, &frame.columns);
    let c = cx.compile(predicate)?;
    if let Some(k) = &c.constant {
        return Ok(if values::to_bool(k) == Some(true) {
            frame
        } else {
            Frame {
                columns: frame.columns,
                rows: super::frame::Rows::Owned(vec![]),
                serialized: frame.serialized,
                selection: None,
            }
        });
    }
    let all = frame.all_rows();
    let keep = |i: &usize| matches!((c.eval)(&RowRef { rows: all, i: *i }), Value::Bool(true));
    let picked: Vec<usize> = frame.indices().filter(keep).collect();
    match frame.rows {
        super::frame::Rows::Shared(t) => Ok(Frame {
            columns: frame.columns,
            rows: super::frame::Rows::Shared(t),
            serialized: frame.serialized,
            selection: Some(picked),
        }),
        super::frame::Rows::Owned(rows) => {
            let mut mask = vec![false; rows.len()];
            for i in picked {
                mask[i] = true;
            }
            let kept: Vec<Row> = rows
                .into_iter()
                .zip(mask)
                .filter(|(_, m)| *m)
                .map(|(r, _)| r)
                .collect();
            Ok(Frame {
                columns: frame.columns,
                rows: super::frame::Rows::Owned(kept),
                serialized: frame.serialized,
                selection: None,
            })
        }
    }
}

/// `project`.
fn project(
    frame: Frame,
    items: &[NamedExpr],
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    let cx = Compiler::new(env, scope, &frame.columns);
    let mut cols: Vec<Column> = Vec::new();
    let mut compiled: Vec<Compiled> = Vec::new();
    let mut n = 1;
    for item in items {
        if let Expr::Wildcard(p) = &item.expr {
            for (ix, c) in frame.columns.iter().enumerate() {
                if names::wildcard_match(&p.pattern, &c.name)
                    && !cols.iter().any(|x| x.name == c.name)
                {
                    cols.push(c.clone());
                    compiled.push(cx.column(ix));
                }
            }
            continue;
        }
        let c = cx.compile(&item.expr)?;
        if item.names.len() > 1 {
            return Err(ExecError::at(
                "project takes one name per column",
                item.span,
            ));
        }
        let name = match item.name() {
            Some(i) => i.name.clone(),
            None => match names::default_name(&item.expr) {
                Some(n) => n,
                None => names::column_n(&cols, &mut n),
            },
        };
        if cols.iter().any(|x| x.name == name) {
            return Err(ExecError::at(
                format!("column `{name}` is projected twice"),
                item.span,
            ));
        }
        cols.push(Column::new(name, c.ty.unwrap_or(DataType::Dynamic)));
        compiled.push(c);
    }
    let rows = frame.rows();
    let mut out: Vec<Row> = (0..rows.len())
        .map(|i| {
            let r = RowRef { rows, i };
            compiled.iter().map(|c| (c.eval)(&r)).collect()
        })
        .collect();
    settle_types(&mut cols, &compiled, &mut out, 0);
    Ok(Frame {
        columns: cols,
        rows: super::frame::Rows::Owned(out),
        serialized: frame.serialized,
        selection: None,
    })
}

/// Sets the types of computed columns (from `first` on) whose type was not known before running,
/// and brings their values to those types.
fn settle_types(cols: &mut [Column], compiled: &[Compiled], rows: &mut [Row], first: usize) {
    for (j, c) in compiled.iter().enumerate() {
        let ix = first + j;
        if c.column.is_some() {
            continue;
        }
        let ty = infer_type(c.ty, rows.iter().map(|r| r[ix].clone()));
        cols[ix].data_type = ty;
        for r in rows.iter_mut() {
            let v = std::mem::replace(&mut r[ix], Value::Null);
            r[ix] = conform(v, ty);
        }
    }
}

/// `extend` of a function returning several columns: `(a, b) = f(x)` names the first outputs
/// (the rest are dropped), `a = f(x)` names the first `a` and the others `a_<output>`, and no
/// name gives `<f>_<column>_<output>`.
#[allow(clippy::too_many_arguments)]
fn extend_outputs(
    frame: Frame,
    item: &NamedExpr,
    function: &str,
    args: &[Expr],
    outputs: &[(&str, DataType)],
    env: &Env,
    scope: &Scope,
    span: crate::ast::Span,
) -> Result<Frame, ExecError> {
    let (min, max) = functions::series::arity(function);
    if args.len() < min || args.len() > max {
        return Err(ExecError::at(
            format!(
                "function `{function}` takes {min} to {max} argument(s), got {}",
                args.len()
            ),
            span,
        ));
    }
    if item.names.len() > outputs.len() {
        return Err(ExecError::at(
            format!(
                "`{function}` returns {} columns, {} names given",
                outputs.len(),
                item.names.len()
            ),
            item.span,
        ));
    }
    let names: Vec<String> = match item.names.as_slice() {
        [] => {
            let base = args
                .first()
                .and_then(names::default_name)
                .map_or(function.to_string(), |c| format!("{function}_{c}"));
            outputs.iter().map(|(o, _)| format!("{base}_{o}")).collect()
        }
        [one] => std::iter::once(one.name.clone())
            .chain(
                outputs[1..]
                    .iter()
                    .map(|(o, _)| format!("{}_{o}", one.name)),
            )
            .collect(),
        many => many.iter().map(|i| i.name.clone()).collect(),
    };
    let cx = Compiler::new(env, scope, &frame.columns);
    let compiled: Vec<Compiled> = args
        .iter()
        .map(|a| cx.compile(a))
        .collect::<Result<_, _>>()?;
    let mut results: Vec<Vec<Value>> = Vec::with_capacity(frame.len());
    {
        let rows = frame.rows();
        for i in 0..rows.len() {
            let r = RowRef { rows, i };
            let vals: Vec<Value> = compiled.iter().map(|c| (c.eval)(&r)).collect();
            results.push(
                functions::series::call(function, &vals).map_err(|m| ExecError::at(m, span))?,
            );
        }
    }
    let mut columns = frame.columns.clone();
    let mut positions = Vec::new();
    for (name, (_, ty)) in names.iter().zip(outputs) {
        match columns.iter().position(|c| c.name == *name) {
            Some(ix) => {
                columns[ix].data_type = *ty;
                positions.push(ix);
            }
            None => {
                columns.push(Column::new(name.clone(), *ty));
                positions.push(columns.len() - 1);
            }
        }
    }
    let width = columns.len();
    let mut frame = frame;
    let serialized = frame.serialized;
    let rows = frame.rows_mut();
    for (row, outs) in rows.iter_mut().zip(results) {
        row.resize(width, Value::Null);
        for (ix, v) in positions.iter().zip(outs) {
            row[*ix] = v;
        }
    }
    let rows = std::mem::take(rows);
    let mut out = Frame::owned(columns, rows);
    out.serialized = serialized;
    Ok(out)
}

/// `extend` (and `serialize` with columns).
pub fn extend(
    frame: Frame,
    items: &[NamedExpr],
    env: &Env,
    scope: &Scope,
) -> Result<Frame, ExecError> {
    let mut frame = frame;
    let mut n = 1;
    for item in items {
        if let Expr::Call {
            target: None,
            name,
            args,
            span,
        } = &item.expr
        {
            if let Some(outputs) = functions::series::outputs(&name.name) {
                frame = extend_outputs(frame, item, &name.name, args, outputs, env, scope, *span)?;
                continue;
            }
        }
        let cx = Compiler::new(env, scope, &frame.columns);
        let c = cx.compile(&item.expr)?;
        if item.names.len() > 1 {
            return Err(ExecError::at("extend takes one name per column", item.span));
        }
        let name = match item.name() {
            Some(i) => i.name.clone(),
            None => match names::default_name(&item.expr) {
                Some(nm) if frame.column_index(&nm).is_none() => nm,
                _ => names::column_n(&frame.columns, &mut n),
            },
        };
        let vals: Vec<Value> = {
            let rows = frame.rows();
            (0..rows.len())
                .map(|i| (c.eval)(&RowRef { rows, i }))
                .collect()
        };
        let ty = infer_type(c.ty, vals.iter().cloned());
        let existing = frame.column_index(&name);
        let rows = frame.rows_mut();
        match existing {
            Some(ix) => {
                for (r, v) in rows.iter_mut().zip(vals) {
                    r[ix] = conform(v, ty);
                }
            }
            None => {
                for (r, v) in rows.iter_mut().zip(vals) {
                    r.push(conform(v, ty));
                }
            }
        }
        match existing {
            Some(ix) => frame.columns[ix].data_type = ty,
            None => frame.columns.push(Column::new(name, ty)),
        }
    }
    Ok(frame)
}

/// `evaluate plugin(...)`: `bag_unpack` is implemented; other plugins are reported by name.
fn evaluate(
    frame: Frame,
    plugin: &Expr,
    env: &Env,
    scope: &Scope,
    span: crate::ast::Span,
) -> Result<Frame, ExecError> {
    let Expr::Call { name, args, .. } = plugin else {
        return Err(ExecError::at("evaluate needs a plugin call", span));
    };
    match name.name.as_str() {
        "bag_unpack" => {
            let Some(Expr::Name(col)) = args.first() else {
                return Err(ExecError::at(
                    "bag_unpack needs a dynamic column",
                    name.span,
                ));
            };
            let prefix = match args.get(1) {
                Some(p) => values::to_text(&Compiler::new(env, scope, &[]).constant(p)?),
                None => String::new(),
            };
            let ix = frame
                .column_index(&col.name)
                .ok_or_else(|| ExecError::at(format!("unknown column `{}`", col.name), col.span))?;
            let mut keys: Vec<String> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for r in frame.rows() {
                if let Value::Dynamic(j) = &r[ix] {
                    if let Some(o) = j.as_object() {
                        for k in o.keys() {
                            if seen.insert(k.clone()) {
                                keys.push(k.clone());
                            }
                        }
                    }
                }
            }
            let mut columns: Vec<Column> = frame
                .columns
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != ix)
                .map(|(_, c)| c.clone())
                .collect();
            let base = columns.len();
            let mut rows: Vec<Row> = frame
                .rows()
                .iter()
                .map(|r| {
                    let mut out: Row = r
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != ix)
                        .map(|(_, v)| v.clone())
                        .collect();
                    for k in &keys {
                        let v = match &r[ix] {
                            Value::Dynamic(j) => j.get(k).map_or(Value::Null, values::from_json),
                            _ => Value::Null,
                        };
                        out.push(v);
                    }
                    out
                })
                .collect();
            for (j, k) in keys.iter().enumerate() {
                let name = names::unique_name(&columns, &format!("{prefix}{k}"));
                let ty = infer_type(None, rows.iter().map(|r| r[base + j].clone()));
                columns.push(Column::new(name, ty));
                for r in rows.iter_mut() {
                    let v = std::mem::replace(&mut r[base + j], Value::Null);
                    r[base + j] = conform(v, ty);
                }
            }
            Ok(Frame::owned(columns, rows))
        }
        "pivot" => pivot::pivot(frame, args, env, scope, span),
        other => Err(ExecError::unsupported("plugin", other, name.span)),
    }
}
