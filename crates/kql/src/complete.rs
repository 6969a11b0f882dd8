//! Completion for the KQL editor: what may come at the cursor — tables, the columns of the rows
//! flowing into the current operator, tabular operators, functions, keywords and known values —
//! ranked for the word being typed.

use crate::ast::Span;
use crate::builtins::{self, FunctionKind};
use crate::check::output_shape;
use crate::lexer::{tokenize, Tok, Token};
use crate::schema::Catalog;

/// What a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemKind {
    Value,
    Column,
    Table,
    Variable,
    Operator,
    Function,
    Keyword,
}

impl ItemKind {
    /// A short label for the list: "column", "table", "function"...
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Column => "column",
            ItemKind::Table => "table",
            ItemKind::Variable => "let",
            ItemKind::Operator => "operator",
            ItemKind::Function => "function",
            ItemKind::Keyword => "keyword",
            ItemKind::Value => "value",
        }
    }
}

/// One suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What is shown.
    pub label: String,
    /// What replaces the word being typed (a function gets its `(`, a value its quotes).
    pub insert: String,
    pub kind: ItemKind,
    /// A type, a signature or a description.
    pub detail: String,
}

/// The suggestions at a cursor and the span of text they replace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completion {
    /// The word being typed (possibly empty, at the cursor).
    pub replace: Span,
    pub items: Vec<Item>,
}

/// The tabular operators offered after `|`, with a line on each.
pub const OPERATORS: &[(&str, &str)] = &[
    ("where", "keep rows matching a predicate"),
    ("project", "choose, rename or compute columns"),
    ("project-away", "drop columns"),
    ("project-keep", "keep only these columns"),
    ("project-rename", "rename columns"),
    ("project-reorder", "reorder columns"),
    ("extend", "add computed columns"),
    ("summarize", "aggregate rows, optionally by keys"),
    ("count", "count the rows"),
    ("distinct", "distinct combinations of columns"),
    ("take", "any N rows"),
    ("limit", "any N rows"),
    ("top", "the first N rows by an expression"),
    ("sort by", "order rows"),
    ("order by", "order rows"),
    ("join", "match rows with another table"),
    ("lookup", "extend rows from a dimension table"),
    ("union", "rows of several tables"),
    ("mv-expand", "one row per element of a dynamic array or bag"),
    ("parse", "extract columns from a string by a pattern"),
    ("make-series", "aggregate into series over a range"),
    ("render", "draw the result as a chart"),
    ("serialize", "fix row order for window functions"),
    ("as", "name the rows for later reference"),
    ("getschema", "the columns and their types"),
    ("sample", "N random rows"),
    ("evaluate", "run a plugin"),
];

/// Chart kinds offered after `render`.
const CHARTS: &[&str] = &[
    "timechart",
    "barchart",
    "columnchart",
    "piechart",
    "areachart",
    "linechart",
    "scatterchart",
    "table",
];

/// Join kinds offered after `kind=`.
const JOIN_KINDS: &[&str] = &[
    "inner",
    "innerunique",
    "leftouter",
    "rightouter",
    "fullouter",
    "leftanti",
    "rightanti",
    "leftsemi",
    "rightsemi",
];

/// Words that may follow an expression inside an operator.
const EXPRESSION_KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "by",
    "has",
    "!has",
    "contains",
    "!contains",
    "startswith",
    "endswith",
    "in",
    "!in",
    "in~",
    "has_any",
    "has_all",
    "between",
    "matches regex",
    "asc",
    "desc",
    "on",
    "kind",
];

/// At most this many items are returned.
const MAX_ITEMS: usize = 60;

