//! The incident report: when things happened and who did them (analyst or automation), the
//! classification and why, the actions taken, and follow-ups; plus an executive version in plain
//! language. Exported as Markdown or as printable HTML in which every string is escaped.

use crate::answer::{Answer, Block};
use crate::evidence::{display_time, is_person, parse_time, IncidentEvidence};
use crate::summary::{plural, summarize_incident, AssetKind};

/// Who did something: a person or automation (an analytics rule, a playbook, Sentinel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Analyst(String),
    Automation(String),
}

impl Actor {
    /// Reads an actor string as SecurityIncident's `ModifiedBy` or an author holds it.
    pub fn from_modified_by(by: &str) -> Actor {
        if is_person(by) {
            Actor::Analyst(by.to_string())
        } else {
            Actor::Automation(if by.is_empty() {
                "Microsoft Sentinel".into()
            } else {
                by.to_string()
            })
        }
    }

    /// "analyst robin@..." or "automation (Incident created from alert rule)".
    pub fn describe(&self) -> String {
        match self {
            Actor::Analyst(a) => format!("analyst {a}"),
            Actor::Automation(a) => format!("automation ({a})"),
        }
    }
}

/// A moment of the incident's life and who caused it.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub time: i64,
    pub by: Actor,
}

/// An action taken on the incident, from its history or comments.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportAction {
    pub time: i64,
    pub by: Actor,
    pub what: String,
}

/// The incident report.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentReport {
    pub number: i64,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub created: Option<Moment>,
    pub first_activity: Option<Moment>,
    pub last_activity: Option<Moment>,
    pub closed: Option<Moment>,
    /// Analysts who changed or commented on the incident.
    pub analysts: Vec<String>,
    /// e.g. "TruePositive (SuspiciousActivity)".
    pub classification: Option<String>,
    /// The classification comment, the reason summarized.
    pub classification_summary: Option<String>,
    pub summary: String,
    pub actions: Vec<ReportAction>,
    pub follow_ups: Vec<String>,
    pub open_questions: Vec<String>,
    pub executive: ExecutiveReport,
}

/// The report for a non-technical reader.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutiveReport {
    pub title: String,
    pub paragraphs: Vec<String>,
}

const DETECTION: &str = "the detection rule";

