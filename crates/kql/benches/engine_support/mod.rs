//! Synthetic SigninLogs-like and threat-intelligence tables for the engine benchmarks: a fixed
//! seed, so every run (and DuckDB) sees the same rows.

#![allow(dead_code)]

use kql::{Column, DataType, Table, Value};

/// 2024-03-08T00:00:00Z, the end of the generated week and the benchmarks' `now()`.
pub const END: i64 = 17_098_560_000_000_000;
/// Ticks in an hour.
pub const HOUR: i64 = 36_000_000_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const APPS: &[&str] = &[
    "Azure Portal",
    "Microsoft Teams",
    "Office 365 Exchange Online",
    "Microsoft Azure PowerShell",
    "Azure Virtual Desktop",
    "SharePoint Online",
    "Microsoft Graph",
    "Outlook Mobile",
    "Visual Studio Code",
    "Microsoft Authentication Broker",
    "OneDrive SyncEngine",
    "Power BI",
];
const RESULTS: &[(&str, u64)] = &[
    ("0", 850),
    ("50126", 80),
    ("50074", 30),
    ("53003", 20),
    ("50053", 20),
];
const COUNTRIES: &[&str] = &[
    "US", "GB", "FR", "DE", "NL", "IN", "JP", "BR", "NG", "RU", "CN", "AU",
];
const CLIENTS: &[&str] = &[
    "Browser",
    "Mobile Apps and Desktop clients",
    "Exchange ActiveSync",
    "Other clients",
];

fn ip(rng: &mut Rng, pool: u64) -> String {
    let n = rng.below(pool) as u32;
    format!(
        "{}.{}.{}.{}",
        20 + (n >> 16) % 200,
        (n >> 8) & 255,
        n & 255,
        1 + n % 250
    )
}

/// The address of threat indicator `i` (a subset of the sign-in address pool).
fn indicator_ip(i: u64) -> String {
    let n = (i * 7919 % 40_000) as u32;
    format!(
        "{}.{}.{}.{}",
        20 + (n >> 16) % 200,
        (n >> 8) & 255,
        n & 255,
        1 + n % 250
    )
}

/// `rows` sign-ins over the week before [`END`].
pub fn signin_logs(rows: usize) -> Table {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut t = Table::new(
        "SigninLogs",
        vec![
            Column::new("TimeGenerated", DataType::DateTime),
            Column::new("UserPrincipalName", DataType::String),
            Column::new("IPAddress", DataType::String),
            Column::new("ResultType", DataType::String),
            Column::new("AppDisplayName", DataType::String),
            Column::new("Location", DataType::String),
            Column::new("ClientAppUsed", DataType::String),
            Column::new("RiskScore", DataType::Long),
            Column::new("DurationMs", DataType::Real),
        ],
    );
    // Shared strings, as a real table's dictionary-encoded columns would be.
    let users: Vec<Value> = (0..5000)
        .map(|i| Value::string(format!("user{i:04}@contoso.com")))
        .collect();
    let ips: Vec<Value> = (0..40_000)
        .map(|i| Value::string(indicator_ip(i)))
        .collect();
    let results: Vec<Value> = RESULTS.iter().map(|r| Value::string(r.0)).collect();
    let apps: Vec<Value> = APPS.iter().map(|a| Value::string(*a)).collect();
    let countries: Vec<Value> = COUNTRIES.iter().map(|c| Value::string(*c)).collect();
    let clients: Vec<Value> = CLIENTS.iter().map(|c| Value::string(*c)).collect();
    let total: u64 = RESULTS.iter().map(|r| r.1).sum();
    let week = 7 * 24 * HOUR;
    for _ in 0..rows {
        let at = END - week + (rng.next() % week as u64) as i64;
        let mut pick = rng.below(total);
        let mut result = 0;
        for (i, (_, w)) in RESULTS.iter().enumerate() {
            if pick < *w {
                result = i;
                break;
            }
            pick -= w;
        }
        let ip_value = if rng.below(10) == 0 {
            Value::string(ip(&mut rng, 1 << 22))
        } else {
            ips[rng.below(ips.len() as u64) as usize].clone()
        };
        t.push_row(vec![
            Value::DateTime(at),
            users[(rng.below(5000) * rng.below(5000) / 5000) as usize].clone(),
            ip_value,
            results[result].clone(),
            apps[rng.below(apps.len() as u64) as usize].clone(),
            countries[rng.below(countries.len() as u64) as usize].clone(),
            clients[rng.below(clients.len() as u64) as usize].clone(),
            Value::Long(rng.below(100) as i64),
            Value::Real((rng.below(50_000) as f64) / 10.0),
        ]);
    }
    t
}

