//! The perimeter firewall (CEF), Linux Syslog and agent heartbeats.

use kql::Value;
use serde_json::json;

use crate::demo::generate::Gen;
use crate::demo::rng::Rng;
use crate::demo::tables::{columns, dt, s, TableWriter};
use crate::demo::tenant::{Host, HostKind};
use crate::time::{TICKS_PER_HOUR, TICKS_PER_SECOND};

columns!(FirewallCols {
    TimeGenerated,
    SourceSystem,
    Computer,
    DeviceVendor,
    DeviceProduct,
    DeviceVersion,
    DeviceEventClassID,
    Activity,
    LogSeverity,
    DeviceAction,
    SimplifiedDeviceAction,
    ApplicationProtocol,
    CommunicationDirection,
    DestinationIP,
    DestinationPort,
    SourceIP,
    SourcePort,
    SourceTranslatedAddress,
    Protocol,
    SentBytes,
    ReceivedBytes,
    DeviceName,
    DeviceAddress,
    DeviceCustomString1,
    DeviceCustomString1Label,
    EventCount,
    SourceUserName,
    RemoteIP,
    RemotePort,
    DeviceInboundInterface,
    DeviceOutboundInterface,
});

/// One firewall record.
pub struct FirewallEvent<'a> {
    pub time: i64,
    pub source_ip: &'a str,
    pub source_port: i32,
    pub destination_ip: &'a str,
    pub destination_port: i32,
    pub action: &'a str,
    pub inbound: bool,
    pub rule: &'a str,
    pub application: &'a str,
    pub user: Option<&'a str>,
    pub activity: &'a str,
}

/// Writes CommonSecurityLog rows from the perimeter Palo Alto firewall.
pub struct FirewallWriter {
    c: FirewallCols,
}

impl FirewallWriter {
    /// A writer for CommonSecurityLog.
    pub fn new(t: &TableWriter) -> FirewallWriter {
        FirewallWriter {
            c: FirewallCols::new(t),
        }
    }

    /// Appends one record.
    pub fn write(&self, t: &mut TableWriter, rng: &mut Rng, e: &FirewallEvent) {
        let (c, mut row) = (&self.c, t.row());
        row[c.TimeGenerated] = dt(e.time);
        row[c.SourceSystem] = s("OpsManager");
        row[c.Computer] = s("lm-cef-01");
        row[c.DeviceVendor] = s("Palo Alto Networks");
        row[c.DeviceProduct] = s("PAN-OS");
        row[c.DeviceVersion] = s("11.1.2");
        row[c.DeviceName] = s("LM-PA-EDGE01");
        row[c.DeviceAddress] = s("10.40.0.1");
        row[c.DeviceEventClassID] = s(if e.activity == "THREAT" {
            "vulnerability"
        } else {
            "end"
        });
        row[c.Activity] = s(e.activity);
        row[c.LogSeverity] = s(if e.activity == "THREAT" { "8" } else { "1" });
        row[c.DeviceAction] = s(e.action);
        row[c.SimplifiedDeviceAction] = s(match e.action {
            "allow" => "Allow",
            "drop" => "Drop",
            _ => "Deny",
        });
        row[c.ApplicationProtocol] = s(e.application);
        row[c.CommunicationDirection] = s(if e.inbound { "Inbound" } else { "Outbound" });
        row[c.DeviceInboundInterface] = s(if e.inbound {
            "ethernet1/1"
        } else {
            "ethernet1/2"
        });
        row[c.DeviceOutboundInterface] = s(if e.inbound {
            "ethernet1/2"
        } else {
            "ethernet1/1"
        });
        row[c.SourceIP] = s(e.source_ip);
        row[c.SourcePort] = Value::Int(e.source_port);
        row[c.DestinationIP] = s(e.destination_ip);
        row[c.DestinationPort] = Value::Int(e.destination_port);
        row[c.Protocol] = s(if e.application == "dns" { "UDP" } else { "TCP" });
        let allowed = e.action == "allow";
        row[c.SentBytes] = Value::Long(if allowed {
            rng.range(400, 2_000_000)
        } else {
            0
        });
        row[c.ReceivedBytes] = Value::Long(if allowed {
            rng.range(400, 8_000_000)
        } else {
            0
        });
        row[c.EventCount] = Value::Int(1);
        row[c.DeviceCustomString1] = s(e.rule);
        row[c.DeviceCustomString1Label] = s("Rule");
        if !e.inbound && e.source_ip.starts_with("10.") {
            row[c.SourceTranslatedAddress] = s("198.51.100.10");
        }
        row[c.RemoteIP] = s(if e.inbound {
            e.source_ip
        } else {
            e.destination_ip
        });
        row[c.RemotePort] = s(if e.inbound {
            e.source_port.to_string()
        } else {
            e.destination_port.to_string()
        });
        if let Some(u) = e.user {
            row[c.SourceUserName] = s(u);
        }
        t.push(row);
    }
}

