//! The offline metrics of the NL2KQL paper (Microsoft, 2024) for a generated query against a gold
//! one: table score and the Jaccard similarity of filter columns and filter literals. Syntax and
//! semantic scores come from a checker and are recorded alongside.
//!
//! Facts are read with a small KQL scanner rather than the full parser so that gold queries the
//! parser would reject (the dev set has a few) still yield their tables, columns and literals.

use std::collections::BTreeSet;

/// What a query reads and filters on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryFacts {
    pub tables: BTreeSet<String>,
    /// Columns named in `where` clauses.
    pub filter_columns: BTreeSet<String>,
    /// Literals in `where` clauses, normalized (lower case; datetimes in one form).
    pub filter_literals: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(String),
}

fn lex(q: &str) -> Vec<Tok> {
    let b: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        // Strings: '..', "..", @"..", h"..".
        let verbatim =
            (c == '@' || c == 'h' || c == 'H') && matches!(b.get(i + 1), Some('"') | Some('\''));
        if c == '"' || c == '\'' || verbatim {
            let start = if verbatim { i + 1 } else { i };
            let quote = b[start];
            let mut j = start + 1;
            let mut s = String::new();
            while j < b.len() && b[j] != quote {
                if b[j] == '\\' && !verbatim && j + 1 < b.len() {
                    s.push(b[j + 1]);
                    j += 2;
                    continue;
                }
                s.push(b[j]);
                j += 1;
            }
            out.push(Tok::Str(s));
            i = j + 1;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric()
                    || b[j] == '.' && b.get(j + 1).is_some_and(|d| d.is_ascii_digit()))
            {
                j += 1;
            }
            out.push(Tok::Num(b[i..j].iter().collect()));
            i = j;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let mut j = i + 1;
            while j < b.len()
                && (b[j].is_alphanumeric() || b[j] == '_' || b[j] == '-' && is_dash_word(&b, i, j))
            {
                j += 1;
            }
            out.push(Tok::Ident(b[i..j].iter().collect()));
            i = j;
            continue;
        }
        if c == '[' && matches!(b.get(i + 1), Some('\'') | Some('"')) {
            let quote = b[i + 1];
            let mut j = i + 2;
            while j < b.len() && b[j] != quote {
                j += 1;
            }
            out.push(Tok::Ident(b[i + 2..j.min(b.len())].iter().collect()));
            i = (j + 2).min(b.len());
            continue;
        }
        let two: String = b[i..(i + 2).min(b.len())].iter().collect();
        if matches!(two.as_str(), "==" | "!=" | "=~" | "!~" | ">=" | "<=" | "..") {
            out.push(Tok::Punct(two));
            i += 2;
            continue;
        }
        out.push(Tok::Punct(c.to_string()));
        i += 1;
    }
    out
}

/// Operators spelled with a hyphen (`mv-expand`, `project-away`, `has_any` has none).
fn is_dash_word(b: &[char], start: usize, j: usize) -> bool {
    let word: String = b[start..j].iter().collect();
    matches!(
        word.as_str(),
        "mv" | "project" | "make" | "parse" | "project-" | "has" | "not" | "mv-apply"
    ) && b.get(j + 1).is_some_and(|c| c.is_alphabetic())
}

const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "between",
    "in",
    "has",
    "has_any",
    "has_all",
    "contains",
    "startswith",
    "endswith",
    "matches",
    "regex",
    "true",
    "false",
    "null",
    "hasprefix",
    "hassuffix",
    "contains_cs",
    "has_cs",
    "startswith_cs",
    "endswith_cs",
    "like",
    "notcontains",
    "notempty",
    "isnotempty",
    "isempty",
    "typeof",
    "dynamic",
    "by",
    "on",
    "kind",
    "to",
    "of",
    "asc",
    "desc",
    "nulls",
    "first",
    "last",
    "where",
    "filter",
    "let",
];

