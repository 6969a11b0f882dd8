//! Software named as installed: "devices with anydesk installed", "machines that have 7-zip
//! installed" -> the inventory's software name has it.

use super::super::semantic_catalog::TableSense;
use super::super::text::{is_stopword, Shape, Token};
use super::literals::string_literal;
use super::Filter;

/// `SoftwareName has "<name>"` for a name right before "installed", in tables that list
/// installed software.
pub(super) fn installed(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some((ci, c)) = table.column("SoftwareName").filter(|(_, c)| c.is_text()) else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    for i in 1..tokens.len() {
        if !matches!(tokens[i].lower.as_str(), "installed" | "deployed") {
            continue;
        }
        let k = i - 1;
        let t = &tokens[k];
        if used[k]
            || !matches!(t.shape, Shape::Word | Shape::Identifier | Shape::Quoted)
            || is_stopword(&t.lower)
            || table.column(&t.raw).is_some()
        {
            continue;
        }
        used[k] = true;
        used[i] = true;
        filters.push(Filter::one(
            ci,
            c,
            "has",
            string_literal(&t.lower),
            format!("{} {}", t.raw, tokens[i].raw),
            "software named as installed",
        ));
        return;
    }
}
