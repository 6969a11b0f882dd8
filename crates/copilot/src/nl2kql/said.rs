//! A question's words as catalog words are matched against them: each token's stem, lower case
//! and our synonyms for it as plain strings, with their lengths as bits, so that a catalog word of
//! another length is ruled out by one `&` before any string is compared.

use super::semantic_catalog::Nl2KqlCatalog;
use super::text::Token;

/// One token's forms (see the module comment).
pub(crate) struct Said<'a> {
    pub stem: &'a str,
    pub lower: &'a str,
    /// Our synonyms for the stem, if it has some.
    pub synonyms: Option<&'a Vec<String>>,
    /// Bit `n` for each form `n` bytes long ([`length_bit`]).
    pub lengths: u64,
}

/// The bit of a word `n` bytes long in a set of lengths (bit 63 for 63 bytes or more).
pub(crate) fn length_bit(n: usize) -> u64 {
    1 << n.min(63)
}

impl<'a> Said<'a> {
    pub(crate) fn new(cat: &'a Nl2KqlCatalog, t: &'a Token) -> Self {
        let synonyms = cat.synonyms.get(t.stem.as_str());
        let lengths = synonyms.into_iter().flatten().fold(
            length_bit(t.stem.len()) | length_bit(t.lower.len()),
            |m, s| m | length_bit(s.len()),
        );
        Said {
            stem: &t.stem,
            lower: &t.lower,
            synonyms,
            lengths,
        }
    }

    /// Whether `w` is the token's stem, its lower case or one of our synonyms for it.
    pub(crate) fn says(&self, w: &str) -> bool {
        self.lengths & length_bit(w.len()) != 0
            && (self.stem == w
                || self.lower == w
                || self.synonyms.is_some_and(|v| v.iter().any(|x| x == w)))
    }
}

/// Each token's forms, in order.
pub(crate) fn said<'a>(cat: &'a Nl2KqlCatalog, tokens: &'a [Token]) -> Vec<Said<'a>> {
    tokens.iter().map(|t| Said::new(cat, t)).collect()
}
