//! The "incident investigation" promptbook: from an incident number, a sequence of steps —
//! summary, related alerts, reputation of each indicator, the users involved, the devices
//! involved, and a closing report — that the app drives one step at a time and may cancel
//! between steps.

use sentinel::time::{format_datetime, TICKS_PER_DAY};
use sentinel::Workspace;

use crate::answer::{Answer, Block, KqlBlock, ResultTable};
use crate::evidence::{display_time, kql_string, IncidentEvidence};
use crate::report::incident_report;
use crate::summary::summarize_incident;

/// One step of the investigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvestigationStep {
    Summary,
    RelatedAlerts,
    IndicatorReputation,
    Users,
    Devices,
    Report,
}

impl InvestigationStep {
    /// All steps, in order.
    pub const ALL: [InvestigationStep; 6] = [
        InvestigationStep::Summary,
        InvestigationStep::RelatedAlerts,
        InvestigationStep::IndicatorReputation,
        InvestigationStep::Users,
        InvestigationStep::Devices,
        InvestigationStep::Report,
    ];

    /// The prompt the step stands for, as shown in the promptbook.
    pub fn prompt(self) -> &'static str {
        match self {
            InvestigationStep::Summary => "Summarize the incident",
            InvestigationStep::RelatedAlerts => "List its alerts",
            InvestigationStep::IndicatorReputation => "What is the reputation of each indicator?",
            InvestigationStep::Users => "What did the users involved do recently?",
            InvestigationStep::Devices => {
                "What ran on the devices involved and where did they connect?"
            }
            InvestigationStep::Report => "Write the investigation report",
        }
    }
}

/// A running investigation of one incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Investigation {
    pub number: i64,
    evidence: Option<IncidentEvidence>,
    next: usize,
    cancelled: bool,
}

impl Investigation {
    /// An investigation of incident `number`, not started.
    pub fn new(number: i64) -> Investigation {
        Investigation {
            number,
            evidence: None,
            next: 0,
            cancelled: false,
        }
    }

    /// The steps, in order.
    pub fn steps(&self) -> &'static [InvestigationStep] {
        &InvestigationStep::ALL
    }

    /// The step `next_answer` will run, if any.
    pub fn upcoming(&self) -> Option<InvestigationStep> {
        (!self.cancelled)
            .then(|| InvestigationStep::ALL.get(self.next).copied())
            .flatten()
    }

    /// How many steps have run.
    pub fn completed(&self) -> usize {
        self.next
    }

    /// Stops the investigation; no further step runs.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled
    }

    /// Whether every step has run or it was cancelled.
    pub fn is_finished(&self) -> bool {
        self.upcoming().is_none()
    }

    /// The incident's evidence, once the first step has run.
    pub fn evidence(&self) -> Option<&IncidentEvidence> {
        self.evidence.as_ref()
    }

    /// Runs the next step; `None` when finished or cancelled. `now` is the clock in ticks.
    pub async fn next_answer(&mut self, workspace: &dyn Workspace, now: i64) -> Option<Answer> {
        let step = self.upcoming()?;
        self.next += 1;
        if self.evidence.is_none() {
            match IncidentEvidence::load_number(workspace, self.number).await {
                Ok(ev) => self.evidence = Some(ev),
                Err(e) => {
                    self.cancelled = true;
                    return Some(Answer {
                        title: format!("Investigation of incident {}", self.number),
                        blocks: vec![Block::Error(format!(
                            "Incident {} could not be loaded: {e}",
                            self.number
                        ))],
                    });
                }
            }
        }
        let ev = self.evidence.as_ref()?;
        let mut answer = match step {
            InvestigationStep::Summary => summarize_incident(ev).to_answer(),
            InvestigationStep::RelatedAlerts => alerts_answer(ev),
            InvestigationStep::IndicatorReputation => reputation_answer(ev),
            InvestigationStep::Users => users_answer(ev, workspace, now).await,
            InvestigationStep::Devices => devices_answer(ev, workspace, now).await,
            InvestigationStep::Report => incident_report(ev).to_answer(),
        };
        answer.title = format!(
            "Step {} of {}: {} (incident {})",
            self.next,
            InvestigationStep::ALL.len(),
            step.prompt(),
            self.number
        );
        if let Some(s) = self.upcoming() {
            answer
                .blocks
                .push(Block::Suggestions(vec![format!("Next: {}", s.prompt())]));
        }
        Some(answer)
    }
}

