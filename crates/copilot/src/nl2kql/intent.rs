//! The shape of the answer: counts, distinct values, averages, grouping ("per user"), time bins
//! ("per day"), top-N, ordering ("highest severity first", "latest"), projections and charts.

use super::mentions::Mention;
use super::semantic_catalog::TableSense;
use super::text::{joined_raw, parse_number, Shape, Token};

/// An aggregation over the rows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Agg {
    Count,
    DCount(usize),
    Avg(usize),
    Sum(usize),
    Min(usize),
    Max(usize),
    Distinct(Vec<usize>),
}

/// How rows are ordered.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sort {
    /// High, Medium, Low, Informational.
    Severity(usize),
    Column(usize, bool),
    /// The table's time column, newest first when `true`.
    Time(bool),
}

/// Everything about the answer's shape read from the question.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shaping {
    pub agg: Option<(Agg, String)>,
    pub group: Vec<(usize, String)>,
    pub bin: Option<(String, String)>,
    /// `where count_ > N` after counting.
    pub threshold: Option<(&'static str, String, String)>,
    /// Keep the N groups with the most (`true`) or fewest rows.
    pub top_groups: Option<(usize, bool, String)>,
    pub limit: Option<(usize, String)>,
    pub sort: Option<(Sort, String)>,
    pub project: Vec<usize>,
    pub project_words: String,
    pub chart: Option<(&'static str, String)>,
}

/// Words the shape is read from; never values.
pub(crate) fn is_cue_word(w: &str) -> bool {
    matches!(
        w,
        "count"
            | "counts"
            | "number"
            | "total"
            | "top"
            | "per"
            | "by"
            | "each"
            | "every"
            | "unique"
            | "distinct"
            | "average"
            | "avg"
            | "mean"
            | "sum"
            | "max"
            | "maximum"
            | "min"
            | "minimum"
            | "chart"
            | "trend"
            | "daily"
            | "hourly"
            | "weekly"
            | "latest"
            | "newest"
            | "oldest"
            | "earliest"
            | "first"
            | "last"
            | "sorted"
            | "ordered"
            | "sort"
            | "order"
            | "most"
            | "least"
            | "highest"
            | "lowest"
            | "recent"
            | "day"
            | "days"
            | "hour"
            | "hours"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "minute"
            | "minutes"
            | "timechart"
            | "graph"
            | "plot"
            | "over"
            | "time"
            | "and"
            | "or"
            | "in"
            | "on"
            | "from"
            | "to"
            | "with"
            | "for"
            | "at"
            | "that"
            | "which"
            | "who"
            | "where"
            | "when"
            | "the"
            | "a"
            | "an"
            | "of"
    )
}

fn bin_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "minute" | "minutes" | "min" => "1m",
        "hour" | "hours" | "hourly" => "1h",
        "day" | "days" | "daily" | "date" => "1d",
        "week" | "weeks" | "weekly" => "7d",
        "month" | "months" | "monthly" => "30d",
        _ => return None,
    })
}

fn mention_at<'m>(
    mentions: &'m [Mention],
    i: usize,
    used: &[bool],
) -> Option<(usize, &'m Mention)> {
    mentions
        .iter()
        .enumerate()
        .find(|(_, m)| m.start == i && !(m.start..m.end).any(|k| used[k]))
}

