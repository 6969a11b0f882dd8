//! Cloud stories: mass download from SharePoint and GPU virtual machines created with stolen
//! administrator credentials.

use super::{Plan, Story, StoryAlert, CLOUD_APPS, SENTINEL};
use crate::api::IncidentSeverity::*;
use crate::demo::entities::StoryEntity;
use crate::demo::generate::Gen;
use crate::demo::noise::azure::{ActivityWriter, AzureOperation};
use crate::demo::noise::identity::{Signin, SigninWriter, APPS, SUCCESS};
use crate::demo::noise::office::{OfficeEvent, OfficeWriter, SITES};
use crate::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// A user downloads hundreds of files from the Finance library in under an hour.
pub fn mass_download(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let user = &tenant.users[p.victim];
    let ip = &tenant.home_ips[user.home_ip];
    let w = OfficeWriter::new(&g.t.office);
    let count = r.range(220, 320);
    let start = at - 45 * TICKS_PER_MINUTE;
    for i in 0..count {
        let name = format!(
            "{} {:03}.xlsx",
            ["Ledger", "Payroll", "Forecast", "Vendor master", "Audit"][i as usize % 5],
            i
        );
        w.write(
            &mut g.t.office,
            r,
            &OfficeEvent {
                time: start + i * 45 * TICKS_PER_MINUTE / count,
                user,
                ip: &ip.address,
                operation: if p.malicious {
                    "FileDownloaded"
                } else {
                    "FileSyncDownloadedFull"
                },
                file: Some((&name, SITES[0])),
                parameters: None,
                object: None,
                target_user: None,
            },
        );
    }
    Story {
        title: format!("Mass download by {}", user.display_name),
        description: format!(
            "{} downloaded {count} files from the Finance library in 45 minutes from {}.",
            user.upn, ip.address
        ),
        severity: Medium,
        alerts: vec![StoryAlert::new(
            "Mass download by a single user",
            CLOUD_APPS,
            Medium,
            start,
            at,
        )
        .describe("A user downloaded an unusually large number of files in a single session.")
        .mitre(&["Collection", "Exfiltration"], &["T1530"])
        .with(vec![
            StoryEntity::account(user),
            StoryEntity::ip(&ip.address, Some(&ip.geo)),
            StoryEntity::CloudApplication {
                app_id: 20892,
                name: "Microsoft SharePoint Online".into(),
            },
        ])
        .compromising(user.upn.clone())],
    }
}

/// A burst of virtual machine creation: stolen admin credentials at night, or (false alarm) the
/// release pipeline.
pub fn resource_abuse(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let admin = &tenant.users[p.victim];
    let (caller, ip, geo, start) = if p.malicious {
        let ip = &tenant.attacker_ips[7];
        // 03:00 UTC on the day of `at`.
        let start = at - at.rem_euclid(TICKS_PER_DAY) + 3 * TICKS_PER_HOUR;
        let sw = SigninWriter::new(&g.t.signin);
        sw.write(
            &mut g.t.signin,
            r,
            &Signin {
                time: start - 8 * TICKS_PER_MINUTE,
                user: admin,
                ip,
                app: APPS[5].0,
                result: SUCCESS,
                risk: "medium",
                risk_events: &["unfamiliarFeatures"],
                device: None,
                user_agent: "python/3.11 (Linux) AZURECLI/2.61.0",
                mfa: false,
            },
        );
        (
            admin.upn.clone(),
            ip.address.clone(),
            Some(ip.geo.clone()),
            start,
        )
    } else {
        (
            "7f3a9c20-5b1e-4d8a-9e6f-0c2b4a6d8e1f".to_string(),
            "198.51.100.150".to_string(),
            None,
            at - 40 * TICKS_PER_MINUTE,
        )
    };
    let w = ActivityWriter::new(&g.t.azure_activity);
    let mut resources = Vec::new();
    for i in 0..12 {
        let name = if p.malicious {
            format!("vm-gpu-{i:02}")
        } else {
            format!("vm-build-agent-{i:02}")
        };
        let op = AzureOperation {
            time: start + i * 200 * TICKS_PER_SECOND,
            caller: &caller,
            caller_ip: &ip,
            operation: "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE",
            display_name: "Create or Update Virtual Machine",
            resource_group: if p.malicious {
                "rg-temp-build"
            } else {
                "rg-build"
            },
            resource: &name,
            status: "Succeeded",
        };
        w.write(&mut g.t.azure_activity, r, &op);
        resources.push(op.resource_id().to_lowercase());
    }
    let end = start + 11 * 200 * TICKS_PER_SECOND;
    let mut entities = vec![StoryEntity::ip(&ip, geo.as_ref())];
    if p.malicious {
        entities.insert(0, StoryEntity::account(admin));
    }
    entities.extend(
        resources
            .iter()
            .take(3)
            .map(|r| StoryEntity::AzureResource(r.clone())),
    );
    Story {
        title: format!("Suspicious number of virtual machines created by {caller}"),
        description: format!("{caller} created 12 virtual machines in 40 minutes from {ip}."),
        severity: if p.malicious { High } else { Medium },
        alerts: vec![StoryAlert::new(
            "Suspicious number of resource creation or deployment activities",
            SENTINEL,
            if p.malicious { High } else { Medium },
            start,
            end,
        )
        .describe("A caller created or deployed far more resources than usual in a short time.")
        .mitre(&["Impact"], &["T1496"])
        .with(entities)
        .compromising(caller.clone())],
    }
}