fn alerts_answer(ev: &IncidentEvidence) -> Answer {
    let mut alerts: Vec<_> = ev.alerts.iter().collect();
    alerts.sort_by_key(|a| a.properties.start_time_utc.clone());
    let rows = alerts
        .iter()
        .map(|a| {
            let p = &a.properties;
            vec![
                p.start_time_utc.clone().unwrap_or_default(),
                p.alert_display_name.clone(),
                format!("{:?}", p.severity),
                p.product_name.clone().unwrap_or_default(),
                p.compromised_entity.clone().unwrap_or_default(),
                p.tactics.join(", "),
            ]
        })
        .collect();
    Answer {
        title: String::new(),
        blocks: vec![
            Block::Text(format!(
                "Incident {} has {} alerts.",
                ev.number(),
                ev.alerts.len()
            )),
            Block::Table(ResultTable {
                headers: [
                    "Start",
                    "Alert",
                    "Severity",
                    "Product",
                    "Compromised entity",
                    "Tactics",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            }),
        ],
    }
}

fn reputation_answer(ev: &IncidentEvidence) -> Answer {
    let s = summarize_incident(ev);
    let mut blocks = Vec::new();
    if s.indicators.is_empty() {
        blocks.push(Block::Text(
            "The incident names no IP address, domain, URL or file hash.".into(),
        ));
    } else {
        let flagged = s.indicators.iter().filter(|i| i.threat.is_some()).count();
        blocks.push(Block::Text(format!(
            "{} of {} indicators are in the workspace's threat intelligence.",
            flagged,
            s.indicators.len()
        )));
        if let Some(Block::Table(t)) = s
            .to_answer()
            .blocks
            .into_iter()
            .find(|b| matches!(b, Block::Table(_)))
        {
            blocks.push(Block::Table(t));
        }
    }
    if !ev.indicators().is_empty() {
        blocks.push(Block::Kql(KqlBlock {
            query: crate::evidence::ti_query(&ev.indicators()),
            explanation: vec![
                "ThreatIntelligenceIndicator: the workspace's threat-intelligence feed.".into(),
                "Active indicators matching the incident's addresses, domains, URLs and hashes."
                    .into(),
            ],
            confidence: None,
        }));
    }
    Answer {
        title: String::new(),
        blocks,
    }
}

/// The queries of the users step: recent sign-ins and identity details of each account.
pub fn user_queries(upn: &str, now: i64) -> [String; 2] {
    let since = format!("datetime({})", format_datetime(now - 7 * TICKS_PER_DAY));
    [
        format!(
            "SigninLogs\n| where TimeGenerated > {since}\n| where UserPrincipalName =~ {}\n| summarize SignIns = count(), Failures = countif(ResultType != \"0\"), RiskySignIns = countif(RiskLevelDuringSignIn in (\"medium\", \"high\")), Addresses = dcount(IPAddress), LastSignIn = max(TimeGenerated) by UserPrincipalName",
            kql_string(upn)
        ),
        format!(
            "IdentityInfo\n| where AccountUPN =~ {}\n| order by TimeGenerated desc\n| take 1\n| project AccountUPN, AccountDisplayName, Department, JobTitle, RiskLevel, IsMFARegistered, AssignedRoles",
            kql_string(upn)
        ),
    ]
}

/// The queries of the devices step: recent processes and connections of each device.
pub fn device_queries(host: &str, now: i64) -> [String; 2] {
    let since = format!("datetime({})", format_datetime(now - TICKS_PER_DAY));
    let host = kql_string(&host.to_ascii_lowercase());
    [
        format!(
            "DeviceProcessEvents\n| where TimeGenerated > {since}\n| where DeviceName startswith {host}\n| summarize Runs = count(), LastRun = max(TimeGenerated) by FileName, ProcessCommandLine\n| order by Runs asc\n| take 20"
        ),
        format!(
            "DeviceNetworkEvents\n| where TimeGenerated > {since}\n| where DeviceName startswith {host}\n| summarize Connections = count(), LastSeen = max(TimeGenerated) by RemoteIP, RemotePort, InitiatingProcessFileName\n| order by Connections desc\n| take 20"
        ),
    ]
}

async fn run_into(
    workspace: &dyn Workspace,
    query: String,
    explanation: &str,
    blocks: &mut Vec<Block>,
) {
    blocks.push(Block::Kql(KqlBlock {
        query: query.clone(),
        explanation: vec![explanation.to_string()],
        confidence: None,
    }));
    match workspace.query(&query, None).await {
        Ok(r) => match r.tables.first() {
            Some(t) if !t.rows.is_empty() => blocks.push(Block::Table(ResultTable::from_table(t))),
            _ => blocks.push(Block::Text("No rows.".into())),
        },
        Err(e) => blocks.push(Block::Error(e.to_string())),
    }
}

async fn users_answer(ev: &IncidentEvidence, workspace: &dyn Workspace, now: i64) -> Answer {
    let users: Vec<String> = ev
        .accounts()
        .into_iter()
        .filter(|u| u.contains('@'))
        .collect();
    let mut blocks = Vec::new();
    if users.is_empty() {
        blocks.push(Block::Text("The incident names no user account.".into()));
    }
    for upn in users.iter().take(5) {
        blocks.push(Block::Text(format!("{upn}:")));
        let [signins, identity] = user_queries(upn, now);
        run_into(
            workspace,
            signins,
            "Sign-ins of the last 7 days, with failures and risky sign-ins.",
            &mut blocks,
        )
        .await;
        run_into(
            workspace,
            identity,
            "The account's directory details and Identity Protection risk.",
            &mut blocks,
        )
        .await;
    }
    Answer {
        title: String::new(),
        blocks,
    }
}

async fn devices_answer(ev: &IncidentEvidence, workspace: &dyn Workspace, now: i64) -> Answer {
    let hosts = ev.hosts();
    let mut blocks = Vec::new();
    if hosts.is_empty() {
        blocks.push(Block::Text("The incident names no device.".into()));
    }
    for host in hosts.iter().take(5) {
        blocks.push(Block::Text(format!(
            "{host} (since {}):",
            display_time(now - TICKS_PER_DAY)
        )));
        let [processes, connections] = device_queries(host, now);
        run_into(
            workspace,
            processes,
            "Processes of the last 24 hours, rarest first.",
            &mut blocks,
        )
        .await;
        run_into(
            workspace,
            connections,
            "Connections of the last 24 hours, busiest first.",
            &mut blocks,
        )
        .await;
    }
    Answer {
        title: String::new(),
        blocks,
    }
}
