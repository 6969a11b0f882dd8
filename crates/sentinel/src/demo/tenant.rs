//! The fictional organisation behind the demo: Lakeshore Mills, a mid-sized manufacturer, with
//! its people, machines, networks and the analysts of its SOC. Public addresses come from the
//! documentation ranges (RFC 5737): 198.51.100.0/24 for the company and the services it uses,
//! 203.0.113.0/24 for home and travel connections, 192.0.2.0/24 for attackers.

use kql::Value;
use serde_json::json;

use super::rng::Rng;
use crate::api::{ClientInfo, IncidentOwner, OwnerType, WorkspaceRef};

/// The tenant's display name.
pub const TENANT_NAME: &str = "Lakeshore Mills";
/// The tenant's email and UPN domain.
pub const DOMAIN: &str = "lakeshoremills.example";
/// The Active Directory DNS domain of its machines.
pub const AD_DOMAIN: &str = "corp.lakeshoremills.example";
/// The NetBIOS domain name.
pub const NETBIOS: &str = "LAKESHORE";
/// The Entra ID tenant id.
pub const TENANT_ID: &str = "8d3f61c2-4b7e-4f0a-9c15-2e6a7d90b3f4";
/// The Log Analytics workspace id.
pub const WORKSPACE_ID: &str = "3c9e2f71-58ad-4e0b-b6c4-91d2a7f5e038";
/// The subscription that holds the workspace.
pub const SUBSCRIPTION_ID: &str = "b17e4a2d-9f03-4c68-a5d1-6e8f2c0b7a94";
/// The workspace's resource group.
pub const RESOURCE_GROUP: &str = "rg-security-operations";
/// The workspace's name.
pub const WORKSPACE_NAME: &str = "law-lakeshore-sentinel";

/// The ARM coordinates of the demo workspace.
pub fn workspace_ref() -> WorkspaceRef {
    WorkspaceRef {
        subscription_id: SUBSCRIPTION_ID.into(),
        resource_group: RESOURCE_GROUP.into(),
        workspace_name: WORKSPACE_NAME.into(),
        workspace_id: WORKSPACE_ID.into(),
    }
}

/// A SOC analyst who owns, comments on and closes incidents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Analyst {
    pub object_id: &'static str,
    pub upn: &'static str,
    pub name: &'static str,
}

impl Analyst {
    /// The analyst as an incident owner.
    pub fn owner(&self) -> IncidentOwner {
        IncidentOwner {
            object_id: Some(self.object_id.into()),
            email: Some(self.upn.into()),
            user_principal_name: Some(self.upn.into()),
            assigned_to: Some(self.name.into()),
            owner_type: Some(OwnerType::User),
        }
    }

    /// The analyst as a comment author.
    pub fn client_info(&self) -> ClientInfo {
        ClientInfo {
            object_id: Some(self.object_id.into()),
            email: Some(self.upn.into()),
            user_principal_name: Some(self.upn.into()),
            name: Some(self.name.into()),
        }
    }
}

/// The analyst the demo signs in as ("me").
pub const DEMO_ANALYST: Analyst = Analyst {
    object_id: "4e7b9c1a-2d3f-4a85-b6e0-7c9d1f2a3b4c",
    upn: "robin.okafor@lakeshoremills.example",
    name: "Robin Okafor",
};

/// The whole SOC, the demo analyst first.
pub const SOC: [Analyst; 5] = [
    DEMO_ANALYST,
    Analyst {
        object_id: "a1c3e5f7-0b2d-4f46-8a9c-1e3f5a7b9d0e",
        upn: "mei.tanaka@lakeshoremills.example",
        name: "Mei Tanaka",
    },
    Analyst {
        object_id: "b2d4f6a8-1c3e-4a57-9b0d-2f4a6c8e0a1f",
        upn: "jonas.becker@lakeshoremills.example",
        name: "Jonas Becker",
    },
    Analyst {
        object_id: "c3e5a7b9-2d4f-4b68-8c1e-3a5c7e9f1b2a",
        upn: "priya.raman@lakeshoremills.example",
        name: "Priya Raman",
    },
    Analyst {
        object_id: "d4f6b8c0-3e5a-4c79-9d2f-4b6d8f0a2c3b",
        upn: "luis.ortega@lakeshoremills.example",
        name: "Luis Ortega",
    },
];

