//! Two kinds of record asked for side by side ("process and network events on host X", "file or
//! registry events for a device"): the rows of both, each filtered by what it can hold, as one
//! `union`.

use super::semantic_catalog::{Field, Nl2KqlCatalog};
use super::tables::TableChoice;
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
                cat.postings(&joined)
                    .iter()
                    .any(|p| p.field == Field::ColumnConcat)
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
        if b == a
            || !records_events(cat, b)
            || choice.name_hits[b] < 3.0
            || choice.scores[b] < 0.6 * choice.score
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
