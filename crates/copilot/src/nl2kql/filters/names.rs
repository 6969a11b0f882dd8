//! Bare names after a column or a word naming part of one ("alias mapadilla", "instance
//! MSSQLSERVER", "the Finance department").

use super::super::mentions::Mention;
use super::super::semantic_catalog::{role_of, ColumnSense, Nl2KqlCatalog, TableSense};
use super::super::text::{has_word, is_stopword, joined_raw, Shape, Token};
use super::binding::Slot;
use super::comparisons::{is_linker, is_naming_word, is_negation};

/// Whether a word typed after a column reads as its value rather than as more of the question:
/// unknown to the catalog, capitalized mid-sentence, ALL CAPS or camelCase, or after an operator.
pub(super) fn value_like(cat: &Nl2KqlCatalog, tokens: &[Token], j: usize, op_word: bool) -> bool {
    let t = &tokens[j];
    if t.shape != Shape::Word
        || is_stopword(&t.lower)
        || super::super::intent::is_cue_word(&t.lower)
        || role_of(&t.lower).is_some()
        || is_negation(&t.lower)
        || is_linker(&t.lower)
    {
        return false;
    }
    let mut chars = t.raw.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let inner_caps = chars.any(|c| c.is_uppercase());
    // "users who has successfully logged in": after "has", a lower-case adverb or participle
    // makes it the auxiliary verb, not the operator.
    let verb_form = !first_upper
        && !inner_caps
        && ["ly", "ed"].iter().any(|s| t.lower.ends_with(s))
        && j > 0
        && matches!(tokens[j - 1].lower.as_str(), "has" | "have" | "had");
    if inner_caps || (op_word && !verb_form) || (first_upper && j > 0) {
        return true;
    }
    // A lower-case word is a value only when the catalog does not know it and it does not read as
    // an English verb or adverb ("seen", "running", "recently").
    if t.lower.len() < 3
        || ["ed", "ing", "ly", "en"]
            .iter()
            .any(|s| t.lower.ends_with(s))
        || matches!(
            t.lower.as_str(),
            "done" | "made" | "run" | "ran" | "used" | "got" | "went" | "gone" | "via" | "per"
        )
    {
        return false;
    }
    let mut probe = Vec::new();
    cat.lookup(&t.stem, &t.lower, &mut probe);
    probe.is_empty()
}

/// The tokens of a value starting at `j` for column `c`: a known value spelled out, a run of
/// capitalized words ("Default Web Site"), else the one word.
pub(super) fn value_span(c: &ColumnSense, tokens: &[Token], used: &[bool], j: usize) -> usize {
    let mut best = j + 1;
    for v in &c.values {
        let words: Vec<&str> = v.value.split_whitespace().collect();
        if words.len() < 2 || j + words.len() > tokens.len() {
            continue;
        }
        if words
            .iter()
            .zip(&tokens[j..])
            .all(|(w, t)| t.lower == w.to_lowercase() || t.raw == *w)
            && j + words.len() > best
        {
            best = j + words.len();
        }
    }
    if best > j + 1 {
        return best;
    }
    let capital = |t: &Token| t.raw.chars().next().is_some_and(|c| c.is_uppercase());
    if !capital(&tokens[j]) {
        return j + 1;
    }
    let mut k = j + 1;
    while k < tokens.len()
        && k < j + 4
        && !used[k]
        && matches!(
            tokens[k].shape,
            Shape::Word | Shape::Number | Shape::Identifier
        )
        && (capital(&tokens[k]) || tokens[k].shape == Shape::Number)
        && !is_stopword(&tokens[k].lower)
    {
        k += 1;
    }
    k
}

