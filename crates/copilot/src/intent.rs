//! Reading a prompt: what the analyst asks for (a list of incidents, something about "that
//! incident", a summary, guided response, report, the investigation promptbook, or a hunting
//! question) and the details that go with it. Pure text analysis; the chat acts on it.

use sentinel::time::{TICKS_PER_DAY, TICKS_PER_HOUR};
use sentinel::{Classification, IncidentSeverity, IncidentStatus};

/// Which incident a prompt is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentRef {
    /// "incident 1042", "#1042".
    Number(i64),
    /// "that incident", "it", "this investigation", or nothing: the incident in focus.
    Focus,
}

/// What the prompt asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    ListIncidents(IncidentFilter),
    Entities(IncidentRef),
    Alerts(IncidentRef),
    Owner(IncidentRef),
    Summary(IncidentRef),
    GuidedResponse(IncidentRef),
    Report(IncidentRef),
    ExecutiveReport(IncidentRef),
    Investigate(IncidentRef),
    NextStep,
    Cancel,
    /// The prompt is KQL already.
    Kql(String),
    /// A question over the logs, for NL->KQL.
    Hunt,
}

/// Columns an incident list can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum IncidentColumn {
    Number,
    Title,
    Created,
    Severity,
    Status,
    Owner,
    Classification,
}

impl IncidentColumn {
    /// The column header.
    pub fn header(self) -> &'static str {
        match self {
            IncidentColumn::Number => "Incident number",
            IncidentColumn::Title => "Title",
            IncidentColumn::Created => "Created",
            IncidentColumn::Severity => "Severity",
            IncidentColumn::Status => "Status",
            IncidentColumn::Owner => "Owner",
            IncidentColumn::Classification => "Classification",
        }
    }
}

/// How a list of incidents is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncidentOrder {
    #[default]
    Newest,
    Oldest,
    /// Highest severity first, then newest.
    Severity,
}

/// The conditions of an incident list question.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentFilter {
    pub classification: Option<Classification>,
    pub status: Option<IncidentStatus>,
    /// "open": anything but closed.
    pub open_only: bool,
    pub severities: Vec<IncidentSeverity>,
    /// Created within this many ticks before now.
    pub created_within: Option<i64>,
    pub assigned_to_me: bool,
    pub unassigned: bool,
    pub top: Option<usize>,
    pub order: IncidentOrder,
    /// Columns the prompt asked for; empty: the default six.
    pub columns: Vec<IncidentColumn>,
    /// Words the title must contain ("about phishing").
    pub title_words: Option<String>,
}

/// A workspace named in the prompt: `in workspace "soc-ws"`, `workspace soc-ws`.
pub fn named_workspace(prompt: &str) -> Option<String> {
    let lower = prompt.to_ascii_lowercase();
    let at = lower.find("workspace")?;
    let rest = prompt[at + "workspace".len()..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let name: String = if let Some(q) = rest.strip_prefix(['"', '\'', '`']) {
        q.chars()
            .take_while(|c| !matches!(c, '"' | '\'' | '`'))
            .collect()
    } else {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect()
    };
    let name = name.trim_end_matches('.').trim().to_string();
    let generic = ["", "x", "the", "this", "my", "our", "called", "named"];
    (!generic.contains(&name.to_ascii_lowercase().as_str()) && name.len() >= 2).then_some(name)
}

/// The incident number a prompt names ("incident 1042", "#1042", "incident number 1042").
pub fn incident_number(prompt: &str) -> Option<i64> {
    let words = words(prompt);
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_prefix('#').and_then(|n| n.parse().ok()) {
            return Some(n);
        }
        if w.starts_with("incident") {
            let mut j = i + 1;
            if words
                .get(j)
                .is_some_and(|x| x == "number" || x == "no" || x == "id")
            {
                j += 1;
            }
            if let Some(n) = words
                .get(j)
                .and_then(|x| x.trim_start_matches('#').parse().ok())
            {
                return Some(n);
            }
        }
    }
    None
}

fn words(prompt: &str) -> Vec<String> {
    prompt
        .to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '!' | ';' | '(' | ')' | '"'))
        .map(|w| w.trim_end_matches('.').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn has_word(words: &[String], w: &str) -> bool {
    words.iter().any(|x| x == w)
}

fn any(text: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| text.contains(n))
}