/// Where an IP address is.
#[derive(Clone, Debug)]
pub struct Geo {
    pub city: &'static str,
    pub state: &'static str,
    pub country_code: &'static str,
    pub country_name: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    pub asn: i64,
}

/// A public IP address with its location, and the values the tables need, built once.
#[derive(Clone, Debug)]
pub struct PublicIp {
    pub address: String,
    pub geo: Geo,
    pub v_address: Value,
    /// SigninLogs' `LocationDetails`.
    pub v_location: Value,
    /// The two-letter country code, as SigninLogs' `Location`.
    pub v_country: Value,
}

impl PublicIp {
    fn new(address: String, geo: Geo) -> PublicIp {
        let v_location = Value::dynamic(json!({
            "city": geo.city, "state": geo.state, "countryOrRegion": geo.country_code,
            "geoCoordinates": {"latitude": geo.latitude, "longitude": geo.longitude}
        }));
        PublicIp {
            v_address: Value::string(&address),
            v_country: Value::string(geo.country_code),
            address,
            geo,
            v_location,
        }
    }
}

const fn geo(
    city: &'static str,
    state: &'static str,
    country_code: &'static str,
    country_name: &'static str,
    latitude: f64,
    longitude: f64,
    asn: i64,
) -> Geo {
    Geo {
        city,
        state,
        country_code,
        country_name,
        latitude,
        longitude,
        asn,
    }
}

const HQ: Geo = geo(
    "Chicago",
    "Illinois",
    "US",
    "United States",
    41.88,
    -87.63,
    64496,
);
const TORONTO: Geo = geo("Toronto", "Ontario", "CA", "Canada", 43.65, -79.38, 64497);
const HOME_GEOS: [Geo; 8] = [
    geo(
        "Evanston",
        "Illinois",
        "US",
        "United States",
        42.05,
        -87.69,
        64500,
    ),
    geo(
        "Naperville",
        "Illinois",
        "US",
        "United States",
        41.75,
        -88.15,
        64500,
    ),
    geo(
        "Oak Park",
        "Illinois",
        "US",
        "United States",
        41.88,
        -87.78,
        64501,
    ),
    geo(
        "Milwaukee",
        "Wisconsin",
        "US",
        "United States",
        43.04,
        -87.91,
        64502,
    ),
    geo(
        "Gary",
        "Indiana",
        "US",
        "United States",
        41.59,
        -87.35,
        64501,
    ),
    geo(
        "Mississauga",
        "Ontario",
        "CA",
        "Canada",
        43.59,
        -79.64,
        64503,
    ),
    geo(
        "Aurora",
        "Illinois",
        "US",
        "United States",
        41.76,
        -88.32,
        64500,
    ),
    geo(
        "Joliet",
        "Illinois",
        "US",
        "United States",
        41.53,
        -88.08,
        64502,
    ),
];
/// Places employees travel to.
pub const TRAVEL_GEOS: [Geo; 5] = [
    geo(
        "London",
        "England",
        "GB",
        "United Kingdom",
        51.51,
        -0.13,
        64510,
    ),
    geo(
        "Amsterdam",
        "North Holland",
        "NL",
        "Netherlands",
        52.37,
        4.90,
        64511,
    ),
    geo(
        "Monterrey",
        "Nuevo León",
        "MX",
        "Mexico",
        25.69,
        -100.32,
        64512,
    ),
    geo(
        "New York",
        "New York",
        "US",
        "United States",
        40.71,
        -74.01,
        64513,
    ),
    geo(
        "Atlanta",
        "Georgia",
        "US",
        "United States",
        33.75,
        -84.39,
        64514,
    ),
];
/// Where attacks come from (hosting providers and anonymising exits).
pub const ATTACKER_GEOS: [Geo; 6] = [
    geo(
        "Bucharest",
        "Bucharest",
        "RO",
        "Romania",
        44.43,
        26.10,
        64520,
    ),
    geo(
        "Singapore",
        "Singapore",
        "SG",
        "Singapore",
        1.35,
        103.82,
        64521,
    ),
    geo(
        "São Paulo",
        "São Paulo",
        "BR",
        "Brazil",
        -23.55,
        -46.63,
        64522,
    ),
    geo("Lagos", "Lagos", "NG", "Nigeria", 6.52, 3.38, 64523),
    geo(
        "Frankfurt am Main",
        "Hesse",
        "DE",
        "Germany",
        50.11,
        8.68,
        64524,
    ),
    geo(
        "Ho Chi Minh City",
        "Ho Chi Minh",
        "VN",
        "Vietnam",
        10.82,
        106.63,
        64525,
    ),
];