/// Suggestions for the cursor at byte offset `cursor` of `source`, against `catalog`.
pub fn complete(source: &str, cursor: usize, catalog: &Catalog) -> Completion {
    let cursor = floor_boundary(source, cursor.min(source.len()));
    let before = &source[..cursor];
    let (tokens, errors) = tokenize(before);
    // Inside a string literal or a comment: nothing to suggest.
    if errors.iter().any(|e| e.span.end >= cursor) || in_comment(before) {
        return Completion {
            replace: Span::new(cursor, cursor),
            items: Vec::new(),
        };
    }
    let tokens: Vec<&Token> = tokens.iter().filter(|t| t.tok != Tok::Eof).collect();
    let (word, replace, context_tokens) = match tokens.last() {
        Some(t) if t.tok == Tok::Ident && t.span.end == cursor => {
            let mut start = t.span.start;
            let mut n = tokens.len() - 1;
            // `project-a` is lexed as `project`, `-`, `a` until it is complete.
            if n >= 2
                && tokens[n - 1].tok == Tok::Punct("-")
                && tokens[n - 1].span.end == start
                && tokens[n - 2].span.end == tokens[n - 1].span.start
                && matches!(
                    &source[tokens[n - 2].span.start..tokens[n - 2].span.end],
                    "project" | "mv" | "make" | "parse"
                )
            {
                start = tokens[n - 2].span.start;
                n -= 2;
            }
            (
                &source[start..cursor],
                Span::new(start, cursor),
                &tokens[..n],
            )
        }
        Some(t) if t.tok == Tok::Number && t.span.end == cursor => {
            return Completion {
                replace: Span::new(cursor, cursor),
                items: Vec::new(),
            }
        }
        _ => ("", Span::new(cursor, cursor), &tokens[..]),
    };
    let mut items = candidates(source, context_tokens, catalog);
    rank(&mut items, word);
    Completion { replace, items }
}

/// Everything that may come next, before ranking by the word typed.
fn candidates(source: &str, tokens: &[&Token], catalog: &Catalog) -> Vec<Item> {
    let text = |t: &Token| &source[t.span.start..t.span.end];
    let segment = Segment::find(source, tokens);
    let prev = tokens.last().copied();
    let prev_text = prev.map(&text).unwrap_or("");
    let operator = segment.operator.map(|i| text(tokens[i]));

    // The start of a statement or of a subquery: a table, a `let` name, or a statement keyword.
    let at_source = match prev {
        None => true,
        Some(t) if t.tok == Tok::Punct(";") => true,
        Some(t) if t.tok == Tok::Punct("(") || t.tok == Tok::Punct(",") => {
            let outer = segment.outer_operator.map(|i| text(tokens[i]));
            matches!(operator.or(outer), Some("join" | "lookup" | "union"))
                && segment.paren_function.is_none()
        }
        Some(t) if t.tok == Tok::Ident => {
            matches!(prev_text, "join" | "lookup" | "union")
                || (segment.operator.is_none() && matches!(prev_text, "in" | "from"))
                || JOIN_KINDS.contains(&prev_text) && operator == Some("join")
        }
        _ => false,
    };
    if at_source {
        return sources(source, tokens, catalog, segment.operator.is_none());
    }
    if prev.is_some_and(|t| t.tok == Tok::Punct("|")) {
        return OPERATORS
            .iter()
            .map(|(name, doc)| Item {
                label: name.to_string(),
                insert: format!("{name} "),
                kind: ItemKind::Operator,
                detail: doc.to_string(),
            })
            .collect();
    }
    if operator == Some("render") && prev_text == "render" {
        return words(CHARTS, ItemKind::Keyword, "chart kind");
    }
    if prev_text == "=" && tokens.len() >= 2 && text(tokens[tokens.len() - 2]) == "kind" {
        return words(JOIN_KINDS, ItemKind::Keyword, "join kind");
    }

    // Inside an operator's expressions: columns of the incoming rows, functions, keywords.
    // Within a call's or a list's parentheses, the rows are those of the operator around them.
    let mut segment = segment;
    let mut scope_tokens = tokens;
    while segment.pipe.is_none() {
        let Some(p) = segment.open_paren else { break };
        scope_tokens = &scope_tokens[..p];
        segment = Segment::find(source, scope_tokens);
    }
    let operator = segment.operator.map(|i| text(scope_tokens[i]));
    let mut items = Vec::new();
    let shape = segment
        .input_text(source, scope_tokens)
        .and_then(|input| output_shape(&input, catalog));
    if let Some(shape) = &shape {
        // After `Column ==`, offer the values the catalog knows for it.
        if matches!(prev_text, "==" | "!=" | "=~" | "!~" | "(" | ",") {
            let column = column_before_comparison(source, tokens);
            if let Some((_, values)) =
                column.and_then(|c| shape.known_values.iter().find(|(name, _)| name == c))
            {
                items.extend(values.iter().map(|v| Item {
                    label: v.clone(),
                    insert: crate::format::quote_string(v),
                    kind: ItemKind::Value,
                    detail: "known value".into(),
                }));
            }
        }
        items.extend(shape.columns.iter().map(|(name, ty)| Item {
            label: name.clone(),
            insert: crate::format::quote_name(name),
            kind: ItemKind::Column,
            detail: ty.map_or("column".to_string(), |t| t.name().to_string()),
        }));
        items.extend(shape.lets.iter().map(|name| Item {
            label: name.clone(),
            insert: name.clone(),
            kind: ItemKind::Variable,
            detail: "let".into(),
        }));
    }
    let aggregates = matches!(operator, Some("summarize" | "make-series" | "top-nested"))
        && !after_by(source, scope_tokens, &segment);
    items.extend(builtins::all().iter().filter_map(|f| {
        let wanted = match f.kind {
            FunctionKind::Scalar => true,
            FunctionKind::Aggregate => aggregates,
            FunctionKind::Window => operator == Some("extend") || operator == Some("project"),
        };
        wanted.then(|| Item {
            label: f.name.to_string(),
            insert: format!("{}(", f.name),
            kind: ItemKind::Function,
            detail: format!("{}{} — {}", f.name, f.params, f.doc),
        })
    }));
    items.extend(words(EXPRESSION_KEYWORDS, ItemKind::Keyword, "keyword"));
    items
}