/// Everyday perimeter traffic: outbound web allowed, inbound internet noise denied.
pub fn firewall(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = FirewallWriter::new(&g.t.firewall);
    let tenant = &g.tenant;
    for _ in 0..n {
        let inbound = r.chance(0.3);
        if inbound {
            let time = r.time_between(g.start, g.now);
            let src = format!("203.0.113.{}", r.range(151, 199));
            let port = *r.pick(&[22, 23, 80, 443, 445, 3389, 8080]);
            let allowed = port == 443;
            let source_port = r.range(1_024, 65_535) as i32;
            w.write(
                &mut g.t.firewall,
                r,
                &FirewallEvent {
                    time,
                    source_ip: &src,
                    source_port,
                    destination_ip: "198.51.100.20",
                    destination_port: port,
                    action: if allowed { "allow" } else { "deny" },
                    inbound,
                    rule: if allowed {
                        "Inbound-Web"
                    } else {
                        "Default-Deny"
                    },
                    application: if allowed { "ssl" } else { "incomplete" },
                    user: None,
                    activity: "TRAFFIC",
                },
            );
        } else {
            let time = r.working_time(g.start, g.now);
            let user = &tenant.users[r.below(tenant.users.len() as u64) as usize];
            let svc = &tenant.services[r.below(tenant.services.len() as u64) as usize];
            let laptop = tenant.laptop(user);
            let upn = format!("lakeshore\\{}", user.account);
            let source_port = r.range(49_152, 65_535) as i32;
            w.write(
                &mut g.t.firewall,
                r,
                &FirewallEvent {
                    time,
                    source_ip: &laptop.ip,
                    source_port,
                    destination_ip: &svc.ip,
                    destination_port: 443,
                    action: "allow",
                    inbound,
                    rule: "Outbound-Web",
                    application: "ssl",
                    user: Some(&upn),
                    activity: "TRAFFIC",
                },
            );
        }
    }
}

columns!(SyslogCols {
    TimeGenerated,
    SourceSystem,
    Computer,
    EventTime,
    Facility,
    HostName,
    SeverityLevel,
    SyslogMessage,
    ProcessID,
    HostIP,
    ProcessName
});

/// One Syslog message.
pub struct SyslogLine<'a> {
    pub time: i64,
    pub facility: &'a str,
    pub severity: &'a str,
    pub process: &'a str,
    pub pid: i32,
    pub message: &'a str,
}

/// Writes Syslog rows.
pub struct SyslogWriter {
    c: SyslogCols,
}

impl SyslogWriter {
    /// A writer for Syslog.
    pub fn new(t: &TableWriter) -> SyslogWriter {
        SyslogWriter {
            c: SyslogCols::new(t),
        }
    }

    /// Appends one message from `host`.
    pub fn write(&self, t: &mut TableWriter, host: &Host, line: &SyslogLine) {
        let (c, mut row) = (&self.c, t.row());
        row[c.TimeGenerated] = dt(line.time);
        row[c.EventTime] = dt(line.time - TICKS_PER_SECOND);
        row[c.SourceSystem] = s("Linux");
        row[c.Computer] = host.v_name.clone();
        row[c.HostName] = host.v_name.clone();
        row[c.HostIP] = host.v_ip.clone();
        row[c.Facility] = s(line.facility);
        row[c.SeverityLevel] = s(line.severity);
        row[c.ProcessName] = s(line.process);
        row[c.ProcessID] = Value::Int(line.pid);
        row[c.SyslogMessage] = s(line.message);
        t.push(row);
    }
}

