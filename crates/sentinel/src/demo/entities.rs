//! The things an attack story involves — accounts, hosts, addresses, files, processes, mail — in
//! one form that renders both as the incident API's entities and as the JSON in
//! `SecurityAlert.Entities`, so the two always agree.

use serde_json::{json, Map, Value as Json};

use super::tenant::{Geo, Host, User, AD_DOMAIN, NETBIOS, TENANT_ID};
use crate::api::{EntityKind, EntityProperties, GeoLocation};
use crate::time::format_datetime;

/// An entity of a story.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryEntity {
    Account {
        upn: String,
        name: String,
        display_name: String,
        aad_user_id: String,
        sid: String,
    },
    Host {
        host_name: String,
        os_family: &'static str,
        os_version: &'static str,
        device_id: String,
    },
    Ip {
        address: String,
        geo: Option<Geo>,
    },
    Url(String),
    File {
        name: String,
        directory: String,
        sha256: String,
    },
    FileHash(String),
    Process {
        process_id: i64,
        command_line: String,
        image: String,
        created: i64,
    },
    Mailbox {
        address: String,
        display_name: String,
    },
    MailMessage {
        sender: String,
        recipient: String,
        subject: String,
        sender_ip: String,
        network_message_id: String,
    },
    CloudApplication {
        app_id: i64,
        name: String,
    },
    AzureResource(String),
}

impl PartialEq for Geo {
    fn eq(&self, other: &Geo) -> bool {
        self.city == other.city && self.country_code == other.country_code
    }
}

impl StoryEntity {
    /// An account entity for a user.
    pub fn account(user: &User) -> StoryEntity {
        StoryEntity::Account {
            upn: user.upn.clone(),
            name: user.account.clone(),
            display_name: user.display_name.clone(),
            aad_user_id: user.object_id.clone(),
            sid: user.sid.clone(),
        }
    }

    /// A host entity for a machine.
    pub fn host(host: &Host) -> StoryEntity {
        StoryEntity::Host {
            host_name: host.name.clone(),
            os_family: if host.is_windows() {
                "Windows"
            } else {
                "Linux"
            },
            os_version: host.os_version,
            device_id: host.device_id.clone(),
        }
    }

    /// An IP entity.
    pub fn ip(address: &str, geo: Option<&Geo>) -> StoryEntity {
        StoryEntity::Ip {
            address: address.to_string(),
            geo: geo.cloned(),
        }
    }

    /// The API kind.
    pub fn kind(&self) -> EntityKind {
        match self {
            StoryEntity::Account { .. } => EntityKind::Account,
            StoryEntity::Host { .. } => EntityKind::Host,
            StoryEntity::Ip { .. } => EntityKind::Ip,
            StoryEntity::Url(_) => EntityKind::Url,
            StoryEntity::File { .. } => EntityKind::File,
            StoryEntity::FileHash(_) => EntityKind::FileHash,
            StoryEntity::Process { .. } => EntityKind::Process,
            StoryEntity::Mailbox { .. } => EntityKind::Mailbox,
            StoryEntity::MailMessage { .. } => EntityKind::MailMessage,
            StoryEntity::CloudApplication { .. } => EntityKind::CloudApplication,
            StoryEntity::AzureResource(_) => EntityKind::AzureResource,
        }
    }

    /// What makes two mentions the same entity (kind plus main identifier, case-insensitive).
    pub fn identity(&self) -> (EntityKind, String) {
        let key = match self {
            StoryEntity::Account { upn, .. } => upn.clone(),
            StoryEntity::Host { host_name, .. } => host_name.clone(),
            StoryEntity::Ip { address, .. } => address.clone(),
            StoryEntity::Url(u) => u.clone(),
            StoryEntity::File {
                name, directory, ..
            } => format!("{directory}\\{name}"),
            StoryEntity::FileHash(h) => h.clone(),
            StoryEntity::Process {
                process_id,
                command_line,
                ..
            } => format!("{process_id}:{command_line}"),
            StoryEntity::Mailbox { address, .. } => address.clone(),
            StoryEntity::MailMessage {
                network_message_id, ..
            } => network_message_id.clone(),
            StoryEntity::CloudApplication { app_id, .. } => app_id.to_string(),
            StoryEntity::AzureResource(r) => r.clone(),
        };
        (self.kind(), key.to_lowercase())
    }

