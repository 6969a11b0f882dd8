//! The attack stories woven through the background: each writes its log rows with the same
//! writers as the noise and returns the alerts it would raise, with the entities those alerts
//! name. The plan below decides which stories happen when and how the SOC handled them.

mod cloud;
mod endpoint;
mod identity;
mod network;

use super::entities::StoryEntity;
use super::generate::Gen;
use crate::api::{Classification, ClassificationReason, IncidentSeverity};

/// The product that raised an alert, as SecurityAlert and the alerts API name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Product {
    pub product_name: &'static str,
    pub provider_name: &'static str,
    pub component: Option<&'static str>,
}

/// Sentinel's own scheduled analytics rules.
pub const SENTINEL: Product = Product {
    product_name: "Azure Sentinel",
    provider_name: "ASI Scheduled Alerts",
    component: Some("Scheduled Alerts"),
};
/// Microsoft Defender for Endpoint.
pub const DEFENDER_ENDPOINT: Product = Product {
    product_name: "Microsoft Defender Advanced Threat Protection",
    provider_name: "MDATP",
    component: None,
};
/// Microsoft Defender for Cloud Apps.
pub const CLOUD_APPS: Product = Product {
    product_name: "Microsoft Cloud App Security",
    provider_name: "MCAS",
    component: None,
};
/// Microsoft Entra ID Protection.
pub const IDENTITY_PROTECTION: Product = Product {
    product_name: "Azure Active Directory Identity Protection",
    provider_name: "IPC",
    component: None,
};
/// Microsoft Defender for Office 365.
pub const DEFENDER_OFFICE: Product = Product {
    product_name: "Office 365 Advanced Threat Protection",
    provider_name: "OATP",
    component: None,
};

/// An alert a story raises.
#[derive(Clone, Debug)]
pub struct StoryAlert {
    pub name: String,
    pub description: String,
    pub severity: IncidentSeverity,
    pub product: Product,
    pub tactics: Vec<&'static str>,
    pub techniques: Vec<&'static str>,
    /// The first and last activity the alert covers.
    pub start: i64,
    pub end: i64,
    pub entities: Vec<StoryEntity>,
    pub compromised: String,
    pub remediation: Vec<&'static str>,
}

impl StoryAlert {
    /// An alert with its name, product, severity and activity window.
    pub fn new(
        name: impl Into<String>,
        product: Product,
        severity: IncidentSeverity,
        start: i64,
        end: i64,
    ) -> StoryAlert {
        StoryAlert {
            name: name.into(),
            description: String::new(),
            severity,
            product,
            tactics: Vec::new(),
            techniques: Vec::new(),
            start,
            end,
            entities: Vec::new(),
            compromised: String::new(),
            remediation: Vec::new(),
        }
    }

    /// Sets the description.
    pub fn describe(mut self, d: impl Into<String>) -> StoryAlert {
        self.description = d.into();
        self
    }

    /// Sets MITRE ATT&CK tactics and techniques.
    pub fn mitre(mut self, tactics: &[&'static str], techniques: &[&'static str]) -> StoryAlert {
        self.tactics = tactics.to_vec();
        self.techniques = techniques.to_vec();
        self
    }

    /// Sets the entities.
    pub fn with(mut self, entities: Vec<StoryEntity>) -> StoryAlert {
        self.entities = entities;
        self
    }

    /// Sets the compromised entity.
    pub fn compromising(mut self, c: impl Into<String>) -> StoryAlert {
        self.compromised = c.into();
        self
    }

    /// Sets remediation steps.
    pub fn remediate(mut self, steps: &[&'static str]) -> StoryAlert {
        self.remediation = steps.to_vec();
        self
    }
}

/// What a story produced: an incident's worth of alerts.
#[derive(Clone, Debug)]
pub struct Story {
    pub title: String,
    pub description: String,
    pub severity: IncidentSeverity,
    pub alerts: Vec<StoryAlert>,
}

/// The kinds of attack (and of false alarm) the demo knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    PasswordSprayMailbox,
    PhishingBeacon,
    PrivilegedRoleAfterHours,
    ImpossibleTravel,
    MfaFatigue,
    Malware,
    RdpBruteForce,
    SshBruteForce,
    PortScan,
    MassDownload,
    CloudResourceAbuse,
    RareConsent,
    UnfamiliarSignin,
}

