//! Office 365, firewalls and appliances (CEF), Azure control plane and diagnostics, Linux Syslog,
//! DNS and agent heartbeats.

use kql::TableSchema;

use super::spec::table;

fn office_activity() -> TableSchema {
    table(
        "OfficeActivity",
        "Office 365 audit records: Exchange mailbox and admin actions (inbox rules, forwarding, mailbox access), SharePoint and OneDrive file activity, Teams. Operation is the action; UserId the account.",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the action happened.
SourceSystem string | The collecting system. | OfficeActivityManager
Application string | The application.
ClientIP string | The client IP address (may include a port).
Client_IPAddress string | The client IP address of Exchange mailbox actions.
ClientInfoString string | The client (e.g. Client=OWA; Mozilla/5.0...).
ClientAppId string | The client application id.
ClientProcessName string | The client process.
ExternalAccess bool | Whether the action came from outside the organisation (Microsoft datacenter admins).
ElevationTime datetime | When an elevation was granted.
Folder string | The mailbox folder.
Folders dynamic | Mailbox folders accessed.
Item string | The mailbox item.
AffectedItems string | Items affected (JSON text).
ItemType string | The SharePoint item type. | File, Folder, Web, Site, List
LogonType string | The mailbox logon type. | 0, 1, 2
LogonUserSid string | The SID of the signed-in user.
LogonUserDisplayName string | The display name of the signed-in user.
MailboxGuid string | The mailbox GUID.
MailboxOwnerUPN string | The mailbox owner's UPN.
MailboxOwnerSid string | The mailbox owner's SID.
MailboxOwnerMasterAccountSid string | The master account SID.
Members dynamic | Teams members added or removed.
ModifiedObjectResolvedName string | The object changed.
ModifiedProperties string | Properties changed.
OfficeId string | The record's unique id.
OfficeObjectId string | The object acted on (file URL, mailbox, rule).
OfficeTenantId string | The Office 365 tenant id.
OfficeWorkload string | The service. | Exchange, SharePoint, OneDrive, MicrosoftTeams, AzureActiveDirectory
Operation string | The action: New-InboxRule, Set-InboxRule, Set-Mailbox (forwarding), UpdateInboxRules, MailItemsAccessed, Send, FileDownloaded, FileAccessed, FileUploaded, FileDeleted, SharingSet, AnonymousLinkCreated, Add-MailboxPermission, MemberAdded, TeamCreated. | New-InboxRule, Set-InboxRule, Set-Mailbox, UpdateInboxRules, MailItemsAccessed, Send, SendAs, HardDelete, SoftDelete, MoveToDeletedItems, Add-MailboxPermission, FileAccessed, FileDownloaded, FileUploaded, FileModified, FileDeleted, FileSyncDownloadedFull, SharingSet, AnonymousLinkCreated, SecureLinkCreated, MemberAdded, TeamCreated, UserLoggedIn
OrganizationId string | The organisation id.
OrganizationName string | The organisation name.
OriginatingServer string | The Exchange server.
Parameters string | Cmdlet parameters as JSON text: [{Name, Value}], e.g. ForwardTo, ForwardingSmtpAddress, DeleteMessage, MoveToFolder.
RecordType string | The record type. | ExchangeAdmin, ExchangeItem, ExchangeItemGroup, SharePointFileOperation, SharePoint, SharePointSharingOperation, OneDrive, MicrosoftTeams, AzureActiveDirectoryStsLogon
ResultStatus string | The outcome. | Succeeded, Failed, PartiallySucceeded, True, False
SendAsUserSmtp string | The address sent as.
SendOnBehalfOfUserSmtp string | The address sent on behalf of.
Site_ string | The SharePoint site id.
Site_Url string | The SharePoint site URL.
SourceFileExtension string | The file extension.
SourceFileName string | The file name.
SourceRelativeUrl string | The folder of the file.
DestFolder string | The destination folder.
DestMailboxOwnerUPN string | The destination mailbox owner.
TargetUserOrGroupName string | The user or group a sharing action targeted.
TargetUserOrGroupType string | The type of that target. | Member, Guest, SharePointGroup, SecurityGroup
TeamName string | The Teams team.
TeamGuid string | The team id.
UserAgent string | The client's user agent.
UserDomain string | The user's domain.
UserId string | The user (UPN) who did the action.
UserKey string | The user's key.
UserType string | The kind of user. | Regular, Admin, DcAdmin, System, Application, ServicePrincipal
SourceRecordId string | The original record id.
"],
    )
}

