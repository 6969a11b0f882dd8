//! Entra ID: sign-ins, directory audit records and the UEBA identity snapshot.

use kql::Value;
use serde_json::json;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, shared_dynamic, u, TableWriter};
use crate::demo::tenant::{PublicIp, User, DOMAIN, TENANT_ID};
use crate::time::{TICKS_PER_DAY, TICKS_PER_SECOND};

/// An application users sign in to.
#[derive(Clone, Copy, Debug)]
pub struct App {
    pub name: &'static str,
    pub id: &'static str,
    pub resource: &'static str,
    pub resource_id: &'static str,
    pub client: &'static str,
}

/// The applications of the tenant, with their well-known ids.
pub const APPS: [(App, u32); 8] = [
    (
        App {
            name: "Microsoft Teams",
            id: "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
            resource: "Microsoft Graph",
            resource_id: "00000003-0000-0000-c000-000000000000",
            client: "Mobile Apps and Desktop clients",
        },
        30,
    ),
    (
        App {
            name: "One Outlook Web",
            id: "9199bf20-a13f-4107-85dc-02114787ef48",
            resource: "Office 365 Exchange Online",
            resource_id: "00000002-0000-0ff1-ce00-000000000000",
            client: "Browser",
        },
        20,
    ),
    (
        App {
            name: "Microsoft Office",
            id: "d3590ed6-52b3-4102-aeff-aad2292ab01c",
            resource: "Office 365 SharePoint Online",
            resource_id: "00000003-0000-0ff1-ce00-000000000000",
            client: "Mobile Apps and Desktop clients",
        },
        20,
    ),
    (
        App {
            name: "OfficeHome",
            id: "4765445b-32c6-49b0-83e6-1d93765276ca",
            resource: "Microsoft Graph",
            resource_id: "00000003-0000-0000-c000-000000000000",
            client: "Browser",
        },
        10,
    ),
    (
        App {
            name: "Azure Portal",
            id: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
            resource: "Windows Azure Service Management API",
            resource_id: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
            client: "Browser",
        },
        4,
    ),
    (
        App {
            name: "Microsoft Azure CLI",
            id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
            resource: "Windows Azure Service Management API",
            resource_id: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
            client: "Mobile Apps and Desktop clients",
        },
        2,
    ),
    (
        App {
            name: "Outlook Mobile",
            id: "27922004-5251-4030-b22d-91ecd9a37ea4",
            resource: "Office 365 Exchange Online",
            resource_id: "00000002-0000-0ff1-ce00-000000000000",
            client: "Mobile Apps and Desktop clients",
        },
        10,
    ),
    (
        App {
            name: "Microsoft Authentication Broker",
            id: "29d9ed98-a469-4536-ade2-f981bc1d605e",
            resource: "Windows Azure Active Directory",
            resource_id: "00000002-0000-0000-c000-000000000000",
            client: "Mobile Apps and Desktop clients",
        },
        4,
    ),
];

/// The Outlook Web app (mail access), used by the stories.
pub fn outlook_web() -> App {
    APPS[1].0
}

/// Sign-in result codes and their descriptions.
pub const SUCCESS: (&str, &str) = ("0", "");
pub const BAD_PASSWORD: (&str, &str) = (
    "50126",
    "Invalid username or password or Invalid on-premise username or password.",
);
pub const MFA_REQUIRED: (&str, &str) = ("50074", "Strong Authentication is required.");
pub const KMSI_INTERRUPT: (&str, &str) = (
    "50140",
    "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
);
pub const MFA_DENIED: (&str, &str) = (
    "500121",
    "Authentication failed during strong authentication request.",
);
pub const CA_BLOCKED: (&str, &str) = ("53003", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.");

/// One sign-in to write.
pub struct Signin<'a> {
    pub time: i64,
    pub user: &'a User,
    pub ip: &'a PublicIp,
    pub app: App,
    pub result: (&'static str, &'static str),
    /// none, low, medium, high.
    pub risk: &'static str,
    /// Identity Protection detections, e.g. `["unfamiliarFeatures"]`.
    pub risk_events: &'a [&'a str],
    /// The user's managed laptop, or none for an unknown device.
    pub device: Option<(&'a str, &'a str)>,
    pub user_agent: &'a str,
    pub mfa: bool,
}

