//! A column asked to hold something, with no value given: "image loads that contain MD5 data",
//! "sign-ins that have a device name" -> `isnotempty(...)`.

use super::super::mentions::Mention;
use super::super::semantic_catalog::TableSense;
use super::super::text::joined_raw;
use super::super::text::Token;
use super::comparisons::is_negation;
use super::literals::ident;
use super::Filter;

/// Words after a column that say its content rather than a value of it.
fn content_word(w: &str) -> bool {
    matches!(
        w,
        "info" | "information" | "data" | "details" | "detail" | "value" | "values" | "field"
    )
}

/// Marks records whose column, named after a verb of holding, is not empty.
pub(super) fn held(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &[bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for (mi, m) in mentions.iter().enumerate() {
        if mention_used[mi] || !m.direct || m.weak || m.start == 0 {
            continue;
        }
        // The verb right before the column, over an article.
        let mut v = m.start - 1;
        if matches!(lw(v), "a" | "an" | "any" | "the" | "some") && v > 0 {
            v -= 1;
        }
        // "with no command line", "that have no device name", "without a SHA1": empty.
        let mut negated = lw(v) == "without";
        if lw(v) == "no" && v > 0 && matches!(lw(v - 1), "with" | "have" | "has" | "having") {
            negated = true;
            v -= 1;
        }
        let holding = negated
            || matches!(
                lw(v),
                "contain"
                    | "contains"
                    | "containing"
                    | "have"
                    | "has"
                    | "having"
                    | "include"
                    | "includes"
                    | "including"
            );
        if !holding || (v..m.start).any(|k| used[k]) {
            continue;
        }
        // Something said of the column's content, not a value of it: a content word, or the
        // end of a clause.
        let after = lw(m.end);
        let content = content_word(after);
        let clause_end = matches!(
            after,
            "" | ","
                | "."
                | "?"
                | "and"
                | "by"
                | "in"
                | "for"
                | "over"
                | "during"
                | "from"
                | "grouped"
                | "group"
                | "since"
                | "within"
                | "last"
                | "past"
        );
        if !(content || clause_end) {
            continue;
        }
        let Some(&ci) = m.columns.first() else {
            continue;
        };
        if !table.columns[ci].is_text() || filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let negated = negated || (v.saturating_sub(2)..v).any(|k| is_negation(lw(k)));
        let end = if content { m.end + 1 } else { m.end };
        for k in v..end {
            used[k] = true;
        }
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: "isnotempty",
            negated,
            values: Vec::new(),
            all: false,
            words: joined_raw(tokens, v, end),
            why: "a column asked to hold something".into(),
        });
    }
}

/// Qualities a column is named for when it holds only the things that have them
/// (MaliciousIp, SuspiciousUrl): naming the quality asks for the records where it is filled.
const QUALITIES: &[&str] = &["Malicious", "Suspicious", "Compromised", "Risky", "Blocked"];

/// "connections to known malicious IPs" -> `isnotempty(MaliciousIp)`: a column named for a
/// quality, named by the question with no value of its own.
pub(super) fn quality(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for (mi, m) in mentions.iter().enumerate() {
        if mention_used[mi] || !m.direct || m.weak || m.end - m.start < 2 {
            continue;
        }
        let ci = m.columns[0];
        let c = &table.columns[ci];
        let Some(q) = QUALITIES.iter().find(|q| c.name.starts_with(**q)) else {
            continue;
        };
        let said = (m.start..m.end).any(|k| tokens[k].lower == q.to_ascii_lowercase());
        let valued = tokens.get(m.end).is_some_and(|t| t.shape.is_value());
        if !c.is_text()
            || !said
            || valued
            || (m.start..m.end).any(|k| used[k])
            || filters.iter().any(|f| f.column == Some(ci))
        {
            continue;
        }
        for k in m.start..m.end {
            used[k] = true;
        }
        mention_used[mi] = true;
        filters.push(Filter {
            lhs: ident(&c.name),
            column: Some(ci),
            op: "isnotempty",
            negated: false,
            values: Vec::new(),
            all: false,
            words: joined_raw(tokens, m.start, m.end),
            why: format!(
                "{} is filled only for what is {}",
                c.name,
                q.to_ascii_lowercase()
            ),
        });
    }
}
