//! Syntax highlighting: the query's text cut into classified pieces that cover it exactly, so an
//! editor can draw each piece as text with a style (never as markup).

use crate::ast::Span;
use crate::lexer::{tokenize, Tok};
use crate::schema::Catalog;

/// What a piece of query text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Whitespace and anything not otherwise classed.
    Plain,
    /// `// ...` to the end of the line.
    Comment,
    /// A tabular operator or a keyword: `where`, `summarize`, `by`, `and`, `has`.
    Keyword,
    /// A table of the catalog.
    Table,
    /// A name called as a function: `ago(`, `count(`.
    Function,
    /// A string literal.
    String,
    /// A number, a timespan such as `1d`, or the body of `datetime(...)`.
    Number,
    /// Punctuation and operator symbols.
    Punct,
    /// Any other name: a column, a `let` variable.
    Name,
}

impl Class {
    /// A short CSS-friendly name: `kw`, `tbl`, `fn`, `str`, `num`, `com`, `pun`, `name`, `plain`.
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "plain",
            Class::Comment => "com",
            Class::Keyword => "kw",
            Class::Table => "tbl",
            Class::Function => "fn",
            Class::String => "str",
            Class::Number => "num",
            Class::Punct => "pun",
            Class::Name => "name",
        }
    }
}

/// Tabular operators and query keywords, coloured as keywords (lower case, as KQL writes them).
pub const KEYWORDS: &[&str] = &[
    "let",
    "set",
    "declare",
    "query_parameters",
    "where",
    "filter",
    "project",
    "project-away",
    "project-keep",
    "project-rename",
    "project-reorder",
    "extend",
    "summarize",
    "count",
    "distinct",
    "take",
    "limit",
    "top",
    "sort",
    "order",
    "join",
    "union",
    "lookup",
    "mv-expand",
    "mv-apply",
    "parse",
    "parse-where",
    "make-series",
    "render",
    "datatable",
    "print",
    "range",
    "serialize",
    "evaluate",
    "as",
    "invoke",
    "search",
    "find",
    "getschema",
    "sample",
    "sample-distinct",
    "top-nested",
    "by",
    "on",
    "kind",
    "with",
    "from",
    "to",
    "step",
    "in",
    "in~",
    "!in",
    "!in~",
    "and",
    "or",
    "not",
    "asc",
    "desc",
    "nulls",
    "first",
    "last",
    "has",
    "!has",
    "has_cs",
    "has_any",
    "has_all",
    "hasprefix",
    "hassuffix",
    "contains",
    "!contains",
    "contains_cs",
    "startswith",
    "!startswith",
    "endswith",
    "!endswith",
    "matches",
    "regex",
    "between",
    "!between",
    "like",
    "true",
    "false",
    "inner",
    "innerunique",
    "leftouter",
    "rightouter",
    "fullouter",
    "leftanti",
    "rightanti",
    "leftsemi",
    "rightsemi",
    "anti",
    "semi",
    "isfuzzy",
    "withsource",
    "bagexpansion",
    "with_itemindex",
    "typeof",
    "dynamic",
    "datetime",
    "timespan",
    "bool",
    "int",
    "long",
    "real",
    "string",
    "guid",
    "decimal",
];

/// Cuts `source` into classified pieces that together cover it from start to end, in order.
/// Tables are recognised against the catalog (and `let` names are left as names).
pub fn highlight(source: &str, catalog: &Catalog) -> Vec<(Span, Class)> {
    let (tokens, _) = tokenize(source);
    let mut out: Vec<(Span, Class)> = Vec::with_capacity(tokens.len() * 2);
    let mut at = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.tok == Tok::Eof {
            break;
        }
        let span = token.span;
        if span.start < at || span.end > source.len() {
            continue;
        }
        gap(source, at, span.start, &mut out);
        let text = &source[span.start..span.end];
        let next_is_paren = tokens
            .get(i + 1)
            .is_some_and(|t| t.tok == Tok::Punct("(") && t.span.start == span.end);
        let class = match &token.tok {
            Tok::String(_) => Class::String,
            Tok::Number | Tok::Raw => Class::Number,
            Tok::Punct(_) => Class::Punct,
            Tok::Ident if is_keyword(text) && !(next_is_paren && is_function_word(text)) => {
                Class::Keyword
            }
            Tok::Ident if next_is_paren => Class::Function,
            Tok::Ident if catalog.table(text).is_some() => Class::Table,
            Tok::Ident => Class::Name,
            Tok::Eof => Class::Plain,
        };
        push(&mut out, span, class);
        at = span.end;
    }
    gap(source, at, source.len(), &mut out);
    out
}