fn normalize_literal(s: &str) -> String {
    s.trim().to_lowercase()
}

fn normalize_datetime(inner: &str) -> String {
    let t = inner.trim().trim_matches(['"', '\'']).trim();
    // Accept "2022-10-05T20:54:33Z", "2022-10-05 20:54", "03/08/2024", "12-12-2022 1:50PM".
    let mut parts = t.splitn(2, [' ', 'T']);
    let date = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").trim().replace(' ', "");
    if let Some(m) = super::time::parse_date(date) {
        let mut m = m;
        if !rest.is_empty() {
            if let Some((h, mi, s)) = super::time::parse_clock(
                rest.trim_end_matches(['Z', 'z'])
                    .split('.')
                    .next()
                    .unwrap_or(""),
            ) {
                m.h = h;
                m.mi = mi;
                m.s = s;
            }
        }
        return m.canonical();
    }
    t.to_lowercase()
}

/// Reads tables, filter columns and filter literals from a query. `is_table` says which names are
/// tables (from the catalog).
pub fn facts(query: &str, is_table: &dyn Fn(&str) -> bool) -> QueryFacts {
    let toks = lex(query);
    let mut f = QueryFacts::default();
    // Tables: catalog names in a table position.
    for (i, t) in toks.iter().enumerate() {
        let Tok::Ident(name) = t else { continue };
        if !is_table(name) {
            continue;
        }
        let prev = if i == 0 { None } else { toks.get(i - 1) };
        let ok = match prev {
            None => true,
            Some(Tok::Punct(p)) => matches!(p.as_str(), ";" | "(" | "," | "="),
            Some(Tok::Ident(p)) => matches!(
                p.as_str(),
                "join"
                    | "union"
                    | "lookup"
                    | "inner"
                    | "leftouter"
                    | "leftsemi"
                    | "leftanti"
                    | "rightsemi"
                    | "rightanti"
                    | "fullouter"
                    | "innerunique"
                    | "anti"
                    | "semi"
            ),
            _ => false,
        };
        if ok
            && !matches!(toks.get(i + 1), Some(Tok::Punct(p)) if p == "." || p == "==" || p == "=~")
        {
            f.tables.insert(name.clone());
        }
    }
    // Where clauses.
    let mut i = 0;
    while i < toks.len() {
        let is_where = matches!(&toks[i], Tok::Ident(w) if w == "where" || w == "filter")
            && i > 0
            && matches!(&toks[i - 1], Tok::Punct(p) if p == "|");
        if !is_where {
            i += 1;
            continue;
        }
        let mut depth = 0i32;
        let mut j = i + 1;
        while j < toks.len() {
            match &toks[j] {
                Tok::Punct(p) if p == "(" || p == "[" => depth += 1,
                Tok::Punct(p) if p == ")" || p == "]" => {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                Tok::Punct(p) if (p == "|" || p == ";") && depth == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let clause = &toks[i + 1..j];
        let mut k = 0;
        while k < clause.len() {
            match &clause[k] {
                Tok::Ident(name) => {
                    let next_is_call = matches!(clause.get(k + 1), Some(Tok::Punct(p)) if p == "(");
                    let after_dot = k > 0 && matches!(&clause[k - 1], Tok::Punct(p) if p == ".");
                    if next_is_call && matches!(name.as_str(), "datetime" | "todatetime") {
                        // Capture the raw text inside.
                        let mut depth = 0;
                        let mut inner = String::new();
                        let mut m = k + 1;
                        while m < clause.len() {
                            match &clause[m] {
                                Tok::Punct(p) if p == "(" => {
                                    depth += 1;
                                    if depth > 1 {
                                        inner.push('(');
                                    }
                                }
                                Tok::Punct(p) if p == ")" => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                    inner.push(')');
                                }
                                Tok::Str(s) => inner.push_str(s),
                                Tok::Num(n) | Tok::Ident(n) => {
                                    if !inner.is_empty()
                                        && inner.ends_with(|c: char| c.is_ascii_digit())
                                        && n.chars().next().is_some_and(|c| c.is_ascii_digit())
                                    {
                                        inner.push(' ');
                                    }
                                    inner.push_str(n)
                                }
                                Tok::Punct(p) => inner.push_str(p),
                            }
                            m += 1;
                        }
                        f.filter_literals.insert(normalize_datetime(&inner));
                        k = m + 1;
                        continue;
                    }
                    let lower = name.to_lowercase();
                    if !next_is_call
                        && !after_dot
                        && !KEYWORDS.contains(&lower.as_str())
                        && !name.starts_with('$')
                    {
                        f.filter_columns.insert(name.clone());
                    }
                }
                Tok::Str(s) => {
                    f.filter_literals.insert(normalize_literal(s));
                }
                Tok::Num(n) => {
                    f.filter_literals.insert(normalize_literal(n));
                }
                Tok::Punct(_) => {}
            }
            k += 1;
        }
        i = j;
    }
    f
}

/// |a ∩ b| / |a ∪ b|, 1 when both are empty.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// |gold ∩ generated| / |generated| when gold ⊆ generated, else 0 (the paper's table score).
pub fn table_score(gold: &BTreeSet<String>, generated: &BTreeSet<String>) -> f64 {
    if generated.is_empty() || !gold.is_subset(generated) {
        return 0.0;
    }
    gold.intersection(generated).count() as f64 / generated.len() as f64
}

/// The three catalog-based scores of one generated query against its gold query.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ItemScores {
    pub table: f64,
    pub filter_column: f64,
    pub filter_literal: f64,
}

/// Scores a generated query against the gold one.
pub fn score(gold: &str, generated: &str, is_table: &dyn Fn(&str) -> bool) -> ItemScores {
    let g = facts(gold, is_table);
    let p = facts(generated, is_table);
    ItemScores {
        table: table_score(&g.tables, &p.tables),
        filter_column: jaccard(&g.filter_columns, &p.filter_columns),
        filter_literal: jaccard(&g.filter_literals, &p.filter_literals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: &str) -> bool {
        matches!(
            n,
            "EmailEvents" | "DeviceFileEvents" | "EmailAttachmentInfo"
        )
    }

    #[test]
    fn reads_where_clauses() {
        let f = facts(
            "EmailEvents\n| where Timestamp between(datetime(\" 2022-10-05T20:54:33Z\") .. datetime(2022-10-05T21:05:12Z))\n| where ThreatTypes has \"Phish\" and Subject !in~ ('a', 'B')\n| project Timestamp",
            &t,
        );
        assert_eq!(f.tables.iter().collect::<Vec<_>>(), ["EmailEvents"]);
        assert_eq!(
            f.filter_columns.iter().collect::<Vec<_>>(),
            ["Subject", "ThreatTypes", "Timestamp"]
        );
        assert!(f.filter_literals.contains("2022-10-05T20:54:33"));
        assert!(f.filter_literals.contains("2022-10-05T21:05:12"));
        assert!(f.filter_literals.contains("phish"));
        assert!(f.filter_literals.contains("b"));
    }

    #[test]
    fn tables_in_joins() {
        let f = facts(
            "EmailAttachmentInfo | where SenderFromAddress == 'x' | join (DeviceFileEvents | where Timestamp > ago(7d)) on SHA256",
            &t,
        );
        assert_eq!(f.tables.len(), 2);
        assert!(f.filter_literals.contains("7d"));
    }

    #[test]
    fn scores() {
        let gold: BTreeSet<String> = ["A".to_string()].into();
        let two: BTreeSet<String> = ["A".to_string(), "B".to_string()].into();
        assert_eq!(table_score(&gold, &two), 0.5);
        assert_eq!(table_score(&two, &gold), 0.0);
        assert_eq!(jaccard(&gold, &two), 0.5);
    }
}
