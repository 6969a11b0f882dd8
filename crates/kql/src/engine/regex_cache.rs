//! Regular expressions for `matches regex`, `extract`, `replace_regex`, `parse kind=regex`...
//! KQL uses RE2 syntax, which `regex-lite` follows (ASCII classes and case folding, as RE2's
//! `\w`, `\d`, `\s`; Unicode classes such as `\pL` are refused with a clear error); each pattern
//! is compiled once per query.

use regex_lite::Regex;

use crate::ast::Span;

use super::ExecError;

/// Compiles a pattern, reporting a bad one at `span`.
pub fn compile(pattern: &str, span: Span) -> Result<Regex, ExecError> {
    Regex::new(pattern)
        .map_err(|e| ExecError::at(format!("invalid regular expression `{pattern}`: {e}"), span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_classes_are_ascii_and_unicode_classes_are_refused_by_name() {
        let span = Span::new(0, 1);
        assert!(compile(r"^\w+\d$", span).unwrap().is_match("user4"));
        assert!(!compile(r"^\w+$", span).unwrap().is_match("é"));
        assert!(compile("(?i)^admin$", span).unwrap().is_match("ADMIN"));
        let err = compile(r"\pL+", span).unwrap_err();
        assert!(
            format!("{err:?}").contains("invalid regular expression"),
            "{err:?}"
        );
    }
}
