//! Identity stories: password spray into a mailbox takeover, MFA fatigue, impossible travel,
//! unfamiliar sign-ins, a privileged role granted at night, a consent-phishing app.

use serde_json::json;

use super::{Plan, Story, StoryAlert, CLOUD_APPS, IDENTITY_PROTECTION, SENTINEL};
use crate::api::IncidentSeverity::*;
use crate::demo::entities::StoryEntity;
use crate::demo::generate::Gen;
use crate::demo::noise::identity::{
    outlook_web, user_target, write_audit, AuditCols, AuditEvent, Signin, SigninWriter, APPS,
    BAD_PASSWORD, MFA_DENIED, SUCCESS,
};
use crate::demo::noise::office::{OfficeEvent, OfficeWriter};
use crate::demo::tenant::{PublicIp, User};
use crate::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};

const SCRIPT_AGENT: &str = "python-requests/2.31.0";
const BROWSER: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

fn signin<'a>(
    time: i64,
    user: &'a User,
    ip: &'a PublicIp,
    result: (&'static str, &'static str),
    risk: &'static str,
    risk_events: &'a [&'a str],
) -> Signin<'a> {
    Signin {
        time,
        user,
        ip,
        app: outlook_web(),
        result,
        risk,
        risk_events,
        device: None,
        user_agent: BROWSER,
        mfa: false,
    }
}

/// A password spray from one address across many accounts; one account without MFA falls, and
/// the attacker hides an inbox rule forwarding payment mail outside.
pub fn password_spray(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let w = SigninWriter::new(&g.t.signin);
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let ip = &tenant.attacker_ips[r.below(6) as usize];
    let spray_start = at - 3 * TICKS_PER_HOUR;
    let mut t = spray_start;
    let mut sprayed = Vec::new();
    for (i, u) in tenant.users.iter().enumerate() {
        if i % 2 == 0 || i == p.victim {
            t += r.range(60, 200) * TICKS_PER_SECOND;
            let mut e = signin(t, u, ip, BAD_PASSWORD, "none", &[]);
            e.user_agent = SCRIPT_AGENT;
            if i != p.victim {
                w.write(&mut g.t.signin, r, &e);
                sprayed.push(u);
            }
        }
    }
    let spray_end = t;
    let breach = spray_end + 6 * TICKS_PER_MINUTE;
    let mut e = signin(
        breach,
        victim,
        ip,
        SUCCESS,
        "high",
        &["passwordSpray", "unfamiliarFeatures"],
    );
    e.user_agent = SCRIPT_AGENT;
    w.write(&mut g.t.signin, r, &e);
    let mut e = signin(
        breach + 4 * TICKS_PER_MINUTE,
        victim,
        ip,
        SUCCESS,
        "medium",
        &["unfamiliarFeatures"],
    );
    e.user_agent = BROWSER;
    w.write(&mut g.t.signin, r, &e);

    let ow = OfficeWriter::new(&g.t.office);
    let rule_time = breach + 12 * TICKS_PER_MINUTE;
    for k in 0..6 {
        ow.write(
            &mut g.t.office,
            r,
            &OfficeEvent {
                time: breach + (5 + k) * TICKS_PER_MINUTE,
                user: victim,
                ip: &ip.address,
                operation: "MailItemsAccessed",
                file: None,
                parameters: None,
                object: None,
                target_user: None,
            },
        );
    }
    let forward_to = "ap-invoices@mailbox-relay.test";
    let params = json!([
        {"Name": "Name", "Value": ".."},
        {"Name": "SubjectOrBodyContainsWords", "Value": "invoice;payment;wire;remittance"},
        {"Name": "ForwardTo", "Value": forward_to},
        {"Name": "MoveToFolder", "Value": "RSS Subscriptions"},
        {"Name": "MarkAsRead", "Value": "True"},
        {"Name": "StopProcessingRules", "Value": "True"}
    ]);
    ow.write(
        &mut g.t.office,
        r,
        &OfficeEvent {
            time: rule_time,
            user: victim,
            ip: &ip.address,
            operation: "New-InboxRule",
            file: None,
            parameters: Some(params.to_string()),
            object: Some(format!("{}\\..", victim.upn)),
            target_user: None,
        },
    );

    let account = StoryEntity::account(victim);
    let ip_entity = StoryEntity::ip(&ip.address, Some(&ip.geo));
    let mut spray_entities = vec![ip_entity.clone(), account.clone()];
    spray_entities.extend(sprayed.iter().take(4).map(|u| StoryEntity::account(u)));
    let exchange = StoryEntity::CloudApplication {
        app_id: 20893,
        name: "Microsoft Exchange Online".into(),
    };
    let mailbox = StoryEntity::Mailbox {
        address: victim.upn.clone(),
        display_name: victim.display_name.clone(),
    };
    Story {
        title: format!("Password spray followed by a mailbox forwarding rule for {}", victim.upn),
        description: format!(
            "{} failed sign-ins from {} against {} accounts, then a successful sign-in to {} and a new inbox rule forwarding payment mail to {forward_to}.",
            sprayed.len(), ip.address, sprayed.len() + 1, victim.upn
        ),
        severity: High,
        alerts: vec![
            StoryAlert::new("Password spray attack against Microsoft Entra ID", SENTINEL, Medium, spray_start, spray_end)
                .describe("Many accounts failed to sign in with a bad password (50126) from a single IP address in a short time.")
                .mitre(&["CredentialAccess"], &["T1110"])
                .with(spray_entities)
                .compromising(ip.address.clone()),
            StoryAlert::new("Successful sign-in from a password spray source", SENTINEL, High, breach, breach + 4 * TICKS_PER_MINUTE)
                .describe("An account signed in successfully from an IP address that was password spraying the tenant.")
                .mitre(&["InitialAccess"], &["T1078"])
                .with(vec![account.clone(), ip_entity.clone()])
                .compromising(victim.upn.clone())
                .remediate(&["Reset the user's password and revoke their sessions.", "Require MFA registration for the account."]),
            StoryAlert::new("Suspicious inbox forwarding rule", CLOUD_APPS, High, rule_time, rule_time)
                .describe("A user created an inbox rule that forwards mail matching financial keywords to an external address and hides it.")
                .mitre(&["Collection", "Exfiltration"], &["T1114", "T1020"])
                .with(vec![account, mailbox, ip_entity, exchange])
                .compromising(victim.upn.clone()),
        ],
    }
}

