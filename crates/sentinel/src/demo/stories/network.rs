//! Network stories: RDP and SSH brute force against servers, and port scans at the edge.

use super::{Plan, Story, StoryAlert, SENTINEL};
use crate::api::IncidentSeverity::*;
use crate::demo::entities::StoryEntity;
use crate::demo::generate::Gen;
use crate::demo::noise::network::{FirewallEvent, FirewallWriter, SyslogLine, SyslogWriter};
use crate::demo::noise::windows::{WinEvent, WinEventWriter};
use crate::demo::tenant::{domain_sid, Geo};
use crate::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};

const GUESSES: [&str; 8] = [
    "administrator",
    "admin",
    "user",
    "test",
    "scanner",
    "backup",
    "support",
    "guest",
];

/// Hundreds of failed logons (4625) against a server from one address.
pub fn rdp_brute_force(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let w = WinEventWriter::new(&g.t.security_event);
    let (host, source, geo): (_, String, Option<Geo>) = if p.malicious {
        let ip = &tenant.attacker_ips[r.range(6, 12) as usize];
        (
            tenant.host("LM-RDS01"),
            ip.address.clone(),
            Some(ip.geo.clone()),
        )
    } else {
        (
            tenant.host("LM-FS01"),
            tenant.host("LM-APP01").ip.clone(),
            None,
        )
    };
    let count = if p.malicious { r.range(250, 400) } else { 140 };
    let start = at - count * 9 * TICKS_PER_SECOND;
    let mut targeted = Vec::new();
    for i in 0..count {
        let time = start + i * 9 * TICKS_PER_SECOND + r.range(0, 4) * TICKS_PER_SECOND;
        let (name, sub) = if p.malicious {
            let n = if r.chance(0.5) {
                "administrator"
            } else {
                *r.pick(&GUESSES)
            };
            (
                n,
                if n == "administrator" {
                    "0xc000006a"
                } else {
                    "0xc0000064"
                },
            )
        } else {
            ("svc-backup", "0xc000006a")
        };
        if !targeted.contains(&name) {
            targeted.push(name);
        }
        w.write(
            &mut g.t.security_event,
            r,
            host,
            &WinEvent {
                time,
                event_id: 4625,
                target: Some((name, "S-1-0-0")),
                logon_type: Some(3),
                ip: Some(&source),
                workstation: Some(if p.malicious { "-" } else { "LM-APP01" }),
                sub_status: Some(sub),
                ..WinEvent::default()
            },
        );
    }
    if p.malicious {
        let fw = FirewallWriter::new(&g.t.firewall);
        for i in 0..20 {
            let source_port = r.range(30_000, 65_000) as i32;
            fw.write(
                &mut g.t.firewall,
                r,
                &FirewallEvent {
                    time: start + i * count / 20 * 9 * TICKS_PER_SECOND,
                    source_ip: &source,
                    source_port,
                    destination_ip: "198.51.100.21",
                    destination_port: 3389,
                    action: "allow",
                    inbound: true,
                    rule: "Inbound-RDGateway",
                    application: "ms-rdp",
                    user: None,
                    activity: "TRAFFIC",
                },
            );
        }
    }
    let mut entities = vec![
        StoryEntity::host(host),
        StoryEntity::ip(&source, geo.as_ref()),
    ];
    for name in targeted.iter().take(3) {
        entities.push(StoryEntity::Account {
            upn: format!("{name}@corp.lakeshoremills.example"),
            name: name.to_string(),
            display_name: name.to_string(),
            aad_user_id: String::new(),
            sid: if *name == "administrator" {
                domain_sid(500)
            } else {
                String::new()
            },
        });
    }
    Story {
        title: format!("Brute force attack against {}", host.name),
        description: format!(
            "{count} failed logons (event 4625) on {} from {source} in {} minutes.",
            host.name,
            (at - start) / TICKS_PER_MINUTE
        ),
        severity: Medium,
        alerts: vec![StoryAlert::new(
            "Brute force attack against a Windows server",
            SENTINEL,
            Medium,
            start,
            at,
        )
        .describe("A large number of failed logons from one source against a server.")
        .mitre(&["CredentialAccess"], &["T1110"])
        .with(entities)
        .compromising(host.name.clone())],
    }
}

