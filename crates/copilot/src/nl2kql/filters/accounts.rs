//! Accounts: the signed-in analyst ("assigned to me", "my sign-ins") and whose records a name
//! the catalog does not know is ("logins for mhair").

use super::super::mentions::role_columns;
use super::super::semantic_catalog::{role_of, Nl2KqlCatalog, TableSense};
use super::super::text::{is_stopword, joined_raw, Shape, Token};
use super::super::Nl2KqlContext;
use super::literals::{ident, string_literal};
use super::Filter;

/// "me": "assigned to me", "my sign-ins".
pub(super) fn me(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    ctx: &Nl2KqlContext,
    not_understood: &mut Vec<String>,
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len() {
        let w = lw(i);
        let prev = if i > 0 { lw(i - 1) } else { "" };
        let is_me = match w {
            "me" | "myself" => matches!(
                prev,
                "to" | "by" | "for" | "owned" | "assigned" | "about" | "involving" | "with"
            ),
            "my" | "mine" => !matches!(
                lw(i + 1),
                "environment"
                    | "network"
                    | "tenant"
                    | "organization"
                    | "org"
                    | "company"
                    | "workspace"
                    | "estate"
                    | "domain"
            ),
            _ => false,
        } && !(w == "me"
            && matches!(
                prev,
                "show" | "give" | "tell" | "get" | "find" | "list" | "let"
            ));
        if !is_me || used[i] {
            continue;
        }
        used[i] = true;
        let Some(me) = &ctx.me else {
            not_understood.push(format!(
                "\"{}\" (no signed-in identity is known)",
                tokens[i].raw
            ));
            continue;
        };
        if let Some((ci, _)) = table
            .column("Owner")
            .filter(|(_, c)| c.data_type == kql::DataType::Dynamic)
        {
            filters.push(Filter {
                lhs: "tostring(Owner.userPrincipalName)".into(),
                column: Some(ci),
                op: "=~",
                negated: false,
                values: vec![string_literal(&me.upn)],
                all: false,
                words: format!("{} {}", prev, tokens[i].raw).trim().to_string(),
                why: "the incident owner is the signed-in analyst".into(),
            });
        } else if let Some(ci) = user_column(table, &me.upn) {
            filters.push(Filter {
                lhs: ident(&table.columns[ci].name),
                column: Some(ci),
                op: "=~",
                negated: false,
                values: vec![string_literal(&me.upn)],
                all: false,
                words: tokens[i].raw.to_string(),
                why: "the signed-in analyst's user principal name".into(),
            });
        } else {
            not_understood.push(format!(
                "\"{}\" ({} has no user column)",
                tokens[i].raw, table.name
            ));
        }
    }
}

/// "logins for mhair", "sign-ins by jdoe": a word the catalog does not know, right after the
/// words that named the records and "for" / "by", is whose records they are; so is one right
/// before a verb of signing in ("was alice logged on", "did bob sign in").
pub(super) fn whose_records(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 1..tokens.len() {
        // "logged on", "signed in" and "log on" are one token by now ("logon", "signin").
        let signs_in = matches!(
            lw(i + 1),
            "logon" | "login" | "signin" | "logons" | "logins" | "signins" | "authenticated"
        );
        let after_records = i >= 2 && matches!(lw(i - 1), "for" | "by");
        if !(after_records || signs_in) {
            continue;
        }
        let t = &tokens[i];
        let names_records = |k: usize| {
            let st = &tokens[k].stem;
            table.name_words.iter().any(|(w, _)| w == st)
                || table.phrases.iter().any(|p| *p == tokens[k].lower)
                || cat.synonyms.get(st.as_str()).is_some_and(|syn| {
                    syn.iter()
                        .any(|x| table.name_words.iter().any(|(w, _)| w == x))
                })
        };
        let unknown_word = matches!(t.shape, Shape::Word | Shape::Identifier)
            && !used[i]
            && t.raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
            && !is_stopword(&t.lower)
            && !super::super::intent::is_cue_word(&t.lower)
            && !cat.vocab.contains_key(t.stem.as_str())
            && !cat.vocab.contains_key(t.lower.as_str())
            && !cat.synonyms.contains_key(t.stem.as_str());
        if !unknown_word
            || after_records && !names_records(i - 2)
            || filters.iter().any(|f| {
                f.column.is_some_and(|c| {
                    table.columns[c].is_text()
                        && role_of("user").is_some_and(|r| role_columns(table, r).contains(&c))
                })
            })
        {
            continue;
        }
        let Some(ci) = role_of("user").and_then(|r| {
            role_columns(table, r).into_iter().find(|&c| {
                table.columns[c].is_text()
                    && !table.columns[c].name.contains("Upn")
                    && !table.columns[c].name.contains("Principal")
            })
        }) else {
            continue;
        };
        used[i] = true;
        let (words, why) = if after_records {
            used[i - 1] = true;
            (
                format!("{} {} {}", tokens[i - 2].raw, tokens[i - 1].raw, t.raw),
                "a name the catalog does not know, after the records and \"for\": whose they are",
            )
        } else {
            (
                format!("{} {}", t.raw, tokens[i + 1].raw),
                "a name the catalog does not know, before a verb of signing in: who signed in",
            )
        };
        filters.push(Filter {
            lhs: ident(&table.columns[ci].name),
            column: Some(ci),
            op: "=~",
            negated: false,
            values: vec![string_literal(&t.raw)],
            all: false,
            words,
            why: why.into(),
        });
    }
}

