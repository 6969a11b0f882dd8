//! The Azure control plane (AzureActivity) and the threat intelligence feed.

use kql::Value;
use serde_json::json;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, u, TableWriter};
use crate::demo::tenant::{SUBSCRIPTION_ID, TENANT_ID};
use crate::time::{format_datetime, TICKS_PER_DAY, TICKS_PER_SECOND};

columns!(ActivityCols {
    TimeGenerated,
    SourceSystem,
    Caller,
    CallerIpAddress,
    CategoryValue,
    Category,
    CorrelationId,
    EventDataId,
    EventSubmissionTimestamp,
    Level,
    OperationId,
    OperationName,
    OperationNameValue,
    ActivityStatus,
    ActivityStatusValue,
    ActivitySubstatusValue,
    ResourceGroup,
    ResourceProvider,
    ResourceProviderValue,
    Resource,
    ResourceId,
    _ResourceId,
    SubscriptionId,
    Authorization,
    Authorization_d,
    Claims_d,
    Properties,
    Properties_d,
    Hierarchy,
});

/// One control-plane operation.
pub struct AzureOperation<'a> {
    pub time: i64,
    pub caller: &'a str,
    pub caller_ip: &'a str,
    /// e.g. `MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE`.
    pub operation: &'a str,
    pub display_name: &'a str,
    pub resource_group: &'a str,
    pub resource: &'a str,
    pub status: &'a str,
}

impl AzureOperation<'_> {
    /// The ARM id of the resource operated on.
    pub fn resource_id(&self) -> String {
        let mut parts = self.operation.split('/');
        let provider = parts.next().unwrap_or("");
        let kind = parts.next().unwrap_or("");
        format!(
            "/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{}/providers/{provider}/{kind}/{}",
            self.resource_group, self.resource
        )
        .to_uppercase()
    }
}

/// Writes AzureActivity rows.
pub struct ActivityWriter {
    c: ActivityCols,
}

impl ActivityWriter {
    /// A writer for AzureActivity.
    pub fn new(t: &TableWriter) -> ActivityWriter {
        ActivityWriter {
            c: ActivityCols::new(t),
        }
    }

    /// Appends the Start and Success records of an operation.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, e: &AzureOperation) {
        let c = &self.c;
        let correlation = rng.guid();
        let rid = e.resource_id();
        let provider = e.operation.split('/').next().unwrap_or("");
        for (i, status) in ["Started", e.status].iter().enumerate() {
            let mut row = t.row();
            let time = e.time - (1 - i as i64) * rng.range(2, 40) * TICKS_PER_SECOND;
            row[c.TimeGenerated] = dt(time);
            row[c.EventSubmissionTimestamp] = dt(time);
            row[c.SourceSystem] = s("Azure");
            row[c.Caller] = s(e.caller);
            row[c.CallerIpAddress] = s(e.caller_ip);
            row[c.CategoryValue] = s("Administrative");
            row[c.Category] = s("Administrative");
            row[c.CorrelationId] = u(&correlation);
            row[c.EventDataId] = u(rng.guid());
            row[c.OperationId] = u(&correlation);
            row[c.Level] = s(if *status == "Failed" {
                "Error"
            } else {
                "Informational"
            });
            row[c.OperationName] = s(e.display_name);
            row[c.OperationNameValue] = s(e.operation);
            row[c.ActivityStatus] = s(status);
            row[c.ActivityStatusValue] = s(if *status == "Started" {
                "Start"
            } else {
                status
            });
            row[c.ActivitySubstatusValue] = s(match *status {
                "Started" => "",
                "Failed" => "Forbidden",
                _ => "OK",
            });
            row[c.ResourceGroup] = s(e.resource_group);
            row[c.ResourceProvider] = s(provider);
            row[c.ResourceProviderValue] = s(provider);
            row[c.Resource] = s(e.resource);
            row[c.ResourceId] = s(&rid);
            row[c._ResourceId] = s(rid.to_lowercase());
            row[c.SubscriptionId] = s(SUBSCRIPTION_ID);
            let auth = json!({"action": e.operation, "scope": rid.to_lowercase(), "evidence": {"role": "Contributor"}});
            row[c.Authorization] = s(auth.to_string());
            row[c.Authorization_d] = Value::dynamic(auth);
            row[c.Claims_d] = Value::dynamic(
                json!({"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": e.caller,
                "http://schemas.microsoft.com/identity/claims/tenantid": TENANT_ID, "ipaddr": e.caller_ip}),
            );
            let props = json!({"eventCategory": "Administrative", "entity": rid.to_lowercase(), "message": e.operation,
                "hierarchy": format!("{TENANT_ID}/{SUBSCRIPTION_ID}")});
            row[c.Properties] = s(props.to_string());
            row[c.Properties_d] = Value::dynamic(props);
            row[c.Hierarchy] = s(format!("{TENANT_ID}/{SUBSCRIPTION_ID}"));
            t.push(row);
        }
    }
}

