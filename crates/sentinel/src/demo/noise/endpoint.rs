//! Defender for Endpoint telemetry from the laptops and servers: processes, connections, logons
//! and files.

use kql::Value;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, TableWriter};
use crate::demo::tenant::{Host, HostKind, User, NETBIOS};
use crate::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// A stable fake digest of a text (hex, `len` digits), so a binary has one hash everywhere.
pub fn digest(text: &str, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut round = 0u64;
    while out.len() < len {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ round;
        for b in text.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
        round += 1;
    }
    out.truncate(len);
    out
}

/// A process as the Device tables describe it.
#[derive(Clone, Debug)]
pub struct Proc {
    pub file_name: String,
    pub folder: String,
    pub command_line: String,
    pub pid: i64,
    pub started: i64,
    pub sha256: String,
    pub company: &'static str,
    /// The account it runs as: (name, SID, UPN); `None` for SYSTEM.
    pub account: Option<(String, String, String)>,
}

impl Proc {
    /// A process of a known binary, with a stable hash.
    pub fn new(
        file_name: &str,
        folder: &str,
        command_line: &str,
        pid: i64,
        started: i64,
        user: Option<&User>,
    ) -> Proc {
        let company = if folder.contains("Microsoft") || folder.starts_with("C:\\Windows") {
            "Microsoft Corporation"
        } else {
            ""
        };
        Proc {
            file_name: file_name.into(),
            folder: folder.into(),
            command_line: command_line.into(),
            pid,
            started,
            sha256: digest(file_name, 64),
            company,
            account: user.map(|u| (u.account.clone(), u.sid.clone(), u.upn.clone())),
        }
    }
}

columns!(DeviceCols {
    TimeGenerated,
    Timestamp,
    DeviceId,
    DeviceName,
    ReportId,
    MachineGroup,
    SourceSystem,
    InitiatingProcessAccountDomain,
    InitiatingProcessAccountName,
    InitiatingProcessAccountSid,
    InitiatingProcessAccountUpn,
    InitiatingProcessCommandLine,
    InitiatingProcessCreationTime,
    InitiatingProcessFileName,
    InitiatingProcessFolderPath,
    InitiatingProcessId,
    InitiatingProcessIntegrityLevel,
    InitiatingProcessSHA256,
    InitiatingProcessSHA1,
    InitiatingProcessMD5,
    InitiatingProcessParentFileName,
    InitiatingProcessParentId,
    InitiatingProcessTokenElevation,
    InitiatingProcessVersionInfoCompanyName,
});

impl DeviceCols {
    /// Fills the device and initiating-process columns.
    pub fn fill(
        &self,
        row: &mut [Value],
        rng: &mut Rng,
        host: &Host,
        time: i64,
        p: &Proc,
        parent: &str,
    ) {
        row[self.TimeGenerated] = dt(time);
        row[self.Timestamp] = dt(time - rng.range(1, 90) * TICKS_PER_SECOND);
        row[self.DeviceId] = host.v_device_id.clone();
        row[self.DeviceName] = host.v_fqdn.clone();
        row[self.ReportId] = Value::Long(rng.range(1_000, 999_999));
        row[self.MachineGroup] = s(if host.kind == HostKind::Workstation {
            "Workstations"
        } else {
            "Servers"
        });
        row[self.SourceSystem] = s("Microsoft 365 Defender");
        match &p.account {
            Some((name, sid, upn)) => {
                row[self.InitiatingProcessAccountDomain] = s(NETBIOS.to_lowercase());
                row[self.InitiatingProcessAccountName] = s(name);
                row[self.InitiatingProcessAccountSid] = s(sid);
                row[self.InitiatingProcessAccountUpn] = s(upn);
                row[self.InitiatingProcessIntegrityLevel] = s("Medium");
                row[self.InitiatingProcessTokenElevation] = s("TokenElevationTypeLimited");
            }
            None => {
                row[self.InitiatingProcessAccountDomain] = s("nt authority");
                row[self.InitiatingProcessAccountName] = s("system");
                row[self.InitiatingProcessAccountSid] = s("S-1-5-18");
                row[self.InitiatingProcessIntegrityLevel] = s("System");
                row[self.InitiatingProcessTokenElevation] = s("TokenElevationTypeDefault");
            }
        }
        row[self.InitiatingProcessCommandLine] = s(&p.command_line);
        row[self.InitiatingProcessCreationTime] = dt(p.started);
        row[self.InitiatingProcessFileName] = s(&p.file_name);
        row[self.InitiatingProcessFolderPath] =
            s(format!("{}\\{}", p.folder, p.file_name).to_lowercase());
        row[self.InitiatingProcessId] = Value::Long(p.pid);
        row[self.InitiatingProcessSHA256] = s(&p.sha256);
        row[self.InitiatingProcessSHA1] = s(&p.sha256[..40]);
        row[self.InitiatingProcessMD5] = s(&p.sha256[..32]);
        row[self.InitiatingProcessParentFileName] = s(parent);
        row[self.InitiatingProcessParentId] = Value::Long(p.pid / 3 + 4);
        row[self.InitiatingProcessVersionInfoCompanyName] = s(p.company);
    }
}

