//! Regular expressions for `matches regex`, `extract`, `replace_regex`, `parse kind=regex`...
//! KQL uses RE2 syntax, which the `regex` crate follows; each pattern is compiled once per query.

use regex::Regex;

use crate::ast::Span;

use super::ExecError;

/// Compiles a pattern, reporting a bad one at `span`.
pub fn compile(pattern: &str, span: Span) -> Result<Regex, ExecError> {
    Regex::new(pattern)
        .map_err(|e| ExecError::at(format!("invalid regular expression `{pattern}`: {e}"), span))
}
