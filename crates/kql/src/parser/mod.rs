//! The KQL parser: tokens to a [`Query`], with error recovery.
//!
//! A recursive-descent parser with a token cursor, `parse_<construct>` methods and a depth
//! counter that turns deep nesting into an error instead of a stack overflow. After an error it
//! skips to the next `|` or `;` at the same bracket depth and carries on, so one pass reports
//! several mistakes.

mod expr;
mod literal;
mod operator;
mod statement;

pub(crate) use literal::format_guid;

use crate::ast::{Expr, Query, Span};
use crate::diagnostic::Diagnostic;
use crate::lexer::{tokenize, Tok, Token};

/// Whether `name` must be written bracketed (`['where']`) to be read as a name.
pub fn is_keyword(name: &str) -> bool {
    expr::is_reserved(name) || matches!(name, "true" | "false")
}

/// Longest query the parser accepts, in bytes.
pub const MAX_QUERY_BYTES: usize = 1_000_000;

/// Deepest nesting of brackets and sub-expressions the parser accepts.
const MAX_DEPTH: usize = 40;

/// Deepest syntax tree (counting operands of `a + b + c ...` chains) the parser builds.
const MAX_TREE_DEPTH: usize = 1_500;

/// A parsed query and the problems found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The syntax tree; best effort when there are errors.
    pub query: Query,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether the query parsed without errors.
    pub fn is_ok(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::Severity::Error)
    }
}

/// Parses a whole query. Never panics; errors come back as diagnostics with byte spans.
pub fn parse(source: &str) -> Parsed {
    if source.len() > MAX_QUERY_BYTES {
        return Parsed {
            query: Query::default(),
            diagnostics: vec![Diagnostic::error(
                format!(
                    "the query is too long ({} bytes); the limit is {MAX_QUERY_BYTES} bytes",
                    source.len()
                ),
                Span::new(0, source.len()),
            )],
        };
    }
    let mut p = Parser::new(source);
    let query = p.parse_query();
    Parsed {
        query,
        diagnostics: p.finish(),
    }
}

/// Parses a single scalar expression, such as `Count > 5 and Name has "admin"`.
pub fn parse_expression(source: &str) -> Result<Expr, Vec<Diagnostic>> {
    if source.len() > MAX_QUERY_BYTES {
        return Err(vec![Diagnostic::error(
            "the expression is too long",
            Span::new(0, source.len()),
        )]);
    }
    let mut p = Parser::new(source);
    let result = p.parse_pipe_expr();
    if result.is_ok() && !p.at_eof() {
        let t = p.peek().clone();
        p.error_at(
            format!("unexpected {} after the expression", p.describe(&t)),
            t.span,
        );
    }
    let diags = p.finish();
    match result {
        Ok(e) if diags.is_empty() => Ok(e),
        _ => Err(diags),
    }
}

/// Where an expected token belongs, for messages; built only when there is an error.
pub(crate) trait Context {
    fn text(self) -> String;
}

impl Context for &str {
    fn text(self) -> String {
        self.to_string()
    }
}

impl<F: FnOnce() -> String> Context for F {
    fn text(self) -> String {
        self()
    }
}

/// Signals that an error was recorded and the current construct was abandoned.
#[derive(Debug)]
pub(crate) struct Abandon;

pub(crate) type PResult<T> = Result<T, Abandon>;

