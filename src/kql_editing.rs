//! The KQL editor's logic: diagnostics with line and column as the analyst types, offsets between
//! the browser's UTF-16 and Rust's UTF-8, and applying a completion.

use kql::{Catalog, Diagnostic, Severity};

/// A diagnostic as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDiagnostic {
    /// "Error" or "Warning".
    pub severity: &'static str,
    /// 1-based line and column of the start.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The byte range it is about, for underlining (never empty).
    pub span: (usize, usize),
}

/// Checks the editor's text against the catalog (syntax, tables, columns, functions, types).
pub fn diagnose(text: &str, catalog: &Catalog) -> Vec<EditorDiagnostic> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    kql::check(text, catalog)
        .iter()
        .map(|d| located(text, d))
        .collect()
}

fn located(text: &str, d: &Diagnostic) -> EditorDiagnostic {
    let start = d.span.start.min(text.len());
    let before = &text[..floor_char_boundary(text, start)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    EditorDiagnostic {
        severity: match d.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        },
        line,
        column,
        message: d.message.clone(),
        span: (d.span.start, d.span.end.max(d.span.start + 1)),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The byte offset of a UTF-16 offset (what `selectionStart` gives) in `text`.
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset (what `setSelectionRange` takes) of a byte offset in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..floor_char_boundary(text, byte.min(text.len()))]
        .chars()
        .map(char::len_utf16)
        .sum()
}

/// The 0-based line and column (in characters) of a byte offset: where to draw the caret's popup.
pub fn line_and_column(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, byte.min(text.len()))];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

/// The text with a completion applied, and the byte offset of the cursor after it.
pub fn apply_completion(text: &str, replace: kql::ast::Span, insert: &str) -> (String, usize) {
    let start = floor_char_boundary(text, replace.start.min(text.len()));
    let end = floor_char_boundary(text, replace.end.min(text.len())).max(start);
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(insert);
    out.push_str(&text[end..]);
    (out, start + insert.len())
}

/// Whether typing just now should open the completion list: after a letter, a digit, `_` or `-`
/// that continues a word, or after `| ` — not after a space or punctuation in general.
pub fn opens_completion(text: &str, cursor: usize) -> bool {
    let before = &text[..floor_char_boundary(text, cursor.min(text.len()))];
    match before.chars().last() {
        Some(c) if c.is_alphabetic() || c == '_' => true,
        Some(' ') => before.trim_end().ends_with('|'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let catalog = sentinel::core_catalog();
        let d = diagnose("SecurityIncident\n| where Sttus == \"New\"", &catalog);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (2, 9));
        assert!(d[0].message.contains("Status"), "{}", d[0].message);
        assert!(diagnose("SecurityIncident | take 5", &catalog).is_empty());
        assert!(diagnose("   ", &catalog).is_empty());
        assert!(!diagnose("SigninLogs | where", &catalog).is_empty());
    }

    #[test]
    fn offsets_between_utf16_and_bytes() {
        let text = "é 😀 x";
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units.
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), 2);
        assert_eq!(byte_offset(text, 4), 7);
        assert_eq!(byte_offset(text, 99), text.len());
        for byte in [0, 2, 3, 7, 8, text.len()] {
            assert_eq!(byte_offset(text, utf16_offset(text, byte)), byte);
        }
    }

    #[test]
    fn completion_is_applied_where_the_word_was() {
        let span = kql::ast::Span::new(13, 16);
        let (text, cursor) = apply_completion("SigninLogs | whe", span, "where ");
        assert_eq!(text, "SigninLogs | where ");
        assert_eq!(cursor, text.len());
        assert_eq!(line_and_column("a\nbé|", 6), (1, 3));
        assert!(opens_completion("SigninLogs | w", 14));
        assert!(opens_completion("SigninLogs | ", 13));
        assert!(!opens_completion("SigninLogs | take 5", 19));
        assert!(!opens_completion("x == ", 5));
    }
}
