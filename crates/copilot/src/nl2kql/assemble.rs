//! Putting the query together: table, time window, filters, the latest state of snapshot tables,
//! aggregation, ordering, projection and chart — each with the words that asked for it — then the
//! schema check that decides whether it is returned at all.

use super::absence::Absence;
use super::filters::{self, ident};
use super::intent::{self, Agg, Sort};
use super::mentions;
use super::semantic_catalog::{ColumnSense, Nl2KqlCatalog, TableSense};
use super::tables::{self, JoinPlan, TableChoice};
use super::text::{has_word, is_stopword, Shape, Token};
use super::time::TimeWindow;
use super::unions::UnionPlan;
use super::{Aspect, ExplanationStep, GeneratedQuery, Nl2KqlContext};

fn step(aspect: Aspect, words: impl Into<String>, decision: impl Into<String>) -> ExplanationStep {
    ExplanationStep {
        aspect,
        words: words.into(),
        decision: decision.into(),
    }
}

/// The datetime column the window is about: one named next to it ("created in the last 24
/// hours"), else the table's time column.
fn time_column(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    w: &TimeWindow,
) -> Option<(String, String)> {
    let first = w.used.iter().min().copied().unwrap_or(0);
    let last = w.used.iter().max().copied().unwrap_or(0);
    let near: Vec<usize> = (first.saturating_sub(3)..first)
        .chain(last + 1..(last + 3).min(tokens.len()))
        .collect();
    for k in near {
        let t = &tokens[k];
        // A verb ("created in", "closed since"), not a noun ("detections in the last week").
        let verb = t.lower.ends_with("ed")
            || matches!(
                t.lower.as_str(),
                "seen" | "start" | "end" | "expire" | "expires" | "expiring"
            );
        if t.shape != Shape::Word
            || !verb
            || !matches!(
                t.stem.as_str(),
                "creat"
                    | "clos"
                    | "modify"
                    | "modifi"
                    | "updat"
                    | "resolv"
                    | "start"
                    | "end"
                    | "seen"
                    | "expir"
                    | "publish"
                    | "detect"
                    | "assign"
            )
        {
            continue;
        }
        // Its other words said too: "files created today" are no initiating process's
        // creation time (InitiatingProcessCreationTime).
        let said = |w: &String| {
            *w == t.stem
                || matches!(
                    w.as_str(),
                    "time" | "date" | "datetim" | "utc" | "timestamp"
                )
                || tokens.iter().any(|o| o.stem == *w)
        };
        if let Some(c) = table.columns.iter().find(|c| {
            c.data_type == kql::DataType::DateTime
                && has_word(&c.words, &t.stem)
                && Some(&c.name) != table.time_column.as_ref()
                && c.words.iter().all(said)
        }) {
            used[k] = true;
            return Some((c.name.clone(), t.raw.to_string()));
        }
    }
    table.time_column.clone().map(|c| (c, String::new()))
}

fn severity_rank(col: &str) -> String {
    format!(
        "extend SeverityRank = case({c} == \"High\", 1, {c} == \"Medium\", 2, {c} == \"Low\", 3, {c} == \"Informational\", 4, 5)",
        c = ident(col)
    )
}

