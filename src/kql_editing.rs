//! The KQL editor's logic: diagnostics with line and column, as the analyst types.

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
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
}