/// A person with an account in the tenant.
#[derive(Clone, Debug)]
pub struct User {
    pub upn: String,
    pub display_name: String,
    pub account: String,
    pub given_name: String,
    pub surname: String,
    pub object_id: String,
    pub sid: String,
    pub department: &'static str,
    pub job_title: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    pub is_admin: bool,
    /// Index of the user's home IP in [`Tenant::home_ips`].
    pub home_ip: usize,
    /// Index of the user's laptop in [`Tenant::hosts`].
    pub laptop: usize,
    pub v_upn: Value,
    pub v_name: Value,
    pub v_account: Value,
    pub v_object_id: Value,
    pub v_sid: Value,
}

/// What a machine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    Workstation,
    WindowsServer,
    DomainController,
    LinuxServer,
}

/// A machine.
#[derive(Clone, Debug)]
pub struct Host {
    pub name: String,
    pub kind: HostKind,
    pub ip: String,
    pub device_id: String,
    pub aad_device_id: String,
    pub os_version: &'static str,
    pub v_name: Value,
    pub v_fqdn: Value,
    pub v_ip: Value,
    pub v_device_id: Value,
}

impl Host {
    /// Whether it runs Windows.
    pub fn is_windows(&self) -> bool {
        self.kind != HostKind::LinuxServer
    }
}

/// A cloud service employees use, reached at a fixed public address.
#[derive(Clone, Debug)]
pub struct Service {
    pub url: &'static str,
    pub ip: String,
}

/// The whole organisation.
#[derive(Clone, Debug)]
pub struct Tenant {
    pub users: Vec<User>,
    pub hosts: Vec<Host>,
    pub office_ips: Vec<PublicIp>,
    pub home_ips: Vec<PublicIp>,
    pub travel_ips: Vec<PublicIp>,
    pub attacker_ips: Vec<PublicIp>,
    pub services: Vec<Service>,
    pub v_tenant: Value,
}

