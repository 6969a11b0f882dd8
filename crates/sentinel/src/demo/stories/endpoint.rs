//! Endpoint stories: a phishing document that starts a beacon to a known command-and-control
//! address, and malware caught by Defender.

use super::{Plan, Story, StoryAlert, DEFENDER_ENDPOINT, DEFENDER_OFFICE, SENTINEL};
use crate::api::IncidentSeverity::*;
use crate::demo::entities::StoryEntity;
use crate::demo::generate::Gen;
use crate::demo::noise::azure::{Indicator, TiWriter};
use crate::demo::noise::endpoint::{
    digest, Connection, FileEvent, FileWriter, NetworkWriter, Proc, ProcessWriter,
};
use crate::demo::noise::network::{FirewallEvent, FirewallWriter};
use crate::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// A macro document arrives by mail, runs encoded PowerShell, and the laptop beacons every
/// minute to an address the threat intelligence feed lists as C2.
pub fn phishing_beacon(g: &mut Gen, p: &Plan, at: i64, index: usize) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let host = tenant.laptop(victim);
    let c2 = &tenant.attacker_ips[if p.days_ago < 1.0 { 5 } else { 13 }];
    let c2_domain = format!("cdn-sync{index}.test");
    let sender_ip = &tenant.attacker_ips[2];
    let start = at - 2 * TICKS_PER_HOUR;
    let doc = "Invoice_4471.docm";
    let doc_dir = format!(
        "C:\\Users\\{}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q7ZK2M1B",
        victim.account
    );
    let doc_hash = digest(&format!("{doc}{index}"), 64);

    TiWriter::new(&g.t.threat_intel).write(
        &mut g.t.threat_intel,
        r,
        &Indicator {
            time: start - 9 * TICKS_PER_DAY,
            ip: Some(&c2.address),
            domain: None,
            url: None,
            sha256: None,
            threat_type: "C2",
            description: "Cobalt Strike team server observed in commodity loader campaigns",
            confidence: 90.0,
            malware: "CobaltStrike",
        },
    );
    TiWriter::new(&g.t.threat_intel).write(
        &mut g.t.threat_intel,
        r,
        &Indicator {
            time: start - 6 * TICKS_PER_DAY,
            ip: None,
            domain: Some("invoice-portal.test"),
            url: None,
            sha256: None,
            threat_type: "Phishing",
            description: "Invoice-themed phishing sender domain",
            confidence: 75.0,
            malware: "",
        },
    );

    let outlook = Proc::new(
        "OUTLOOK.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16",
        "\"OUTLOOK.EXE\"",
        7_340,
        start - 5 * TICKS_PER_HOUR,
        Some(victim),
    );
    FileWriter::new(&g.t.file).write(
        &mut g.t.file,
        r,
        host,
        &outlook,
        "explorer.exe",
        &FileEvent {
            time: start,
            action: "FileCreated",
            name: doc,
            folder: &doc_dir,
            sha256: &doc_hash,
            origin_url: None,
        },
    );
    let pw = ProcessWriter::new(&g.t.process);
    let word = Proc::new(
        "WINWORD.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16",
        &format!("\"WINWORD.EXE\" /n \"{doc_dir}\\{doc}\" /o \"\""),
        9_116,
        start + TICKS_PER_MINUTE,
        Some(victim),
    );
    pw.write(&mut g.t.process, r, host, &outlook, "explorer.exe", &word);
    let ps_cmd = "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA";
    let ps = Proc::new(
        "powershell.exe",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
        ps_cmd,
        10_244,
        start + 2 * TICKS_PER_MINUTE,
        Some(victim),
    );
    pw.write(&mut g.t.process, r, host, &word, "OUTLOOK.EXE", &ps);
    let recon = Proc::new(
        "whoami.exe",
        "C:\\Windows\\System32",
        "whoami.exe /all",
        10_512,
        start + 9 * TICKS_PER_MINUTE,
        Some(victim),
    );
    pw.write(&mut g.t.process, r, host, &ps, "WINWORD.EXE", &recon);
    let nw = NetworkWriter::new(&g.t.network);
    let fw = FirewallWriter::new(&g.t.firewall);
    let mut t = start + 3 * TICKS_PER_MINUTE;
    let beacon_start = t;
    let mut beacon_end = t;
    while t < at {
        nw.write(
            &mut g.t.network,
            r,
            host,
            &ps,
            "WINWORD.EXE",
            &Connection {
                time: t,
                action: "ConnectionSuccess",
                remote_ip: &c2.address,
                remote_port: 443,
                remote_url: Some(&c2_domain),
            },
        );
        if r.chance(0.5) {
            let source_port = r.range(49_152, 65_535) as i32;
            fw.write(
                &mut g.t.firewall,
                r,
                &FirewallEvent {
                    time: t + TICKS_PER_SECOND,
                    source_ip: &host.ip,
                    source_port,
                    destination_ip: &c2.address,
                    destination_port: 443,
                    action: "allow",
                    inbound: false,
                    rule: "Outbound-Web",
                    application: "ssl",
                    user: Some(&victim.account),
                    activity: "TRAFFIC",
                },
            );
        }
        beacon_end = t;
        t += 60 * TICKS_PER_SECOND + r.range(-8, 8) * TICKS_PER_SECOND;
    }

    let account = StoryEntity::account(victim);
    let host_entity = StoryEntity::host(host);
    let file = StoryEntity::File {
        name: doc.into(),
        directory: doc_dir.clone(),
        sha256: doc_hash.clone(),
    };
    let process = StoryEntity::Process {
        process_id: ps.pid,
        command_line: ps_cmd.into(),
        image: "powershell.exe".into(),
        created: ps.started,
    };
    let c2_entity = StoryEntity::ip(&c2.address, Some(&c2.geo));
    let mail = StoryEntity::MailMessage {
        sender: "accounts@invoice-portal.test".into(),
        recipient: victim.upn.clone(),
        subject: "Overdue invoice 4471 - action required".into(),
        sender_ip: sender_ip.address.clone(),
        network_message_id: format!(
            "{:08x}-7d1c-4b2a-9f3e-{:012x}",
            index * 7919,
            index * 104_729
        ),
    };
    Story {
        title: format!("Malicious Office document on {} beaconing to a known C2 address", host.name),
        description: format!(
            "{} opened {doc} from an invoice-themed phishing mail; Word started encoded PowerShell, which connected to {} every minute. The address is a known Cobalt Strike server in threat intelligence.",
            victim.upn, c2.address
        ),
        severity: High,
        alerts: vec![
            StoryAlert::new("Email messages containing malicious file removed after delivery", DEFENDER_OFFICE, Informational, start - 20 * TICKS_PER_MINUTE, start - 20 * TICKS_PER_MINUTE)
                .describe("Emails with a malicious attachment were delivered and later removed (zero-hour auto purge).")
                .mitre(&["InitialAccess"], &["T1566"])
                .with(vec![StoryEntity::Mailbox { address: victim.upn.clone(), display_name: victim.display_name.clone() }, mail, file.clone()])
                .compromising(victim.upn.clone()),
            StoryAlert::new("Suspicious PowerShell command line", DEFENDER_ENDPOINT, High, ps.started, ps.started + 8 * TICKS_PER_MINUTE)
                .describe("A Word document started PowerShell with an encoded command, a common way to run a malicious payload.")
                .mitre(&["Execution", "DefenseEvasion"], &["T1059", "T1027"])
                .with(vec![host_entity.clone(), account.clone(), process.clone(), file, StoryEntity::FileHash(doc_hash)])
                .compromising(host.name.clone())
                .remediate(&["Isolate the device.", "Collect an investigation package.", "Block the sender domain."]),
            StoryAlert::new("TI map IP entity to DeviceNetworkEvents", SENTINEL, Medium, beacon_start, beacon_end)
                .describe("A device connected to an IP address listed as command and control in threat intelligence.")
                .mitre(&["CommandAndControl"], &["T1071"])
                .with(vec![host_entity, account, c2_entity, StoryEntity::Url(format!("https://{c2_domain}/")), process])
                .compromising(host.name.clone()),
        ],
    }
}

