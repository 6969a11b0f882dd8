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
                (0, "startswith", t.raw.clone())
            } else if let Some(v) = exact {
                (0, "==", v.value.clone())
            } else if c.values.is_empty() && !other_layer(&c.description_lower, &t.lower) {
                (
                    if c.name == "Protocol" { 1 } else { 2 },
                    "=~",
                    t.raw.clone(),
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
                t.raw.clone(),
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
