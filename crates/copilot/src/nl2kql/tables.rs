//! Choosing the table: every word of the question votes for the tables whose names, our words for
//! them, descriptions, columns or known values it matches, weighted by how rare the word is.

use super::said::{said, Said};
use super::semantic_catalog::{name_word_bits, Field, Nl2KqlCatalog, TableSense, VocabEntry};
use super::text::{event_number_at, has_word, is_stopword, stem, Shape, Token};

/// The table picked, with the evidence for it.
#[derive(Clone, Debug)]
pub(crate) struct TableChoice<'q> {
    pub table: usize,
    pub score: f32,
    pub runner_up: Option<(usize, f32)>,
    /// Words that voted for the table, strongest first.
    pub evidence: Vec<String>,
    /// Token indices that spoke for the table through its name or our words for it.
    pub name_tokens: Vec<usize>,
    /// All scores, by table index.
    pub scores: Vec<f32>,
    /// The part of each score that came from table names and our words for tables.
    pub name_hits: Vec<f32>,
    /// The question's words (stems) that spell part of each table's own name, table by table:
    /// those of table `t` are `named_words[named_at[t]..named_at[t + 1]]` (see `named`).
    named_words: Vec<&'q str>,
    named_at: Vec<u32>,
}

impl<'q> TableChoice<'q> {
    /// The question's words (stems) that spell part of table `t`'s own name.
    pub fn named(&self, t: usize) -> &[&'q str] {
        &self.named_words[self.named_at[t] as usize..self.named_at[t + 1] as usize]
    }
}

/// A join the catalog allows between the chosen table and another one the question names.
#[derive(Clone, Debug)]
pub(crate) struct JoinPlan {
    /// The table whose key is matched (the chosen table, or a table joined before).
    pub left: usize,
    pub right: usize,
    pub left_key: String,
    pub right_key: String,
    pub words: String,
    /// Only which keys the right side has matters ("devices that ... and also ..."): a
    /// leftsemi join.
    pub semi: bool,
}

/// Looks for a second table the question names strongly and that the chosen one joins with; the
/// left side of the join becomes the chosen table.
pub(crate) fn join_partner(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    choice: &mut TableChoice,
) -> Option<JoinPlan> {
    let mut best: Option<(f32, usize, usize, String, String)> = None;
    let t = choice.table;
    for other in 0..cat.tables.len() {
        let strength = choice.name_hits[other];
        if other == t || strength < 3.0 || choice.scores[other] < 0.4 * choice.score {
            continue;
        }
        // The other table must be named by a word of its own, not one it shares with the chosen
        // table ("alert" names both AlertInfo and AlertEvidence).
        let chosen_words = &cat.tables[t].name_words;
        let own_word = choice.named(other).iter().any(|w| {
            !chosen_words.iter().any(|(cw, _)| cw == w)
                && cat.tables[other]
                    .name_words
                    .iter()
                    .any(|(nw, common)| nw == w && !common)
        });
        // Or a word of ours that names it alone ("powershell" for process events), when we know
        // how the two join.
        let known = join_key(cat, t, other);
        let own_word = own_word
            || known.is_some()
                && tokens.iter().any(|tok| {
                    tok.shape == Shape::Word
                        && cat.name_df.get(tok.lower.as_str()).copied() == Some(1)
                        && cat
                            .postings(&tok.lower)
                            .iter()
                            .any(|p| p.table as usize == other && p.field == Field::TableWord)
                });
        if !own_word || best.as_ref().is_some_and(|b| strength <= b.0) {
            continue;
        }
        let key = known.or_else(|| {
            names_other_records(cat, tokens, choice, t, other)
                .then(|| entity_key(cat, tokens, t, other))
                .flatten()
        });
        if let Some((kt, ko, chosen_left)) = key {
            best = Some(if chosen_left {
                (strength, t, other, kt, ko)
            } else {
                (strength, other, t, ko, kt)
            });
        }
    }
    let (_, mut li, mut ri, mut lk, mut rk) = best?;
    // The records asked for come first; a thing's state (the devices' information, their
    // configuration) only says which of them: "processes run on devices in machine group X".
    let (ls, rs) = (
        is_state_of_thing(cat, li, &lk),
        is_state_of_thing(cat, ri, &rk),
    );
    let first_named = |t: usize| {
        tokens
            .iter()
            .position(|tok| {
                choice.named(t).contains(&tok.stem.as_str()) && own_name_word(cat, t, &tok.stem)
            })
            .unwrap_or(usize::MAX)
    };
    if ls && (!rs || first_named(ri) < first_named(li)) {
        std::mem::swap(&mut li, &mut ri);
        std::mem::swap(&mut lk, &mut rk);
        if li != choice.table {
            // The words naming the state ("machine group") are left to filter it.
            choice.name_tokens = (0..tokens.len())
                .filter(|&k| choice.named(li).contains(&tokens[k].stem.as_str()))
                .collect();
        }
    }
    choice.table = li;
    Some(JoinPlan {
        left: li,
        right: ri,
        left_key: lk,
        right_key: rk,
        words: cat.tables[ri].name.clone(),
        semi: false,
    })
}

/// A third kind of record the question names as its own ("device information" besides alerts
/// and their evidence; "clicked" besides emails and their URLs), joined to whichever table read so
/// far shares a key with it.
pub(crate) fn third_table(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    choice: &TableChoice,
    joins: &[JoinPlan],
) -> Option<JoinPlan> {
    let read: Vec<usize> = match joins.first() {
        Some(j) => vec![j.left, j.right],
        None => vec![choice.table],
    };
    let mut best: Option<(f32, JoinPlan)> = None;
    let mut full = None;
    for other in 0..cat.tables.len() {
        let strength = choice.name_hits[other];
        if strength <= 0.0
            || read.contains(&other)
            || best.as_ref().is_some_and(|b| strength <= b.0)
        {
            continue;
        }
        let full = full.get_or_insert_with(|| full_names_said(cat, tokens, &said(cat, tokens)));
        // Its whole name said is enough (then some word named it); otherwise a noun of its own,
        // strongly.
        if !full[other]
            && (strength < 3.0
                || choice.scores[other] < 0.4 * choice.score
                || !read
                    .iter()
                    .all(|&t| names_other_records(cat, tokens, choice, t, other)))
        {
            continue;
        }
        let Some((l, (lk, rk))) = read.iter().find_map(|&t| {
            join_key(cat, t, other)
                .or_else(|| entity_key(cat, tokens, t, other))
                .map(|(kt, ko, _)| (t, (kt, ko)))
        }) else {
            continue;
        };
        best = Some((
            strength,
            JoinPlan {
                left: l,
                right: other,
                left_key: lk,
                right_key: rk,
                words: cat.tables[other].name.clone(),
                semi: false,
            },
        ));
    }
    best.map(|(_, j)| j)
}