/// Builds the query for the chosen table, with its explanation and confidence.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    question: &str,
    cat: &Nl2KqlCatalog,
    tokens: &[Token],
    used: &mut [bool],
    choice: &TableChoice,
    window: Option<TimeWindow>,
    absence: Option<&Absence>,
    joins: &[JoinPlan],
    union: Option<&UnionPlan>,
    ctx: &Nl2KqlContext,
) -> Result<GeneratedQuery, String> {
    let table = &cat.tables[choice.table];
    // The words naming the other records read beside these are not about these.
    if let Some(u) = union {
        for &k in &u.name_tokens {
            used[k] = true;
        }
    }
    let mut steps = Vec::new();
    let mut not_understood: Vec<String> = Vec::new();
    steps.push(step(
        Aspect::Table,
        choice.evidence.join(", "),
        format!(
            "read {}{}",
            table.name,
            if table.description.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    table.description.split('.').next().unwrap_or("").trim()
                )
            }
        ),
    ));

    // The workspace named, if any: routing, not a filter.
    let mut workspace = None;
    for i in 0..tokens.len() {
        if tokens[i].lower == "workspace" {
            let cand = if i + 1 < tokens.len() && !used[i + 1] && !is_stopword(&tokens[i + 1].lower)
            {
                Some(i + 1)
            } else if i > 0 && !used[i - 1] && !is_stopword(&tokens[i - 1].lower) {
                Some(i - 1)
            } else {
                None
            };
            if let Some(c) = cand {
                used[i] = true;
                used[c] = true;
                // The whole name as typed ("law-contoso-soc"), not just its first word.
                let start = tokens[c].start;
                let name: String = question[start..]
                    .split(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(['.', ',', '?', '!', ';', ':', ')', '"', '\''])
                    .trim_start_matches(['"', '\''])
                    .to_string();
                for (k, t) in tokens.iter().enumerate() {
                    if t.start >= start && t.end <= start + name.len() {
                        used[k] = true;
                    }
                }
                if i > 0 && matches!(tokens[i - 1].lower.as_str(), "in" | "from" | "on") {
                    used[i - 1] = true;
                }
                steps.push(step(
                    Aspect::Workspace,
                    format!("workspace {name}"),
                    format!("run in workspace \"{name}\""),
                ));
                workspace = Some(name);
            }
        }
    }

    let all_mentions = mentions::find(cat, table, tokens, used, &choice.name_tokens);
    // Words that also name a yes/no column of the table in full ("clicked through" of
    // IsClickedThrough) stay for that column.
    let flag_tokens: Vec<usize> = table
        .columns
        .iter()
        .filter_map(|c| filters::flag_words(c, tokens, used))
        .flat_map(|(at, _, _)| at)
        .collect();
    for &k in &choice.name_tokens {
        if !all_mentions
            .iter()
            .any(|m| !m.weak && (m.start..m.end).contains(&k))
            && !flag_tokens.contains(&k)
        {
            used[k] = true;
        }
    }
    let mut mention_used = vec![false; all_mentions.len()];
    let used_before_filters = used.to_vec();
    let mut filters = filters::read(
        cat,
        table,
        tokens,
        used,
        &all_mentions,
        &mut mention_used,
        ctx,
        &mut not_understood,
    );
    // "no sign-ins in 30 days": none that succeeded, unless an outcome was said.
    if let Some(k) = absence.and_then(|a| a.activity) {
        let t = &tokens[k];
        let sign_in = matches!(
            t.stem.as_str(),
            "sign-in" | "signin" | "login" | "logon" | "sign"
        ) || t.lower.starts_with("sign-in")
            || t.lower.starts_with("signin");
        if sign_in {
            if let Some(f) = filters::outcomes::succeeded(table, &t.raw) {
                if !filters.iter().any(|o| o.column == f.column) {
                    filters.push(f);
                }
            }
        }
    }
    // "linux vs windows machines": values set against each other are groups to compare, not a
    // filter.
    let versus_group = tokens
        .iter()
        .position(|t| matches!(t.lower.as_str(), "vs" | "versus" | "vs."))
        .filter(|&k| k > 0 && k + 1 < tokens.len())
        .and_then(|k| {
            let words_of = |f: &filters::Filter| f.words.to_lowercase();
            let fi = filters.iter().position(|f| {
                f.values.len() >= 2
                    && f.column.is_some()
                    && !f.negated
                    && words_of(f).contains(tokens[k - 1].lower.as_str())
                    && words_of(f).contains(tokens[k + 1].lower.as_str())
            })?;
            used[k] = true;
            let f = filters.remove(fi);
            Some((
                f.column?,
                format!(
                    "{} {} {}",
                    tokens[k - 1].raw,
                    tokens[k].raw,
                    tokens[k + 1].raw
                ),
            ))
        });
    if let Some(missing) = not_understood
        .iter()
        .find(|n| n.contains("named earlier in the conversation"))
    {
        return Err(missing.clone());
    }
    // After a join, the answer's shape may read the joined records' columns too.
    let joined_view =
        (!joins.is_empty()).then(|| tables::with_joined_columns(cat, choice.table, joins));
    let shape_table: &TableSense = joined_view.as_ref().unwrap_or(table);
    let mut shaping = match &joined_view {
        Some(view) => {
            let view_mentions = mentions::find(cat, view, tokens, used, &choice.name_tokens);
            // What the filters took is taken here too.
            let mut view_used: Vec<bool> = view_mentions
                .iter()
                .map(|v| {
                    all_mentions
                        .iter()
                        .zip(&mention_used)
                        .any(|(m, &u)| u && m.start < v.end && v.start < m.end)
                })
                .collect();
            intent::read(
                view,
                tokens,
                used,
                &view_mentions,
                &mut view_used,
                window.as_ref().and_then(|w| w.hours),
            )
        }
        None => intent::read(
            table,
            tokens,
            used,
            &all_mentions,
            &mut mention_used,
            window.as_ref().and_then(|w| w.hours),
        ),
    };
    if let Some((c, words)) = versus_group {
        if !shaping.group.iter().any(|(g, _)| *g == c) {
            shaping.group.insert(0, (c, words));
        }
        if shaping.agg.is_none() {
            shaping.agg = Some((Agg::Count, String::new()));
        }
    }
    // Whether the shape reads a column only the joined records have.
    let reads_joined = {
        let own = table.columns.len();
        let agg_col = shaping.agg.as_ref().and_then(|(a, _)| match a {
            Agg::DCount(c) | Agg::Avg(c) | Agg::Sum(c) | Agg::Min(c) | Agg::Max(c) => Some(*c),
            Agg::Distinct(cs) => cs.iter().copied().max(),
            Agg::Count => None,
        });
        let sort_col = shaping.sort.as_ref().and_then(|(s, _)| match s {
            Sort::Severity(c) | Sort::Column(c, _) => Some(*c),
            Sort::Time(_) => None,
        });
        shaping
            .group
            .iter()
            .map(|(c, _)| *c)
            .chain(shaping.project.iter().copied())
            .chain(agg_col)
            .chain(sort_col)
            .any(|c| c >= own)
    };

    let mut lines: Vec<String> = vec![ident(&table.name)];
    let default_time = table.time_column.clone();
    let mut time_cond: Option<(String, String, bool)> = None; // (condition, column, on default column)
    if let Some(w) = &window {
        match time_column(table, tokens, used, w) {
            Some((col, word)) => {
                let cond = match absence {
                    // Things quiet in the window: their last activity is before it.
                    Some(a) => format!("{} < {}", ident(&col), a.since),
                    None => w.condition.replace("{col}", &ident(&col)),
                };
                steps.push(step(
                    Aspect::Time,
                    w.used
                        .iter()
                        .filter_map(|&k| tokens.get(k))
                        .map(|t| t.raw.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    format!(
                        "{}{} on {}{}: where {}",
                        if absence.is_some() {
                            "no activity in "
                        } else {
                            ""
                        },
                        w.description,
                        col,
                        if word.is_empty() {
                            String::new()
                        } else {
                            format!(" (\"{word}\")")
                        },
                        cond
                    ),
                ));
                time_cond = Some((cond, col.clone(), Some(&col) == default_time.as_ref()));
            }
            None => not_understood.push(format!(
                "the time window ({} has no time column)",
                table.name
            )),
        }
    }
    if let (Some((cond, _, true)), None) = (&time_cond, absence) {
        lines.push(format!("where {cond}"));
    }
    if let Some(key) = &table.latest_by {
        let tc = default_time
            .clone()
            .unwrap_or_else(|| "TimeGenerated".into());
        lines.push(format!(
            "summarize arg_max({}, *) by {}",
            ident(&tc),
            ident(key)
        ));
        steps.push(step(
            Aspect::Latest,
            "",
            format!(
                "{} keeps one row per change: take the latest row per {key} before filtering",
                table.name
            ),
        ));
    }
    // A thing quiet in the window: in a snapshot table its latest row is older than the
    // window; otherwise its last time is worked out after the filters.
    let mut quiet_by_last_time = None;
    match (&time_cond, absence) {
        (Some((cond, _, false)), None) => lines.push(format!("where {cond}")),
        (Some((cond, col, _)), Some(a)) => {
            if table.latest_by.is_some() && Some(col) == default_time.as_ref() {
                lines.push(format!("where {cond}"));
            } else {
                quiet_by_last_time = Some((col.clone(), a));
            }
        }
        _ => {}
    }
    for f in &filters {
        lines.push(format!("where {}", f.kql()));
        steps.push(step(
            if f.why.contains("earlier in the conversation")
                || f.why.contains("signed-in")
                || f.why.contains("owner")
            {
                Aspect::Context
            } else {
                Aspect::Filter
            },
            f.words.clone(),
            format!("{}: where {}", f.why, f.kql()),
        ));
    }

    let mut tables_read = vec![table.name.clone()];
    if let Some(u) = union {
        let other = &cat.tables[u.other];
        let mut other_used = used_before_filters;
        for &k in &u.chosen_tokens {
            other_used[k] = true;
        }
        let mut part: Vec<String> = vec![ident(&other.name)];
        if let Some(w) = &window {
            match time_column(other, tokens, &mut other_used, w) {
                Some((col, _)) => part.push(format!(
                    "where {}",
                    w.condition.replace("{col}", &ident(&col))
                )),
                None => not_understood.push(format!(
                    "the time window ({} has no time column)",
                    other.name
                )),
            }
        }
        // Words of its name ("device" of DeviceFileEvents) may still start a mention of a column.
        // So may the words both share ("host" for Device...).
        let other_names: Vec<usize> = (0..tokens.len())
            .filter(|&k| {
                !u.chosen_tokens.contains(&k)
                    && (choice.name_tokens.contains(&k)
                        || other.name_words.iter().any(|(w, _)| *w == tokens[k].stem))
            })
            .collect();
        let other_mentions = mentions::find(cat, other, tokens, &other_used, &other_names);
        let mut other_mention_used = vec![false; other_mentions.len()];
        let mut unplaced = Vec::new();
        for f in filters::read(
            cat,
            other,
            tokens,
            &mut other_used,
            &other_mentions,
            &mut other_mention_used,
            ctx,
            &mut unplaced,
        ) {
            steps.push(step(
                Aspect::Filter,
                f.words.clone(),
                format!("{} (in {}): where {}", f.why, other.name, f.kql()),
            ));
            part.push(format!("where {}", f.kql()));
        }
        // What either side placed is understood.
        for (u, o) in used.iter_mut().zip(&other_used) {
            *u |= *o;
        }
        let first = std::mem::take(&mut lines).join(" | ");
        lines.push(format!("union ({first}), ({})", part.join(" | ")));
        steps.push(step(
            Aspect::Table,
            u.words.clone(),
            format!(
                "also read {} beside {}: union of both, each filtered by what it holds",
                other.name, table.name
            ),
        ));
        tables_read.push(other.name.clone());
    }

    // Entities or alerts of incidents: through their alerts.
    let wants_entities = table.name == "SecurityIncident"
        && tokens
            .iter()
            .enumerate()
            .any(|(k, t)| !used[k] && matches!(t.lower.as_str(), "entities" | "entity"));
    let alert_table = cat.tables.iter().find(|t| {
        t.name == "SecurityAlert"
            && t.column("SystemAlertId").is_some()
            && t.column("Entities").is_some()
    });
    let mut expanded = false;
    if wants_entities {
        if let (Some(at), Some(_)) = (alert_table, table.column("AlertIds")) {
            for (k, t) in tokens.iter().enumerate() {
                if matches!(t.lower.as_str(), "entities" | "entity") {
                    used[k] = true;
                }
            }
            let atc = at
                .time_column
                .clone()
                .unwrap_or_else(|| "TimeGenerated".into());
            lines.push("mv-expand AlertId = AlertIds to typeof(string)".into());
            lines.push(format!(
                "join kind=inner (SecurityAlert | summarize arg_max({atc}, *) by SystemAlertId) on $left.AlertId == $right.SystemAlertId"
            ));
            lines.push("mv-expand Entity = todynamic(Entities)".into());
            lines.push("project IncidentNumber, Title, AlertName, EntityType = tostring(Entity.Type), Entity".into());
            steps.push(step(
                Aspect::Join,
                "entities",
                "an incident's entities live in its alerts: expand AlertIds, join SecurityAlert on SystemAlertId, expand each alert's Entities",
            ));
            tables_read.push("SecurityAlert".into());
            expanded = true;
        } else {
            not_understood
                .push("entities (no SecurityAlert table with entities in the catalog)".into());
        }
    }

    for j in joins.iter().filter(|_| !expanded) {
        let right = &cat.tables[j.right];
        let on = if j.left_key == j.right_key {
            ident(&j.left_key)
        } else {
            format!(
                "$left.{} == $right.{}",
                ident(&j.left_key),
                ident(&j.right_key)
            )
        };
        // Words left that only the joined records answer ("non compliant" devices) filter them
        // before the join.
        let right_mentions = mentions::find(cat, right, tokens, used, &[]);
        let mut right_used = vec![false; right_mentions.len()];
        let mut unplaced = Vec::new();
        let mut right_used_tokens = used.to_vec();
        let right_filters: Vec<filters::Filter> = filters::read(
            cat,
            right,
            tokens,
            &mut right_used_tokens,
            &right_mentions,
            &mut right_used,
            ctx,
            &mut unplaced,
        )
        .into_iter()
        // Only what the records read first cannot hold themselves, unless the other records
        // are a part of the question of their own ("... and also ran powershell").
        .filter(|f| {
            f.column.is_some_and(|c| {
                j.semi && !f.words.is_empty() || table.column(&right.columns[c].name).is_none()
            })
        })
        // Words spelling a column of the records read first name that column ("by file type"),
        // not a value of the joined ones' ("FileTypePolicy").
        .filter(|f| {
            let said: Vec<String> = f.words.split_whitespace().map(super::text::stem).collect();
            said.len() < 2 || !table.columns.iter().any(|c| c.words == said)
        })
        .collect();
        for f in &right_filters {
            for (k, t) in tokens.iter().enumerate() {
                if f.words.split_whitespace().any(|w| w == t.raw) {
                    used[k] = true;
                }
            }
        }
        let mut conds: Vec<String> = right_filters
            .iter()
            .map(|f| format!("where {}", f.kql()))
            .collect();
        // A part of the question of its own is in the same time window.
        if let (true, Some(w), Some(tc)) = (j.semi, &window, &right.time_column) {
            conds.insert(
                0,
                format!("where {}", w.condition.replace("{col}", &ident(tc))),
            );
        }
        for f in &right_filters {
            steps.push(step(
                Aspect::Filter,
                f.words.clone(),
                format!("{} (in {}): where {}", f.why, right.name, f.kql()),
            ));
        }
        // A record's own id (AlertId, NetworkMessageId) is never empty; an attribute key (an IP
        // address, a hash) may be, and empty keys would match each other.
        if !(j.right_key.ends_with("Id") && j.left_key.ends_with("Id")) {
            conds.push(format!("where isnotempty({})", ident(&j.right_key)));
        }
        // A thing's state (a device's configuration, its vulnerabilities, its latest
        // information) keeps many rows per thing: joined as such it would repeat the records.
        let state = tables::is_state_of_thing(cat, j.right, &j.right_key);
        let read_later = joins
            .iter()
            .any(|o| o.left == j.right && !std::ptr::eq(o, j));
        let (kind, how) = if (j.semi || state && !right_filters.is_empty())
            && !read_later
            && !reads_joined
        {
            // Only which things qualify matters: keep the records of those.
            (
                "leftsemi",
                format!(
                    "keep the {} records whose {} is among the matching {} rows (leftsemi: no repeats)",
                    cat.tables[j.left].name, j.left_key, right.name
                ),
            )
        } else if state && tables::one_row_per_thing(right) {
            if let Some(tc) = &right.time_column {
                conds.insert(
                    0,
                    format!(
                        "summarize arg_max({}, *) by {}",
                        ident(tc),
                        ident(&j.right_key)
                    ),
                );
            }
            (
                "inner",
                format!(
                    "match {} with the latest {} row per {} on {} = {}",
                    cat.tables[j.left].name, right.name, j.right_key, j.left_key, j.right_key
                ),
            )
        } else {
            (
                "inner",
                format!(
                    "match {} with {} on {} = {}",
                    cat.tables[j.left].name, right.name, j.left_key, j.right_key
                ),
            )
        };
        if conds.is_empty() {
            lines.push(format!("join kind={kind} {} on {on}", ident(&right.name)));
        } else {
            lines.push(format!(
                "join kind={kind} ({} | {}) on {on}",
                ident(&right.name),
                conds.join(" | ")
            ));
        }
        steps.push(step(Aspect::Join, j.words.clone(), how));
        tables_read.push(right.name.clone());
    }
    // Snapshot tables order by when the thing was created, not when its row last changed.
    let time_col = match (&table.latest_by, table.column("CreatedTime")) {
        (Some(_), Some(_)) if shaping.bin.is_none() => Some("CreatedTime".to_string()),
        _ => default_time.clone(),
    };
    let mut shaped = expanded;
    if let (Some((col, a)), false) = (&quiet_by_last_time, expanded) {
        shaped = true;
        let things = quiet_things(shape_table, &shaping, &all_mentions, &mention_used, a);
        if things.is_empty() {
            not_understood.push(format!(
                "what should have no activity ({}: users, devices...)",
                a.words
            ));
        } else {
            let by: Vec<String> = things
                .iter()
                .map(|&c| key(&shape_table.columns[c]))
                .collect();
            lines.push(format!(
                "summarize LastSeen = max({}) by {}",
                ident(col),
                by.join(", ")
            ));
            lines.push(format!("where LastSeen < {}", a.since));
            steps.push(step(
                Aspect::Aggregation,
                a.words.clone(),
                format!(
                    "the last {col} of each {}, kept when it is before {}",
                    things
                        .iter()
                        .map(|&c| shape_table.columns[c].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    a.since
                ),
            ));
            if shaping
                .agg
                .as_ref()
                .is_some_and(|(g, _)| matches!(g, Agg::Count | Agg::DCount(_)))
                && shaping.group.is_empty()
            {
                lines.push("count".into());
            } else {
                lines.push("sort by LastSeen asc".into());
            }
        }
    }
    if !shaped {
        let mut by: Vec<String> = Vec::new();
        for (c, _) in &shaping.group {
            let name = key(&shape_table.columns[*c]);
            if !by.contains(&name) {
                by.push(name);
            }
        }
        if let Some((b, _)) = &shaping.bin {
            if let Some(tc) = &time_col {
                by.push(format!("bin({}, {b})", ident(tc)));
            }
        }
        let by_clause = if by.is_empty() {
            String::new()
        } else {
            format!(" by {}", by.join(", "))
        };
        if let Some((agg, words)) = &shaping.agg {
            let col = |c: &usize| ident(&shape_table.columns[*c].name);
            let line = match agg {
                Agg::Count if by.is_empty() => "count".to_string(),
                Agg::Count => format!("summarize count(){by_clause}"),
                Agg::DCount(c) => format!("summarize dcount({}){by_clause}", col(c)),
                Agg::Avg(c) => format!("summarize avg({}){by_clause}", col(c)),
                Agg::Sum(c) => format!("summarize sum({}){by_clause}", col(c)),
                Agg::Min(c) => format!("summarize min({}){by_clause}", col(c)),
                Agg::Max(c) => format!("summarize max({}){by_clause}", col(c)),
                Agg::Distinct(cs) => {
                    let mut names: Vec<String> = Vec::new();
                    for c in cs.iter().chain(shaping.group.iter().map(|(c, _)| c)) {
                        let n = key(&shape_table.columns[*c]);
                        if !names.contains(&n) {
                            names.push(n);
                        }
                    }
                    format!("distinct {}", names.join(", "))
                }
            };
            steps.push(step(Aspect::Aggregation, words.clone(), line.clone()));
            for (c, w) in &shaping.group {
                steps.push(step(
                    Aspect::Grouping,
                    w.clone(),
                    format!("one row per {}", shape_table.columns[*c].name),
                ));
            }
            if let Some((b, w)) = &shaping.bin {
                steps.push(step(
                    Aspect::Grouping,
                    w.clone(),
                    format!("time buckets of {b}"),
                ));
            }
            lines.push(line);
            // The column summarize names for the aggregate.
            let out = match agg {
                Agg::DCount(c) => format!("dcount_{}", shape_table.columns[*c].name),
                Agg::Avg(c) => format!("avg_{}", shape_table.columns[*c].name),
                Agg::Sum(c) => format!("sum_{}", shape_table.columns[*c].name),
                Agg::Min(c) => format!("min_{}", shape_table.columns[*c].name),
                Agg::Max(c) => format!("max_{}", shape_table.columns[*c].name),
                Agg::Count | Agg::Distinct(_) => "count_".to_string(),
            };
            if let Some((op, v, w)) = &shaping.threshold {
                lines.push(format!("where {out} {op} {v}"));
                steps.push(step(
                    Aspect::Filter,
                    w.clone(),
                    format!("keep groups with {out} {op} {v}"),
                ));
            }
            if let Some((nn, desc, w)) = shaping
                .top_groups
                .as_ref()
                .filter(|_| !matches!(agg, Agg::Distinct(_)))
            {
                let line = format!("top {nn} by {out} {}", if *desc { "desc" } else { "asc" });
                steps.push(step(Aspect::Limit, w.clone(), line.clone()));
                lines.push(line);
            } else if shaping.bin.is_some() && !by.is_empty() {
                if let Some(tc) = &time_col {
                    lines.push(format!("sort by {} asc", ident(tc)));
                }
            } else if !shaping.group.is_empty() {
                match agg {
                    Agg::Count => lines.push("sort by count_ desc".into()),
                    Agg::DCount(_) => lines.push(format!("sort by {out} desc")),
                    _ => {}
                }
            }
        } else {
            // Ordering and limits over rows.
            let mut sorted = false;
            if let Some((sort, w)) = &shaping.sort {
                match sort {
                    Sort::Severity(c) => {
                        lines.push(severity_rank(&shape_table.columns[*c].name));
                        let then = time_col
                            .as_ref()
                            .map(|t| format!(", {} desc", ident(t)))
                            .unwrap_or_default();
                        lines.push(format!("sort by SeverityRank asc{then}"));
                        lines.push("project-away SeverityRank".into());
                        steps.push(step(
                            Aspect::Order,
                            w.clone(),
                            format!(
                                "highest severity first (High, Medium, Low, Informational){}",
                                if then.is_empty() {
                                    String::new()
                                } else {
                                    ", newest first within a severity".into()
                                }
                            ),
                        ));
                        sorted = true;
                    }
                    Sort::Column(c, desc) => {
                        let sc = &shape_table.columns[*c];
                        let l = format!(
                            "sort by {} {}",
                            if sc.data_type == kql::DataType::Dynamic {
                                format!("tostring({})", ident(&sc.name))
                            } else {
                                ident(&sc.name)
                            },
                            if *desc { "desc" } else { "asc" }
                        );
                        steps.push(step(Aspect::Order, w.clone(), l.clone()));
                        lines.push(l);
                        sorted = true;
                    }
                    Sort::Time(desc) => {
                        if let (Some(tc), None) = (&time_col, &shaping.limit) {
                            let l = format!(
                                "sort by {} {}",
                                ident(tc),
                                if *desc { "desc" } else { "asc" }
                            );
                            steps.push(step(Aspect::Order, w.clone(), l.clone()));
                            lines.push(l);
                            sorted = true;
                        }
                    }
                }
            }
            if let Some((nn, w)) = &shaping.limit {
                let l = match (&shaping.sort, &time_col, sorted) {
                    (Some((Sort::Time(desc), _)), Some(tc), false) => format!(
                        "top {nn} by {} {}",
                        ident(tc),
                        if *desc { "desc" } else { "asc" }
                    ),
                    _ => format!("take {nn}"),
                };
                steps.push(step(Aspect::Limit, w.clone(), l.clone()));
                lines.push(l);
            }
            if !shaping.project.is_empty() {
                let cols: Vec<String> = shaping
                    .project
                    .iter()
                    .map(|c| ident(&shape_table.columns[*c].name))
                    .collect();
                let l = format!("project {}", cols.join(", "));
                steps.push(step(
                    Aspect::Projection,
                    shaping.project_words.clone(),
                    l.clone(),
                ));
                lines.push(l);
            }
        }
        if let Some((kind, w)) = &shaping.chart {
            if *kind != "timechart" || shaping.bin.is_some() {
                lines.push(format!("render {kind}"));
                steps.push(step(Aspect::Chart, w.clone(), format!("render {kind}")));
            }
        }
    }

    // What was left over.
    let mut probe = Vec::new();
    let mut leftover = 0usize;
    for (k, t) in tokens.iter().enumerate() {
        if used[k]
            || t.shape != Shape::Word
            || is_stopword(&t.lower)
            || t.lower.len() <= 2
            || intent::is_cue_word(&t.lower)
        {
            continue;
        }
        cat.lookup(&t.stem, &t.lower, &mut probe);
        if probe.is_empty() {
            leftover += 1;
            not_understood.push(t.raw.to_string());
        }
    }
    let kql = lines.join("\n| ");
    let (s1, s2) = (
        choice.score,
        choice.runner_up.map(|r| r.1).unwrap_or(0.0).max(0.0),
    );
    let strength = 1.0 - (-s1 / 4.0).exp();
    let margin = ((s1 - s2) / s1.max(0.01)).clamp(0.0, 1.0);
    let unbound = not_understood.iter().filter(|n| n.starts_with('"')).count();
    let mut confidence = strength * (0.55 + 0.45 * margin.min(0.5) * 2.0);
    confidence -= 0.12 * unbound as f32 + 0.03 * leftover.min(6) as f32;
    let confidence = confidence.clamp(0.05, 0.99);
    if !not_understood.is_empty() {
        steps.push(step(
            Aspect::Caveat,
            not_understood.join(", "),
            "not used in the query",
        ));
    }
    if let Some((r, rs)) = choice.runner_up {
        if rs > 0.0 && (s1 - rs) / s1.max(0.01) < 0.15 {
            steps.push(step(
                Aspect::Caveat,
                "",
                format!("{} was almost as likely", cat.tables[r].name),
            ));
        }
    }
    Ok(GeneratedQuery {
        kql,
        explanation: steps,
        confidence: (confidence * 100.0).round() / 100.0,
        tables: tables_read,
        workspace,
    })
}

/// The things asked about when some have gone quiet: those the answer lists ("which users"), its
/// groups, else the first kind of thing the question names, else the table's users or devices.
fn quiet_things(
    table: &TableSense,
    shaping: &intent::Shaping,
    mentions: &[mentions::Mention],
    mention_used: &[bool],
    absence: &Absence,
) -> Vec<usize> {
    if let Some((Agg::Distinct(cs), _)) = &shaping.agg {
        return cs.clone();
    }
    if !shaping.group.is_empty() {
        return shaping.group.iter().map(|(c, _)| *c).collect();
    }
    // Words that also named the table count here: "devices" of DeviceInfo are the things. So do
    // words a filter looked at and left ("service principals with no sign-ins").
    // A kind of thing (a user, device, address... column), not any column named.
    let named = |c: usize| {
        !matches!(
            table.columns[c].data_type,
            kql::DataType::Bool | kql::DataType::DateTime
        ) && !table.columns[c].is_numeric()
            && (table.role_columns.iter().any(|cs| cs.contains(&c))
                || ["Id", "Name", "Upn", "UPN", "Address", "Account"]
                    .iter()
                    .any(|e| table.columns[c].name.ends_with(e)))
    };
    for unused_only in [true, false] {
        if let Some(&c) = mentions
            .iter()
            .zip(mention_used)
            .filter(|(_, &u)| !(unused_only && u))
            // Not the activity that stopped ("sign-ins" of "no sign-ins").
            .filter(|(m, _)| {
                !absence
                    .activity
                    .is_some_and(|k| (m.start..m.end).contains(&k))
            })
            .find_map(|(m, _)| m.columns.iter().find(|&&c| named(c)))
        {
            return vec![c];
        }
    }
    // Users, or devices first in records about devices.
    let devices_first = table.name_words.iter().any(|(w, _)| w == "device");
    let order: [usize; 2] = if devices_first { [1, 0] } else { [0, 1] };
    order
        .iter()
        .find_map(|&r| table.role_columns.get(r).and_then(|cs| cs.first().copied()))
        .into_iter()
        .collect()
}

/// Problems the schema checker finds in a query (empty when it passes).
pub(crate) fn check(query: &str, cat: &Nl2KqlCatalog) -> Vec<String> {
    kql::check(query, &cat.check_schema)
        .into_iter()
        .filter(|d| d.severity == kql::Severity::Error)
        .map(|d| d.message)
        .collect()
}

/// Syntax errors in a query (empty when it parses).
pub(crate) fn syntax_errors(query: &str) -> Vec<String> {
    kql::parse(query)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == kql::Severity::Error)
        .map(|d| d.message)
        .collect()
}

/// A column as a grouping or distinct key: Kusto groups only scalar values, so a dynamic one
/// (a property bag such as Location) is keyed by its text under its own name.
fn key(c: &ColumnSense) -> String {
    let name = ident(&c.name);
    if c.data_type == kql::DataType::Dynamic {
        format!("{name} = tostring({name})")
    } else {
        name
    }
}