const OPERATIONS: [(&str, &str, &str, &str); 8] = [
    (
        "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE",
        "Create or Update Virtual Machine",
        "rg-servers",
        "vm-app-02",
    ),
    (
        "MICROSOFT.COMPUTE/VIRTUALMACHINES/RESTART/ACTION",
        "Restart Virtual Machine",
        "rg-servers",
        "vm-app-01",
    ),
    (
        "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",
        "List Storage Account Keys",
        "rg-data",
        "stlakeshoreexports",
    ),
    (
        "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE",
        "Create or Update Network Security Group",
        "rg-network",
        "nsg-app",
    ),
    (
        "MICROSOFT.WEB/SITES/WRITE",
        "Create or Update Web App",
        "rg-web",
        "app-lakeshore-portal",
    ),
    (
        "MICROSOFT.KEYVAULT/VAULTS/WRITE",
        "Update Key Vault",
        "rg-security-operations",
        "kv-lakeshore-ops",
    ),
    (
        "MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE",
        "Create Deployment",
        "rg-web",
        "portal-release",
    ),
    (
        "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE",
        "Create or update resource diagnostic setting",
        "rg-network",
        "nsg-app",
    ),
];

/// Everyday cloud administration by the IT team and the deployment pipeline.
pub fn activity(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = ActivityWriter::new(&g.t.azure_activity);
    let tenant = &g.tenant;
    let admins: Vec<_> = tenant.users.iter().filter(|u| u.is_admin).collect();
    for _ in 0..n / 2 {
        let time = r.working_time(g.start, g.now);
        let (operation, display_name, resource_group, resource) = *r.pick(&OPERATIONS);
        let pipeline = r.chance(0.4);
        let admin = r.pick(&admins);
        let caller = if pipeline {
            "7f3a9c20-5b1e-4d8a-9e6f-0c2b4a6d8e1f"
        } else {
            admin.upn.as_str()
        };
        let ip = if pipeline {
            "198.51.100.150"
        } else {
            tenant.office_ips[0].address.as_str()
        };
        let status = if r.chance(0.97) {
            "Succeeded"
        } else {
            "Failed"
        };
        w.write(
            &mut g.t.azure_activity,
            r,
            &AzureOperation {
                time,
                caller,
                caller_ip: ip,
                operation,
                display_name,
                resource_group,
                resource,
                status,
            },
        );
    }
}

columns!(TiCols {
    TimeGenerated,
    SourceSystem,
    Action,
    Active,
    AzureTenantId,
    ConfidenceScore,
    Description,
    DomainName,
    ExpirationDateTime,
    ExternalIndicatorId,
    FileHashType,
    FileHashValue,
    IndicatorId,
    IndicatorProvider,
    NetworkIP,
    PassiveOnly,
    TargetProduct,
    ThreatSeverity,
    ThreatType,
    TrafficLightProtocolLevel,
    Url,
    Tags,
    MalwareNames,
    KillChainC2,
    KillChainDelivery,
    KillChainActions,
});