fn common_security_log() -> TableSchema {
    table(
        "CommonSecurityLog",
        "Events from firewalls, proxies and other appliances in Common Event Format (CEF): Palo Alto, Fortinet, Check Point, Zscaler and others. DeviceVendor/DeviceProduct say which; SourceIP, DestinationIP, DestinationPort and DeviceAction describe the traffic.",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the event was received.
SourceSystem string | The collecting agent. | OpsManager
Computer string | The log forwarder.
DeviceVendor string | The appliance vendor. | Palo Alto Networks, Fortinet, Check Point, Zscaler, Cisco, F5
DeviceProduct string | The appliance product. | PAN-OS, Fortigate, VPN-1 & FireWall-1, NSSWeblog, ASA
DeviceVersion string | The appliance version.
DeviceEventClassID string | The vendor's event type id.
Activity string | The event name, e.g. TRAFFIC, THREAT, 'traffic:forward'.
LogSeverity string | The severity (vendor scale).
OriginalLogSeverity string | The severity as the vendor wrote it.
AdditionalExtensions string | Other CEF fields, key=value;...
DeviceAction string | What the appliance did. | allow, deny, drop, reset-both, reset-client, reset-server, alert, block, accept, close
SimplifiedDeviceAction string | The action normalised. | Allow, Deny, Drop
ApplicationProtocol string | The application protocol, e.g. ssl, web-browsing, dns.
EventCount int | How many events this record stands for.
CommunicationDirection string | The direction. | Inbound, Outbound, Internal
DestinationDnsDomain string | The destination DNS domain.
DestinationHostName string | The destination host name.
DestinationIP string | The destination IP address.
DestinationMACAddress string | The destination MAC.
DestinationNTDomain string | The destination Windows domain.
DestinationPort int | The destination port.
DestinationProcessId int | The destination process id.
DestinationProcessName string | The destination process.
DestinationServiceName string | The destination service.
DestinationTranslatedAddress string | The destination after NAT.
DestinationTranslatedPort int | The destination port after NAT.
DestinationUserID string | The destination user id.
DestinationUserName string | The destination user.
DestinationUserPrivileges string | The destination user's privileges.
DeviceAddress string | The appliance's IP address.
DeviceName string | The appliance's name.
DeviceDnsDomain string | The appliance's DNS domain.
DeviceExternalID string | The appliance's id.
DeviceFacility string | The syslog facility.
DeviceInboundInterface string | The inbound interface.
DeviceOutboundInterface string | The outbound interface.
DeviceMacAddress string | The appliance's MAC.
DeviceNtDomain string | The appliance's Windows domain.
DeviceTimeZone string | The appliance's time zone.
DeviceTranslatedAddress string | The appliance's address after NAT.
DevicePayloadId string | The payload id.
DeviceCustomNumber1 int | Vendor-defined number.
DeviceCustomNumber1Label string | What DeviceCustomNumber1 means.
DeviceCustomNumber2 int | Vendor-defined number.
DeviceCustomNumber2Label string | What DeviceCustomNumber2 means.
DeviceCustomNumber3 int | Vendor-defined number.
DeviceCustomNumber3Label string | What DeviceCustomNumber3 means.
DeviceCustomString1 string | Vendor-defined string (e.g. the rule name).
DeviceCustomString1Label string | What DeviceCustomString1 means.
DeviceCustomString2 string | Vendor-defined string.
DeviceCustomString2Label string | What DeviceCustomString2 means.
DeviceCustomString3 string | Vendor-defined string.
DeviceCustomString3Label string | What DeviceCustomString3 means.
DeviceCustomString4 string | Vendor-defined string.
DeviceCustomString4Label string | What DeviceCustomString4 means.
DeviceCustomString5 string | Vendor-defined string.
DeviceCustomString5Label string | What DeviceCustomString5 means.
DeviceCustomString6 string | Vendor-defined string.
DeviceCustomString6Label string | What DeviceCustomString6 means.
DeviceCustomDate1 string | Vendor-defined date.
DeviceCustomDate1Label string | What DeviceCustomDate1 means.
DeviceCustomIPv6Address1 string | Vendor-defined IPv6 address.
DeviceCustomIPv6Address1Label string | What DeviceCustomIPv6Address1 means.
DeviceCustomFloatingPoint1 real | Vendor-defined number.
DeviceCustomFloatingPoint1Label string | What DeviceCustomFloatingPoint1 means.
EndTime datetime | When the activity ended.
StartTime datetime | When the activity started.
ReceiptTime string | When the appliance received the event.
ExternalID int | The vendor's record id.
ExtID string | The vendor's record id as text.
FileHash string | A file hash.
FileName string | A file name.
FilePath string | A file path.
FileSize int | A file size.
FileType string | A file type.
Message string | The event message.
Protocol string | The transport protocol. | TCP, UDP, ICMP
Reason string | Why the action was taken.
ReceivedBytes long | Bytes received.
SentBytes long | Bytes sent.
RequestURL string | The URL requested (proxies).
RequestClientApplication string | The client's user agent.
RequestContext string | The referrer.
RequestCookies string | Cookies.
RequestMethod string | The HTTP method. | GET, POST, PUT, CONNECT
SourceDnsDomain string | The source DNS domain.
SourceHostName string | The source host name.
SourceIP string | The source IP address.
SourceMACAddress string | The source MAC.
SourceNTDomain string | The source Windows domain.
SourcePort int | The source port.
SourceProcessId int | The source process id.
SourceProcessName string | The source process.
SourceServiceName string | The source service.
SourceTranslatedAddress string | The source after NAT.
SourceTranslatedPort int | The source port after NAT.
SourceUserID string | The source user id.
SourceUserName string | The source user.
SourceUserPrivileges string | The source user's privileges.
ProcessID int | A process id.
ProcessName string | A process name.
EventType int | The event type.
ThreatConfidence string | Threat intelligence confidence (from the TI enrichment).
ThreatDescription string | Threat intelligence description.
ThreatSeverity int | Threat intelligence severity.
IndicatorThreatType string | The TI threat type matched.
MaliciousIP string | The IP that matched threat intelligence.
MaliciousIPCountry string | Its country.
MaliciousIPLatitude real | Its latitude.
MaliciousIPLongitude real | Its longitude.
RemoteIP string | The remote IP (the side outside the appliance).
RemotePort string | The remote port.
CollectorHostName string | The collector host.
"],
    )
}

