//! A kind of file named by its extension: "iso attachments", "ps1 files", "lnk downloads" ->
//! the file name ends with that extension.

use super::super::semantic_catalog::TableSense;
use super::super::text::{is_file_extension, Shape, Token};
use super::literals::string_literal;
use super::Filter;

/// Nouns for files that an extension may qualify.
const FILE_NOUNS: &[&str] = &[
    "file",
    "files",
    "attachment",
    "attachments",
    "download",
    "downloads",
    "document",
    "documents",
    "script",
    "scripts",
    "archive",
    "archives",
    "payload",
    "payloads",
    "binary",
    "binaries",
];

/// Extensions that are also ordinary words or name other things ("one", "key", "cmd").
const NOT_ALONE: &[&str] = &[
    "one", "so", "key", "log", "bin", "dat", "msg", "cmd", "cert", "config", "sh", "py", "sys",
];

/// "iso attachments": `FileName endswith ".iso"` on the table's own file name column.
pub(super) fn named_by_extension(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for i in 0..tokens.len().saturating_sub(1) {
        let t = &tokens[i];
        if used[i]
            || t.shape != Shape::Word
            || !FILE_NOUNS.contains(&tokens[i + 1].lower.as_str())
            || !is_file_extension(&t.lower)
            || NOT_ALONE.contains(&t.lower.as_str())
        {
            continue;
        }
        let Some(ci) = table
            .columns
            .iter()
            .position(|c| c.name == "FileName" && c.is_text())
        else {
            return;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        used[i] = true;
        filters.push(Filter::one(
            ci,
            &table.columns[ci],
            "endswith",
            string_literal(&format!(".{}", t.lower)),
            format!("{} {}", t.raw, tokens[i + 1].raw),
            "a kind of file named by its extension",
        ));
    }
}
