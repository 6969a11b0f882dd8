//! Success and failure: "failed sign-ins", "successful logons", "users who logged on".

use super::super::semantic_catalog::TableSense;
use super::super::text::Token;
use super::comparisons::is_negation;
use super::literals::{ident, string_literal};
use super::Filter;

/// An outcome code whose catalog description says "0 for success" (Entra ID's ResultType):
/// "failed sign-ins" are the non-zero codes, "successful" ones the zero code — not a
/// Conditional Access status that merely contains the word "failure".
pub(super) fn zero_for_success(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let outcome = |stem: &str| {
        matches!(
            stem,
            "fail" | "failure" | "unsuccessful" | "success" | "succeed" | "successful"
        )
    };
    // The column is looked for only when the question speaks of an outcome.
    if !(0..tokens.len()).any(|i| !used[i] && outcome(&tokens[i].stem)) {
        return;
    }
    if let Some((ci, c)) = table
        .columns
        .iter()
        .enumerate()
        .find(|(_, c)| c.is_text() && c.description_lower.starts_with("0 for success"))
    {
        for i in 0..tokens.len() {
            let stem = tokens[i].stem.as_str();
            let failed = matches!(stem, "fail" | "failure" | "unsuccessful");
            let succeeded = matches!(stem, "success" | "succeed" | "successful");
            if used[i] || !(failed || succeeded) || filters.iter().any(|f| f.column == Some(ci)) {
                continue;
            }
            let negated = i > 0 && is_negation(lw(i - 1));
            used[i] = true;
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if failed != negated { "!=" } else { "==" },
                negated: false,
                values: vec![string_literal("0")],
                all: false,
                words: tokens[i].raw.clone(),
                why: "an outcome code where 0 is success".into(),
            });
        }
    }
}

/// "failed logons" where the table records its own action's outcome as one word of its name
/// and the outcome ("LogonFailed", "LogonSuccess"): that value, not a logon type that merely
/// mentions failure ("Failed logon with certificate").
/// "users who logged on", "devices that signed in": a logon told as done is one that
/// succeeded (unless the question speaks of failing anywhere).
pub(super) fn own_action(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let failing = tokens.iter().any(|t| {
        matches!(
            t.stem.as_str(),
            "fail" | "failure" | "unsuccessful" | "deny" | "denied" | "block" | "attempt"
        )
    });
    for i in 0..tokens.len() {
        let stem = tokens[i].stem.as_str();
        // "logged in" is one token ("login") by now; "logged into" is two.
        let raw = &tokens[i].raw;
        let done_logon = !failing
            && (["logged ", "signed ", "Logged ", "Signed "]
                .iter()
                .any(|p| raw.starts_with(p))
                || matches!(tokens[i].lower.as_str(), "logged" | "signed")
                    && matches!(lw(i + 1), "in" | "on" | "into" | "onto"));
        let outcome = match stem {
            "fail" | "failure" | "unsuccessful" => "failed",
            "success" | "succeed" | "successful" => "success",
            _ if done_logon => "success",
            _ => continue,
        };
        // The verb may also have named the records ("logged on" -> logon events).
        if used[i] && !done_logon {
            continue;
        }
        let hit = table
            .columns
            .iter()
            .enumerate()
            .filter(|(ci, c)| c.is_text() && !filters.iter().any(|f| f.column == Some(*ci)))
            .find_map(|(ci, c)| {
                c.values
                    .iter()
                    .find(|v| {
                        // The name word and the outcome, in any case (name words are lower case).
                        let (b, k) = (v.value.as_bytes(), outcome.len());
                        b.len() > k
                            && b[b.len() - k..].eq_ignore_ascii_case(outcome.as_bytes())
                            && table
                                .name_words
                                .iter()
                                .any(|(w, _)| b[..b.len() - k].eq_ignore_ascii_case(w.as_bytes()))
                    })
                    .map(|v| (ci, v.value.clone()))
            });
        let Some((ci, value)) = hit else {
            continue;
        };
        let negated = i > 0 && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: if negated { "!=" } else { "==" },
            negated: false,
            values: vec![string_literal(&value)],
            all: false,
            words: tokens[i].raw.clone(),
            why: "the outcome of the records' own action".into(),
        });
    }
}
