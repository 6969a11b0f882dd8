//! The chat: reads a prompt, keeps the conversation's context, and answers with blocks built from
//! the workspace's data. The router sends incident questions to the incident API, questions about
//! "that incident" to the summary, entities, guided response or report, "investigate incident N"
//! to the promptbook, and everything else to NL->KQL, whose query runs and is shown with its logic.

use sentinel::{Incident, IncidentOwner, IncidentQuery, IncidentStatus, Workspace};

use crate::answer::{Answer, Block, KqlBlock, ResultTable};
use crate::evidence::{display_time, parse_time, IncidentEvidence};
use crate::guided_response::{find_similar, guided_response};
use crate::intent::{
    named_workspace, read_intent, IncidentColumn, IncidentFilter, IncidentOrder, IncidentRef,
    Intent,
};
use crate::nl2kql::model::{default_examples, generate_with_model, ChatModel, Example};
pub use crate::nl2kql::Identity;
use crate::nl2kql::{
    EntityKind as NamedKind, Generation, NamedEntity, Nl2KqlCatalog, Nl2KqlContext,
};
use crate::promptbook::Investigation;
use crate::report::{executive_report, incident_report};
use crate::summary::SummaryCache;

/// The incident the conversation is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusedIncident {
    /// The incident's GUID name.
    pub name: String,
    pub number: i64,
    pub title: String,
}

/// What the conversation remembers between prompts.
#[derive(Clone, Debug, Default)]
pub struct Conversation {
    /// Prompts so far, oldest first.
    pub prompts: Vec<String>,
    /// The signed-in analyst ("me").
    pub me: Option<Identity>,
    /// The incident "that incident", "it" and "this investigation" refer to.
    pub focus: Option<FocusedIncident>,
    /// Identifiers named so far (incident numbers, IPs, users...), oldest first.
    pub entities: Vec<NamedEntity>,
    /// The workspace the last prompt that named one asked about.
    pub workspace: Option<String>,
    /// A running investigation promptbook.
    pub investigation: Option<Investigation>,
    summaries: SummaryCache,
    /// The evidence of the last incident asked about, reused while the incident is unchanged.
    evidence: Option<IncidentEvidence>,
}

impl Conversation {
    /// A conversation of the signed-in analyst.
    pub fn for_analyst(me: Identity) -> Conversation {
        Conversation {
            me: Some(me),
            ..Conversation::default()
        }
    }

    /// Sets "me".
    pub fn set_me(&mut self, me: Identity) {
        self.me = Some(me);
    }

    /// Puts an incident in focus (the app calls this when the analyst selects one).
    pub fn focus_incident(&mut self, incident: &Incident) {
        let number = incident.properties.incident_number.unwrap_or(0);
        self.focus = Some(FocusedIncident {
            name: incident.name.clone(),
            number,
            title: incident.properties.title.clone(),
        });
        self.remember(NamedKind::Incident, number.to_string());
    }

    fn remember(&mut self, kind: NamedKind, value: String) {
        self.entities
            .retain(|e| !(e.kind == kind && e.value == value));
        self.entities.push(NamedEntity { kind, value });
    }

    /// "Me" as an incident owner, for assignment.
    pub fn me_as_owner(&self) -> Option<IncidentOwner> {
        self.me.as_ref().map(|m| IncidentOwner {
            object_id: m.object_id.clone(),
            email: Some(m.upn.clone()),
            user_principal_name: Some(m.upn.clone()),
            assigned_to: m.display_name.clone(),
            owner_type: Some(sentinel::api::OwnerType::User),
        })
    }
}

/// "Me" for the demo's analyst (or any analyst record).
pub fn identity_of(analyst: &sentinel::demo::Analyst) -> Identity {
    Identity {
        upn: analyst.upn.to_string(),
        display_name: Some(analyst.name.to_string()),
        object_id: Some(analyst.object_id.to_string()),
    }
}

thread_local! {
    static CATALOG: &'static Nl2KqlCatalog =
        Box::leak(Box::new(Nl2KqlCatalog::new(sentinel::core_catalog())));
}