columns!(SigninCols {
    TimeGenerated,
    CreatedDateTime,
    SourceSystem,
    OperationName,
    OperationVersion,
    Category,
    ResultType,
    ResultSignature,
    ResultDescription,
    DurationMs,
    CorrelationId,
    Resource,
    ResourceGroup,
    ResourceProvider,
    ResourceId,
    Identity,
    Level,
    Location,
    AppDisplayName,
    AppId,
    AuthenticationRequirement,
    ClientAppUsed,
    ConditionalAccessStatus,
    ConditionalAccessPolicies,
    DeviceDetail,
    IsInteractive,
    Id,
    IPAddress,
    IsRisky,
    LocationDetails,
    MfaDetail,
    ResourceDisplayName,
    ResourceIdentity,
    RiskDetail,
    RiskEventTypes,
    RiskEventTypes_V2,
    RiskLevelAggregated,
    RiskLevelDuringSignIn,
    RiskState,
    Status,
    TokenIssuerType,
    TokenIssuerName,
    UserAgent,
    UserDisplayName,
    UserId,
    UserPrincipalName,
    UserType,
    AADTenantId,
    HomeTenantId,
    ResourceTenantId,
    AuthenticationProtocol,
    SignInEventTypes,
    AutonomousSystemNumber,
    AuthenticationDetails,
    CrossTenantAccessType,
    UniqueTokenIdentifier,
    FlaggedForReview,
    ProcessingTimeInMilliseconds,
    AuthenticationMethodsUsed,
});

/// Writes sign-ins with shared, pre-built values.
pub struct SigninWriter {
    c: SigninCols,
    fixed: Vec<(usize, Value)>,
}

impl SigninWriter {
    /// A writer for the SigninLogs table.
    pub fn new(t: &TableWriter) -> SigninWriter {
        let c = SigninCols::new(t);
        let fixed = vec![
            (c.SourceSystem, s("Azure AD")),
            (c.OperationName, s("Sign-in activity")),
            (c.OperationVersion, s("1.0")),
            (c.Category, s("SignInLogs")),
            (c.DurationMs, Value::Long(0)),
            (c.Resource, s("Microsoft.aadiam")),
            (c.ResourceGroup, s("Microsoft.aadiam")),
            (c.ResourceProvider, s("Microsoft.aadiam")),
            (
                c.ResourceId,
                s(format!("/tenants/{TENANT_ID}/providers/Microsoft.aadiam")),
            ),
            (c.Level, s("4")),
            (c.IsInteractive, Value::Bool(true)),
            (c.TokenIssuerType, s("AzureAD")),
            (c.UserType, s("Member")),
            (c.AADTenantId, s(TENANT_ID)),
            (c.HomeTenantId, s(TENANT_ID)),
            (c.ResourceTenantId, s(TENANT_ID)),
            (c.SignInEventTypes, s("[\"interactiveUser\"]")),
            (c.CrossTenantAccessType, s("none")),
            (c.FlaggedForReview, Value::Bool(false)),
            (c.AuthenticationProtocol, s("none")),
        ];
        SigninWriter { c, fixed }
    }

