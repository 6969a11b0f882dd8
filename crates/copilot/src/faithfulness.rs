//! Faithfulness checks: every user, host, IP address, time and count a statement names must be
//! found in the incident's evidence. Used by the tests over the whole demo workspace, and usable
//! by the app to flag an answer before showing it.

use crate::evidence::IncidentEvidence;

/// The claims of `text` that the evidence does not support, each with why.
pub fn unsupported_claims(text: &str, ev: &IncidentEvidence) -> Vec<String> {
    let corpus = ev.corpus().to_ascii_lowercase();
    let mut out = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|c: char| "\"'(),.;:!?[]{}".contains(c));
        if w.is_empty() {
            continue;
        }
        let lower = w.to_ascii_lowercase();
        if is_ipv4(w) {
            if !corpus.contains(&lower) {
                out.push(format!("IP address {w} is not in the incident's data"));
            }
        } else if is_email(w) {
            if !corpus.contains(&lower) {
                out.push(format!("account {w} is not in the incident's data"));
            }
        } else if is_date(w) {
            // "2026-11-26 14:03 UTC": the minute must be one the data holds.
            if let Some(hm) = words.get(i + 1).filter(|n| is_hour_minute(n)) {
                let stamp = format!("{w}t{}", &hm[..5]);
                if !corpus.contains(&stamp) {
                    out.push(format!(
                        "time {w} {} is not in the incident's data",
                        &hm[..5]
                    ));
                }
            }
        } else if is_host_like(w) && !corpus.contains(&lower) {
            out.push(format!("name {w} is not in the incident's data"));
        } else if let Ok(n) = w.parse::<usize>() {
            if let Some(next) = words.get(i + 1) {
                let noun = next
                    .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                    .to_ascii_lowercase();
                if let Some(problem) = check_count(n, &noun, ev) {
                    out.push(problem);
                }
            }
        }
    }
    out
}

fn check_count(n: usize, noun: &str, ev: &IncidentEvidence) -> Option<String> {
    let hosts = ev.hosts().len();
    let accounts = ev
        .entities
        .iter()
        .filter(|e| e.kind == sentinel::EntityKind::Account)
        .count();
    let ips = ev.ips().len();
    let ip_entities = ev
        .entities
        .iter()
        .filter(|e| e.kind == sentinel::EntityKind::Ip)
        .count();
    let expected: Option<Vec<usize>> = match noun {
        "alert" | "alerts" => Some(vec![ev.alerts.len().min(100)]),
        "user" | "users" | "employee" => Some(vec![accounts]),
        "device" | "devices" | "computer" | "computers" => Some(vec![hosts]),
        "ip" => Some(vec![ips, ip_entities]),
        "comment" | "comments" => Some(vec![ev.comments.len()]),
        // "12 x failed sign-in": a log group's row count.
        "x" => Some(ev.log_events.iter().map(|e| e.count as usize).collect()),
        // "appears in 12 log events": all of them, or those of one address, user or device.
        "log" => Some(log_sums(ev)),
        _ => None,
    };
    match expected {
        Some(allowed) if !allowed.contains(&n) => Some(format!(
            "count {n} {noun} does not match the data ({allowed:?})"
        )),
        _ => None,
    }
}

fn log_sums(ev: &IncidentEvidence) -> Vec<usize> {
    let mut keys: Vec<Option<&str>> = Vec::new();
    for e in &ev.log_events {
        keys.extend([e.ip.as_deref(), e.user.as_deref(), e.device.as_deref()]);
    }
    let mut out = vec![ev.log_events.iter().map(|e| e.count as usize).sum()];
    for k in keys.into_iter().flatten() {
        out.push(
            ev.log_events
                .iter()
                .filter(|e| {
                    [e.ip.as_deref(), e.user.as_deref(), e.device.as_deref()].contains(&Some(k))
                })
                .map(|e| e.count as usize)
                .sum(),
        );
    }
    out
}

fn is_ipv4(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

fn is_email(w: &str) -> bool {
    match w.split_once('@') {
        Some((a, d)) => !a.is_empty() && d.contains('.') && !d.starts_with('.'),
        None => false,
    }
}

fn is_date(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_hour_minute(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 5 && b[2] == b':' && b[..2].iter().chain(&b[3..5]).all(u8::is_ascii_digit)
}

/// A device-like name: letters and digits joined by dashes, with at least one digit and one
/// letter ("LM-LT-0132", "lm-bastion-01").
fn is_host_like(w: &str) -> bool {
    w.contains('-')
        && !w.starts_with('-')
        && !w.ends_with('-')
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && w.chars().any(|c| c.is_ascii_digit())
        && w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2
        && !w.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_recognised() {
        assert!(is_ipv4("192.0.2.45") && !is_ipv4("1.2.3") && !is_ipv4("v1.2.3.4"));
        assert!(is_email("robin@lakeshoremills.example") && !is_email("@x"));
        assert!(is_date("2026-11-26") && is_hour_minute("14:03"));
        assert!(is_host_like("LM-LT-0132") && is_host_like("lm-bastion-01"));
        assert!(!is_host_like("sign-in") && !is_host_like("2026-11-26"));
    }
}