const GIVEN: [&str; 40] = [
    "Alex", "Bianca", "Carlos", "Dana", "Elena", "Farid", "Grace", "Hannah", "Ivan", "Jasmine",
    "Kofi", "Laura", "Marcus", "Nadia", "Owen", "Paula", "Quinn", "Rosa", "Samir", "Tara", "Umar",
    "Vera", "Wes", "Ximena", "Yusuf", "Zoe", "Aaron", "Beth", "Chen", "Diego", "Erin", "Felix",
    "Gita", "Hugo", "Ines", "Jamal", "Keiko", "Leon", "Maya", "Nils",
];
const SURNAMES: [&str; 40] = [
    "Abbott",
    "Brennan",
    "Castillo",
    "Dvorak",
    "Eklund",
    "Fitzgerald",
    "Gallo",
    "Haddad",
    "Iqbal",
    "Jensen",
    "Kowalski",
    "Lindgren",
    "Moreau",
    "Novak",
    "Osei",
    "Petrov",
    "Quist",
    "Reyes",
    "Sato",
    "Thornton",
    "Ueda",
    "Varga",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Zamora",
    "Adler",
    "Bauer",
    "Coleman",
    "Delgado",
    "Ellison",
    "Ferreira",
    "Grant",
    "Holloway",
    "Ibarra",
    "Jovanovic",
    "Kaur",
    "Larsen",
    "Mendez",
    "Nakamura",
];
const DEPARTMENTS: [(&str, &[&str]); 8] = [
    (
        "Finance",
        &[
            "Accountant",
            "Financial Analyst",
            "Accounts Payable Specialist",
            "Controller",
        ],
    ),
    (
        "Sales",
        &[
            "Account Executive",
            "Sales Manager",
            "Sales Operations Analyst",
        ],
    ),
    (
        "Engineering",
        &["Process Engineer", "Software Engineer", "Quality Engineer"],
    ),
    (
        "Human Resources",
        &["HR Generalist", "Recruiter", "HR Business Partner"],
    ),
    (
        "Operations",
        &[
            "Plant Supervisor",
            "Logistics Coordinator",
            "Procurement Specialist",
        ],
    ),
    ("Legal", &["Counsel", "Paralegal"]),
    ("Marketing", &["Marketing Specialist", "Content Manager"]),
    (
        "IT",
        &[
            "Systems Administrator",
            "Cloud Engineer",
            "Service Desk Analyst",
        ],
    ),
];
const SERVICES: [&str; 14] = [
    "outlook.office365.com",
    "teams.microsoft.com",
    "lakeshoremills.sharepoint.example",
    "login.microsoftonline.com",
    "graph.microsoft.com",
    "www.bing.com",
    "update.microsoft.com",
    "github.com",
    "slack-edge.example",
    "cdn.jsdelivr.net",
    "api.weather.example",
    "zoom.example",
    "salesforce.example",
    "winatp-gw-cus.microsoft.com",
];

/// A SID in the tenant's domain for a relative id.
pub fn domain_sid(rid: u32) -> String {
    format!("S-1-5-21-2840917735-3614480289-1098237641-{rid}")
}