/// Tables, `let` names and statement keywords, for the start of a statement or subquery.
fn sources(source: &str, tokens: &[&Token], catalog: &Catalog, statement_start: bool) -> Vec<Item> {
    let mut items: Vec<Item> = catalog
        .tables()
        .map(|t| Item {
            label: t.name.clone(),
            insert: crate::format::quote_name(&t.name),
            kind: ItemKind::Table,
            detail: t.description.clone().unwrap_or_else(|| "table".into()),
        })
        .collect();
    // `let` names bound by earlier statements.
    let earlier = tokens
        .iter()
        .rposition(|t| t.tok == Tok::Punct(";"))
        .map(|i| &source[..tokens[i].span.end]);
    if let Some(shape) = earlier.and_then(|text| output_shape(text, catalog)) {
        items.extend(shape.lets.into_iter().map(|name| Item {
            insert: name.clone(),
            label: name,
            kind: ItemKind::Variable,
            detail: "let".into(),
        }));
    }
    if statement_start {
        items.extend(words(
            &["let", "print", "range", "datatable", "union", "search"],
            ItemKind::Keyword,
            "statement",
        ));
    }
    items
}

fn words(list: &[&str], kind: ItemKind, detail: &str) -> Vec<Item> {
    list.iter()
        .map(|w| Item {
            label: w.to_string(),
            insert: w.to_string(),
            kind,
            detail: detail.to_string(),
        })
        .collect()
}

/// The operator the cursor is in: the tokens since the last `|` at the cursor's paren depth.
struct Segment {
    /// Index of the token just after the segment's `|` (the operator name), if there is a `|`.
    operator: Option<usize>,
    /// Index of the `|` itself.
    pipe: Option<usize>,
    /// Index of the innermost unclosed `(` before the cursor, if any.
    open_paren: Option<usize>,
    /// When the innermost `(` belongs to a function call, its name's index.
    paren_function: Option<usize>,
    /// When the cursor is right inside a `(` with no pipe yet: the operator around the paren.
    outer_operator: Option<usize>,
    /// Index of the first token of the statement the cursor is in.
    statement_start: usize,
}