    /// The incident API's `properties` for this entity.
    pub fn api_properties(&self) -> EntityProperties {
        let mut p = EntityProperties::default();
        match self {
            StoryEntity::Account {
                upn,
                name,
                display_name,
                aad_user_id,
                sid,
            } => {
                p.account_name = Some(name.clone());
                p.upn_suffix = upn.split_once('@').map(|(_, d)| d.to_string());
                p.aad_user_id = Some(aad_user_id.clone());
                p.aad_tenant_id = Some(TENANT_ID.into());
                p.sid = Some(sid.clone());
                p.nt_domain = Some(NETBIOS.into());
                p.display_name = Some(display_name.clone());
                p.is_domain_joined = Some(true);
                p.friendly_name = Some(name.clone());
            }
            StoryEntity::Host {
                host_name,
                os_family,
                os_version,
                device_id,
            } => {
                p.host_name = Some(host_name.clone());
                p.os_family = Some((*os_family).into());
                p.os_version = Some((*os_version).into());
                p.is_domain_joined = Some(*os_family == "Windows");
                if *os_family == "Windows" {
                    p.dns_domain = Some(AD_DOMAIN.into());
                    p.net_bios_name = Some(host_name.clone());
                    p.nt_domain = Some(NETBIOS.into());
                }
                p.extra
                    .insert("mdatpDeviceId".into(), Json::String(device_id.clone()));
                p.friendly_name = Some(host_name.clone());
            }
            StoryEntity::Ip { address, geo } => {
                p.address = Some(address.clone());
                p.location = geo.as_ref().map(|g| GeoLocation {
                    asn: Some(g.asn),
                    city: Some(g.city.into()),
                    country_code: Some(g.country_code.into()),
                    country_name: Some(g.country_name.into()),
                    state: Some(g.state.into()),
                    latitude: Some(g.latitude),
                    longitude: Some(g.longitude),
                });
                p.friendly_name = Some(address.clone());
            }
            StoryEntity::Url(u) => {
                p.url = Some(u.clone());
                p.friendly_name = Some(u.clone());
            }
            StoryEntity::File {
                name, directory, ..
            } => {
                p.file_name = Some(name.clone());
                p.directory = Some(directory.clone());
                p.friendly_name = Some(name.clone());
            }
            StoryEntity::FileHash(h) => {
                p.algorithm = Some("SHA256".into());
                p.hash_value = Some(h.clone());
                p.friendly_name = Some(h.clone());
            }
            StoryEntity::Process {
                process_id,
                command_line,
                image,
                created,
            } => {
                p.process_id = Some(process_id.to_string());
                p.command_line = Some(command_line.clone());
                p.creation_time_utc = Some(format_datetime(*created));
                p.elevation_token = Some("Default".into());
                p.friendly_name = Some(image.clone());
            }
            StoryEntity::Mailbox {
                address,
                display_name,
            } => {
                p.mailbox_primary_address = Some(address.clone());
                p.display_name = Some(display_name.clone());
                p.upn = Some(address.clone());
                p.friendly_name = Some(address.clone());
            }
            StoryEntity::MailMessage {
                sender,
                recipient,
                subject,
                sender_ip,
                network_message_id,
            } => {
                p.recipient = Some(recipient.clone());
                p.sender = Some(sender.clone());
                p.p1_sender = Some(sender.clone());
                p.sender_ip = Some(sender_ip.clone());
                p.subject = Some(subject.clone());
                p.network_message_id = Some(network_message_id.clone());
                p.delivery_action = Some("Delivered".into());
                p.friendly_name = Some(subject.clone());
            }
            StoryEntity::CloudApplication { app_id, name } => {
                p.app_id = Some(*app_id);
                p.app_name = Some(name.clone());
                p.friendly_name = Some(name.clone());
            }
            StoryEntity::AzureResource(r) => {
                p.resource_id = Some(r.clone());
                p.subscription_id = r.split('/').nth(2).map(str::to_string);
                p.friendly_name = r.rsplit('/').next().map(str::to_string);
            }
        }
        p
    }