/// Whether the text looks like a KQL query rather than a question.
pub fn looks_like_kql(prompt: &str) -> bool {
    let t = prompt.trim();
    let first = t
        .split(|c: char| c.is_whitespace() || c == '|')
        .next()
        .unwrap_or("");
    let starts_like_table = first.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (t.contains('|') && starts_like_table || t.starts_with("let ") || t.starts_with("union "))
        && kql::parse(t).is_ok()
}

/// Reads what a prompt asks for. `investigating`: a promptbook is running.
pub fn read_intent(prompt: &str, investigating: bool) -> Intent {
    let lower = prompt.to_ascii_lowercase();
    let w = words(prompt);
    if looks_like_kql(prompt) {
        return Intent::Kql(prompt.trim().to_string());
    }
    let reference = match incident_number(prompt) {
        Some(n) => IncidentRef::Number(n),
        None => IncidentRef::Focus,
    };
    if investigating {
        let short = w.len() <= 4;
        if short && any(&lower, &["cancel", "stop", "abort", "enough"]) {
            return Intent::Cancel;
        }
        if short && any(&lower, &["next", "continue", "go on", "proceed", "yes"]) {
            return Intent::NextStep;
        }
    }
    if any(
        &lower,
        &[
            "investigate",
            "investigation promptbook",
            "run the promptbook",
            "promptbook",
        ],
    ) && (reference != IncidentRef::Focus
        || any(&lower, &["promptbook", "this incident", "that incident"])
        || has_word(&w, "it"))
        && !any(&lower, &["report"])
    {
        return Intent::Investigate(reference);
    }
    if lower.contains("report") || lower.contains("write-up") || lower.contains("write up") {
        if any(
            &lower,
            &[
                "executive",
                "nontechnical",
                "non-technical",
                "non technical",
                "management",
                "leadership",
                "board",
                "plain language",
            ],
        ) {
            return Intent::ExecutiveReport(reference);
        }
        return Intent::Report(reference);
    }
    if any(
        &lower,
        &[
            "what should i do",
            "guided response",
            "next steps",
            "recommend",
            "how should i respond",
            "how do i respond",
            "remediat",
            "containment",
            "contain the",
            "contain it",
        ],
    ) {
        return Intent::GuidedResponse(reference);
    }
    let about_one = reference != IncidentRef::Focus
        || any(
            &lower,
            &[
                "that incident",
                "this incident",
                "the incident",
                "this investigation",
                "that investigation",
            ],
        )
        || has_word(&w, "it")
        || has_word(&w, "its");
    if about_one {
        if any(
            &lower,
            &[
                "entit",
                "users",
                "accounts",
                "hosts",
                "devices",
                "ip addresses",
                "ips",
                "mailbox",
                "assets",
                "involved",
            ],
        ) {
            return Intent::Entities(reference);
        }
        if lower.contains("alert") {
            return Intent::Alerts(reference);
        }
        if any(
            &lower,
            &[
                "who is assigned",
                "who's assigned",
                "assigned to whom",
                "who owns",
                "owner",
                "who is working",
                "who handles",
            ],
        ) {
            return Intent::Owner(reference);
        }
        if any(
            &lower,
            &[
                "summar",
                "tell me about",
                "what happened",
                "explain",
                "overview",
                "describe",
            ],
        ) {
            return Intent::Summary(reference);
        }
        if reference != IncidentRef::Focus && !lower.contains("incidents") {
            return Intent::Summary(reference);
        }
    } else if any(&lower, &["summarize", "summarise", "summary"]) && !lower.contains("incidents") {
        return Intent::Summary(reference);
    }
    if lower.contains("incidents")
        || (lower.contains("incident") && any(&lower, &["list", "show", "which", "what", "any"]))
    {
        return Intent::ListIncidents(read_filter(prompt));
    }
    Intent::Hunt
}