pub(super) fn user_column(table: &TableSense, upn: &str) -> Option<usize> {
    let _ = upn;
    for n in [
        "UserPrincipalName",
        "AccountUpn",
        "InitiatingProcessAccountUpn",
        "UserId",
        "Caller",
        "AccountUPN",
        "Identity",
        "UserName",
        "AccountName",
    ] {
        if let Some((i, c)) = table.column(n) {
            if c.is_text() {
                return Some(i);
            }
        }
    }
    None
}

/// "processes running as SYSTEM", "launched as admin01": the account something ran as is the
/// table's user column, when no known value took the name.
pub(super) fn run_as(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let Some(user) = role_of("user") else {
        return;
    };
    let Some(&ci) = role_columns(table, user)
        .iter()
        .find(|&&c| table.columns[c].is_text())
    else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    for i in 1..tokens.len().saturating_sub(1) {
        let ran = matches!(
            lw(i - 1),
            "run" | "runs" | "running" | "ran" | "launched" | "executed" | "executing" | "started"
        );
        let k = i + 1;
        let t = &tokens[k];
        if !ran
            || lw(i) != "as"
            || used[k]
            || !matches!(t.shape, Shape::Word | Shape::Identifier | Shape::Quoted)
            || is_stopword(&t.lower)
        {
            continue;
        }
        used[i] = true;
        used[k] = true;
        filters.push(Filter::one(
            ci,
            &table.columns[ci],
            "=~",
            string_literal(&t.raw),
            format!("{} {}", tokens[i].raw, t.raw),
            "the account it ran as",
        ));
        return;
    }
}

/// "assigned to alice@contoso.com", "owned by Alice Smith", "unassigned incidents": the owner
/// kept in a dynamic Owner column (Sentinel incidents) — its user principal name for an address,
/// its display name otherwise; no owner for "unassigned".
pub(super) fn owner(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, _)) = table
        .column("Owner")
        .filter(|(_, c)| c.data_type == kql::DataType::Dynamic)
    else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len() {
        if used[i] {
            continue;
        }
        // "unassigned", "assigned to nobody", "with no owner".
        let nobody = lw(i) == "unassigned"
            || lw(i) == "assigned"
                && matches!(lw(i + 1), "to")
                && matches!(lw(i + 2), "nobody" | "noone" | "no-one")
            || lw(i) == "no" && lw(i + 1) == "owner";
        if nobody {
            let end = match lw(i) {
                "unassigned" => i + 1,
                _ => i + 2 + usize::from(lw(i) == "assigned"),
            };
            for u in &mut used[i..end.min(tokens.len())] {
                *u = true;
            }
            filters.push(Filter {
                lhs: "tostring(Owner.objectId)".into(),
                column: Some(ci),
                op: "isnotempty",
                negated: true,
                values: Vec::new(),
                all: false,
                words: joined_raw(tokens, i, end),
                why: "an incident with no owner".into(),
            });
            return;
        }
        let cue = matches!((lw(i), lw(i + 1)), ("assigned", "to") | ("owned", "by"))
            || matches!((lw(i), lw(i + 1)), ("owner", "is") | ("owner", "="));
        let at = i + 2;
        let Some(t) = tokens.get(at).filter(|_| cue && !used[at]) else {
            continue;
        };
        if matches!(t.lower.as_str(), "me" | "myself") {
            continue;
        }
        let (path, value, end) = if t.shape == Shape::Email {
            ("userPrincipalName", t.raw.to_string(), at + 1)
        } else if matches!(t.shape, Shape::Word | Shape::Quoted | Shape::Identifier)
            && !is_stopword(&t.lower)
        {
            // A name, of one or two capitalised words ("Alice Smith") or quoted.
            let two = tokens.get(at + 1).is_some_and(|n| {
                n.shape == Shape::Word && n.raw.starts_with(|c: char| c.is_uppercase())
            }) && t.raw.starts_with(|c: char| c.is_uppercase());
            let end = at + 1 + usize::from(two);
            ("assignedTo", joined_raw(tokens, at, end), end)
        } else {
            continue;
        };
        for u in &mut used[i..end] {
            *u = true;
        }
        filters.push(Filter {
            lhs: format!("tostring(Owner.{path})"),
            column: Some(ci),
            op: "=~",
            negated: false,
            values: vec![string_literal(&value)],
            all: false,
            words: joined_raw(tokens, i, end),
            why: "the incident's owner".into(),
        });
        return;
    }
}
