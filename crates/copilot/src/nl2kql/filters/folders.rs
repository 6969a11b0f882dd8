//! Places on disk and in the registry that analysts name by their common name: "out of a Temp
//! folder", "in AppData", "Run key modifications" -> the path column contains that place.

use super::super::semantic_catalog::TableSense;
use super::super::text::{joined_raw, Token};
use super::literals::string_literal;
use super::Filter;

/// (words said, in order; the column it is in; the part of the path that place has).
const PLACES: &[(&[&str], &str, &str)] = &[
    (&["temp", "folder"], "FolderPath", "\\Temp\\"),
    (&["temp", "directory"], "FolderPath", "\\Temp\\"),
    (&["tmp", "folder"], "FolderPath", "\\Temp\\"),
    (&["from", "temp"], "FolderPath", "\\Temp\\"),
    (&["in", "temp"], "FolderPath", "\\Temp\\"),
    (&["appdata"], "FolderPath", "\\AppData\\"),
    (&["downloads", "folder"], "FolderPath", "\\Downloads\\"),
    (
        &["startup", "folder"],
        "FolderPath",
        "\\Start Menu\\Programs\\Startup",
    ),
    (&["programdata"], "FolderPath", "\\ProgramData\\"),
    (&["public", "folder"], "FolderPath", "\\Users\\Public\\"),
    (&["recycle", "bin"], "FolderPath", "\\$Recycle.Bin\\"),
    (&["system32"], "FolderPath", "\\System32\\"),
    (&["run", "key"], "RegistryKey", "\\CurrentVersion\\Run"),
    (&["run", "keys"], "RegistryKey", "\\CurrentVersion\\Run"),
    (&["runonce"], "RegistryKey", "\\CurrentVersion\\RunOnce"),
];

/// Binds places named by their common name to the table's path column.
pub(super) fn named(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    // The words first: most questions name no such place, and a column look-up costs more.
    // A place starts at a word that begins some place's name.
    let starts: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let lower = t.lower.as_str();
            PLACES.iter().any(|(words, _, _)| words[0] == lower)
        })
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return;
    }
    for (words, column, part) in PLACES {
        let n = words.len();
        let Some(i) = starts.iter().copied().find(|&i| {
            i + n <= tokens.len() && (0..n).all(|k| !used[i + k] && tokens[i + k].lower == words[k])
        }) else {
            continue;
        };
        let Some((ci, c)) = table.column(column).filter(|(_, c)| c.is_text()) else {
            continue;
        };
        if filters.iter().any(|f| f.column == Some(ci)) {
            continue;
        }
        for u in &mut used[i..i + n] {
            *u = true;
        }
        filters.push(Filter::one(
            ci,
            c,
            "contains",
            string_literal(part),
            joined_raw(tokens, i, i + n),
            "a place on disk or in the registry named by its common name",
        ));
    }
}