/// Reads the conditions of an incident list question.
pub fn read_filter(prompt: &str) -> IncidentFilter {
    let lower = prompt.to_ascii_lowercase();
    let w = words(prompt);
    let mut f = IncidentFilter::default();
    if any(
        &lower,
        &["false positive", "false-positive", "falsepositive"],
    ) {
        f.classification = Some(Classification::FalsePositive);
    } else if any(&lower, &["true positive", "true-positive", "truepositive"]) {
        f.classification = Some(Classification::TruePositive);
    } else if any(&lower, &["benign"]) {
        f.classification = Some(Classification::BenignPositive);
    } else if any(&lower, &["undetermined"]) {
        f.classification = Some(Classification::Undetermined);
    }
    if f.classification.is_some() || has_word(&w, "closed") || has_word(&w, "resolved") {
        f.status = Some(IncidentStatus::Closed);
    } else if has_word(&w, "new") && !lower.contains("new incidents created") {
        f.status = Some(IncidentStatus::New);
    } else if has_word(&w, "active") || lower.contains("in progress") {
        f.status = Some(IncidentStatus::Active);
    } else if has_word(&w, "open") || has_word(&w, "unresolved") {
        f.open_only = true;
    }
    for (i, x) in w.iter().enumerate() {
        let sev = match x.trim_end_matches("-severity").trim_end_matches("-sev") {
            "high" | "critical" => Some(IncidentSeverity::High),
            "medium" => Some(IncidentSeverity::Medium),
            "low" => Some(IncidentSeverity::Low),
            "informational" => Some(IncidentSeverity::Informational),
            _ => None,
        };
        let next = w.get(i + 1).map(String::as_str).unwrap_or("");
        let prev = if i > 0 { w[i - 1].as_str() } else { "" };
        let qualifies = x.contains("-sev")
            || matches!(
                next,
                "severity" | "sev" | "priority" | "incidents" | "incident" | "and" | "or"
            )
            || matches!(prev, "severity" | "sev" | "is" | "of" | "and" | "or");
        if let (Some(s), true) = (sev, qualifies) {
            if !f.severities.contains(&s) {
                f.severities.push(s);
            }
        }
    }
    f.created_within = time_window(&w, &lower);
    f.assigned_to_me = any(
        &lower,
        &[
            "assigned to me",
            "my incidents",
            "assigned to myself",
            "mine",
            "i own",
            "i'm assigned",
            "i am assigned",
        ],
    );
    f.unassigned = has_word(&w, "unassigned") || lower.contains("not assigned");
    for (i, x) in w.iter().enumerate() {
        if matches!(x.as_str(), "top" | "first" | "latest" | "last" | "newest") {
            let unit = w.get(i + 2).map(|u| u.trim_end_matches('s')).unwrap_or("");
            let is_time = matches!(
                unit,
                "hour" | "hr" | "h" | "day" | "d" | "week" | "month" | "minute"
            );
            if let (Some(n), false) = (w.get(i + 1).and_then(|n| n.parse::<usize>().ok()), is_time)
            {
                f.top = Some(n);
            }
        }
    }
    if any(
        &lower,
        &[
            "highest priority",
            "highest severity",
            "most severe",
            "by severity",
            "by priority",
            "most critical",
            "priority first",
            "severity first",
        ],
    ) {
        f.order = IncidentOrder::Severity;
    } else if any(&lower, &["oldest", "earliest"]) {
        f.order = IncidentOrder::Oldest;
    } else if f.top.is_some() && !f.severities.is_empty() {
        f.order = IncidentOrder::Newest;
    }
    let mut cols = Vec::new();
    let asks = |needles: &[&str]| any(&lower, needles);
    if has_word(&w, "number") || has_word(&w, "title") || has_word(&w, "columns") {
        cols.push(IncidentColumn::Number);
        if asks(&["title", "name"]) {
            cols.push(IncidentColumn::Title);
        }
        if asks(&["created", "creation", "time"]) {
            cols.push(IncidentColumn::Created);
        }
        if asks(&["severity", "priority"]) {
            cols.push(IncidentColumn::Severity);
        }
        if asks(&["status"]) {
            cols.push(IncidentColumn::Status);
        }
        if asks(&["owner", "assignee", "assigned to whom"]) {
            cols.push(IncidentColumn::Owner);
        }
        if f.classification.is_some() && asks(&["classification"]) {
            cols.push(IncidentColumn::Classification);
        }
    }
    f.columns = if cols.len() >= 2 {
        cols
    } else {
        vec![
            IncidentColumn::Number,
            IncidentColumn::Title,
            IncidentColumn::Created,
            IncidentColumn::Severity,
            IncidentColumn::Status,
            IncidentColumn::Owner,
        ]
    };
    if let Some(at) = lower.find(" about ") {
        let topic: String = lower[at + 7..]
            .split(['.', ',', '?'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if !topic.is_empty() && topic.split_whitespace().count() <= 3 {
            f.title_words = Some(topic);
        }
    }
    f
}

fn time_window(w: &[String], lower: &str) -> Option<i64> {
    if lower.contains("today") || lower.contains("last day") || lower.contains("past day") {
        return Some(TICKS_PER_DAY);
    }
    if lower.contains("this week") || lower.contains("last week") || lower.contains("past week") {
        return Some(7 * TICKS_PER_DAY);
    }
    if lower.contains("this month") || lower.contains("last month") || lower.contains("past month")
    {
        return Some(30 * TICKS_PER_DAY);
    }
    for (i, x) in w.iter().enumerate() {
        if matches!(x.as_str(), "last" | "past" | "previous") {
            let n = w.get(i + 1).and_then(|n| n.parse::<i64>().ok());
            let unit = w.get(i + 2).map(String::as_str).unwrap_or("");
            let (n, unit) = match n {
                Some(n) => (n, unit),
                None => (1, w.get(i + 1).map(String::as_str).unwrap_or("")),
            };
            let per = match unit.trim_end_matches('s') {
                "hour" | "hr" | "h" => TICKS_PER_HOUR,
                "day" | "d" => TICKS_PER_DAY,
                "week" => 7 * TICKS_PER_DAY,
                "month" => 30 * TICKS_PER_DAY,
                _ => continue,
            };
            return Some(n * per);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_prompts_are_read() {
        let Intent::ListIncidents(f) = read_intent("Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.", false) else {
            panic!("not a list")
        };
        assert_eq!(f.classification, Some(Classification::FalsePositive));
        assert_eq!(f.status, Some(IncidentStatus::Closed));
        assert_eq!(
            f.columns,
            vec![
                IncidentColumn::Number,
                IncidentColumn::Title,
                IncidentColumn::Created
            ]
        );
        let Intent::ListIncidents(f) = read_intent("What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.", false) else {
            panic!("not a list")
        };
        assert_eq!(f.created_within, Some(24 * TICKS_PER_HOUR));
        assert!(f.assigned_to_me);
        assert_eq!(f.order, IncidentOrder::Severity);
        assert!(
            f.severities.is_empty(),
            "highest priority orders, it does not filter"
        );
        assert_eq!(
            read_intent(
                "Tell me about the entities associated with that incident.",
                false
            ),
            Intent::Entities(IncidentRef::Focus)
        );
        assert_eq!(
            read_intent("Write an executive report summarizing this investigation. It should be suited for a nontechnical audience.", false),
            Intent::ExecutiveReport(IncidentRef::Focus)
        );
    }

    #[test]
    fn paraphrases_and_details() {
        let Intent::ListIncidents(f) = read_intent(
            "top 5 high severity incidents in workspace \"soc-ws\"",
            false,
        ) else {
            panic!()
        };
        assert_eq!(
            (f.top, f.severities.clone()),
            (Some(5), vec![IncidentSeverity::High])
        );
        assert_eq!(
            named_workspace("top 5 high severity incidents in workspace \"soc-ws\""),
            Some("soc-ws".into())
        );
        assert_eq!(
            named_workspace("in workspace soc-ws please"),
            Some("soc-ws".into())
        );
        assert_eq!(
            read_intent("investigate incident 1042", false),
            Intent::Investigate(IncidentRef::Number(1042))
        );
        assert_eq!(
            read_intent("summarize incident #1050", false),
            Intent::Summary(IncidentRef::Number(1050))
        );
        assert_eq!(
            read_intent("who is assigned to it?", false),
            Intent::Owner(IncidentRef::Focus)
        );
        assert_eq!(
            read_intent("which alerts does that incident have", false),
            Intent::Alerts(IncidentRef::Focus)
        );
        assert_eq!(
            read_intent("what should I do next?", false),
            Intent::GuidedResponse(IncidentRef::Focus)
        );
        assert_eq!(read_intent("next", true), Intent::NextStep);
        assert_eq!(read_intent("cancel", true), Intent::Cancel);
        assert_eq!(
            read_intent("failed sign-ins from 192.0.2.45 in the last day", false),
            Intent::Hunt
        );
        assert!(matches!(
            read_intent("SigninLogs | take 5", false),
            Intent::Kql(_)
        ));
        let Intent::ListIncidents(f) =
            read_intent("list incidents closed as false positives this week", false)
        else {
            panic!()
        };
        assert_eq!(f.created_within, Some(7 * TICKS_PER_DAY));
    }
}
