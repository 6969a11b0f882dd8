//! Questions about what has gone quiet: "users with no sign-ins in the last 30 days", "devices
//! that have not reported for a week", "accounts inactive since March 1". They ask for the things
//! whose latest activity is older than the window's start — the opposite of keeping the rows
//! inside the window — so the query takes each thing's last time and keeps the old ones.

use super::semantic_catalog::{Field, Nl2KqlCatalog};
use super::text::{has_word, parse_number, Shape, Token};
use super::time::{timespan, unit_of, word_number, TimeWindow};

/// A window in which the things asked for have no activity.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Absence {
    /// The KQL moment the window starts at (`ago(30d)`, `datetime(2026-03-01)`): their last
    /// activity is before it.
    pub since: String,
    /// The words that said so ("no sign-ins", "haven't logged on", "inactive").
    pub words: String,
    /// The token of the activity that stopped ("sign-ins" of "no sign-ins"), if one was named.
    pub activity: Option<usize>,
}

/// Adjectives that say a thing has been quiet.
fn is_quiet_adjective(w: &str) -> bool {
    matches!(w, "inactive" | "dormant" | "stale" | "idle" | "unused")
}

/// Adjectives that say so only when a span follows ("heartbeats missing for an hour", "silent
/// since Monday"): "sign-ins missing MFA" is no absence.
fn is_quiet_for(w: &str, next: &str) -> bool {
    matches!(w, "silent" | "missing" | "offline") && matches!(next, "for" | "since")
}

/// Negations of a verb ("have not", "haven't", "never").
fn is_verb_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "never" | "havent" | "hasnt" | "hadnt" | "didnt" | "dont" | "doesnt" | "wasnt"
    )
}

/// Verbs of a thing's activity, as typed after a negation ("not logged on", "never seen").
fn is_activity_verb(w: &str) -> bool {
    matches!(
        w,
        "logged"
            | "log"
            | "logon"
            | "login"
            | "signed"
            | "sign"
            | "signin"
            | "seen"
            | "see"
            | "reported"
            | "report"
            | "active"
            | "used"
            | "use"
            | "connected"
            | "connect"
            | "communicated"
            | "authenticated"
            | "authenticate"
            | "checked"
            | "accessed"
            | "access"
            | "appeared"
            | "online"
            | "sent"
            | "send"
            | "heard"
            | "changed"
            | "change"
            | "reset"
            | "rotated"
            | "updated"
    )
}

/// Nouns of activity after "no" ("no sign-ins", "no logon events", "no activity").
fn is_activity_noun(stem: &str, lower: &str) -> bool {
    let w = lower.trim_end_matches('s');
    matches!(
        w,
        "sign-in"
            | "signin"
            | "sign"
            | "login"
            | "logon"
            | "log-on"
            | "log-in"
            | "activity"
            | "activitie"
            | "event"
            | "record"
            | "connection"
            | "traffic"
            | "authentication"
            | "heartbeat"
            | "log"
            | "report"
            | "communication"
            | "alert"
            | "email"
            | "message"
    ) || matches!(stem, "activ" | "authent")
}

/// Words that may stand between the cue and what it is about ("no successful sign-ins",
/// "not been seen", "haven't yet logged on").
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "been"
            | "be"
            | "a"
            | "an"
            | "single"
            | "non"
            | "non-interactive"
            | "noninteractive"
            | "yet"
            | "ever"
            | "even"
            | "once"
            | "any"
            | "recent"
            | "new"
            | "successful"
            | "interactive"
            | "failed"
            | "network"
            | "user"
            | "have"
            | "has"
            | "had"
            | "did"
            | "do"
            | "does"
            | "was"
            | "were"
    )
}

