//! Success and failure: "failed sign-ins", "successful logons", "users who logged on".

use std::sync::Arc;

use super::super::semantic_catalog::{ColumnSense, TableSense};
use super::super::text::joined_raw;
use super::super::text::{has_word, Shape, Token};
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
    if let Some((ci, c)) = outcome_code_column(table) {
        for i in 0..tokens.len() {
            let stem = tokens[i].stem.as_str();
            let failed = matches!(stem, "fail" | "failure" | "unsuccessful");
            let succeeded = matches!(stem, "success" | "succeed" | "successful");
            if used[i] || !(failed || succeeded) || filters.iter().any(|f| f.column == Some(ci)) {
                continue;
            }
            // "conditional access failed": the outcome of another column named just before,
            // whose values say failure or success.
            let of_other = table.columns.iter().enumerate().any(|(oi, oc)| {
                oi != ci
                    && oc.values.iter().any(|v| {
                        let l = v.value.to_ascii_lowercase();
                        l.contains("fail") || l.contains("success")
                    })
                    && (i.saturating_sub(2)..i).any(|k| has_word(&oc.words, &tokens[k].stem))
            });
            if of_other {
                continue;
            }
            let negated = i > 0 && !used[i - 1] && is_negation(lw(i - 1));
            used[i] = true;
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if failed != negated { "!=" } else { "==" },
                negated: false,
                values: vec![if c.is_numeric() {
                    "0".into()
                } else {
                    string_literal("0")
                }],
                all: false,
                words: tokens[i].raw.to_string(),
                why: "an outcome code where 0 is success".into(),
            });
        }
    }
}

/// The text column of outcome codes where 0 is success (Entra ID's ResultType), found once a
/// table (see [`outcome_column_of`]).
fn outcome_code_column(table: &TableSense) -> Option<(usize, &ColumnSense)> {
    let ci = usize::from(table.outcome_column?);
    Some((ci, &*table.columns[ci]))
}

/// The first of a table's columns that holds outcome codes where 0 is success, for
/// `TableSense::outcome_column`.
pub(crate) fn outcome_column_of(columns: &[Arc<ColumnSense>]) -> Option<u16> {
    columns
        .iter()
        .position(|c| {
            c.is_text()
            && (c.description_lower.starts_with("0 for success")
                // "Contains the error code, if any, for the sign-in operation."
                || c.words.iter().any(|w| w == "result")
                    && c.description_lower.contains("error code"))
            // Defender's ErrorCode: "Contains the Azure Active Directory error code if a
            // sign-in error occurs" (0 when none).
            || c.is_numeric()
                && c.words.iter().any(|w| w == "error")
                && c.description_lower.contains("error code")
                && c.description_lower.contains("sign-in")
        })
        .map(|ci| ci as u16)
}

/// The outcome column's success condition (`ResultType == "0"`, `ErrorCode == 0`), for sign-ins
/// said to have happened or not without an outcome word ("no sign-ins in 30 days": none that
/// succeeded — a failed attempt is not a use of the account).
pub(crate) fn succeeded(table: &TableSense, words: &str) -> Option<Filter> {
    let (ci, c) = outcome_code_column(table)?;
    let zero = if c.is_numeric() {
        "0".to_string()
    } else {
        string_literal("0")
    };
    Some(Filter::one(
        ci,
        c,
        "==",
        zero,
        words.to_string(),
        "a sign-in that happened is one that succeeded (0 is success)",
    ))
}

/// "error 50126", "error code 50053": that code of the outcome column.
pub(super) fn error_codes(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = outcome_code_column(table) else {
        return;
    };
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for k in 1..tokens.len() {
        if used[k] || tokens[k].shape != Shape::Number {
            continue;
        }
        let w = if matches!(lw(k - 1), "code" | "codes") && k >= 2 {
            k - 2
        } else {
            k - 1
        };
        if !matches!(lw(w), "error" | "errors" | "result" | "code") {
            continue;
        }
        for u in &mut used[w..=k] {
            *u = true;
        }
        let value = if c.is_numeric() {
            tokens[k].raw.to_string()
        } else {
            string_literal(&tokens[k].raw)
        };
        match filters
            .iter_mut()
            .find(|f| f.column == Some(ci) && f.op == "==")
        {
            Some(f) => f.values.push(value),
            None => filters.push(Filter::one(
                ci,
                c,
                "==",
                value,
                joined_raw(tokens, w, k + 1),
                "an error code of the outcome column",
            )),
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
        // Not a negation another reading took ("have not signed in for 30 days" asks for the
        // last successful one).
        let negated = i > 0 && !used[i - 1] && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: if negated { "!=" } else { "==" },
            negated: false,
            values: vec![string_literal(&value)],
            all: false,
            words: tokens[i].raw.to_string(),
            why: "the outcome of the records' own action".into(),
        });
    }
}

