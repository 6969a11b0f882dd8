//! Protocols named by their usual abbreviation ("logons over UDP", "NTLM sign-ins", "files
//! copied over SMB") -> the table's protocol column, when the catalog lets it hold that protocol.

use super::super::semantic_catalog::TableSense;
use super::super::text::{Shape, Token};
use super::literals::string_literal;
use super::Filter;

/// Transport, authentication and file-transfer protocols as analysts write them. Not DNS, RDP
/// or SSH: those are asked by port, logon type or action rather than by a protocol column.
fn is_protocol_name(w: &str) -> bool {
    matches!(
        w,
        "tcp"
            | "udp"
            | "icmp"
            | "ntlm"
            | "kerberos"
            | "smb"
            | "nfs"
            | "ftp"
            | "sftp"
            | "http"
            | "https"
            | "ldap"
            | "ldaps"
            | "smtp"
            | "imap"
            | "pop3"
            | "snmp"
            | "ntp"
            | "tls"
            | "ssl"
            | "quic"
    )
}

/// Protocols that carry others: what a column described as "tcp or udp" holds.
fn is_transport(w: &str) -> bool {
    matches!(w, "tcp" | "udp" | "icmp")
}

/// Binds each protocol named in the question to a column called `...Protocol` that can hold it:
/// one whose known values include it (compared as the catalog spells them, and as a prefix for
/// versioned values such as UdpV4), or one with no known values at all.
pub(super) fn named(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    for (i, t) in tokens.iter().enumerate() {
        if used[i] || t.shape != Shape::Word || !is_protocol_name(&t.lower) {
            continue;
        }
        let mut best: Option<(u8, usize, &'static str, String)> = None;
        for (ci, c) in table.columns.iter().enumerate() {
            if !c.is_text()
                || !c.name.ends_with("Protocol")
                || filters.iter().any(|f| f.column == Some(ci))
            {
                continue;
            }
            let exact = c
                .values
                .iter()
                .find(|v| v.value.eq_ignore_ascii_case(&t.raw));
            let versions = c
                .values
                .iter()
                .filter(|v| {
                    v.value.len() > t.raw.len()
                        && v.value.is_char_boundary(t.raw.len())
                        && v.value[..t.raw.len()].eq_ignore_ascii_case(&t.raw)
                })
                .count();
            // Values that say which protocols the column holds, and this is not one: another
            // column's (the authentication protocol is not the transport's).
            let (rank, op, value) = if versions > 0 {
                (0, "startswith", t.raw.to_string())
            } else if let Some(v) = exact {
                (0, "==", v.value.clone())
            } else if c.values.is_empty() && !other_layer(&c.description_lower, &t.lower) {
                (
                    if c.name == "Protocol" { 1 } else { 2 },
                    "=~",
                    t.raw.to_string(),
                )
            } else {
                continue;
            };
            if best.as_ref().is_none_or(|b| rank < b.0) {
                best = Some((rank, ci, op, value));
            }
        }
        if let Some((_, ci, op, value)) = best {
            used[i] = true;
            filters.push(Filter::one(
                ci,
                &table.columns[ci],
                op,
                string_literal(&value),
                t.raw.to_string(),
                "a protocol, named by its abbreviation",
            ));
        }
    }
}

/// A column whose description names protocols of the other layer only ("tcp or udp" for SMB):
/// not where `word` is kept.
fn other_layer(description: &str, word: &str) -> bool {
    let named: Vec<&str> = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_protocol_name(w))
        .collect();
    !named.is_empty() && named.iter().all(|w| is_transport(w) != is_transport(word))
}

/// The port a service listens on, for services analysts name by what they are ("rdp
/// connections", "ssh sessions", "smb traffic").
fn service_port(w: &str) -> Option<u16> {
    Some(match w {
        "rdp" => 3389,
        "ssh" => 22,
        "smb" => 445,
        "telnet" => 23,
        "winrm" => 5985,
        "vnc" => 5900,
        "mssql" => 1433,
        "mysql" => 3306,
        "postgres" | "postgresql" => 5432,
        _ => return None,
    })
}

/// "rdp connections from wks-hr-007", "smb (445) traffic": the remote or destination port of
/// the service named, in tables that record connections by port and no protocol column took the
/// word. A port number said right after the service ("rdp (3389)") is that port.
pub(super) fn by_port(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    // "RDP logons": a logon's type says remote desktop better than its port.
    if let Some(i) = (0..tokens.len()).find(|&i| !used[i] && tokens[i].lower == "rdp") {
        let remote = table.column("LogonType").filter(|(ci, c)| {
            c.values.iter().any(|v| v.value == "RemoteInteractive")
                && !filters.iter().any(|f| f.column == Some(*ci))
        });
        if let Some((ci, c)) = remote {
            used[i] = true;
            filters.push(Filter::one(
                ci,
                c,
                "==",
                string_literal("RemoteInteractive"),
                tokens[i].raw.to_string(),
                "a remote desktop logon",
            ));
            return;
        }
    }
    let Some((ci, c)) = ["RemotePort", "DestinationPort", "DstPortNumber"]
        .iter()
        .find_map(|n| table.column(n))
        .filter(|(_, c)| c.is_numeric())
    else {
        return;
    };
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    for i in 0..tokens.len() {
        let Some(default) = service_port(&tokens[i].lower).filter(|_| !used[i]) else {
            continue;
        };
        // "rdp (3389)", "ssh 2222": the port said.
        let said = tokens
            .get(i + 1)
            .filter(|t| t.shape == Shape::Number && !used[i + 1])
            .and_then(|t| t.raw.parse::<u16>().ok());
        used[i] = true;
        if said.is_some() {
            used[i + 1] = true;
        }
        filters.push(Filter::one(
            ci,
            c,
            "==",
            said.unwrap_or(default).to_string(),
            tokens[i].raw.to_string(),
            "the port of the service named",
        ));
        return;
    }
}

/// The client apps that use modern authentication: every other one is legacy authentication
/// (IMAP, POP, SMTP, ActiveSync, "Other clients").
const MODERN_CLIENTS: [&str; 2] = ["Browser", "Mobile Apps and Desktop clients"];

/// "legacy auth sign-ins", "legacy authentication": the client app is none of the modern ones,
/// on a table whose client-app column knows them; unless the question named the clients.
pub(super) fn legacy_auth(
    table: &TableSense,
    tokens: &[Token],
    used: &mut [bool],
    filters: &mut Vec<Filter>,
) {
    let Some(i) = (0..tokens.len()).find(|&i| {
        !used[i]
            && tokens[i].lower == "legacy"
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.lower.starts_with("auth") || n.lower == "protocols")
    }) else {
        return;
    };
    let Some((ci, c)) = table.column("ClientAppUsed") else {
        return;
    };
    // As the catalog spells them.
    let Some(values) = MODERN_CLIENTS
        .iter()
        .map(|m| {
            c.values
                .iter()
                .find(|v| v.value.eq_ignore_ascii_case(m))
                .map(|v| string_literal(&v.value))
        })
        .collect::<Option<Vec<String>>>()
    else {
        return;
    };
    used[i] = true;
    used[i + 1] = true;
    if filters.iter().any(|f| f.column == Some(ci)) {
        return;
    }
    filters.push(Filter {
        negated: true,
        values,
        ..Filter::one(
            ci,
            c,
            "=~",
            String::new(),
            format!("{} {}", tokens[i].raw, tokens[i + 1].raw),
            "legacy authentication: a client app other than a browser or a modern desktop or mobile client",
        )
    });
}
