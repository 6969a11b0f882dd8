//! HTTP status codes ("failed with 403", "401 responses", "status 500") -> the table's column the
//! catalog describes as the HTTP status code (W3CIISLog's scStatus, storage logs' StatusCode).

use super::super::semantic_catalog::TableSense;
use super::super::text::{parse_number, Shape, Token};
use super::literals::string_literal;
use super::Filter;

/// The table's HTTP status column: described as one, else named for one.
pub(crate) fn status_column(table: &TableSense) -> Option<usize> {
    table
        .columns
        .iter()
        .position(|c| c.description_lower.contains("http status"))
        .or_else(|| {
            table.columns.iter().position(|c| {
                c.description_lower.contains("status code")
                    && (c.is_text() || c.is_numeric())
                    && c.words.iter().any(|w| w == "status")
            })
        })
}

/// Whether the number at `k` reads as an HTTP status: three digits from 100 to 599 with a word
/// of responses or status beside it, and not a compared count ("more than 100").
pub(crate) fn is_status_at(tokens: &[Token], k: usize) -> bool {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let t = &tokens[k];
    if t.shape != Shape::Number || t.raw.len() != 3 {
        return false;
    }
    let Some(v) = parse_number(&t.raw) else {
        return false;
    };
    if !(100.0..600.0).contains(&v) {
        return false;
    }
    if k > 0
        && matches!(
            lw(k - 1),
            "than" | "over" | "above" | "least" | "top" | "first" | "last"
        )
    {
        return false;
    }
    let status_word = |w: &str| {
        matches!(
            w,
            "status"
                | "response"
                | "responses"
                | "error"
                | "errors"
                | "http"
                | "code"
                | "codes"
                | "returned"
                | "returning"
                | "with"
        )
    };
    status_word(lw(k + 1)) || (k.saturating_sub(2)..k).any(|i| status_word(lw(i)))
}

/// Filters the status column by the codes the question gives.
pub(super) fn codes(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    if !(0..tokens.len()).any(|k| !used[k] && is_status_at(tokens, k)) {
        return;
    }
    let Some(ci) = status_column(table) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    let c = &table.columns[ci];
    for k in 0..tokens.len() {
        if used[k] || !is_status_at(tokens, k) {
            continue;
        }
        used[k] = true;
        let raw = &tokens[k].raw;
        let value = if c.is_numeric() {
            raw.to_string()
        } else {
            string_literal(raw)
        };
        match filters.iter_mut().find(|f| f.column == Some(ci)) {
            Some(f) => f.values.push(value),
            None => filters.push(Filter::one(
                ci,
                c,
                "==",
                value,
                raw.to_string(),
                "an HTTP status code",
            )),
        }
    }
}
