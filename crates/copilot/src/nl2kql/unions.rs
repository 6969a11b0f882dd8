//! Two kinds of record asked for side by side ("process and network events on host X", "file or
//! registry events for a device"): the rows of both, each filtered by what it can hold, as one
//! `union`.

use super::semantic_catalog::{Field, Nl2KqlCatalog};
use super::tables::{JoinPlan, TableChoice};
use super::text::{Shape, Token};

/// A second table read beside the chosen one, and the words that name it.
#[derive(Clone, Debug)]
pub(crate) struct UnionPlan {
    pub other: usize,
    /// Token indices that name the other table by its own words.
    pub name_tokens: Vec<usize>,
    /// Token indices that name the chosen table by words the other's name lacks.
    pub chosen_tokens: Vec<usize>,
    pub words: String,
}

/// Words that put two kinds of record side by side.
fn is_conjunction(w: &str) -> bool {
    matches!(w, "and" | "or" | "plus" | "&" | "," | "/" | "as" | "well")
}

/// Tokens naming table `t` by a word of its own name that no table of `others` has ("network"
/// of DeviceNetworkEvents beside DeviceProcessEvents), leaving out a word that with the next
/// spells a column ("file name", "process id").
fn own_name_tokens(cat: &Nl2KqlCatalog, tokens: &[Token], t: usize, other: usize) -> Vec<usize> {
    let table = &cat.tables[t];
    let theirs = &cat.tables[other].name_words;
    let mut out = Vec::new();
    for (k, tok) in tokens.iter().enumerate() {
        if tok.shape != Shape::Word {
            continue;
        }
        let own = table
            .name_words
            .iter()
            .any(|(w, common)| !common && *w == tok.stem && !theirs.iter().any(|(o, _)| o == w));
        if !own {
            continue;
        }
        let spells_column = tokens.get(k + 1).is_some_and(|n| {
            n.shape == Shape::Word && {
                let joined = format!("{}{}", tok.lower, n.lower);
                [joined.as_str(), joined.trim_end_matches('s')]
                    .iter()
                    .any(|f| {
                        cat.postings(f)
                            .iter()
                            .any(|p| p.field == Field::ColumnConcat)
                    })
            }
        });
        if !spells_column {
            out.push(k);
        }
    }
    out
}

/// Whether the table records happenings (its name says "Events"): only such records are put
/// side by side; information about things is joined instead.
fn records_events(cat: &Nl2KqlCatalog, t: usize) -> bool {
    cat.tables[t].name_words.iter().any(|(w, _)| w == "event")
}

/// Whether table `b` may be a second kind of event record beside the chosen table: named by words
/// of its own and scoring at least `share` of the chosen table.
fn second_kind(cat: &Nl2KqlCatalog, choice: &TableChoice, b: usize, share: f32) -> bool {
    b != choice.table
        && records_events(cat, b)
        && choice.name_hits[b] >= 3.0
        && choice.scores[b] >= share * choice.score
}

/// The second kind of record the question asks for beside the chosen one, when both are named
/// by words of their own joined by "and" / "or" and no known join relates them.
pub(crate) fn union_partner(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    choice: &TableChoice,
) -> Option<UnionPlan> {
    let a = choice.table;
    if !records_events(cat, a) {
        return None;
    }
    let mut best: Option<(f32, UnionPlan)> = None;
    for b in 0..cat.tables.len() {
        if !second_kind(cat, choice, b, 0.6)
            || best.as_ref().is_some_and(|(s, _)| choice.scores[b] <= *s)
            || super::senses::JOINS.iter().any(|(l, r, _, _)| {
                (cat.tables[a].name == *l && cat.tables[b].name == *r)
                    || (cat.tables[a].name == *r && cat.tables[b].name == *l)
            })
        {
            continue;
        }
        let ta = own_name_tokens(cat, tokens, a, b);
        let tb = own_name_tokens(cat, tokens, b, a);
        // Side by side: a conjunction between a word naming one and a word naming the other,
        // with only their shared words ("events") or nothing between.
        let side_by_side = ta.iter().any(|&i| {
            tb.iter().any(|&j| {
                let (lo, hi) = (i.min(j), i.max(j));
                hi - lo <= 4
                    && tokens[lo + 1..hi].iter().any(|t| is_conjunction(&t.lower))
                    && tokens[lo + 1..hi].iter().all(|t| {
                        is_conjunction(&t.lower)
                            || cat.tables[a].name_words.iter().any(|(w, _)| *w == t.stem)
                                && cat.tables[b].name_words.iter().any(|(w, _)| *w == t.stem)
                    })
            })
        });
        if !side_by_side {
            continue;
        }
        let words: Vec<&str> = tb.iter().map(|&k| tokens[k].raw.as_str()).collect();
        best = Some((
            choice.scores[b],
            UnionPlan {
                other: b,
                name_tokens: tb,
                chosen_tokens: ta,
                words: words.join(" "),
            },
        ));
    }
    best.map(|(_, u)| u)
}