/// A threat intelligence indicator.
pub struct Indicator<'a> {
    pub time: i64,
    pub ip: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub url: Option<&'a str>,
    pub sha256: Option<&'a str>,
    pub threat_type: &'a str,
    pub description: &'a str,
    pub confidence: f64,
    pub malware: &'a str,
}

/// Writes ThreatIntelligenceIndicator rows.
pub struct TiWriter {
    c: TiCols,
}

impl TiWriter {
    /// A writer for ThreatIntelligenceIndicator.
    pub fn new(t: &TableWriter) -> TiWriter {
        TiWriter { c: TiCols::new(t) }
    }

    /// Appends an indicator, active for 90 days from `time`.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, e: &Indicator) {
        let (c, mut row) = (&self.c, t.row());
        let id = format!("ArcSight:indicator--{}", rng.guid());
        row[c.TimeGenerated] = dt(e.time);
        row[c.SourceSystem] = s("ThreatIntelligencePlatforms");
        row[c.Action] = s("alert");
        row[c.Active] = Value::Bool(true);
        row[c.AzureTenantId] = s(TENANT_ID);
        row[c.ConfidenceScore] = Value::Real(e.confidence);
        row[c.Description] = s(e.description);
        row[c.ExpirationDateTime] = dt(e.time + 90 * TICKS_PER_DAY);
        row[c.ExternalIndicatorId] = s(format!("indicator--{}", rng.guid()));
        row[c.IndicatorId] = u(&id);
        row[c.IndicatorProvider] = s("Lakeshore ISAC feed");
        row[c.PassiveOnly] = Value::Bool(false);
        row[c.TargetProduct] = s("Azure Sentinel");
        row[c.ThreatSeverity] = Value::Int(if e.confidence >= 80.0 { 4 } else { 2 });
        row[c.ThreatType] = s(e.threat_type);
        row[c.TrafficLightProtocolLevel] = s("amber");
        row[c.Tags] = s(format!(
            "[\"{}\",\"ingested {}\"]",
            e.threat_type,
            &format_datetime(e.time)[..10]
        ));
        row[c.MalwareNames] = s(e.malware);
        row[c.KillChainC2] = Value::Bool(e.threat_type == "C2");
        row[c.KillChainDelivery] = Value::Bool(e.threat_type == "Phishing");
        row[c.KillChainActions] = Value::Bool(false);
        if let Some(ip) = e.ip {
            row[c.NetworkIP] = s(ip);
        }
        if let Some(d) = e.domain {
            row[c.DomainName] = s(d);
        }
        if let Some(u) = e.url {
            row[c.Url] = s(u);
        }
        if let Some(h) = e.sha256 {
            row[c.FileHashType] = s("SHA256");
            row[c.FileHashValue] = s(h);
        }
        t.push(row);
    }
}

/// The feed: bad IPs, domains, URLs and hashes, most of which never show up in the logs.
pub fn threat_intel(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = TiWriter::new(&g.t.threat_intel);
    for i in 0..n {
        let time = r
            .time_between(g.start - 20 * TICKS_PER_DAY, g.now)
            .max(g.start);
        let kind = i % 4;
        let ip = format!("192.0.2.{}", 150 + i % 100);
        let domain = format!(
            "{}-{}.test",
            ["cdn-update", "secure-docs", "auth-verify", "files-share"][i % 4],
            i
        );
        let url = format!("https://{domain}/download/{}", r.hex(8));
        let hash = r.hex(64);
        let threat_type = *r.pick(&["Botnet", "C2", "Malware", "Phishing", "MaliciousUrl"]);
        let confidence = 40.0 + r.below(60) as f64;
        w.write(
            &mut g.t.threat_intel,
            r,
            &Indicator {
                time,
                ip: (kind == 0).then_some(ip.as_str()),
                domain: (kind == 1).then_some(domain.as_str()),
                url: (kind == 2).then_some(url.as_str()),
                sha256: (kind == 3).then_some(hash.as_str()),
                threat_type,
                description: "Indicator shared by the sector ISAC",
                confidence,
                malware: "",
            },
        );
    }
}