/// Builds the report of an incident from its evidence.
pub fn incident_report(ev: &IncidentEvidence) -> IncidentReport {
    let p = &ev.incident.properties;
    let created_by = ev
        .history
        .first()
        .map(|h| Actor::from_modified_by(&h.modified_by))
        .unwrap_or_else(|| Actor::Automation("Incident created from alert rule".into()));
    let created = parse_time(&p.created_time_utc).map(|time| Moment {
        time,
        by: created_by,
    });
    let (first, last) = ev.activity_window();
    let detection = || Actor::Automation(DETECTION.into());
    let first_activity =
        (!ev.alerts.is_empty() || p.first_activity_time_utc.is_some()).then(|| Moment {
            time: first,
            by: detection(),
        });
    let last_activity =
        (!ev.alerts.is_empty() || p.last_activity_time_utc.is_some()).then(|| Moment {
            time: last,
            by: detection(),
        });
    let closed = if p.status == sentinel::IncidentStatus::Closed {
        ev.history
            .iter()
            .rev()
            .take_while(|h| h.status == "Closed")
            .last()
            .map(|h| Moment {
                time: h.time,
                by: Actor::from_modified_by(&h.modified_by),
            })
            .or_else(|| {
                parse_time(&p.last_modified_time_utc).map(|time| Moment {
                    time,
                    by: Actor::Automation("unknown".into()),
                })
            })
    } else {
        None
    };

    let mut analysts: Vec<String> = Vec::new();
    let mut add_analyst = |a: &str| {
        if !a.is_empty() && !analysts.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            analysts.push(a.to_string());
        }
    };
    for h in &ev.history {
        if h.by_analyst() {
            add_analyst(&h.modified_by);
        }
    }
    for c in &ev.comments {
        if let Some(a) = c
            .properties
            .author
            .as_ref()
            .and_then(|a| a.user_principal_name.clone().or(a.email.clone()))
        {
            add_analyst(&a);
        }
    }

    // Actions: changes in the history, then comments describing what was done.
    let mut actions = Vec::new();
    let mut prev: Option<&crate::evidence::HistoryEntry> = None;
    for h in &ev.history {
        let by = Actor::from_modified_by(&h.modified_by);
        match prev {
            None => actions.push(ReportAction {
                time: h.time,
                by,
                what: format!(
                    "Incident created with severity {} and status {}",
                    h.severity, h.status
                ),
            }),
            Some(before) => {
                if h.owner != before.owner {
                    if let Some(o) = &h.owner {
                        actions.push(ReportAction {
                            time: h.time,
                            by: by.clone(),
                            what: format!("Assigned to {o}"),
                        });
                    }
                }
                if h.status != before.status {
                    let mut what = format!("Status changed from {} to {}", before.status, h.status);
                    if h.status == "Closed" && !h.classification.is_empty() {
                        what.push_str(&format!(", classified {}", h.classification));
                    }
                    actions.push(ReportAction {
                        time: h.time,
                        by: by.clone(),
                        what,
                    });
                }
                if h.severity != before.severity {
                    actions.push(ReportAction {
                        time: h.time,
                        by: by.clone(),
                        what: format!(
                            "Severity changed from {} to {}",
                            before.severity, h.severity
                        ),
                    });
                }
                for l in h.labels.iter().filter(|l| !before.labels.contains(l)) {
                    actions.push(ReportAction {
                        time: h.time,
                        by: by.clone(),
                        what: format!("Tag {l} added"),
                    });
                }
            }
        }
        prev = Some(h);
    }
    let mut follow_ups = Vec::new();
    let mut open_questions = Vec::new();
    for c in &ev.comments {
        let by = c
            .properties
            .author
            .as_ref()
            .and_then(|a| {
                a.user_principal_name
                    .clone()
                    .or(a.email.clone())
                    .or(a.name.clone())
            })
            .map(|a| Actor::from_modified_by(&a))
            .unwrap_or_else(|| Actor::Automation("unknown author".into()));
        let time = parse_time(&c.properties.created_time_utc).unwrap_or(0);
        for sentence in sentences(&c.properties.message) {
            match sentence_kind(&sentence) {
                SentenceKind::Done => actions.push(ReportAction {
                    time,
                    by: by.clone(),
                    what: sentence,
                }),
                SentenceKind::Pending if p.status != sentinel::IncidentStatus::Closed => {
                    open_questions.push(sentence)
                }
                SentenceKind::Pending => {
                    follow_ups.push(format!("Check that this was settled: {sentence}"))
                }
                SentenceKind::Note => {}
            }
        }
    }
    actions.sort_by_key(|a| a.time);
    if p.status != sentinel::IncidentStatus::Closed {
        follow_ups.push(format!(
            "Incident {} is still {}; classify and close it when the investigation ends.",
            ev.number(),
            p.status.as_str()
        ));
    }
    if p.owner.as_ref().is_none_or(|o| o.is_unassigned()) {
        follow_ups.push("Nobody is assigned; assign an owner.".into());
    }
    for t in ev.indicators().iter().filter_map(|i| ev.reputation(i)) {
        follow_ups.push(format!(
            "Keep {} blocked: threat intelligence lists it as {}.",
            t.indicator.value, t.threat_type
        ));
    }

    let classification = p.classification.map(|c| match p.classification_reason {
        Some(r) => format!("{} ({})", c.as_str(), r.as_str()),
        None => c.as_str().to_string(),
    });
    let summary = summarize_incident(ev).overview;
    let executive = executive_report(ev);
    IncidentReport {
        number: ev.number(),
        title: p.title.clone(),
        severity: p.severity.as_str().into(),
        status: p.status.as_str().into(),
        created,
        first_activity,
        last_activity,
        closed,
        analysts,
        classification,
        classification_summary: p.classification_comment.clone().filter(|c| !c.is_empty()),
        summary,
        actions,
        follow_ups,
        open_questions,
        executive,
    }
}