/// A column the question names by its several words ("machine groups", "recommended security
/// update", or run together, MachineGroups) that the chosen table lacks: the table that has it and
/// shares a key with the chosen one is joined in, the likeliest first.
pub(crate) fn column_partner(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    choice: &TableChoice,
    read: &[usize],
) -> Option<JoinPlan> {
    let mut best: Option<(f32, JoinPlan, String)> = None;
    let mut joined = String::new();
    let mut typos = Vec::new();
    let plain: Vec<bool> = tokens
        .iter()
        .zip(used)
        .map(|(tok, &u)| !u && tok.shape == Shape::Word && !is_stopword(&tok.lower))
        .collect();
    for i in 0..tokens.len() {
        for len in (1..=4).rev() {
            if i + len > tokens.len() || !plain[i..i + len].iter().all(|&p| p) {
                continue;
            }
            // Written as one word, only as a column is written (MachineGroups): "signins" is a
            // word of ours.
            let camel = |raw: &str| raw.chars().skip(1).any(|c| c.is_uppercase());
            if len == 1 && !camel(&tokens[i].raw) || counted_phrase(tokens, i + len) {
                continue;
            }
            joined.clear();
            for tok in &tokens[i..i + len] {
                joined.push_str(&tok.lower);
            }
            let trimmed = joined.trim_end_matches('s');
            let forms: Vec<String> =
                if cat.postings(&joined).is_empty() && cat.postings(trimmed).is_empty() {
                    // Several words spelling a column one letter off ("cvs score"): long enough
                    // not to be another column by chance.
                    if len < 2
                        || joined.len() < 8
                        || tokens[i..i + len]
                            .iter()
                            .any(|tok| super::semantic_catalog::role_of(&tok.lower).is_some())
                    {
                        continue;
                    }
                    cat.lookup(&joined, &joined, &mut typos);
                    let forms: Vec<String> = typos
                        .iter()
                        .filter(|(w, f)| *f < 0.75 && *w != joined)
                        .map(|(w, _)| w.to_string())
                        .collect();
                    if forms.len() != 1 {
                        continue;
                    }
                    forms
                } else {
                    vec![joined.clone(), trimmed.to_string()]
                };
            // A column of a table read already, words of a table's own name ("sign ins"), or a
            // kind of column the chosen table has ("ip addresses"; not "machine group", a group)
            // are no call for another table.
            if forms.iter().any(|f| {
                cat.postings(f)
                    .iter()
                    .any(|p| read.contains(&(p.table as usize)) || p.field == Field::TableName)
            }) || super::semantic_catalog::role_of(&tokens[i + len - 1].lower)
                .is_some_and(|r| cat.tables[choice.table].roles[r])
            {
                break;
            }
            // Only names of two or more words: one-word columns are ordinary words.
            let Some((form, ps)) = forms.iter().find_map(|f| {
                let ps: Vec<u16> = cat
                    .postings(f)
                    .iter()
                    .filter(|p| p.field == Field::ColumnConcat)
                    .filter(|p| {
                        p.column.is_some_and(|c| {
                            cat.tables[p.table as usize].columns[c as usize]
                                .concats
                                .iter()
                                .any(|(cc, k)| cc == f && *k >= 2)
                        })
                    })
                    .map(|p| p.table)
                    .collect();
                (!ps.is_empty() && ps.len() <= 3).then(|| (f.clone(), ps))
            }) else {
                continue;
            };
            for &o in &ps {
                let o = o as usize;
                let sc = choice.scores[o];
                if best.as_ref().is_some_and(|b| sc <= b.0) {
                    continue;
                }
                // Joined to the first table read that shares a key with it.
                if let Some((t, (kt, ko, _))) = read.iter().find_map(|&t| {
                    join_key(cat, t, o)
                        .or_else(|| entity_key(cat, tokens, t, o))
                        .map(|k| (t, k))
                }) {
                    best = Some((
                        sc,
                        JoinPlan {
                            left: t,
                            right: o,
                            left_key: kt,
                            right_key: ko,
                            words: String::new(),
                            semi: false,
                        },
                        form.clone(),
                    ));
                }
            }
            break;
        }
    }
    best.map(|(_, mut j, form)| {
        j.words = form;
        j
    })
}

/// Whether token `k` is one of our words for some table, none of them `table`: in "rdp
/// connections" the second word is the records, the first only says which of them.
fn modifies_another(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    k: usize,
    table: u16,
) -> bool {
    let Some(t) = tokens.get(k).filter(|t| {
        !used[k] && t.shape == Shape::Word && !GENERIC_NOUNS.contains(&t.stem.as_str())
    }) else {
        return false;
    };
    let ours = || {
        cat.postings(&t.stem)
            .iter()
            .chain(cat.postings(&t.lower))
            .filter(|p| p.field == Field::TableWord)
    };
    ours().next().is_some() && ours().all(|p| p.table != table)
}

/// Words ending at `end` with "count" that ask for a count ("attachment count by file type"),
/// not for a column of counts (AttachmentCount).
fn counted_phrase(tokens: &[Token], end: usize) -> bool {
    end >= 2
        && tokens[end - 1].lower == "count"
        && tokens
            .get(end)
            .is_none_or(|n| matches!(n.lower.as_str(), "by" | "per" | "for" | "," | "over"))
}

/// Our synonyms of each token's stem.
/// The words of a table's name a question must say side by side to name it whole: all of them,
/// but a last "Events" or "Logs" may go unsaid ("url click" names UrlClickEvents); none when
/// fewer than two would be left (a one-word name is also an ordinary word).
pub(crate) fn full_name_words(t: &TableSense) -> &[(String, bool)] {
    let needed = match t.name_words.split_last() {
        Some(((last, _), rest)) if matches!(last.as_str(), "event" | "log") => rest,
        _ => t.name_words.as_slice(),
    };
    if needed.len() < 2 {
        return &[];
    }
    needed
}

/// The tables whose whole name the question says ([`full_name_words`], in order and side by
/// side: "device information", "alert evidence"), whatever other tables share the words, by
/// table. A word is said as itself or a synonym of ours ("information" for "info"); no typo
/// guesses. Only the tables whose name begins with a word of the question are tried
/// (`Nl2KqlCatalog::full_name_starts`).
fn full_names_said(cat: &Nl2KqlCatalog, tokens: &[Token], said: &[Said]) -> Vec<bool> {
    let said_at = |k: usize, w: &str| tokens[k].shape == Shape::Word && said[k].says(w);
    let mut out = vec![false; cat.tables.len()];
    for (i, s) in said.iter().enumerate() {
        if tokens[i].shape != Shape::Word {
            continue;
        }
        let forms = [s.stem, s.lower]
            .into_iter()
            .chain(s.synonyms.into_iter().flatten().map(String::as_str));
        for form in forms {
            for &t in cat.full_name_starts.get(form).into_iter().flatten() {
                let t = usize::from(t);
                let needed = full_name_words(&cat.tables[t]);
                if !out[t]
                    && i + needed.len() <= tokens.len()
                    && needed
                        .iter()
                        .enumerate()
                        .all(|(k, (w, _))| said_at(i + k, w))
                {
                    out[t] = true;
                }
            }
        }
    }
    out
}

/// Nouns that name records of any kind: "events", "logs", "details" say little about which table.
const GENERIC_NOUNS: &[&str] = &[
    "event",
    "log",
    "record",
    "entry",
    "entri",
    "info",
    "information",
    "data",
    "detail",
    "activity",
    "activiti",
    "report",
    "table",
    "item",
    "result",
];

/// Words that order or cut the rows ("first 100", "top 5", "latest"): they shape the answer and
/// say nothing about which table holds it.
const ORDER_WORDS: &[&str] = &[
    "first", "last", "top", "latest", "newest", "oldest", "earliest", "most", "least", "highest",
    "lowest", "recent", "recently",
];

/// Evidence below this is not enough to pick a table.
const MIN_SCORE: f32 = 1.6;