columns!(ProcessCols {
    ActionType,
    FileName,
    FolderPath,
    FileSize,
    SHA1,
    SHA256,
    MD5,
    ProcessId,
    ProcessCommandLine,
    ProcessCreationTime,
    ProcessIntegrityLevel,
    ProcessTokenElevation,
    ProcessVersionInfoCompanyName,
    ProcessVersionInfoOriginalFileName,
    AccountDomain,
    AccountName,
    AccountSid,
    AccountUpn,
    LogonId,
});

/// Writes DeviceProcessEvents rows.
pub struct ProcessWriter {
    d: DeviceCols,
    c: ProcessCols,
}

impl ProcessWriter {
    /// A writer for DeviceProcessEvents.
    pub fn new(t: &TableWriter) -> ProcessWriter {
        ProcessWriter {
            d: DeviceCols::new(t),
            c: ProcessCols::new(t),
        }
    }

    /// Appends "`parent` started `child`" on `host`.
    pub fn write(
        &self,
        t: &mut TableWriter,
        rng: &mut Rng,
        host: &Host,
        parent: &Proc,
        grandparent: &str,
        child: &Proc,
    ) {
        let (c, mut row) = (&self.c, t.row());
        self.d
            .fill(&mut row, rng, host, child.started, parent, grandparent);
        row[c.ActionType] = s("ProcessCreated");
        row[c.FileName] = s(&child.file_name);
        row[c.FolderPath] = s(format!("{}\\{}", child.folder, child.file_name));
        row[c.FileSize] = Value::Long(50_000 + (child.pid * 37) % 4_000_000);
        row[c.SHA256] = s(&child.sha256);
        row[c.SHA1] = s(&child.sha256[..40]);
        row[c.MD5] = s(&child.sha256[..32]);
        row[c.ProcessId] = Value::Long(child.pid);
        row[c.ProcessCommandLine] = s(&child.command_line);
        row[c.ProcessCreationTime] = dt(child.started);
        row[c.ProcessVersionInfoCompanyName] = s(child.company);
        row[c.ProcessVersionInfoOriginalFileName] = s(&child.file_name);
        match &child.account {
            Some((name, sid, upn)) => {
                row[c.AccountDomain] = s(NETBIOS.to_lowercase());
                row[c.AccountName] = s(name);
                row[c.AccountSid] = s(sid);
                row[c.AccountUpn] = s(upn);
                row[c.ProcessIntegrityLevel] = s("Medium");
                row[c.ProcessTokenElevation] = s("TokenElevationTypeLimited");
            }
            None => {
                row[c.AccountDomain] = s("nt authority");
                row[c.AccountName] = s("system");
                row[c.AccountSid] = s("S-1-5-18");
                row[c.ProcessIntegrityLevel] = s("System");
                row[c.ProcessTokenElevation] = s("TokenElevationTypeDefault");
            }
        }
        row[c.LogonId] = Value::Long(rng.range(100_000, 9_999_999));
        t.push(row);
    }
}

columns!(NetworkCols {
    ActionType,
    RemoteIP,
    RemotePort,
    RemoteUrl,
    RemoteIPType,
    LocalIP,
    LocalPort,
    LocalIPType,
    Protocol
});

/// One connection.
pub struct Connection<'a> {
    pub time: i64,
    pub action: &'a str,
    pub remote_ip: &'a str,
    pub remote_port: i32,
    pub remote_url: Option<&'a str>,
}

/// Writes DeviceNetworkEvents rows.
pub struct NetworkWriter {
    d: DeviceCols,
    c: NetworkCols,
}