/// Everyday Linux logs: cron, systemd, ssh logins of the admins, sudo.
pub fn syslog(g: &mut Gen, r: &mut Rng, n: usize) {
    let w = SyslogWriter::new(&g.t.syslog);
    g.t.syslog.reserve(n + 2_000);
    let tenant = &g.tenant;
    let linux: Vec<&Host> = tenant.hosts_of(HostKind::LinuxServer).collect();
    let admins: Vec<_> = tenant.users.iter().filter(|u| u.is_admin).collect();
    for _ in 0..n {
        let host = *r.pick(&linux);
        let time = r.time_between(g.start, g.now);
        let pid = r.range(300, 40_000) as i32;
        match r.below(10) {
            0..=3 => w.write(&mut g.t.syslog, host, &SyslogLine { time, facility: "cron", severity: "info", process: "CRON", pid, message: "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)" }),
            4..=5 => w.write(&mut g.t.syslog, host, &SyslogLine { time, facility: "daemon", severity: "info", process: "systemd", pid: 1, message: "Started Daily apt download activities." }),
            6..=7 => {
                let admin = r.pick(&admins);
                let ip = &tenant.laptop(admin).ip;
                let msg = format!(
                    "Accepted publickey for {} from {ip} port {} ssh2: ED25519 SHA256:{}",
                    admin.account.split('.').next().unwrap_or("admin"),
                    r.range(49_152, 65_535),
                    &admin.sid[30..]
                );
                w.write(&mut g.t.syslog, host, &SyslogLine { time, facility: "authpriv", severity: "info", process: "sshd", pid, message: &msg });
            }
            8 => {
                let admin = r.pick(&admins);
                let msg = format!("{} : TTY=pts/0 ; PWD=/home/{0} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx", admin.account.split('.').next().unwrap_or("admin"));
                w.write(&mut g.t.syslog, host, &SyslogLine { time, facility: "authpriv", severity: "notice", process: "sudo", pid, message: &msg });
            }
            _ => w.write(&mut g.t.syslog, host, &SyslogLine { time, facility: "kern", severity: "warning", process: "kernel", pid: 0, message: "[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.166 DST=10.40.2.10 PROTO=TCP DPT=23" }),
        }
    }
}

columns!(HeartbeatCols {
    TimeGenerated,
    SourceSystem,
    Computer,
    ComputerIP,
    ComputerPrivateIPs,
    Category,
    OSType,
    OSName,
    OSMajorVersion,
    OSMinorVersion,
    Version,
    ComputerEnvironment,
    SourceComputerId,
    RemoteIPCountry,
    RemoteIPLatitude,
    RemoteIPLongitude,
    IsGatewayInstalled,
    Solutions,
    ResourceId,
    _ResourceId,
    SubscriptionId,
    ResourceGroup,
    Resource,
    ResourceType,
    ResourceProvider,
});

/// Agent heartbeats from the servers, hourly (scaled up with `scale`).
pub fn heartbeat(g: &mut Gen, r: &mut Rng, scale: f64) {
    let c = HeartbeatCols::new(&g.t.heartbeat);
    let tenant = &g.tenant;
    let servers: Vec<&Host> = tenant
        .hosts
        .iter()
        .filter(|h| h.kind != HostKind::Workstation)
        .collect();
    let step = ((TICKS_PER_HOUR as f64) / scale.max(0.01)) as i64;
    for host in servers {
        let windows = host.is_windows();
        let rid = format!(
            "/subscriptions/b17e4a2d-9f03-4c68-a5d1-6e8f2c0b7a94/resourceGroups/rg-servers/providers/Microsoft.HybridCompute/machines/{}",
            host.name.to_lowercase()
        );
        let template = {
            let mut row = g.t.heartbeat.row();
            row[c.SourceSystem] = s(if windows { "Direct Agent" } else { "Linux" });
            row[c.Computer] = host.v_fqdn.clone();
            row[c.ComputerIP] = s("198.51.100.10");
            row[c.ComputerPrivateIPs] = Value::dynamic(json!([host.ip]));
            row[c.Category] = s("Azure Monitor Agent");
            row[c.OSType] = s(if windows { "Windows" } else { "Linux" });
            row[c.OSName] = s(if windows {
                "Windows Server 2022 Datacenter"
            } else {
                "Ubuntu"
            });
            row[c.OSMajorVersion] = s(if windows { "10" } else { "22" });
            row[c.OSMinorVersion] = s(if windows { "0" } else { "04" });
            row[c.Version] = s("1.31.0.0");
            row[c.ComputerEnvironment] = s("Non-Azure");
            row[c.SourceComputerId] = s(&host.aad_device_id);
            row[c.RemoteIPCountry] = s("United States");
            row[c.RemoteIPLatitude] = Value::Real(41.88);
            row[c.RemoteIPLongitude] = Value::Real(-87.63);
            row[c.IsGatewayInstalled] = Value::Bool(false);
            row[c.Solutions] = s("\"security\", \"changeTracking\"");
            row[c.ResourceId] = s(&rid);
            row[c._ResourceId] = s(rid.to_lowercase());
            row[c.SubscriptionId] = s("b17e4a2d-9f03-4c68-a5d1-6e8f2c0b7a94");
            row[c.ResourceGroup] = s("rg-servers");
            row[c.Resource] = s(host.name.to_lowercase());
            row[c.ResourceType] = s("machines");
            row[c.ResourceProvider] = s("Microsoft.HybridCompute");
            row
        };
        let mut t = g.start + r.range(0, 59) * TICKS_PER_SECOND * 60 / 60;
        while t < g.now {
            let mut row = template.clone();
            row[c.TimeGenerated] = dt(t);
            g.t.heartbeat.push(row);
            t += (step + r.range(-30, 30) * TICKS_PER_SECOND).max(TICKS_PER_SECOND);
        }
    }
}