/// Tokens that name table `t` by its name or our words for it and do not name `other`.
fn naming_tokens(cat: &Nl2KqlCatalog, tokens: &[Token], t: usize, other: usize) -> Vec<usize> {
    let names = |tok: &Token, x: usize| {
        [tok.stem.as_str(), tok.lower.as_str()].iter().any(|w| {
            cat.postings(w).iter().any(|p| {
                p.table as usize == x && matches!(p.field, Field::TableName | Field::TableWord)
            })
        })
    };
    (0..tokens.len())
        .filter(|&k| {
            tokens[k].shape == Shape::Word && names(&tokens[k], t) && !names(&tokens[k], other)
        })
        .collect()
}

/// Things (devices, users) asked for by what two kinds of their records say ("devices that had a
/// failed logon and also ran powershell"): the records of the chosen kind whose thing also has
/// records of the other kind, a leftsemi join on the thing's id.
pub(crate) fn things_with_both(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    choice: &TableChoice,
) -> Option<JoinPlan> {
    let role = super::tables::asked_things(tokens, used)?;
    // The things, then what is said of them: "devices that ...", "users who ...".
    let noun = tokens.iter().position(|t| {
        super::semantic_catalog::role_of(&t.lower) == Some(role) && t.lower.len() > t.stem.len()
    })?;
    if !tokens.get(noun + 1).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "that" | "which" | "who" | "where" | "with"
        )
    }) {
        return None;
    }
    let a = choice.table;
    let keys: &[&str] = if super::semantic_catalog::role_of("device") == Some(role) {
        &["DeviceId", "DeviceName"]
    } else {
        &["AccountObjectId", "AccountSid", "AccountUpn", "AccountName"]
    };
    if !records_events(cat, a) {
        return None;
    }
    let mut best: Option<(f32, JoinPlan)> = None;
    for b in 0..cat.tables.len() {
        if !second_kind(cat, choice, b, 0.5)
            || best.as_ref().is_some_and(|(s, _)| choice.scores[b] <= *s)
        {
            continue;
        }
        let Some(key) = keys
            .iter()
            .find(|k| cat.tables[a].column(k).is_some() && cat.tables[b].column(k).is_some())
        else {
            continue;
        };
        let (na, nb) = (
            naming_tokens(cat, tokens, a, b),
            naming_tokens(cat, tokens, b, a),
        );
        // Each said in its own part, after the things, an "and" between them.
        let apart = na.iter().any(|&i| {
            nb.iter().any(|&j| {
                let (lo, hi) = (i.min(j), i.max(j));
                lo > noun
                    && tokens[lo + 1..hi]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "and" | "also" | "then"))
            })
        });
        if !apart {
            continue;
        }
        let words: Vec<&str> = nb.iter().map(|&k| tokens[k].raw.as_str()).collect();
        best = Some((
            choice.scores[b],
            JoinPlan {
                left: a,
                right: b,
                left_key: key.to_string(),
                right_key: key.to_string(),
                words: words.join(" "),
                semi: true,
            },
        ));
    }
    best.map(|(_, j)| j)
}