enum SentenceKind {
    Done,
    Pending,
    Note,
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let end =
            matches!(c, '.' | '?' | '!') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if end || c == '\n' {
            let s = cur.trim().to_string();
            if s.len() > 2 {
                out.push(s);
            }
            cur.clear();
        }
    }
    let s = cur.trim().to_string();
    if s.len() > 2 {
        out.push(s);
    }
    out
}

fn sentence_kind(s: &str) -> SentenceKind {
    let l = s.to_ascii_lowercase();
    const PENDING: [&str; 9] = [
        "waiting",
        "checking",
        "searching",
        "in progress",
        "pending",
        "to do",
        "todo",
        "follow up",
        "starting",
    ];
    const DONE: [&str; 16] = [
        "isolated",
        "blocked",
        "removed",
        "removing",
        "deleted",
        "reset",
        "revoked",
        "reimaged",
        "quarantine",
        "confirmed",
        "disabled",
        "tuned",
        "updated",
        "enforced",
        "raised",
        "added to",
    ];
    if l.ends_with('?') || PENDING.iter().any(|w| l.contains(w)) {
        SentenceKind::Pending
    } else if DONE.iter().any(|w| l.contains(w)) {
        SentenceKind::Done
    } else {
        SentenceKind::Note
    }
}

/// The executive version: what happened, whether it was real, what was affected and done, in
/// plain language without product or protocol names.
pub fn executive_report(ev: &IncidentEvidence) -> ExecutiveReport {
    let p = &ev.incident.properties;
    let s = summarize_incident(ev);
    let mut paras = Vec::new();
    let (first, last) = ev.activity_window();
    let people = s
        .assets
        .iter()
        .filter(|a| a.kind == AssetKind::User)
        .count();
    let devices = s
        .assets
        .iter()
        .filter(|a| a.kind == AssetKind::Device)
        .count();
    let mut what = format!(
        "On {} our security monitoring detected suspicious activity: \"{}\". ",
        display_time(first),
        p.title
    );
    if last > first {
        what.push_str(&format!(
            "The activity continued until {}. ",
            display_time(last)
        ));
    }
    let mut affected = Vec::new();
    if people > 0 {
        affected.push(format!("{people} {}", plural("employee account", people)));
    }
    if devices > 0 {
        affected.push(format!("{devices} {}", plural("computer", devices)));
    }
    if !affected.is_empty() {
        what.push_str(&format!("It involved {}.", affected.join(" and ")));
    }
    paras.push(what.trim().to_string());
    let malicious = s.indicators.iter().filter(|i| i.threat.is_some()).count();
    let verdict = match p.classification {
        Some(sentinel::Classification::TruePositive) => {
            "The security team confirmed this was a real attack.".to_string()
        }
        Some(sentinel::Classification::BenignPositive) => {
            "The security team found the activity was real but expected and authorised, so it posed no threat.".to_string()
        }
        Some(sentinel::Classification::FalsePositive) => {
            "The security team found this was a false alarm: nothing harmful happened.".to_string()
        }
        Some(sentinel::Classification::Undetermined) => {
            "The security team could not determine whether this was an attack.".to_string()
        }
        None if malicious > 0 => format!(
            "The investigation is ongoing. {malicious} of the outside addresses or files involved are known to be used by attackers, so it is treated as a real attack."
        ),
        None => "The investigation is ongoing; it has not yet been decided whether this was an attack.".to_string(),
    };
    let mut verdict = verdict;
    if let Some(c) = p
        .classification_comment
        .as_deref()
        .filter(|c| !c.is_empty())
    {
        verdict.push_str(&format!(" In the team's words: \"{c}\""));
    }
    paras.push(verdict);
    let report_actions: Vec<String> = ev
        .comments
        .iter()
        .flat_map(|c| sentences(&c.properties.message))
        .filter(|s| matches!(sentence_kind(s), SentenceKind::Done))
        .collect();
    if !report_actions.is_empty() {
        paras.push(format!(
            "Actions taken so far: {}",
            report_actions.join(" ")
        ));
    }
    let severity_word = match p.severity {
        sentinel::IncidentSeverity::High => "high",
        sentinel::IncidentSeverity::Medium => "moderate",
        sentinel::IncidentSeverity::Low => "low",
        sentinel::IncidentSeverity::Informational => "very low",
    };
    let status = match p.status {
        sentinel::IncidentStatus::Closed => "The case is closed.".to_string(),
        _ => {
            let owner = p
                .owner
                .as_ref()
                .filter(|o| !o.is_unassigned())
                .and_then(|o| o.assigned_to.clone());
            match owner {
                Some(o) => format!("The case is open and {o} is handling it."),
                None => "The case is open and waiting for an analyst.".to_string(),
            }
        }
    };
    paras.push(format!(
        "The team rated the business risk as {severity_word}. {status}"
    ));
    ExecutiveReport {
        title: format!("Security incident {}: executive summary", ev.number()),
        paragraphs: paras,
    }
}

