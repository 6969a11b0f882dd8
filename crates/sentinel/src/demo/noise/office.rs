//! Office 365 audit records: mail, SharePoint and OneDrive, Teams.

use kql::Value;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, u, TableWriter};
use crate::demo::tenant::{User, DOMAIN, TENANT_ID};

columns!(OfficeCols {
    TimeGenerated,
    SourceSystem,
    RecordType,
    Operation,
    OfficeWorkload,
    UserId,
    UserKey,
    UserType,
    UserDomain,
    ClientIP,
    Client_IPAddress,
    ClientInfoString,
    ResultStatus,
    OfficeId,
    OfficeObjectId,
    OfficeTenantId,
    OrganizationId,
    OrganizationName,
    Parameters,
    MailboxOwnerUPN,
    MailboxGuid,
    LogonUserDisplayName,
    ExternalAccess,
    Site_Url,
    SourceFileName,
    SourceFileExtension,
    SourceRelativeUrl,
    ItemType,
    UserAgent,
    Folder,
    OriginatingServer,
    TargetUserOrGroupName,
    TargetUserOrGroupType,
});

/// One Office 365 action.
pub struct OfficeEvent<'a> {
    pub time: i64,
    pub user: &'a User,
    pub ip: &'a str,
    pub operation: &'a str,
    /// SharePoint file (name, folder URL) for file operations.
    pub file: Option<(&'a str, &'a str)>,
    /// Exchange cmdlet parameters as JSON text.
    pub parameters: Option<String>,
    pub object: Option<String>,
    pub target_user: Option<&'a str>,
}

/// Writes OfficeActivity rows.
pub struct OfficeWriter {
    c: OfficeCols,
}

impl OfficeWriter {
    /// A writer for OfficeActivity.
    pub fn new(t: &TableWriter) -> OfficeWriter {
        OfficeWriter {
            c: OfficeCols::new(t),
        }
    }

    /// Appends one record.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, e: &OfficeEvent) {
        let (c, mut row) = (&self.c, t.row());
        let (record, workload) = match e.operation {
            "New-InboxRule" | "Set-InboxRule" | "Set-Mailbox" | "Add-MailboxPermission" => {
                ("ExchangeAdmin", "Exchange")
            }
            "MailItemsAccessed" | "Send" | "SoftDelete" | "HardDelete" | "MoveToDeletedItems" => {
                ("ExchangeItem", "Exchange")
            }
            "SharingSet" | "AnonymousLinkCreated" => ("SharePointSharingOperation", "SharePoint"),
            "MemberAdded" | "TeamCreated" | "MessageSent" => ("MicrosoftTeams", "MicrosoftTeams"),
            _ => (
                "SharePointFileOperation",
                if e.file.is_some_and(|f| f.1.contains("-my.")) {
                    "OneDrive"
                } else {
                    "SharePoint"
                },
            ),
        };
        row[c.TimeGenerated] = dt(e.time);
        row[c.SourceSystem] = s("OfficeActivityManager");
        row[c.RecordType] = s(record);
        row[c.OfficeWorkload] = s(workload);
        row[c.Operation] = s(e.operation);
        row[c.UserId] = e.user.v_upn.clone();
        row[c.UserKey] = s(format!("10032002{:08X}", e.user.sid.len() * 7919));
        row[c.UserType] = s("Regular");
        row[c.UserDomain] = s(DOMAIN);
        row[c.ResultStatus] = s(if record == "ExchangeAdmin" {
            "True"
        } else {
            "Succeeded"
        });
        row[c.OfficeId] = u(rng.guid());
        row[c.OfficeTenantId] = s(TENANT_ID);
        row[c.OrganizationId] = s(TENANT_ID);
        row[c.OrganizationName] = s("lakeshoremills.onmicrosoft.example");
        row[c.ExternalAccess] = Value::Bool(false);
        row[c.UserAgent] = s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        if workload == "Exchange" {
            row[c.Client_IPAddress] = s(e.ip);
            row[c.ClientIP] = s(if record == "ExchangeAdmin" {
                format!("{}:{}", e.ip, rng.range(20_000, 60_000))
            } else {
                e.ip.to_string()
            });
            row[c.ClientInfoString] = s("Client=OWA;Action=ViaProxy");
            row[c.MailboxOwnerUPN] = e.user.v_upn.clone();
            row[c.LogonUserDisplayName] = e.user.v_name.clone();
            row[c.OriginatingServer] = s("CH2PR04MB6789 (15.20.8158.017)");
            if record == "ExchangeItem" {
                row[c.MailboxGuid] = u(rng.guid());
                row[c.Folder] = s("Inbox");
            }
        } else {
            row[c.ClientIP] = s(e.ip);
        }
        if let Some((name, folder)) = e.file {
            row[c.SourceFileName] = s(name);
            row[c.SourceFileExtension] = s(name.rsplit('.').next().unwrap_or(""));
            row[c.SourceRelativeUrl] = s(folder.split_once(".example/").map_or("", |(_, p)| p));
            row[c.Site_Url] = s(folder.split("/Shared").next().unwrap_or(folder));
            row[c.OfficeObjectId] = s(format!("{folder}/{name}"));
            row[c.ItemType] = s("File");
        }
        if let Some(p) = &e.parameters {
            row[c.Parameters] = s(p);
        }
        if let Some(o) = &e.object {
            row[c.OfficeObjectId] = s(o);
        }
        if let Some(tu) = e.target_user {
            row[c.TargetUserOrGroupName] = s(tu);
            row[c.TargetUserOrGroupType] = s(if tu.contains('#') || !tu.ends_with(DOMAIN) {
                "Guest"
            } else {
                "Member"
            });
        }
        t.push(row);
    }
}

