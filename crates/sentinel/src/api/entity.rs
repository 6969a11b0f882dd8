//! Entities of an incident (`POST .../incidents/{id}/entities`): accounts, hosts, IPs, files and
//! the rest, each a `kind` with `properties`, plus per-kind counts in `metaData`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The kind of an entity. Kinds this crate does not know keep their spelling in `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Account,
    Host,
    Ip,
    Url,
    File,
    FileHash,
    Process,
    MailMessage,
    Mailbox,
    MailCluster,
    CloudApplication,
    AzureResource,
    DnsResolution,
    Malware,
    RegistryKey,
    RegistryValue,
    SecurityGroup,
    IoTDevice,
    SecurityAlert,
    Bookmark,
    Other(String),
}

impl EntityKind {
    const KNOWN: [EntityKind; 20] = [
        EntityKind::Account,
        EntityKind::Host,
        EntityKind::Ip,
        EntityKind::Url,
        EntityKind::File,
        EntityKind::FileHash,
        EntityKind::Process,
        EntityKind::MailMessage,
        EntityKind::Mailbox,
        EntityKind::MailCluster,
        EntityKind::CloudApplication,
        EntityKind::AzureResource,
        EntityKind::DnsResolution,
        EntityKind::Malware,
        EntityKind::RegistryKey,
        EntityKind::RegistryValue,
        EntityKind::SecurityGroup,
        EntityKind::IoTDevice,
        EntityKind::SecurityAlert,
        EntityKind::Bookmark,
    ];

    /// The API spelling (`Account`, `Ip`, `FileHash`...).
    pub fn as_str(&self) -> &str {
        match self {
            EntityKind::Account => "Account",
            EntityKind::Host => "Host",
            EntityKind::Ip => "Ip",
            EntityKind::Url => "Url",
            EntityKind::File => "File",
            EntityKind::FileHash => "FileHash",
            EntityKind::Process => "Process",
            EntityKind::MailMessage => "MailMessage",
            EntityKind::Mailbox => "Mailbox",
            EntityKind::MailCluster => "MailCluster",
            EntityKind::CloudApplication => "CloudApplication",
            EntityKind::AzureResource => "AzureResource",
            EntityKind::DnsResolution => "DnsResolution",
            EntityKind::Malware => "Malware",
            EntityKind::RegistryKey => "RegistryKey",
            EntityKind::RegistryValue => "RegistryValue",
            EntityKind::SecurityGroup => "SecurityGroup",
            EntityKind::IoTDevice => "IoTDevice",
            EntityKind::SecurityAlert => "SecurityAlert",
            EntityKind::Bookmark => "Bookmark",
            EntityKind::Other(s) => s,
        }
    }

    /// The kind with this API spelling.
    pub fn parse(s: &str) -> EntityKind {
        EntityKind::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            .unwrap_or_else(|| EntityKind::Other(s.to_string()))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EntityKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EntityKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(EntityKind::parse(&String::deserialize(d)?))
    }
}

/// Where an IP address is, as Sentinel's geolocation enrichment reports it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeoLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// The `properties` of an entity. Each kind uses a subset of these fields (accounts
/// `accountName`/`upnSuffix`/`aadUserId`, hosts `hostName`/`osFamily`, IPs `address`/`location`,
/// files `fileName`/`directory`, hashes `algorithm`/`hashValue`, processes `commandLine`/`processId`,
/// mailboxes `mailboxPrimaryAddress`, mail messages `sender`/`recipient`/`subject`, cloud apps
/// `appId`/`appName`, Azure resources `resourceId`); anything else is kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    // Account
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nt_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn_suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aad_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aad_tenant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_guid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_domain_joined: Option<bool>,
    // Host
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_bios_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    #[serde(rename = "azureID", default, skip_serializing_if = "Option::is_none")]
    pub azure_id: Option<String>,
    #[serde(
        rename = "omsAgentID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oms_agent_id: Option<String>,
    // Ip
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoLocation>,
    // Url
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    // File and FileHash
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_hash_entity_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_value: Option<String>,
    // Process
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_line: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time_utc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevation_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_file_entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_process_entity_id: Option<String>,
    // Mailbox and MailMessage
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox_primary_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p1_sender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_action: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    // CloudApplication
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    // AzureResource
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// Provider-specific details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_data: Option<Map<String, Value>>,
    /// Properties of kinds or versions this crate does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entity related to an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub kind: EntityKind,
    pub properties: EntityProperties,
}

impl Entity {
    /// The ARM resource type of entities.
    pub const RESOURCE_TYPE: &'static str = "Microsoft.SecurityInsights/Entities";

    /// A short label an analyst recognises: the friendly name, else the kind's main identifier.
    pub fn label(&self) -> String {
        let p = &self.properties;
        let main = p
            .friendly_name
            .clone()
            .or_else(|| {
                p.account_name.as_ref().map(|a| match &p.upn_suffix {
                    Some(s) => format!("{a}@{s}"),
                    None => a.clone(),
                })
            })
            .or_else(|| p.host_name.clone())
            .or_else(|| p.address.clone())
            .or_else(|| p.url.clone())
            .or_else(|| p.file_name.clone())
            .or_else(|| p.hash_value.clone())
            .or_else(|| p.command_line.clone())
            .or_else(|| p.mailbox_primary_address.clone())
            .or_else(|| p.subject.clone())
            .or_else(|| p.app_name.clone())
            .or_else(|| p.resource_id.clone());
        main.unwrap_or_else(|| self.kind.to_string())
    }
}

/// How many entities of one kind an incident has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityKindCount {
    pub entity_kind: EntityKind,
    pub count: u32,
}

/// The response of the entities call: `{"entities": [...], "metaData": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentEntities {
    pub entities: Vec<Entity>,
    #[serde(rename = "metaData", default)]
    pub meta_data: Vec<EntityKindCount>,
}

impl IncidentEntities {
    /// Wraps entities with their per-kind counts, in order of first appearance.
    pub fn new(entities: Vec<Entity>) -> IncidentEntities {
        let mut meta_data: Vec<EntityKindCount> = Vec::new();
        for e in &entities {
            match meta_data.iter_mut().find(|m| m.entity_kind == e.kind) {
                Some(m) => m.count += 1,
                None => meta_data.push(EntityKindCount {
                    entity_kind: e.kind.clone(),
                    count: 1,
                }),
            }
        }
        IncidentEntities {
            entities,
            meta_data,
        }
    }
}
