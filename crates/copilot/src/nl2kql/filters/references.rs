//! Things named earlier in the conversation: "that incident", "this user", "the same IP".

use super::super::mentions::role_columns;
use super::super::semantic_catalog::{role_of, TableSense};
use super::super::text::joined_raw;
use super::super::text::{is_stopword, parse_number, Shape, Token};
use super::super::{EntityKind, Nl2KqlContext};
use super::literals::{ident, string_literal};
use super::Filter;

/// "that incident", "this user", "the same IP".
pub(super) fn earlier(
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
        if !matches!(
            w,
            "that" | "this" | "same" | "those" | "these" | "above" | "previous"
        ) || used[i]
        {
            continue;
        }
        let noun_at = if matches!(lw(i + 1), "same") {
            i + 2
        } else {
            i + 1
        };
        let (kind, span) = match lw(noun_at) {
            "incident" | "case" => (EntityKind::Incident, 1),
            "alert" => (EntityKind::Alert, 1),
            "ip" | "address" | "ips" => (
                EntityKind::Ip,
                if lw(noun_at + 1) == "address" { 2 } else { 1 },
            ),
            "user" | "account" | "person" | "identity" => (EntityKind::User, 1),
            "host" | "device" | "machine" | "computer" | "endpoint" | "server" => {
                (EntityKind::Host, 1)
            }
            "domain" => (EntityKind::Domain, 1),
            "url" | "link" => (EntityKind::Url, 1),
            "file" => (EntityKind::FileName, 1),
            "hash" => (EntityKind::FileHash, 1),
            _ => continue,
        };
        // "this device Chris-PC" names the thing right here, and "that file" after "cmd.exe"
        // points back within the question: neither is a reference to the conversation.
        let named_here = tokens.get(noun_at + span).is_some_and(|t| {
            t.shape.is_value()
                || t.shape == Shape::Quoted
                || t.shape == Shape::Word
                    && !is_stopword(&t.lower)
                    && (t.raw.contains('-') || t.raw.chars().skip(1).any(char::is_uppercase))
        });
        let named_before = tokens[..i].iter().any(|t| {
            t.shape == Shape::Quoted
                || match kind {
                    EntityKind::Ip => t.shape == Shape::Ip,
                    EntityKind::User => t.shape == Shape::Email,
                    EntityKind::Host => matches!(t.shape, Shape::Identifier | Shape::Domain),
                    EntityKind::Domain => t.shape == Shape::Domain,
                    EntityKind::Url => t.shape == Shape::Url,
                    EntityKind::FileName => matches!(t.shape, Shape::FileName | Shape::Path),
                    EntityKind::FileHash => t.shape == Shape::Hash,
                    EntityKind::Incident | EntityKind::Alert => false,
                }
        });
        if named_here || named_before {
            continue;
        }
        let words = joined_raw(tokens, i, (noun_at + span).min(tokens.len()));
        let Some(ent) = ctx.entities.iter().rev().find(|e| e.kind == kind) else {
            not_understood.push(format!(
                "\"{words}\" (nothing of that kind was named earlier in the conversation)"
            ));
            for k in i..(noun_at + span).min(tokens.len()) {
                used[k] = true;
            }
            continue;
        };
        let role_word = match kind {
            EntityKind::Incident => "incident",
            EntityKind::Alert => "alert",
            EntityKind::Ip => "ip",
            EntityKind::User => "user",
            EntityKind::Host => "host",
            EntityKind::Domain => "domain",
            EntityKind::Url => "url",
            EntityKind::FileName => "file",
            EntityKind::FileHash => "hash",
        };
        let cols = role_of(role_word)
            .map(|r| role_columns(table, r))
            .unwrap_or_default();
        let numeric = parse_number(&ent.value).is_some();
        let pick = cols.iter().copied().find(|&c| {
            let col = &table.columns[c];
            if kind == EntityKind::User {
                return col.is_text()
                    && (ent.value.contains('@')
                        == (col.name.contains("Principal")
                            || col.name.contains("Upn")
                            || col.name == "UserId"
                            || col.name == "Identity" && ent.value.contains('@'))
                        || !ent.value.contains('@'));
            }
            if numeric {
                col.is_numeric() || col.is_text()
            } else {
                col.is_text()
            }
        });
        for k in i..(noun_at + span).min(tokens.len()) {
            used[k] = true;
        }
        match pick {
            Some(ci) => {
                let c = &table.columns[ci];
                let lit = if c.is_numeric() && numeric {
                    ent.value.clone()
                } else {
                    string_literal(&ent.value)
                };
                filters.push(Filter {
                    lhs: ident(&c.name),
                    column: Some(ci),
                    op: if c.is_numeric() || kind == EntityKind::Ip || kind == EntityKind::FileHash
                    {
                        "=="
                    } else {
                        "=~"
                    },
                    negated: false,
                    values: vec![lit],
                    all: false,
                    words,
                    why: format!(
                        "the {role_word} named earlier in the conversation ({})",
                        ent.value
                    ),
                });
            }
            None => not_understood.push(format!(
                "\"{words}\" ({} has no {role_word} column)",
                table.name
            )),
        }
    }
}