/// Threat-intelligence network indicators, some of which match sign-in addresses.
pub fn threat_indicators(rows: usize) -> Table {
    let mut rng = Rng(0x5EED_7777_0000_0002);
    let mut t = Table::new(
        "ThreatIntelligenceIndicator",
        vec![
            Column::new("NetworkIP", DataType::String),
            Column::new("ThreatType", DataType::String),
            Column::new("ConfidenceScore", DataType::Long),
            Column::new("Active", DataType::Bool),
        ],
    );
    let types = ["Botnet", "C2", "Phishing", "TorExitNode", "MaliciousUrl"];
    for i in 0..rows as u64 {
        t.push_row(vec![
            Value::string(indicator_ip(i * 13 + 5)),
            Value::string(types[rng.below(types.len() as u64) as usize]),
            Value::Long(rng.below(100) as i64),
            Value::Bool(rng.below(5) != 0),
        ]);
    }
    t
}

/// Writes a table as CSV (datetimes in ISO 8601) for DuckDB to read.
pub fn write_csv(t: &Table, path: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    let header: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    writeln!(w, "{}", header.join(","))?;
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|v| match v {
                Value::DateTime(t) => kql::time::format_datetime_iso(*t, true),
                Value::String(s) => format!("\"{}\"", s.replace('"', "\"\"")),
                other => kql::engine::values::to_text(other),
            })
            .collect();
        writeln!(w, "{}", cells.join(","))?;
    }
    Ok(())
}

/// The three benchmark queries, in KQL and in equivalent DuckDB SQL.
pub const QUERIES: &[(&str, &str, &str)] = &[
    (
        "filter + summarize + top",
        r#"SigninLogs
| where ResultType != "0" and AppDisplayName contains "azure"
| summarize Failures = count(), Users = dcount(UserPrincipalName) by IPAddress
| top 10 by Failures"#,
        r#"SELECT IPAddress, count(*) AS Failures, count(DISTINCT UserPrincipalName) AS Users
FROM SigninLogs WHERE ResultType <> '0' AND AppDisplayName ILIKE '%azure%'
GROUP BY IPAddress ORDER BY Failures DESC LIMIT 10"#,
    ),
    (
        "join with threat intel",
        r#"SigninLogs
| where TimeGenerated > ago(3d)
| join kind=inner (ThreatIntelligenceIndicator | where Active == true | project NetworkIP, ThreatType) on $left.IPAddress == $right.NetworkIP
| summarize Hits = count() by UserPrincipalName, ThreatType
| top 20 by Hits"#,
        r#"SELECT s.UserPrincipalName, t.ThreatType, count(*) AS Hits
FROM SigninLogs s JOIN (SELECT NetworkIP, ThreatType FROM ThreatIntelligenceIndicator WHERE Active) t
  ON s.IPAddress = t.NetworkIP
WHERE s.TimeGenerated > TIMESTAMP '2024-03-05 00:00:00'
GROUP BY ALL ORDER BY Hits DESC LIMIT 20"#,
    ),
    (
        "make-series hourly by app",
        r#"SigninLogs
| make-series Attempts = count() default = 0 on TimeGenerated from datetime(2024-03-01) to datetime(2024-03-08) step 1h by AppDisplayName"#,
        r#"WITH bins AS (SELECT b FROM generate_series(TIMESTAMP '2024-03-01', TIMESTAMP '2024-03-07 23:00:00', INTERVAL 1 HOUR) g(b)),
apps AS (SELECT DISTINCT AppDisplayName FROM SigninLogs),
counts AS (SELECT AppDisplayName, date_trunc('hour', TimeGenerated) AS b, count(*) AS c FROM SigninLogs
  WHERE TimeGenerated >= TIMESTAMP '2024-03-01' AND TimeGenerated < TIMESTAMP '2024-03-08' GROUP BY ALL)
SELECT a.AppDisplayName, list(coalesce(c.c, 0) ORDER BY bins.b) AS Attempts, list(bins.b ORDER BY bins.b) AS TimeGenerated
FROM apps a CROSS JOIN bins LEFT JOIN counts c ON c.AppDisplayName = a.AppDisplayName AND c.b = bins.b
GROUP BY a.AppDisplayName"#,
    ),
];