impl Segment {
    fn find(source: &str, tokens: &[&Token]) -> Segment {
        let mut depth = 0i32;
        let mut pipe = None;
        let mut open_paren = None;
        let mut statement_start = 0;
        for i in (0..tokens.len()).rev() {
            match tokens[i].tok {
                Tok::Punct(")") | Tok::Punct("]") | Tok::Punct("}") => depth += 1,
                Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{") => {
                    if depth == 0 {
                        if open_paren.is_none() && tokens[i].tok == Tok::Punct("(") {
                            open_paren = Some(i);
                        }
                        if pipe.is_none() {
                            // The subquery or call starts here; the segment has no pipe of its own.
                            break;
                        }
                    } else {
                        depth -= 1;
                    }
                }
                Tok::Punct("|") if depth == 0 && pipe.is_none() && open_paren.is_none() => {
                    pipe = Some(i);
                }
                Tok::Punct(";") if depth == 0 => {
                    statement_start = i + 1;
                    break;
                }
                _ => {}
            }
        }
        // Find the `(` enclosing the pipe (a subquery), when the pipe is inside one.
        if pipe.is_some() && open_paren.is_none() {
            let mut depth = 0i32;
            for i in (0..pipe.unwrap_or(0)).rev() {
                match tokens[i].tok {
                    Tok::Punct(")") => depth += 1,
                    Tok::Punct("(") if depth == 0 => {
                        open_paren = Some(i);
                        break;
                    }
                    Tok::Punct("(") => depth -= 1,
                    Tok::Punct(";") if depth == 0 => break,
                    _ => {}
                }
            }
        }
        if statement_start == 0 {
            statement_start = tokens
                .iter()
                .rposition(|t| t.tok == Tok::Punct(";"))
                .map_or(0, |i| i + 1);
        }
        let paren_function = open_paren.and_then(|p| {
            let before = p.checked_sub(1)?;
            let t = tokens[before];
            (t.tok == Tok::Ident
                && t.span.end == tokens[p].span.start
                && !matches!(
                    &source[t.span.start..t.span.end],
                    "join" | "lookup" | "union"
                ))
            .then_some(before)
        });
        let outer_operator = match (pipe, open_paren) {
            (None, Some(p)) => Segment::find(source, &tokens[..p]).operator,
            _ => None,
        };
        Segment {
            outer_operator,
            operator: pipe.map(|p| p + 1).filter(|&i| i < tokens.len()),
            pipe,
            open_paren,
            paren_function,
            statement_start,
        }
    }

    /// The query whose output flows into the cursor's operator: earlier statements (for their
    /// `let` names) plus the pipeline up to the segment's `|`.
    fn input_text(&self, source: &str, tokens: &[&Token]) -> Option<String> {
        let pipe = tokens[self.pipe?].span.start;
        let from = match self.open_paren {
            Some(p) if tokens[p].span.start < pipe => tokens[p].span.end,
            _ => tokens.get(self.statement_start).map_or(0, |t| t.span.start),
        };
        let statements_end = self
            .statement_start
            .checked_sub(1)
            .map_or(0, |i| tokens[i].span.end);
        let mut text = String::with_capacity(pipe);
        text.push_str(&source[..statements_end.min(from)]);
        text.push('\n');
        text.push_str(&source[from..pipe]);
        Some(text)
    }
}

