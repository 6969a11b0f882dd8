//! Windows security events from the servers and domain controllers.

use kql::Value;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, u, TableWriter};
use crate::demo::tenant::{Host, HostKind, NETBIOS};
use crate::time::TICKS_PER_SECOND;

columns!(SecurityEventCols {
    TimeGenerated,
    SourceSystem,
    Account,
    AccountType,
    Computer,
    EventSourceName,
    Channel,
    Task,
    Level,
    EventID,
    Activity,
    SourceComputerId,
    EventOriginId,
    MG,
    ManagementGroupName,
    TimeCollected,
    AuthenticationPackageName,
    IpAddress,
    IpPort,
    LogonProcessName,
    LogonType,
    LogonTypeName,
    Status,
    SubStatus,
    FailureReason,
    SubjectAccount,
    SubjectDomainName,
    SubjectLogonId,
    SubjectUserName,
    SubjectUserSid,
    TargetAccount,
    TargetDomainName,
    TargetLogonId,
    TargetUserName,
    TargetUserSid,
    WorkstationName,
    NewProcessName,
    NewProcessId,
    CommandLine,
    ParentProcessName,
    Process,
    ProcessId,
    TokenElevationType,
    PrivilegeList,
    ShareName,
    ObjectName,
    ElevatedToken,
    ImpersonationLevel,
    LogonGuid,
    KeyLength,
    LmPackageName,
});

/// One Windows security event.
#[derive(Default)]
pub struct WinEvent<'a> {
    pub time: i64,
    pub event_id: i32,
    /// The target account's name and SID.
    pub target: Option<(&'a str, &'a str)>,
    pub logon_type: Option<i32>,
    pub ip: Option<&'a str>,
    pub workstation: Option<&'a str>,
    pub sub_status: Option<&'a str>,
    /// New process path, command line, parent path.
    pub process: Option<(&'a str, &'a str, &'a str)>,
    pub share: Option<&'a str>,
    pub auth_package: Option<&'a str>,
}

fn activity(id: i32) -> &'static str {
    match id {
        4624 => "4624 - An account was successfully logged on.",
        4625 => "4625 - An account failed to log on.",
        4634 => "4634 - An account was logged off.",
        4672 => "4672 - Special privileges assigned to new logon.",
        4688 => "4688 - A new process has been created.",
        4768 => "4768 - A Kerberos authentication ticket (TGT) was requested.",
        4769 => "4769 - A Kerberos service ticket was requested.",
        4776 => {
            "4776 - The domain controller attempted to validate the credentials for an account."
        }
        5140 => "5140 - A network share object was accessed.",
        4740 => "4740 - A user account was locked out.",
        4732 => "4732 - A member was added to a security-enabled local group.",
        7045 => "7045 - A service was installed in the system.",
        _ => "",
    }
}

fn logon_type_name(t: i32) -> &'static str {
    match t {
        2 => "2 - Interactive",
        3 => "3 - Network",
        4 => "4 - Batch",
        5 => "5 - Service",
        7 => "7 - Unlock",
        10 => "10 - RemoteInteractive",
        11 => "11 - CachedInteractive",
        _ => "0 - Unknown",
    }
}

/// Writes security events.
pub struct WinEventWriter {
    c: SecurityEventCols,
}

impl WinEventWriter {
    /// A writer for SecurityEvent.
    pub fn new(t: &TableWriter) -> WinEventWriter {
        WinEventWriter {
            c: SecurityEventCols::new(t),
        }
    }