fn moment_line(label: &str, m: &Option<Moment>) -> Option<String> {
    m.as_ref()
        .map(|m| format!("{label}: {} by {}", display_time(m.time), m.by.describe()))
}

impl IncidentReport {
    fn time_lines(&self) -> Vec<String> {
        [
            moment_line("Created", &self.created),
            moment_line("First activity", &self.first_activity),
            moment_line("Last activity", &self.last_activity),
            moment_line("Closed", &self.closed),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn action_lines(&self) -> Vec<String> {
        self.actions
            .iter()
            .map(|a| format!("{} {} ({})", display_time(a.time), a.what, a.by.describe()))
            .collect()
    }

    /// The report as Markdown (strings are put in as written; Markdown is shown as text).
    pub fn to_markdown(&self) -> String {
        let mut md = format!("# Incident {}: {}\n\n", self.number, md_text(&self.title));
        md.push_str(&format!(
            "Severity: {}. Status: {}.\n\n",
            self.severity, self.status
        ));
        md.push_str("## Summary\n\n");
        md.push_str(&md_text(&self.summary));
        md.push_str("\n\n## Timeline\n\n");
        for l in self.time_lines() {
            md.push_str(&format!("- {}\n", md_text(&l)));
        }
        if !self.analysts.is_empty() {
            md.push_str(&format!(
                "\n## Analysts\n\n{}\n",
                md_text(&self.analysts.join(", "))
            ));
        }
        md.push_str("\n## Classification\n\n");
        match &self.classification {
            Some(c) => {
                md.push_str(&md_text(c));
                if let Some(s) = &self.classification_summary {
                    md.push_str(&format!(": {}", md_text(s)));
                }
                md.push('\n');
            }
            None => md.push_str("Not classified yet.\n"),
        }
        let mut section = |title: &str, items: &[String]| {
            if !items.is_empty() {
                md.push_str(&format!("\n## {title}\n\n"));
                for i in items {
                    md.push_str(&format!("- {}\n", md_text(i)));
                }
            }
        };
        section("Actions taken", &self.action_lines());
        section("Follow-ups", &self.follow_ups);
        section("Open questions", &self.open_questions);
        md.push_str(&format!(
            "\n{}",
            self.executive.to_markdown().replacen("# ", "## ", 1)
        ));
        md
    }

    /// A standalone HTML page for printing; every string from the data is escaped.
    pub fn to_printable_html(&self) -> String {
        let mut h =
            String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.push_str(&format!("<title>Incident {} report</title>", self.number));
        h.push_str("<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}@media print{body{margin:0}}</style></head><body>\n");
        h.push_str(&format!(
            "<h1>Incident {}: {}</h1>\n",
            self.number,
            escape_html(&self.title)
        ));
        h.push_str(&format!(
            "<p>Severity: {}. Status: {}.</p>\n",
            escape_html(&self.severity),
            escape_html(&self.status)
        ));
        h.push_str(&format!(
            "<h2>Summary</h2>\n<p>{}</p>\n",
            escape_html(&self.summary)
        ));
        let list = |h: &mut String, title: &str, items: &[String]| {
            if items.is_empty() {
                return;
            }
            h.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape_html(title)));
            for i in items {
                h.push_str(&format!("<li>{}</li>\n", escape_html(i)));
            }
            h.push_str("</ul>\n");
        };
        list(&mut h, "Timeline", &self.time_lines());
        list(&mut h, "Analysts", &self.analysts);
        let class = match &self.classification {
            Some(c) => match &self.classification_summary {
                Some(s) => format!("{c}: {s}"),
                None => c.clone(),
            },
            None => "Not classified yet.".into(),
        };
        h.push_str(&format!(
            "<h2>Classification</h2>\n<p>{}</p>\n",
            escape_html(&class)
        ));
        list(&mut h, "Actions taken", &self.action_lines());
        list(&mut h, "Follow-ups", &self.follow_ups);
        list(&mut h, "Open questions", &self.open_questions);
        h.push_str(&format!(
            "<h2>{}</h2>\n",
            escape_html(&self.executive.title)
        ));
        for p in &self.executive.paragraphs {
            h.push_str(&format!("<p>{}</p>\n", escape_html(p)));
        }
        h.push_str("</body></html>\n");
        h
    }

