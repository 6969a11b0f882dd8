//! Expressions: pipes, binary operators by precedence, calls, names.

use super::{Abandon, PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

/// Words that cannot stand alone as a name in an expression.
const RESERVED: &[&str] = &[
    "and",
    "or",
    "by",
    "on",
    "with",
    "of",
    "let",
    "in",
    "in~",
    "!in",
    "!in~",
    "has",
    "!has",
    "has_cs",
    "!has_cs",
    "hasprefix",
    "!hasprefix",
    "hasprefix_cs",
    "!hasprefix_cs",
    "hassuffix",
    "!hassuffix",
    "hassuffix_cs",
    "!hassuffix_cs",
    "contains",
    "!contains",
    "contains_cs",
    "!contains_cs",
    "startswith",
    "!startswith",
    "startswith_cs",
    "!startswith_cs",
    "endswith",
    "!endswith",
    "endswith_cs",
    "!endswith_cs",
    "matches",
    "between",
    "!between",
    "has_any",
    "has_all",
    "where",
    "project",
    "extend",
    "summarize",
    "take",
    "limit",
    "sort",
    "order",
    "top",
    "join",
    "union",
    "print",
    "render",
    "evaluate",
    "mv-expand",
    "mv-apply",
    "project-away",
    "project-rename",
    "project-keep",
    "project-reorder",
    "make-series",
    "top-nested",
    "parse-where",
    "sample-distinct",
    "datatable",
    "externaldata",
    "distinct",
    "getschema",
    "serialize",
    "invoke",
    "lookup",
    "asc",
    "desc",
    "set",
    "declare",
    "to",
    "step",
    "from",
    "filter",
    "search",
    "find",
    "facet",
    "fork",
    "partition",
    "range",
];

/// Binding strength of binary operators (higher binds tighter).
fn precedence(op: &BinOpToken) -> u8 {
    match op {
        BinOpToken::Bin(BinaryOp::Or) => 1,
        BinOpToken::Bin(BinaryOp::And) => 2,
        BinOpToken::Bin(BinaryOp::Add | BinaryOp::Sub) => 4,
        BinOpToken::Bin(BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod) => 5,
        _ => COMPARISON,
    }
}

/// Precedence of comparisons, string predicates, `in` and `between` (not chainable).
const COMPARISON: u8 = 3;

/// A binary-position operator recognised at the cursor.
enum BinOpToken {
    Bin(BinaryOp),
    In(InOp),
    Between(bool),
}

impl<'a> Parser<'a> {
    /// A full expression that may be a pipe: `source | op | op`, or a plain scalar expression.
    pub(crate) fn parse_pipe_expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_pipe_expr_inner();
        self.leave();
        r
    }

    fn parse_pipe_expr_inner(&mut self) -> PResult<Expr> {
        let start = self.peek().span.start;
        let source = if self.at_source_operator() {
            match self.parse_operator_word(true) {
                Ok(op) => Source::Operator(Box::new(op)),
                Err(Abandon) => {
                    self.recover_to_pipe();
                    if !self.is_punct("|") {
                        return Err(Abandon);
                    }
                    Source::Expr(Expr::Name(Ident::new("", Span::new(start, start))))
                }
            }
        } else {
            if self.is_punct("|") {
                return self.expected("a table or expression before `|`");
            }
            match self.parse_expr() {
                Ok(e) => Source::Expr(e),
                Err(Abandon) => {
                    self.recover_to_pipe();
                    if !self.is_punct("|") {
                        return Err(Abandon);
                    }
                    Source::Expr(Expr::Name(Ident::new("", Span::new(start, start))))
                }
            }
        };
        let operators = self.parse_pipe_tail()?;
        if operators.is_empty() {
            if let Source::Expr(e) = source {
                return Ok(e);
            }
        }
        Ok(Expr::Tabular(Box::new(TabularExpr {
            source,
            operators,
            span: Span::new(start, self.prev_end()),
        })))
    }

    /// `| op | op ...` with recovery at each `|`.
    pub(crate) fn parse_pipe_tail(&mut self) -> PResult<Vec<Operator>> {
        let mut operators = Vec::new();
        while self.eat_punct("|") {
            if self.too_deep {
                return Err(Abandon);
            }
            match self.parse_operator() {
                Ok(op) => operators.push(op),
                Err(Abandon) => {
                    if self.too_deep {
                        return Err(Abandon);
                    }
                    self.recover_to_pipe()
                }
            }
        }
        Ok(operators)
    }

    /// Whether the cursor is at an operator that can start a pipe by itself.
    fn at_source_operator(&self) -> bool {
        let t = self.peek();
        if t.tok != Tok::Ident {
            return false;
        }
        match self.text(t) {
            "print" | "union" | "search" | "find" => true,
            "datatable" | "externaldata" | "external_data" => {
                self.is_punct_at(1, "(") || self.is_punct_at(1, "[")
            }
            "range" => self.peek_at(1).tok == Tok::Ident || self.is_punct_at(1, "["),
            "evaluate" => self.peek_at(1).tok == Tok::Ident,
            _ => false,
        }
    }

    /// A scalar expression (no pipe at this level).
    pub(crate) fn parse_expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let saved = self.tree_depth;
        let r = self.parse_binary(0);
        self.tree_depth = saved;
        self.leave();
        r
    }

    /// One operand: literal, name, call, member or index access, possibly negated.
    pub(crate) fn parse_expr_single(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_unary();
        self.leave();
        r
    }

    fn parse_binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut left = self.parse_unary()?;
        let mut compared = false;
        while let Some((op, len)) = self.peek_binary_op() {
            let prec = precedence(&op);
            if prec <= min_prec {
                break;
            }
            if prec == COMPARISON {
                if compared {
                    let t = self.peek().clone();
                    self.error_at(
                        format!(
                            "comparisons cannot be chained: {} follows another comparison (combine them with `and`)",
                            self.describe(&t)
                        ),
                        t.span,
                    );
                    return Err(Abandon);
                }
                compared = true;
            }
            let op_start = self.peek().span.start;
            let op_text = self.src[op_start..self.peek_at(len - 1).span.end].to_string();
            for _ in 0..len {
                self.bump();
            }
            self.grow_tree()?;
            let start = left.span().start;
            left = match op {
                BinOpToken::Bin(op) => {
                    let right = self.parse_operand(prec, &op_text)?;
                    Expr::Binary {
                        op,
                        span: Span::new(start, right.span().end),
                        left: Box::new(left),
                        right: Box::new(right),
                    }
                }
                BinOpToken::In(op) => {
                    let list = self.parse_in_list(&op_text)?;
                    Expr::In {
                        expr: Box::new(left),
                        op,
                        list,
                        span: Span::new(start, self.prev_end()),
                    }
                }
                BinOpToken::Between(negated) => {
                    let open = self.expect_punct("(", || format!("after `{op_text}`"))?;
                    self.enter()?;
                    let low = self.parse_expr();
                    let low = match low {
                        Ok(l) => l,
                        Err(e) => {
                            self.leave();
                            return Err(e);
                        }
                    };
                    let r = self
                        .expect_punct("..", "between the bounds of `between`")
                        .and_then(|_| self.parse_expr());
                    self.leave();
                    let high = r?;
                    self.close_paren(open, "`between`")?;
                    Expr::Between {
                        expr: Box::new(left),
                        low: Box::new(low),
                        high: Box::new(high),
                        negated,
                        span: Span::new(start, self.prev_end()),
                    }
                }
            };
        }
        Ok(left)
    }

    /// The right operand of a binary operator, with a clear error when it is missing.
    fn parse_operand(&mut self, prec: u8, op_text: &str) -> PResult<Expr> {
        if self.at_expression_end() {
            return self.expected(&format!("an expression after `{op_text}`"));
        }
        self.parse_binary(prec)
    }

    /// Whether the cursor is at something that cannot start an expression.
    pub(crate) fn at_expression_end(&self) -> bool {
        match &self.peek().tok {
            Tok::Eof => true,
            Tok::Punct(p) => matches!(
                *p,
                "|" | ";" | ")" | "]" | "}" | "," | "=" | ".." | "==" | "!="
            ),
            _ => false,
        }
    }

    /// `(a, b, ...)` or `(T | project X)` or `dynamic([...])` after `in`/`has_any`.
    fn parse_in_list(&mut self, op_text: &str) -> PResult<Vec<Expr>> {
        let open = self.expect_punct("(", || format!("after `{op_text}`"))?;
        self.enter()?;
        let r = self.parse_expr_list(")");
        self.leave();
        let list = r?;
        self.close_paren(open, || format!("the `{op_text}` list"))?;
        if list.is_empty() {
            self.error_at(format!("the `{op_text}` list is empty"), open);
        }
        Ok(list)
    }

    /// Comma-separated expressions (each may be a pipe) up to `close` (not consumed).
    pub(crate) fn parse_expr_list(&mut self, close: &str) -> PResult<Vec<Expr>> {
        let mut items = Vec::new();
        if self.is_punct(close) {
            return Ok(items);
        }
        loop {
            items.push(self.parse_pipe_expr()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(items)
    }

    /// Expects the `)` matching `open`.
    pub(crate) fn close_paren(&mut self, open: Span, what: impl super::Context) -> PResult<Span> {
        if self.is_punct(")") {
            return Ok(self.bump().span);
        }
        let what = what.text();
        let t = self.peek().clone();
        if t.tok == Tok::Eof {
            self.error_at(format!("unbalanced `(`: no matching `)` for {what}"), open);
        } else {
            self.error_at(
                format!("expected `)` to close {what}, found {}", self.describe(&t)),
                t.span,
            );
        }
        Err(Abandon)
    }

    /// Recognises a binary operator at the cursor: (operator, tokens it spans).
    fn peek_binary_op(&self) -> Option<(BinOpToken, usize)> {
        let t = self.peek();
        let op = match &t.tok {
            Tok::Punct(p) => match *p {
                "+" => BinaryOp::Add,
                "-" => BinaryOp::Sub,
                "*" => BinaryOp::Mul,
                "/" => BinaryOp::Div,
                "%" => BinaryOp::Mod,
                "<" => BinaryOp::Lt,
                "<=" => BinaryOp::Le,
                ">" => BinaryOp::Gt,
                ">=" => BinaryOp::Ge,
                // A single `=` compares too in predicates (`where IsBillable = true`).
                "==" => BinaryOp::Eq,
                "=" if self.single_eq => BinaryOp::Eq,
                "!=" | "<>" => BinaryOp::NotEq,
                "=~" => BinaryOp::EqCi,
                "!~" => BinaryOp::NotEqCi,
                _ => return None,
            },
            Tok::Ident => {
                let w = self.text(t);
                match w {
                    "and" => BinaryOp::And,
                    "or" => BinaryOp::Or,
                    // `on Time in range(...)` of make-series is not a membership test.
                    "in" if self.is_word_at(1, "range") => return None,
                    "in" => return Some((BinOpToken::In(InOp::In), 1)),
                    "!in" => return Some((BinOpToken::In(InOp::NotIn), 1)),
                    "in~" => return Some((BinOpToken::In(InOp::InCi), 1)),
                    "!in~" => return Some((BinOpToken::In(InOp::NotInCi), 1)),
                    "has_any" => return Some((BinOpToken::In(InOp::HasAny), 1)),
                    "has_all" => return Some((BinOpToken::In(InOp::HasAll), 1)),
                    "between" => return Some((BinOpToken::Between(false), 1)),
                    "!between" => return Some((BinOpToken::Between(true), 1)),
                    "matches" => {
                        if self.is_word_at(1, "regex") {
                            return Some((
                                BinOpToken::Bin(BinaryOp::Str(StringOp {
                                    kind: StringOpKind::MatchesRegex,
                                    negated: false,
                                    case_sensitive: true,
                                })),
                                2,
                            ));
                        }
                        return None;
                    }
                    _ => BinaryOp::Str(string_op(w)?),
                }
            }
            _ => return None,
        };
        Some((BinOpToken::Bin(op), 1))
    }

    fn parse_unary(&mut self) -> PResult<Expr> {
        if self.is_punct("-") || self.is_punct("+") {
            let t = self.bump();
            let op = if self.text(&t) == "-" {
                UnaryOp::Neg
            } else {
                UnaryOp::Plus
            };
            if self.at_expression_end() {
                return self.expected(&format!("an expression after unary `{}`", self.text(&t)));
            }
            self.enter()?;
            let operand = self.parse_unary();
            self.leave();
            let operand = operand?;
            return Ok(Expr::Unary {
                op,
                span: Span::new(t.span.start, operand.span().end),
                operand: Box::new(operand),
            });
        }
        self.parse_postfix()
    }

    fn parse_postfix(&mut self) -> PResult<Expr> {
        let mut e = self.parse_primary()?;
        loop {
            if self.is_punct(".") {
                let dot = self.bump();
                let start = e.span().start;
                self.grow_tree()?;
                // `.name`, `.name(args)`, `.['name']`, `.[0]`
                if self.is_punct("[") && self.name_len_at(0) != 3 {
                    let open = self.bump().span;
                    self.enter()?;
                    let index = self.parse_expr();
                    self.leave();
                    let index = index?;
                    if !self.eat_punct("]") {
                        self.error_at("unbalanced `[`: no matching `]`", open);
                        return Err(Abandon);
                    }
                    e = Expr::Index {
                        target: Box::new(e),
                        index: Box::new(index),
                        span: Span::new(start, self.prev_end()),
                    };
                    continue;
                }
                if self.is_punct("[") {
                    let name = self.parse_bracketed_name()?;
                    e = Expr::Member {
                        target: Box::new(e),
                        name,
                        span: Span::new(start, self.prev_end()),
                    };
                    continue;
                }
                let t = self.peek().clone();
                if t.tok != Tok::Ident {
                    self.error_at(
                        format!("expected a name after `.`, found {}", self.describe(&t)),
                        Span::new(dot.span.start, t.span.end),
                    );
                    return Err(Abandon);
                }
                self.bump();
                let name = Ident::new(self.text(&t), t.span);
                if self.is_punct("(") {
                    let args = self.parse_call_args(&name.name)?;
                    e = Expr::Call {
                        target: Some(Box::new(e)),
                        name,
                        args,
                        span: Span::new(start, self.prev_end()),
                    };
                } else {
                    e = Expr::Member {
                        target: Box::new(e),
                        name,
                        span: Span::new(start, self.prev_end()),
                    };
                }
            } else if self.is_punct("[") {
                let open = self.bump().span;
                self.grow_tree()?;
                self.enter()?;
                let index = self.parse_expr();
                self.leave();
                let index = index?;
                if !self.eat_punct("]") {
                    let t = self.peek().clone();
                    if t.tok == Tok::Eof {
                        self.error_at("unbalanced `[`: no matching `]`", open);
                    } else {
                        self.error_at(
                            format!(
                                "expected `]` to close the index, found {}",
                                self.describe(&t)
                            ),
                            t.span,
                        );
                    }
                    return Err(Abandon);
                }
                let start = e.span().start;
                e = Expr::Index {
                    target: Box::new(e),
                    index: Box::new(index),
                    span: Span::new(start, self.prev_end()),
                };
            } else {
                break;
            }
        }
        Ok(e)
    }

    /// `(args)` of a call named `name`.
    pub(crate) fn parse_call_args(&mut self, name: &str) -> PResult<Vec<Expr>> {
        let open = self.expect_punct("(", || format!("after `{name}`"))?;
        self.enter()?;
        // Named arguments (`case(c, strcat=x)`) read as `=` comparisons.
        let saved = std::mem::replace(&mut self.single_eq, true);
        let r = self.parse_expr_list(")");
        self.single_eq = saved;
        self.leave();
        let args = r?;
        self.close_paren(open, || format!("the arguments of `{name}`"))?;
        Ok(args)
    }

    fn parse_primary(&mut self) -> PResult<Expr> {
        if matches!(self.peek().tok, Tok::String(_)) {
            // Adjacent string literals concatenate; read them without cloning tokens.
            let start = self.peek().span.start;
            let mut s = String::new();
            while let Tok::String(v) = &self.peek().tok {
                s.push_str(v);
                self.advance();
            }
            return Ok(Expr::Literal {
                value: Literal::String(s),
                span: Span::new(start, self.prev_end()),
            });
        }
        let t = self.peek().clone();
        match &t.tok {
            Tok::Number => {
                self.bump();
                let value = self.number_literal(&t)?;
                Ok(Expr::Literal {
                    value,
                    span: t.span,
                })
            }
            Tok::String(_) => {
                let mut s = String::new();
                let start = t.span.start;
                while let Tok::String(v) = &self.peek().tok {
                    s.push_str(v);
                    self.bump();
                }
                Ok(Expr::Literal {
                    value: Literal::String(s),
                    span: Span::new(start, self.prev_end()),
                })
            }
            Tok::Punct("(") => {
                let open = self.bump().span;
                if self.is_punct(")") {
                    self.error_at(
                        "expected an expression inside `()`",
                        open.to(self.peek().span),
                    );
                    return Err(Abandon);
                }
                let inner = self.parse_pipe_expr()?;
                if self.is_punct(",") {
                    let t = self.peek().clone();
                    self.error_at(
                        "unexpected `,`: a parenthesized expression holds one expression",
                        t.span,
                    );
                    return Err(Abandon);
                }
                self.close_paren(open, "this `(`")?;
                Ok(inner)
            }
            Tok::Punct("[") => {
                let name = self.parse_bracketed_name()?;
                self.name_or_call(name)
            }
            Tok::Punct("*") => {
                self.bump();
                Ok(Expr::Star { span: t.span })
            }
            Tok::Ident => {
                let text = self.text(&t);
                if let Some(lit) = self.try_typed_literal(text)? {
                    return Ok(lit);
                }
                match text {
                    "true" | "false" => {
                        self.bump();
                        return Ok(Expr::Literal {
                            value: Literal::Bool(text == "true"),
                            span: t.span,
                        });
                    }
                    _ => {}
                }
                if text.starts_with('!')
                    || text == "in~"
                    || (is_reserved(text) && !self.is_punct_at(1, "("))
                {
                    return self.expected("an expression");
                }
                self.bump();
                let name = Ident::new(text, t.span);
                self.name_or_call(name)
            }
            Tok::Punct(_) | Tok::Eof | Tok::Raw => self.expected("an expression"),
        }
    }

    fn name_or_call(&mut self, name: Ident) -> PResult<Expr> {
        if self.is_punct("(") {
            let start = name.span.start;
            let args = self.parse_call_args(&name.name)?;
            return Ok(Expr::Call {
                target: None,
                name,
                args,
                span: Span::new(start, self.prev_end()),
            });
        }
        Ok(Expr::Name(name))
    }

    /// `['name']` or `["name"]`.
    pub(crate) fn parse_bracketed_name(&mut self) -> PResult<Ident> {
        let open = self.expect_punct("[", "")?;
        let t = self.peek().clone();
        let Tok::String(s) = &t.tok else {
            return self.expected("a quoted name like `['My Column']`");
        };
        self.bump();
        if !self.eat_punct("]") {
            let t = self.peek().clone();
            if t.tok == Tok::Eof {
                self.error_at("unbalanced `[`: no matching `]`", open);
                return Err(Abandon);
            }
            return self.expected("`]` to close the quoted name");
        }
        Ok(Ident::new(
            s.clone(),
            Span::new(open.start, self.prev_end()),
        ))
    }

    /// A name: plain identifier (keywords allowed) or `['quoted']`.
    pub(crate) fn parse_ident(&mut self, what: &str) -> PResult<Ident> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Ident => {
                self.bump();
                Ok(Ident::new(self.text(&t), t.span))
            }
            Tok::Punct("[") if matches!(self.peek_at(1).tok, Tok::String(_)) => {
                self.parse_bracketed_name()
            }
            _ => self.expected(what),
        }
    }

    /// Whether the cursor is at a name (plain or quoted).
    pub(crate) fn at_name(&self) -> bool {
        self.peek().tok == Tok::Ident
            || (self.is_punct("[")
                && matches!(self.peek_at(1).tok, Tok::String(_))
                && self.is_punct_at(2, "]"))
    }

    /// Token length of a name at offset `n` (1 plain, 3 quoted), or 0 if none.
    pub(crate) fn name_len_at(&self, n: usize) -> usize {
        if self.peek_at(n).tok == Tok::Ident {
            1
        } else if self.is_punct_at(n, "[")
            && matches!(self.peek_at(n + 1).tok, Tok::String(_))
            && self.is_punct_at(n + 2, "]")
        {
            3
        } else {
            0
        }
    }

    /// Like [`Self::parse_named_list`], but a plain keyword cannot be assigned to (`extend`).
    pub(crate) fn parse_assignments(&mut self, what: &str) -> PResult<Vec<NamedExpr>> {
        let items = self.parse_named_list(what)?;
        for item in &items {
            for n in &item.names {
                let written = &self.src[n.span.start..n.span.end];
                if !written.starts_with('[') && is_reserved(written) {
                    self.error_at(
                        format!("`{written}` is a keyword; write it as ['{written}'] to use it as a column name"),
                        n.span,
                    );
                    return Err(Abandon);
                }
            }
        }
        Ok(items)
    }

    /// `Name = expr`, `(A, B) = expr` or `expr`.
    pub(crate) fn parse_named_expr(&mut self) -> PResult<NamedExpr> {
        let start = self.peek().span.start;
        let mut names = Vec::new();
        let len = self.name_len_at(0);
        if len > 0 && self.is_punct_at(len, "=") {
            names.push(self.parse_ident("a name")?);
            self.bump();
        } else if self.is_punct("(") && self.tuple_names_ahead() {
            self.bump();
            loop {
                names.push(self.parse_ident("a column name")?);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(")", "to close the column names")?;
            self.expect_punct("=", "after the column names")?;
        }
        if !names.is_empty() && self.at_expression_end() {
            return self.expected(&format!("an expression after `{} =`", names[0].name));
        }
        let expr = self.parse_expr()?;
        Ok(NamedExpr {
            names,
            expr,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// `(A, B, ...) =` ahead?
    fn tuple_names_ahead(&self) -> bool {
        let mut i = 1;
        loop {
            let len = self.name_len_at(i);
            if len == 0 {
                return false;
            }
            i += len;
            if self.is_punct_at(i, ",") {
                i += 1;
                continue;
            }
            return self.is_punct_at(i, ")") && self.is_punct_at(i + 1, "=");
        }
    }

    /// Comma-separated named expressions (at least one).
    pub(crate) fn parse_named_list(&mut self, what: &str) -> PResult<Vec<NamedExpr>> {
        let mut items = Vec::new();
        if self.at_expression_end() {
            return self.expected(what);
        }
        loop {
            items.push(self.parse_named_expr()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(items)
    }
}

pub(crate) fn is_reserved(w: &str) -> bool {
    RESERVED.contains(&w)
}

/// The string operator spelled `w`, if it is one.
pub(crate) fn string_op(w: &str) -> Option<StringOp> {
    let (negated, rest) = match w.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, w),
    };
    let (case_sensitive, base) = match rest.strip_suffix("_cs") {
        Some(b) => (true, b),
        None => (false, rest),
    };
    let kind = match base {
        "has" => StringOpKind::Has,
        "hasprefix" => StringOpKind::HasPrefix,
        "hassuffix" => StringOpKind::HasSuffix,
        "contains" => StringOpKind::Contains,
        "startswith" => StringOpKind::StartsWith,
        "endswith" => StringOpKind::EndsWith,
        _ => return None,
    };
    Some(StringOp {
        kind,
        negated,
        case_sensitive,
    })
}