impl Tenant {
    /// Builds the organisation for a seed, with `user_count` people.
    pub fn generate(rng: &mut Rng, user_count: usize) -> Tenant {
        let office_ips = vec![
            PublicIp::new("198.51.100.10".into(), HQ),
            PublicIp::new("198.51.100.11".into(), HQ),
            PublicIp::new("198.51.100.12".into(), HQ),
            PublicIp::new("198.51.100.40".into(), TORONTO),
        ];
        let home_ips: Vec<PublicIp> = (0..user_count.clamp(10, 140))
            .map(|i| {
                PublicIp::new(
                    format!("203.0.113.{}", 1 + i % 140),
                    HOME_GEOS[i % HOME_GEOS.len()].clone(),
                )
            })
            .collect();
        let travel_ips = TRAVEL_GEOS
            .iter()
            .enumerate()
            .map(|(i, g)| PublicIp::new(format!("203.0.113.{}", 200 + i), g.clone()))
            .collect();
        let attacker_ips = (0..24)
            .map(|i| {
                PublicIp::new(
                    format!("192.0.2.{}", 10 + i * 7),
                    ATTACKER_GEOS[i % ATTACKER_GEOS.len()].clone(),
                )
            })
            .collect();
        let services = SERVICES
            .iter()
            .enumerate()
            .map(|(i, url)| {
                let ip = format!("198.51.100.{}", 100 + i * 3);
                Service { url, ip }
            })
            .collect();

        let mut hosts = Vec::new();
        let add_host =
            |hosts: &mut Vec<Host>, rng: &mut Rng, name: String, kind: HostKind, ip: String| {
                let os_version = match kind {
                    HostKind::Workstation => "Windows 11 10.0.22631",
                    HostKind::WindowsServer | HostKind::DomainController => {
                        "Windows Server 2022 10.0.20348"
                    }
                    HostKind::LinuxServer => "Ubuntu 22.04",
                };
                let fqdn = if kind == HostKind::LinuxServer {
                    name.clone()
                } else {
                    format!("{}.{AD_DOMAIN}", name.to_lowercase())
                };
                hosts.push(Host {
                    v_name: Value::string(&name),
                    v_fqdn: Value::string(&fqdn),
                    v_ip: Value::string(&ip),
                    device_id: rng.hex(40),
                    aad_device_id: rng.guid(),
                    v_device_id: Value::Null,
                    name,
                    kind,
                    ip,
                    os_version,
                });
            };
        for (i, name) in ["LM-DC01", "LM-DC02"].iter().enumerate() {
            add_host(
                &mut hosts,
                rng,
                name.to_string(),
                HostKind::DomainController,
                format!("10.40.1.{}", 10 + i),
            );
        }
        for (i, name) in ["LM-FS01", "LM-SQL01", "LM-RDS01", "LM-APP01", "LM-WSUS01"]
            .iter()
            .enumerate()
        {
            add_host(
                &mut hosts,
                rng,
                name.to_string(),
                HostKind::WindowsServer,
                format!("10.40.1.{}", 20 + i),
            );
        }
        for (i, name) in ["lm-web-01", "lm-bastion-01", "lm-db-02"]
            .iter()
            .enumerate()
        {
            add_host(
                &mut hosts,
                rng,
                name.to_string(),
                HostKind::LinuxServer,
                format!("10.40.2.{}", 10 + i),
            );
        }
        let first_laptop = hosts.len();
        for i in 0..user_count {
            add_host(
                &mut hosts,
                rng,
                format!("LM-LT-{:04}", 101 + i),
                HostKind::Workstation,
                format!("10.40.{}.{}", 10 + i / 200, 20 + i % 200),
            );
        }
        for h in &mut hosts {
            h.v_device_id = Value::string(&h.device_id);
        }

        let mut users = Vec::with_capacity(user_count);
        for i in 0..user_count {
            let given = GIVEN[i % GIVEN.len()];
            let surname = SURNAMES[(i * 7 + i / GIVEN.len()) % SURNAMES.len()];
            let account = format!("{}.{}", given.to_lowercase(), surname.to_lowercase());
            let (department, titles) = if i < 6 {
                DEPARTMENTS[7]
            } else {
                *rng.pick(&DEPARTMENTS)
            };
            let job_title = *rng.pick(titles);
            let upn = format!("{account}@{DOMAIN}");
            let display_name = format!("{given} {surname}");
            let object_id = rng.guid();
            let sid = domain_sid(1100 + i as u32);
            let toronto = i % 9 == 8;
            users.push(User {
                v_upn: Value::string(&upn),
                v_name: Value::string(&display_name),
                v_account: Value::string(&account),
                v_object_id: Value::string(&object_id),
                v_sid: Value::string(&sid),
                upn,
                display_name,
                account,
                given_name: given.into(),
                surname: surname.into(),
                object_id,
                sid,
                department,
                job_title,
                city: if toronto { "Toronto" } else { "Chicago" },
                country: if toronto { "Canada" } else { "United States" },
                is_admin: i < 4,
                home_ip: i % home_ips.len(),
                laptop: first_laptop + i,
            });
        }
        Tenant {
            users,
            hosts,
            office_ips,
            home_ips,
            travel_ips,
            attacker_ips,
            services,
            v_tenant: Value::string(WORKSPACE_ID),
        }
    }

    /// The machines of one kind.
    pub fn hosts_of(&self, kind: HostKind) -> impl Iterator<Item = &Host> {
        self.hosts.iter().filter(move |h| h.kind == kind)
    }

    /// The host with this short name.
    pub fn host(&self, name: &str) -> &Host {
        self.hosts
            .iter()
            .find(|h| h.name == name)
            .unwrap_or(&self.hosts[0])
    }

    /// A user's laptop.
    pub fn laptop(&self, user: &User) -> &Host {
        &self.hosts[user.laptop]
    }
}