/// Reads the answer's shape; marks tokens and mentions it uses.
pub(crate) fn read(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
    window_hours: Option<f64>,
) -> Shaping {
    let mut s = Shaping::default();
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let n = tokens.len();
    // The first mention at or after i (skipping articles), unused.
    let next_mention = |i: usize, used: &[bool], mention_used: &[bool]| -> Option<usize> {
        let mut j = i;
        while j < n
            && matches!(
                lw(j),
                "the" | "a" | "an" | "each" | "every" | "of" | "distinct" | "unique" | "different"
            )
        {
            j += 1;
        }
        mention_at(mentions, j, used)
            .filter(|(mi, m)| !mention_used[*mi] && !m.weak)
            .map(|(mi, _)| mi)
    };

    // Charts and time bins.
    for i in 0..n {
        let w = lw(i);
        let chart = match w {
            "chart" | "graph" | "plot" | "visualize" | "visualise" | "timechart" | "trend"
            | "trends" | "trending" | "timeline" => Some("timechart"),
            _ => None,
        };
        if let Some(c) = chart {
            let kind = (i.saturating_sub(2)..i).map(lw).find_map(|p| match p {
                "pie" => Some("piechart"),
                "bar" => Some("barchart"),
                "column" => Some("columnchart"),
                "line" => Some("timechart"),
                _ => None,
            });
            used[i] = true;
            s.chart = Some((kind.unwrap_or(c), tokens[i].raw.to_string()));
        }
        if w == "over" && lw(i + 1) == "time" {
            used[i] = true;
            used[i + 1] = true;
            s.chart = s.chart.clone().or(Some(("timechart", "over time".into())));
        }
        if matches!(w, "per" | "by" | "each" | "every") || w == "for" && lw(i + 1) == "each" {
            let j = if w == "for" { i + 2 } else { i + 1 };
            let k = if matches!(lw(j), "the" | "each") {
                j + 1
            } else {
                j
            };
            if let Some(b) = bin_of(lw(k)).filter(|_| !used[k]) {
                for x in i..=k {
                    used[x] = true;
                }
                s.bin = Some((b.to_string(), joined_raw(tokens, i, k + 1)));
            }
        }
        if matches!(w, "daily" | "hourly" | "weekly" | "monthly") && !used[i] {
            used[i] = true;
            s.bin = Some((
                bin_of(w).unwrap_or("1d").to_string(),
                tokens[i].raw.to_string(),
            ));
        }
    }
    if s.chart.as_ref().is_some_and(|c| c.0 == "timechart") && s.bin.is_none() {
        let b = match window_hours {
            Some(h) if h <= 6.0 => "5m",
            Some(h) if h <= 48.0 => "1h",
            _ => "1d",
        };
        s.bin = Some((b.to_string(), String::new()));
    }

    // Counting and other aggregations.
    let mut counting = None;
    for i in 0..n {
        let w = lw(i);
        let hit = match w {
            "how" if matches!(lw(i + 1), "many" | "much") => Some(2),
            "number" if lw(i + 1) == "of" => Some(2),
            "count" | "counts" | "counting" | "tally" | "volume" => Some(1),
            "total" if !matches!(lw(i + 1), "bytes" | "size") => Some(1),
            _ => None,
        };
        // "attachment count above 3": the name of a column a filter took, not a count asked for.
        let filtered_column = || {
            mentions
                .iter()
                .zip(mention_used.iter())
                .any(|(m, &u)| u && m.end - m.start >= 2 && (m.start..m.end).contains(&i))
        };
        if let Some(len) = hit {
            if !used[i] && !filtered_column() {
                for k in i..i + len {
                    used[k] = true;
                }
                counting = Some((i, len));
                break;
            }
        }
    }
    // "how many users", "number of machines": distinct things, not rows — unless a count is
    // compared ("how many users have more than 5 failures" counts rows per user).
    let compared = (0..n).any(|i| {
        tokens[i].shape == Shape::Number
            && (i.saturating_sub(2)..i).any(|k| {
                matches!(
                    lw(k),
                    "more" | "fewer" | "less" | "least" | "greater" | "over" | "above" | "than"
                )
            })
    });
    let mut things_counted = None;
    if let (Some((i, 2)), false) = (counting, compared) {
        // The first thing named after it, over words other parts took ("linux vs windows").
        let at = mentions.iter().enumerate().position(|(mi, m)| {
            !mention_used[mi]
                && m.start >= i + 2
                && m.start < i + 6
                && (i + 2..m.start).all(|k| used[k])
        });
        if let Some(mi) = at {
            let m = &mentions[mi];
            let plural = tokens[m.end - 1].lower.ends_with('s');
            // A kind of thing (users, machines, addresses), not some other column.
            let thing = table
                .role_columns
                .iter()
                .any(|cs| cs.contains(&m.columns[0]));
            if thing && plural {
                things_counted = Some(mi);
            }
        }
    }
    // "service principals that signed in from more than 5 distinct IPs", "users on at least 3
    // devices": the number of different things per subject, compared.
    if s.agg.is_none() {
        if let Some((agg, group, threshold)) =
            distinct_threshold(table, tokens, used, mentions, mention_used)
        {
            s.agg = Some(agg);
            s.group.push(group);
            s.threshold = Some(threshold);
            counting = None;
        }
    }
    let mut uniq = None;
    for i in 0..n {
        if matches!(lw(i), "unique" | "distinct" | "different") && !used[i] {
            uniq = Some(i);
            used[i] = true;
            break;
        }
        if lw(i) == "types" && lw(i + 1) == "of" && !used[i] {
            uniq = Some(i);
            used[i] = true;
            used[i + 1] = true;
            break;
        }
    }
    for i in 0..n {
        let w = lw(i);
        let func = match w {
            "average" | "avg" | "mean" => Some("avg"),
            "sum" => Some("sum"),
            "total" => Some("sum"),
            "maximum" | "max" | "largest" | "biggest" => Some("max"),
            "minimum" | "min" | "smallest" => Some("min"),
            _ => None,
        };
        let Some(func) = func else { continue };
        if let Some(mi) = next_mention(i + 1, used, mention_used) {
            if let Some(&ci) = mentions[mi]
                .columns
                .iter()
                .find(|&&c| table.columns[c].is_numeric())
            {
                mention_used[mi] = true;
                used[i] = true;
                let agg = match func {
                    "avg" => Agg::Avg(ci),
                    "sum" => Agg::Sum(ci),
                    "max" => Agg::Max(ci),
                    _ => Agg::Min(ci),
                };
                s.agg = Some((agg, joined_raw(tokens, i, mentions[mi].end)));
                counting = None;
                break;
            }
        }
    }
    if let Some(u) = uniq {
        let target = next_mention(u + 1, used, mention_used);
        if let Some(mi) = target {
            let ci = mentions[mi].columns[0];
            mention_used[mi] = true;
            if counting.is_some() {
                s.agg = Some((Agg::DCount(ci), joined_raw(tokens, u, mentions[mi].end)));
                counting = None;
            } else {
                let mut cols = vec![ci];
                // "unique users and devices"
                let mut j = mentions[mi].end;
                while matches!(lw(j), "and" | ",") {
                    if let Some(m2) = next_mention(j + 1, used, mention_used) {
                        cols.push(mentions[m2].columns[0]);
                        mention_used[m2] = true;
                        j = mentions[m2].end;
                    } else {
                        break;
                    }
                }
                s.agg = Some((Agg::Distinct(cols), joined_raw(tokens, u, j)));
            }
        }
    }

    // "Which computers ...", "what users ...": the distinct values of that column.
    // Also a kind of thing whose word named the table ("which devices have anydesk installed").
    // "List all devices that ...", "show me the users who ...": a kind of thing listed.
    // "devices that talked to evil.com", "users who reset a password": the things themselves.
    // Not the records themselves ("incidents that are still open" lists incidents as they are).
    let records = table
        .name_words
        .iter()
        .rev()
        .map(|(w, _)| w.as_str())
        .find(|w| !matches!(*w, "event" | "log" | "info" | "beta"));
    let subject = mentions.iter().any(|m| {
        m.start == 0
            && Some(tokens[m.start].stem.as_str()) != records
            && (matches!(lw(m.end), "that" | "which" | "who" | "whose" | "where")
                // "users who": the pronoun is read with the noun.
                || m.end >= 2 && lw(m.end - 1) == "who")
    });
    let listing = subject || matches!(lw(0), "list" | "show" | "display" | "get" | "give");
    let first = if subject {
        0
    } else if listing {
        (1..n.min(4))
            .find(|&k| !matches!(lw(k), "all" | "the" | "me" | "us" | "of"))
            .unwrap_or(1)
    } else {
        1
    };
    if s.agg.is_none() && counting.is_none() && (matches!(lw(0), "which" | "what") || listing) {
        let at = next_mention(first, used, mention_used)
            .filter(|&mi| !listing || mentions[mi].start == first)
            .or_else(|| {
                mentions.iter().enumerate().position(|(mi, m)| {
                    m.start == first && m.weak && !m.direct && !mention_used[mi]
                })
            });
        if let Some(mi) = at {
            let m = &mentions[mi];
            // Listing asks for the things themselves only when they are a kind of thing
            // (devices, users), not some column ("show all logons").
            let thing = table
                .role_columns
                .iter()
                .any(|cs| cs.contains(&m.columns[0]));
            // The noun's last word ("users" of "users who").
            let last = if m.end >= 2 && lw(m.end - 1) == "who" {
                m.end - 2
            } else {
                m.end - 1
            };
            // "show processes" of process events are the records themselves (not "devices" of
            // DeviceEvents, whose name says whose records they are).
            let records_named = Some(tokens[last].stem.as_str()) == records
                && table.name_words.first().map(|(w, _)| w.as_str()) != records;
            // A plural ("users", "processes"; not "status").
            let plural = tokens[last].lower.ends_with('s')
                && tokens[last].stem.len() < tokens[last].lower.len();
            if plural && (!listing || thing && !records_named) {
                mention_used[mi] = true;
                used[0] = true;
                s.agg = Some((
                    Agg::Distinct(vec![m.columns[0]]),
                    joined_raw(tokens, 0, m.end),
                ));
            }
        }
    }

    // Grouping: "per user", "by IP address", "for each host", "grouped by device".
    for i in 0..n {
        let w = lw(i);
        if !(matches!(w, "per" | "by" | "each" | "every" | "across")
            || w == "for" && lw(i + 1) == "each")
            || used[i]
        {
            continue;
        }
        if w == "by"
            && i > 0
            && matches!(
                lw(i - 1),
                "sorted"
                    | "ordered"
                    | "sort"
                    | "order"
                    | "initiated"
                    | "launched"
                    | "created"
                    | "sent"
                    | "caused"
                    | "performed"
                    | "started"
                    | "run"
                    | "executed"
                    | "made"
                    | "done"
                    | "owned"
                    | "assigned"
                    | "modified"
                    | "closed"
                    | "used"
                    | "accessed"
                    | "triggered"
                    | "generated"
                    | "signed"
            )
        {
            continue;
        }
        let start = if w == "for" { i + 2 } else { i + 1 };
        // "per storage account": a word of the records' kind may come before the column's.
        let Some(mi) = next_mention(start, used, mention_used).or_else(|| {
            tokens
                .get(start)
                .filter(|t| t.shape == Shape::Word && !is_cue_word(&t.lower))
                .and_then(|_| next_mention(start + 1, used, mention_used))
        }) else {
            continue;
        };
        let m = &mentions[mi];
        // "by user jsmith" is a filter, not a grouping: the value was bound already.
        mention_used[mi] = true;
        used[i] = true;
        let ci = m.columns[0];
        s.group.push((ci, joined_raw(tokens, i, m.end)));
        let mut j = m.end;
        while matches!(lw(j), "and" | ",") {
            if let Some(m2) = next_mention(j + 1, used, mention_used) {
                s.group.push((
                    mentions[m2].columns[0],
                    joined_raw(tokens, j + 1, mentions[m2].end),
                ));
                mention_used[m2] = true;
                j = mentions[m2].end;
            } else {
                break;
            }
        }
    }

    // "top 5 users", "most common processes", "rarest", "least".
    for i in 0..n {
        let w = lw(i);
        let (desc, mut num, skip) = match w {
            "top" => (true, None, 1),
            "bottom" => (false, None, 1),
            "most"
                if matches!(
                    lw(i + 1),
                    "common"
                        | "frequent"
                        | "active"
                        | "targeted"
                        | "attacked"
                        | "used"
                        | "popular"
                        | "seen"
                        | "prevalent"
                ) =>
            {
                (true, None, 2)
            }
            "least"
                if matches!(
                    lw(i + 1),
                    "common" | "frequent" | "active" | "used" | "seen" | "prevalent"
                ) =>
            {
                (false, None, 2)
            }
            "rare" | "rarest" | "uncommon" => (false, None, 1),
            "noisiest" | "busiest" | "frequent" => (true, None, 1),
            _ => continue,
        };
        let mut j = i + skip;
        if let Some(t) = tokens
            .get(j)
            .filter(|t| t.shape == Shape::Number && !used[j])
        {
            num = parse_number(&t.raw).map(|v| v as usize);
            j += 1;
        }
        // The thing counted: a mention right after, or after "<adjective>" ("top 5 rare processes").
        let mut k = j;
        if matches!(
            lw(k),
            "rare" | "rarest" | "common" | "frequent" | "most" | "active" | "targeted" | "noisy"
        ) {
            k += 1;
        }
        if let Some(mi) = next_mention(k, used, mention_used) {
            if s.agg.is_none() || s.agg.as_ref().is_some_and(|a| a.0 == Agg::Count) {
                let desc = desc && !matches!(lw(j), "rare" | "rarest");
                let m = &mentions[mi];
                mention_used[mi] = true;
                for x in i..j {
                    used[x] = true;
                }
                s.group.push((m.columns[0], joined_raw(tokens, i, m.end)));
                s.top_groups = Some((num.unwrap_or(10), desc, joined_raw(tokens, i, m.end)));
                counting = counting.or(Some((i, 0)));
                break;
            }
        }
        if w == "top" && !s.group.is_empty() && s.top_groups.is_none() {
            if let Some(v) = num {
                for x in i..j {
                    used[x] = true;
                }
                s.top_groups = Some((v, true, joined_raw(tokens, i, j)));
                counting = counting.or(Some((i, 0)));
                break;
            }
        }
        if w == "top" {
            if let Some(v) = num {
                for x in i..j {
                    used[x] = true;
                }
                s.limit = Some((v, joined_raw(tokens, i, j)));
                s.sort = Some((Sort::Time(true), String::new()));
            }
        }
    }

    if let (Some(mi), None) = (things_counted, &s.agg) {
        let m = &mentions[mi];
        if !mention_used[mi] {
            mention_used[mi] = true;
            let (i, _) = counting.unwrap_or((m.start, 0));
            s.agg = Some((Agg::DCount(m.columns[0]), joined_raw(tokens, i, m.end)));
            counting = None;
        }
    }
    if counting.is_some() && s.agg.is_none() {
        s.agg = Some((
            Agg::Count,
            counting
                .map(|(i, len)| joined_raw(tokens, i, i + len.max(1)))
                .unwrap_or_default(),
        ));
    }
    if s.agg.is_none() && (!s.group.is_empty() || s.bin.is_some()) {
        s.agg = Some((Agg::Count, String::new()));
    }

    // "accounts with more than 5 failed logons": a compared number no column took, with a kind
    // of thing to count it for, asks for a count per that thing.
    if s.agg.is_none() && s.group.is_empty() {
        let compared_number = (0..n).any(|i| {
            tokens[i].shape == Shape::Number
                && !used[i]
                && (i.saturating_sub(2)..i).any(|k| {
                    matches!(
                        lw(k),
                        "more" | "fewer" | "less" | "least" | "greater" | "over" | "above"
                    )
                })
        });
        // A kind of thing, also when its word named the table ("users" of a user risk table).
        let per_thing = mentions.iter().enumerate().any(|(mi, m)| {
            !mention_used[mi] && !m.direct && (m.weak || !(m.start..m.end).any(|k| used[k]))
        });
        if compared_number && per_thing {
            s.agg = Some((Agg::Count, String::new()));
        }
    }
    // Thresholds on counts: "more than 10 failed logins".
    if s.agg.as_ref().is_some_and(|a| a.0 == Agg::Count) {
        for i in 0..n {
            let t = &tokens[i];
            if t.shape != Shape::Number || used[i] {
                continue;
            }
            let before: Vec<&str> = (i.saturating_sub(3)..i).map(lw).collect();
            let op = if before.contains(&"least") || before.contains(&">=") {
                Some(">=")
            } else if before.iter().any(|w| {
                matches!(
                    *w,
                    "more" | "greater" | "over" | "above" | "exceeding" | "exceeds" | ">"
                )
            }) {
                Some(">")
            } else if before
                .iter()
                .any(|w| matches!(*w, "less" | "fewer" | "below" | "under" | "<"))
            {
                Some("<")
            } else {
                None
            };
            if let Some(op) = op {
                used[i] = true;
                let v = parse_number(&t.raw).unwrap_or(0.0) as i64;
                s.threshold = Some((
                    op,
                    v.to_string(),
                    joined_raw(tokens, i.saturating_sub(2), i + 1),
                ));
                // The thing that has more than N: the first unused role mention ("users").
                if s.group.is_empty() {
                    if let Some((mi, m)) = mentions.iter().enumerate().find(|(mi, m)| {
                        !mention_used[*mi]
                            && (m.weak && !m.direct || !(m.start..m.end).any(|k| used[k]))
                    }) {
                        mention_used[mi] = true;
                        s.group
                            .push((m.columns[0], joined_raw(tokens, m.start, m.end)));
                    }
                }
                break;
            }
        }
    }

    // Limits: "show 100 emails", "first 10", "latest 5000", "single event".
    if s.limit.is_none() && s.top_groups.is_none() {
        for i in 0..n {
            let t = &tokens[i];
            let w = lw(i);
            if w == "single" && !used[i] {
                used[i] = true;
                s.limit = Some((1, t.raw.to_string()));
                break;
            }
            if t.shape != Shape::Number || used[i] {
                continue;
            }
            let prev = if i > 0 { lw(i - 1) } else { "" };
            let next = lw(i + 1);
            if bin_of(next).is_some() || matches!(next, "%" | "percent") {
                continue;
            }
            let cue = matches!(
                prev,
                "show"
                    | "display"
                    | "get"
                    | "list"
                    | "give"
                    | "return"
                    | "first"
                    | "last"
                    | "latest"
                    | "earliest"
                    | "newest"
                    | "oldest"
                    | "top"
                    | "fetch"
                    | "retrieve"
                    | "me"
                    | "limit"
                    | "only"
                    | "just"
                    | "sample"
                    | "take"
                    | "recent"
                    | "dislay"
                    | "find"
            );
            if !cue {
                continue;
            }
            let v = parse_number(&t.raw).unwrap_or(0.0) as usize;
            if v == 0 {
                continue;
            }
            used[i] = true;
            if i > 0 {
                used[i - 1] = true;
            }
            s.limit = Some((v, joined_raw(tokens, i.saturating_sub(1), i + 1)));
            match prev {
                "first" | "earliest" | "oldest" => {
                    s.sort = Some((Sort::Time(false), prev.to_string()))
                }
                "last" | "latest" | "newest" | "recent" => {
                    s.sort = Some((Sort::Time(true), prev.to_string()))
                }
                _ => {}
            }
            // "the 10000 oldest", "5 most recent"
            match next {
                "oldest" | "earliest" => s.sort = Some((Sort::Time(false), next.to_string())),
                "latest" | "newest" | "recent" | "most"
                    if next != "most" || lw(i + 2) == "recent" =>
                {
                    s.sort = Some((Sort::Time(true), next.to_string()))
                }
                _ => {}
            }
            break;
        }
    }

    // Ordering.
    let sev = table
        .columns
        .iter()
        .position(|c| c.name == "Severity" || c.name == "AlertSeverity");
    for i in 0..n {
        let w = lw(i);
        if used[i] && !matches!(w, "highest" | "latest") {
            continue;
        }
        if matches!(w, "highest" | "most" | "top")
            && matches!(
                lw(i + 1),
                "priority" | "severity" | "severe" | "critical" | "important" | "risk"
            )
        {
            if let Some(ci) = sev {
                used[i] = true;
                used[i + 1] = true;
                s.sort = Some((Sort::Severity(ci), joined_raw(tokens, i, i + 2)));
                continue;
            }
        }
        if matches!(w, "prioritized" | "prioritised" | "prioritize") {
            if let Some(ci) = sev {
                used[i] = true;
                s.sort = Some((Sort::Severity(ci), tokens[i].raw.to_string()));
                continue;
            }
        }
        if matches!(
            w,
            "sorted" | "ordered" | "sort" | "order" | "rank" | "ranked"
        ) && matches!(lw(i + 1), "by" | "on")
        {
            if let Some(mi) = next_mention(i + 2, used, mention_used) {
                let ci = mentions[mi].columns[0];
                mention_used[mi] = true;
                used[i] = true;
                used[i + 1] = true;
                let end = mentions[mi].end;
                let asc = matches!(lw(end), "asc" | "ascending" | "oldest")
                    || (table.time_column.as_deref() == Some(table.columns[ci].name.as_str())
                        && !matches!(lw(end), "desc" | "descending"));
                let sort = if Some(ci) == sev {
                    Sort::Severity(ci)
                } else {
                    Sort::Column(ci, !asc)
                };
                s.sort = Some((sort, joined_raw(tokens, i, end)));
                continue;
            }
        }
        if s.sort.is_none() && matches!(w, "latest" | "newest" | "recent" | "recently") && !used[i]
        {
            used[i] = true;
            s.sort = Some((Sort::Time(true), tokens[i].raw.to_string()));
        }
        if s.sort.is_none()
            && matches!(
                w,
                "oldest" | "earliest" | "chronological" | "chronologically"
            )
            && !used[i]
        {
            used[i] = true;
            s.sort = Some((Sort::Time(false), tokens[i].raw.to_string()));
        }
    }

    // Projection: columns the question names and nothing else used.
    let free: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(mi, m)| !mention_used[*mi] && m.direct && !(m.start..m.end).any(|k| used[k]))
        .map(|(mi, _)| mi)
        .collect();
    let cue = (0..n).any(|i| {
        matches!(
            lw(i),
            "supply"
                | "include"
                | "including"
                | "project"
                | "columns"
                | "fields"
                | "showing"
                | "along"
                | "their"
                | "only"
                | "just"
                | "return"
                | "returning"
                | "table"
                | "with"
        )
    });
    if s.agg.is_none() && (free.len() >= 2 || (free.len() == 1 && cue)) {
        for mi in &free {
            let m = &mentions[*mi];
            let ci = m.columns[0];
            if !s.project.contains(&ci) {
                s.project.push(ci);
            }
            mention_used[*mi] = true;
            for k in m.start..m.end {
                used[k] = true;
            }
        }
        s.project_words = free
            .iter()
            .map(|mi| joined_raw(tokens, mentions[*mi].start, mentions[*mi].end))
            .collect::<Vec<_>>()
            .join(", ");
    }
    s
}