/// Answers one prompt. `now` is the clock in KQL ticks.
pub async fn respond(
    prompt: &str,
    conversation: &mut Conversation,
    workspace: &dyn Workspace,
    now: i64,
) -> Answer {
    respond_with_model(prompt, conversation, workspace, now, None).await
}

/// [`respond`], with a language model writing the KQL of hunting questions (repaired, checked,
/// else the deterministic query: see [`crate::nl2kql::model::generate_with_model`]). `None` is
/// the deterministic generator alone, as [`respond`].
pub async fn respond_with_model(
    prompt: &str,
    conversation: &mut Conversation,
    workspace: &dyn Workspace,
    now: i64,
    model: Option<&dyn ChatModel>,
) -> Answer {
    conversation.prompts.push(prompt.to_string());
    let named = named_workspace(prompt);
    if let Some(ws) = &named {
        conversation.workspace = Some(ws.clone());
    }
    let intent = read_intent(
        prompt,
        conversation
            .investigation
            .as_ref()
            .is_some_and(|i| !i.is_finished()),
    );
    let mut answer = match intent {
        Intent::ListIncidents(filter) => {
            list_incidents(&filter, conversation, workspace, now).await
        }
        Intent::Kql(q) => run_kql(&q, None, workspace).await,
        Intent::Hunt => hunt(prompt, conversation, workspace, now, model).await,
        Intent::NextStep => next_step(conversation, workspace, now).await,
        Intent::Cancel => {
            if let Some(i) = conversation.investigation.as_mut() {
                i.cancel();
            }
            Answer {
                title: "Investigation cancelled".into(),
                blocks: vec![Block::Text(
                    "The promptbook stopped; no further step will run.".into(),
                )],
            }
        }
        Intent::Investigate(r) => match resolve(r, conversation) {
            Ok(number) => {
                conversation.investigation = Some(Investigation::new(number));
                next_step(conversation, workspace, now).await
            }
            Err(a) => a,
        },
        Intent::Entities(r)
        | Intent::Alerts(r)
        | Intent::Owner(r)
        | Intent::Summary(r)
        | Intent::GuidedResponse(r)
        | Intent::Report(r)
        | Intent::ExecutiveReport(r) => match load(r, conversation, workspace).await {
            Ok(ev) => about_incident(&intent, &ev, conversation, workspace).await,
            Err(a) => a,
        },
    };
    if let Some(ws) = named {
        let connected = workspace.info().name;
        if !ws.eq_ignore_ascii_case(&connected) {
            answer.blocks.insert(
                0,
                Block::Text(format!(
                    "You asked about workspace \"{ws}\"; this answer comes from the connected workspace \"{connected}\"."
                )),
            );
        }
        answer.blocks.push(Block::Workspace(ws));
    }
    answer
}

fn resolve(r: IncidentRef, c: &Conversation) -> Result<i64, Answer> {
    match r {
        IncidentRef::Number(n) => Ok(n),
        IncidentRef::Focus => c.focus.as_ref().map(|f| f.number).ok_or_else(no_focus),
    }
}

fn no_focus() -> Answer {
    Answer {
        title: "Which incident?".into(),
        blocks: vec![Block::Text(
            "No incident is selected yet. Select one, name it (\"incident 1042\"), or list incidents first (\"show me high severity incidents\").".into(),
        )],
    }
}

