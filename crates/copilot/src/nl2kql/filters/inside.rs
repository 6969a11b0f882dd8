//! A word said to be in a text column: "with ransomware in the title", "mimikatz in the command
//! line", "incidents with 'phish' in their name" -> `Title has "ransomware"`.

use super::super::mentions::Mention;
use super::super::semantic_catalog::TableSense;
use super::super::text::{is_stopword, joined_raw, Shape, Token};
use super::literals::string_literal;
use super::Filter;

/// Filters the text columns that words are said to be in.
pub(super) fn word_in_column(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for (mi, m) in mentions.iter().enumerate() {
        if mention_used[mi] || !m.direct || m.start < 2 {
            continue;
        }
        let ci = m.columns[0];
        let c = &table.columns[ci];
        if !c.is_text() || filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let mut j = m.start - 1;
        if matches!(lw(j), "the" | "its" | "their" | "his" | "her") {
            j -= 1;
        }
        if !matches!(lw(j), "in" | "inside" | "within") || j == 0 {
            continue;
        }
        let v = j - 1;
        let t = &tokens[v];
        let shaped = matches!(
            t.shape,
            Shape::Word | Shape::Identifier | Shape::Quoted | Shape::FileName
        );
        if used[v] || !shaped || is_stopword(&t.lower) || t.lower.len() < 2 {
            continue;
        }
        for k in v..m.end {
            used[k] = true;
        }
        mention_used[mi] = true;
        let op = if t.shape == Shape::Word {
            "has"
        } else {
            "contains"
        };
        filters.push(Filter::one(
            ci,
            c,
            op,
            string_literal(&t.raw),
            joined_raw(tokens, v, m.end),
            "a word said to be in the column",
        ));
    }
}