/// In `Column == |`, `Column in (|` or `Column in ("a", |`: the column's name.
fn column_before_comparison<'s>(source: &'s str, tokens: &[&Token]) -> Option<&'s str> {
    let mut i = tokens.len().checked_sub(1)?;
    // Skip back over `in (` and earlier values of the list.
    while i > 0
        && matches!(
            tokens[i].tok,
            Tok::Punct(",") | Tok::Punct("(") | Tok::String(_)
        )
    {
        i -= 1;
    }
    let operator = &source[tokens[i].span.start..tokens[i].span.end];
    if !matches!(
        operator,
        "==" | "!=" | "=~" | "!~" | "in" | "in~" | "!in" | "!in~"
    ) {
        return None;
    }
    let column = tokens.get(i.checked_sub(1)?)?;
    (column.tok == Tok::Ident).then(|| &source[column.span.start..column.span.end])
}

/// Whether a `by` at the segment's level comes before the cursor (then keys, not aggregates).
fn after_by(source: &str, tokens: &[&Token], segment: &Segment) -> bool {
    let start = segment.operator.unwrap_or(0);
    tokens[start..]
        .iter()
        .any(|t| t.tok == Tok::Ident && &source[t.span.start..t.span.end] == "by")
}

/// Orders items for the word typed: prefix matches first, then other case-insensitive matches
/// (subsequence), then by kind and name; drops the rest.
fn rank(items: &mut Vec<Item>, word: &str) {
    let word_lower = word.to_lowercase();
    let mut scored: Vec<(u8, Item)> = items
        .drain(..)
        .filter_map(|item| {
            let label = item.label.to_lowercase();
            let score = if word.is_empty() || item.label.starts_with(word) {
                0
            } else if label.starts_with(&word_lower) {
                1
            } else if label.contains(&word_lower) {
                2
            } else if is_subsequence(&word_lower, &label) {
                3
            } else {
                return None;
            };
            Some((score, item))
        })
        .collect();
    // Known values keep the catalog's order (New, Active, Closed); the rest go by name.
    scored.sort_by(|(a, x), (b, y)| {
        a.cmp(b).then(x.kind.cmp(&y.kind)).then_with(|| {
            if x.kind == ItemKind::Value {
                std::cmp::Ordering::Equal
            } else {
                x.label.cmp(&y.label)
            }
        })
    });
    scored.dedup_by(|(_, a), (_, b)| a.label == b.label && a.kind == b.kind);
    items.extend(scored.into_iter().take(MAX_ITEMS).map(|(_, item)| item));
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

/// Whether the text ends inside a `//` comment (outside string literals).
fn in_comment(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '/') if chars.peek() == Some(&'/') => return true,
            _ => {}
        }
    }
    false
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
            vec![
                Column::new("TimeGenerated", DataType::DateTime),
                Column::new("UserPrincipalName", DataType::String),
                Column::new("ResultType", DataType::String),
                Column::new("IPAddress", DataType::String),
            ],
        ));
        c.add(TableSchema::new(
            "SecurityIncident",
            vec![
                Column::new("IncidentNumber", DataType::Int),
                Column::new("Status", DataType::String),
            ],
        ));
        let mut incident = c.table("SecurityIncident").cloned().unwrap();
        incident.columns[1].known_values = vec!["New".into(), "Active".into(), "Closed".into()];
        c.add(incident);
        c
    }

    /// Completes at the `$` marker.
    fn at(source_with_cursor: &str) -> Completion {
        let cursor = source_with_cursor.find('$').unwrap();
        let source = source_with_cursor.replace('$', "");
        complete(&source, cursor, &catalog())
    }

    fn labels(c: &Completion) -> Vec<&str> {
        c.items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn tables_at_the_start_ranked_by_the_word_typed() {
        let c = at("Sig$");
        assert_eq!(labels(&c)[0], "SigninLogs");
        assert_eq!(c.replace, Span::new(0, 3));
        let c = at("$");
        assert!(labels(&c).contains(&"SecurityIncident"));
        assert!(labels(&c).contains(&"let"));
        // Case-insensitive and subsequence matches still find it.
        assert_eq!(labels(&at("signin$"))[0], "SigninLogs");
        assert_eq!(labels(&at("SgnL$"))[0], "SigninLogs");
    }

    #[test]
    fn operators_after_a_pipe() {
        let c = at("SigninLogs | $");
        assert!(labels(&c).contains(&"where"));
        assert_eq!(labels(&at("SigninLogs | summ$"))[0], "summarize");
        let c = at("SigninLogs | project-a$");
        assert_eq!(labels(&c)[0], "project-away");
        assert_eq!(c.replace, Span::new(13, 22));
    }

    #[test]
    fn columns_of_the_rows_in_scope() {
        let c = at("SigninLogs | where User$");
        assert_eq!(c.items[0].label, "UserPrincipalName");
        assert_eq!(c.items[0].kind, ItemKind::Column);
        assert_eq!(c.items[0].detail, "string");
        // After a projection only the projected columns (and computed ones) are in scope.
        let c = at("SigninLogs | project IPAddress, n = 1 | where $");
        let cols: Vec<&str> = c
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Column)
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(cols, vec!["IPAddress", "n"]);
        // Inside a join's subquery, the subquery's own table.
        let c = at("SecurityIncident | join (SigninLogs | where Res$");
        assert_eq!(labels(&c)[0], "ResultType");
    }

    #[test]
    fn tables_in_join_and_union() {
        assert_eq!(
            labels(&at("SecurityIncident | join kind=inner (Sig$"))[0],
            "SigninLogs"
        );
        assert_eq!(
            labels(&at("SecurityIncident | union Sig$"))[0],
            "SigninLogs"
        );
        let kinds = at("SecurityIncident | join kind=$");
        assert!(labels(&kinds).contains(&"leftouter"));
    }

    #[test]
    fn functions_and_aggregates_where_they_belong() {
        let c = at("SigninLogs | where TimeGenerated > ag$");
        assert_eq!(labels(&c)[0], "ago");
        assert_eq!(c.items[0].insert, "ago(");
        let c = at("SigninLogs | summarize dcou$");
        assert_eq!(labels(&c)[0], "dcount");
        let c = at("SigninLogs | where dcou$");
        assert!(!labels(&c).contains(&"dcount"), "no aggregates in where");
        // Inside a call's parentheses, the operator's incoming columns.
        assert_eq!(
            labels(&at("SigninLogs | summarize dcount(IPA$"))[0],
            "IPAddress"
        );
        let c = at("SigninLogs | summarize count() by bin(Time$");
        assert_eq!(labels(&c)[0], "TimeGenerated");
    }

    #[test]
    fn known_values_after_a_comparison() {
        let c = at("SecurityIncident | where Status == $");
        assert_eq!(c.items[0].kind, ItemKind::Value);
        assert_eq!(c.items[0].insert, "\"New\"");
        assert_eq!(
            labels(&at("SecurityIncident | where Status in (\"New\", $"))[0],
            "New"
        );
    }

    #[test]
    fn let_names_and_render_kinds() {
        let c = at("let recent = SigninLogs | where TimeGenerated > ago(1h);\nrec$");
        assert_eq!(labels(&c)[0], "recent");
        let c = at("let recent = SigninLogs | project IPAddress;\nrecent | where $");
        assert!(labels(&c).contains(&"IPAddress"));
        assert!(labels(&at(
            "SigninLogs | summarize count() by bin(TimeGenerated, 1h) | render $"
        ))
        .contains(&"timechart"));
    }

    #[test]
    fn nothing_inside_strings_comments_or_numbers() {
        assert!(at("SigninLogs | where IPAddress == \"10.$")
            .items
            .is_empty());
        assert!(at("SigninLogs // where $").items.is_empty());
        assert!(at("SigninLogs | take 10$").items.is_empty());
    }

    #[test]
    fn never_panics_on_any_prefix() {
        let source = "let x = (SigninLogs | where ResultType == \"0\"); x | join kind=leftouter (SecurityIncident | summarize count() by Status) on $left.IPAddress == $right.Status | render timechart // é";
        for cursor in 0..=source.len() {
            let _ = complete(source, cursor, &catalog());
        }
    }
}