/// Repeated MFA prompts pushed to a user until one is approved (or, as a false alarm, a user
/// with a broken phone).
pub fn mfa_fatigue(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let w = SigninWriter::new(&g.t.signin);
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let ip = if p.malicious {
        &tenant.attacker_ips[3]
    } else {
        &tenant.home_ips[victim.home_ip]
    };
    let start = at - 25 * TICKS_PER_MINUTE;
    let mut t = start;
    for _ in 0..12 {
        t += r.range(60, 130) * TICKS_PER_SECOND;
        let mut e = signin(
            t,
            victim,
            ip,
            MFA_DENIED,
            if p.malicious { "medium" } else { "none" },
            &[],
        );
        e.app = APPS[0].0;
        e.mfa = true;
        w.write(&mut g.t.signin, r, &e);
    }
    let mut e = signin(
        at,
        victim,
        ip,
        SUCCESS,
        if p.malicious { "medium" } else { "none" },
        if p.malicious {
            &["unfamiliarFeatures"]
        } else {
            &[]
        },
    );
    e.mfa = true;
    w.write(&mut g.t.signin, r, &e);
    if p.malicious {
        let c = AuditCols::new(&g.t.audit);
        write_audit(
            &mut g.t.audit,
            &c,
            r,
            &AuditEvent {
                time: at + 9 * TICKS_PER_MINUTE,
                operation: "User registered security info",
                category: "UserManagement",
                service: "Authentication Methods",
                operation_type: "Add",
                actor: Some((victim, &ip.address)),
                actor_app: None,
                result: "success",
                targets: user_target(
                    victim,
                    json!([{"displayName": "StrongAuthenticationMethod", "newValue": "[{\"MethodType\":6}]"}]),
                ),
            },
        );
    }
    Story {
        title: format!("MFA fatigue: repeated MFA denials followed by a successful sign-in for {}", victim.upn),
        description: format!("12 MFA requests were denied for {} from {}, then one was approved.", victim.upn, ip.address),
        severity: High,
        alerts: vec![StoryAlert::new("Multiple MFA denials followed by a successful sign-in", SENTINEL, High, start, at)
            .describe("A user denied or ignored many MFA prompts in a short time and then approved one: a sign of MFA fatigue (push bombing).")
            .mitre(&["CredentialAccess"], &["T1621"])
            .with(vec![StoryEntity::account(victim), StoryEntity::ip(&ip.address, Some(&ip.geo))])
            .compromising(victim.upn.clone())],
    }
}