/// "failed file share operations", "successful requests": a status column whose known values
/// include the one word of success ("Success", "Succeeded") but no failure of the same kind —
/// the failures are every other status (Azure Storage's StatusText: `!= "Success"`).
pub(super) fn other_than_success(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    // "failed with 403": the status code said is the outcome.
    if filters.iter().any(|f| {
        f.column
            .is_some_and(|ci| table.columns[ci].name.contains("Status"))
    }) {
        return;
    }
    for i in 0..tokens.len() {
        let stem = tokens[i].stem.as_str();
        let failed = matches!(stem, "fail" | "failure" | "unsuccessful");
        let succeeded = matches!(stem, "success" | "succeed" | "successful");
        if used[i] || !(failed || succeeded) {
            continue;
        }
        let hit = table.columns.iter().enumerate().find_map(|(ci, c)| {
            let status = c
                .words
                .iter()
                .any(|w| matches!(w.as_str(), "status" | "result" | "outcom"));
            if !c.is_text() || !status || filters.iter().any(|f| f.column == Some(ci)) {
                return None;
            }
            let success = c
                .values
                .iter()
                .find(|v| matches!(v.value.as_str(), "Success" | "Succeeded" | "success"))?;
            let failure = c.values.iter().any(|v| {
                let l = v.value.to_ascii_lowercase();
                matches!(l.as_str(), "failure" | "failed" | "fail")
            });
            (!failure).then(|| (ci, success.value.clone()))
        });
        let Some((ci, value)) = hit else {
            continue;
        };
        let negated = i > 0 && !used[i - 1] && is_negation(lw(i - 1));
        used[i] = true;
        filters.push(Filter::one(
            ci,
            &table.columns[ci],
            if failed != negated { "!=" } else { "==" },
            string_literal(&value),
            tokens[i].raw.to_string(),
            "a status whose only success value is named; anything else failed",
        ));
    }
}

/// Entra ID's sign-in error codes for the failures analysts name: (words that must all be said,
/// stems; the code).
const NAMED_ERRORS: &[(&[&str], u32)] = &[
    (&["disabl", "account"], 50057),
    (&["disabl", "user"], 50057),
    (&["lock", "account"], 50053),
    (&["lock", "out"], 50053),
    (&["invalid", "password"], 50126),
    (&["wrong", "password"], 50126),
    (&["bad", "password"], 50126),
    (&["incorrect", "password"], 50126),
    (&["expir", "password"], 50055),
    (&["block", "conditional", "access"], 53003),
    (&["mfa", "requir"], 50076),
    (&["nonexist", "user"], 50034),
    (&["unknown", "user"], 50034),
];

/// "sign-ins to disabled accounts", "locked out users", "wrong password": the error code the
/// outcome column (ResultType, ErrorCode) records for that failure.
pub(super) fn named_errors(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = outcome_code_column(table) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    for (words, code) in NAMED_ERRORS {
        let at: Option<Vec<usize>> = words
            .iter()
            .map(|w| (0..tokens.len()).find(|&k| !used[k] && tokens[k].stem.starts_with(w)))
            .collect();
        let Some(at) = at else { continue };
        let (lo, hi) = (
            *at.iter().min().unwrap_or(&0),
            *at.iter().max().unwrap_or(&0),
        );
        if hi - lo > words.len() + 1 {
            continue;
        }
        for &k in &at {
            used[k] = true;
        }
        // The failure word itself is part of what the code says.
        for k in lo.saturating_sub(1)..=hi {
            if matches!(tokens[k].stem.as_str(), "fail" | "failure" | "attempt") {
                used[k] = true;
            }
        }
        let value = if c.is_numeric() {
            code.to_string()
        } else {
            string_literal(&code.to_string())
        };
        filters.push(Filter::one(
            ci,
            c,
            "==",
            value,
            joined_raw(tokens, lo, hi + 1),
            "the error code of that failure",
        ));
        return;
    }
}

/// "aws api errors", "instances reporting an error": records that have an error, where the
/// table keeps the error in a text column of its own (ErrorCode, LastError) rather than as an
/// outcome code where 0 is success.
pub(super) fn with_error(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    if outcome_code_column(table).is_some() {
        return;
    }
    let Some(i) = (0..tokens.len()).find(|&i| !used[i] && tokens[i].stem == "error") else {
        return;
    };
    // "error 404", "error code x": a value of it, read elsewhere.
    if tokens
        .get(i + 1)
        .is_some_and(|t| t.shape == Shape::Number || t.lower == "code")
    {
        return;
    }
    let pick = ["ErrorCode", "LastError", "ErrorMessage", "Error"]
        .iter()
        .find_map(|n| table.column(n).filter(|(_, c)| c.is_text()));
    let Some((ci, c)) = pick else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    let negated = i > 0 && !used[i - 1] && is_negation(&tokens[i - 1].lower);
    used[i] = true;
    filters.push(Filter {
        lhs: ident(&c.name),
        column: Some(ci),
        op: "isnotempty",
        negated,
        values: Vec::new(),
        all: false,
        words: tokens[i].raw.to_string(),
        why: "records that have an error".into(),
    });
}
