//! Values of enumerated columns the catalog knows ("high severity", "false positive"), levels
//! and states named before their column, and yes/no columns named as adjectives.

use super::super::mentions::Mention;
use super::super::semantic_catalog::{
    for_each_deletion, role_of, ColumnSense, Nl2KqlCatalog, TableSense,
};
use super::super::senses::VALUE_ALIASES;
use super::super::text::joined_raw;
use super::super::text::{edit_distance, has_word, is_stopword, stem, stem_inline, Shape, Token};
use super::comparisons::is_negation;
use super::literals::{ident, string_literal};
use super::Filter;

/// A yes/no column: a bool, or an integer or text named "Is…" (AADSignInEventsBeta's
/// IsExternalUser: 1 or 0; IsExploitAvailable as text).
///
/// [`flag_filter`] writes the condition each kind needs.
fn is_flag(c: &ColumnSense) -> bool {
    c.data_type == kql::DataType::Bool
        || matches!(
            c.data_type,
            kql::DataType::Int | kql::DataType::Long | kql::DataType::String
        ) && c.values.is_empty()
            && c.name.starts_with("Is")
            && c.name[2..].starts_with(|ch: char| ch.is_ascii_uppercase())
}

/// `flag == yes` as the column's type needs it: `true`/`false`, `1`/`0`, or the text read as a
/// bool (`tobool(IsExploitAvailable) == true`).
fn flag_filter(ci: usize, c: &ColumnSense, yes: bool, words: String, why: &str) -> Filter {
    match c.data_type {
        kql::DataType::Bool => Filter::one(ci, c, "==", yes.to_string(), words, why),
        kql::DataType::String => Filter {
            lhs: format!("tobool({})", ident(&c.name)),
            ..Filter::one(ci, c, "==", yes.to_string(), words, why)
        },
        _ => Filter::one(ci, c, "==", if yes { "1" } else { "0" }.into(), words, why),
    }
}

/// A flag named as an adjective: "active indicators" -> Active == true.
pub(super) fn flags(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if used[i] || t.shape != Shape::Word || is_stopword(&t.lower) {
            continue;
        }
        // "unmanaged", "non-compliant": the flag's word with a prefix of negation.
        let unprefixed = ["non-", "non", "un"]
            .iter()
            .find_map(|p| t.lower.strip_prefix(p))
            .filter(|rest| rest.len() >= 4)
            .map(stem);
        // The flag's word, or (six letters or more) one typo away ("complaint" for compliant).
        let names = |c: &ColumnSense, typo: bool| {
            let w = match c.words.as_slice() {
                [w] => w,
                [is, w] if is == "is" => w,
                _ => return false,
            };
            is_flag(c)
                && if typo {
                    t.stem.len() >= 6 && w.len() >= 6 && edit_distance(&t.stem, w, 1) <= 1
                } else {
                    *w == t.stem || unprefixed.as_ref() == Some(w)
                }
        };
        let Some((ci, c)) = [false, true].into_iter().find_map(|typo| {
            table
                .columns
                .iter()
                .enumerate()
                .find(|(_, c)| names(c, typo))
        }) else {
            continue;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let prefixed = unprefixed.is_some()
            && unprefixed.as_ref() == c.words.last()
            && c.words.last().map(String::as_str) != Some(t.stem.as_str());
        let negated = (i > 0 && is_negation(lw(i - 1))) != prefixed;
        used[i] = true;
        filters.push(flag_filter(
            ci,
            c,
            !negated,
            t.raw.to_string(),
            "a yes/no column named as an adjective",
        ));
    }
}

/// Where the words of a yes/no column of several words are all said close together (each place
/// the first is said, with the others nearest to it: "clicks ... clicked through" is the second
/// "clicked"): their tokens, first and last.
pub(crate) fn flag_words(
    c: &ColumnSense,
    tokens: &[Token],
    used: &[bool],
) -> Option<(Vec<usize>, usize, usize)> {
    if !is_flag(c) {
        return None;
    }
    let words: Vec<&String> = c.words.iter().filter(|w| *w != "is").collect();
    let n = words.len();
    if n < 2 {
        return None;
    }
    let fits =
        |k: usize, w: &str| !used[k] && tokens[k].shape == Shape::Word && tokens[k].stem == w;
    (0..tokens.len())
        .filter(|&k0| fits(k0, words[0]))
        .find_map(|k0| {
            let mut at = vec![k0];
            for w in &words[1..] {
                let k = (0..tokens.len())
                    .filter(|&k| !at.contains(&k) && fits(k, w))
                    .min_by_key(|&k| k.abs_diff(k0))?;
                at.push(k);
            }
            let (lo, hi) = (*at.iter().min()?, *at.iter().max()?);
            (hi - lo <= n + 2).then_some((at, lo, hi))
        })
}