    /// Appends one event from `host`.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, host: &Host, e: &WinEvent) {
        let c = &self.c;
        let mut row = t.row();
        row[c.TimeGenerated] = dt(e.time);
        row[c.TimeCollected] = dt(e.time + rng.range(1, 30) * TICKS_PER_SECOND);
        row[c.SourceSystem] = s("OpsManager");
        row[c.Computer] = host.v_fqdn.clone();
        row[c.EventSourceName] = s("Microsoft-Windows-Security-Auditing");
        row[c.Channel] = s("Security");
        row[c.EventID] = Value::Int(e.event_id);
        row[c.Activity] = s(activity(e.event_id));
        row[c.Level] = s(if e.event_id == 4625 { "16" } else { "8" });
        row[c.Task] = Value::Int(match e.event_id {
            4624 | 4625 | 4634 => 12544,
            4672 => 12548,
            4688 => 13312,
            4768 | 4769 => 14339,
            4776 => 14336,
            _ => 12288,
        });
        row[c.SourceComputerId] = s(&host.aad_device_id);
        row[c.EventOriginId] = u(rng.guid());
        row[c.MG] = s("00000000-0000-0000-0000-000000000002");
        row[c.ManagementGroupName] = s("AOI-3c9e2f71-58ad-4e0b-b6c4-91d2a7f5e038");
        let machine = format!("{}$", host.name);
        let (name, sid) = e.target.unwrap_or((machine.as_str(), "S-1-5-18"));
        let account = format!("{NETBIOS}\\{name}");
        row[c.Account] = s(&account);
        row[c.AccountType] = s(if name.ends_with('$') {
            "Machine"
        } else {
            "User"
        });
        row[c.TargetAccount] = s(&account);
        row[c.TargetUserName] = s(name);
        row[c.TargetDomainName] = s(NETBIOS);
        row[c.TargetUserSid] = s(if e.event_id == 4625 { "S-1-0-0" } else { sid });
        row[c.SubjectUserSid] = s(if e.logon_type == Some(3) || e.event_id == 4625 {
            "S-1-0-0"
        } else {
            "S-1-5-18"
        });
        row[c.SubjectUserName] = s("-");
        row[c.SubjectDomainName] = s("-");
        row[c.SubjectAccount] = s("-\\-");
        row[c.SubjectLogonId] = s("0x0");
        if matches!(e.event_id, 4624 | 4634 | 4672) {
            row[c.TargetLogonId] = u(format!("0x{:x}", rng.range(0x10_0000, 0xff_ffff)));
        }
        if let Some(lt) = e.logon_type {
            row[c.LogonType] = Value::Int(lt);
            row[c.LogonTypeName] = s(logon_type_name(lt));
            let package = e
                .auth_package
                .unwrap_or(if lt == 3 { "NTLM" } else { "Negotiate" });
            row[c.AuthenticationPackageName] = s(package);
            row[c.LogonProcessName] = s(if package == "NTLM" {
                "NtLmSsp "
            } else {
                "User32 "
            });
            row[c.LmPackageName] = s(if package == "NTLM" { "NTLM V2" } else { "-" });
            row[c.KeyLength] = Value::Int(if package == "NTLM" { 128 } else { 0 });
            row[c.ImpersonationLevel] = s("%%1833");
            row[c.ElevatedToken] = s(
                if name.starts_with("adm") || name.eq_ignore_ascii_case("administrator") {
                    "%%1842"
                } else {
                    "%%1843"
                },
            );
            row[c.LogonGuid] = s("{00000000-0000-0000-0000-000000000000}");
        }
        if let Some(ip) = e.ip {
            row[c.IpAddress] = s(ip);
            row[c.IpPort] = s(rng.range(49_152, 65_535).to_string());
        }
        if let Some(w) = e.workstation {
            row[c.WorkstationName] = s(w);
        }
        if let Some(sub) = e.sub_status {
            row[c.Status] = s("0xc000006d");
            row[c.SubStatus] = s(sub);
            row[c.FailureReason] = s("%%2313");
        }
        if let Some((path, cmd, parent)) = e.process {
            row[c.NewProcessName] = s(path);
            row[c.NewProcessId] = s(format!("0x{:x}", rng.range(0x400, 0x3fff)));
            row[c.CommandLine] = s(cmd);
            row[c.ParentProcessName] = s(parent);
            row[c.Process] = s(path.rsplit('\\').next().unwrap_or(path));
            row[c.ProcessId] = s(format!("0x{:x}", rng.range(0x400, 0x3fff)));
            row[c.TokenElevationType] = s("%%1936");
            row[c.SubjectUserName] = s(name);
            row[c.SubjectDomainName] = s(NETBIOS);
            row[c.SubjectAccount] = s(&account);
            row[c.SubjectUserSid] = s(sid);
        }
        if e.event_id == 4672 {
            row[c.PrivilegeList] = s("SeSecurityPrivilege\n\t\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeDebugPrivilege");
            row[c.SubjectUserName] = s(name);
            row[c.SubjectAccount] = s(&account);
            row[c.SubjectUserSid] = s(sid);
        }
        if let Some(share) = e.share {
            row[c.ShareName] = s(share);
            row[c.ObjectName] = s(share);
        }
        t.push(row);
    }
}

