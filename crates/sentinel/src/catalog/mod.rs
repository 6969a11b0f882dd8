//! The core Microsoft Sentinel tables — real column names and types as the Azure Monitor table
//! reference documents them — with descriptions and known values for the analyst and the NL->KQL
//! generator. The demo workspace populates its tables with exactly these schemas.

mod defender;
mod identity;
mod infrastructure;
mod security;
mod spec;

use kql::{Catalog, TableSchema};

/// The schemas of every core table, one per table.
pub fn core_tables() -> Vec<TableSchema> {
    let mut tables = Vec::new();
    tables.extend(identity::tables());
    tables.extend(security::tables());
    tables.extend(defender::tables());
    tables.extend(infrastructure::tables());
    tables
}

/// The core Sentinel table catalog: SigninLogs, AuditLogs, SecurityAlert, SecurityIncident,
/// SecurityEvent, the Defender `Device*` tables, OfficeActivity, CommonSecurityLog, AzureActivity,
/// Syslog, ThreatIntelligenceIndicator and more.
pub fn core_catalog() -> Catalog {
    let mut catalog = Catalog::new();
    for t in core_tables() {
        catalog.add(t);
    }
    catalog
}

/// The schema of one core table.
pub fn core_table(name: &str) -> Option<TableSchema> {
    core_tables().into_iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kql::DataType;

    #[test]
    fn every_table_has_time_and_type_and_unique_columns() {
        let tables = core_tables();
        assert!(tables.len() >= 23, "{} tables", tables.len());
        for t in &tables {
            assert!(t.description.is_some(), "{} has a description", t.name);
            let time = t
                .column("TimeGenerated")
                .unwrap_or_else(|| panic!("{} lacks TimeGenerated", t.name));
            assert_eq!(time.column.data_type, DataType::DateTime);
            assert!(t.column("Type").is_some(), "{} lacks Type", t.name);
            let mut names: Vec<&str> = t.columns.iter().map(|c| c.column.name.as_str()).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "duplicate columns in {}", t.name);
        }
    }

    #[test]
    fn the_most_used_columns_have_their_documented_types() {
        let c = core_catalog();
        let ty = |t: &str, col: &str| {
            c.table(t)
                .and_then(|t| t.column(col))
                .unwrap_or_else(|| panic!("{t}.{col} missing"))
                .column
                .data_type
        };
        use DataType::*;
        for (t, col, want) in [
            ("SigninLogs", "ResultType", String),
            ("SigninLogs", "LocationDetails", Dynamic),
            ("SigninLogs", "Status", Dynamic),
            ("SigninLogs", "IsInteractive", Bool),
            ("AADNonInteractiveUserSignInLogs", "LocationDetails", String),
            ("AuditLogs", "TargetResources", Dynamic),
            ("AuditLogs", "InitiatedBy", Dynamic),
            ("SecurityEvent", "EventID", Int),
            ("SecurityEvent", "LogonType", Int),
            ("SecurityAlert", "Entities", String),
            ("SecurityAlert", "IsIncident", Bool),
            ("SecurityIncident", "IncidentNumber", Int),
            ("SecurityIncident", "Owner", Dynamic),
            ("SecurityIncident", "AlertIds", Dynamic),
            ("DeviceNetworkEvents", "RemotePort", Int),
            ("DeviceProcessEvents", "ProcessId", Long),
            ("DeviceLogonEvents", "IsLocalAdmin", Bool),
            ("CommonSecurityLog", "DestinationPort", Int),
            ("CommonSecurityLog", "SentBytes", Long),
            ("ThreatIntelligenceIndicator", "ConfidenceScore", Real),
            ("ThreatIntelligenceIndicator", "Active", Bool),
            (
                "ThreatIntelligenceIndicator",
                "ExpirationDateTime",
                DateTime,
            ),
            ("Heartbeat", "ComputerIP", String),
            ("IdentityInfo", "AssignedRoles", Dynamic),
            ("BehaviorAnalytics", "InvestigationPriority", Int),
        ] {
            assert_eq!(ty(t, col), want, "{t}.{col}");
        }
        let result = c.table("SigninLogs").unwrap().column("ResultType").unwrap();
        assert!(result.known_values.iter().any(|v| v == "50126"));
    }
}
