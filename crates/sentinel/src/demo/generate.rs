//! The generator: builds every demo table for a seed, a clock and a scale, background activity
//! first and the attack stories through it, then the alerts and incidents the stories raise.

use kql::Table;

use super::incidents::{assemble, IncidentRecord};
use super::noise;
use super::rng::Rng;
use super::stories;
use super::tables::{forget_shared, TableWriter};
use super::tenant::Tenant;
use crate::time::TICKS_PER_DAY;

/// How to generate the demo workspace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DemoConfig {
    /// The seed; the same seed and clock give the same workspace.
    pub seed: u64,
    /// "Now" in ticks since 1970 (`kql` datetime ticks); the data covers the 30 days before it.
    pub now: i64,
    /// Multiplies the background rows: 1.0 gives about 200,000 rows, 25.0 about 5 million (and
    /// a million SigninLogs).
    pub scale: f64,
}

impl DemoConfig {
    /// The default seed.
    pub const DEFAULT_SEED: u64 = 20_261_127;

    /// The default workspace (about 200,000 rows) at the given time.
    pub fn new(now: i64) -> DemoConfig {
        DemoConfig {
            seed: DemoConfig::DEFAULT_SEED,
            now,
            scale: 1.0,
        }
    }
}

/// How many days of data the demo holds.
pub const DAYS: i64 = 30;

/// The tables being written.
pub struct Tables {
    pub signin: TableWriter,
    pub audit: TableWriter,
    pub security_event: TableWriter,
    pub process: TableWriter,
    pub network: TableWriter,
    pub logon: TableWriter,
    pub file: TableWriter,
    pub office: TableWriter,
    pub firewall: TableWriter,
    pub azure_activity: TableWriter,
    pub syslog: TableWriter,
    pub threat_intel: TableWriter,
    pub identity_info: TableWriter,
    pub heartbeat: TableWriter,
    pub security_alert: TableWriter,
    pub security_incident: TableWriter,
}

/// The state the noise and story writers share.
pub struct Gen {
    pub rng: Rng,
    pub now: i64,
    /// The start of the data: `now - 30 days`.
    pub start: i64,
    pub tenant: Tenant,
    pub t: Tables,
}

impl Gen {
    /// The time `days` days before now.
    pub fn days_ago(&self, days: f64) -> i64 {
        self.now - (days * TICKS_PER_DAY as f64) as i64
    }
}

/// What the generator produced: the log tables and the incidents with their alerts, entities and
/// comments.
pub struct DemoData {
    pub tables: Vec<Table>,
    pub incidents: Vec<IncidentRecord>,
}

fn scaled(base: usize, scale: f64) -> usize {
    ((base as f64) * scale.max(0.0)).round() as usize
}

/// Generates the workspace.
pub fn generate(config: &DemoConfig) -> DemoData {
    let stories = generate_stories(config);
    let noise = generate_noise(config);
    DemoData {
        tables: with_noise(noise, stories.tables),
        incidents: stories.incidents,
    }
}

/// The attack stories alone: every incident, with only the stories' own log rows (a few thousand),
/// so that the incident queue can be shown before the background activity is generated.
pub fn generate_stories(config: &DemoConfig) -> DemoData {
    forget_shared();
    let mut g = Gen::new(config);
    g.rng = Rng::new(config.seed).fork("stories");
    let told = stories::tell_all(&mut g);
    g.rng = Rng::new(config.seed).fork("incidents");
    let incidents = assemble(&mut g, told);
    let tables = g.t.into_tables();
    forget_shared();
    DemoData { tables, incidents }
}