const SERVER_PROCESSES: [(&str, &str, &str); 8] = [
    ("C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", "C:\\Windows\\System32\\services.exe"),
    ("C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", "C:\\Windows\\System32\\cmd.exe"),
    ("C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe", "\"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe\" -Embedding", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Windows\\System32\\backgroundTaskHost.exe", "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider", "C:\\Windows\\System32\\svchost.exe"),
    ("C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe", "\"MsSense.exe\"", "C:\\Windows\\System32\\services.exe"),
    ("C:\\Windows\\System32\\gpupdate.exe", "gpupdate /target:computer", "C:\\Windows\\System32\\svchost.exe"),
];

/// Everyday server activity: network and interactive logons, logoffs, Kerberos and NTLM on the
/// domain controllers, share access, service processes, the odd mistyped password.
pub fn security_events(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = WinEventWriter::new(&g.t.security_event);
    g.t.security_event.reserve(n + 1_000);
    let tenant = &g.tenant;
    let servers: Vec<&Host> = tenant
        .hosts
        .iter()
        .filter(|h| matches!(h.kind, HostKind::WindowsServer | HostKind::DomainController))
        .collect();
    for _ in 0..n {
        let host = *r.pick(&servers);
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let laptop = tenant.laptop(user);
        let time = r.working_time(g.start, g.now);
        let dc = host.kind == HostKind::DomainController;
        let kind = r.below(100);
        let mut e = WinEvent {
            time,
            target: Some((&user.account, &user.sid)),
            ip: Some(&laptop.ip),
            workstation: Some(&laptop.name),
            ..WinEvent::default()
        };
        match (dc, kind) {
            (true, 0..=29) => e.event_id = 4768,
            (true, 30..=54) => e.event_id = 4769,
            (true, 55..=69) => {
                e.event_id = 4776;
                e.ip = None;
            }
            (_, 0..=44) => {
                e.event_id = 4624;
                e.logon_type = Some(*r.weighted(&[(3, 90), (2, 3), (10, 4), (5, 3)]));
                if e.logon_type == Some(10) && !user.is_admin {
                    e.logon_type = Some(3);
                }
                e.auth_package = Some(if r.chance(0.7) { "Kerberos" } else { "NTLM" });
            }
            (_, 45..=64) => {
                e.event_id = 4634;
                e.logon_type = Some(3);
            }
            (_, 65..=72) => {
                e.event_id = 4672;
                e.target = None;
            }
            (_, 73..=87) => {
                e.event_id = 4688;
                e.target = None;
                e.ip = None;
                e.workstation = None;
                let p = r.pick(&SERVER_PROCESSES);
                e.process = Some((p.0, p.1, p.2));
            }
            (_, 88..=96) => {
                e.event_id = 5140;
                e.share = Some(*r.pick(&[
                    "\\\\*\\Finance",
                    "\\\\*\\Projects",
                    "\\\\*\\SYSVOL",
                    "\\\\*\\IPC$",
                ]));
            }
            _ => {
                e.event_id = 4625;
                e.logon_type = Some(3);
                e.sub_status = Some("0xc000006a");
            }
        }
        w.write(&mut g.t.security_event, r, host, &e);
    }
}