impl NetworkWriter {
    /// A writer for DeviceNetworkEvents.
    pub fn new(t: &TableWriter) -> NetworkWriter {
        NetworkWriter {
            d: DeviceCols::new(t),
            c: NetworkCols::new(t),
        }
    }

    /// Appends a connection `p` made from `host`.
    pub fn write(
        &self,
        t: &mut TableWriter,
        rng: &mut Rng,
        host: &Host,
        p: &Proc,
        parent: &str,
        e: &Connection,
    ) {
        let (c, mut row) = (&self.c, t.row());
        self.d.fill(&mut row, rng, host, e.time, p, parent);
        row[c.ActionType] = s(e.action);
        row[c.RemoteIP] = s(e.remote_ip);
        row[c.RemotePort] = Value::Int(e.remote_port);
        row[c.RemoteUrl] = e.remote_url.map_or(Value::Null, s);
        row[c.RemoteIPType] = s(if e.remote_ip.starts_with("10.") {
            "Private"
        } else {
            "Public"
        });
        row[c.LocalIP] = host.v_ip.clone();
        row[c.LocalPort] = Value::Int(rng.range(49_152, 65_535) as i32);
        row[c.LocalIPType] = s("Private");
        row[c.Protocol] = s("Tcp");
        t.push(row);
    }
}

columns!(LogonCols {
    ActionType,
    AccountDomain,
    AccountName,
    AccountSid,
    LogonType,
    FailureReason,
    IsLocalAdmin,
    LogonId,
    Protocol,
    RemoteIP,
    RemoteIPType,
    RemotePort
});

/// One logon on a device.
pub struct DeviceLogon<'a> {
    pub time: i64,
    pub user: (&'a str, &'a str),
    pub success: bool,
    pub logon_type: &'a str,
    pub remote_ip: Option<&'a str>,
    pub local_admin: bool,
    pub failure: Option<&'a str>,
}

/// Writes DeviceLogonEvents rows.
pub struct LogonWriter {
    d: DeviceCols,
    c: LogonCols,
}

impl LogonWriter {
    /// A writer for DeviceLogonEvents.
    pub fn new(t: &TableWriter) -> LogonWriter {
        LogonWriter {
            d: DeviceCols::new(t),
            c: LogonCols::new(t),
        }
    }

    /// Appends one logon on `host`.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, host: &Host, e: &DeviceLogon) {
        let (c, mut row) = (&self.c, t.row());
        let lsass = Proc::new(
            "lsass.exe",
            "C:\\Windows\\System32",
            "lsass.exe",
            812,
            e.time - 86_400 * TICKS_PER_SECOND,
            None,
        );
        self.d
            .fill(&mut row, rng, host, e.time, &lsass, "wininit.exe");
        row[c.ActionType] = s(if e.success {
            "LogonSuccess"
        } else {
            "LogonFailed"
        });
        row[c.AccountDomain] = s(NETBIOS.to_lowercase());
        row[c.AccountName] = s(e.user.0);
        row[c.AccountSid] = s(e.user.1);
        row[c.LogonType] = s(e.logon_type);
        row[c.FailureReason] = e.failure.map_or(Value::Null, s);
        row[c.IsLocalAdmin] = Value::Bool(e.local_admin);
        row[c.LogonId] = Value::Long(rng.range(100_000, 9_999_999));
        row[c.Protocol] = s(if e.logon_type == "Network" {
            "NTLM"
        } else {
            "Negotiate"
        });
        if let Some(ip) = e.remote_ip {
            row[c.RemoteIP] = s(ip);
            row[c.RemoteIPType] = s(if ip.starts_with("10.") {
                "Private"
            } else {
                "Public"
            });
            row[c.RemotePort] = Value::Int(rng.range(49_152, 65_535) as i32);
        }
        t.push(row);
    }
}

columns!(FileCols {
    ActionType,
    FileName,
    FolderPath,
    FileSize,
    SHA1,
    SHA256,
    MD5,
    FileOriginUrl,
    RequestProtocol
});

/// One file event.
pub struct FileEvent<'a> {
    pub time: i64,
    pub action: &'a str,
    pub name: &'a str,
    pub folder: &'a str,
    pub sha256: &'a str,
    pub origin_url: Option<&'a str>,
}

/// Writes DeviceFileEvents rows.
pub struct FileWriter {
    d: DeviceCols,
    c: FileCols,
}

impl FileWriter {
    /// A writer for DeviceFileEvents.
    pub fn new(t: &TableWriter) -> FileWriter {
        FileWriter {
            d: DeviceCols::new(t),
            c: FileCols::new(t),
        }
    }