/// The SharePoint libraries people work in.
pub const SITES: [&str; 4] = [
    "https://lakeshoremills.sharepoint.example/sites/Finance/Shared Documents",
    "https://lakeshoremills.sharepoint.example/sites/Operations/Shared Documents",
    "https://lakeshoremills.sharepoint.example/sites/Sales/Shared Documents",
    "https://lakeshoremills.sharepoint.example/sites/Engineering/Shared Documents",
];

const FILES: [&str; 10] = [
    "Q3 forecast.xlsx",
    "Plant capacity 2026.xlsx",
    "Vendor onboarding.docx",
    "Board deck.pptx",
    "Price list.xlsx",
    "Line 2 SOP.docx",
    "Freight quotes.xlsx",
    "Hiring plan.xlsx",
    "Customer renewals.xlsx",
    "Design review.pptx",
];

/// Everyday Office 365 activity.
pub fn activity(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = OfficeWriter::new(&g.t.office);
    let tenant = &g.tenant;
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let time = r.working_time(g.start, g.now);
        let ip = if r.chance(0.6) {
            &tenant.office_ips[0].address
        } else {
            &tenant.home_ips[user.home_ip].address
        };
        let operation = *r.weighted(&[
            ("FileAccessed", 30),
            ("FileModified", 15),
            ("FileDownloaded", 10),
            ("FileUploaded", 8),
            ("MailItemsAccessed", 20),
            ("Send", 10),
            ("SharingSet", 2),
            ("MoveToDeletedItems", 3),
            ("MessageSent", 2),
        ]);
        let file = (!matches!(
            operation,
            "MailItemsAccessed" | "Send" | "MoveToDeletedItems" | "MessageSent"
        ))
        .then(|| (*r.pick(&FILES), *r.pick(&SITES)));
        let target = (operation == "SharingSet").then(|| {
            tenant.users[r.below(tenant.users.len() as u64) as usize]
                .upn
                .as_str()
        });
        w.write(
            &mut g.t.office,
            r,
            &OfficeEvent {
                time,
                user,
                ip,
                operation,
                file,
                parameters: None,
                object: None,
                target_user: target,
            },
        );
    }
}