const MALWARE: [(&str, &str, &str); 3] = [
    (
        "'Qakbot' malware was prevented",
        "Scan_Invoice_0934.exe",
        "https://files-share-17.test/d/Scan_Invoice_0934.exe",
    ),
    (
        "'Lokibot' malware was prevented",
        "PhotoEditor_Pro_crack.exe",
        "https://secure-docs-201.test/get/PhotoEditor_Pro_crack.exe",
    ),
    (
        "'Mimikatz' hacktool was detected",
        "mimi.exe",
        "https://cdn-update-94.test/tools/mimi.zip",
    ),
];

/// A user downloads malware; Defender prevents it.
pub fn malware(g: &mut Gen, p: &Plan, at: i64, index: usize) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let host = tenant.laptop(victim);
    let (alert, name, url) = MALWARE[index % MALWARE.len()];
    let dir = format!("C:\\Users\\{}\\Downloads", victim.account);
    let hash = digest(name, 64);
    let edge = Proc::new(
        "msedge.exe",
        "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
        "\"msedge.exe\"",
        6_020,
        at - TICKS_PER_HOUR,
        Some(victim),
    );
    let download = at - 3 * TICKS_PER_MINUTE;
    FileWriter::new(&g.t.file).write(
        &mut g.t.file,
        r,
        host,
        &edge,
        "explorer.exe",
        &FileEvent {
            time: download,
            action: "FileCreated",
            name,
            folder: &dir,
            sha256: &hash,
            origin_url: Some(url),
        },
    );
    let explorer = Proc::new(
        "explorer.exe",
        "C:\\Windows",
        "C:\\Windows\\Explorer.EXE",
        4_312,
        at - 5 * TICKS_PER_HOUR,
        Some(victim),
    );
    let started = Proc::new(
        name,
        &dir,
        &format!("\"{dir}\\{name}\""),
        12_880,
        at,
        Some(victim),
    );
    ProcessWriter::new(&g.t.process).write(
        &mut g.t.process,
        r,
        host,
        &explorer,
        "userinit.exe",
        &started,
    );
    FileWriter::new(&g.t.file).write(
        &mut g.t.file,
        r,
        host,
        &explorer,
        "userinit.exe",
        &FileEvent {
            time: at + 30 * TICKS_PER_SECOND,
            action: "FileDeleted",
            name,
            folder: &dir,
            sha256: &hash,
            origin_url: None,
        },
    );
    if index.is_multiple_of(2) {
        TiWriter::new(&g.t.threat_intel).write(
            &mut g.t.threat_intel,
            r,
            &Indicator {
                time: download - 4 * TICKS_PER_DAY,
                ip: None,
                domain: None,
                url: Some(url),
                sha256: Some(&hash),
                threat_type: "Malware",
                description: "Commodity loader payload",
                confidence: 85.0,
                malware: alert.split('\'').nth(1).unwrap_or(""),
            },
        );
    }
    let severity = if name == "mimi.exe" { Medium } else { Low };
    Story {
        title: format!("{alert} on {}", host.name),
        description: format!("{} downloaded {name} from {url}; Defender Antivirus blocked it and quarantined the file.", victim.upn),
        severity: if p.days_ago < 1.0 { Medium } else { severity },
        alerts: vec![StoryAlert::new(alert, DEFENDER_ENDPOINT, if p.days_ago < 1.0 { Medium } else { severity }, download, at + 30 * TICKS_PER_SECOND)
            .describe("Defender Antivirus detected and blocked a known malicious file. Check whether it ran before it was blocked.")
            .mitre(&["Execution"], &["T1204"])
            .with(vec![
                StoryEntity::host(host),
                StoryEntity::account(victim),
                StoryEntity::File { name: name.into(), directory: dir.clone(), sha256: hash.clone() },
                StoryEntity::FileHash(hash),
                StoryEntity::Url(url.into()),
            ])
            .compromising(host.name.clone())],
    }
}