    /// Appends one file event caused by `p` on `host`.
    pub fn write(
        &self,
        t: &mut TableWriter,
        rng: &mut Rng,
        host: &Host,
        p: &Proc,
        parent: &str,
        e: &FileEvent,
    ) {
        let (c, mut row) = (&self.c, t.row());
        self.d.fill(&mut row, rng, host, e.time, p, parent);
        row[c.ActionType] = s(e.action);
        row[c.FileName] = s(e.name);
        row[c.FolderPath] = s(format!("{}\\{}", e.folder, e.name));
        row[c.FileSize] = Value::Long(rng.range(8_000, 6_000_000));
        row[c.SHA256] = s(e.sha256);
        row[c.SHA1] = s(&e.sha256[..40]);
        row[c.MD5] = s(&e.sha256[..32]);
        row[c.FileOriginUrl] = e.origin_url.map_or(Value::Null, s);
        row[c.RequestProtocol] = s("Local");
        t.push(row);
    }
}

/// Everyday applications on a laptop: (file, folder, command line).
const APPS: [(&str, &str, &str); 10] = [
    (
        "msedge.exe",
        "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
        "\"msedge.exe\" --single-argument https://lakeshoremills.sharepoint.example/",
    ),
    (
        "chrome.exe",
        "C:\\Program Files\\Google\\Chrome\\Application",
        "\"chrome.exe\"",
    ),
    (
        "OUTLOOK.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16",
        "\"OUTLOOK.EXE\"",
    ),
    (
        "WINWORD.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16",
        "\"WINWORD.EXE\" /n",
    ),
    (
        "EXCEL.EXE",
        "C:\\Program Files\\Microsoft Office\\root\\Office16",
        "\"EXCEL.EXE\"",
    ),
    (
        "ms-teams.exe",
        "C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe",
        "\"ms-teams.exe\"",
    ),
    (
        "OneDrive.exe",
        "C:\\Program Files\\Microsoft OneDrive",
        "\"OneDrive.exe\" /background",
    ),
    ("notepad.exe", "C:\\Windows\\System32", "\"notepad.exe\""),
    (
        "AcroRd32.exe",
        "C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat",
        "\"AcroRd32.exe\"",
    ),
    (
        "Code.exe",
        "C:\\Users\\Public\\AppData\\Local\\Programs\\Microsoft VS Code",
        "\"Code.exe\"",
    ),
];

const ADMIN_TOOLS: [(&str, &str, &str); 4] = [
    (
        "powershell.exe",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
        "powershell.exe -NoProfile -Command Get-Service | Where-Object Status -eq Stopped",
    ),
    (
        "cmd.exe",
        "C:\\Windows\\System32",
        "cmd.exe /c ipconfig /all",
    ),
    (
        "mmc.exe",
        "C:\\Windows\\System32",
        "\"mmc.exe\" \"C:\\Windows\\system32\\dsa.msc\"",
    ),
    (
        "mstsc.exe",
        "C:\\Windows\\System32",
        "\"mstsc.exe\" /v:lm-app01",
    ),
];

fn explorer(user: &User, time: i64) -> Proc {
    Proc::new(
        "explorer.exe",
        "C:\\Windows",
        "C:\\Windows\\Explorer.EXE",
        4_312,
        time - 3 * 3_600 * TICKS_PER_SECOND,
        Some(user),
    )
}

/// Everyday processes: people start their applications; admins use their tools.
pub fn processes(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = ProcessWriter::new(&g.t.process);
    g.t.process.reserve(n + 200);
    let tenant = &g.tenant;
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let host = tenant.laptop(user);
        let time = r.working_time(g.start, g.now);
        let parent = explorer(user, time);
        let (file, folder, cmd) = if user.is_admin && r.chance(0.3) {
            *r.pick(&ADMIN_TOOLS)
        } else {
            *r.pick(&APPS)
        };
        let child = Proc::new(file, folder, cmd, r.range(1_000, 60_000), time, Some(user));
        w.write(&mut g.t.process, r, host, &parent, "userinit.exe", &child);
    }
}