async fn load(
    r: IncidentRef,
    c: &mut Conversation,
    workspace: &dyn Workspace,
) -> Result<IncidentEvidence, Answer> {
    let name = match r {
        IncidentRef::Number(n) => crate::evidence::find_incident_by_number(workspace, n).await,
        IncidentRef::Focus => match &c.focus {
            Some(f) => Ok(f.name.clone()),
            None => return Err(no_focus()),
        },
    };
    let loaded = match name {
        Ok(name) => match workspace.get_incident(&name).await {
            Ok(incident) => match c.evidence.take() {
                Some(ev) if ev.is_current(&incident) => Ok(ev),
                _ => IncidentEvidence::gather(workspace, incident).await,
            },
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    if let Ok(ev) = &loaded {
        c.evidence = Some(ev.clone());
    }
    match loaded {
        Ok(ev) => {
            c.focus_incident(&ev.incident);
            Ok(ev)
        }
        Err(e) => Err(Answer {
            title: "The incident could not be loaded".into(),
            blocks: vec![Block::Error(e.to_string())],
        }),
    }
}

async fn about_incident(
    intent: &Intent,
    ev: &IncidentEvidence,
    c: &mut Conversation,
    workspace: &dyn Workspace,
) -> Answer {
    let number = ev.number();
    let p = &ev.incident.properties;
    match intent {
        Intent::Summary(_) => c.summaries.summary(ev).to_answer(),
        Intent::Entities(_) => {
            let s = c.summaries.summary(ev).clone();
            for a in &s.assets {
                let kind = match a.kind {
                    crate::summary::AssetKind::User | crate::summary::AssetKind::Mailbox => {
                        Some(NamedKind::User)
                    }
                    crate::summary::AssetKind::Device => Some(NamedKind::Host),
                    crate::summary::AssetKind::IpAddress => Some(NamedKind::Ip),
                    _ => None,
                };
                if let Some(k) = kind {
                    c.remember(k, a.name.clone());
                }
            }
            let mut blocks = vec![Block::Text(format!(
                "Incident {number} \"{}\" has {} entities.",
                p.title,
                ev.entities.len()
            ))];
            if !s.assets.is_empty() {
                blocks.push(Block::Entities(s.assets.clone()));
            }
            let table = crate::summary::IncidentSummary {
                timeline: Vec::new(),
                assets: Vec::new(),
                ..s.clone()
            }
            .to_answer()
            .blocks
            .into_iter()
            .find(|b| matches!(b, Block::Table(_)));
            if let Some(t) = table {
                blocks.push(Block::Text(
                    "Indicators and their threat-intelligence reputation:".into(),
                ));
                blocks.push(t);
            }
            let mut follow = Vec::new();
            if let Some(u) = s
                .assets
                .iter()
                .find(|a| a.kind == crate::summary::AssetKind::User)
            {
                follow.push(format!("Show sign-ins of {} in the last 7 days", u.name));
            }
            follow.push("What should I do next?".into());
            follow.push("Write an executive report summarizing this investigation.".into());
            blocks.push(Block::Suggestions(follow));
            Answer {
                title: format!("Entities of incident {number}"),
                blocks,
            }
        }
        Intent::Alerts(_) => {
            let rows = ev
                .alerts
                .iter()
                .map(|a| {
                    let ap = &a.properties;
                    vec![
                        ap.start_time_utc
                            .as_deref()
                            .and_then(sentinel::time::parse_datetime)
                            .map(display_time)
                            .unwrap_or_default(),
                        ap.alert_display_name.clone(),
                        format!("{:?}", ap.severity),
                        ap.product_name.clone().unwrap_or_default(),
                        ap.compromised_entity.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            Answer {
                title: format!("Alerts of incident {number}"),
                blocks: vec![
                    Block::Text(format!("Incident {number} has {} alerts.", ev.alerts.len())),
                    Block::Table(ResultTable {
                        headers: [
                            "Start",
                            "Alert",
                            "Severity",
                            "Product",
                            "Compromised entity",
                        ]
                        .map(String::from)
                        .to_vec(),
                        rows,
                    }),
                ],
            }
        }
        Intent::Owner(_) => {
            let owner = p.owner.as_ref().filter(|o| !o.is_unassigned());
            let text = match owner {
                Some(o) => format!(
                    "Incident {number} is assigned to {}{} (status {}).",
                    o.assigned_to.clone().unwrap_or_default(),
                    o.user_principal_name
                        .as_deref()
                        .map(|u| format!(" <{u}>"))
                        .unwrap_or_default(),
                    p.status.as_str()
                ),
                None => format!(
                    "Incident {number} is unassigned (status {}).",
                    p.status.as_str()
                ),
            };
            Answer {
                title: format!("Owner of incident {number}"),
                blocks: vec![Block::Text(text)],
            }
        }
        Intent::GuidedResponse(_) => {
            let similar = find_similar(workspace, ev).await.unwrap_or_default();
            let cards = guided_response(ev, &similar, c.me_as_owner().as_ref());
            Answer {
                title: format!("Guided response for incident {number}"),
                blocks: vec![
                    Block::Text(format!(
                        "{} suggestions. Actions that change the incident or your environment run only after you confirm them.",
                        cards.len()
                    )),
                    Block::Actions(cards),
                ],
            }
        }
        Intent::Report(_) => incident_report(ev).to_answer(),
        Intent::ExecutiveReport(_) => executive_report(ev).to_answer(),
        _ => no_focus(),
    }
}

async fn next_step(c: &mut Conversation, workspace: &dyn Workspace, now: i64) -> Answer {
    let Some(inv) = c.investigation.as_mut() else {
        return Answer {
            title: "No investigation is running".into(),
            blocks: vec![Block::Text(
                "Start one with \"investigate incident 1042\".".into(),
            )],
        };
    };
    let answer = inv.next_answer(workspace, now).await;
    let focus = inv.evidence().map(|e| e.incident.clone());
    if let Some(i) = focus {
        c.focus_incident(&i);
    }
    answer.unwrap_or_else(|| Answer {
        title: "The investigation is finished".into(),
        blocks: vec![Block::Text("Every step has run.".into())],
    })
}

/// The incidents a list question asks for, through the incident API.
pub async fn list_incidents(
    filter: &IncidentFilter,
    c: &mut Conversation,
    workspace: &dyn Workspace,
    now: i64,
) -> Answer {
    let page = match workspace.list_incidents(&IncidentQuery::newest(1000)).await {
        Ok(p) => p,
        Err(e) => {
            return Answer {
                title: "Incidents could not be listed".into(),
                blocks: vec![Block::Error(e.to_string())],
            }
        }
    };
    if filter.assigned_to_me && c.me.is_none() {
        return Answer {
            title: "Who are you?".into(),
            blocks: vec![Block::Text("I do not know who is signed in, so I cannot tell which incidents are yours. Sign in, or ask about an analyst by name.".into())],
        };
    }
    let me = c.me.clone();
    let mut items: Vec<&Incident> = page
        .value
        .iter()
        .filter(|i| matches_filter(i, filter, me.as_ref(), now))
        .collect();
    match filter.order {
        IncidentOrder::Newest => items.sort_by_key(|i| std::cmp::Reverse(created(i))),
        IncidentOrder::Oldest => items.sort_by_key(|i| created(i)),
        IncidentOrder::Severity => items.sort_by_key(|i| {
            (
                std::cmp::Reverse(i.properties.severity.rank()),
                std::cmp::Reverse(created(i)),
            )
        }),
    }
    let total = items.len();
    if let Some(n) = filter.top {
        items.truncate(n);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| filter.columns.iter().map(|c| cell(i, *c)).collect())
        .collect();
    let mut conditions = describe_filter(filter, me.as_ref());
    if conditions.is_empty() {
        conditions.push("all incidents".into());
    }
    let mut blocks = vec![Block::Text(match (total, filter.top) {
        (0, _) => format!("No incident matches: {}.", conditions.join(", ")),
        (t, Some(n)) if t > n => format!(
            "{t} incidents match ({}); the top {n} are shown.",
            conditions.join(", ")
        ),
        (1, _) => format!("1 incident matches: {}.", conditions.join(", ")),
        (t, _) => format!("{t} incidents match: {}.", conditions.join(", ")),
    })];
    if !rows.is_empty() {
        blocks.push(Block::Table(ResultTable {
            headers: filter
                .columns
                .iter()
                .map(|c| c.header().to_string())
                .collect(),
            rows,
        }));
    }
    if let Some(first) = items.first() {
        c.focus_incident(first);
        blocks.push(Block::Text(format!(
            "Incident {} is now in focus; ask about \"that incident\" to go on.",
            first.properties.incident_number.unwrap_or(0)
        )));
        blocks.push(Block::Suggestions(vec![
            "Tell me about the entities associated with that incident.".into(),
            "Summarize that incident".into(),
            "What should I do next?".into(),
        ]));
    }
    Answer {
        title: "Incidents".into(),
        blocks,
    }
}

fn created(i: &Incident) -> i64 {
    parse_time(&i.properties.created_time_utc).unwrap_or(0)
}

fn owned_by(i: &Incident, me: &Identity) -> bool {
    let Some(o) = i.properties.owner.as_ref() else {
        return false;
    };
    o.user_principal_name
        .as_deref()
        .is_some_and(|u| u.eq_ignore_ascii_case(&me.upn))
        || o.email
            .as_deref()
            .is_some_and(|u| u.eq_ignore_ascii_case(&me.upn))
        || (o.object_id.is_some() && o.object_id == me.object_id)
}

fn matches_filter(i: &Incident, f: &IncidentFilter, me: Option<&Identity>, now: i64) -> bool {
    let p = &i.properties;
    if f.classification.is_some() && p.classification != f.classification {
        return false;
    }
    if f.status.is_some_and(|s| p.status != s)
        || (f.open_only && p.status == IncidentStatus::Closed)
    {
        return false;
    }
    if !f.severities.is_empty() && !f.severities.contains(&p.severity) {
        return false;
    }
    if let Some(w) = f.created_within {
        if created(i) < now - w {
            return false;
        }
    }
    if f.assigned_to_me && !me.is_some_and(|m| owned_by(i, m)) {
        return false;
    }
    if f.unassigned && !p.owner.as_ref().is_none_or(|o| o.is_unassigned()) {
        return false;
    }
    if let Some(t) = &f.title_words {
        if !p.title.to_ascii_lowercase().contains(t.as_str()) {
            return false;
        }
    }
    true
}

fn describe_filter(f: &IncidentFilter, me: Option<&Identity>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = f.classification {
        out.push(format!("closed as {}", c.as_str()));
    } else if let Some(s) = f.status {
        out.push(format!("status {}", s.as_str()));
    }
    if f.open_only {
        out.push("not closed".into());
    }
    if !f.severities.is_empty() {
        let s: Vec<&str> = f.severities.iter().map(|s| s.as_str()).collect();
        out.push(format!("severity {}", s.join(" or ")));
    }
    if let Some(w) = f.created_within {
        let hours = w / sentinel::time::TICKS_PER_HOUR;
        out.push(if hours % 24 == 0 {
            format!("created in the last {} days", hours / 24)
                .replace("last 1 days", "last 24 hours")
        } else {
            format!("created in the last {hours} hours")
        });
    }
    if f.assigned_to_me {
        out.push(format!(
            "assigned to {}",
            me.map(|m| m.upn.as_str()).unwrap_or("you")
        ));
    }
    if f.unassigned {
        out.push("unassigned".into());
    }
    if let Some(t) = &f.title_words {
        out.push(format!("title mentions \"{t}\""));
    }
    match f.order {
        IncidentOrder::Severity => out.push("highest severity first".into()),
        IncidentOrder::Oldest => out.push("oldest first".into()),
        IncidentOrder::Newest => {}
    }
    out
}

fn cell(i: &Incident, c: IncidentColumn) -> String {
    let p = &i.properties;
    match c {
        IncidentColumn::Number => p.incident_number.map(|n| n.to_string()).unwrap_or_default(),
        IncidentColumn::Title => p.title.clone(),
        IncidentColumn::Created => parse_time(&p.created_time_utc)
            .map(display_time)
            .unwrap_or_default(),
        IncidentColumn::Severity => p.severity.as_str().into(),
        IncidentColumn::Status => p.status.as_str().into(),
        IncidentColumn::Owner => p
            .owner
            .as_ref()
            .filter(|o| !o.is_unassigned())
            .and_then(|o| o.assigned_to.clone().or(o.user_principal_name.clone()))
            .unwrap_or_else(|| "Unassigned".into()),
        IncidentColumn::Classification => p
            .classification
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    }
}

async fn hunt(
    prompt: &str,
    c: &mut Conversation,
    workspace: &dyn Workspace,
    now: i64,
    model: Option<&dyn ChatModel>,
) -> Answer {
    let ctx = Nl2KqlContext {
        me: c.me.clone(),
        entities: c.entities.clone(),
        now: now.div_euclid(sentinel::time::TICKS_PER_SECOND),
    };
    let generation = match model {
        None => CATALOG.with(|cat| crate::nl2kql::generate(prompt, cat, &ctx)),
        Some(model) => with_model(prompt, c, &ctx, model).await,
    };
    match generation {
        Generation::Query(q) => {
            let explanation = q.explanation.iter().map(|s| s.decision.clone()).collect();
            let block = KqlBlock {
                query: q.kql.clone(),
                explanation,
                confidence: Some(q.confidence),
            };
            let mut a = run_kql(&q.kql, Some(block), workspace).await;
            a.title = "Hunting query".into();
            a
        }
        Generation::Abstain(a) => {
            let mut blocks = vec![Block::Text(if a.not_understood.is_empty() {
                "I could not turn that into a query.".to_string()
            } else {
                format!(
                    "I could not turn that into a query; I did not understand: {}.",
                    a.not_understood.join(", ")
                )
            })];
            if let Some(problem) = &a.model_problem {
                blocks.push(Block::Text(format!(
                    "The language model could not help either: {problem}."
                )));
            }
            if !a.examples.is_empty() {
                blocks.push(Block::Suggestions(a.examples));
            }
            Answer {
                title: "I need a clearer question".into(),
                blocks,
            }
        }
    }
}

/// The model's query for a hunting question; text from incidents and logs goes into the prompt
/// fenced as untrusted data.
async fn with_model(
    prompt: &str,
    c: &Conversation,
    ctx: &Nl2KqlContext,
    model: &dyn ChatModel,
) -> Generation {
    thread_local! {
        static EXAMPLES: std::cell::OnceCell<&'static [Example]> = const { std::cell::OnceCell::new() };
    }
    let catalog: &'static Nl2KqlCatalog = CATALOG.with(|cat| *cat);
    let examples = EXAMPLES.with(|e| {
        *e.get_or_init(|| {
            let plain = Nl2KqlContext {
                now: ctx.now,
                ..Nl2KqlContext::default()
            };
            Box::leak(default_examples(catalog, &plain).into_boxed_slice())
        })
    });
    let title = c.focus.as_ref().map(|f| f.title.clone());
    let named = c
        .entities
        .iter()
        .map(|e| e.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut untrusted: Vec<(&str, &str)> = Vec::new();
    if let Some(title) = &title {
        untrusted.push(("title of the incident in focus", title));
    }
    if !named.is_empty() {
        untrusted.push(("identifiers named earlier in the conversation", &named));
    }
    generate_with_model(prompt, catalog, ctx, model, examples, &untrusted).await
}

async fn run_kql(query: &str, block: Option<KqlBlock>, workspace: &dyn Workspace) -> Answer {
    let kql = Block::Kql(block.unwrap_or_else(|| KqlBlock {
        query: query.to_string(),
        explanation: Vec::new(),
        confidence: None,
    }));
    match workspace.query(query, None).await {
        Ok(result) => {
            let mut blocks = vec![kql];
            blocks.extend(
                result
                    .tables
                    .iter()
                    .map(|t| Block::Table(ResultTable::from_table(t))),
            );
            Answer {
                title: "Query results".into(),
                blocks,
            }
        }
        Err(e) => Answer {
            title: "The query failed".into(),
            blocks: vec![kql, Block::Error(e.to_string())],
        },
    }
}

/// Prompts to suggest next, from the conversation's context.
pub fn suggested_prompts(c: &Conversation) -> Vec<String> {
    let mut out = Vec::new();
    match &c.focus {
        Some(f) => {
            out.push(format!("Summarize incident {}", f.number));
            out.push("Tell me about the entities associated with that incident.".into());
            out.push("What should I do next?".into());
            out.push(format!("Investigate incident {}", f.number));
            out.push("Write an executive report summarizing this investigation. It should be suited for a nontechnical audience.".into());
        }
        None => {
            out.push("What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.".into());
            out.push("Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.".into());
            out.push("Top 5 high severity incidents".into());
        }
    }
    if let Some(ip) = c.entities.iter().rev().find(|e| e.kind == NamedKind::Ip) {
        out.push(format!("Sign-ins from {} in the last 7 days", ip.value));
    }
    if c.investigation.as_ref().is_some_and(|i| !i.is_finished()) {
        out.insert(0, "Next step".into());
    }
    out
}