/// The cue at `i`, with the tokens it spans, if it says "no activity".
fn cue_at(tokens: &[Token], i: usize) -> Option<Vec<usize>> {
    let t = tokens.get(i)?;
    if t.shape != Shape::Word {
        return None;
    }
    let w = t.lower.as_str();
    let next = tokens.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
    if is_quiet_adjective(w) || is_quiet_for(w, next) {
        return Some(vec![i]);
    }
    let negation = is_verb_negation(w);
    let no = matches!(w, "no" | "zero" | "without");
    if !(negation || no) {
        return None;
    }
    let mut span = vec![i];
    let mut j = i + 1;
    while j < tokens.len() && j <= i + 4 {
        let n = &tokens[j];
        if n.shape != Shape::Word {
            return None;
        }
        let l = n.lower.as_str();
        if l == "not" || is_filler(l) {
            span.push(j);
            j += 1;
            continue;
        }
        // "not signed in", not "not signed by Microsoft".
        let signs = matches!(l, "signed" | "sign")
            && !tokens
                .get(j + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "in" | "on" | "into" | "onto"));
        let hit = if no {
            is_activity_noun(&n.stem, l)
        } else {
            !signs && (is_activity_verb(l) || is_activity_noun(&n.stem, l))
        };
        return hit.then_some(span);
    }
    None
}

/// "for 90 days", "in 7 days", "in over two weeks", "for more than a month" after the cue: the
/// window it is quiet in, when the question has no other.
fn span_after(tokens: &[Token], from: usize) -> Option<TimeWindow> {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    // Units spelled out ("days"), not single letters.
    let unit = |w: &str| unit_of(w).filter(|_| w.len() > 1);
    for i in from..tokens.len().min(from + 8) {
        if !matches!(lw(i), "for" | "in" | "within" | "since") {
            continue;
        }
        let mut j = i + 1;
        while matches!(
            lw(j),
            "over" | "more" | "than" | "the" | "at" | "least" | "a" | "an"
        ) && !(matches!(lw(j), "a" | "an") && unit(lw(j + 1)).is_some())
        {
            j += 1;
        }
        let t = tokens.get(j)?;
        let n = match (t.shape, word_number(&t.lower)) {
            (Shape::Number, _) => parse_number(&t.raw)?,
            (_, Some(v)) => v,
            _ => continue,
        };
        let k = j + 1;
        let Some((u, hours)) = unit(lw(k)) else {
            continue;
        };
        return Some(TimeWindow {
            condition: format!("{{col}} > ago({})", timespan(n, u)),
            description: format!("the last {} {}", tokens[j].raw, tokens[k].raw),
            used: (i..=k).collect(),
            hours: Some(n * hours),
        });
    }
    None
}

/// The moment an open window ("> ago(30d)", ">= datetime(...)") starts at; none for a closed
/// one ("in March"), where "no activity" cannot be read as "last seen before".
fn start_of(w: &TimeWindow) -> Option<String> {
    let rest = w
        .condition
        .strip_prefix("{col} >= ")
        .or_else(|| w.condition.strip_prefix("{col} > "))?;
    (!rest.contains("{col}")).then(|| rest.to_string())
}

