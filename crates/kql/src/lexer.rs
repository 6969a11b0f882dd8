//! The KQL lexer: source text to tokens with byte spans.
//!
//! Keywords are not distinguished from names here (Kusto lets most keywords be used as names);
//! the parser decides by context. Dashed operator names such as `project-away` and negated
//! string operators such as `!has` are single tokens.

use crate::ast::Span;
use crate::diagnostic::Diagnostic;

/// What kind of token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name or keyword: `where`, `SigninLogs`, `$left`, `project-away`, `!has`, `in~`.
    Ident,
    /// A string literal, already unescaped.
    String(String),
    /// A number, possibly with a timespan unit (`10`, `1.5`, `1e3`, `30m`, `0x1F`); see the text.
    Number,
    /// The raw body of `datetime(...)`, `timespan(...)`, `time(...)` or `guid(...)`: the text up to
    /// the first `)`, read without tokenizing it (as Kusto does).
    Raw,
    /// Punctuation or an operator symbol.
    Punct(&'static str),
    /// End of input.
    Eof,
}

/// One token: its kind and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Operator names written with a dash, lexed as one token.
const DASHED: &[&str] = &[
    "project-away",
    "project-keep",
    "project-rename",
    "project-reorder",
    "project-smart",
    "mv-expand",
    "mv-apply",
    "parse-where",
    "parse-kv",
    "top-nested",
    "top-hitters",
    "make-series",
    "make-graph",
    "sample-distinct",
    "granny-asc",
    "granny-desc",
    "project-by-names",
    "graph-match",
    "graph-merge",
    "graph-to-table",
    "graph-shortest-paths",
    "graph-mark-components",
    "make-graph",
    "scan",
];

/// Words that form a single token with a leading `!` (`!has`, `!in~`, `!between`...).
const BANG_WORDS: &[&str] = &[
    "has",
    "has_cs",
    "hasprefix",
    "hasprefix_cs",
    "hassuffix",
    "hassuffix_cs",
    "contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
    "in",
    "between",
];

/// Multi-character punctuation, longest first.
const PUNCT: &[&str] = &[
    "==", "!=", "<>", "<=", ">=", "=~", "!~", "..", "=>", "|", "(", ")", "[", "]", "{", "}", ",",
    ";", ":", ".", "=", "<", ">", "+", "-", "*", "/", "%", "!", "?", "@",
];