pub(crate) fn choose<'q>(
    cat: &Nl2KqlCatalog,
    tokens: &'q [Token],
    used: &[bool],
) -> Option<TableChoice<'q>> {
    let n = cat.tables.len();
    if n == 0 {
        return None;
    }
    let mut scores = vec![0f32; n];
    let mut name_hits = vec![0f32; n];
    // (weight, first token, end token): words are spelled out for the chosen table only.
    // (table, (weight, first token, end token)), and (table, token) for name tokens: one list
    // for all tables, as only the chosen table's are read.
    let mut evidence: Vec<(usize, (f32, usize, usize))> = Vec::with_capacity(64);
    let mut name_tokens: Vec<(usize, usize)> = Vec::with_capacity(16);
    let mut best = vec![0f32; n];
    let mut name_best = vec![0f32; n];
    let mut word_best = vec![0f32; n];
    // The words of each table's own name the question said, as bits of `name_words`.
    let mut matched_name_word: Vec<u64> = vec![0; n];
    let mut words = Vec::new();
    let ln_n = ((n + 1) as f32).ln();
    let stop: Vec<bool> = tokens.iter().map(|t| is_stopword(&t.lower)).collect();
    // Several words spelling one column ("user principal name", "event name", "source ip"):
    // evidence for the tables with that column, and not for tables named by one of the words.
    let mut in_phrase: Vec<Option<&VocabEntry>> = vec![None; tokens.len()];
    let mut value_word = vec![false; tokens.len()];
    // Words spelling one known value whole ("powershell commands" of PowerShellCommand): the
    // tables whose column takes it. They say that kind of record, not another table's name.
    let mut value_holders: Vec<Option<Vec<u16>>> = vec![None; tokens.len()];
    let mut form = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found = None;
        for len in (2..=4).rev() {
            if i + len > tokens.len()
                || tokens[i..i + len]
                    .iter()
                    .enumerate()
                    .any(|(k, t)| used[i + k] || t.shape != Shape::Word || stop[i + k])
            {
                continue;
            }
            form.clear();
            for t in &tokens[i..i + len - 1] {
                form.push_str(&t.lower);
            }
            let base = form.len();
            let last = &tokens[i + len - 1].lower;
            form.push_str(last);
            let mut entry = cat.vocab.get(form.as_str());
            if !entry.is_some_and(|e| e.has(Field::ColumnConcat)) {
                form.truncate(base);
                form.push_str(last.trim_end_matches('s'));
                entry = cat.vocab.get(form.as_str());
            }
            if let Some(e) = entry.filter(|e| e.has(Field::ColumnConcat)) {
                found = Some((len, e));
                break;
            }
        }
        let Some((len, entry)) = found else {
            i += 1;
            continue;
        };
        if counted_phrase(tokens, i + len) {
            i += 1;
            continue;
        }
        let df = entry.table_df.max(1) as f32;
        let idf = (1.0 + n as f32 / df).ln() / ln_n;
        let wt = 1.1 * len as f32 * (0.35 + 0.65 * idf);
        let mut seen: Vec<u16> = Vec::new();
        for h in entry.hits.iter().filter(|h| h.field == Field::ColumnConcat) {
            seen.push(h.table);
            let ti = h.table as usize;
            scores[ti] += wt;
            evidence.push((ti, (wt, i, i + len)));
        }
        // The column of several such things ("ip address" of IPAddresses, a list).
        let base = form.len();
        for plural in ["es", "s"] {
            form.truncate(base);
            form.push_str(plural);
            for p in cat.postings(&form) {
                if p.field == Field::ColumnConcat && !seen.contains(&p.table) {
                    seen.push(p.table);
                    let ti = p.table as usize;
                    scores[ti] += wt;
                    evidence.push((ti, (wt, i, i + len)));
                }
            }
        }
        for k in i..i + len {
            in_phrase[k] = Some(entry);
        }
        // The capitalized words right after a column are its value ("job title Security
        // Engineer"), not words about the data.
        let mut k = i + len;
        while k < tokens.len()
            && k < i + len + 3
            && tokens[k].shape == Shape::Word
            && tokens[k]
                .raw
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
        {
            value_word[k] = true;
            k += 1;
        }
        i += len;
    }
    // Several words said together that are one of our words for a table ("password changes",
    // "secure configuration"): as strong as a word of its name.
    let mut joined = String::new();
    for i in 0..tokens.len() {
        for len in (2..=3).rev() {
            if i + len > tokens.len()
                || tokens[i..i + len]
                    .iter()
                    .enumerate()
                    .any(|(k, t)| used[i + k] || t.shape != Shape::Word)
            {
                continue;
            }
            joined.clear();
            for t in &tokens[i..i + len] {
                joined.push_str(&t.lower);
            }
            let trimmed = joined.trim_end_matches('s');
            // "queries" is "query".
            let singular = joined
                .strip_suffix("ies")
                .map(|b| format!("{b}y"))
                .unwrap_or_default();
            let Some(entry) = [joined.as_str(), trimmed, singular.as_str()]
                .into_iter()
                .find_map(|f| cat.vocab.get(f).filter(|e| e.has(Field::TableWord)))
            else {
                continue;
            };
            let ndf = entry.name_df.max(1) as f32;
            let name_idf = (1.0 + n as f32 / ndf).ln() / ln_n;
            let wt = field_weight(Field::TableWord) * (0.35 + 0.65 * name_idf);
            for p in entry.hits.iter().filter(|h| h.field == Field::TableWord) {
                let ti = p.table as usize;
                // Not when a word of it is another table's own name word: "active
                // directory" is where several tables' records come from.
                let others = tokens[i..i + len].iter().any(|t| {
                    !cat.tables[ti].name_words.iter().any(|(w, _)| *w == t.stem)
                        && cat.postings(&t.stem).iter().any(|q| {
                            q.table != p.table
                                && q.field == Field::TableName
                                && cat.tables[q.table as usize]
                                    .name_words
                                    .iter()
                                    .any(|(w, common)| *w == t.stem && !common)
                        })
                });
                if others {
                    continue;
                }
                scores[ti] += wt;
                name_hits[ti] += wt;
                evidence.push((ti, (wt, i, i + len)));
            }
            break;
        }
    }
    // Several words spelling one known value ("antivirus detections", "open process api call"):
    // the records of that kind are in the tables whose column takes it.
    let mut spaced = String::new();
    for i in 0..tokens.len() {
        for len in (2..=4).rev() {
            if i + len > tokens.len()
                || tokens[i..i + len]
                    .iter()
                    .enumerate()
                    .any(|(k, t)| used[i + k] || t.shape != Shape::Word || stop[i + k])
            {
                continue;
            }
            joined.clear();
            spaced.clear();
            for t in &tokens[i..i + len] {
                joined.push_str(&t.lower);
                if !spaced.is_empty() {
                    spaced.push(' ');
                }
                spaced.push_str(&t.lower);
            }
            let trimmed = joined.trim_end_matches('s');
            // Or as the value writes it, word by word ("DNS query", "Failed logon").
            let spaced_trimmed = spaced.trim_end_matches('s');
            let entry = [joined.as_str(), trimmed, spaced.as_str(), spaced_trimmed]
                .into_iter()
                .find_map(|f| cat.vocab.get(f).filter(|e| e.has(Field::KnownValue)));
            let Some(entry) = entry else {
                continue;
            };
            let seen: Vec<u16> = entry
                .hits
                .iter()
                .filter(|h| h.field == Field::KnownValue)
                .map(|h| h.table)
                .collect();
            for k in i..i + len {
                if value_holders[k].is_none() {
                    value_holders[k] = Some(seen.clone());
                }
            }
            let idf = (1.0 + n as f32 / seen.len() as f32).ln() / ln_n;
            for &ti in &seen {
                // Words of the table's own name vote for it by themselves: "logon failure" is a
                // value of a logon table's column, but only "failure" tells it from other logon
                // tables, and it is one word.
                let own = tokens[i..i + len]
                    .iter()
                    .filter(|t| {
                        cat.tables[ti as usize]
                            .name_words
                            .iter()
                            .any(|(nw, _)| *nw == t.stem)
                    })
                    .count();
                // What is left is a word, which votes by itself.
                if len - own.min(len) < 2 && own > 0 {
                    continue;
                }
                let wt = 1.3 * (len - own) as f32 * (0.35 + 0.65 * idf);
                scores[ti as usize] += wt;
                evidence.push((ti as usize, (wt, i, i + len)));
            }
            break;
        }
    }
    // Words after an exclusion say what to leave out of the records, not which they are:
    // "sudo activity ..., excluding anything mentioning the ansible user".
    let mut excluded = vec![false; tokens.len()];
    let mut in_exclusion = false;
    for (k, t) in tokens.iter().enumerate() {
        if t.shape == Shape::Symbol || t.start > 0 && k > 0 && tokens[k - 1].end + 1 < t.start {
            in_exclusion = false;
        }
        excluded[k] = in_exclusion;
        if matches!(
            t.lower.as_str(),
            "excluding" | "except" | "exclude" | "excludes" | "ignoring" | "omitting" | "skipping"
        ) {
            in_exclusion = true;
        }
    }
    for (i, t) in tokens.iter().enumerate() {
        // The word after "contains", "named"... is a value, not a word about the data.
        let after_operator = i > 0
            && matches!(
                tokens[i - 1].lower.as_str(),
                "contains" | "containing" | "contain" | "named" | "called" | "equals" | "like"
            );
        // "starts with", "ends with": an operator, not words about the data.
        let operator_word = matches!(
            t.lower.as_str(),
            "start" | "starts" | "starting" | "end" | "ends" | "ending" | "begin" | "begins"
        ) && tokens.get(i + 1).is_some_and(|n| n.lower == "with");
        // "that file", "this address": the thing a value named earlier, not a kind of record.
        let refers_back = i > 0
            && matches!(tokens[i - 1].lower.as_str(), "that" | "this")
            && tokens[..i - 1]
                .iter()
                .any(|v| names_value_kind(&t.stem, v.shape));
        // "non-Microsoft", "non-expired": a prefix of negation names a table ("Non" of
        // AADNonInteractiveUserSignInLogs) only with the word of its name after it.
        let stray_prefix = t.lower == "non"
            && !tokens.get(i + 1).is_some_and(|next| {
                cat.tables.iter().any(|tb| {
                    tb.name_words.iter().any(|(w, _)| w == "non")
                        && tb.name_words.iter().any(|(w, _)| *w == next.stem)
                })
            });
        if used[i]
            || stray_prefix
            || after_operator
            || refers_back
            || operator_word
            || value_word[i]
            || t.shape != Shape::Word
            || (stop[i] && t.lower != "log" && t.lower != "logs")
            || ORDER_WORDS.contains(&t.lower.as_str())
            // Words that shape the answer ("count", "per hour") say nothing about the data.
            || super::intent::is_cue_word(&t.lower) && !(t.lower == "log" || t.lower == "logs")
        {
            continue;
        }
        cat.lookup_entries(&t.stem, &t.lower, &mut words);
        if words.is_empty() {
            continue;
        }
        let generic_noun = GENERIC_NOUNS.contains(&t.stem.as_str());
        // "users", "hosts", "ip addresses" name a kind of column: they speak through columns, not
        // through known values that happen to contain the word.
        let role = super::semantic_catalog::role_of(&t.lower);
        let role_noun = role.is_some();
        let plural = t.lower.len() > t.stem.len() && t.lower.ends_with('s');
        let said_apart = t.raw.contains([' ', '-'])
            && !t
                .raw
                .split([' ', '-'])
                .next()
                .is_some_and(|v| v.ends_with("ed"));
        best.iter_mut().for_each(|b| *b = 0.0);
        name_best.iter_mut().for_each(|b| *b = 0.0);
        word_best.iter_mut().for_each(|b| *b = 0.0);
        let phrase = in_phrase[i];
        // Capitalised inside the sentence, and known to the catalog only as values.
        let proper_name = i > 0
            && t.raw.chars().next().is_some_and(char::is_uppercase)
            && words
                .iter()
                .all(|(_, e, _)| e.fields & !Field::KnownValue.bit() == 0);
        // A word some table is named by ("logins" for the logon tables) keeps speaking for them
        // inside a known value of another's ("Failedlogin").
        let names_tables =
            value_holders[i].is_some() && words.iter().any(|(_, e, _)| e.has(Field::TableName));
        for &(_, entry, factor) in &words {
            let df = entry.table_df.max(1) as f32;
            let idf = (1.0 + n as f32 / df).ln() / ln_n;
            let ndf = entry.name_df.max(1) as f32;
            let name_idf = (1.0 + n as f32 / ndf).ln() / ln_n;
            // One table and field at a time: every occurrence of the word there weighs the same,
            // and only the heaviest counts.
            for p in &entry.hits {
                let ti = p.table as usize;
                if role_noun && p.field == Field::KnownValue {
                    continue;
                }
                // "devices affected by CVE-..." asks for devices: a table with no column of that
                // kind (the vulnerability knowledge base) cannot answer, whatever its name says.
                // Only the plural asks for things; a singular may modify ("managed identity").
                if role
                    .filter(|_| plural)
                    .is_some_and(|r| !cat.tables[ti].roles[r])
                {
                    continue;
                }
                if matches!(
                    p.field,
                    Field::TableName | Field::TableWord | Field::TablePhraseWord
                ) && phrase.is_some_and(|ps| {
                    !ps.hits
                        .iter()
                        .any(|q| q.table == p.table && q.field == Field::ColumnConcat)
                }) {
                    // "user principal name" names a column, not the service principal table.
                    continue;
                }
                if matches!(p.field, Field::TableWord | Field::TablePhraseWord)
                    && !names_tables
                    && value_holders[i]
                        .as_ref()
                        .is_some_and(|h| !h.contains(&p.table))
                {
                    // "powershell commands" (a kind of DeviceEvents record) is not "powershell"
                    // of process events.
                    continue;
                }
                let f = if matches!(
                    p.field,
                    Field::TableName | Field::TableWord | Field::TablePhraseWord
                ) {
                    name_idf
                } else {
                    idf
                };
                let mut wt = field_weight(p.field) * factor * (0.35 + 0.65 * f);
                // A name the question capitalises that the catalog knows only as values, in few
                // tables ("OneDrive", "SharePoint"): the more of a table's values it names (the
                // kinds of OneDrive objects cloud app events keep), the more its records are
                // about that place.
                if p.field == Field::KnownValue && proper_name && df <= 3.0 {
                    let values = usize::from(p.count).min(3);
                    wt *= 1.0 + 0.5 * (values - 1) as f32;
                }
                // A verb standing in for a word of ours ("received" for "inbound") mostly says
                // when the records came, not which they are.
                // (A synonym weighs 0.8 in the look-up; a word one letter off, 0.7, is the same
                // word misspelt.)
                if factor < 1.0 && p.field == Field::TableWord {
                    wt *= if t.lower.ends_with("ed") || t.lower == "sent" {
                        0.4
                    } else if factor > 0.75 {
                        SYNONYM_WORD
                    } else {
                        1.0
                    };
                }
                if generic_noun
                    && matches!(
                        p.field,
                        Field::TableName | Field::TableWord | Field::TablePhraseWord
                    )
                {
                    wt *= 0.45;
                }
                if excluded[i] {
                    wt *= EXCLUDED_WORD;
                }
                // A singular word of ours before another table's word of ours modifies it:
                // "rdp connections" are connections.
                if p.field == Field::TableWord
                    && !plural
                    && value_holders[i].is_none()
                    && modifies_another(cat, tokens, used, i + 1, p.table)
                {
                    wt *= MODIFIER_WORD;
                }
                if p.field == Field::TableName {
                    // Name words shared by many tables still count for coverage, less for score.
                    if p.common {
                        wt *= 0.5;
                    }
                    matched_name_word[ti] |= p.name_bits;
                    // "cloudtrail" covers both "cloud" and "trail" (when only one table's name
                    // spells it: "signin" is in many), and so do the records named apart as the
                    // name spells them ("sign-ins", "sign in attempts": AADSignInEventsBeta),
                    // not what someone did ("users who signed in").
                    if let Some(parts) = p.concat_bits.filter(|_| entry.name_df <= 1 || said_apart)
                    {
                        matched_name_word[ti] |= parts;
                    }
                }
                if p.field == Field::TableName {
                    name_best[ti] = name_best[ti].max(wt);
                }
                if matches!(p.field, Field::TableName | Field::TableWord) {
                    word_best[ti] = word_best[ti].max(wt);
                }
                if wt > best[ti] {
                    best[ti] = wt;
                }
            }
        }
        // A column written as one word ("registrykey", "filepaths") says the words it is made
        // of: those that are a table's own name words name that table, as when spelled apart.
        if in_phrase[i].is_none() {
            for (ti, part) in concat_name_words(cat, t) {
                let ndf = cat.name_df.get(part).copied().unwrap_or(1).max(1) as f32;
                let name_idf = (1.0 + n as f32 / ndf).ln() / ln_n;
                let wt = field_weight(Field::TableName) * 0.8 * (0.35 + 0.65 * name_idf);
                matched_name_word[ti] |= name_word_bits(&cat.tables[ti], part);
                name_best[ti] = name_best[ti].max(wt);
                word_best[ti] = word_best[ti].max(wt);
                best[ti] = best[ti].max(wt);
            }
        }
        for ti in 0..n {
            if best[ti] > 0.0 {
                scores[ti] += best[ti];
                evidence.push((ti, (best[ti], i, i + 1)));
            }
            if name_best[ti] > 0.0 {
                name_tokens.push((ti, i));
            }
            name_hits[ti] += word_best[ti];
        }
    }
    // A known value said just before a word of its own column's name ("unknown logons": the
    // logon type Unknown) is that column's value: it tells the tables whose column of that name
    // takes it from those where the word is some other column's value (an unknown OS platform).
    for i in 0..tokens.len().saturating_sub(1) {
        let (t, next) = (&tokens[i], &tokens[i + 1]);
        if used[i]
            || stop[i]
            || in_phrase[i].is_some()
            || t.shape != Shape::Word
            || next.shape != Shape::Word
        {
            continue;
        }
        // Only a word some column knows as a value, before a word some column is named by, can
        // be one: most pairs end here, without walking all the places the word occurs.
        let Some(entry) = cat
            .vocab
            .get(t.stem.as_str())
            .filter(|e| e.has(Field::KnownValue))
        else {
            continue;
        };
        if !next.stem.is_empty()
            && !cat
                .vocab
                .get(next.stem.as_str())
                .is_some_and(|e| e.has(Field::ColumnName))
        {
            continue;
        }
        let mut seen: Vec<u16> = Vec::new();
        for p in &entry.postings {
            let Some(c) = p.column.filter(|_| p.field == Field::KnownValue) else {
                continue;
            };
            let col = &cat.tables[p.table as usize].columns[c as usize];
            if seen.contains(&p.table)
                || !has_word(&col.words, &next.stem)
                || !col
                    .values
                    .iter()
                    .any(|v| v.words.len() == 1 && v.words[0] == t.stem)
            {
                continue;
            }
            seen.push(p.table);
            scores[p.table as usize] += VALUE_OF_NAMED_COLUMN;
            evidence.push((p.table as usize, (VALUE_OF_NAMED_COLUMN, i, i + 2)));
        }
    }
    // Coverage of the table's own name: "process events" fits DeviceProcessEvents better than
    // DeviceEvents; "events" alone fits DeviceEvents best.
    for (ti, t) in cat.tables.iter().enumerate() {
        if matched_name_word[ti] == 0 {
            continue;
        }
        let total: f32 = t
            .name_words
            .iter()
            .map(|(_, common)| if *common { 0.5 } else { 1.0 })
            .sum();
        let got: f32 = t
            .name_words
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < 64 && matched_name_word[ti] & 1 << k != 0)
            .map(|(_, w)| w)
            .map(|(_, common)| if *common { 0.5 } else { 1.0 })
            .sum();
        if total > 0.0 && got > 0.0 {
            scores[ti] += 2.0 * got / total;
        }
    }
    // A question about the things themselves ("list all users located in ...", "devices that
    // have been assigned ..."): the table of information about that kind of thing.
    // Only when no other kind of record is named by our words for it or its name ("devices with
    // failed logons" are about logons).
    let other_named = cat
        .tables
        .iter()
        .zip(&name_hits)
        .any(|(t, &h)| h >= 3.0 && inventory_of(t).is_none());
    if let Some(r) = asked_things(tokens, used).filter(|_| !other_named) {
        for (ti, t) in cat.tables.iter().enumerate() {
            // Only when it can place every value the question gives ("devices affected by
            // CVE-..." are found by the vulnerability records, not the devices' own).
            let holds_all = tokens
                .iter()
                .filter_map(super::semantic_catalog::value_kind)
                .all(|k| t.holds.get(k).copied().unwrap_or(false));
            if holds_all && inventory_of(t) == Some(r) {
                scores[ti] += INVENTORY_BONUS;
            }
        }
    }
    // A number after the word of a numbered column ("event 7045", "event ID 4625"): the tables
    // with that column (EventID) hold such records.
    for (k, t) in tokens.iter().enumerate() {
        if t.shape != Shape::Number || used[k] || k == 0 {
            continue;
        }
        let mut w = k - 1;
        if matches!(tokens[w].lower.as_str(), "id" | "code" | "number" | "#") && w > 0 {
            w -= 1;
        }
        let noun = &tokens[w];
        if noun.shape != Shape::Word || stop[w] {
            continue;
        }
        for (ti, table) in cat.tables.iter().enumerate() {
            let numbered = table.columns.iter().any(|c| {
                matches!(c.words.as_slice(), [a, b] if *a == noun.stem && (b == "id" || b == "code"))
            });
            if numbered {
                scores[ti] += NUMBERED_COLUMN;
                evidence.push((ti, (NUMBERED_COLUMN, w, k + 1)));
            }
        }
    }
    // An HTTP status ("401 responses", "failed with 403"): the tables that keep one.
    if (0..tokens.len()).any(|k| !used[k] && super::filters::http::is_status_at(tokens, k)) {
        for (ti, table) in cat.tables.iter().enumerate() {
            if super::filters::http::status_column(table).is_some() {
                scores[ti] += NUMBERED_COLUMN;
            }
        }
    }
    // Typed values: a table that has nowhere to put them is less likely (the value would be
    // dropped).
    for t in tokens.iter().filter(|t| t.shape.is_value()) {
        let Some(kind) = super::semantic_catalog::value_kind(t) else {
            continue;
        };
        for (ti, table) in cat.tables.iter().enumerate() {
            if !table.holds.get(kind).copied().unwrap_or(false) {
                scores[ti] -= 1.0;
            } else {
                scores[ti] += 0.3;
            }
        }
    }
    // A machine named as where things happened ("failed logons on SRV-DB01", "logged on to
    // web-07"): the records a device keeps of itself, rather than a directory's or service's
    // records that name the device as a source.
    let on_host = (1..tokens.len()).any(|k| {
        let t = &tokens[k];
        !used[k]
            && t.shape == Shape::Identifier
            && matches!(tokens[k - 1].lower.as_str(), "on" | "to" | "into" | "onto")
            && (super::filters::looks_like_host(&t.raw)
                || super::filters::looks_like_short_host(&t.raw))
    });
    if on_host {
        for (ti, table) in cat.tables.iter().enumerate() {
            if table.name.starts_with("Device") {
                scores[ti] += DEVICE_PLACE;
            }
        }
    }
    // A table's own name of several words, written whole ("signinlogs failures",
    // "CommonSecurityLog traffic"): the analyst means that table. (A name that is one word,
    // "Event", is also an ordinary word.)
    for (k, t) in tokens.iter().enumerate() {
        if used[k] || !matches!(t.shape, Shape::Word | Shape::Identifier) {
            continue;
        }
        let mut name = t.raw.clone();
        name.make_ascii_lowercase();
        if let Some(ti) = cat
            .table_by_name
            .get(name.as_str())
            .map(|&ti| usize::from(ti))
        {
            scores[ti] += EXACT_NAME;
            evidence.push((ti, (EXACT_NAME, k, k + 1)));
        }
    }
    // "security events 4625", "4688 events", "4624 logons": a Windows event number, which only
    // the records with an EventID column have. After "event" it adds to the numbered column
    // above: an event number is surer than most numbered things.
    let event_number = (0..tokens.len()).find(|&k| !used[k] && event_number_at(tokens, k));
    if let Some(k) = event_number {
        for (ti, table) in cat.tables.iter().enumerate() {
            if table.event_id_column().is_some() {
                scores[ti] += EVENT_NUMBER;
                evidence.push((ti, (EVENT_NUMBER, k, k + 1)));
            }
        }
    }
    // Rows asked per kind of thing ("count by device", "per user"): a table with no column of
    // that kind cannot group them.
    for k in 1..tokens.len() {
        if used[k] || !matches!(tokens[k - 1].lower.as_str(), "by" | "per" | "each") {
            continue;
        }
        let Some(r) = super::semantic_catalog::role_of(&tokens[k].lower) else {
            continue;
        };
        for (ti, table) in cat.tables.iter().enumerate() {
            if !table.roles.get(r).copied().unwrap_or(true) {
                scores[ti] -= UNGROUPABLE;
            }
        }
    }
    // A program named by its file ("cmd.exe events", "activity of x.exe"): what a program does
    // is recorded as its process's events, so it speaks for the table named for processes as a
    // word of ours for it would, weighed as a synonym.
    let program = tokens
        .iter()
        .position(|t| t.shape == Shape::FileName && is_program(&t.lower));
    // Not when the question names other records in full ("device logon events where the command
    // line has cmd.exe"), nor when it names others that the program did ("connections launched
    // by x.exe", "registry changes where the initiating process is reg.exe"): it is their actor.
    let is_process = |ti: usize| {
        cat.tables[ti]
            .name_words
            .iter()
            .any(|(w, common)| w == "process" && !common)
    };
    let others_named = |strong: bool| {
        let full = if strong {
            full_names_said(cat, tokens, &said(cat, tokens))
        } else {
            Vec::new()
        };
        (0..n).any(|ti| {
            !is_process(ti)
                && if strong {
                    full[ti]
                } else {
                    name_hits[ti] >= 3.0
                }
        })
    };
    if let Some(k) = program.filter(|_| !others_named(true)) {
        for (ti, t) in cat.tables.iter().enumerate() {
            if is_process(ti)
                && !(acts_on_others(tokens, k) && others_named(false))
                && t.holds.get(9).copied().unwrap_or(false)
            {
                let wt = field_weight(Field::TableWord) * SYNONYM_WORD;
                scores[ti] += wt;
                evidence.push((ti, (wt, k, k + 1)));
            }
        }
    }
    // A question about one thing named by its identifier (a CVE) that asks for nothing else —
    // no devices, users, addresses, no other value — reads the reference about it (a knowledge
    // base: a table that holds the identifier but records no device, user or address) rather
    // than the inventory of where it was found.
    let kinds: Vec<usize> = tokens
        .iter()
        .filter_map(super::semantic_catalog::value_kind)
        .collect();
    let actors = ["device", "user", "ip"].map(super::semantic_catalog::role_of);
    let asks_actor = tokens.iter().any(|t| {
        super::semantic_catalog::role_of(&t.lower).is_some_and(|r| actors.contains(&Some(r)))
    });
    if let ([kind], false) = (kinds.as_slice(), asks_actor) {
        let t_is_cve = tokens.iter().any(|t| t.shape == Shape::Cve);
        for (ti, table) in cat.tables.iter().enumerate() {
            let reference = table.holds.get(*kind).copied().unwrap_or(false)
                && actors
                    .iter()
                    .flatten()
                    .all(|&r| !table.roles.get(r).copied().unwrap_or(false));
            // A CVE is enough by itself: "what is CVE-2023-23397" asks for the reference.
            if reference {
                scores[ti] += if t_is_cve { 1.5 } else { 0.5 };
            }
        }
    }
    // The best two, higher score first, then the shorter name, then the first listed (as a
    // stable sort of all tables would put them; only two are read).
    let before = |a: usize, b: usize| {
        scores[b]
            .partial_cmp(&scores[a])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(cat.tables[a].name.len().cmp(&cat.tables[b].name.len()))
            == std::cmp::Ordering::Less
    };
    let best_but = |skip: Option<usize>| {
        (0..n)
            .filter(|&t| Some(t) != skip)
            .reduce(|b, t| if before(t, b) { t } else { b })
    };
    let top = best_but(None).unwrap_or(0);
    let second = best_but(Some(top));
    if scores[top] < MIN_SCORE {
        return None;
    }
    // Grouped by table, in the question's order within each.
    name_tokens.sort_by_key(|&(ti, _)| ti);
    let named_words: Vec<&str> = name_tokens
        .iter()
        .map(|&(_, k)| tokens[k].stem.as_str())
        .collect();
    let mut named_at = vec![0u32; n + 1];
    for &(ti, _) in &name_tokens {
        named_at[ti + 1] += 1;
    }
    for t in 0..n {
        named_at[t + 1] += named_at[t];
    }
    let mut ev: Vec<(f32, usize, usize)> = evidence
        .into_iter()
        .filter(|(ti, _)| *ti == top)
        .map(|(_, e)| e)
        .collect();
    ev.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    Some(TableChoice {
        table: top,
        score: scores[top],
        runner_up: second.map(|r| (r, scores[r])),
        evidence: ev
            .into_iter()
            .take(6)
            .map(|(_, a, b)| super::text::joined_raw(tokens, a, b))
            .collect(),
        name_tokens: name_tokens
            .iter()
            .filter(|(ti, _)| *ti == top)
            .map(|&(_, k)| k)
            .collect(),
        scores,
        name_hits,
        named_words,
        named_at,
    })
}