/// How the SOC handled an incident. Analysts are indexes into [`super::tenant::SOC`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    New,
    NewAssigned(usize),
    Active(usize),
    Closed(usize, Classification, ClassificationReason, &'static str),
    ClosedUndetermined(usize, &'static str),
}

/// One planned incident: what happens, when, to whom, whether it is the real thing, and how it
/// was handled.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub kind: Kind,
    pub days_ago: f64,
    /// The user (index into the tenant's users) at the centre of the story.
    pub victim: usize,
    /// Whether the activity is malicious (false alarms write benign activity that still trips
    /// the rule).
    pub malicious: bool,
    pub outcome: Outcome,
    /// Comments: (analyst, hours after the incident was created, text).
    pub comments: &'static [(usize, f64, &'static str)],
    pub labels: &'static [&'static str],
}

use Classification::*;
use ClassificationReason::*;
use Kind::*;
use Outcome::*;

const fn plan(kind: Kind, days_ago: f64, victim: usize, malicious: bool, outcome: Outcome) -> Plan {
    Plan {
        kind,
        days_ago,
        victim,
        malicious,
        outcome,
        comments: &[],
        labels: &[],
    }
}

const fn noted(
    p: Plan,
    comments: &'static [(usize, f64, &'static str)],
    labels: &'static [&'static str],
) -> Plan {
    Plan {
        kind: p.kind,
        days_ago: p.days_ago,
        victim: p.victim,
        malicious: p.malicious,
        outcome: p.outcome,
        comments,
        labels,
    }
}

/// The month's incidents.
pub const PLAN: [Plan; 31] = [
    plan(PasswordSprayMailbox, 0.25, 22, true, New),
    noted(plan(PhishingBeacon, 0.6, 31, true, Active(0)), &[
        (0, 0.3, "Device LM-LT-0132 isolated from the network through Defender. Beaconing to 192.0.2.45 stopped after isolation."),
        (0, 0.6, "Sender domain invoice-portal.test blocked in the tenant allow/block list; searching for other recipients."),
    ], &["phishing", "c2"]),
    plan(PrivilegedRoleAfterHours, 0.8, 2, true, New),
    plan(RdpBruteForce, 0.2, 0, true, New),
    noted(plan(SshBruteForce, 0.9, 0, true, Active(1)), &[(1, 0.5, "No accepted logins from the source in Syslog. Checking whether fail2ban is running on lm-bastion-01.")], &[]),
    plan(ImpossibleTravel, 0.5, 40, true, NewAssigned(0)),
    noted(plan(MfaFatigue, 1.5, 12, true, Active(0)), &[(0, 1.0, "User confirms they did not approve the prompt on purpose: 'I just wanted the notifications to stop'. Sessions revoked, password reset in progress.")], &["vip"]),
    noted(plan(Malware, 2.5, 50, true, Closed(2, TruePositive, SuspiciousActivity, "Defender blocked and quarantined the file; full scan clean. User reminded about downloading cracked software.")), &[(2, 2.0, "Quarantine confirmed in the Defender portal; no persistence found.")], &[]),
    plan(PortScan, 3.0, 0, false, Closed(1, BenignPositive, SuspiciousButExpected, "Quarterly external vulnerability scan by our scanning vendor (change CHG-2291).")),
    noted(plan(MassDownload, 3.5, 61, true, Active(3)), &[(3, 3.0, "HR says the user resigned last Friday. Waiting for the manager's answer on whether the downloads were approved.")], &["insider-risk"]),
    noted(plan(CloudResourceAbuse, 4.0, 3, true, Closed(0, TruePositive, SuspiciousActivity, "Compromised admin credentials used to create GPU VMs for mining. VMs deleted, credentials reset, Conditional Access tightened for Azure management.")), &[
        (0, 1.0, "12 VMs of size Standard_NC24ads_A100_v4 created in rg-temp-build between 03:00 and 03:40 from 192.0.2.59."),
        (0, 5.0, "All VMs deleted; spending alert raised with finance."),
    ], &["cryptomining"]),
    plan(RareConsent, 5.0, 17, false, Closed(4, FalsePositive, IncorrectAlertLogic, "The app is our approved e-signature vendor; added to the rule's allow list.")),
    plan(UnfamiliarSignin, 5.5, 27, false, Closed(1, BenignPositive, SuspiciousButExpected, "User is at the Monterrey plant this week; travel confirmed with the manager.")),
    plan(RdpBruteForce, 6.0, 0, true, Closed(2, TruePositive, SuspiciousActivity, "Internet brute force against the RD gateway; no successful logon. Source blocked at the edge firewall.")),
    noted(plan(PasswordSprayMailbox, 8.0, 56, true, Closed(0, TruePositive, SuspiciousActivity, "Account compromised through password spray (no MFA registered). Password reset, sessions revoked, forwarding rule removed, MFA enforced.")), &[
        (0, 0.5, "Forwarding rule sends all mail with 'invoice' or 'payment' to an external address. Removing it now."),
        (3, 2.0, "Finance confirmed no payment details were changed during the window."),
    ], &["bec"]),
    plan(ImpossibleTravel, 9.0, 8, false, Closed(3, FalsePositive, InaccurateData, "The Amsterdam address is the egress of the user's personal VPN; no other suspicious activity.")),
    plan(Malware, 10.0, 55, true, Closed(4, TruePositive, SuspiciousActivity, "Malware remediated automatically by Defender.")),
    plan(SshBruteForce, 11.0, 0, true, Closed(1, TruePositive, SuspiciousActivity, "Internet scanning of the bastion; password authentication is disabled, so no risk. Closing.")),
    plan(PrivilegedRoleAfterHours, 12.0, 1, false, Closed(2, BenignPositive, SuspiciousButExpected, "Emergency change ECHG-0417 approved by the CIO for the storage outage.")),
    plan(PortScan, 13.0, 0, true, Closed(0, FalsePositive, IncorrectAlertLogic, "Threshold of 20 ports is too low for our edge; rule tuned to 100 ports in 10 minutes.")),
    plan(UnfamiliarSignin, 14.0, 33, false, ClosedUndetermined(0, "Could not reach the user; no follow-up activity from the address in 7 days.")),
    noted(plan(PhishingBeacon, 16.0, 66, true, Closed(3, TruePositive, SuspiciousActivity, "Macro document delivered by phishing; device reimaged, C2 address blocked.")), &[(3, 4.0, "Device reimaged and returned to the user.")], &["phishing", "c2"]),
    plan(MassDownload, 18.0, 70, false, Closed(4, BenignPositive, SuspiciousButExpected, "User was syncing the Finance library to a new laptop.")),
    plan(RareConsent, 20.0, 9, true, Closed(1, TruePositive, SuspiciousActivity, "Consent phishing: app asked for Mail.Read and offline_access. Grants revoked, app disabled tenant-wide.")),
    plan(MfaFatigue, 22.0, 36, false, Closed(2, FalsePositive, InaccurateData, "The user's phone clock was wrong, causing repeated denials; the successful sign-in was the user from home.")),
    plan(CloudResourceAbuse, 24.0, 3, false, Closed(0, BenignPositive, SuspiciousButExpected, "The new release pipeline deploys a batch of build agents; expected.")),
    plan(RdpBruteForce, 26.0, 0, false, Closed(3, FalsePositive, IncorrectAlertLogic, "Failures come from the backup service account on LM-APP01 with an expired password; password updated.")),
    plan(UnfamiliarSignin, 27.5, 47, false, Closed(4, BenignPositive, SuspiciousButExpected, "New phone; user confirmed.")),
    plan(SshBruteForce, 1.2, 0, true, New),
    noted(plan(Malware, 0.4, 20, true, Active(0)), &[(0, 0.2, "Starting a full antivirus scan on the device.")], &[]),
    plan(UnfamiliarSignin, 2.0, 58, false, New),
];