    /// Appends one sign-in.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, e: &Signin) {
        let c = &self.c;
        let mut row = t.row();
        for (i, v) in &self.fixed {
            row[*i] = v.clone();
        }
        let ok = e.result.0 == "0";
        row[c.TimeGenerated] = dt(e.time);
        row[c.CreatedDateTime] = dt(e.time - rng.range(1, 4) * TICKS_PER_SECOND);
        row[c.ResultType] = s(e.result.0);
        row[c.ResultSignature] = s(if ok { "SUCCESS" } else { "None" });
        row[c.ResultDescription] = if ok { Value::Null } else { s(e.result.1) };
        row[c.CorrelationId] = u(rng.guid());
        row[c.Id] = u(rng.guid());
        row[c.UniqueTokenIdentifier] = u(rng.hex(22));
        row[c.Identity] = e.user.v_name.clone();
        row[c.UserDisplayName] = e.user.v_name.clone();
        row[c.UserPrincipalName] = e.user.v_upn.clone();
        row[c.UserId] = e.user.v_object_id.clone();
        row[c.Location] = e.ip.v_country.clone();
        row[c.LocationDetails] = e.ip.v_location.clone();
        row[c.IPAddress] = e.ip.v_address.clone();
        row[c.AutonomousSystemNumber] = s(e.ip.geo.asn.to_string());
        row[c.AppDisplayName] = s(e.app.name);
        row[c.AppId] = s(e.app.id);
        row[c.ResourceDisplayName] = s(e.app.resource);
        row[c.ResourceIdentity] = s(e.app.resource_id);
        row[c.ClientAppUsed] = s(e.app.client);
        row[c.UserAgent] = s(e.user_agent);
        row[c.ProcessingTimeInMilliseconds] = s(rng.range(40, 400).to_string());
        row[c.AuthenticationRequirement] = s(if e.mfa {
            "multiFactorAuthentication"
        } else {
            "singleFactorAuthentication"
        });
        row[c.AuthenticationMethodsUsed] = s(if e.mfa {
            "[\"Password\",\"Microsoft Authenticator app\"]"
        } else {
            "[\"Password\"]"
        });
        let ca = if e.result.0 == CA_BLOCKED.0 {
            "failure"
        } else if ok {
            "success"
        } else {
            "notApplied"
        };
        row[c.ConditionalAccessStatus] = s(ca);
        let mfa_ok = ok || e.mfa;
        row[c.ConditionalAccessPolicies] = shared_dynamic(&format!("ca:{mfa_ok}:{ca}"), || {
            json!([
                {"displayName": "Require MFA for all users", "result": if mfa_ok { "success" } else { "notApplied" },
                 "enforcedGrantControls": ["Mfa"], "enforcedSessionControls": []},
                {"displayName": "Block legacy authentication", "result": "notApplied", "enforcedGrantControls": ["Block"]},
                {"displayName": "Block sign-ins from outside allowed countries", "result": if ca == "failure" { "failure" } else { "notApplied" },
                 "enforcedGrantControls": ["Block"]}
            ])
        });
        row[c.DeviceDetail] = match e.device {
            Some((device_id, name)) => shared_dynamic(device_id, || {
                json!({"deviceId": device_id, "displayName": name, "operatingSystem": "Windows 11",
                    "browser": "Edge 131.0.0", "isCompliant": true, "isManaged": true, "trustType": "Azure AD joined"})
            }),
            None => shared_dynamic(&format!("unmanaged:{}", e.user_agent), || {
                json!({"deviceId": "", "operatingSystem": if e.user_agent.contains("Windows") { "Windows 10" } else if e.user_agent.contains("iPhone") { "Ios" } else { "Linux" },
                    "browser": if e.user_agent.contains("python") { "Python Requests 2.31" } else { "Chrome 120.0.0" }})
            }),
        };
        row[c.MfaDetail] = shared_dynamic(&format!("mfa:{}", e.mfa), || {
            if e.mfa {
                json!({"authMethod": "Mobile app notification", "authDetail": null})
            } else {
                json!({})
            }
        });
        row[c.AuthenticationDetails] = shared_dynamic(&format!("auth:{ok}"), || {
            json!([{"authenticationMethod": "Password", "succeeded": ok,
                "authenticationStepResultDetail": if ok { "Correct password" } else { "Invalid username or password" }}])
        });
        row[c.Status] = shared_dynamic(&format!("status:{}", e.result.0), || {
            if ok {
                json!({"errorCode": 0})
            } else {
                json!({"errorCode": e.result.0.parse::<i64>().unwrap_or(0), "failureReason": e.result.1})
            }
        });
        let risky = e.risk != "none";
        row[c.IsRisky] = Value::Bool(risky);
        row[c.RiskLevelDuringSignIn] = s(e.risk);
        row[c.RiskLevelAggregated] = s(e.risk);
        row[c.RiskState] = s(if risky { "atRisk" } else { "none" });
        row[c.RiskDetail] = s("none");
        let events = serde_json::to_string(e.risk_events).unwrap_or_else(|_| "[]".into());
        row[c.RiskEventTypes] = s(&events);
        row[c.RiskEventTypes_V2] = s(&events);
        row[c.TokenIssuerName] = s("");
        t.push(row);
    }
}