    /// The report as answer blocks.
    pub fn to_answer(&self) -> Answer {
        let mut blocks = vec![
            Block::Text(self.summary.clone()),
            Block::List(self.time_lines()),
        ];
        if !self.analysts.is_empty() {
            blocks.push(Block::Text(format!(
                "Analysts involved: {}.",
                self.analysts.join(", ")
            )));
        }
        blocks.push(Block::Text(
            match (&self.classification, &self.classification_summary) {
                (Some(c), Some(s)) => format!("Classification: {c}. {s}"),
                (Some(c), None) => format!("Classification: {c}."),
                _ => "Not classified yet.".into(),
            },
        ));
        if !self.actions.is_empty() {
            blocks.push(Block::Text("Actions taken:".into()));
            blocks.push(Block::List(self.action_lines()));
        }
        if !self.follow_ups.is_empty() {
            blocks.push(Block::Text("Follow-ups:".into()));
            blocks.push(Block::List(self.follow_ups.clone()));
        }
        if !self.open_questions.is_empty() {
            blocks.push(Block::Text("Open questions:".into()));
            blocks.push(Block::List(self.open_questions.clone()));
        }
        Answer {
            title: format!("Report of incident {}: {}", self.number, self.title),
            blocks,
        }
    }
}

impl ExecutiveReport {
    /// The executive report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut md = format!("# {}\n\n", md_text(&self.title));
        for p in &self.paragraphs {
            md.push_str(&md_text(p));
            md.push_str("\n\n");
        }
        md
    }

    /// The executive report as answer blocks.
    pub fn to_answer(&self) -> Answer {
        Answer {
            title: self.title.clone(),
            blocks: self.paragraphs.iter().cloned().map(Block::Text).collect(),
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Neutralises Markdown and HTML in a data string so it renders as the text it is.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<script>alert('x')&\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;"
        );
        assert_eq!(md_text("a*b<c>"), "a\\*b&lt;c&gt;");
    }

    #[test]
    fn comments_split_into_actions_and_questions() {
        let s = sentences("Device isolated. Waiting for the manager? Note only.");
        assert_eq!(s.len(), 3);
        assert!(matches!(sentence_kind(&s[0]), SentenceKind::Done));
        assert!(matches!(sentence_kind(&s[1]), SentenceKind::Pending));
        assert!(matches!(sentence_kind(&s[2]), SentenceKind::Note));
    }
}
