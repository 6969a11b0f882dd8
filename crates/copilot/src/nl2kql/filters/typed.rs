//! Typed values (IP addresses, emails, URLs, domains, hashes, ids, file names, paths, CVEs,
//! versions) and the columns of their kind.

use super::super::semantic_catalog::{ColumnSense, TableSense};
use super::super::text::{stem_inline, Shape, Token};
use super::binding::Slot;
use super::col_has;

pub(super) fn col_is_ip(c: &ColumnSense) -> bool {
    c.is_text()
        && (c.words.iter().any(|w| w == "ip" || w == "ipaddress")
            || matches!(
                c.name.as_str(),
                "cIP"
                    | "sIP"
                    | "IpAddress"
                    | "CallerIpAddress"
                    | "SrcIpAddr"
                    | "DstIpAddr"
                    | "ClientIP"
            ))
}

/// The columns of `table` whose kind fits a typed value, best first (without context).
pub(crate) fn shape_columns(table: &TableSense, t: &Token) -> Vec<usize> {
    columns_for_shape(table, t, t.shape)
}

/// [`shape_columns`] for the token read as `shape` (40 hex digits as an id rather than a hash).
pub(super) fn columns_for_shape(table: &TableSense, t: &Token, shape: Shape) -> Vec<usize> {
    ranked_columns_for_shape(table, t, shape)
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// [`columns_for_shape`] with each column's rank (lower is better; equal ranks fit equally).
pub(super) fn ranked_columns_for_shape(
    table: &TableSense,
    t: &Token,
    shape: Shape,
) -> Vec<(i32, usize)> {
    let mut out: Vec<(i32, usize)> = Vec::new();
    for (ci, c) in table.columns.iter().enumerate() {
        let init = c.name.starts_with("Initiating") || c.name.starts_with("Parent");
        let pen = if init { 5 } else { 0 };
        let rank = match shape {
            Shape::Ip if col_is_ip(c) => Some(ip_rank(&c.name)),
            // An address, not the domain part of one (SenderMailFromDomain).
            Shape::Email
                if c.is_text()
                    && !col_has(c, &["domain"])
                    && (col_has(c, &["upn", "email", "mail"])
                        || c.name.ends_with("PrincipalName")
                        || (col_has(c, &["address"]) && !col_is_ip(c))) =>
            {
                Some(
                    if c.name.ends_with("Upn") || c.name == "UserPrincipalName" {
                        0
                    } else if c.name.contains("Principal") {
                        1
                    } else {
                        2
                    },
                )
            }
            Shape::Url if c.is_text() && col_has(c, &["url", "uri"]) => {
                Some(if c.name.contains("Domain") { 3 } else { 0 })
            }
            // A name a DNS server was asked about (DnsEvents' Name: "the domain name queried").
            Shape::Domain
                if c.is_text()
                    && !col_has(c, &["domain", "url", "uri", "fqdn"])
                    && !c.name.contains("Account")
                    && c.description_lower.contains("queried")
                    && c.description_lower.contains("name") =>
            {
                Some(2)
            }
            Shape::Domain if c.is_text() && col_has(c, &["domain", "url", "uri", "fqdn"]) => Some(
                if c.name.contains("Domain") && !c.name.contains("Account") {
                    0
                } else if col_has(c, &["url"]) {
                    1
                } else {
                    3
                },
            ),
            Shape::Hash if c.is_text() => {
                let want = match t.raw.len() {
                    64 => "sha256",
                    40 => "sha1",
                    _ => "md5",
                };
                if col_has(c, &[want]) {
                    Some(0)
                } else if c.name == "FileHashValue" || c.name.contains("Hash") {
                    Some(2)
                } else {
                    None
                }
            }
            Shape::Guid if c.is_text() || c.data_type == kql::DataType::Guid => {
                (c.words.last().is_some_and(|w| w == "id")
                    || c.name.ends_with("Name") && c.description_lower.contains("id"))
                .then_some(3)
            }
            // 40 hex digits no word called a hash: the id of a machine, nothing else.
            Shape::HexId
                if t.shape == Shape::Hash
                    && c.is_text()
                    && c.words.last().is_some_and(|w| w == "id")
                    && (c.name.contains("Device") || c.name.contains("Machine")) =>
            {
                Some(if c.name == "DeviceId" { 0 } else { 2 })
            }
            Shape::HexId
                if t.shape != Shape::Hash
                    && c.is_text()
                    && c.words.last().is_some_and(|w| w == "id") =>
            {
                Some(if c.name == "DeviceId" { 0 } else { 2 })
            }
            Shape::FileName if c.is_text() => {
                if c.name == "FileName"
                    || c.name == "ProcessName"
                    || c.name == "NewProcessName"
                    || c.name == "Process"
                {
                    Some(0)
                } else if col_has(c, &["file", "process", "imag"])
                    && col_has(c, &["name"])
                    // The name of the process's account is no file's name.
                    && !col_has(c, &["account", "user", "domain"])
                {
                    Some(1)
                } else if c.name == "ObjectName" || c.name == "FolderPath" || c.name == "FilePath" {
                    Some(3)
                } else {
                    None
                }
            }
            Shape::Path if c.is_text() => {
                if t.lower.starts_with("hk") && col_has(c, &["registry"]) && col_has(c, &["key"]) {
                    Some(0)
                } else if col_has(c, &["path", "folder", "directory"]) {
                    Some(1)
                } else {
                    None
                }
            }
            Shape::Cve if c.is_text() && col_has(c, &["cve"]) => Some(0),
            // A version goes to a column that holds versions: OSVersion, ComponentVersion.
            Shape::Version
                if c.is_text() && c.words.iter().any(|w| *w == stem_inline("version")) =>
            {
                Some(
                    if c.words.last().is_some_and(|w| *w == stem_inline("version")) {
                        0
                    } else {
                        2
                    },
                )
            }
            _ => None,
        };
        if let Some(r) = rank {
            out.push((r + pen, ci));
        }
    }
    out.sort();
    out
}

pub(super) fn ip_rank(name: &str) -> i32 {
    const ORDER: &[&str] = &[
        "RemoteIP",
        "IPAddress",
        "IpAddress",
        "ClientIP",
        "SourceIP",
        "CallerIpAddress",
        "SourceIPAddress",
        "cIP",
        "SrcIpAddr",
        "RemoteIp",
        "DestinationIP",
        "LocalIP",
        "PublicIP",
        "NetworkIP",
    ];
    ORDER
        .iter()
        .position(|n| *n == name)
        .map(|p| p as i32)
        .unwrap_or(20)
}

/// A well-known program named without its extension ("from chrome", "svchost and outlook
/// processes"): words that name nothing else.
pub(super) fn is_program_name(w: &str) -> bool {
    matches!(
        w,
        "powershell"
            | "pwsh"
            | "chrome"
            | "msedge"
            | "firefox"
            | "iexplore"
            | "outlook"
            | "winword"
            | "powerpnt"
            | "svchost"
            | "lsass"
            | "rundll32"
            | "regsvr32"
            | "mshta"
            | "wscript"
            | "cscript"
            | "certutil"
            | "bitsadmin"
            | "schtasks"
            | "wmic"
            | "psexec"
            | "msiexec"
            | "conhost"
            | "winlogon"
            | "mimikatz"
    )
}

/// The name of an operating system family.
pub(super) fn is_os_name(w: &str) -> bool {
    matches!(
        w,
        "windows" | "linux" | "macos" | "mac" | "osx" | "ios" | "android" | "ubuntu" | "rhel"
    )
}

pub(super) fn shape_fits(c: &ColumnSense, s: &Slot) -> bool {
    match s.shape {
        Shape::Ip => col_is_ip(c),
        // A domain is a domain, host or URL, or the end of an email address, never a name.
        Shape::Domain => {
            col_has(
                c,
                &[
                    "domain", "url", "uri", "fqdn", "host", "email", "mail", "upn",
                ],
            ) || c.name.ends_with("Address")
        }
        _ => true,
    }
}

pub(crate) fn looks_like_host(s: &str) -> bool {
    s.contains('-') && s.chars().any(|c| c.is_ascii_digit()) && !s.contains('_')
}

/// A short host name of letters then digits ("dc01", "srv12", "WS0042"): a host only where the
/// words say a place ("on dc01").
pub(crate) fn looks_like_short_host(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = s.len() - letters;
    (2..=12).contains(&letters)
        && (1..=4).contains(&digits)
        && s.bytes().skip(letters).all(|b| b.is_ascii_digit())
}