const USER_AGENTS: [&str; 4] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
];

/// Everyday sign-ins: mostly successes from the office and from home, a few typos, MFA prompts
/// and Conditional Access blocks.
pub fn signins(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = SigninWriter::new(&g.t.signin);
    g.t.signin.reserve(n + 500);
    let tenant = &g.tenant;
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let time = r.working_time(g.start, g.now);
        let at_office = r.chance(0.6);
        let ip = if at_office {
            &tenant.office_ips[if user.city == "Toronto" {
                3
            } else {
                r.below(3) as usize
            }]
        } else {
            &tenant.home_ips[user.home_ip]
        };
        let result = *r.weighted(&[
            (SUCCESS, 940),
            (BAD_PASSWORD, 20),
            (MFA_REQUIRED, 18),
            (KMSI_INTERRUPT, 15),
            (CA_BLOCKED, 3),
            (MFA_DENIED, 4),
        ]);
        let laptop = tenant.laptop(user);
        let mobile = r.chance(0.15);
        let risk = if r.chance(0.004) { "low" } else { "none" };
        let app = *r.weighted(&APPS);
        let user_agent = if mobile {
            USER_AGENTS[2]
        } else {
            *r.pick(&[USER_AGENTS[0], USER_AGENTS[1], USER_AGENTS[3]])
        };
        w.write(
            &mut g.t.signin,
            r,
            &Signin {
                time,
                user,
                ip,
                app,
                result,
                risk,
                risk_events: if risk == "none" {
                    &[]
                } else {
                    &["unfamiliarFeatures"]
                },
                device: (!mobile).then_some((laptop.aad_device_id.as_str(), laptop.name.as_str())),
                user_agent,
                mfa: !at_office && result.0 == "0",
            },
        );
    }
}

/// One directory change to write.
pub struct AuditEvent<'a> {
    pub time: i64,
    pub operation: &'a str,
    pub category: &'a str,
    pub service: &'a str,
    pub operation_type: &'a str,
    pub actor: Option<(&'a User, &'a str)>,
    pub actor_app: Option<&'a str>,
    pub targets: serde_json::Value,
    pub result: &'a str,
}

columns!(AuditCols {
    TimeGenerated,
    SourceSystem,
    ResourceId,
    OperationName,
    OperationVersion,
    Category,
    ResultType,
    ResultSignature,
    DurationMs,
    CorrelationId,
    Resource,
    ResourceGroup,
    ResourceProvider,
    Identity,
    Level,
    Location,
    AdditionalDetails,
    Id,
    InitiatedBy,
    LoggedByService,
    Result,
    ResultReason,
    TargetResources,
    AADTenantId,
    ActivityDisplayName,
    ActivityDateTime,
    AADOperationType,
});

