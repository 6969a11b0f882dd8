//! Tabular operators: everything that can follow `|`, and the operators that start a pipe.

use super::{Abandon, PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

/// Parameters (`name=value`) each operator accepts besides `hint.*`.
fn known_params(op: &str) -> &'static [&'static str] {
    match op {
        "join" | "lookup" => &["kind"],
        "union" => &["kind", "withsource", "isfuzzy"],
        "mv-expand" | "mv-apply" => &["bagexpansion", "with_itemindex", "kind"],
        "parse" | "parse-where" => &["kind", "flags"],
        "make-series" => &["kind"],
        "search" => &["kind"],
        "find" => &["kind", "withsource", "datascope", "databases"],
        "evaluate" => &[],
        "summarize" | "distinct" | "sort" | "order" | "as" | "partition" => &[],
        _ => &[],
    }
}

impl<'a> Parser<'a> {
    /// One operator after `|`.
    pub(crate) fn parse_operator(&mut self) -> PResult<Operator> {
        if self.peek().tok != Tok::Ident {
            return self.expected(
                "a tabular operator such as `where`, `project` or `summarize` after `|`",
            );
        }
        self.parse_operator_word(false)
    }

    /// An operator starting at its keyword; `source` when it begins a pipe.
    pub(crate) fn parse_operator_word(&mut self, source: bool) -> PResult<Operator> {
        // Operators have large stack frames: they count as two nesting levels.
        self.enter()?;
        if let Err(e) = self.enter() {
            self.leave();
            return Err(e);
        }
        let r = self.parse_operator_word_inner(source);
        self.leave();
        self.leave();
        r
    }

