//! Diagnostics: what went wrong in a query, where, and how bad it is.

use crate::ast::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The query cannot run as written.
    Error,
    /// The query runs, but probably not as meant.
    Warning,
}

/// A message about a byte range of the query, written for the person at the keyboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub span: Span,
    pub severity: Severity,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span,
            severity: Severity::Error,
        }
    }

    /// A warning at `span`.
    pub fn warning(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span,
            severity: Severity::Warning,
        }
    }

    /// 1-based line and column of the span's start in `source` (columns count characters).
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        let at = self.span.start.min(source.len());
        let mut line = 1;
        let mut col = 1;
        for (i, c) in source.char_indices() {
            if i >= at {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        (line, col)
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{level} at {}..{}: {}",
            self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}