fn azure_activity() -> TableSchema {
    table(
        "AzureActivity",
        "The Azure control plane: who created, changed or deleted which Azure resource, and the outcome. Caller is the user or service principal; OperationNameValue the operation.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting system. | Azure
TimeGenerated datetime | When the operation was logged.
Authorization string | The RBAC action and scope (JSON text).
Authorization_d dynamic | The RBAC action and scope.
Caller string | Who did it: a UPN or a service principal id.
CallerIpAddress string | The caller's IP address.
CategoryValue string | The category. | Administrative, Security, ServiceHealth, Alert, Recommendation, Policy, Autoscale, ResourceHealth
Category string | The category (legacy).
Claims string | The caller's token claims (JSON text).
Claims_d dynamic | The caller's token claims.
CorrelationId string | Ties together the records of one operation.
EventDataId string | The record's unique id.
EventSubmissionTimestamp datetime | When the event was submitted.
HTTPRequest string | The HTTP request details.
Hierarchy string | The management group hierarchy.
Level string | The level. | Informational, Warning, Error, Critical
OperationId string | The operation's id.
OperationName string | The operation's display name (legacy).
OperationNameValue string | The operation, e.g. MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE, MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE.
Properties string | Operation details (JSON text).
Properties_d dynamic | Operation details.
ActivityStatus string | The status (legacy).
ActivityStatusValue string | The status. | Start, Accept, Success, Succeeded, Failure, Failed
ActivitySubstatus string | The sub-status (legacy).
ActivitySubstatusValue string | The sub-status, e.g. OK, Created, Forbidden.
ResourceGroup string | The resource group.
ResourceProvider string | The resource provider (legacy).
ResourceProviderValue string | The resource provider, e.g. MICROSOFT.COMPUTE.
Resource string | The resource name (legacy).
ResourceId string | The resource id (legacy).
SubscriptionId string | The subscription.
_ResourceId string | The resource id.
"],
    )
}

fn dns_events() -> TableSchema {
    table(
        "DnsEvents",
        "Queries and changes on Windows DNS servers collected by the DNS solution.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting agent.
TimeGenerated datetime | When the query happened.
EventId int | The DNS event id.
SubType string | The record kind. | LookupQuery, DynamicRegistration
Computer string | The DNS server.
ClientIP string | The client that asked.
Name string | The domain name queried.
IPAddresses string | The addresses returned, comma-separated.
QueryType string | The record type. | A, AAAA, CNAME, MX, TXT, PTR, SRV
Result string | The outcome. | Success, Failure
ResultCode int | The DNS response code: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN.
Message string | The raw message.
TaskCategory string | The task category.
OpCode string | The DNS opcode.
Severity int | The severity.
MaliciousIP string | An address that matched threat intelligence.
IndicatorThreatType string | The matched threat type.
Description string | The TI description.
Confidence string | The TI confidence.
ReportReferenceLink string | A TI report link.
MG string | The management group.
ManagementGroupName string | The management group name.
_ResourceId string | The resource id.
"],
    )
}