/// A word of ours for the table's records ("AD" of identity logons) standing alone, not the
/// first of a capitalized name of several words.
fn records_word(table: &TableSense, tokens: &[Token], j: usize) -> bool {
    table.phrases.iter().any(|p| *p == tokens[j].lower)
        && !tokens
            .get(j + 1)
            .is_some_and(|n| n.raw.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Bare values after a column mention, or after a word that names part of a column
/// ("instance MSSQLSERVER" -> SqlInstanceName), added to `slots` with their column.
pub(super) fn bare_values(
    cat: &Nl2KqlCatalog,
    table: &TableSense,
    tokens: &[Token],
    used: &[bool],
    mentions: &[Mention],
    slots: &mut Vec<Slot>,
) {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let in_slot = |slots: &Vec<Slot>, j: usize| slots.iter().any(|s| (s.idx..s.end).contains(&j));
    let mut claimed: Vec<usize> = Vec::new();
    for m in mentions {
        let mut j = m.end;
        let mut op_word = false;
        // "device names that contain surface"
        if matches!(lw(j), "that" | "which" | "whose")
            && matches!(
                lw(j + 1),
                "contain" | "contains" | "include" | "includes" | "has" | "have" | "is" | "are"
            )
        {
            j += 1;
        }
        while j < tokens.len() && is_naming_word(lw(j)) && !used[j] {
            op_word |= matches!(
                lw(j),
                "has"
                    | "contains"
                    | "containing"
                    | "contain"
                    | "equals"
                    | "="
                    | "=="
                    | "like"
                    | "starts"
                    | "starting"
                    | "begins"
                    | "ends"
                    | "ending"
            );
            j += 1;
        }
        if j >= tokens.len()
            || used[j]
            || tokens[j].shape != Shape::Word
            || in_slot(slots, j)
            || mentions.iter().any(|o| (o.start..o.end).contains(&j))
            || table.column(&tokens[j].raw).is_some()
            // A word of ours for the records themselves ("failed AD logons"): no value, unless
            // it begins a name of several words ("the rule Anomalous Azure operations").
            || records_word(table, tokens, j)
        {
            continue;
        }
        let name_taking = !m.direct
            && matches!(
                tokens[m.start].lower.as_str(),
                "user"
                    | "account"
                    | "alias"
                    | "username"
                    | "host"
                    | "hostname"
                    | "device"
                    | "machine"
                    | "computer"
                    | "server"
                    | "workstation"
                    | "domain"
                    | "app"
                    | "application"
                    | "process"
                    | "file"
                    | "upn"
                    | "severity"
                    | "status"
                    | "level"
                    | "state"
            );
        if !(m.direct || name_taking || j > m.end) {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            continue;
        };
        // A name goes in the column's name form when there is one: "process sqlservr" ->
        // ProcessName rather than Process.
        let ci = table
            .column(&format!("{}Name", table.columns[ci].name))
            .filter(|(_, c)| c.is_text() && !tokens[j].raw.contains('/'))
            .map_or(ci, |(i, _)| i);
        let c = &table.columns[ci];
        let known = c
            .values
            .iter()
            .any(|v| v.value.eq_ignore_ascii_case(&tokens[j].raw));
        if !(known || value_like(cat, tokens, j, op_word)) {
            continue;
        }
        let end = value_span(c, tokens, used, j);
        let raw = joined_raw(tokens, j, end);
        // "what os version is srv-db01 running": a host's name is no version or build.
        if super::typed::looks_like_host(&raw) && super::binding::is_version_column(c) {
            continue;
        }
        // A name with a space in it ("the user Mark Biggley") is a display name: AccountName ->
        // AccountDisplayName when the table has one.
        let ci = match c.name.strip_suffix("Name") {
            Some(stem) if raw.contains(' ') => table
                .column(&format!("{stem}DisplayName"))
                .filter(|(_, d)| d.is_text())
                .map_or(ci, |(i, _)| i),
            _ => ci,
        };
        claimed.extend(j..end);
        let words: Vec<&str> = (m.start..m.end).map(|k| tokens[k].raw.as_str()).collect();
        slots.push(Slot {
            idx: j,
            end,
            raw,
            shape: Shape::Identifier,
            column: Some((
                ci,
                m.start,
                format!("column named by \"{}\"", words.join(" ")),
            )),
        });
    }
    // A name of several capitalized words right before the last word of its column's name:
    // "the Global Administrator role" (AssignedRoles), "the Service Control Manager source".
    for e in 3..tokens.len() {
        let capitalized = |k: usize| {
            let t = &tokens[k];
            t.shape == Shape::Word
                && !used[k]
                && !claimed.contains(&k)
                && !in_slot(slots, k)
                && !is_stopword(&t.lower)
                && t.raw.chars().next().is_some_and(char::is_uppercase)
        };
        if used[e] || tokens[e].shape != Shape::Word || !capitalized(e - 1) {
            continue;
        }
        let mut j = e;
        while j > 1 && e - j < 4 && capitalized(j - 1) {
            j -= 1;
        }
        if e - j < 2 || !matches!(lw(j - 1), "the" | "in" | "from" | "of" | "a" | "an" | "for") {
            continue;
        }
        let Some(ci) = table.columns.iter().position(|c| {
            c.is_text()
                && c.words.last().map(String::as_str) == Some(tokens[e].stem.as_str())
                && c.values.is_empty()
        }) else {
            continue;
        };
        claimed.extend(j..e);
        slots.push(Slot {
            idx: j,
            end: e,
            raw: joined_raw(tokens, j, e),
            shape: Shape::Identifier,
            column: Some((ci, j, format!("a name right before \"{}\"", tokens[e].raw))),
        });
    }
    // A capitalized name unknown to the catalog right before its column: "the Finance
    // department".
    for m in mentions {
        if !m.direct || m.start < 2 {
            continue;
        }
        let j = m.start - 1;
        let t = &tokens[j];
        if used[j]
            || claimed.contains(&j)
            || in_slot(slots, j)
            || t.shape != Shape::Word
            || !matches!(lw(j - 1), "the" | "in" | "from" | "of" | "a" | "an" | "for")
        {
            continue;
        }
        let Some(&ci) = m.columns.iter().find(|&&c| table.columns[c].is_text()) else {
            continue;
        };
        // Written in lower case, a name is still one before a column that holds names of
        // groups and places ("the contoso machine group", "the emea site"), when its words
        // name that column.
        let capitalized = t.raw.chars().next().is_some_and(|c| c.is_uppercase());
        let takes_names = m.end - m.start >= 2
            && table.columns[ci].words.last().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "group"
                        | "department"
                        | "site"
                        | "team"
                        | "company"
                        | "organization"
                        | "workspace"
                        | "subscription"
                        | "tenant"
                        | "region"
                        | "zone"
                        | "city"
                        | "unit"
                )
            });
        let says_which = matches!(
            t.lower.as_str(),
            "whole"
                | "entire"
                | "same"
                | "other"
                | "given"
                | "specific"
                | "particular"
                | "following"
                | "previous"
                | "current"
                | "main"
                | "own"
                | "respective"
                | "corresponding"
                | "relevant"
                | "affected"
                | "right"
                | "wrong"
        );
        if !(capitalized || takes_names && !says_which && value_like(cat, tokens, j, false)) {
            continue;
        }
        let mut probe = Vec::new();
        cat.lookup(&t.stem, &t.lower, &mut probe);
        if !probe.is_empty() || is_stopword(&t.lower) {
            continue;
        }
        claimed.push(j);
        let words: Vec<&str> = (m.start..m.end).map(|k| tokens[k].raw.as_str()).collect();
        slots.push(Slot {
            idx: j,
            end: j + 1,
            raw: t.raw.to_string(),
            shape: Shape::Identifier,
            column: Some((
                ci,
                j,
                format!("a name right before \"{}\"", words.join(" ")),
            )),
        });
    }
    // A word naming part of one column right before an unmistakable value: "instance
    // MSSQLSERVER", "process sqlservr", "site Contoso".
    for i in 0..tokens.len().saturating_sub(1) {
        let t = &tokens[i];
        if used[i]
            || t.shape != Shape::Word
            || is_stopword(&t.lower)
            || mentions.iter().any(|m| (m.start..m.end).contains(&i))
        {
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && is_naming_word(lw(j)) && lw(j) != "name" {
            j += 1;
        }
        if j >= tokens.len()
            || used[j]
            || claimed.contains(&j)
            || in_slot(slots, j)
            || mentions.iter().any(|o| (o.start..o.end).contains(&j))
            || table.column(&tokens[j].raw).is_some()
            || !value_like(cat, tokens, j, false)
            // Not an outcome ("failed AD logons" is no failure reason "AD"), nor a word of ours
            // for the records themselves.
            || matches!(t.stem.as_str(), "fail" | "failure" | "success" | "successful")
            || records_word(table, tokens, j)
        {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for (ci, c) in table.columns.iter().enumerate() {
            if !c.is_text() || !has_word(&c.words, &t.stem) {
                continue;
            }
            let rank = if c.words.last().is_some_and(|w| w == "name") {
                c.words.len()
            } else {
                10 + c.words.len()
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, ci));
            }
        }
        let Some((_, ci)) = best else { continue };
        let end = value_span(&table.columns[ci], tokens, used, j);
        let raw = joined_raw(tokens, j, end);
        claimed.extend(j..end);
        slots.push(Slot {
            idx: j,
            end,
            raw,
            shape: Shape::Identifier,
            column: Some((ci, i, format!("column named in part by \"{}\"", t.raw))),
        });
    }
}