/// A story told, with the plan that asked for it.
pub struct Told {
    pub plan: Plan,
    pub story: Story,
}

/// Writes every planned story into the tables.
pub fn tell_all(g: &mut Gen) -> Vec<Told> {
    PLAN.iter()
        .enumerate()
        .map(|(i, p)| {
            let at = g.days_ago(p.days_ago);
            let story = match p.kind {
                PasswordSprayMailbox => identity::password_spray(g, p, at),
                PhishingBeacon => endpoint::phishing_beacon(g, p, at, i),
                PrivilegedRoleAfterHours => identity::privileged_role(g, p, at),
                ImpossibleTravel => identity::impossible_travel(g, p, at),
                MfaFatigue => identity::mfa_fatigue(g, p, at),
                Malware => endpoint::malware(g, p, at, i),
                RdpBruteForce => network::rdp_brute_force(g, p, at),
                SshBruteForce => network::ssh_brute_force(g, p, at),
                PortScan => network::port_scan(g, p, at),
                MassDownload => cloud::mass_download(g, p, at),
                CloudResourceAbuse => cloud::resource_abuse(g, p, at),
                RareConsent => identity::rare_consent(g, p, at),
                UnfamiliarSignin => identity::unfamiliar_signin(g, p, at),
            };
            Told { plan: *p, story }
        })
        .collect()
}