fn azure_diagnostics() -> TableSchema {
    table(
        "AzureDiagnostics",
        "Resource logs of Azure services that use the shared diagnostics table (Key Vault, Firewall, Application Gateway, SQL, Front Door...). Service fields carry type suffixes such as _s (string) and _d (number).",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting system. | Azure
TimeGenerated datetime | When the event happened.
ResourceId string | The Azure resource.
Category string | The log category, e.g. AuditEvent, AzureFirewallNetworkRule, ApplicationGatewayFirewallLog, SQLSecurityAuditEvents.
ResourceGroup string | The resource group.
SubscriptionId string | The subscription.
ResourceProvider string | The provider, e.g. MICROSOFT.KEYVAULT. | MICROSOFT.KEYVAULT, MICROSOFT.NETWORK, MICROSOFT.SQL, MICROSOFT.WEB
Resource string | The resource name.
ResourceType string | The resource type, e.g. VAULTS, AZUREFIREWALLS.
OperationName string | The operation, e.g. SecretGet, VaultGet, AzureFirewallNetworkRuleLog.
ResultType string | The outcome. | Success, Failure
ResultSignature string | The result signature, e.g. OK, Forbidden.
ResultDescription string | The outcome text.
DurationMs long | Duration in milliseconds.
CallerIPAddress string | The caller's IP address.
CorrelationId string | Ties together related records.
Level string | The level.
Message string | The message.
msg_s string | The message of network rule logs.
clientIp_s string | The client IP (Application Gateway, Key Vault).
requestUri_s string | The request URI.
httpStatus_d real | The HTTP status code.
identity_claim_upn_s string | The caller's UPN (Key Vault).
identity_claim_oid_g string | The caller's object id (Key Vault).
id_s string | The id of the object accessed (Key Vault secret or key URI).
action_s string | The action taken (firewall).
ruleName_s string | The rule matched.
"],
    )
}

fn syslog() -> TableSchema {
    table(
        "Syslog",
        "Syslog messages from Linux machines and appliances: sshd, sudo, cron, kernel and more.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting agent. | Linux
TimeGenerated datetime | When the message was received.
Computer string | The machine that sent it.
EventTime datetime | When the message was written.
Facility string | The syslog facility. | auth, authpriv, cron, daemon, kern, local0, local4, syslog, user
HostName string | The host name in the message.
SeverityLevel string | The severity. | emerg, alert, crit, err, warning, notice, info, debug
SyslogMessage string | The message text, e.g. 'Failed password for root from 192.0.2.1 port 50122 ssh2'.
ProcessID int | The process id.
HostIP string | The machine's IP address.
ProcessName string | The program that logged it. | sshd, sudo, CRON, systemd, kernel, su, auditd
MG string | The management group.
CollectorHostName string | The collector host.
_ResourceId string | The resource id.
"],
    )
}

fn heartbeat() -> TableSchema {
    table(
        "Heartbeat",
        "Agent heartbeats, one a minute per connected machine: which machines report, their OS and IP.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The agent type. | OpsManager, Linux, Direct Agent
TimeGenerated datetime | When the heartbeat was sent.
MG string | The management group.
ManagementGroupName string | The management group name.
SourceComputerId string | The agent's computer id.
ComputerIP string | The machine's public IP address as seen by the service.
ComputerPrivateIPs dynamic | The machine's private IP addresses.
Computer string | The machine's name.
Category string | The agent kind. | Direct Agent, Azure Monitor Agent, SCOM Agent
OSType string | The OS type. | Windows, Linux
OSName string | The OS name.
OSMajorVersion string | The OS major version.
OSMinorVersion string | The OS minor version.
Version string | The agent version.
SCAgentChannel string | The agent channel.
IsGatewayInstalled bool | Whether a gateway is installed.
RemoteIPLongitude real | The longitude of ComputerIP.
RemoteIPLatitude real | The latitude of ComputerIP.
RemoteIPCountry string | The country of ComputerIP.
SubscriptionId string | The subscription.
ResourceGroup string | The resource group.
ResourceProvider string | The resource provider.
Resource string | The resource name.
ResourceId string | The resource id.
ResourceType string | The resource type.
ComputerEnvironment string | Where the machine runs. | Azure, Non-Azure
Solutions string | The solutions the agent serves.
VMUUID string | The VM's UUID.
_ResourceId string | The resource id.
"],
    )
}

/// The infrastructure tables.
pub(super) fn tables() -> Vec<TableSchema> {
    vec![
        office_activity(),
        common_security_log(),
        azure_activity(),
        dns_events(),
        azure_diagnostics(),
        syslog(),
        heartbeat(),
    ]
}
