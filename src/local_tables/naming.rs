//! The table name a dropped file is queried by: a valid KQL identifier from the file name.

/// Words KQL reads as operators or keywords at the head of a query; a table named like one would
/// need `['...']` quoting, so such names get a suffix.
const RESERVED: &[&str] = &[
    "and",
    "as",
    "by",
    "contains",
    "count",
    "datatable",
    "declare",
    "distinct",
    "extend",
    "false",
    "find",
    "has",
    "in",
    "join",
    "let",
    "limit",
    "not",
    "null",
    "on",
    "or",
    "print",
    "project",
    "range",
    "render",
    "search",
    "set",
    "sort",
    "summarize",
    "take",
    "top",
    "true",
    "union",
    "where",
    "with",
];

/// A KQL identifier for a file: the name without its extension, other characters replaced by
/// `_`, prefixed when it starts with a digit, and suffixed with `_file` when it is a keyword or
/// `is_taken` says a workspace table has that name.
pub fn table_name_for(file_name: &str, is_taken: impl Fn(&str) -> bool) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    };
    let mut name = String::with_capacity(stem.len());
    let mut last_underscore = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
            last_underscore = false;
        } else if !last_underscore {
            name.push('_');
            last_underscore = true;
        }
    }
    let mut name = name.trim_matches('_').to_string();
    if name.is_empty() {
        name = "LocalFile".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "File_");
    }
    name.truncate(64);
    if RESERVED.contains(&name.to_ascii_lowercase().as_str()) || is_taken(&name) {
        name.push_str("_file");
    }
    name
}

/// Whether `name` can be written bare in a query: a letter or `_` then letters, digits or `_`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_name() {
        let free = |_: &str| false;
        assert_eq!(
            table_name_for("AdvancedHunting-Export.csv", free),
            "AdvancedHunting_Export"
        );
        assert_eq!(
            table_name_for("C:\\tmp\\sign ins (3).jsonl", free),
            "sign_ins_3"
        );
        assert_eq!(
            table_name_for("2026-11-27 export.csv", free),
            "File_2026_11_27_export"
        );
        assert_eq!(table_name_for("...csv", free), "LocalFile");
        assert_eq!(table_name_for(".csv", free), "csv");
        assert_eq!(table_name_for("données.csv", free), "donn_es");
        assert_eq!(table_name_for("where.csv", free), "where_file");
        assert!(table_name_for(&"x".repeat(200), free).len() <= 64);
        for n in [
            "AdvancedHunting_Export",
            "File_2026_11_27_export",
            "where_file",
            "LocalFile",
        ] {
            assert!(is_identifier(n), "{n}");
        }
        assert!(!is_identifier("1x") && !is_identifier("a-b") && !is_identifier("take"));
    }

    #[test]
    fn a_workspace_table_keeps_its_name() {
        let taken = |n: &str| n == "SigninLogs";
        assert_eq!(table_name_for("SigninLogs.csv", taken), "SigninLogs_file");
        assert_eq!(table_name_for("MySignins.csv", taken), "MySignins");
    }
}
