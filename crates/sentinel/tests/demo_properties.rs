//! Property tests of the engine over the demo data: filters split a table exactly, and
//! group counts add up to the table's count.
#![cfg(feature = "engine")]

mod common;

use kql::Value;

use common::demo;

fn count(query: &str) -> i64 {
    let result = demo()
        .run_query(query, None)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    match result.tables[0].rows.first().and_then(|r| r.first()) {
        Some(Value::Long(n)) => *n,
        Some(Value::Int(n)) => i64::from(*n),
        other => panic!("{query} gave {other:?}"),
    }
}

const PREDICATES: [(&str, &str); 20] = [
    ("SigninLogs", "ResultType == \"0\""),
    ("SigninLogs", "IPAddress startswith \"192.0.2.\""),
    (
        "SigninLogs",
        "RiskLevelDuringSignIn in (\"medium\", \"high\")",
    ),
    (
        "SigninLogs",
        "tostring(LocationDetails.countryOrRegion) == \"US\"",
    ),
    ("SigninLogs", "TimeGenerated > ago(1d)"),
    ("SecurityEvent", "EventID == 4625"),
    ("SecurityEvent", "LogonType == 3"),
    ("SecurityEvent", "Account contains \"admin\""),
    ("SecurityEvent", "IpAddress startswith \"10.\""),
    ("DeviceNetworkEvents", "RemotePort == 443"),
    (
        "DeviceNetworkEvents",
        "RemoteIPType == \"Public\" and ActionType == \"ConnectionSuccess\"",
    ),
    ("CommonSecurityLog", "DeviceAction == \"allow\""),
    (
        "CommonSecurityLog",
        "DestinationPort < 1024 or SentBytes > 100000",
    ),
    ("Syslog", "ProcessName == \"sshd\""),
    ("Syslog", "SyslogMessage has \"Failed\""),
    ("OfficeActivity", "Operation == \"FileDownloaded\""),
    ("OfficeActivity", "isnotempty(Parameters)"),
    (
        "DeviceProcessEvents",
        "ProcessCommandLine contains \"-enc\"",
    ),
    (
        "AuditLogs",
        "tostring(InitiatedBy.user.userPrincipalName) endswith \"lakeshoremills.example\"",
    ),
    ("SecurityIncident", "Status == \"Closed\""),
];

#[test]
fn a_filter_and_its_negation_and_its_nulls_partition_the_table() {
    for (table, p) in PREDICATES {
        let total = count(&format!("{table} | count"));
        let yes = count(&format!("{table} | where {p} | count"));
        let no = count(&format!("{table} | where not({p}) | count"));
        let null = count(&format!("{table} | where isnull({p}) | count"));
        assert_eq!(
            yes + no + null,
            total,
            "{table} | where {p}: {yes} + {no} + {null} != {total}"
        );
        assert!(total > 0);
    }
}

const KEYS: [(&str, &str); 10] = [
    ("SigninLogs", "AppDisplayName"),
    ("SigninLogs", "ResultType, Location"),
    ("SecurityEvent", "EventID"),
    ("DeviceNetworkEvents", "RemotePort"),
    ("CommonSecurityLog", "DeviceAction"),
    ("Syslog", "Computer"),
    ("OfficeActivity", "Operation"),
    ("SecurityAlert", "AlertSeverity"),
    ("SecurityIncident", "Status"),
    ("DeviceProcessEvents", "bin(TimeGenerated, 1d)"),
];

#[test]
fn group_counts_sum_to_the_table_count() {
    for (table, key) in KEYS {
        let total = count(&format!("{table} | count"));
        let summed = count(&format!(
            "{table} | summarize n = count() by {key} | summarize toscalar_sum = sum(n)"
        ));
        assert_eq!(summed, total, "{table} by {key}");
    }
}

#[test]
fn the_stories_are_findable_with_kql() {
    // The password spray source: many distinct accounts failing from one address.
    let q = "SigninLogs | where ResultType == \"50126\" and IPAddress startswith \"192.0.2.\" | summarize Accounts = dcount(UserPrincipalName) by IPAddress | where Accounts >= 20 | count";
    assert!(count(q) >= 2, "two password sprays");
    // Beaconing to an address in threat intelligence.
    let q = "let bad = ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | distinct NetworkIP;
             DeviceNetworkEvents | where RemoteIP in (bad) | summarize Connections = count() by DeviceName, RemoteIP | where Connections > 50 | count";
    assert!(count(q) >= 2, "two beaconing laptops");
    // Brute force on a server.
    let q = "SecurityEvent | where EventID == 4625 | summarize Failures = count() by Computer, IpAddress, bin(TimeGenerated, 1h) | where Failures > 100 | count";
    assert!(count(q) >= 3);
}