/// A sign-in from home, then one from far away less than an hour later.
pub fn impossible_travel(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let w = SigninWriter::new(&g.t.signin);
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let home = &tenant.home_ips[victim.home_ip];
    let far = if p.malicious {
        &tenant.attacker_ips[r.range(0, 5) as usize]
    } else {
        &tenant.travel_ips[1]
    };
    let first = at - 47 * TICKS_PER_MINUTE;
    w.write(
        &mut g.t.signin,
        r,
        &signin(first, victim, home, SUCCESS, "none", &[]),
    );
    w.write(
        &mut g.t.signin,
        r,
        &signin(at, victim, far, SUCCESS, "medium", &["impossibleTravel"]),
    );
    Story {
        title: format!("Impossible travel activity involving {}", victim.display_name),
        description: format!(
            "{} signed in from {}, {} and 47 minutes later from {}, {}.",
            victim.upn, home.geo.city, home.geo.country_code, far.geo.city, far.geo.country_code
        ),
        severity: Medium,
        alerts: vec![StoryAlert::new("Impossible travel activity", CLOUD_APPS, Medium, first, at)
            .describe("The same user signed in from two distant locations in less time than it takes to travel between them.")
            .mitre(&["InitialAccess"], &["T1078"])
            .with(vec![
                StoryEntity::account(victim),
                StoryEntity::ip(&home.address, Some(&home.geo)),
                StoryEntity::ip(&far.address, Some(&far.geo)),
            ])
            .compromising(victim.upn.clone())],
    }
}

/// A sign-in Identity Protection finds unfamiliar (new place, new device).
pub fn unfamiliar_signin(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let w = SigninWriter::new(&g.t.signin);
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let victim = &tenant.users[p.victim];
    let ip = &tenant.travel_ips[p.victim % tenant.travel_ips.len()];
    let mut e = signin(at, victim, ip, SUCCESS, "low", &["unfamiliarFeatures"]);
    e.mfa = true;
    w.write(&mut g.t.signin, r, &e);
    Story {
        title: format!("Unfamiliar sign-in properties for {}", victim.display_name),
        description: format!("A sign-in by {} from {} ({}) had properties not seen for this user before.", victim.upn, ip.address, ip.geo.city),
        severity: Informational,
        alerts: vec![StoryAlert::new("Unfamiliar sign-in properties", IDENTITY_PROTECTION, Informational, at, at)
            .describe("The sign-in had properties (location, IP address, ASN, browser) not recently seen for this user.")
            .mitre(&["InitialAccess"], &["T1078"])
            .with(vec![StoryEntity::account(victim), StoryEntity::ip(&ip.address, Some(&ip.geo))])
            .compromising(victim.upn.clone())],
    }
}

