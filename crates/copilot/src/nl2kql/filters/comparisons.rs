//! The words between a column and its value: linking words, negations, and the comparison they
//! ask for.

use super::super::said::length_bit;
use super::super::text::edit_distance;

/// Words that join a column mention to its value ("is", "equals", "named", "contains"...).
pub(super) fn is_linker(w: &str) -> bool {
    matches!(
        w,
        "is" | "="
            | "=="
            | "equals"
            | "equal"
            | "to"
            | "named"
            | "called"
            | "of"
            | "contains"
            | "contain"
            | "containing"
            | "has"
            | "have"
            | "having"
            | "with"
            | "starts"
            | "start"
            | "starting"
            | "begins"
            | "begin"
            | "beginning"
            | "ends"
            | "end"
            | "ending"
            | "matches"
            | "match"
            | "matching"
            | "regex"
            | "like"
            | "not"
            | "isnt"
            | "isn"
            | "!="
            | "either"
            | "as"
            | "value"
            | ":"
            | "are"
            | "was"
            | "were"
            | "the"
            | "a"
            | "an"
            | "than"
            | "greater"
            | "more"
            | "less"
            | "fewer"
            | "above"
            | "below"
            | "under"
            | "over"
            | "least"
            | "most"
            | "at"
            | ">"
            | ">="
            | "<"
            | "<="
            | "exceeds"
            | "exceeding"
            | "higher"
            | "lower"
            | "set"
            | "in"
            | "any"
            | "one"
            | "doesnt"
            | "does"
            | "dont"
            | "do"
            | "no"
            | "without"
            | "excluding"
            | "except"
            | "exclude"
            | "for"
            | "on"
            | "by"
            | "pattern"
            | "prefix"
            | "suffix"
            | "extension"
            | "string"
            | "text"
            | "word"
            | "exactly"
            | "exact"
            | "include"
            | "includes"
            | "including"
    )
}

pub(super) fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "isnt"
            | "isn"
            | "!="
            | "excluding"
            | "except"
            | "exclude"
            | "excludes"
            | "skip"
            | "skipping"
            | "ignore"
            | "ignoring"
            | "minus"
            | "omit"
            | "omitting"
            | "without"
            | "doesnt"
            | "dont"
            | "non"
            | "never"
            | "nor"
            | "aren"
            | "arent"
            | "wasnt"
            | "other"
    ) || (w.len() >= 7
        && ["excluding", "exclude", "excludes"]
            .iter()
            .any(|n| edit_distance(w, n, 1) <= 1))
}

/// The comparison the words between a column and its value ask for.
pub(super) fn op_from(words: &[&str], numeric: bool) -> Option<&'static str> {
    // The lengths of the words as bits: a word of another length is ruled out by one test
    // (most of those asked for are).
    let lengths = words.iter().fold(0, |m, w| m | length_bit(w.len()));
    let has = |w: &str| lengths & length_bit(w.len()) != 0 && words.contains(&w);
    if has("regex") || has("matches") && has("pattern") {
        return Some("matches regex");
    }
    if has("starts")
        || has("start")
        || has("starting")
        || has("begins")
        || has("begin")
        || has("beginning")
        || has("prefix")
    {
        return Some("startswith");
    }
    if has("ends")
        || has("ending")
        || has("suffix")
        || has("extension")
        || (has("end") && has("with"))
    {
        return Some("endswith");
    }
    if has("contains") || has("contain") || has("containing") || has("like") || has("includes") {
        return Some("contains");
    }
    if numeric {
        let at = has("at");
        // "greater than or equal to", "higher or equal to": the bound is in; "no more than" is
        // at most ("not more than" is "more than", negated).
        let or_equal = has("equal") && has("or");
        let no = has("no");
        if has("least") && at || has(">=") {
            return Some(">=");
        }
        if has("most") && at || has("<=") || has("up") && has("to") {
            return Some("<=");
        }
        if has("greater")
            || has("more")
            || has("above")
            || has("over")
            || has(">")
            || has("exceeds")
            || has("exceeding")
            || has("higher")
        {
            return Some(if no {
                "<="
            } else if or_equal {
                ">="
            } else {
                ">"
            });
        }
        if has("less") || has("fewer") || has("below") || has("under") || has("<") || has("lower") {
            return Some(if no {
                ">="
            } else if or_equal {
                "<="
            } else {
                "<"
            });
        }
    }
    if has("has") || has("having") {
        return Some("has");
    }
    None
}

/// Words between a column and a bare value naming it ("named", "is", "containing").
pub(super) fn is_naming_word(w: &str) -> bool {
    matches!(
        w,
        "named"
            | "called"
            | "is"
            | "="
            | ":"
            | "name"
            | "id"
            | "has"
            | "contains"
            | "containing"
            | "contain"
            | "equals"
            | "equal"
            | "=="
            | "of"
            | "like"
            | "matching"
            | "include"
            | "includes"
            | "including"
            | "starts"
            | "start"
            | "starting"
            | "begins"
            | "beginning"
            | "ends"
            | "end"
            | "ending"
            | "with"
    )
}
