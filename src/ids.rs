//! Element ids unique on the page, so that several panels on one page never share one (an
//! `aria-labelledby` in one panel must not point into another).

use std::cell::Cell;
use std::fmt;

/// An id (`{prefix}-{n}`) given once on this page; `Copy`, so views can format it freely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UniqueId {
    prefix: &'static str,
    n: usize,
}

impl fmt::Display for UniqueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.prefix, self.n)
    }
}

/// A new id, `{prefix}-{n}`, never given before on this page.
pub fn unique_id(prefix: &'static str) -> UniqueId {
    thread_local! {
        static NEXT: Cell<usize> = const { Cell::new(1) };
    }
    UniqueId {
        prefix,
        n: NEXT.with(|c| c.replace(c.get() + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_never_given_twice() {
        let (a, b) = (unique_id("sc-card"), unique_id("sc-card"));
        assert_ne!(a.to_string(), b.to_string());
        assert!(a.to_string().starts_with("sc-card-"));
    }
}