/// Appends one audit record.
pub fn write_audit(t: &mut TableWriter, c: &AuditCols, rng: &mut Rng, e: &AuditEvent) {
    let mut row = t.row();
    row[c.TimeGenerated] = dt(e.time);
    row[c.ActivityDateTime] = dt(e.time);
    row[c.SourceSystem] = s("Azure AD");
    row[c.ResourceId] = s(format!("/tenants/{TENANT_ID}/providers/Microsoft.aadiam"));
    row[c.OperationName] = s(e.operation);
    row[c.ActivityDisplayName] = s(e.operation);
    row[c.OperationVersion] = s("1.0");
    row[c.Category] = s(e.category);
    row[c.ResultType] = s("");
    row[c.ResultSignature] = s("None");
    row[c.DurationMs] = Value::Long(0);
    row[c.CorrelationId] = u(rng.guid());
    row[c.Id] = u(format!("Directory_{}", rng.guid()));
    row[c.Resource] = s("Microsoft.aadiam");
    row[c.ResourceGroup] = s("Microsoft.aadiam");
    row[c.ResourceProvider] = s("Microsoft.aadiam");
    row[c.Level] = s("4");
    row[c.Location] = s("US");
    row[c.LoggedByService] = s(e.service);
    row[c.Result] = s(e.result);
    row[c.ResultReason] = s("");
    row[c.AADTenantId] = s(TENANT_ID);
    row[c.AADOperationType] = s(e.operation_type);
    row[c.TargetResources] = Value::dynamic(e.targets.clone());
    let (initiated, identity) = match (e.actor, e.actor_app) {
        (Some((u, ip)), _) => (
            json!({"user": {"id": u.object_id, "displayName": null, "userPrincipalName": u.upn, "ipAddress": ip, "roles": []}}),
            u.display_name.clone(),
        ),
        (None, Some(app)) => (
            json!({"app": {"displayName": app, "servicePrincipalId": rng.guid()}}),
            app.to_string(),
        ),
        (None, None) => (json!({}), String::new()),
    };
    row[c.InitiatedBy] = Value::dynamic(initiated);
    row[c.Identity] = s(identity);
    row[c.AdditionalDetails] = Value::dynamic(
        json!([{"key": "User-Agent", "value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}]),
    );
    t.push(row);
}

/// The `TargetResources` of an action on a user.
pub fn user_target(user: &User, modified: serde_json::Value) -> serde_json::Value {
    json!([{"id": user.object_id, "displayName": null, "type": "User", "userPrincipalName": user.upn,
            "modifiedProperties": modified}])
}

/// Everyday directory changes: profile updates, group changes, password resets, MFA registration.
pub fn audit(g: &mut Gen, r: &mut Rng, n: usize) {
    let c = AuditCols::new(&g.t.audit);
    let tenant = &g.tenant;
    let admins: Vec<&User> = tenant.users.iter().filter(|u| u.is_admin).collect();
    for _ in 0..n {
        let time = r.working_time(g.start, g.now);
        let target = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let admin = *r.pick(&admins);
        let kind = r.below(100);
        let office = tenant.office_ips[0].address.as_str();
        let e = match kind {
            0..=34 => AuditEvent {
                time,
                operation: "Update user",
                category: "UserManagement",
                service: "Core Directory",
                operation_type: "Update",
                actor: None,
                actor_app: Some("Microsoft Azure AD Connect"),
                result: "success",
                targets: user_target(
                    target,
                    json!([{"displayName": "LastDirSyncTime", "oldValue": null, "newValue": null}]),
                ),
            },
            35..=54 => AuditEvent {
                time,
                operation: "Add member to group",
                category: "GroupManagement",
                service: "Core Directory",
                operation_type: "Assign",
                actor: Some((admin, office)),
                actor_app: None,
                result: "success",
                targets: json!([{"id": target.object_id, "type": "User", "userPrincipalName": target.upn,
                    "modifiedProperties": [{"displayName": "Group.DisplayName", "oldValue": null,
                    "newValue": format!("\"{}\"", ["SG-Finance-Share", "SG-VPN-Users", "SG-Engineering", "SG-All-Staff"][r.below(4) as usize])}]}]),
            },
            55..=69 => AuditEvent {
                time,
                operation: "Reset password (self-service)",
                category: "UserManagement",
                service: "Self-service Password Management",
                operation_type: "Update",
                actor: Some((target, tenant.home_ips[target.home_ip].address.as_str())),
                actor_app: None,
                result: if r.chance(0.9) { "success" } else { "failure" },
                targets: user_target(target, json!([])),
            },
            70..=84 => AuditEvent {
                time,
                operation: "User registered security info",
                category: "UserManagement",
                service: "Authentication Methods",
                operation_type: "Add",
                actor: Some((target, office)),
                actor_app: None,
                result: "success",
                targets: user_target(target, json!([])),
            },
            85..=94 => AuditEvent {
                time,
                operation: "Update device",
                category: "Device",
                service: "Core Directory",
                operation_type: "Update",
                actor: None,
                actor_app: Some("Device Registration Service"),
                result: "success",
                targets: json!([{"id": r.guid(), "displayName": tenant.laptop(target).name, "type": "Device", "modifiedProperties": []}]),
            },
            _ => AuditEvent {
                time,
                operation: "Add app role assignment grant to user",
                category: "ApplicationManagement",
                service: "Core Directory",
                operation_type: "Assign",
                actor: Some((admin, office)),
                actor_app: None,
                result: "success",
                targets: json!([{"id": r.guid(), "displayName": "Salesforce", "type": "ServicePrincipal", "modifiedProperties": []},
                                {"id": target.object_id, "type": "User", "userPrincipalName": target.upn}]),
            },
        };
        write_audit(&mut g.t.audit, &c, r, &e);
    }
}

columns!(IdentityCols {
    TimeGenerated,
    SourceSystem,
    AccountCloudSID,
    AccountCreationTime,
    AccountDisplayName,
    AccountDomain,
    AccountName,
    AccountObjectId,
    AccountSID,
    AccountTenantId,
    AccountUPN,
    AssignedRoles,
    BlastRadius,
    ChangeSource,
    City,
    CompanyName,
    Country,
    Department,
    GivenName,
    GroupMembership,
    IsAccountEnabled,
    IsMFARegistered,
    IsServiceAccount,
    JobTitle,
    MailAddress,
    Manager,
    Surname,
    UserState,
    UserType,
    RiskLevel,
    RiskState,
    EntityRiskLevel,
    Tags,
});

/// The UEBA identity snapshot: every user, refreshed every few days.
pub fn identity_info(g: &mut Gen, r: &mut Rng) {
    let c = IdentityCols::new(&g.t.identity_info);
    let tenant = &g.tenant;
    let manager = tenant.users[4].upn.clone();
    let mut day = g.start + r.range(0, 2) * TICKS_PER_DAY / 2;
    while day < g.now {
        for (i, u) in tenant.users.iter().enumerate() {
            let mut row = g.t.identity_info.row();
            row[c.TimeGenerated] = dt(day + r.range(0, 3_600) * TICKS_PER_SECOND);
            row[c.SourceSystem] = s("AzureActiveDirectory");
            row[c.AccountCloudSID] = s(format!("S-1-12-1-{}", 1_000_000 + i));
            row[c.AccountCreationTime] = dt(g.start - (200 + i as i64 * 13) * TICKS_PER_DAY);
            row[c.AccountDisplayName] = u.v_name.clone();
            row[c.AccountDomain] = s(DOMAIN);
            row[c.AccountName] = u.v_account.clone();
            row[c.AccountObjectId] = u.v_object_id.clone();
            row[c.AccountSID] = u.v_sid.clone();
            row[c.AccountTenantId] = s(TENANT_ID);
            row[c.AccountUPN] = u.v_upn.clone();
            row[c.MailAddress] = u.v_upn.clone();
            let roles = if i == 0 {
                json!(["Global Administrator"])
            } else if u.is_admin {
                json!(["User Administrator", "Security Reader"])
            } else {
                json!([])
            };
            row[c.AssignedRoles] = Value::dynamic(roles);
            row[c.BlastRadius] = s(if u.is_admin { "High" } else { "Low" });
            row[c.ChangeSource] = s("AzureActiveDirectory");
            row[c.City] = s(u.city);
            row[c.Country] = s(u.country);
            row[c.CompanyName] = s("Lakeshore Mills");
            row[c.Department] = s(u.department);
            row[c.JobTitle] = s(u.job_title);
            row[c.GivenName] = s(&u.given_name);
            row[c.Surname] = s(&u.surname);
            row[c.GroupMembership] = Value::dynamic(json!([
                "SG-All-Staff",
                format!("SG-{}", u.department.replace(' ', "-"))
            ]));
            row[c.IsAccountEnabled] = Value::Bool(true);
            row[c.IsMFARegistered] = Value::Bool(i % 17 != 5);
            row[c.IsServiceAccount] = Value::Bool(false);
            row[c.Manager] = s(&manager);
            row[c.UserState] = s("Active");
            row[c.UserType] = s("Member");
            row[c.RiskLevel] = s("none");
            row[c.RiskState] = s("none");
            row[c.EntityRiskLevel] = s("Low");
            row[c.Tags] = Value::dynamic(if u.is_admin {
                json!(["Privileged"])
            } else {
                json!([])
            });
            g.t.identity_info.push(row);
        }
        day += 3 * TICKS_PER_DAY;
    }
}
