//! String predicates: `has` (whole terms), `contains`, `startswith`, `endswith`, `=~`, with and
//! without case sensitivity. Case-insensitive forms compare ASCII without allocating and fall back
//! to Unicode lowercasing only for non-ASCII text.

/// The string operators KQL applies to text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrOp {
    Equals,
    Has,
    HasPrefix,
    HasSuffix,
    Contains,
    StartsWith,
    EndsWith,
}

/// A string predicate with its needle prepared once per query.
#[derive(Clone, Debug)]
pub struct StrMatcher {
    pub op: StrOp,
    pub case_sensitive: bool,
    /// The needle, lowercased when the match ignores case.
    needle: String,
    ascii: bool,
}

impl StrMatcher {
    /// Prepares a matcher for `op` with `needle`.
    pub fn new(op: StrOp, needle: &str, case_sensitive: bool) -> StrMatcher {
        let needle = if case_sensitive {
            needle.to_string()
        } else {
            needle.to_lowercase()
        };
        StrMatcher {
            op,
            case_sensitive,
            ascii: needle.is_ascii(),
            needle,
        }
    }

    /// Whether `hay` matches.
    pub fn matches(&self, hay: &str) -> bool {
        if !(self.case_sensitive || self.ascii && hay.is_ascii()) {
            let lower = hay.to_lowercase();
            return apply(self.op, &lower, &self.needle, true);
        }
        apply(self.op, hay, &self.needle, self.case_sensitive)
    }
}

fn apply(op: StrOp, hay: &str, needle: &str, cs: bool) -> bool {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    match op {
        StrOp::Equals => eq_bytes(h, n, cs),
        StrOp::StartsWith => h.len() >= n.len() && eq_bytes(&h[..n.len()], n, cs),
        StrOp::EndsWith => h.len() >= n.len() && eq_bytes(&h[h.len() - n.len()..], n, cs),
        StrOp::Contains => find(h, n, cs, 0).is_some(),
        StrOp::Has | StrOp::HasPrefix | StrOp::HasSuffix => has_term(op, h, n, cs),
    }
}

fn eq_bytes(a: &[u8], b: &[u8], cs: bool) -> bool {
    if cs {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

/// Finds `n` in `h` from `start`; `n` is already lowercase when `cs` is false.
fn find(h: &[u8], n: &[u8], cs: bool, start: usize) -> Option<usize> {
    if n.is_empty() {
        return Some(start.min(h.len()));
    }
    if h.len() < n.len() {
        return None;
    }
    let first = n[0];
    let first_upper = first.to_ascii_uppercase();
    let last = h.len() - n.len();
    let mut i = start;
    while i <= last {
        let c = h[i];
        if (c == first || (!cs && c == first_upper)) && eq_bytes(&h[i..i + n.len()], n, cs) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_term_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// `has`: the needle occurs as whole term(s); `hasprefix`/`hassuffix` need only the start/end
/// of a term to line up.
fn has_term(op: StrOp, h: &[u8], n: &[u8], cs: bool) -> bool {
    if n.is_empty() {
        return true;
    }
    let check_left = op != StrOp::HasSuffix && is_term_char(n[0]);
    let check_right = op != StrOp::HasPrefix && is_term_char(n[n.len() - 1]);
    let mut start = 0;
    while let Some(i) = find(h, n, cs, start) {
        let left_ok = !check_left || i == 0 || !is_term_char(h[i - 1]);
        let end = i + n.len();
        let right_ok = !check_right || end == h.len() || !is_term_char(h[end]);
        if left_ok && right_ok {
            return true;
        }
        start = i + 1;
    }
    false
}

/// Case-insensitive string equality (`=~`).
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Splits text into the terms `has` indexes (runs of letters and digits).
pub fn terms(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(op: StrOp, hay: &str, needle: &str, cs: bool) -> bool {
        StrMatcher::new(op, needle, cs).matches(hay)
    }

    #[test]
    fn has_is_whole_terms() {
        assert!(m(StrOp::Has, "Failed logon from 10.0.0.1", "LOGON", false));
        assert!(!m(StrOp::Has, "Failed logons", "logon", false));
        assert!(m(
            StrOp::Has,
            "powershell.exe -enc",
            "powershell.exe",
            false
        ));
        assert!(m(StrOp::Has, "a-b", "a-b", false));
        assert!(!m(StrOp::Has, "Failed logon", "LOGON", true));
        assert!(m(StrOp::HasPrefix, "logons failed", "logo", false));
        assert!(!m(StrOp::HasPrefix, "blogon", "logo", false));
        assert!(m(StrOp::HasSuffix, "blogon", "logon", false));
    }

    #[test]
    fn contains_and_friends() {
        assert!(m(StrOp::Contains, "Failed logons", "LOGON", false));
        assert!(!m(StrOp::Contains, "Failed logons", "LOGON", true));
        assert!(m(StrOp::StartsWith, "Administrator", "admin", false));
        assert!(m(StrOp::EndsWith, "cmd.EXE", ".exe", false));
        assert!(m(StrOp::Equals, "ÄBC", "äbc", false));
        assert!(m(StrOp::Contains, "anything", "", false));
    }
}