/// The own name words of tables that a one-word column name spells ("registrykey" is Registry
/// Key: "registry" names DeviceRegistryEvents), for the tables that have that column.
fn concat_name_words<'c>(cat: &'c Nl2KqlCatalog, t: &Token) -> Vec<(usize, &'c str)> {
    let trimmed = t.lower.trim_end_matches('s');
    // A word that names tables itself ("signins") already voted by its name.
    let names = Field::TableName.bit() | Field::TableWord.bit();
    if [t.lower.as_str(), trimmed, t.stem.as_str()]
        .iter()
        .any(|f| cat.vocab.get(*f).is_some_and(|e| e.fields & names != 0))
    {
        return Vec::new();
    }
    [t.lower.as_str(), trimmed]
        .into_iter()
        .find_map(|form| cat.concat_name_words.get(form))
        .map(|found| {
            found
                .iter()
                .map(|&(ti, nw)| {
                    let ti = usize::from(ti);
                    (ti, cat.tables[ti].name_words[usize::from(nw)].0.as_str())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a noun is what a typed value is ("file" of `cmd.exe`, "address" of an IP): "that
/// file" after one refers back to it.
fn names_value_kind(noun: &str, shape: Shape) -> bool {
    match shape {
        Shape::FileName | Shape::Path => matches!(noun, "file" | "path" | "program"),
        Shape::Ip => matches!(noun, "ip" | "address"),
        Shape::Email => matches!(noun, "address" | "sender" | "recipient"),
        Shape::Url => matches!(noun, "url" | "link" | "site"),
        Shape::Domain => matches!(noun, "domain" | "site"),
        Shape::Hash => matches!(noun, "hash" | "file"),
        _ => false,
    }
}

/// Whether the program at `k` is said to be the actor of the records ("... by x.exe", "the
/// initiating process is x.exe").
fn acts_on_others(tokens: &[Token], k: usize) -> bool {
    let before: Vec<&str> = tokens[..k]
        .iter()
        .rev()
        .filter(|t| !matches!(t.lower.as_str(), "the" | "a" | "\"" | "'"))
        .take(2)
        .map(|t| t.lower.as_str())
        .collect();
    matches!(
        before.as_slice(),
        ["by", ..] | ["process", ..] | ["is" | "was" | "=", "process", ..]
    )
}

/// Whether a file name is a program's: what runs as a process.
fn is_program(file: &str) -> bool {
    file.rsplit_once('.')
        .is_some_and(|(_, ext)| matches!(ext, "exe" | "com" | "scr" | "bat" | "cmd" | "ps1"))
}

/// How much naming a kind of thing ("users", "devices") speaks for the table of information about
/// such things.
const INVENTORY_BONUS: f32 = 1.0;

/// What a word standing in for one of our words for a table ("changes" for "modified") weighs
/// of it.
const SYNONYM_WORD: f32 = 0.6;
/// What a number after the word of a table's numbered column ("event 7045") weighs for it.
const NUMBERED_COLUMN: f32 = 1.5;
/// A word of ours for one table that modifies another's word of ours right after it.
const MODIFIER_WORD: f32 = 0.6;
/// A word in what the question leaves out of the records.
const EXCLUDED_WORD: f32 = 0.5;
/// A table with no column of the kind of thing the rows are grouped by.
const UNGROUPABLE: f32 = 1.0;
/// A machine named as the place of the records speaks for the tables of a device's own records.
const DEVICE_PLACE: f32 = 0.5;
/// What a table's whole name, written as one word, adds for it.
const EXACT_NAME: f32 = 5.0;
/// What a Windows event number beside "event" adds for the tables with an EventID column.
const EVENT_NUMBER: f32 = 3.0;
/// What a known value weighs, besides its own vote, when the next word names its column.
const VALUE_OF_NAMED_COLUMN: f32 = 0.4;

/// Kinds of thing that have a table of information about them: users and devices.
const ACTOR_ROLES: [&str; 2] = ["user", "device"];

/// The kind of thing (its role, as [`super::semantic_catalog::role_of`]) that the question asks
/// for by a plural noun ("users", "machines"), unless it only groups by it ("per device").
pub(crate) fn asked_things(tokens: &[Token], used: &[bool]) -> Option<usize> {
    let actors = ACTOR_ROLES.map(super::semantic_catalog::role_of);
    for (k, t) in tokens.iter().enumerate() {
        // Only the plural asks for things.
        if used[k] || t.shape != Shape::Word || t.lower.len() <= t.stem.len() {
            continue;
        }
        let Some(r) = super::semantic_catalog::role_of(&t.lower) else {
            continue;
        };
        if !actors.contains(&Some(r)) {
            continue;
        }
        let grouping = k > 0
            && matches!(
                tokens[k - 1].lower.as_str(),
                "per" | "by" | "each" | "every" | "across"
            );
        return (!grouping).then_some(r);
    }
    None
}

/// Whether `w` is a word of the table's own name that few tables share ("process", not "device").
fn own_name_word(cat: &Nl2KqlCatalog, t: usize, w: &str) -> bool {
    cat.tables[t]
        .name_words
        .iter()
        .any(|(nw, common)| nw == w && !common)
}

/// The chosen table seen with the columns its joins bring (those of the joined tables it lacks
/// itself; a name both have keeps the chosen table's), so that grouping, counting and
/// projecting after the join can read them ("per DeviceName and MachineGroup"). Its look-ups of
/// known values and of columns by name stay the chosen table's: values are bound before the join,
/// to the chosen table's columns. Columns are shared, not copied.
pub(crate) fn with_joined_columns(
    cat: &Nl2KqlCatalog,
    table: usize,
    joins: &[JoinPlan],
) -> super::semantic_catalog::TableSense {
    let mut out = cat.tables[table].clone();
    let own = out.columns.len();
    for j in joins {
        let right = &cat.tables[j.right];
        let mut moved: Vec<Option<u16>> = vec![None; right.columns.len()];
        for (ci, c) in right.columns.iter().enumerate() {
            if cat.tables[table].column_by_name.contains_key(&c.name)
                || out.columns[own..].iter().any(|o| o.name == c.name)
            {
                continue;
            }
            moved[ci] = Some(out.columns.len() as u16);
            out.columns.push(c.clone());
        }
        out.joined_column_index
            .push((right.column_index.clone(), moved));
        for (h, o) in out.holds.iter_mut().zip(&right.holds) {
            *h |= *o;
        }
        for (r, o) in out.roles.iter_mut().zip(&right.roles) {
            *r |= *o;
        }
    }
    // The chosen table's own columns come first: only a table without one looks at the others.
    if out.outcome_column.is_none() {
        out.outcome_column = super::filters::outcomes::outcome_column_of(&out.columns);
    }
    out
}

/// Whether joining table `t` on `key` reads the state of a long-lived thing (a device, an
/// account) rather than records of their own: a table that records no events, joined on the
/// id of such a thing.
pub(crate) fn is_state_of_thing(cat: &Nl2KqlCatalog, t: usize, key: &str) -> bool {
    !cat.tables[t].name_words.iter().any(|(w, _)| w == "event")
        && super::senses::THING_KEYS.contains(&key)
}

/// Whether the table holds one current row per thing once only the latest is kept: the
/// information about that kind of thing, which its description names first ("Machine
/// information", "Account information"; not "Network properties of machines", one per adapter).
pub(crate) fn one_row_per_thing(t: &super::semantic_catalog::TableSense) -> bool {
    inventory_of(t).is_some()
        && t.description
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .and_then(|w| super::semantic_catalog::role_of(&w.to_lowercase()))
            .is_some()
}

/// The kind of thing a table is the information about, when it is one: its name ends in "Info"
/// and its description begins by naming users or devices ("Machine information...", "Network
/// properties of machines...", "Account information...").
fn inventory_of(t: &super::semantic_catalog::TableSense) -> Option<usize> {
    if t.name_words.last().is_none_or(|(w, _)| w != "info") {
        return None;
    }
    let actors = ACTOR_ROLES.map(super::semantic_catalog::role_of);
    t.description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .find_map(|w| {
            let r = super::semantic_catalog::role_of(&w.to_lowercase())?;
            actors.contains(&Some(r)).then_some(r)
        })
}

fn field_weight(f: Field) -> f32 {
    match f {
        Field::TableName => 4.0,
        Field::TableWord => 3.5,
        Field::TablePhraseWord => 1.6,
        Field::TableDescription => 0.6,
        Field::ColumnName => 0.9,
        Field::ColumnConcat => 1.6,
        Field::ColumnDescription => 0.2,
        Field::KnownValue => 1.3,
    }
}

/// The key two tables join on, as (key of `a`, key of `b`, whether `a` goes on the left), from
/// the joins we know make sense.
fn join_key(cat: &Nl2KqlCatalog, a: usize, b: usize) -> Option<(String, String, bool)> {
    let (ta, tb) = (&cat.tables[a], &cat.tables[b]);
    for (l, r, lk, rk) in super::senses::JOINS {
        if (ta.name == *l && tb.name == *r) || (ta.name == *r && tb.name == *l) {
            let a_left = ta.name == *l;
            let (ka, kb) = if a_left { (lk, rk) } else { (rk, lk) };
            if ta.column(ka).is_some() && tb.column(kb).is_some() {
                return Some((ka.to_string(), kb.to_string(), a_left));
            }
        }
    }
    None
}

/// The id of one thing (a device, a message, an alert...) that both tables record, as a key to
/// join them on: the kind of thing the question names, else the first both have.
fn entity_key(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    a: usize,
    b: usize,
) -> Option<(String, String, bool)> {
    let (ta, tb) = (&cat.tables[a], &cat.tables[b]);
    let shared = || {
        super::senses::ENTITY_KEYS
            .iter()
            .filter(|(k, _)| ta.column(k).is_some() && tb.column(k).is_some())
    };
    let named = shared().find(|(_, nouns)| {
        // Each noun stemmed once, not once a word of the question.
        let stems: Vec<String> = nouns.iter().map(|n| stem(n)).collect();
        tokens
            .iter()
            .any(|t| t.shape == Shape::Word && has_word(&stems, &t.stem))
    });
    named
        .or_else(|| shared().next())
        .map(|(k, _)| (k.to_string(), k.to_string(), true))
}

/// Whether the question names table `other` as records of their own: by a noun of its name
/// that no column of the chosen table `t` explains ("alerts" with file events, but not the
/// "process" of the initiating process, nor "files" of records that have file names), and not
/// by a verb unless the table records actions ("clicked" names click events; "attached"
/// describes, "attachments" are the records of attachment information).
fn names_other_records(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    choice: &TableChoice,
    t: usize,
    other: usize,
) -> bool {
    let chosen = &cat.tables[t];
    let records_actions = cat.tables[other]
        .name_words
        .iter()
        .any(|(w, _)| w == "event");
    choice.named(other).iter().any(|w| {
        !chosen.name_words.iter().any(|(cw, _)| cw == w)
            && !chosen.has_column_word(w)
            && cat.tables[other]
                .name_words
                .iter()
                .any(|(nw, common)| nw == w && !common)
            && tokens.iter().any(|tok| {
                tok.stem == *w
                    && (records_actions
                        || !tok.lower.ends_with("ed") && !tok.lower.ends_with("ing"))
            })
    }) || choice.scores[other] >= 0.8 * choice.scores[t]
        && tokens.iter().any(|tok| {
            // Or, when it is nearly as likely, a word of ours for it that names no other table
            // ("compliant" devices).
            tok.shape == Shape::Word
                && !is_stopword(&tok.lower)
                && !chosen.has_column_word(&tok.stem)
                && !chosen.has_column_word(&tok.lower)
                && (records_actions || !tok.lower.ends_with("ed") && !tok.lower.ends_with("ing"))
                && [tok.stem.as_str(), tok.lower.as_str()].iter().any(|w| {
                    cat.name_df.get(*w).copied() == Some(1)
                        && cat
                            .postings(w)
                            .iter()
                            .any(|p| p.table as usize == other && p.field == Field::TableWord)
                })
        })
}

/// A question about one kind of record ("alerts") that needs columns only a sibling table has
/// ("alerts for device X": the device is in the alert's evidence): the sibling the question's
/// same words name, which holds what the chosen table cannot, becomes the left side, and the
/// chosen table is joined to it on their shared key.
pub(crate) fn sibling_join(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    choice: &mut TableChoice,
) -> Option<JoinPlan> {
    let t = choice.table;
    if choice.named(t).is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize, String, String, String)> = None;
    for s in 0..cat.tables.len() {
        if s == t
            || choice.scores[s] < 0.5 * choice.score
            // The same word of their own names them both: "alerts" (not "device", which names
            // most tables).
            || !choice.named(s).iter().any(|w| {
                choice.named(t).contains(w)
                    && cat.tables[t].name_words.iter().any(|(nw, common)| nw == w && !common)
            })
        {
            continue;
        }
        let Some((kt, ks, _)) = join_key(cat, t, s) else {
            continue;
        };
        // What the question asks for that only one of the two tables has.
        let (need_t, need_s) = needs(cat, tokens, used, choice, t, s);
        let (e, i, ke, ki, words) = if !need_s.is_empty() && need_t.is_empty() {
            (s, t, ks, kt, need_s)
        } else if !need_t.is_empty()
            && need_s.is_empty()
            && unsaid_name_word(cat, choice, t)
            && !unsaid_name_word(cat, choice, s)
        {
            // "alerts for device X" reads AlertEvidence for the device, but asks for alerts: the
            // table the question's words fully name comes along.
            (t, s, kt, ks, need_t)
        } else if !need_t.is_empty() && !need_s.is_empty() {
            // Each holds some of what is asked ("high severity alerts on device X"): the
            // records chosen, with what only the sibling holds read from it.
            (t, s, kt, ks, need_s)
        } else {
            continue;
        };
        if best.is_none() {
            best = Some((e, i, ke, ki, words));
        }
    }
    let (e, i, ke, ki, words) = best?;
    choice.table = e;
    if asks_for_evidence(cat, tokens, used, choice, i, e) {
        // "what users triggered an alert", "the ids of alerts naming a device ...": the things
        // asked for are in the sibling; the alerts themselves are not asked for.
        return None;
    }
    Some(JoinPlan {
        left: e,
        right: i,
        left_key: ke,
        right_key: ki,
        words,
        semi: false,
    })
}

/// Whether the question asks first for things the sibling `s` holds (a kind of column it has,
/// "users", "ip addresses", or the records' id, "alert ids") before it names the records of
/// table `t` themselves ("alerts").
fn asks_for_evidence(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    choice: &TableChoice,
    t: usize,
    s: usize,
) -> bool {
    for (k, tok) in tokens.iter().enumerate() {
        if used[k] || tok.shape != Shape::Word {
            continue;
        }
        if choice.named(t).contains(&tok.stem.as_str()) {
            return tokens
                .get(k + 1)
                .is_some_and(|n| n.lower == "id" || n.lower == "ids")
                && cat.tables[t].name_words.len() > 1;
        }
        if let Some(r) = super::semantic_catalog::role_of(&tok.lower) {
            if !super::mentions::role_columns(&cat.tables[s], r).is_empty() {
                return true;
            }
        }
    }
    false
}

/// Whether the table's name has a word of its own ("Evidence" of AlertEvidence) the question does
/// not say.
fn unsaid_name_word(cat: &Nl2KqlCatalog, choice: &TableChoice, t: usize) -> bool {
    cat.tables[t].name_words.iter().any(|(w, common)| {
        !common && !GENERIC_NOUNS.contains(&w.as_str()) && !choice.named(t).contains(&w.as_str())
    })
}

/// The question's words and values that a column of `a` (the chosen table) but none of `b` can
/// hold, and the reverse.
fn needs(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &[bool],
    choice: &TableChoice,
    a: usize,
    b: usize,
) -> (String, String) {
    let (ta, tb) = (&cat.tables[a], &cat.tables[b]);
    let mut out = (String::new(), String::new());
    let mut push = |to_a: bool, w: &str| {
        let s = if to_a { &mut out.0 } else { &mut out.1 };
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(w);
    };
    for (k, tok) in tokens.iter().enumerate() {
        if used[k] {
            continue;
        }
        if let Some(kind) = super::semantic_catalog::value_kind(tok) {
            let (ha, hb) = (
                ta.holds.get(kind).copied().unwrap_or(false),
                tb.holds.get(kind).copied().unwrap_or(false),
            );
            if ha != hb {
                push(ha, &tok.raw);
            }
            continue;
        }
        let role = super::semantic_catalog::role_of(&tok.lower);
        if tok.shape != Shape::Word
            || is_stopword(&tok.lower)
            || GENERIC_NOUNS.contains(&tok.stem.as_str())
            || role.is_none() && super::mentions::GENERIC.contains(&tok.stem.as_str())
            || choice.named(a).contains(&tok.stem.as_str())
            || choice.named(b).contains(&tok.stem.as_str())
        {
            continue;
        }
        let (ha, hb) = match role {
            Some(r) => (
                !super::mentions::role_columns(ta, r).is_empty(),
                !super::mentions::role_columns(tb, r).is_empty(),
            ),
            None => (
                ta.has_column_word(&tok.stem) || ta.value_index.contains_key(tok.lower.as_str()),
                // Known values keep the chosen table ("iOS" devices), never call for the other.
                tb.has_column_word(&tok.stem),
            ),
        };
        if ha != hb {
            push(ha, &tok.raw);
        }
    }
    out
}
