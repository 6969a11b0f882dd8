//! Column mentions: the words of the question that name a column of the chosen table ("command
//! line", "deviceid", "the time they were created"), or a kind of column ("users", "hosts").

use super::said::{length_bit, said, Said};
use super::semantic_catalog::{role_of, Nl2KqlCatalog, TableSense};
use super::senses::ROLE_NOUNS;
use super::text::{Shape, Token};

/// A span of the question naming one or more candidate columns, best first.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub columns: Vec<usize>,
    /// Named by the column's own words (not only by a kind such as "users").
    pub direct: bool,
    /// Made of words that also named the table ("incident 42"): good for binding a value only.
    pub weak: bool,
}

pub(crate) const GENERIC: &[&str] = &[
    "type", "name", "id", "time", "count", "source", "data", "detail", "info", "event", "action",
    "report", "value", "level", "identity", "tag", "result", "process", "file", "account", "user",
];

fn word_matches(s: &Said, w: &str) -> bool {
    if s.says(w) {
        return true;
    }
    // ASCII words more than one letter longer or shorter are no typo of each other.
    s.stem.len() >= 6
        && w.len() >= 6
        && (s.stem.len().abs_diff(w.len()) <= 1 || !s.stem.is_ascii() || !w.is_ascii())
        && super::text::edit_distance(s.stem, w, 1) <= 1
}