/// Failed SSH passwords for made-up users on the Linux bastion.
pub fn ssh_brute_force(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let w = SyslogWriter::new(&g.t.syslog);
    let host = tenant.host("lm-bastion-01");
    let ip = &tenant.attacker_ips[12 + (p.days_ago as usize) % 6];
    let count = r.range(120, 200);
    let start = at - count * 5 * TICKS_PER_SECOND;
    for i in 0..count {
        let time = start + i * 5 * TICKS_PER_SECOND;
        let user = *r.pick(&[
            "root", "admin", "ubuntu", "oracle", "postgres", "test", "git", "deploy",
        ]);
        let port = r.range(30_000, 65_000);
        let msg = if user == "root" {
            format!(
                "Failed password for root from {} port {port} ssh2",
                ip.address
            )
        } else {
            format!(
                "Failed password for invalid user {user} from {} port {port} ssh2",
                ip.address
            )
        };
        let pid = r.range(20_000, 60_000) as i32;
        w.write(
            &mut g.t.syslog,
            host,
            &SyslogLine {
                time,
                facility: "auth",
                severity: "info",
                process: "sshd",
                pid,
                message: &msg,
            },
        );
        if i % 10 == 0 {
            let closed = format!(
                "Connection closed by authenticating user {user} {} port {port} [preauth]",
                ip.address
            );
            w.write(
                &mut g.t.syslog,
                host,
                &SyslogLine {
                    time: time + TICKS_PER_SECOND,
                    facility: "auth",
                    severity: "info",
                    process: "sshd",
                    pid,
                    message: &closed,
                },
            );
        }
    }
    Story {
        title: format!("SSH brute force attempts on {}", host.name),
        description: format!(
            "{count} failed SSH passwords on {} from {} ({}).",
            host.name, ip.address, ip.geo.country_name
        ),
        severity: Low,
        alerts: vec![StoryAlert::new(
            "SSH brute force attempts on a Linux host",
            SENTINEL,
            Low,
            start,
            at,
        )
        .describe("Many failed SSH password attempts from one address.")
        .mitre(&["CredentialAccess"], &["T1110"])
        .with(vec![
            StoryEntity::host(host),
            StoryEntity::ip(&ip.address, Some(&ip.geo)),
        ])
        .compromising(host.name.clone())],
    }
}

/// One address probes hundreds of ports on the edge; the firewall drops them.
pub fn port_scan(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let fw = FirewallWriter::new(&g.t.firewall);
    let (source, geo) = if p.malicious {
        let ip = &tenant.attacker_ips[18 + r.below(5) as usize];
        (ip.address.clone(), Some(ip.geo.clone()))
    } else {
        ("203.0.113.240".to_string(), None)
    };
    let count = r.range(150, 300);
    let start = at - 10 * TICKS_PER_MINUTE;
    for i in 0..count {
        let destination_port = r.range(1, 10_000) as i32;
        fw.write(
            &mut g.t.firewall,
            r,
            &FirewallEvent {
                time: start + i * 10 * TICKS_PER_MINUTE / count,
                source_ip: &source,
                source_port: 54_321,
                destination_ip: "198.51.100.20",
                destination_port,
                action: "drop",
                inbound: true,
                rule: "Default-Deny",
                application: "incomplete",
                user: None,
                activity: "TRAFFIC",
            },
        );
    }
    Story {
        title: format!("Port scan from {source} at the perimeter firewall"),
        description: format!(
            "{source} probed {count} ports on 198.51.100.20 in 10 minutes; all were dropped."
        ),
        severity: Low,
        alerts: vec![StoryAlert::new(
            "Port scan detected at the perimeter firewall",
            SENTINEL,
            Low,
            start,
            at,
        )
        .describe("One source connected to many distinct destination ports in a short time.")
        .mitre(&["Discovery"], &["T1046"])
        .with(vec![StoryEntity::ip(&source, geo.as_ref())])
        .compromising(source.clone())],
    }
}
