//! Levels of a numeric severity or score ("high severity GuardDuty findings", "critical CVSS"):
//! the ranges of the common 0–10 scale (CVSS, GuardDuty): critical 9+, high 7+, medium 4 to 7,
//! low below 4.

use super::super::semantic_catalog::TableSense;
use super::super::text::{has_word, Token};
use super::Filter;

/// The lower and upper bound of a level on the 0–10 scale.
fn range(level: &str) -> Option<(Option<&'static str>, Option<&'static str>)> {
    Some(match level {
        "critical" => (Some("9"), None),
        "high" => (Some("7"), None),
        "medium" | "moderate" => (Some("4"), Some("7")),
        "low" => (None, Some("4")),
        _ => return None,
    })
}

/// "high severity" on a numeric severity or score column with no named values.
pub(super) fn numeric_levels(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = table.columns.iter().enumerate().find(|(_, c)| {
        c.is_numeric()
            && c.values.is_empty()
            && matches!(c.name.as_str(), "Severity" | "CvssScore" | "SeverityScore")
    }) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    for i in 0..tokens.len() {
        let Some((lo, hi)) = range(lw(i)) else {
            continue;
        };
        // The level of this column: "high severity", "critical cvss", "severity high".
        let of_column = |k: usize| has_word(&c.words, &tokens[k].stem);
        if used[i] || !(of_column(i + 1) || i > 0 && of_column(i - 1)) {
            continue;
        }
        used[i] = true;
        let k = if of_column(i + 1) { i + 1 } else { i - 1 };
        used[k] = true;
        let words = format!("{} {}", tokens[i.min(k)].raw, tokens[i.max(k)].raw);
        let why = "a level of the 0-10 severity scale";
        if let Some(lo) = lo {
            filters.push(Filter::one(ci, c, ">=", lo.into(), words.clone(), why));
        }
        if let Some(hi) = hi {
            filters.push(Filter::one(ci, c, "<", hi.into(), words, why));
        }
        return;
    }
}