/// A yes/no column of several words, all said close together: "Microsoft as the root signer" ->
/// IsRootSignerMicrosoft == true, "not an admin operation" -> IsAdminOperation == false.
pub(super) fn compound_flags(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for (ci, c) in table.columns.iter().enumerate() {
        if !is_flag(c) || filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let Some((at, lo, hi)) = flag_words(c, tokens, used) else {
            continue;
        };
        let negated = (lo.saturating_sub(2)..lo).any(|k| is_negation(&tokens[k].lower));
        for &k in &at {
            used[k] = true;
        }
        filters.push(flag_filter(
            ci,
            c,
            !negated,
            joined_raw(tokens, lo, hi + 1),
            "a yes/no column named by all its words",
        ));
    }
}

/// A level or state right before the column it qualifies: "high risk level", "disabled state".
pub(super) fn levels(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    filters: &mut Vec<Filter>,
) {
    for m in mentions {
        if m.start == 0 || used[m.start - 1] {
            continue;
        }
        let adj = tokens[m.start - 1].lower.as_str();
        if !matches!(
            adj,
            "high"
                | "medium"
                | "low"
                | "critical"
                | "informational"
                | "active"
                | "closed"
                | "new"
                | "enabled"
                | "disabled"
                | "none"
                | "unknown"
        ) {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            // A numeric level whose values the catalog describes ("100: risk level is high").
            let adj_stem = &tokens[m.start - 1].stem;
            let described = m.columns.iter().find_map(|&ci| {
                let c = &table.columns[ci];
                c.values
                    .iter()
                    .find(|v| v.numeric && v.described.last().is_some_and(|d| d == adj_stem))
                    .map(|v| (ci, c, v.value.clone()))
            });
            if let Some((ci, c, value)) =
                described.filter(|(ci, ..)| !filters.iter().any(|f| f.column == Some(*ci)))
            {
                used[m.start - 1] = true;
                used[m.start..m.end].fill(true);
                filters.push(Filter::one(
                    ci,
                    c,
                    "==",
                    value,
                    joined_raw(tokens, m.start - 1, m.end),
                    "a level named right before its column, as the catalog numbers it",
                ));
            }
            continue;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        let c = &table.columns[ci];
        let known = c.values.iter().find(|v| v.value.eq_ignore_ascii_case(adj));
        // "unknown device" is not DeviceName == "unknown": the column must be a level or state,
        // or know the word as one of its values.
        let leveled = ["Level", "Severity", "State", "Status", "Risk", "Priority"]
            .iter()
            .any(|w| c.name.contains(w));
        if known.is_none() && !leveled {
            continue;
        }
        let value = known.map_or_else(|| adj.to_string(), |v| v.value.clone());
        used[m.start - 1] = true;
        for k in m.start..m.end {
            used[k] = true;
        }
        filters.push(Filter::one(
            ci,
            c,
            "=~",
            string_literal(&value),
            joined_raw(tokens, m.start - 1, m.end),
            "a level named right before its column",
        ));
    }
}

/// A state word before the records' name, where a word of that name is a column that knows the
/// state as a value: "unknown logons", "unknown device logon events" -> LogonType == "Unknown".
pub(super) fn states_of_records(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for i in 0..tokens.len() {
        let adj = tokens[i].lower.as_str();
        if used[i]
            || !matches!(
                adj,
                "unknown" | "interactive" | "remote" | "local" | "network"
            )
        {
            continue;
        }
        let Some(cols) = table.value_columns.get(adj) else {
            continue;
        };
        let hit = (i + 1..(i + 4).min(tokens.len()))
            .take_while(|&k| tokens[k].shape == Shape::Word && !is_stopword(&tokens[k].lower))
            .find_map(|k| {
                cols.iter().map(|&c| usize::from(c)).find(|&c| {
                    let col = &table.columns[c];
                    col.is_text()
                        && col.words.first().map(String::as_str) == Some(tokens[k].stem.as_str())
                        && table.name_words.iter().any(|(nw, _)| *nw == tokens[k].stem)
                        && !filters.iter().any(|f| f.column == Some(c))
                })
            });
        let Some(ci) = hit else {
            continue;
        };
        let c = &table.columns[ci];
        let Some(v) = c.values.iter().find(|v| v.value.eq_ignore_ascii_case(adj)) else {
            continue;
        };
        used[i] = true;
        filters.push(Filter::one(
            ci,
            c,
            "==",
            string_literal(&v.value),
            tokens[i].raw.to_string(),
            "a state of the records named before them",
        ));
    }
}

/// Of a connection's two ends, the far one is what analysts ask about ("to external IPs" is
/// RemoteIPType): a little more for its columns, less than a word naming the near one gives.
fn far_end(c: &ColumnSense) -> f32 {
    if c.name.starts_with("Remote") {
        0.05
    } else {
        0.0
    }
}

/// A number right after a word ("windows 7", "server 2019"): it may end a value's name.
fn number_after_word(tokens: &[Token], k: usize) -> bool {
    k > 0 && tokens[k - 1].shape == Shape::Word && tokens[k].raw.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn token_matches_word(cat: &Nl2KqlCatalog, t: &Token, w: &str) -> bool {
    let _ = cat;
    // Lengths first: most words are of another length, and a compare is a call.
    if (t.stem.len() == w.len() && t.stem == w) || (t.lower.len() == w.len() && t.lower == w) {
        return true;
    }
    // A value's clipped word spelled out in full: "administrators" for "Admin".
    if w.len() >= 5 && t.lower.len() >= w.len() + 3 && t.lower.starts_with(w) {
        return true;
    }
    // A value word named otherwise: clipped ("err" by "errors"), or by another verb ("creat"
    // by "dropped").
    if w.len() <= 8
        && VALUE_ALIASES
            .iter()
            .any(|(clip, full)| *clip == w && t.lower.starts_with(full))
    {
        return true;
    }
    // Typos keep the first letter: "match" is no "PATCH".
    if t.stem.len() < 5 || w.len() < 5 || t.stem.as_bytes()[0] != w.as_bytes()[0] {
        return false;
    }
    // One edit apart needs lengths within one (checked on bytes only for ASCII words).
    if t.stem.len().abs_diff(w.len()) > 1 && t.stem.is_ascii() && w.is_ascii() {
        return false;
    }
    edit_distance(&t.stem, w, 1) <= 1
}

/// What names a column's values: one known value, or a family of them.
#[derive(Clone, Copy)]
enum Named {
    Value(usize),
    Family(usize),
    /// A value named by its words but the last (see [`leading_words`]).
    Leading(usize),
}

/// The tokens naming a value of three or more words by all its words but the last, side by side
/// and in its order: "inbound connections" for InboundConnectionAccepted, "dns queries" for
/// DnsQueryResponse — the kind of event, without the word for what became of it.
fn leading_words(
    cat: &Nl2KqlCatalog,
    v: &super::super::semantic_catalog::KnownValue,
    tokens: &[Token],
    used: &[bool],
) -> Option<Vec<usize>> {
    let n = v.words.len();
    if v.numeric || n < 3 || v.raw_len != n {
        return None;
    }
    let lead = &v.words[..n - 1];
    let start = (0..(tokens.len() + 1).saturating_sub(lead.len())).find(|&i| {
        lead.iter().enumerate().all(|(k, w)| {
            let t = &tokens[i + k];
            !used[i + k] && t.shape == Shape::Word && token_matches_word(cat, t, w)
        })
    })?;
    Some((start..start + lead.len()).collect())
}

/// Binds words to enumerated values the catalog knows for the table's columns.
pub(super) fn known_values(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    filters: &mut Vec<Filter>,
) {
    // (score, column, what names it, tokens)
    let mut cands: Vec<(f32, usize, Named, Vec<usize>)> = Vec::new();
    // The lengths of the question's free words: a value word of another length (give or take one
    // letter for typos) cannot match, which rules out most of a large catalog at once.
    // Within one edit, one of a value word's first two letters is one of the question word's
    // first two: per length, the letters seen there (as bits of the byte's low five bits).
    let mut letters = [0u32; 64];
    let bit = |b: u8| 1u32 << (b & 31);
    for (k, t) in tokens.iter().enumerate() {
        if !used[k] && t.shape == Shape::Number && number_after_word(tokens, k) {
            let l = t.lower.len().min(62);
            let mask = t.lower.bytes().take(2).fold(0, |m, b| m | bit(b));
            for slot in &mut letters[l.saturating_sub(1)..=l + 1] {
                *slot |= mask;
            }
        }
        if !used[k] && t.shape == Shape::Word {
            let clipped = VALUE_ALIASES
                .iter()
                .filter(|(_, full)| t.lower.starts_with(full))
                .map(|(clip, _)| clip.as_bytes());
            for w in [t.stem.as_bytes(), t.lower.as_bytes()]
                .into_iter()
                .chain(clipped)
            {
                let mask = w.iter().take(2).fold(0, |m, &b| m | bit(b));
                let l = w.len().min(62);
                for slot in &mut letters[l.saturating_sub(1)..=l + 1] {
                    *slot |= mask;
                }
            }
        }
    }
    // `w` as the beginning of a question word `len` letters long.
    let may_begin = |w: &str, len: usize| {
        let mask = w.bytes().take(2).fold(0, |m, b| m | bit(b));
        letters[len.min(63)] & mask != 0
    };
    let may_match = |w: &str| may_begin(w, w.len());
    // A known value spelled out word for word ("Azure DevOps", "Log Analytics API"): several words,
    // or one that reads as a name (capitals inside, or capitalized mid-sentence).
    for i in 0..tokens.len() {
        if used[i] || tokens[i].shape == Shape::Symbol {
            continue;
        }
        let Some(hits) = table.value_index.get(tokens[i].lower.as_str()) else {
            continue;
        };
        for &(ci, vi) in hits {
            let (ci, vi) = (ci as usize, vi as usize);
            let c = &table.columns[ci];
            if !(c.data_type == kql::DataType::String)
                || matches!(c.name.as_str(), "Type" | "SourceSystem" | "TenantId")
                || filters.iter().any(|f| f.column == Some(ci))
            {
                continue;
            }
            let v = &c.values[vi];
            if v.words.is_empty() {
                continue;
            }
            let words: Vec<&str> = v.value.split_whitespace().collect();
            if i + words.len() > tokens.len()
                || !words
                    .iter()
                    .zip(&tokens[i..])
                    .enumerate()
                    .all(|(k, (w, t))| !used[i + k] && t.lower.eq_ignore_ascii_case(w))
            {
                continue;
            }
            let raw = &tokens[i].raw;
            let name_like = raw.chars().skip(1).any(|ch| ch.is_uppercase())
                || (i > 0 && raw.chars().next().is_some_and(|ch| ch.is_uppercase()));
            // An acronym ("IDS") is written in capitals; "Ids" is the plural of an id.
            let acronym = v.value.len() >= 2 && v.value.bytes().all(|b| b.is_ascii_uppercase());
            let as_acronym = !acronym || raw.bytes().all(|b| !b.is_ascii_lowercase());
            if words.len() < 2 && !(name_like && as_acronym) {
                continue;
            }
            let toks: Vec<usize> = (i..i + words.len()).collect();
            cands.push((3.0 + words.len() as f32, ci, Named::Value(vi), toks));
        }
    }
    // Only values whose last telling word a free word of the question may name can be named
    // (see `value_ends`): found by that word, its beginnings and its spellings missing a letter,
    // in column and value order.
    let mut named_here: Vec<(u16, u16)> = Vec::new();
    {
        let mut add = |key: &str| {
            if let Some(hits) = table.value_ends.get(key) {
                named_here.extend_from_slice(hits);
            }
        };
        for (k, t) in tokens.iter().enumerate() {
            if !used[k] && t.shape == Shape::Number && number_after_word(tokens, k) {
                add(&t.lower);
            }
            if used[k] || t.shape != Shape::Word {
                continue;
            }
            add(&t.stem);
            if t.lower != t.stem {
                add(&t.lower);
            }
            for end in 5..=t.lower.len().saturating_sub(3) {
                if t.lower.is_char_boundary(end) {
                    add(&t.lower[..end]);
                }
            }
            if t.stem.len() >= 5 {
                for_each_deletion(&t.stem, &mut add);
            }
            for (clip, full) in VALUE_ALIASES {
                if t.lower.starts_with(full) {
                    add(clip);
                }
            }
        }
    }
    named_here.sort_unstable();
    named_here.dedup();
    let mut next_named = 0;
    for (ci, c) in table.columns.iter().enumerate() {
        let start = next_named;
        while named_here
            .get(next_named)
            .is_some_and(|&(nc, _)| usize::from(nc) == ci)
        {
            next_named += 1;
        }
        let named_values = &named_here[start..next_named];
        if c.values.is_empty()
            || named_values.is_empty() && c.families.is_empty()
            || !(c.data_type == kql::DataType::String || c.is_numeric())
            || matches!(c.name.as_str(), "Type" | "SourceSystem" | "TenantId")
            || filters.iter().any(|f| f.column == Some(ci))
        {
            continue;
        }
        let mentioned = mentions.iter().any(|m| m.columns.first() == Some(&ci));
        // The column's own name said in full is the column, not a value of it: "by delivery
        // action" groups by DeliveryAction; "delivery" there is not "Delivered".
        let own_name: Vec<usize> = mentions
            .iter()
            .filter(|m| {
                m.direct
                    && m.columns.first() == Some(&ci)
                    && m.end - m.start >= 2
                    && (m.start..m.end).all(|k| has_word(&c.words, &tokens[k].stem))
            })
            .flat_map(|m| m.start..m.end)
            .collect();
        for &(_, vi) in named_values {
            let (vi, v) = (usize::from(vi), &c.values[usize::from(vi)]);
            // All telling words may be there, or all but a middle one of three or more.
            let d = &v.distinctive;
            // A word of the value, alone or written together with its neighbour as one word
            // ("powershell" for the Power and Shell of PowerShellCommand). The words' first
            // letters are kept by the catalog (`head_letters`).
            let heads = &v.distinctive_heads;
            let fits = |k: usize, len: usize| letters[len.min(63)] & heads[k] != 0;
            let may = |i: usize| {
                fits(i, d[i].len())
                    || i + 1 < d.len() && fits(i, d[i].len() + d[i + 1].len())
                    || i > 0 && fits(i - 1, d[i - 1].len() + d[i].len())
            };
            let possible = !d.is_empty()
                && may(0)
                && may(d.len() - 1)
                && (0..d.len()).filter(|&i| !may(i)).count() <= usize::from(d.len() >= 3);
            let lead = (v.words.len() >= 3 && may_match(&v.words[0]))
                .then(|| leading_words(cat, v, tokens, used))
                .flatten();
            if v.numeric || !possible && lead.is_none() {
                continue;
            }
            let mut toks = Vec::new();
            let mut ok = possible;
            // A value of three or more telling words may be named by all but a middle one
            // ("usb mount" for UsbDriveMount).
            let mut missing = 0;
            let mut joined = false;
            for (wi, w) in v.distinctive.iter().enumerate() {
                if !ok {
                    break;
                }
                if joined {
                    joined = false;
                    continue;
                }
                if let Some(next) = d.get(wi + 1) {
                    if let Some(k) = (0..tokens.len()).find(|&k| {
                        let t = &tokens[k];
                        !used[k]
                            && !own_name.contains(&k)
                            && t.shape == Shape::Word
                            && !toks.contains(&k)
                            && t.lower.len() == w.len() + next.len()
                            && t.lower.starts_with(w.as_str())
                            && t.lower.ends_with(next.as_str())
                    }) {
                        toks.push(k);
                        joined = true;
                        continue;
                    }
                }
                match tokens.iter().enumerate().find(|(k, t)| {
                    !used[*k]
                        && !own_name.contains(k)
                        && !toks.contains(k)
                        && (t.shape == Shape::Word && token_matches_word(cat, t, w)
                            // "windows 7": a number said right after the value's word before it.
                            || t.shape == Shape::Number
                                && t.lower == *w
                                && wi > 0
                                && number_after_word(tokens, *k)
                                && toks.last() == Some(&(k - 1)))
                }) {
                    Some((k, _)) => toks.push(k),
                    None if v.distinctive.len() >= 3
                        && missing == 0
                        && wi > 0
                        && wi + 1 < v.distinctive.len() =>
                    {
                        missing += 1
                    }
                    // The kind of thing a value begins with may go unsaid when the rest says
                    // what happened to it ("password changed" for "Account Password changed").
                    None if wi == 0 && d.len() >= 2 && role_of(w).is_some() => missing += 1,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            let mut named = Named::Value(vi);
            if !ok || toks.is_empty() {
                let Some(l) = lead else {
                    continue;
                };
                toks = l;
                missing = 1;
                named = Named::Leading(vi);
            }
            // Several words that name another column are that column, not a value that happens
            // to spell them ("grouped by sender address" is not the policy "SenderAddressList").
            // So is one word of a column named in several ("service source" is ServiceSource,
            // not the evidence direction "Source").
            let own_words = |m: &Mention| {
                m.end - m.start >= 2
                    && m.columns.first().is_some_and(|&o| {
                        (m.start..m.end).all(|k| has_word(&table.columns[o].words, &tokens[k].stem))
                    })
            };
            if mentions.iter().any(|m| {
                m.direct
                    && !m.columns.contains(&ci)
                    && (toks.len() >= 2 || own_words(m))
                    && toks.iter().all(|k| (m.start..m.end).contains(k))
            }) {
                continue;
            }
            // "high risk", "low confidence": after a level, a word names what is leveled, not a
            // value that spells it ("RISK OS").
            let leveled = toks.len() == 1
                && toks[0] > 0
                && matches!(
                    tokens[toks[0] - 1].lower.as_str(),
                    "high" | "medium" | "low" | "critical" | "severe" | "elevated"
                )
                && !has_word(&v.words, &tokens[toks[0] - 1].stem);
            if leveled {
                continue;
            }
            // A word something is said of ("the source contains x") is a column, not a value.
            if toks.len() == 1
                && tokens.get(toks[0] + 1).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "contains" | "contain" | "includes" | "starts" | "ends" | "equals" | "like"
                    )
                })
            {
                continue;
            }
            // Distinctive words must sit together.
            let (lo, hi) = (
                toks.iter().min().copied().unwrap_or(0),
                toks.iter().max().copied().unwrap_or(0),
            );
            if hi - lo > toks.len() + 1 {
                continue;
            }
            let extra = v
                .words
                .iter()
                .filter(|w| {
                    !v.distinctive.contains(w)
                        && tokens.iter().any(|t| token_matches_word(cat, t, w))
                })
                .count();
            if missing > 0 && toks.len() + extra < 2 {
                continue;
            }
            // One word of a longer value ("users" of "NoSuchUser") is not the value, unless its
            // column was named.
            if !mentioned && (toks.len() + extra) * 2 < v.raw_len {
                continue;
            }
            // "active incidents", "new alerts": a bare state word names a value of a status.
            let status_col = c.name.ends_with("Status") || c.name.ends_with("State");
            let generic = toks.len() == 1
                && v.words.len() == 1
                && !status_col
                && matches!(
                    tokens[toks[0]].stem.as_str(),
                    "new"
                        | "other"
                        | "none"
                        | "unknown"
                        | "all"
                        | "true"
                        | "false"
                        | "yes"
                        | "no"
                        | "active"
                        | "open"
                        | "user"
                        | "file"
                        | "process"
                        | "id"
                );
            if generic && !mentioned {
                continue;
            }
            // "private remote IPs": a word next to the value that names a part of its column
            // (RemoteIPType rather than LocalIPType).
            let beside = (lo.saturating_sub(2)..(hi + 3).min(tokens.len()))
                .filter(|&k| {
                    !toks.contains(&k)
                        && !is_stopword(&tokens[k].lower)
                        && !has_word(&v.words, &tokens[k].stem)
                        && !super::super::mentions::GENERIC.contains(&tokens[k].stem.as_str())
                        && has_word(&c.words, &tokens[k].stem)
                })
                .count();
            let mut score =
                toks.len() as f32 + 0.4 * extra as f32 - 0.01 * c.values.len().min(50) as f32;
            score += 0.3 * beside as f32 - 0.5 * missing as f32;
            if mentioned {
                score += 1.0;
            }
            score += far_end(c);
            // The plain column over its later or earlier state (DeliveryLocation, not
            // LatestDeliveryLocation), unless that word was said.
            if let Some(w) = c.words.first().filter(|w| {
                ["latest", "last", "previous", "original", "initial", "old"]
                    .iter()
                    .any(|x| stem_inline(x) == **w)
            }) {
                if !tokens.iter().any(|t| t.stem == w) {
                    score -= 0.2;
                }
            }
            if matches!(
                c.name.as_str(),
                "Severity"
                    | "Status"
                    | "ActionType"
                    | "Classification"
                    | "ThreatTypes"
                    | "EmailDirection"
                    | "DeliveryAction"
                    | "ResultType"
            ) {
                score += 0.3;
            }
            cands.push((score, ci, named, toks));
        }
        // A family of values named by its first word or two ("windows devices" -> OSPlatform
        // startswith "Windows", "Windows Server" -> "WindowsServer") when those words are also
        // whole values of other columns (OSDistribution == "Windows", DeviceType == "Server"): the
        // family is the finer reading. Not one beginning with a kind of thing (users, files) or
        // the records' own name.
        for (fi, f) in c.families.iter().enumerate() {
            if !may_match(&f.words[0]) {
                continue;
            }
            let n = f.words.len();
            let Some(i) = (0..(tokens.len() + 1).saturating_sub(n)).find(|&i| {
                (0..n).all(|k| {
                    let t = &tokens[i + k];
                    !used[i + k]
                        && t.shape == Shape::Word
                        && token_matches_word(cat, t, &f.words[k])
                })
            }) else {
                continue;
            };
            let elsewhere = (0..n).all(|k| {
                table
                    .value_columns
                    .get(tokens[i + k].lower.as_str())
                    .is_some_and(|cs| cs.iter().any(|&o| usize::from(o) != ci))
            });
            let first = &f.words[0];
            let kind_word =
                role_of(first).is_some() || table.name_words.iter().any(|(nw, _)| nw == first);
            if !(elsewhere || mentioned) || kind_word {
                continue;
            }
            let mut score = n as f32 + 0.5 - 0.01 * c.values.len().min(50) as f32;
            if mentioned {
                score += 1.0;
            }
            score += far_end(c);
            // Spelled as a name ("Windows Server"), as a value spelled out word for word is.
            let raw = &tokens[i].raw;
            if raw.chars().skip(1).any(char::is_uppercase)
                || i > 0 && raw.chars().next().is_some_and(char::is_uppercase)
            {
                score += 3.0;
            }
            cands.push((score, ci, Named::Family(fi), (i..i + n).collect()));
        }
    }
    // Values sharing the leading words named ("dns queries": DnsQueryRequest, DnsQueryResponse)
    // are told apart by the one whose description says those words ("A response to a DNS query
    // was sent"); with none or several so described, the words name no one value.
    let described = |ci: usize, vi: usize, toks: &[usize]| {
        let v = &table.columns[ci].values[vi];
        toks.iter().all(|&k| {
            v.described
                .iter()
                .any(|d| token_matches_word(cat, &tokens[k], d))
        })
    };
    let alike = |a: &(f32, usize, Named, Vec<usize>), ci: usize, toks: &[usize]| {
        matches!(a.2, Named::Leading(_)) && a.1 == ci && a.3 == toks
    };
    let keep: Vec<bool> = cands
        .iter()
        .map(|c| {
            let Named::Leading(vi) = c.2 else {
                return true;
            };
            let rivals: Vec<usize> = cands
                .iter()
                .filter(|o| alike(o, c.1, &c.3))
                .filter_map(|o| match o.2 {
                    Named::Leading(ov) => Some(ov),
                    _ => None,
                })
                .collect();
            if rivals.len() == 1 {
                return true;
            }
            let said: Vec<usize> = rivals
                .into_iter()
                .filter(|&ov| described(c.1, ov, &c.3))
                .collect();
            said == [vi]
        })
        .collect();
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    // A word beside another column's value that names that column is its name, not a value of
    // its own: "an inactive sensor" is SensorHealthState == "Inactive", not also the device
    // subtype "Sensor".
    let names_column_of = |word: usize, other: &(f32, usize, Named, Vec<usize>)| {
        other.3.iter().any(|&k| k.abs_diff(word) == 1)
            && has_word(&table.columns[other.1].words, &tokens[word].stem)
    };
    let beside_named: Vec<bool> = cands
        .iter()
        .map(|c| {
            c.3.len() == 1
                && cands.iter().any(|o| {
                    o.1 != c.1
                        && names_column_of(c.3[0], o)
                        && !o.3.iter().any(|&k| names_column_of(k, c))
                })
        })
        .collect();
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !beside_named[k - 1]
    });
    cands.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut taken: Vec<usize> = Vec::new();
    for (_, ci, named, toks) in cands {
        if toks.iter().any(|k| taken.contains(k) || used[*k]) {
            continue;
        }
        taken.extend(&toks);
        let c = &table.columns[ci];
        let (value, first_word, family) = match named {
            Named::Value(vi) | Named::Leading(vi) => {
                (&c.values[vi].value, c.values[vi].words.first(), false)
            }
            Named::Family(fi) => (&c.families[fi].prefix, c.families[fi].words.first(), true),
        };
        let lo = toks.iter().min().copied().unwrap_or(0);
        let negated = (lo.saturating_sub(2)..lo).any(|k| is_negation(&tokens[k].lower))
            || tokens[lo].lower.starts_with("non")
                && tokens[lo].lower.len() > 3
                && !value.to_lowercase().starts_with("non")
            || tokens[lo].lower.starts_with("un")
                && !value.to_lowercase().starts_with("un")
                && first_word.is_none_or(|w| *w != tokens[lo].stem);
        let lit = if c.is_numeric() {
            value.clone()
        } else {
            string_literal(value)
        };
        let plural =
            c.name.ends_with('s') && !c.name.ends_with("ss") && !c.name.ends_with("Status");
        let words = toks
            .iter()
            .map(|k| tokens[*k].raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(f) = filters.iter_mut().find(|f| {
            f.column == Some(ci) && f.why.starts_with("known value") && f.negated == negated
        }) {
            f.values.push(lit);
            f.words.push_str(&format!(", {words}"));
            if family {
                f.op = "startswith";
            }
        } else {
            filters.push(Filter {
                lhs: ident(&c.name),
                column: Some(ci),
                op: if family {
                    "startswith"
                } else if plural {
                    "has"
                } else {
                    "=="
                },
                negated,
                values: vec![lit],
                all: false,
                words,
                why: if family {
                    format!("known values beginning \"{value}\" of the column")
                } else {
                    format!("known value \"{value}\" of the column")
                },
            });
        }
        // "high severity", "high risk level": the column's own words right after its value say
        // which column, and are no column to show.
        let hi = toks.iter().max().copied().unwrap_or(0);
        let named = tokens
            .get(hi + 1..hi + 1 + c.words.len())
            .is_some_and(|ts| {
                !c.words.is_empty() && ts.iter().zip(&c.words).all(|(t, w)| t.stem == *w)
            });
        if named {
            used[hi + 1..hi + 1 + c.words.len()].fill(true);
        }
        for k in toks {
            used[k] = true;
        }
    }
}