/// The background activity of every table (about 200,000 rows): what the stories hide in.
pub fn generate_noise(config: &DemoConfig) -> Vec<Table> {
    forget_shared();
    let root = Rng::new(config.seed);
    let mut g = Gen::new(config);
    let s = config.scale;
    let mut r = root.fork("signin");
    noise::identity::signins(&mut g, &mut r, scaled(40_000, s));
    let mut r = root.fork("audit");
    noise::identity::audit(&mut g, &mut r, scaled(5_000, s));
    let mut r = root.fork("identityinfo");
    noise::identity::identity_info(&mut g, &mut r);
    let mut r = root.fork("securityevent");
    noise::windows::security_events(&mut g, &mut r, scaled(22_000, s));
    let mut r = root.fork("process");
    noise::endpoint::processes(&mut g, &mut r, scaled(20_000, s));
    let mut r = root.fork("network");
    noise::endpoint::network(&mut g, &mut r, scaled(32_000, s));
    let mut r = root.fork("logon");
    noise::endpoint::logons(&mut g, &mut r, scaled(6_000, s));
    let mut r = root.fork("file");
    noise::endpoint::files(&mut g, &mut r, scaled(8_000, s));
    let mut r = root.fork("office");
    noise::office::activity(&mut g, &mut r, scaled(10_000, s));
    let mut r = root.fork("firewall");
    noise::network::firewall(&mut g, &mut r, scaled(9_000, s));
    let mut r = root.fork("syslog");
    noise::network::syslog(&mut g, &mut r, scaled(38_000, s));
    let mut r = root.fork("heartbeat");
    noise::network::heartbeat(&mut g, &mut r, s);
    let mut r = root.fork("azureactivity");
    noise::azure::activity(&mut g, &mut r, scaled(5_000, s));
    let mut r = root.fork("ti");
    noise::azure::threat_intel(&mut g, &mut r, scaled(400, s));
    let tables = g.t.into_tables();
    forget_shared();
    tables
}

/// Each table's background rows followed by its story rows (the stories happen in the background
/// activity; both lists hold the same tables in the same order).
pub fn with_noise(noise: Vec<Table>, stories: Vec<Table>) -> Vec<Table> {
    noise
        .into_iter()
        .zip(stories)
        .map(|(mut table, story)| {
            debug_assert_eq!(table.name, story.name);
            table.rows.extend(story.rows);
            table
        })
        .collect()
}

impl Gen {
    /// A generator with the tenant and empty tables; `rng` is set by the caller.
    fn new(config: &DemoConfig) -> Gen {
        let root = Rng::new(config.seed);
        let mut tenant_rng = root.fork("tenant");
        let tenant = Tenant::generate(&mut tenant_rng, 80);
        let t = Tables::new(&tenant.v_tenant.clone());
        Gen {
            rng: root.fork("noise"),
            now: config.now,
            start: config.now - DAYS * TICKS_PER_DAY,
            tenant,
            t,
        }
    }
}

impl Tables {
    fn new(v: &kql::Value) -> Tables {
        Tables {
            signin: TableWriter::new("SigninLogs", v),
            audit: TableWriter::new("AuditLogs", v),
            security_event: TableWriter::new("SecurityEvent", v),
            process: TableWriter::new("DeviceProcessEvents", v),
            network: TableWriter::new("DeviceNetworkEvents", v),
            logon: TableWriter::new("DeviceLogonEvents", v),
            file: TableWriter::new("DeviceFileEvents", v),
            office: TableWriter::new("OfficeActivity", v),
            firewall: TableWriter::new("CommonSecurityLog", v),
            azure_activity: TableWriter::new("AzureActivity", v),
            syslog: TableWriter::new("Syslog", v),
            threat_intel: TableWriter::new("ThreatIntelligenceIndicator", v),
            identity_info: TableWriter::new("IdentityInfo", v),
            heartbeat: TableWriter::new("Heartbeat", v),
            security_alert: TableWriter::new("SecurityAlert", v),
            security_incident: TableWriter::new("SecurityIncident", v),
        }
    }

    fn into_tables(self) -> Vec<Table> {
        let Tables {
            signin,
            audit,
            security_event,
            process,
            network,
            logon,
            file,
            office,
            firewall,
            azure_activity,
            syslog,
            threat_intel,
            identity_info,
            heartbeat,
            security_alert,
            security_incident,
        } = self;
        [
            signin,
            audit,
            security_event,
            process,
            network,
            logon,
            file,
            office,
            firewall,
            azure_activity,
            syslog,
            threat_intel,
            identity_info,
            heartbeat,
            security_alert,
            security_incident,
        ]
        .into_iter()
        .map(|w| w.table)
        .collect()
    }
}
