//! Lists after a value bound to a column: "severity crit, alert or emerg", "host dc01 or dc02",
//! "event 4624 or 4625" — the column takes them all (`in`).

use super::literals::string_literal;
use super::Filter;
use crate::nl2kql::semantic_catalog::TableSense;
use crate::nl2kql::text::{is_stopword, joined_raw, Shape, Token};

/// Whether a comma stood between two tokens (the tokenizer drops it; it leaves a wider gap).
fn comma_between(a: &Token, b: &Token) -> bool {
    b.start > a.end + 1
}

/// Extends single-value equality filters with the values listed after theirs.
pub(super) fn continued(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut [Filter],
) {
    for f in filters.iter_mut() {
        let Some(ci) = f.column else { continue };
        if f.negated || !matches!(f.op, "==" | "=~") || f.values.len() != 1 {
            continue;
        }
        let quoted = f.values[0].starts_with('"');
        let Some(k) = tokens.iter().enumerate().position(|(k, t)| {
            used[k]
                && if quoted {
                    string_literal(&t.raw) == f.values[0]
                } else {
                    t.raw == f.values[0]
                }
        }) else {
            continue;
        };
        let col = &table.columns[ci];
        let shape = tokens[k].shape;
        let mut last = k;
        let mut items: Vec<usize> = Vec::new();
        let mut had_comma = false;
        let mut closed = false;
        while let Some(next) = tokens.get(last + 1) {
            let comma = comma_between(&tokens[last], next);
            let mut j = last + 1;
            let conj = next.lower.as_str();
            let final_item = conj == "or" || (conj == "and" && (comma || had_comma));
            if final_item {
                j += 1;
            } else if !comma {
                break;
            }
            let Some(v) = tokens.get(j) else { break };
            let alike = v.shape == shape
                || matches!(
                    (v.shape, shape),
                    (Shape::Word, Shape::Identifier) | (Shape::Identifier, Shape::Word)
                );
            let known = col.values.is_empty()
                || col
                    .values
                    .iter()
                    .any(|kv| kv.value.eq_ignore_ascii_case(&v.raw));
            if used[j] || !alike || is_stopword(&v.lower) || !known {
                break;
            }
            // A word that goes on into a phrase ("crit or failed logons") is not a list item.
            if tokens.get(j + 1).is_some_and(|n| {
                !comma_between(v, n)
                    && n.shape == Shape::Word
                    && !is_stopword(&n.lower)
                    && n.lower != "or"
            }) {
                break;
            }
            had_comma |= comma;
            items.push(j);
            last = j;
            if final_item {
                closed = true;
                break;
            }
        }
        if !closed || items.is_empty() {
            continue;
        }
        for &j in &items {
            used[j] = true;
            if j > 0 && matches!(tokens[j - 1].lower.as_str(), "or" | "and") {
                used[j - 1] = true;
            }
            f.values.push(if quoted {
                string_literal(&tokens[j].raw)
            } else {
                tokens[j].raw.to_string()
            });
        }
        f.words = joined_raw(tokens, k, last + 1);
    }
}