/// A known value named by what its catalog description says, when no words named one of the
/// column's values: "swipes refused for revoked cards" -> ErrorCode == 31 ("CardRevoked - The
/// card was revoked"). Two or more words side by side must be in the description, one of them
/// said of at most three values, and no other value's description may say as many.
pub(super) fn described_values(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for (ci, c) in table.columns.iter().enumerate() {
        if c.described_count < 2
            || !(c.data_type == kql::DataType::String || c.is_numeric())
            || matches!(c.name.as_str(), "Type" | "SourceSystem" | "TenantId")
            || filters.iter().any(|f| f.column == Some(ci))
        {
            continue;
        }
        // (value, its words in the question, the fewest values one of them describes)
        let mut hits: Vec<(u16, Vec<usize>, usize)> = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            if used[k]
                || t.shape != Shape::Word
                || t.lower.len() < 3
                || is_stopword(&t.lower)
                || super::super::mentions::GENERIC.contains(&t.stem.as_str())
                || role_of(&t.lower).is_some()
                || has_word(&c.words, &t.stem)
                || table.name_words.iter().any(|(nw, _)| *nw == t.stem)
            {
                continue;
            }
            let Some(vals) = c
                .described_index
                .get(t.stem.as_str())
                .or_else(|| c.described_index.get(t.lower.as_str()))
            else {
                continue;
            };
            // A word most descriptions say tells none apart.
            if vals.len() > 2 && vals.len() * 2 > c.described_count {
                continue;
            }
            for &vi in vals {
                match hits.iter_mut().find(|h| h.0 == vi) {
                    Some(h) => {
                        if !h.1.contains(&k) {
                            h.1.push(k);
                            h.2 = h.2.min(vals.len());
                        }
                    }
                    None => hits.push((vi, vec![k], vals.len())),
                }
            }
        }
        // Side by side: at most one other word between each two.
        let phrase = |toks: &[usize]| {
            let (lo, hi) = (toks.iter().min(), toks.iter().max());
            matches!((lo, hi), (Some(lo), Some(hi)) if hi - lo < 2 * toks.len())
        };
        let Some(best) = hits
            .iter()
            .filter(|h| h.1.len() >= 2 && h.2 <= 3 && phrase(&h.1))
            .max_by_key(|h| h.1.len())
        else {
            continue;
        };
        let value = &c.values[usize::from(best.0)].value;
        let rivals = hits.iter().any(|h| {
            h.0 != best.0 && h.1.len() >= best.1.len() && c.values[usize::from(h.0)].value != *value
        });
        if rivals {
            continue;
        }
        let mut toks = best.1.clone();
        toks.sort_unstable();
        let lit = if c.is_numeric() {
            value.clone()
        } else {
            string_literal(value)
        };
        let words = toks
            .iter()
            .map(|&k| tokens[k].raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for &k in &toks {
            used[k] = true;
        }
        let lo = toks[0];
        let negated = (lo.saturating_sub(2)..lo).any(|k| is_negation(&tokens[k].lower));
        let mut f = Filter::one(
            ci,
            c,
            "==",
            lit,
            words,
            "a known value whose description says these words",
        );
        f.negated = negated;
        filters.push(f);
    }
}

/// "open incidents", "still unresolved": a status whose known values close with "Closed" but
/// name no open state — every status but that one.
pub(super) fn open_states(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = table.columns.iter().enumerate().find(|(_, c)| {
        c.is_text()
            && (c.name.ends_with("Status") || c.name.ends_with("State"))
            && c.values.iter().any(|v| v.value == "Closed")
            && !c
                .values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case("open"))
    }) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    let Some(i) = (0..tokens.len()).find(|&i| {
        !used[i] && matches!(tokens[i].lower.as_str(), "open" | "unresolved" | "unclosed")
    }) else {
        return;
    };
    used[i] = true;
    filters.push(Filter::one(
        ci,
        c,
        "!=",
        string_literal("Closed"),
        tokens[i].raw.to_string(),
        "open: any status but Closed",
    ));
}