pub(crate) struct Parser<'a> {
    pub(crate) src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    diags: Vec<Diagnostic>,
    depth: usize,
    tree_depth: usize,
    /// Set once a nesting limit was hit: everything after is skipped.
    too_deep: bool,
    /// Whether a single `=` compares (in `where` predicates and call arguments).
    single_eq: bool,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Parser<'a> {
        let (tokens, diags) = tokenize(src);
        Parser {
            src,
            tokens,
            pos: 0,
            diags,
            depth: 0,
            tree_depth: 0,
            too_deep: false,
            single_eq: false,
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.diags.sort_by_key(|d| d.span.start);
        self.diags.dedup_by(|a, b| a.span.start == b.span.start);
        self.diags
    }

    // ----- cursor -----

    pub(crate) fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    pub(crate) fn peek_at(&self, n: usize) -> &Token {
        &self.tokens[(self.pos + n).min(self.tokens.len() - 1)]
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    /// Moves past the current token without returning it.
    pub(crate) fn advance(&mut self) {
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
    }

    pub(crate) fn at_eof(&self) -> bool {
        matches!(self.peek().tok, Tok::Eof)
    }

    /// End of the previous token (for spans).
    pub(crate) fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    pub(crate) fn text(&self, t: &Token) -> &'a str {
        &self.src[t.span.start..t.span.end]
    }

    /// Whether token `n` ahead is the identifier/keyword `word` (case-sensitive).
    pub(crate) fn is_word_at(&self, n: usize, word: &str) -> bool {
        let t = self.peek_at(n);
        t.tok == Tok::Ident && self.text(t) == word
    }

    pub(crate) fn is_word(&self, word: &str) -> bool {
        self.is_word_at(0, word)
    }

    pub(crate) fn is_punct_at(&self, n: usize, p: &str) -> bool {
        matches!(self.peek_at(n).tok, Tok::Punct(q) if q == p)
    }

    pub(crate) fn is_punct(&self, p: &str) -> bool {
        self.is_punct_at(0, p)
    }

    pub(crate) fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_word(&mut self, w: &str) -> bool {
        if self.is_word(w) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_punct(&mut self, p: &str, context: impl Context) -> PResult<Span> {
        if self.is_punct(p) {
            Ok(self.bump().span)
        } else {
            let t = self.peek().clone();
            self.error_at(
                format!(
                    "expected `{p}` {}, found {}",
                    context.text(),
                    self.describe(&t)
                ),
                t.span,
            );
            Err(Abandon)
        }
    }

    pub(crate) fn expect_word(&mut self, w: &str, context: impl Context) -> PResult<Span> {
        if self.is_word(w) {
            Ok(self.bump().span)
        } else {
            let t = self.peek().clone();
            self.error_at(
                format!(
                    "expected `{w}` {}, found {}",
                    context.text(),
                    self.describe(&t)
                ),
                t.span,
            );
            Err(Abandon)
        }
    }

    /// A short description of a token for messages: "`where`", "end of query".
    pub(crate) fn describe(&self, t: &Token) -> String {
        match &t.tok {
            Tok::Eof => "the end of the query".to_string(),
            Tok::String(_) => "a string literal".to_string(),
            _ => {
                let text = self.text(t);
                let short: String = text.chars().take(30).collect();
                format!("`{short}`")
            }
        }
    }

    // ----- errors -----

    pub(crate) fn error_at(&mut self, message: impl Into<String>, span: Span) {
        self.diags.push(Diagnostic::error(message, span));
    }

    /// Records "expected X, found Y" at the current token and abandons.
    pub(crate) fn expected<T>(&mut self, what: &str) -> PResult<T> {
        let t = self.peek().clone();
        self.error_at(
            format!("expected {what}, found {}", self.describe(&t)),
            t.span,
        );
        Err(Abandon)
    }

    /// Enters one nesting level, failing once the limit is reached.
    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH || self.too_deep {
            if !self.too_deep {
                let span = self.peek().span;
                self.error_at(
                    format!("the query is nested too deeply (more than {MAX_DEPTH} levels)"),
                    span,
                );
                self.too_deep = true;
            }
            self.depth -= 1;
            return Err(Abandon);
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Counts one more level of tree depth (a link in an operator chain).
    pub(crate) fn grow_tree(&mut self) -> PResult<()> {
        self.tree_depth += 1;
        if self.tree_depth > MAX_TREE_DEPTH || self.too_deep {
            if !self.too_deep {
                let span = self.peek().span;
                self.error_at(
                    format!(
                        "the expression is too deeply chained (more than {MAX_TREE_DEPTH} operators)"
                    ),
                    span,
                );
                self.too_deep = true;
            }
            return Err(Abandon);
        }
        Ok(())
    }

    /// Skips to the next `|`, `;` or closing bracket at the current nesting level (not consuming
    /// it), for recovery after an error.
    pub(crate) fn recover_to_pipe(&mut self) {
        let mut depth = 0usize;
        loop {
            match &self.peek().tok {
                Tok::Eof => return,
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]" | "}") => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                Tok::Punct("|" | ";") if depth == 0 => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips to the next `;` at the top level (not consuming it).
    pub(crate) fn recover_to_statement(&mut self) {
        let mut depth = 0usize;
        loop {
            match &self.peek().tok {
                Tok::Eof => return,
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]" | "}") => depth = depth.saturating_sub(1),
                Tok::Punct(";") if depth == 0 => return,
                _ => {}
            }
            self.bump();
        }
    }
}