    fn parse_operator_word_inner(&mut self, source: bool) -> PResult<Operator> {
        let kw = self.peek().clone();
        let word = self.text(&kw);
        let start = kw.span.start;
        let in_pipe_only = |p: &mut Self| -> PResult<()> {
            if source {
                p.error_at(format!("`{word}` must follow `|`"), kw.span);
                return Err(Abandon);
            }
            Ok(())
        };
        let op = match word {
            "where" | "filter" => {
                in_pipe_only(self)?;
                self.bump();
                if self.at_expression_end() {
                    return self.expected(&format!("a condition after `{word}`"));
                }
                // `where A = 1` is accepted as `where A == 1`.
                let saved = std::mem::replace(&mut self.single_eq, true);
                let predicate = self.parse_expr();
                self.single_eq = saved;
                let predicate = predicate?;
                Operator::Where {
                    predicate,
                    span: self.span_from(start),
                }
            }
            "project" => {
                in_pipe_only(self)?;
                self.bump();
                // Kusto accepts an empty `project` syntactically.
                let columns = if self.at_operator_end() {
                    Vec::new()
                } else {
                    self.parse_named_list("a column after `project`")?
                };
                Operator::Project {
                    columns,
                    span: self.span_from(start),
                }
            }
            "project-away" | "project-keep" => {
                in_pipe_only(self)?;
                self.bump();
                let columns = if self.at_operator_end() {
                    Vec::new()
                } else {
                    self.parse_pattern_list(word)?
                };
                let span = self.span_from(start);
                if word == "project-away" {
                    Operator::ProjectAway { columns, span }
                } else {
                    Operator::ProjectKeep { columns, span }
                }
            }
            "project-rename" => {
                in_pipe_only(self)?;
                self.bump();
                let mut renames = Vec::new();
                while !self.at_operator_end() {
                    let s = self.peek().span.start;
                    let new = self.parse_ident("a new column name after `project-rename`")?;
                    self.expect_punct("=", || format!("after `{}` in project-rename", new.name))?;
                    let old = self.parse_ident("the existing column name")?;
                    renames.push(Rename {
                        new,
                        old,
                        span: self.span_from(s),
                    });
                    if !self.eat_punct(",") {
                        break;
                    }
                    if self.at_operator_end() {
                        return self.expected("a column after `,`");
                    }
                }
                Operator::ProjectRename {
                    renames,
                    span: self.span_from(start),
                }
            }
            "project-reorder" => {
                in_pipe_only(self)?;
                self.bump();
                let mut columns = Vec::new();
                loop {
                    let s = self.peek().span.start;
                    let column = self.parse_name_pattern("a column after `project-reorder`")?;
                    let order = if self.eat_word("asc") {
                        Some(ReorderOrder::Asc)
                    } else if self.eat_word("desc") {
                        Some(ReorderOrder::Desc)
                    } else if self.eat_word("granny-asc") {
                        Some(ReorderOrder::GrannyAsc)
                    } else if self.eat_word("granny-desc") {
                        Some(ReorderOrder::GrannyDesc)
                    } else {
                        None
                    };
                    columns.push(ReorderColumn {
                        column,
                        order,
                        span: self.span_from(s),
                    });
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                Operator::ProjectReorder {
                    columns,
                    span: self.span_from(start),
                }
            }
            "extend" => {
                in_pipe_only(self)?;
                self.bump();
                let columns = self.parse_assignments("a column after `extend`")?;
                Operator::Extend {
                    columns,
                    span: self.span_from(start),
                }
            }
            "summarize" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                let aggregates = if self.is_word("by") || self.at_operator_end() {
                    Vec::new()
                } else {
                    self.parse_named_list("an aggregation or `by` after `summarize`")?
                };
                let by = if self.eat_word("by") {
                    self.parse_named_list("a grouping column after `by`")?
                } else {
                    Vec::new()
                };
                Operator::Summarize {
                    params,
                    aggregates,
                    by,
                    span: self.span_from(start),
                }
            }
            "count" => {
                in_pipe_only(self)?;
                self.bump();
                let name = if self.eat_word("as") {
                    Some(self.parse_ident("a column name after `count as`")?)
                } else {
                    None
                };
                Operator::Count {
                    name,
                    span: self.span_from(start),
                }
            }
            "distinct" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                let columns = self.parse_named_list("a column or `*` after `distinct`")?;
                Operator::Distinct {
                    params,
                    columns,
                    span: self.span_from(start),
                }
            }
            "take" | "limit" => {
                in_pipe_only(self)?;
                self.bump();
                if self.at_expression_end() {
                    return self.expected(&format!("a row count after `{word}`"));
                }
                let count = self.parse_expr()?;
                Operator::Take {
                    count,
                    span: self.span_from(start),
                }
            }
            "top" => {
                in_pipe_only(self)?;
                self.bump();
                if self.at_expression_end() {
                    return self.expected("a row count after `top`");
                }
                let count = self.parse_expr()?;
                self.expect_word("by", "after the row count of `top`")?;
                let by = self.parse_sort_key()?;
                Operator::Top {
                    count,
                    by,
                    span: self.span_from(start),
                }
            }
            "top-nested" => {
                in_pipe_only(self)?;
                self.bump();
                let mut levels = Vec::new();
                loop {
                    levels.push(self.parse_top_nested_level()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                    self.expect_word("top-nested", "after `,` in top-nested")?;
                }
                Operator::TopNested {
                    levels,
                    span: self.span_from(start),
                }
            }
            "sort" | "order" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                self.expect_word("by", || format!("after `{word}`"))?;
                let mut keys = Vec::new();
                loop {
                    keys.push(self.parse_sort_key()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                Operator::Sort {
                    params,
                    keys,
                    span: self.span_from(start),
                }
            }
            "join" | "lookup" => {
                in_pipe_only(self)?;
                self.bump();
                let mut params = self.parse_op_params(word)?;
                let kind = self.take_join_kind(&mut params)?;
                if self.at_expression_end() {
                    return self.expected(&format!("the right-hand table after `{word}`"));
                }
                let right = self.parse_join_right()?;
                let on = if self.eat_word("on") {
                    let mut on = Vec::new();
                    loop {
                        if self.at_expression_end() {
                            return self.expected("a join condition after `on`");
                        }
                        on.push(self.parse_expr()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    on
                } else if word == "join" {
                    // Kusto accepts a join without `on` syntactically.
                    Vec::new()
                } else {
                    return self
                        .expected("`on` and the lookup columns after the right side of `lookup`");
                };
                let span = self.span_from(start);
                if word == "join" {
                    Operator::Join {
                        kind,
                        params,
                        right,
                        on,
                        span,
                    }
                } else {
                    Operator::Lookup {
                        kind,
                        params,
                        right,
                        on,
                        span,
                    }
                }
            }
            "union" => {
                self.bump();
                let params = self.parse_op_params(word)?;
                let mut tables = Vec::new();
                loop {
                    tables.push(self.parse_union_table()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                Operator::Union {
                    params,
                    tables,
                    span: self.span_from(start),
                }
            }
            "mv-expand" | "mv-apply" | "mvexpand" | "mvapply" => {
                in_pipe_only(self)?;
                self.bump();
                let word = if word.starts_with("mv-") {
                    word
                } else if word == "mvexpand" {
                    "mv-expand"
                } else {
                    "mv-apply"
                };
                let params = self.parse_op_params(word)?;
                let mut columns = Vec::new();
                loop {
                    let s = self.peek().span.start;
                    let column = self.parse_named_expr()?;
                    let to_type = if self.eat_word("to") {
                        self.expect_word("typeof", "after `to`")?;
                        self.expect_punct("(", "after `typeof`")?;
                        let ty = self.parse_type()?;
                        self.expect_punct(")", "to close `typeof(...)`")?;
                        Some(ty)
                    } else {
                        None
                    };
                    columns.push(MvExpandColumn {
                        column,
                        to_type,
                        span: self.span_from(s),
                    });
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                let limit = if self.eat_word("limit") {
                    Some(self.parse_expr()?)
                } else {
                    None
                };
                if word == "mv-expand" {
                    Operator::MvExpand {
                        params,
                        columns,
                        limit,
                        span: self.span_from(start),
                    }
                } else {
                    self.expect_word("on", "before the mv-apply subquery")?;
                    let open = self.expect_punct("(", "to start the mv-apply subquery")?;
                    let on = self.parse_sub_pipe()?;
                    self.close_paren(open, "the mv-apply subquery")?;
                    Operator::MvApply {
                        params,
                        columns,
                        limit,
                        on,
                        span: self.span_from(start),
                    }
                }
            }
            "parse" | "parse-where" => {
                in_pipe_only(self)?;
                self.bump();
                let mut params = self.parse_op_params(word)?;
                let kind = match params.iter().position(|p| p.name.name == "kind") {
                    Some(i) => {
                        let p = params.remove(i);
                        match &p.value {
                            Expr::Name(n) if n.name == "simple" => ParseKind::Simple,
                            Expr::Name(n) if n.name == "regex" => ParseKind::Regex,
                            Expr::Name(n) if n.name == "relaxed" => ParseKind::Relaxed,
                            _ => {
                                self.error_at(
                                    "parse kind must be `simple`, `regex` or `relaxed`",
                                    p.value.span(),
                                );
                                return Err(Abandon);
                            }
                        }
                    }
                    None => ParseKind::Simple,
                };
                let source = self.parse_expr()?;
                self.expect_word("with", || format!("after the `{word}` source expression"))?;
                let pattern = self.parse_parse_pattern()?;
                let span = self.span_from(start);
                if word == "parse" {
                    Operator::Parse {
                        kind,
                        params,
                        source,
                        pattern,
                        span,
                    }
                } else {
                    Operator::ParseWhere {
                        kind,
                        params,
                        source,
                        pattern,
                        span,
                    }
                }
            }
            "make-series" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                let mut aggregates = Vec::new();
                loop {
                    let s = self.peek().span.start;
                    let aggregate = self.parse_named_expr()?;
                    let default = if self.eat_word("default") {
                        self.expect_punct("=", "after `default`")?;
                        Some(self.parse_expr()?)
                    } else {
                        None
                    };
                    aggregates.push(MakeSeriesAggregate {
                        aggregate,
                        default,
                        span: self.span_from(s),
                    });
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                self.expect_word("on", "before the make-series axis column")?;
                let on = self.parse_expr()?;
                let (from, to, step) = if self.eat_word("in") {
                    self.expect_word("range", "after `in`")?;
                    let open = self.expect_punct("(", "after `range`")?;
                    let a = self.parse_expr()?;
                    self.expect_punct(",", "in `range(start, stop, step)`")?;
                    let b = self.parse_expr()?;
                    self.expect_punct(",", "in `range(start, stop, step)`")?;
                    let c = self.parse_expr()?;
                    self.close_paren(open, "`range(...)`")?;
                    (Some(a), Some(b), c)
                } else {
                    let from = if self.eat_word("from") {
                        Some(self.parse_expr()?)
                    } else {
                        None
                    };
                    let to = if self.eat_word("to") {
                        Some(self.parse_expr()?)
                    } else {
                        None
                    };
                    self.expect_word("step", "in make-series (`step` and the bin size)")?;
                    (from, to, self.parse_expr()?)
                };
                let by = if self.eat_word("by") {
                    self.parse_named_list("a grouping column after `by`")?
                } else {
                    Vec::new()
                };
                Operator::MakeSeries {
                    params,
                    aggregates,
                    on,
                    from,
                    to,
                    step,
                    by,
                    span: self.span_from(start),
                }
            }
            "render" => {
                in_pipe_only(self)?;
                self.bump();
                let chart = self.parse_ident("a chart type after `render`, such as `timechart`")?;
                let mut properties = Vec::new();
                if self.eat_word("with") {
                    let open = self.expect_punct("(", "after `with`")?;
                    loop {
                        if self.is_punct(")") {
                            break;
                        }
                        properties.push(self.parse_property()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    self.close_paren(open, "the render properties")?;
                } else {
                    // Older form: `render timechart title="x" ytitle="y"`.
                    while self.peek().tok == Tok::Ident && self.is_punct_at(1, "=") {
                        properties.push(self.parse_property()?);
                    }
                }
                Operator::Render {
                    chart,
                    properties,
                    span: self.span_from(start),
                }
            }
            "evaluate" => {
                self.bump();
                let params = self.parse_op_params(word)?;
                let t = self.peek().clone();
                if t.tok != Tok::Ident || !self.is_punct_at(1, "(") {
                    return self
                        .expected("a plugin call after `evaluate`, such as `bag_unpack(Column)`");
                }
                let plugin = self.parse_expr()?;
                Operator::Evaluate {
                    params,
                    plugin,
                    span: self.span_from(start),
                }
            }
            "as" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                let name = self.parse_ident("a name after `as`")?;
                Operator::As {
                    params,
                    name,
                    span: self.span_from(start),
                }
            }
            "invoke" => {
                in_pipe_only(self)?;
                self.bump();
                let function = self.parse_expr()?;
                if !matches!(function, Expr::Call { .. }) {
                    self.error_at("expected a function call after `invoke`", function.span());
                    return Err(Abandon);
                }
                Operator::Invoke {
                    function,
                    span: self.span_from(start),
                }
            }
            "serialize" => {
                in_pipe_only(self)?;
                self.bump();
                let columns = if self.at_expression_end() {
                    Vec::new()
                } else {
                    self.parse_named_list("a column after `serialize`")?
                };
                Operator::Serialize {
                    columns,
                    span: self.span_from(start),
                }
            }
            "range" => {
                self.bump();
                let column = self.parse_ident("a column name after `range`")?;
                self.expect_word("from", "after the range column")?;
                let from = self.parse_expr()?;
                self.expect_word("to", "after the range start")?;
                let to = self.parse_expr()?;
                self.expect_word("step", "after the range end")?;
                let step = self.parse_expr()?;
                Operator::Range {
                    column,
                    from,
                    to,
                    step,
                    span: self.span_from(start),
                }
            }
            "datatable" => {
                self.bump();
                let (columns, values) = self.parse_table_literal("datatable")?;
                Operator::Datatable {
                    columns,
                    values,
                    span: self.span_from(start),
                }
            }
            "externaldata" | "external_data" => {
                self.bump();
                let open = self.expect_punct("(", || format!("after `{word}`"))?;
                let mut columns = Vec::new();
                loop {
                    columns.push(self.parse_column_decl()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                self.close_paren(open, "the column list")?;
                let open = self.expect_punct("[", "before the data URIs")?;
                let uris = self.parse_expr_list("]")?;
                if !self.eat_punct("]") {
                    self.error_at("unbalanced `[`: no matching `]`", open);
                    return Err(Abandon);
                }
                let mut properties = Vec::new();
                if self.eat_word("with") {
                    let open = self.expect_punct("(", "after `with`")?;
                    loop {
                        if self.is_punct(")") {
                            break;
                        }
                        properties.push(self.parse_property()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    self.close_paren(open, "the externaldata properties")?;
                }
                Operator::ExternalData {
                    columns,
                    uris,
                    properties,
                    span: self.span_from(start),
                }
            }
            "print" => {
                self.bump();
                let columns = self.parse_named_list("an expression after `print`")?;
                Operator::Print {
                    columns,
                    span: self.span_from(start),
                }
            }
            "search" => {
                self.bump();
                let params = self.parse_op_params(word)?;
                let tables = self.parse_in_tables()?;
                if self.at_expression_end() {
                    return self.expected("a search predicate after `search`");
                }
                let predicate = self.parse_expr()?;
                Operator::Search {
                    params,
                    tables,
                    predicate,
                    span: self.span_from(start),
                }
            }
            "find" => {
                self.bump();
                let params = self.parse_op_params(word)?;
                let tables = self.parse_in_tables()?;
                self.expect_word("where", "in `find` (before the predicate)")?;
                let predicate = self.parse_expr()?;
                let project = if self.eat_word("project-smart") {
                    Some(FindProject::Smart)
                } else if self.eat_word("project") {
                    let mut cols = Vec::new();
                    loop {
                        cols.push(self.parse_ident("a column name after `project`")?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    Some(FindProject::Columns(cols))
                } else {
                    None
                };
                Operator::Find {
                    params,
                    tables,
                    predicate,
                    project,
                    span: self.span_from(start),
                }
            }
            "getschema" => {
                in_pipe_only(self)?;
                self.bump();
                Operator::GetSchema {
                    span: self.span_from(start),
                }
            }
            "sample" => {
                in_pipe_only(self)?;
                self.bump();
                let count = self.parse_expr()?;
                Operator::Sample {
                    count,
                    span: self.span_from(start),
                }
            }
            "sample-distinct" => {
                in_pipe_only(self)?;
                self.bump();
                let count = self.parse_expr()?;
                self.expect_word("of", "after the count of `sample-distinct`")?;
                let of = self.parse_expr()?;
                Operator::SampleDistinct {
                    count,
                    of,
                    span: self.span_from(start),
                }
            }
            "facet" => {
                in_pipe_only(self)?;
                self.bump();
                self.expect_word("by", "after `facet`")?;
                let mut columns = Vec::new();
                loop {
                    columns.push(self.parse_ident("a column after `facet by`")?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                let mut with = Vec::new();
                if self.eat_word("with") {
                    let open = self.expect_punct("(", "after `with`")?;
                    with = self.parse_sub_pipe()?;
                    self.close_paren(open, "the facet subquery")?;
                }
                Operator::Facet {
                    columns,
                    with,
                    span: self.span_from(start),
                }
            }
            "reduce" => {
                in_pipe_only(self)?;
                self.bump();
                self.expect_word("by", "after `reduce`")?;
                let by = self.parse_expr()?;
                let mut properties = Vec::new();
                if self.eat_word("with") {
                    loop {
                        properties.push(self.parse_property()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                }
                Operator::Reduce {
                    by,
                    properties,
                    span: self.span_from(start),
                }
            }
            "consume" => {
                in_pipe_only(self)?;
                self.bump();
                Operator::Consume {
                    span: self.span_from(start),
                }
            }
            "fork" => {
                in_pipe_only(self)?;
                self.bump();
                let mut branches = Vec::new();
                loop {
                    let s = self.peek().span.start;
                    let name = if self.at_name() && self.is_punct_at(self.name_len_at(0), "=") {
                        let n = self.parse_ident("a branch name")?;
                        self.bump();
                        Some(n)
                    } else {
                        None
                    };
                    if !self.is_punct("(") {
                        if branches.is_empty() {
                            return self.expected("`(` and a subquery after `fork`");
                        }
                        break;
                    }
                    let open = self.bump().span;
                    let operators = self.parse_sub_pipe()?;
                    self.close_paren(open, "the fork branch")?;
                    branches.push(ForkBranch {
                        name,
                        operators,
                        span: self.span_from(s),
                    });
                }
                Operator::Fork {
                    branches,
                    span: self.span_from(start),
                }
            }
            "partition" => {
                in_pipe_only(self)?;
                self.bump();
                let params = self.parse_op_params(word)?;
                self.expect_word("by", "after `partition`")?;
                let by = self.parse_ident("a column after `partition by`")?;
                let subquery = if self.is_punct("(") {
                    let open = self.bump().span;
                    let ops = self.parse_sub_pipe()?;
                    let close = self.close_paren(open, "the partition subquery")?;
                    Expr::Tabular(Box::new(TabularExpr {
                        source: Source::Expr(Expr::Name(Ident::new("", open))),
                        operators: ops,
                        span: open.to(close),
                    }))
                } else if self.is_punct("{") {
                    let open = self.bump().span;
                    let e = self.parse_pipe_expr()?;
                    self.expect_punct("}", "to close the partition subquery")?;
                    let _ = open;
                    e
                } else {
                    return self.expected("`(` or `{` and a subquery after `partition by`");
                };
                Operator::Partition {
                    params,
                    by,
                    subquery: Box::new(subquery),
                    span: self.span_from(start),
                }
            }
            _ => {
                return self.unknown_operator(kw.span, word);
            }
        };
        Ok(op)
    }

    fn unknown_operator<T>(&mut self, span: Span, word: &str) -> PResult<T> {
        let hint = match word {
            "select" => " (KQL uses `project`)",
            "group" | "groupby" => " (KQL uses `summarize ... by ...`)",
            "orderby" => " (KQL uses `order by` or `sort by`)",
            "mvexpand" => " (the operator is `mv-expand`)",
            "projectaway" => " (the operator is `project-away`)",
            _ => "",
        };
        self.error_at(format!("unknown tabular operator `{word}`{hint}"), span);
        Err(Abandon)
    }

    /// Whether the cursor is at the end of an operator: `|`, `;`, `)` or the end of the query.
    pub(crate) fn at_operator_end(&self) -> bool {
        matches!(
            self.peek().tok,
            Tok::Eof | Tok::Punct("|" | ";" | ")" | "}")
        )
    }

    pub(crate) fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    /// `name=value` parameters of operator `op` (`kind=inner`, `hint.strategy=shuffle`...).
    fn parse_op_params(&mut self, op: &str) -> PResult<Vec<OperatorParam>> {
        let known = known_params(op);
        let mut params = Vec::new();
        loop {
            let t = self.peek().clone();
            if t.tok != Tok::Ident {
                break;
            }
            let w = self.text(&t);
            let is_hint = w == "hint"
                && self.is_punct_at(1, ".")
                && self.peek_at(2).tok == Tok::Ident
                && self.is_punct_at(3, "=");
            let is_known = known.contains(&w) && self.is_punct_at(1, "=");
            if !is_hint && !is_known {
                break;
            }
            let name = self.parse_dotted_name("a parameter name")?;
            self.bump(); // `=`
            let value = self.parse_param_value(&name.name)?;
            params.push(OperatorParam {
                span: name.span.to(value.span()),
                name,
                value,
            });
        }
        Ok(params)
    }

    /// A parameter value: a word (`inner`, `shuffle`), a literal, or a name.
    fn parse_param_value(&mut self, name: &str) -> PResult<Expr> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Ident => {
                let w = self.text(&t);
                // Typed literals such as `timespan(null)` are values, not names.
                if self.is_punct_at(1, "(") && crate::parser::statement::type_from_name(w).is_some()
                {
                    return self.parse_unary_expr();
                }
                if matches!(w, "true" | "false") {
                    self.bump();
                    return Ok(Expr::Literal {
                        value: Literal::Bool(w == "true"),
                        span: t.span,
                    });
                }
                self.bump();
                Ok(Expr::Name(Ident::new(w, t.span)))
            }
            Tok::Punct("[") => Ok(Expr::Name(self.parse_bracketed_name()?)),
            Tok::String(_) | Tok::Number => self.parse_unary_expr(),
            // Only a negative number; `-name (` would read as a call.
            Tok::Punct("-") if self.peek_at(1).tok == Tok::Number => self.parse_unary_expr(),
            _ => self.expected(&format!("a value after `{name}=`")),
        }
    }

    /// A single operand (no binary operators), for parameter values.
    fn parse_unary_expr(&mut self) -> PResult<Expr> {
        // A full expression would swallow what follows; parameters hold single values.
        let start = self.pos;
        let e = self.parse_expr_single()?;
        debug_assert!(self.pos > start);
        Ok(e)
    }

    /// `name = expr` in `with (...)` property lists.
    fn parse_property(&mut self) -> PResult<OperatorParam> {
        let name = self.parse_dotted_name("a property name")?;
        self.expect_punct("=", || format!("after property `{}`", name.name))?;
        let value = self.parse_expr()?;
        Ok(OperatorParam {
            span: name.span.to(value.span()),
            name,
            value,
        })
    }

    /// Removes `kind=` from `params` as a join kind.
    fn take_join_kind(&mut self, params: &mut Vec<OperatorParam>) -> PResult<Option<JoinKind>> {
        let Some(i) = params.iter().position(|p| p.name.name == "kind") else {
            return Ok(None);
        };
        let p = params.remove(i);
        match &p.value {
            Expr::Name(n) => match JoinKind::from_keyword(&n.name) {
                Some(k) if k.keyword() == n.name => Ok(Some(k)),
                _ => {
                    self.diags.push(crate::Diagnostic::warning(
                        format!("unknown join kind `{}`; expected inner, innerunique, leftouter, rightouter, fullouter, leftanti, rightanti, leftsemi or rightsemi", n.name),
                        n.span,
                    ));
                    // Keep it where it was, so formatting stays stable.
                    params.insert(i, p);
                    Ok(None)
                }
            },
            other => {
                self.error_at(
                    "expected a join kind such as `inner` after `kind=`",
                    other.span(),
                );
                Err(Abandon)
            }
        }
    }

    /// The right side of `join`/`lookup`: `(subquery)` or a table expression.
    fn parse_join_right(&mut self) -> PResult<Expr> {
        self.parse_expr()
    }

    /// One table of `union`: a name, a wildcard pattern, a call, or `(subquery)`.
    fn parse_union_table(&mut self) -> PResult<Expr> {
        if self.is_punct("*") {
            let t = self.bump();
            return Ok(Expr::Wildcard(NamePattern {
                pattern: "*".into(),
                span: t.span,
            }));
        }
        if self.peek().tok == Tok::Ident
            && self.is_punct_at(1, "*")
            && self.peek_at(1).span.start == self.peek().span.end
        {
            let p = self.parse_name_pattern("a table name")?;
            return Ok(Expr::Wildcard(p));
        }
        if self.at_expression_end() {
            return self.expected("a table after `union`");
        }
        self.parse_expr()
    }

    /// `in (T1, T2)` of `search`/`find`, if present.
    fn parse_in_tables(&mut self) -> PResult<Vec<Expr>> {
        if !self.is_word("in") {
            return Ok(Vec::new());
        }
        self.bump();
        let open = self.expect_punct("(", "after `in`")?;
        let mut tables = Vec::new();
        loop {
            tables.push(self.parse_union_table()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        self.close_paren(open, "the table list")?;
        Ok(tables)
    }

    /// A name that may contain `*`: `Col`, `Prefix*`, `*Suffix`, `['quoted']`.
    fn parse_name_pattern(&mut self, what: impl super::Context) -> PResult<NamePattern> {
        let t = self.peek().clone();
        if self.is_punct("[") {
            let id = self.parse_bracketed_name()?;
            return Ok(NamePattern {
                pattern: id.name,
                span: id.span,
            });
        }
        if t.tok != Tok::Ident && !self.is_punct("*") {
            return self.expected(&what.text());
        }
        let start = t.span.start;
        let mut end = start;
        let mut pattern = String::new();
        loop {
            let n = self.peek().clone();
            let adjacent = pattern.is_empty() || n.span.start == end;
            if !adjacent {
                break;
            }
            match &n.tok {
                Tok::Ident => pattern.push_str(self.text(&n)),
                Tok::Punct("*") => pattern.push('*'),
                _ => break,
            }
            // A number directly after letters (e.g. `Col*1`) is part of the name.
            end = n.span.end;
            self.bump();
            if !matches!(self.peek().tok, Tok::Ident | Tok::Punct("*") | Tok::Number) {
                break;
            }
            if self.peek().tok == Tok::Number && self.peek().span.start == end {
                let num = self.bump();
                pattern.push_str(self.text(&num));
                end = num.span.end;
            }
        }
        Ok(NamePattern {
            pattern,
            span: Span::new(start, end),
        })
    }

    fn parse_pattern_list(&mut self, op: &str) -> PResult<Vec<NamePattern>> {
        let mut columns = Vec::new();
        loop {
            columns.push(self.parse_name_pattern(|| format!("a column after `{op}`"))?);
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(columns)
    }

    /// `expr [asc|desc] [nulls first|last]`
    fn parse_sort_key(&mut self) -> PResult<SortKey> {
        let start = self.peek().span.start;
        if self.at_expression_end() {
            return self.expected("a column to sort by");
        }
        let expr = self.parse_expr()?;
        let direction = if self.eat_word("asc") {
            Some(SortDirection::Asc)
        } else if self.eat_word("desc") {
            Some(SortDirection::Desc)
        } else {
            None
        };
        let nulls = if self.eat_word("nulls") {
            if self.eat_word("first") {
                Some(NullsOrder::First)
            } else if self.eat_word("last") {
                Some(NullsOrder::Last)
            } else {
                return self.expected("`first` or `last` after `nulls`");
            }
        } else {
            None
        };
        Ok(SortKey {
            expr,
            direction,
            nulls,
            span: self.span_from(start),
        })
    }

    /// `[n] of Col [with others = v] by Agg [asc|desc]`
    fn parse_top_nested_level(&mut self) -> PResult<TopNestedLevel> {
        let start = self.peek().span.start;
        let count = if self.is_word("of") {
            None
        } else {
            Some(self.parse_expr()?)
        };
        self.expect_word("of", "in top-nested")?;
        let of = self.parse_named_expr()?;
        let with_others = if self.eat_word("with") {
            self.expect_word("others", "after `with`")?;
            self.expect_punct("=", "after `with others`")?;
            Some(self.parse_expr()?)
        } else {
            None
        };
        self.expect_word("by", "in top-nested")?;
        let by = self.parse_named_expr()?;
        let direction = if self.eat_word("asc") {
            Some(SortDirection::Asc)
        } else if self.eat_word("desc") {
            Some(SortDirection::Desc)
        } else {
            None
        };
        Ok(TopNestedLevel {
            count,
            of,
            with_others,
            by,
            direction,
            span: self.span_from(start),
        })
    }

    /// Operators of a sourceless subquery: `op | op | ...` (mv-apply, facet, fork).
    fn parse_sub_pipe(&mut self) -> PResult<Vec<Operator>> {
        self.enter()?;
        let r = (|| {
            let mut ops = vec![self.parse_operator()?];
            ops.extend(self.parse_pipe_tail()?);
            Ok(ops)
        })();
        self.leave();
        r
    }

    /// `(col:type, ...) [values]` of datatable.
    fn parse_table_literal(&mut self, word: &str) -> PResult<(Vec<ColumnDecl>, Vec<Expr>)> {
        let open = self.expect_punct("(", || format!("after `{word}`"))?;
        let mut columns = Vec::new();
        loop {
            columns.push(self.parse_column_decl()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        self.close_paren(open, "the column list")?;
        let open = self.expect_punct("[", "before the datatable values")?;
        let mut values = Vec::new();
        if !self.is_punct("]") {
            loop {
                if self.is_punct("]") {
                    break;
                }
                values.push(self.parse_expr()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        if !self.eat_punct("]") {
            let t = self.peek().clone();
            if t.tok == Tok::Eof {
                self.error_at(
                    "unbalanced `[`: no matching `]` for the datatable values",
                    open,
                );
            } else {
                self.error_at(
                    format!(
                        "expected `,` or `]` in the datatable values, found {}",
                        self.describe(&t)
                    ),
                    t.span,
                );
            }
            return Err(Abandon);
        }
        Ok((columns, values))
    }

    /// The parse pattern: string literals, `*`, and `Column[:type]`.
    fn parse_parse_pattern(&mut self) -> PResult<Vec<ParsePart>> {
        let mut parts = Vec::new();
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::String(s) => {
                    self.bump();
                    parts.push(ParsePart::Literal {
                        text: s.clone(),
                        span: t.span,
                    });
                }
                Tok::Punct("*") => {
                    self.bump();
                    parts.push(ParsePart::Wildcard { span: t.span });
                }
                Tok::Ident | Tok::Punct("[") if self.at_name() => {
                    let name = self.parse_ident("a column name")?;
                    let ty = if self.eat_punct(":") {
                        Some(self.parse_type()?)
                    } else {
                        None
                    };
                    parts.push(ParsePart::Column {
                        span: self.span_from(name.span.start),
                        name,
                        ty,
                    });
                }
                _ => break,
            }
        }
        Ok(parts)
    }
}