    /// The entity as `SecurityAlert.Entities` writes it (`$id`, lower-case `Type`, PascalCase
    /// fields).
    pub fn alert_json(&self, id: usize) -> Json {
        let mut m = Map::new();
        m.insert("$id".into(), Json::String(id.to_string()));
        let (ty, fields) = match self {
            StoryEntity::Account {
                upn,
                name,
                aad_user_id,
                sid,
                ..
            } => (
                "account",
                json!({"Name": name, "UPNSuffix": upn.split_once('@').map(|(_, d)| d), "AadUserId": aad_user_id,
                       "Sid": sid, "NTDomain": NETBIOS, "AadTenantId": TENANT_ID}),
            ),
            StoryEntity::Host {
                host_name,
                os_family,
                os_version,
                device_id,
            } => (
                "host",
                json!({"HostName": host_name, "DnsDomain": if *os_family == "Windows" { Some(AD_DOMAIN) } else { None },
                       "OSFamily": os_family, "OSVersion": os_version, "MdatpDeviceId": device_id}),
            ),
            StoryEntity::Ip { address, geo } => (
                "ip",
                json!({"Address": address, "Location": geo.as_ref().map(|g| json!({"CountryCode": g.country_code,
                       "CountryName": g.country_name, "City": g.city, "State": g.state, "Asn": g.asn,
                       "Latitude": g.latitude, "Longitude": g.longitude}))}),
            ),
            StoryEntity::Url(u) => ("url", json!({"Url": u})),
            StoryEntity::File {
                name,
                directory,
                sha256,
            } => (
                "file",
                json!({"Name": name, "Directory": directory, "FileHashes": [{"Algorithm": "SHA256", "Value": sha256, "Type": "filehash"}]}),
            ),
            StoryEntity::FileHash(h) => ("filehash", json!({"Algorithm": "SHA256", "Value": h})),
            StoryEntity::Process {
                process_id,
                command_line,
                image,
                created,
            } => (
                "process",
                json!({"ProcessId": process_id.to_string(), "CommandLine": command_line,
                       "CreationTimeUtc": format_datetime(*created), "ImageFile": {"Name": image, "Type": "file"}}),
            ),
            StoryEntity::Mailbox {
                address,
                display_name,
            } => (
                "mailbox",
                json!({"MailboxPrimaryAddress": address, "DisplayName": display_name, "Upn": address}),
            ),
            StoryEntity::MailMessage {
                sender,
                recipient,
                subject,
                sender_ip,
                network_message_id,
            } => (
                "mail-message",
                json!({"Recipient": recipient, "P1Sender": sender, "SenderIP": sender_ip, "Subject": subject,
                       "NetworkMessageId": network_message_id, "DeliveryAction": "Delivered"}),
            ),
            StoryEntity::CloudApplication { app_id, name } => {
                ("cloud-application", json!({"AppId": app_id, "Name": name}))
            }
            StoryEntity::AzureResource(r) => ("azure-resource", json!({"ResourceId": r})),
        };
        m.insert("Type".into(), Json::String(ty.into()));
        if let Json::Object(f) = fields {
            for (k, v) in f {
                if !v.is_null() {
                    m.insert(k, v);
                }
            }
        }
        Json::Object(m)
    }
}