/// Whether `word` is one of [`KEYWORDS`] (case-sensitive, as KQL is).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keywords that are also functions when called: `count()`, `datetime(...)`, `dynamic(...)`.
fn is_function_word(word: &str) -> bool {
    matches!(word, "count" | "typeof" | "range") || crate::builtins::lookup(word).is_some()
}

/// Classifies the text between two tokens: whitespace, comments, and whatever the lexer skipped
/// (an unterminated string, a stray character).
fn gap(source: &str, from: usize, to: usize, out: &mut Vec<(Span, Class)>) {
    let mut at = from;
    while at < to {
        let rest = &source[at..to];
        match rest.find("//") {
            Some(0) => {
                let len = rest.find('\n').unwrap_or(rest.len());
                push(out, Span::new(at, at + len), Class::Comment);
                at += len;
            }
            Some(i) => {
                push(out, Span::new(at, at + i), Class::Plain);
                at += i;
            }
            None => {
                push(out, Span::new(at, to), Class::Plain);
                at = to;
            }
        }
    }
}

/// Appends a piece, merging it into the previous one when both are of the same class.
fn push(out: &mut Vec<(Span, Class)>, span: Span, class: Class) {
    if span.start >= span.end {
        return;
    }
    if let Some((last, last_class)) = out.last_mut() {
        if *last_class == class && last.end == span.start && class != Class::Keyword {
            last.end = span.end;
            return;
        }
    }
    out.push((span, class));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::TableSchema;
    use crate::table::Column;
    use crate::value::DataType;

    fn catalog() -> Catalog {
        let mut c = Catalog::new();
        c.add(TableSchema::new(
            "SigninLogs",
            vec![Column::new("UserPrincipalName", DataType::String)],
        ));
        c
    }

    fn classes(source: &str) -> Vec<(&str, Class)> {
        highlight(source, &catalog())
            .into_iter()
            .map(|(s, c)| (&source[s.start..s.end], c))
            .collect()
    }

    #[test]
    fn pieces_cover_the_text_exactly() {
        for source in [
            "SigninLogs | where TimeGenerated > ago(1d) // recent\n| count",
            "print \"unterminated",
            "let x = 1;\n\n  x",
            "datetime(2024-01-01) é 'ü'",
            "",
        ] {
            let pieces = highlight(source, &catalog());
            let mut at = 0;
            for (span, _) in &pieces {
                assert_eq!(span.start, at, "{source:?}: {pieces:?}");
                at = span.end;
            }
            assert_eq!(at, source.len(), "{source:?}");
        }
    }

    #[test]
    fn classes_follow_the_language() {
        let got = classes("SigninLogs | where UserPrincipalName has \"x\" and count() > 1d // c");
        assert_eq!(got[0], ("SigninLogs", Class::Table));
        assert!(got.contains(&("where", Class::Keyword)));
        assert!(got.contains(&("UserPrincipalName", Class::Name)));
        assert!(got.contains(&("has", Class::Keyword)));
        assert!(got.contains(&("\"x\"", Class::String)));
        assert!(got.contains(&("count", Class::Function)));
        assert!(got.contains(&("1d", Class::Number)));
        assert_eq!(got.last(), Some(&("// c", Class::Comment)));
    }
}