/// Reads a question about things with no activity in a window. Marks the cue's words as used (so
/// "inactive" is not read as a value); a window given only as "for 90 days" after the cue becomes
/// the question's window.
pub(crate) fn read(
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    window: &mut Option<TimeWindow>,
    used: &mut [bool],
) -> Option<Absence> {
    // The cue, near the window when there is one (within a few words before it, or an
    // adjective just after: "accounts inactive in the last month", "devices idle since Monday").
    let (lo, hi) = match window {
        Some(w) => {
            let first = w.used.iter().min().copied().unwrap_or(0);
            let last = w.used.iter().max().copied().unwrap_or(0);
            (first.saturating_sub(8), (last + 3).min(tokens.len()))
        }
        None => (0, tokens.len()),
    };
    let (span, cue_end) = (lo..hi).find_map(|i| {
        if used.get(i).copied().unwrap_or(true) || state_of_named_column(cat, tokens, i) {
            return None;
        }
        let span = cue_at(tokens, i)?;
        let end = span.last().copied().unwrap_or(i) + 1;
        Some((span, end))
    })?;
    if window.is_none() {
        let w = span_after(tokens, cue_end)?;
        for &k in &w.used {
            used[k] = true;
        }
        *window = Some(w);
    }
    let w = window.as_ref()?;
    let since = start_of(w)?;
    // The cue's own words: the negation and fillers, not the activity word (it may name the
    // records: "sign-ins" chooses the sign-in table).
    let words = (span[0]..=cue_end.min(tokens.len() - 1))
        .map(|k| tokens[k].raw.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // Words that qualify the activity ("successful", "interactive") stay for the filters.
    for &k in &span {
        if !matches!(
            tokens[k].lower.as_str(),
            "successful" | "failed" | "interactive" | "network" | "user"
        ) {
            used[k] = true;
        }
    }
    let activity = (cue_end < tokens.len()
        && !is_quiet_adjective(&tokens[span[0]].lower)
        && !matches!(
            tokens[span[0]].lower.as_str(),
            "silent" | "missing" | "offline"
        ))
    .then_some(cue_end);
    Some(Absence {
        since,
        words,
        activity,
    })
}

/// "an inactive sensor", "stale sensor": a state the catalog knows as a value of the column a
/// word beside it names (SensorHealthState's "Inactive") is that value, not a question about
/// what went quiet.
fn state_of_named_column(cat: &Nl2KqlCatalog, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if !is_quiet_adjective(&t.lower) {
        return false;
    }
    let beside = [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(|k| tokens.get(k))
        .filter(|n| n.shape == Shape::Word)
        .collect::<Vec<_>>();
    cat.postings(&t.lower).iter().any(|p| {
        p.field == Field::KnownValue
            && p.column.is_some_and(|c| {
                let words = &cat.tables[usize::from(p.table)].columns[usize::from(c)].words;
                beside.iter().any(|n| has_word(words, &n.stem))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::super::time::find_window;
    use super::*;

    const NOW: i64 = 1_795_752_000;

    fn absence(q: &str) -> Option<(Absence, TimeWindow)> {
        let tokens = tokenize(q);
        let mut used = vec![false; tokens.len()];
        let mut window = find_window(&tokens, NOW);
        if let Some(w) = &window {
            for &k in &w.used {
                used[k] = true;
            }
        }
        let cat = Nl2KqlCatalog::new(sentinel::core_catalog());
        let a = read(&cat, &tokens, &mut window, &mut used)?;
        Some((a, window.unwrap()))
    }

    #[test]
    fn no_activity_in_an_open_window_is_an_absence() {
        for (q, since) in [
            ("users with no sign-ins in the last 30 days", "ago(30d)"),
            (
                "accounts that haven't logged on in the past week",
                "ago(7d)",
            ),
            (
                "devices that have not been seen in the last 14 days",
                "ago(14d)",
            ),
            (
                "which machines did not report in the last 2 days",
                "ago(2d)",
            ),
            (
                "service accounts never used in the previous 90 days",
                "ago(90d)",
            ),
            (
                "mailboxes with zero activity over the last month",
                "ago(30d)",
            ),
        ] {
            let (a, _) = absence(q).unwrap_or_else(|| panic!("{q}: no absence"));
            assert_eq!(a.since, since, "{q}");
        }
    }

    #[test]
    fn a_quiet_span_after_the_cue_is_the_window() {
        let (a, w) = absence("users inactive for 90 days").unwrap();
        assert_eq!(a.since, "ago(90d)");
        assert_eq!(w.condition, "{col} > ago(90d)");
        let (a, _) = absence("devices not seen for more than a week").unwrap();
        assert_eq!(a.since, "ago(7d)");
        let (a, _) = absence("hosts that have not reported in over two weeks").unwrap();
        assert_eq!(a.since, "ago(14d)");
    }

    #[test]
    fn a_since_window_starts_at_its_moment() {
        let (a, _) = absence("accounts with no logons since 2026-03-01").unwrap();
        assert!(a.since.starts_with("datetime(2026-03-01"), "{}", a.since);
    }

    #[test]
    fn absence_of_a_value_or_a_closed_window_is_not_absence_of_activity() {
        for q in [
            "sign-ins with no MFA in the last day",
            "failed sign-ins in the last 24 hours",
            "processes not signed by Microsoft in the last 7 days",
            "no sign-ins in March",
            "inactive devices",
            "sign-ins from devices that are not compliant in the past week",
        ] {
            assert_eq!(absence(q).map(|a| a.0), None, "{q}");
        }
    }
}