/// What "more than N (distinct) <things>" asks for: the distinct count of the things per the
/// subject named before the number (a kind of thing: accounts, service principals), kept above
/// N. Marks the words it reads.
#[allow(clippy::type_complexity)]
fn distinct_threshold(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    mentions: &[Mention],
    mention_used: &mut [bool],
) -> Option<(
    (Agg, String),
    (usize, String),
    (&'static str, String, String),
)> {
    let lw = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let is_thing = |c: usize| table.role_columns.iter().any(|cs| cs.contains(&c));
    for i in 1..tokens.len() {
        // "from multiple locations": more than one.
        let several = matches!(lw(i), "multiple" | "several") && !used[i];
        if !several && (tokens[i].shape != Shape::Number || used[i]) {
            continue;
        }
        let before: Vec<&str> = (i.saturating_sub(2)..i).map(lw).collect();
        let op = if several {
            ">"
        } else if before.contains(&"least") {
            ">="
        } else if before
            .iter()
            .any(|w| matches!(*w, "more" | "over" | "above" | "greater"))
        {
            ">"
        } else if before.iter().any(|w| matches!(*w, "fewer" | "less")) {
            "<"
        } else {
            continue;
        };
        let mut j = i + 1;
        let uniq = matches!(lw(j), "distinct" | "different" | "unique" | "separate");
        if uniq {
            j += 1;
        }
        // The things: a kind of thing named in the plural right after the number.
        let Some(ti) = mentions.iter().position(|m| {
            m.start == j
                && tokens[m.end - 1].lower.ends_with('s')
                && m.columns.first().is_some_and(|&c| is_thing(c))
        }) else {
            continue;
        };
        let thing = mentions[ti].columns[0];
        // The subject: a kind of thing named before the number, other than the things — or,
        // when its words named the table ("service principals" of service principal
        // sign-ins), the table's column of that kind whose words they are.
        let named = mentions.iter().enumerate().find(|(mi, m)| {
            m.end <= i
                && !mention_used[*mi]
                && m.columns
                    .first()
                    .is_some_and(|&c| is_thing(c) && c != thing)
        });
        let (subject, subject_words) = match named {
            Some((si, m)) => {
                mention_used[si] = true;
                (m.columns[0], joined_raw(tokens, m.start, m.end))
            }
            // Else the first column the question names, as its subject ("service principals").
            None => {
                let Some(m) = mentions.iter().find(|m| {
                    m.end <= i
                        && m.columns
                            .first()
                            .is_some_and(|&c| c != thing && table.columns[c].is_text())
                }) else {
                    continue;
                };
                // Its readable name rather than its id.
                let c = m
                    .columns
                    .iter()
                    .copied()
                    .find(|&c| c != thing && table.columns[c].name.ends_with("Name"))
                    .unwrap_or(m.columns[0]);
                (c, joined_raw(tokens, m.start, m.end))
            }
        };
        let m = &mentions[ti];
        for k in i.saturating_sub(2)..m.end {
            if k >= i
                || matches!(
                    lw(k),
                    "more"
                        | "than"
                        | "over"
                        | "above"
                        | "greater"
                        | "at"
                        | "least"
                        | "fewer"
                        | "less"
                )
            {
                used[k] = true;
            }
        }
        mention_used[ti] = true;
        let v = if several {
            1
        } else {
            parse_number(&tokens[i].raw).unwrap_or(0.0) as i64
        };
        let said = joined_raw(tokens, if several { i } else { i.saturating_sub(2) }, m.end);
        return Some((
            (Agg::DCount(thing), said.clone()),
            (subject, subject_words),
            (op, v.to_string(), said),
        ));
    }
    None
}