/// Splits `source` into tokens (ending with [`Tok::Eof`]) and lexical errors.
pub fn tokenize(source: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lx = Lexer {
        src: source,
        bytes: source.as_bytes(),
        pos: 0,
        tokens: Vec::with_capacity(source.len() / 4 + 1),
        errors: Vec::new(),
    };
    lx.run();
    let end = source.len();
    lx.tokens.push(Token {
        tok: Tok::Eof,
        span: Span::new(end, end),
    });
    (lx.tokens, lx.errors)
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<Diagnostic>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'a> Lexer<'a> {
    fn peek(&self, at: usize) -> u8 {
        *self.bytes.get(self.pos + at).unwrap_or(&0)
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            span: Span::new(start, self.pos),
        });
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            let start = self.pos;
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == b'/' && self.peek(1) == b'/' {
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else if b == b'`' && self.peek(1) == b'`' && self.peek(2) == b'`' {
                self.multi_line_string(start);
            } else if b == b'\'' || b == b'"' {
                self.quoted_string(start, false);
            } else if b == b'@' && matches!(self.peek(1), b'\'' | b'"') {
                self.pos += 1;
                self.quoted_string(start, true);
            } else if (b == b'h' || b == b'H') && matches!(self.peek(1), b'\'' | b'"') {
                self.pos += 1;
                self.quoted_string(start, false);
            } else if (b == b'h' || b == b'H')
                && self.peek(1) == b'@'
                && matches!(self.peek(2), b'\'' | b'"')
            {
                self.pos += 2;
                self.quoted_string(start, true);
            } else if (b == b'h' || b == b'H')
                && self.peek(1) == b'`'
                && self.peek(2) == b'`'
                && self.peek(3) == b'`'
            {
                self.pos += 1;
                self.multi_line_string(start);
            } else if b.is_ascii_digit() {
                self.number(start);
            } else if is_ident_start(b) {
                self.ident(start);
            } else if b == b'!' && is_ident_start(self.peek(1)) {
                // `!has`, `!in~`, `!between`...
                let mut end = self.pos + 1;
                while end < self.bytes.len() && is_ident_continue(self.bytes[end]) {
                    end += 1;
                }
                let word = &self.src[self.pos + 1..end];
                if BANG_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                    self.pos = end;
                    if word.eq_ignore_ascii_case("in") && self.peek(0) == b'~' {
                        self.pos += 1;
                    }
                    self.push(Tok::Ident, start);
                } else {
                    self.pos += 1;
                    self.push(Tok::Punct("!"), start);
                }
            } else {
                let rest = &self.bytes[self.pos..];
                match PUNCT.iter().find(|p| rest.starts_with(p.as_bytes())) {
                    Some(p) => {
                        self.pos += p.len();
                        self.push(Tok::Punct(p), start);
                    }
                    None => {
                        let ch = self.src[self.pos..].chars().next().unwrap_or(' ');
                        self.pos += ch.len_utf8().max(1);
                        self.errors.push(Diagnostic::error(
                            format!("unexpected character `{ch}`"),
                            Span::new(start, self.pos),
                        ));
                    }
                }
            }
        }
    }

    fn ident(&mut self, start: usize) {
        self.pos += 1;
        while self.pos < self.bytes.len() && is_ident_continue(self.bytes[self.pos]) {
            self.pos += 1;
        }
        // `in~`
        if self.src[start..self.pos].eq_ignore_ascii_case("in") && self.peek(0) == b'~' {
            self.pos += 1;
            self.push(Tok::Ident, start);
            return;
        }
        // Dashed operator names: `project-away`, `mv-expand`...
        if self.peek(0) == b'-' && is_ident_start(self.peek(1)) {
            let mut end = self.pos + 1;
            while end < self.bytes.len()
                && (is_ident_continue(self.bytes[end])
                    || (self.bytes[end] == b'-'
                        && end + 1 < self.bytes.len()
                        && is_ident_start(self.bytes[end + 1])))
            {
                end += 1;
            }
            // Try the longest dashed keyword that is a prefix ending at a word boundary.
            let candidate = &self.src[start..end];
            let mut best = None;
            for d in DASHED {
                if d.len() <= candidate.len()
                    && candidate.as_bytes()[..d.len()].eq_ignore_ascii_case(d.as_bytes())
                    && (d.len() == candidate.len()
                        || !is_ident_continue(candidate.as_bytes()[d.len()]))
                    && d.contains('-')
                    && best.is_none_or(|b: usize| d.len() > b)
                {
                    best = Some(d.len());
                }
            }
            if let Some(len) = best {
                self.pos = start + len;
            }
        }
        self.push(Tok::Ident, start);
        let word = &self.src[start..self.pos];
        if matches!(word, "datetime" | "timespan" | "time" | "guid") && self.peek(0) == b'(' {
            let open = self.pos;
            self.pos += 1;
            self.push(Tok::Punct("("), open);
            let body = self.pos;
            match self.src[body..].find(')') {
                Some(i) => {
                    self.pos = body + i;
                    if i > 0 {
                        self.push(Tok::Raw, body);
                    }
                }
                None => {
                    self.pos = self.bytes.len();
                    self.push(Tok::Raw, body);
                    self.errors.push(Diagnostic::error(
                        format!("unbalanced `(`: no matching `)` for `{word}(...)`"),
                        Span::new(open, open + 1),
                    ));
                }
            }
        }
    }

    fn number(&mut self, start: usize) {
        let b = self.bytes;
        if b[self.pos] == b'0'
            && matches!(self.peek(1), b'x' | b'X')
            && self.peek(2).is_ascii_hexdigit()
        {
            self.pos += 2;
            while self.pos < b.len() && b[self.pos].is_ascii_hexdigit() {
                self.pos += 1;
            }
        } else {
            while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
            if self.peek(0) == b'.' && self.peek(1) != b'.' {
                self.pos += 1;
                while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
            }
            if matches!(self.peek(0), b'e' | b'E')
                && (self.peek(1).is_ascii_digit()
                    || (matches!(self.peek(1), b'+' | b'-') && self.peek(2).is_ascii_digit()))
            {
                self.pos += 2;
                while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
            }
        }
        // A unit suffix (`d`, `h`, `ms`, `tick`...) is part of the number token.
        while self.pos < b.len() && is_ident_continue(b[self.pos]) {
            self.pos += 1;
        }
        self.push(Tok::Number, start);
    }

    fn quoted_string(&mut self, start: usize, verbatim: bool) {
        let quote = self.bytes[self.pos];
        self.pos += 1;
        let mut value = String::new();
        let mut run_start = self.pos;
        loop {
            if self.pos >= self.bytes.len() || self.bytes[self.pos] == b'\n' {
                value.push_str(&self.src[run_start..self.pos]);
                self.errors.push(Diagnostic::error(
                    format!(
                        "unterminated string literal: no closing `{}` on this line",
                        quote as char
                    ),
                    Span::new(start, self.pos),
                ));
                break;
            }
            let c = self.bytes[self.pos];
            if c == quote {
                if verbatim && self.peek(1) == quote {
                    value.push_str(&self.src[run_start..=self.pos]);
                    self.pos += 2;
                    run_start = self.pos;
                    continue;
                }
                value.push_str(&self.src[run_start..self.pos]);
                self.pos += 1;
                break;
            }
            if c == b'\\' && !verbatim {
                value.push_str(&self.src[run_start..self.pos]);
                let esc_start = self.pos;
                self.pos += 1;
                let e = self.peek(0);
                match e {
                    b'n' => value.push('\n'),
                    b't' => value.push('\t'),
                    b'r' => value.push('\r'),
                    b'0' => value.push('\0'),
                    b'\\' => value.push('\\'),
                    b'\'' => value.push('\''),
                    b'"' => value.push('"'),
                    b'a' => value.push('\x07'),
                    b'b' => value.push('\x08'),
                    b'f' => value.push('\x0c'),
                    b'v' => value.push('\x0b'),
                    b'u' | b'U' | b'x' => {
                        let n = match e {
                            b'u' => 4,
                            b'U' => 8,
                            _ => 2,
                        };
                        let hex = self.src.get(self.pos + 1..self.pos + 1 + n).unwrap_or("");
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) if hex.len() == n => {
                                value.push(ch);
                                self.pos += n;
                            }
                            _ => self.errors.push(Diagnostic::error(
                                "invalid escape sequence in string literal",
                                Span::new(esc_start, (self.pos + 1).min(self.bytes.len())),
                            )),
                        }
                    }
                    0 | b'\n' => {
                        continue;
                    }
                    _ => {
                        let ch = self.src[self.pos..].chars().next().unwrap_or(' ');
                        self.errors.push(Diagnostic::error(
                            format!("invalid escape sequence `\\{ch}` in string literal"),
                            Span::new(esc_start, self.pos + ch.len_utf8()),
                        ));
                        self.pos += ch.len_utf8() - 1;
                    }
                }
                self.pos += 1;
                run_start = self.pos;
                continue;
            }
            self.pos += 1;
        }
        self.push(Tok::String(value), start);
    }

    fn multi_line_string(&mut self, start: usize) {
        self.pos += 3;
        let body_start = self.pos;
        match self.src[body_start..].find("```") {
            Some(i) => {
                let value = self.src[body_start..body_start + i].to_string();
                self.pos = body_start + i + 3;
                self.push(Tok::String(value), start);
            }
            None => {
                self.pos = self.bytes.len();
                self.errors.push(Diagnostic::error(
                    "unterminated multi-line string: no closing ```",
                    Span::new(start, self.pos),
                ));
                let value = self.src[body_start..].to_string();
                self.push(Tok::String(value), start);
            }
        }
    }
}