/// Everyday connections: applications talking to cloud services, laptops to the domain
/// controllers and file server.
pub fn network(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = NetworkWriter::new(&g.t.network);
    g.t.network.reserve(n + 500);
    let tenant = &g.tenant;
    let dc = tenant.host("LM-DC01");
    let fs = tenant.host("LM-FS01");
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let host = tenant.laptop(user);
        let time = r.working_time(g.start, g.now);
        let (file, folder, cmd) = *r.pick(&APPS[..7]);
        let p = Proc::new(
            file,
            folder,
            cmd,
            2_000 + (user.laptop as i64 * 97) % 50_000,
            time - 20 * TICKS_PER_MINUTE,
            Some(user),
        );
        let internal = r.chance(0.2);
        if internal {
            let (target, port) = if r.chance(0.6) {
                (dc, *r.pick(&[88, 389, 445, 135]))
            } else {
                (fs, 445)
            };
            let sys = Proc::new(
                "svchost.exe",
                "C:\\Windows\\System32",
                "svchost.exe -k NetworkService -p",
                1_204,
                time - 86_400 * TICKS_PER_SECOND,
                None,
            );
            w.write(
                &mut g.t.network,
                r,
                host,
                &sys,
                "services.exe",
                &Connection {
                    time,
                    action: "ConnectionSuccess",
                    remote_ip: &target.ip,
                    remote_port: port,
                    remote_url: None,
                },
            );
        } else {
            let svc = &tenant.services[r.below(tenant.services.len() as u64) as usize];
            let action = if r.chance(0.97) {
                "ConnectionSuccess"
            } else {
                "ConnectionFailed"
            };
            w.write(
                &mut g.t.network,
                r,
                host,
                &p,
                "explorer.exe",
                &Connection {
                    time,
                    action,
                    remote_ip: &svc.ip,
                    remote_port: 443,
                    remote_url: Some(svc.url),
                },
            );
        }
    }
}

/// Everyday logons on laptops: sign-in, unlock, the odd wrong password.
pub fn logons(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = LogonWriter::new(&g.t.logon);
    let tenant = &g.tenant;
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let host = tenant.laptop(user);
        let time = r.working_time(g.start, g.now);
        let success = r.chance(0.96);
        let logon_type = *r.weighted(&[
            ("Interactive", 30),
            ("Unlock", 45),
            ("Network", 15),
            ("CachedInteractive", 10),
        ]);
        w.write(
            &mut g.t.logon,
            r,
            host,
            &DeviceLogon {
                time,
                user: (&user.account, &user.sid),
                success,
                logon_type,
                remote_ip: (logon_type == "Network").then_some(tenant.host("LM-DC01").ip.as_str()),
                local_admin: user.is_admin,
                failure: (!success).then_some("InvalidUserNameOrPassword"),
            },
        );
    }
}

const DOCUMENTS: [&str; 12] = [
    "Q3 forecast.xlsx",
    "Supplier contract - Harbor Steel.docx",
    "Line 4 maintenance plan.docx",
    "Invoice_20931.pdf",
    "Team offsite agenda.docx",
    "Shipping schedule.xlsx",
    "Budget review.pptx",
    "Quality audit notes.docx",
    "Timesheet.xlsx",
    "Safety training.pdf",
    "Customer list - Midwest.xlsx",
    "Press release draft.docx",
];

/// Everyday file activity: documents saved and downloaded.
pub fn files(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = FileWriter::new(&g.t.file);
    let tenant = &g.tenant;
    for _ in 0..n {
        let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
        let host = tenant.laptop(user);
        let time = r.working_time(g.start, g.now);
        let name = *r.pick(&DOCUMENTS);
        let download = r.chance(0.25);
        let (file, folder, cmd) = if download {
            APPS[0]
        } else if name.ends_with("xlsx") {
            APPS[4]
        } else {
            APPS[3]
        };
        let p = Proc::new(
            file,
            folder,
            cmd,
            r.range(1_000, 60_000),
            time - 10 * TICKS_PER_MINUTE,
            Some(user),
        );
        let dir = format!(
            "C:\\Users\\{}\\{}",
            user.account,
            if download { "Downloads" } else { "Documents" }
        );
        let hash = digest(&format!("{name}{}", r.below(4)), 64);
        let action = if r.chance(0.6) {
            "FileCreated"
        } else {
            "FileModified"
        };
        w.write(
            &mut g.t.file,
            r,
            host,
            &p,
            "explorer.exe",
            &FileEvent {
                time,
                action,
                name,
                folder: &dir,
                sha256: &hash,
                origin_url: download.then_some(
                    "https://lakeshoremills.sharepoint.example/sites/ops/Shared%20Documents",
                ),
            },
        );
    }
}