/// Finds mentions of the table's columns, longest and most complete first, without overlaps.
pub(crate) fn find(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &[bool],
    name_tokens: &[usize],
) -> Vec<Mention> {
    let is_name = |k: usize| name_tokens.contains(&k);
    let blocked_at: Vec<bool> = (0..tokens.len()).map(|k| used[k] && !is_name(k)).collect();
    let blocked = |k: usize| blocked_at[k];
    let said = said(cat, tokens);
    // The columns some word of the question can name (as written, through a synonym or one typo
    // away): a mention starts with such a word, so the other columns are skipped at once.
    let mut candidate = vec![false; table.columns.len()];
    // Whether token i may start a mention of column c: a word long enough to be taken for another
    // by a typo starts any; a shorter one only the columns it names as written or by a synonym
    // (the (column, token) pairs of `short_starts`).
    let long: Vec<bool> = tokens.iter().map(|t| t.stem.len() >= 6).collect();
    let mut short_starts: Vec<(u16, usize)> = Vec::new();
    {
        let mut mark = |w: &str, i: usize, short: bool| {
            let mut hit = |c: u16| {
                candidate[c as usize] = true;
                if short {
                    short_starts.push((c, i));
                }
            };
            // A table seen alone has no joined columns to look through.
            if table.joined_column_index.is_empty() {
                table
                    .column_index
                    .get(w)
                    .into_iter()
                    .flatten()
                    .for_each(|&c| hit(c));
            } else {
                table.columns_named(w).for_each(hit);
            }
        };
        for (i, t) in tokens.iter().enumerate() {
            if blocked(i) || !matches!(t.shape, Shape::Word | Shape::Identifier) {
                continue;
            }
            let short = t.stem.len() < 6;
            mark(&t.stem, i, short);
            if t.lower != t.stem {
                mark(&t.lower, i, short);
            }
            for s in said[i].synonyms.into_iter().flatten() {
                mark(s, i, short);
            }
            // A word the catalog knows as written is not a typo for another (as in the look-up).
            let known =
                cat.vocab.contains_key(t.stem.as_str()) || cat.vocab.contains_key(t.lower.as_str());
            if !known && t.stem.len() >= 6 && t.stem.bytes().all(|b| b.is_ascii_alphabetic()) {
                let mut near: Vec<&String> = Vec::new();
                if let Some(v) = cat.deletions.get(t.stem.as_str()) {
                    near.extend(v);
                }
                super::semantic_catalog::for_each_deletion(&t.stem, |d| {
                    if let Some((k, _)) = cat.vocab.get_key_value(d) {
                        near.push(k);
                    }
                    if let Some(v) = cat.deletions.get(d) {
                        near.extend(v);
                    }
                });
                for w in near {
                    if w.len() >= 6 && super::text::edit_distance(&t.stem, w, 1) <= 1 {
                        mark(w, i, short);
                    }
                }
            }
        }
    }
    // (start, end, column, matched words, coverage)
    let mut cands: Vec<(usize, usize, usize, usize, f32, usize)> = Vec::new();
    let mut matched: Vec<usize> = Vec::new();
    short_starts.sort_unstable();
    for (ci, c) in table.columns.iter().enumerate() {
        let nw = c.words.len();
        // Log Analytics' Type is the table's own name on every row: "logons of type 10" means
        // another column's type.
        if nw == 0 || !candidate[ci] || c.name == "Type" {
            continue;
        }
        let from = short_starts.partition_point(|&(c, _)| usize::from(c) < ci);
        let to = short_starts.partition_point(|&(c, _)| usize::from(c) <= ci);
        let short_here = &short_starts[from..to];
        // The lengths of the column's words: a token none of whose forms has one of them, and
        // that is no typo of a long one, names none of them (see `word_matches`).
        let lengths = c.words.iter().fold(0, |m, w| m | length_bit(w.len()));
        let long_words = c.words.iter().any(|w| w.len() >= 6);
        let ascii = c.words.iter().all(|w| w.is_ascii());
        let may_name = |s: &Said| {
            let n = s.stem.len();
            s.lengths & lengths != 0
                || n >= 6
                    && long_words
                    && (!ascii
                        || !s.stem.is_ascii()
                        || lengths & (length_bit(n - 1) | length_bit(n) | length_bit(n + 1)) != 0)
        };
        for i in 0..tokens.len() {
            if !(long[i] || short_here.iter().any(|&(_, k)| k == i))
                || blocked(i)
                || !matches!(tokens[i].shape, Shape::Word | Shape::Identifier)
            {
                continue;
            }
            // A single token spelling several of the column's words: "commandline", "deviceid".
            let lower = said[i].lower;
            for (cc, k) in &c.concats {
                // A word that named the table ("signins") names its column only whole.
                if cc == lower && (*k == nw || !is_name(i)) {
                    cands.push((i, i + 1, ci, *k, *k as f32 / nw as f32, *k));
                }
            }
            // A run starts with a word of the column.
            if !may_name(&said[i]) {
                continue;
            }
            // A run of tokens each naming one of the column's words, in any order, allowing one
            // filler word ("time they were created", "name of the file").
            matched.clear();
            let mut exact = 0;
            let mut j = i;
            let mut gap = 0;
            let mut last = i;
            while j < tokens.len() && j < i + nw + 3 && !blocked(j) {
                let t = &said[j];
                if let Some(k) =
                    (0..nw).find(|k| !matched.contains(k) && word_matches(t, &c.words[*k]))
                {
                    matched.push(k);
                    if c.words[k] == t.stem || c.words[k] == t.lower {
                        exact += 1;
                    }
                    last = j;
                    gap = 0;
                } else {
                    // A conjunction or a negation ends the words of one column ("addresses and
                    // not from ...").
                    gap += 1;
                    if gap > 2 || j == i || matches!(t.lower, "and" | "or" | "not" | "but" | "nor")
                    {
                        break;
                    }
                }
                j += 1;
            }
            let m = matched.len();
            if m == 0 {
                continue;
            }
            let coverage = m as f32 / nw as f32;
            let single_generic = m == 1 && GENERIC.contains(&c.words[matched[0]].as_str());
            // "event 7045", "error 403": the first word of a numbered column (EventID,
            // ErrorCode) right before a number names it, even when it also names the table.
            let numbered = m == 1
                && nw == 2
                && matched[0] == 0
                && last == i
                && matches!(c.words[1].as_str(), "id" | "code" | "number")
                && tokens.get(i + 1).is_some_and(|n| n.shape == Shape::Number);
            let on_name = (i..=last).any(is_name);
            if on_name && !(m >= 2 && coverage >= 0.99) && !numbered {
                continue;
            }
            if (coverage >= 0.99 && !single_generic) || (m >= 2 && coverage >= 0.5) || numbered {
                cands.push((i, last + 1, ci, m, coverage, exact));
            }
        }
    }
    // More words, then more of them as written rather than through a synonym ("computer" names
    // Computer before Machine), then more of the column covered.
    cands.sort_by(|a, b| {
        b.3.cmp(&a.3)
            .then(b.5.cmp(&a.5))
            .then(b.4.partial_cmp(&a.4).unwrap_or(std::cmp::Ordering::Equal))
            .then((a.1 - a.0).cmp(&(b.1 - b.0)))
            .then(
                table.columns[a.2]
                    .name
                    .len()
                    .cmp(&table.columns[b.2].name.len()),
            )
    });
    let mut taken = vec![false; tokens.len()];
    let mut out: Vec<Mention> = Vec::new();
    for (s, e, ci, m, cov, _) in &cands {
        if (*s..*e).any(|k| taken[k]) {
            // Same span, equally good: an alternative column.
            if let Some(me) = out.iter_mut().find(|me| me.start == *s && me.end == *e) {
                if !me.columns.contains(ci) && *m >= 1 && *cov >= 0.5 {
                    me.columns.push(*ci);
                }
            }
            continue;
        }
        for k in *s..*e {
            taken[k] = true;
        }
        out.push(Mention {
            start: *s,
            end: *e,
            columns: vec![*ci],
            direct: true,
            weak: false,
        });
    }
    // Kinds of column: "users", "hosts", "ip addresses".
    for (i, t) in tokens.iter().enumerate() {
        if blocked(i) || taken[i] || t.shape != Shape::Word {
            continue;
        }
        if let Some(r) = role_of(&t.lower) {
            let mut cols = role_columns(table, r);
            // The name column spelled with the very word used first: "host" -> HostName before
            // Computer.
            cols.sort_by_key(|&c| table.columns[c].words != [t.stem.as_str(), "name"]);
            if !cols.is_empty() {
                let mut end = i + 1;
                // "ip address", "user account"
                if tokens
                    .get(end)
                    .is_some_and(|n| role_of(&n.lower) == Some(r) && !taken[end])
                {
                    end += 1;
                }
                out.push(Mention {
                    start: i,
                    end,
                    columns: cols,
                    direct: false,
                    weak: is_name(i)
                        && !(i > 0
                            && matches!(
                                tokens[i - 1].lower.as_str(),
                                "per" | "by" | "each" | "every"
                            )),
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    // Role mentions inside a direct one are dropped.
    let mut keep: Vec<Mention> = Vec::new();
    for m in out {
        if keep.iter().any(|k| m.start < k.end && k.start < m.end) {
            continue;
        }
        keep.push(m);
    }
    keep
}

/// The table's columns that hold a kind of thing, best first.
pub(crate) fn role_columns(table: &TableSense, role: usize) -> Vec<usize> {
    // Worked out once a table; a table seen with its joins looks again only when its own columns
    // hold none of the kind (the joined ones may).
    if let Some(cols) = table.role_columns.get(role) {
        if !cols.is_empty() || table.joined_column_index.is_empty() {
            return cols.clone();
        }
    }
    let (nouns, names) = ROLE_NOUNS[role];
    let mut cols: Vec<usize> = names
        .iter()
        .filter_map(|n| table.column(n).map(|(i, _)| i))
        .collect();
    // In records that are not about processes (file, image load, network events) the process
    // is the one that did it: the initiating process, not the file the records are about.
    if nouns.contains(&"process") && !table.name_words.iter().any(|(w, _)| w == "process") {
        if let Some(k) = cols
            .iter()
            .position(|&c| table.columns[c].name == "InitiatingProcessFileName")
        {
            let c = cols.remove(k);
            cols.insert(0, c);
        }
    }
    if cols.is_empty() {
        let stems = &role_noun_stems()[role];
        for (ci, c) in table.columns.iter().enumerate() {
            if c.words.iter().any(|w| stems.contains(w)) && !cols.contains(&ci) {
                cols.push(ci);
            }
        }
    }
    cols
}

/// The stems of each role's nouns, as column words are kept.
fn role_noun_stems() -> &'static [Vec<String>] {
    static STEMS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        ROLE_NOUNS
            .iter()
            .map(|(nouns, _)| nouns.iter().map(|n| super::text::stem(n)).collect())
            .collect()
    })
}
