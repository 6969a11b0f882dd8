//! KQL literals and column references for values, and the default comparison for a column.

use super::super::semantic_catalog::ColumnSense;
use super::super::text::{parse_number, Shape};
use super::binding::Slot;
use super::col_has;

/// A KQL string literal for any text (verbatim when it holds backslashes).
pub(crate) fn string_literal(s: &str) -> String {
    if s.contains('\\') {
        format!("@\"{}\"", s.replace('"', "\"\""))
    } else {
        crate::evidence::kql_string(s)
    }
}

/// A KQL column reference.
pub(crate) fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain
        && !matches!(
            name,
            "and" | "or" | "not" | "where" | "by" | "on" | "in" | "has"
        )
    {
        name.to_string()
    } else {
        format!("['{}']", name.replace('\'', "\\'"))
    }
}

/// The words of long free-text columns, as column words are kept (stemmed: "titl" of Title,
/// "descript" of Description).
const FREE_TEXT_WORDS: &[&str] = &[
    "commandlin",
    "command",
    "url",
    "uri",
    "path",
    "key",
    "titl",
    "descript",
    "subject",
    "messag",
    "detail",
    "field",
    "property",
    "str",
    "agent",
    "query",
    "comment",
    "folder",
    "data",
];

/// Long free-text columns, where a word is looked up rather than matched whole (never an id:
/// NetworkMessageId is matched whole).
pub(super) fn is_free_text(c: &ColumnSense) -> bool {
    c.data_type == kql::DataType::Dynamic
        || col_has(c, FREE_TEXT_WORDS) && c.words.last().is_none_or(|w| w != "id")
}

pub(super) fn default_op(c: &ColumnSense, shape: Shape) -> &'static str {
    if c.is_numeric() {
        return "==";
    }
    match shape {
        Shape::Ip
        | Shape::Hash
        | Shape::Guid
        | Shape::HexId
        | Shape::Number
        | Shape::Cve
        | Shape::Version => "==",
        Shape::Email | Shape::FileName => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
        Shape::Url | Shape::Domain | Shape::Path => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
        _ => {
            if is_free_text(c) {
                "has"
            } else {
                "=~"
            }
        }
    }
}

/// The literal for a slot in a column, or `None` when the column cannot hold it.
pub(super) fn literal_for(c: &ColumnSense, s: &Slot) -> Option<String> {
    if c.is_numeric() {
        let n = parse_number(&s.raw)?;
        return Some(if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        });
    }
    if c.data_type == kql::DataType::Bool {
        return match s.raw.to_lowercase().as_str() {
            "true" | "1" | "yes" => Some("true".into()),
            "false" | "0" | "no" => Some("false".into()),
            _ => None,
        };
    }
    if c.data_type == kql::DataType::Guid {
        return (s.shape == Shape::Guid).then(|| format!("guid({})", s.raw));
    }
    if !c.is_text() {
        return None;
    }
    // "logon type 10": Windows numbers its logon types; a column that keeps their names
    // (Defender's LogonType) takes the name.
    if s.shape == Shape::Number && c.name.ends_with("LogonType") {
        if let Some(name) =
            logon_type_name(&s.raw).filter(|n| c.values.iter().any(|v| v.value == *n))
        {
            return Some(string_literal(name));
        }
    }
    Some(string_literal(&s.raw))
}

/// The name of a Windows logon type by its number.
fn logon_type_name(number: &str) -> Option<&'static str> {
    Some(match number {
        "2" => "Interactive",
        "3" => "Network",
        "4" => "Batch",
        "5" => "Service",
        "7" => "Unlock",
        "8" => "NetworkCleartext",
        "9" => "NewCredentials",
        "10" => "RemoteInteractive",
        "11" => "CachedInteractive",
        _ => return None,
    })
}

/// "ports 80,443": commas in a number too large for a port list ports, not thousands.
pub(super) fn port_list(c: &ColumnSense, raw: &str) -> Option<Vec<String>> {
    if !c.is_numeric() || !c.name.contains("Port") || !raw.contains(',') {
        return None;
    }
    if parse_number(raw).is_some_and(|n| n <= 65535.0) {
        return None;
    }
    let parts: Vec<&str> = raw.split(',').filter(|p| !p.is_empty()).collect();
    parts
        .iter()
        .all(|p| p.parse::<u32>().is_ok_and(|n| n <= 65535))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::super::super::text::stem;
    use super::*;

    #[test]
    fn free_text_words_are_stems_of_the_words_columns_use() {
        let words = [
            "commandline",
            "command",
            "url",
            "uri",
            "path",
            "key",
            "title",
            "description",
            "subject",
            "message",
            "detail",
            "field",
            "properties",
            "string",
            "agent",
            "query",
            "comment",
            "folder",
            "data",
        ];
        let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
        assert_eq!(stems, FREE_TEXT_WORDS);
    }
}
