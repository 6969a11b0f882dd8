//! "expired certificates", "non-expired indicators", "not yet expired": the table's expiry time
//! against now.

use super::super::semantic_catalog::TableSense;
use super::super::text::Token;
use super::comparisons::is_negation;
use super::literals::ident;
use super::Filter;

/// Compares the table's expiry column with `now()` when the question says something expired.
pub(super) fn expired(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = table.columns.iter().enumerate().find(|(_, c)| {
        c.data_type == kql::DataType::DateTime && c.words.iter().any(|w| w.starts_with("expir"))
    }) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    for i in 0..tokens.len() {
        let l = tokens[i].lower.as_str();
        let (word, prefixed) = match l.strip_prefix("non-").or_else(|| l.strip_prefix("un")) {
            Some(rest) => (rest, true),
            None => (l, false),
        };
        if used[i] || word != "expired" {
            continue;
        }
        // "non-expired", "unexpired", "not (yet) expired", "non expired".
        let before = |k: usize| i >= k && is_negation(&tokens[i - k].lower);
        let negated = prefixed
            || before(1)
            || before(2) && tokens[i - 1].lower == "yet"
            || i >= 1 && tokens[i - 1].lower == "non";
        used[i] = true;
        if i >= 1 && (negated && !prefixed) {
            used[i - 1] = true;
        }
        filters.push(Filter {
            lhs: ident(&c.name),
            column: Some(ci),
            op: if negated { ">" } else { "<" },
            negated: false,
            values: vec!["now()".into()],
            all: false,
            words: tokens[i].raw.to_string(),
            why: if negated {
                "not expired: the expiry is still ahead".into()
            } else {
                "expired: the expiry has passed".into()
            },
        });
        return;
    }
}
