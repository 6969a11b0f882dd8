//! Kusto's rules for naming unnamed result columns, and "did you mean" suggestions.

use crate::ast::{Expr, Literal};
use crate::builtins::{self, ResultName};

/// The column name Kusto gives an unnamed expression, or `None` when it would be `ColumnN`.
///
/// `X` -> `X`; `a.b` / `a['b']` -> `a_b`; `tostring(X)`, `bin(X, 1h)` -> `X`;
/// `count()` -> `count_`; `sum(X)` -> `sum_X`; `make_set(X)` -> `set_X`; `sum(X * 2)` -> `sum_`.
pub(super) fn expr_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Name(id) => Some(id.name.clone()),
        Expr::Member { target, name, .. } => {
            if let Expr::Name(t) = target.as_ref() {
                if t.name == "$left" || t.name == "$right" {
                    return Some(name.name.clone());
                }
            }
            Some(format!("{}_{}", expr_name(target)?, name.name))
        }
        Expr::Index { target, index, .. } => {
            let key = match index.as_ref() {
                Expr::Literal {
                    value: Literal::String(s),
                    ..
                } => s.clone(),
                Expr::Literal {
                    value: Literal::Long(n),
                    ..
                } => n.to_string(),
                _ => return None,
            };
            Some(format!("{}_{}", expr_name(target)?, key))
        }
        Expr::Call {
            target: None,
            name,
            args,
            ..
        } => {
            let sig = builtins::lookup(&name.name)?;
            match sig.result_name {
                ResultName::Generated => None,
                ResultName::FirstArg => match args.first()? {
                    Expr::Literal {
                        value: Literal::String(s),
                        ..
                    } if name.name == "column_ifexists" => Some(s.clone()),
                    first => expr_name(first),
                },
                ResultName::Prefix(prefix) => {
                    let arg = args.first().and_then(|a| match a {
                        Expr::Name(id) => Some(id.name.clone()),
                        _ => None,
                    });
                    Some(format!("{prefix}_{}", arg.unwrap_or_default()))
                }
            }
        }
        _ => None,
    }
}

/// The closest candidate to a misspelled name, if one is close enough to be a likely typo.
pub(super) fn suggest<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = name.to_ascii_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.eq_ignore_ascii_case(name) {
            0
        } else {
            let cl = c.to_ascii_lowercase();
            if cl.len().abs_diff(lower.len()) > limit {
                continue;
            }
            edit_distance(&lower, &cl)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), over bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether `name` matches a `project-away`-style pattern where `*` matches any run of characters.
pub(super) fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_but_not_strangers() {
        let cols = ["Status", "Severity", "Title", "IncidentNumber"];
        assert_eq!(suggest("Sttus", cols.iter().copied()), Some("Status"));
        assert_eq!(suggest("status", cols.iter().copied()), Some("Status"));
        assert_eq!(suggest("Serevity", cols.iter().copied()), Some("Severity"));
        assert_eq!(suggest("Banana", cols.iter().copied()), None);
        let tables = ["SigninLogs", "SecurityIncident"];
        assert_eq!(
            suggest("SigninLog", tables.iter().copied()),
            Some("SigninLogs")
        );
    }

    #[test]
    fn wildcard_patterns() {
        assert!(matches_pattern("Device*", "DeviceName"));
        assert!(matches_pattern("*Name", "DeviceName"));
        assert!(matches_pattern("D*N*e", "DeviceName"));
        assert!(!matches_pattern("Device*", "ActionType"));
        assert!(matches_pattern("ActionType", "ActionType"));
    }
}