/// An administrator adds someone to Global Administrator in the middle of the night.
pub fn privileged_role(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let actor = &tenant.users[p.victim];
    let target = &tenant.users[40 + p.victim];
    // 02:13 in Chicago (08:13 UTC) on the day of `at`, or the day before if that is still ahead.
    let mut when = at - at.rem_euclid(TICKS_PER_DAY) + 8 * TICKS_PER_HOUR + 13 * TICKS_PER_MINUTE;
    if when > g.now - TICKS_PER_HOUR {
        when -= TICKS_PER_DAY;
    }
    let ip = if p.malicious {
        &tenant.home_ips[actor.home_ip]
    } else {
        &tenant.office_ips[0]
    };
    let w = SigninWriter::new(&g.t.signin);
    let mut e = signin(when - 6 * TICKS_PER_MINUTE, actor, ip, SUCCESS, "none", &[]);
    e.app = APPS[4].0;
    e.mfa = true;
    w.write(&mut g.t.signin, r, &e);
    let c = AuditCols::new(&g.t.audit);
    write_audit(
        &mut g.t.audit,
        &c,
        r,
        &AuditEvent {
            time: when,
            operation: "Add member to role",
            category: "RoleManagement",
            service: "Core Directory",
            operation_type: "Assign",
            actor: Some((actor, &ip.address)),
            actor_app: None,
            result: "success",
            targets: json!([
                {"id": target.object_id, "displayName": null, "type": "User", "userPrincipalName": target.upn,
                 "modifiedProperties": [
                    {"displayName": "Role.ObjectID", "oldValue": null, "newValue": "\"62e90394-69f5-4237-9190-012177145e10\""},
                    {"displayName": "Role.DisplayName", "oldValue": null, "newValue": "\"Global Administrator\""},
                    {"displayName": "Role.WellKnownObjectName", "oldValue": null, "newValue": "\"CompanyAdministrator\""}]},
                {"id": "62e90394-69f5-4237-9190-012177145e10", "displayName": "Global Administrator", "type": "Role"}
            ]),
        },
    );
    Story {
        title: format!("{} added to Global Administrator outside change hours", target.display_name),
        description: format!("{} added {} to the Global Administrator role at 02:13 local time, outside the approved change window.", actor.upn, target.upn),
        severity: Medium,
        alerts: vec![StoryAlert::new("User added to a privileged role outside change hours", SENTINEL, Medium, when, when)
            .describe("A user was added to a highly privileged Entra ID role outside business hours without a matching change.")
            .mitre(&["PrivilegeEscalation", "Persistence"], &["T1098"])
            .with(vec![StoryEntity::account(actor), StoryEntity::account(target), StoryEntity::ip(&ip.address, Some(&ip.geo))])
            .compromising(target.upn.clone())],
    }
}

/// A user consents to an app that asks to read their mail.
pub fn rare_consent(g: &mut Gen, p: &Plan, at: i64) -> Story {
    let tenant = &g.tenant;
    let r = &mut g.rng;
    let user = &tenant.users[p.victim];
    let ip = &tenant.home_ips[user.home_ip];
    let (app, app_id) = if p.malicious {
        ("PDF Converter Online", 700_112)
    } else {
        ("SignFlow e-Signature", 700_245)
    };
    let c = AuditCols::new(&g.t.audit);
    write_audit(
        &mut g.t.audit,
        &c,
        r,
        &AuditEvent {
            time: at,
            operation: "Consent to application",
            category: "ApplicationManagement",
            service: "Core Directory",
            operation_type: "Assign",
            actor: Some((user, &ip.address)),
            actor_app: None,
            result: "success",
            targets: json!([{"id": format!("{app_id:08x}-0000-4000-8000-000000000000"), "displayName": app, "type": "ServicePrincipal",
            "modifiedProperties": [
                {"displayName": "ConsentContext.IsAdminConsent", "oldValue": null, "newValue": "\"False\""},
                {"displayName": "ConsentAction.Permissions", "oldValue": null,
                 "newValue": "\"[] => [[Scope: Mail.Read offline_access User.Read, ConsentType: Principal]]\""}]}]),
        },
    );
    Story {
        title: format!("Rare application consent: {app}"),
        description: format!("{} consented to {app}, which asks to read mail and keep access (offline_access).", user.upn),
        severity: Low,
        alerts: vec![StoryAlert::new("Rare application consent", SENTINEL, Low, at, at)
            .describe("A user granted an application consent that is rarely seen in this tenant, including mail access.")
            .mitre(&["Persistence", "CredentialAccess"], &["T1528"])
            .with(vec![
                StoryEntity::account(user),
                StoryEntity::CloudApplication { app_id, name: app.into() },
                StoryEntity::ip(&ip.address, Some(&ip.geo)),
            ])
            .compromising(user.upn.clone())],
    }
}
