//! Sentinel's own tables (alerts, incidents, threat intelligence) and Windows security events.

use kql::TableSchema;

use super::spec::table;

fn security_alert() -> TableSchema {
    table(
        "SecurityAlert",
        "Alerts raised by Sentinel analytics rules and Microsoft security products (Defender for Endpoint, Identity, Office 365, Cloud Apps, Entra ID Protection). One row per alert version; Entities and ExtendedProperties hold JSON text.",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the alert was written.
DisplayName string | The alert's title as shown to analysts.
AlertName string | The alert's name (usually the same as DisplayName).
AlertSeverity string | The severity. | High, Medium, Low, Informational
Description string | What the alert means.
ProviderName string | The detecting service's internal name. | ASI Scheduled Alerts, MDATP, Azure Advanced Threat Protection, OATP, MCAS, IPC, Azure Security Center
VendorName string | The vendor. | Microsoft
VendorOriginalId string | The provider's own id of the alert.
SystemAlertId string | The alert's unique id in Sentinel; incidents list these in AlertIds.
ResourceId string | The affected Azure resource, if any.
SourceComputerId string | The computer id of the agent, if any.
AlertType string | The kind of alert (the rule id for scheduled rules).
ConfidenceLevel string | The provider's confidence. | Unknown, Low, High
ConfidenceScore real | A 0-1 confidence score.
IsIncident bool | Whether the record is an incident rather than an alert (legacy).
StartTime datetime | When the first activity the alert covers happened.
EndTime datetime | When the last activity happened.
ProcessingEndTime datetime | When the alert was produced.
RemediationSteps string | Suggested remediation steps (JSON text).
ExtendedProperties string | Provider-specific details (JSON text), e.g. Query, Query Period, Analytic Rule Ids.
Entities string | The alert's entities as a JSON array of {$id, Type (account, host, ip, url, file, filehash, process, mailbox...), ...}. Use parse_json(Entities) and mv-expand.
SourceSystem string | The collecting system. | Detection
WorkspaceSubscriptionId string | The subscription of the workspace.
WorkspaceResourceGroup string | The resource group of the workspace.
ExtendedLinks string | Related links (JSON text).
ProductName string | The product that raised the alert. | Azure Sentinel, Microsoft Defender Advanced Threat Protection, Azure Advanced Threat Protection, Office 365 Advanced Threat Protection, Microsoft Cloud App Security, Azure Active Directory Identity Protection, Azure Security Center
ProductComponentName string | The component of the product. | Scheduled Alerts, NRT Alerts, Fusion
AlertLink string | A link to the alert in the product's portal.
Status string | The alert's status. | New, InProgress, Resolved, Dismissed
CompromisedEntity string | The main entity at risk (a host or account name).
Tactics string | MITRE ATT&CK tactics, comma-separated. | InitialAccess, Execution, Persistence, PrivilegeEscalation, DefenseEvasion, CredentialAccess, Discovery, LateralMovement, Collection, CommandAndControl, Exfiltration, Impact
Techniques string | MITRE ATT&CK technique ids (JSON array), e.g. [\"T1110\"].
SubTechniques string | MITRE ATT&CK sub-technique ids (JSON array).
"],
    )
}

fn security_incident() -> TableSchema {
    table(
        "SecurityIncident",
        "Sentinel incidents, one row per change (creation, assignment, status, classification, comments). For the current state take the latest row: summarize arg_max(TimeGenerated, *) by IncidentNumber.",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When this version of the incident was written.
IncidentName string | The incident's GUID (its name in the incident API).
Title string | The incident title.
Description string | The incident description.
Severity string | The severity. | High, Medium, Low, Informational
Status string | The status. | New, Active, Closed
Classification string | How the closed incident was judged. | TruePositive, BenignPositive, FalsePositive, Undetermined
ClassificationComment string | The analyst's closing comment.
ClassificationReason string | The reason for the classification. | SuspiciousActivity, SuspiciousButExpected, IncorrectAlertLogic, InaccurateData
Owner dynamic | The assigned owner: {objectId, email, assignedTo, userPrincipalName}. Use tostring(Owner.assignedTo).
ProviderName string | Who created the incident. | Azure Sentinel, Microsoft 365 Defender, Microsoft XDR
ProviderIncidentId string | The provider's incident id.
FirstActivityTime datetime | When the earliest activity of the incident's alerts happened.
LastActivityTime datetime | When the latest activity happened.
FirstModifiedTime datetime | When the incident was first modified.
LastModifiedTime datetime | When the incident was last modified.
CreatedTime datetime | When the incident was created.
ClosedTime datetime | When the incident was closed, if it is.
IncidentNumber int | The incident's sequential number, as shown in the portal.
RelatedAnalyticRuleIds dynamic | The analytics rules whose alerts are in the incident.
AlertIds dynamic | The SystemAlertIds of the incident's alerts (join with SecurityAlert).
BookmarkIds dynamic | Hunting bookmarks attached to the incident.
Comments dynamic | Comments on the incident: [{message, createdTimeUtc, author}].
Tasks dynamic | Incident tasks.
Labels dynamic | Labels (tags): [{labelName, labelType}].
IncidentUrl string | A link to the incident in the portal.
AdditionalData dynamic | Counts and lists: alertsCount, bookmarksCount, commentsCount, alertProductNames, tactics, techniques.
ModifiedBy string | Who made this change (a user or an automation rule).
SourceSystem string | The collecting system. | Azure
"],
    )
}

fn security_event() -> TableSchema {
    table(
        "SecurityEvent",
        "Windows security event log records collected from servers and domain controllers. EventID is the key: 4624 logon, 4625 failed logon, 4688 process created, 4720 user created, 4728/4732/4756 member added to a security group, 4740 account locked out, 4768/4769 Kerberos tickets, 4776 NTLM validation, 1102 audit log cleared, 7045 service installed.",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the event was recorded.
SourceSystem string | The collecting agent. | OpsManager, Microsoft
Account string | The account the event is about, DOMAIN\\user.
AccountType string | Whether the account is a user or a machine. | User, Machine
Computer string | The computer that logged the event (FQDN).
EventSourceName string | The event source. | Microsoft-Windows-Security-Auditing
Channel string | The event log channel. | Security
Task int | The event's task category number.
Level string | The event level.
EventData string | The full event data as XML.
EventID int | The Windows event id. | 4624, 4625, 4634, 4647, 4648, 4662, 4672, 4688, 4697, 4698, 4719, 4720, 4722, 4723, 4724, 4725, 4726, 4728, 4732, 4738, 4740, 4756, 4767, 4768, 4769, 4771, 4776, 4798, 4799, 5140, 5145, 1102, 7045
Activity string | The event id and its meaning, e.g. '4625 - An account failed to log on.'
SourceComputerId string | The agent's computer id.
EventOriginId string | The id of the original event.
MG string | The management group.
TimeCollected datetime | When the agent collected the event.
ManagementGroupName string | The management group name.
AccessMask string | The access requested.
AccountDomain string | The domain of the account.
AccountExpires string | When the account expires.
AccountName string | The account name.
AccountSessionIdentifier string | The session id.
AuthenticationPackageName string | The authentication package. | NTLM, Kerberos, Negotiate
CallerProcessId string | The id of the calling process.
CallerProcessName string | The calling process path.
CommandLine string | The command line of a created process (4688).
DisplayName string | The display name of a changed account.
ElevatedToken string | Whether the logon had an elevated token. | %%1842, %%1843
FailureReason string | Why a logon failed, e.g. '%%2313' (unknown user name or bad password).
ImpersonationLevel string | The impersonation level.
IpAddress string | The source IP address of a network logon.
IpPort string | The source port.
KeyLength int | The key length of the session.
LmPackageName string | The NTLM version.
LogonGuid string | The logon GUID.
LogonID string | The logon id.
LogonProcessName string | The logon process. | User32, NtLmSsp, Kerberos, Advapi
LogonType int | The logon type: 2 interactive, 3 network, 4 batch, 5 service, 7 unlock, 8 network cleartext, 9 new credentials, 10 remote interactive (RDP), 11 cached interactive. | 2, 3, 4, 5, 7, 8, 9, 10, 11
LogonTypeName string | The logon type as text, e.g. '10 - RemoteInteractive'.
MandatoryLabel string | The integrity level of a new process.
MemberName string | The member added or removed (distinguished name).
MemberSid string | The SID of the member added or removed.
NewProcessId string | The id of the created process.
NewProcessName string | The path of the created process.
ObjectName string | The object accessed.
ObjectServer string | The object server.
ObjectType string | The object type.
OldUacValue string | The previous userAccountControl value.
NewUacValue string | The new userAccountControl value.
ParentProcessName string | The parent of the created process.
PrivilegeList string | Privileges assigned (4672).
Process string | The process name.
ProcessId string | The process id.
ProcessName string | The process path.
Properties string | Changed properties.
RestrictedAdminMode string | Whether restricted admin mode was used.
SamAccountName string | The sAMAccountName of a changed account.
ServiceAccount string | The account a new service runs as.
ServiceFileName string | The binary of a new service (7045, 4697).
ServiceName string | The name of a new service.
ServiceStartType string | The start type of a new service.
ServiceType string | The type of a new service.
ShareName string | The network share accessed.
Status string | The NTSTATUS of a failure, e.g. 0xc000006d.
SubStatus string | The sub-status of a failure: 0xc000006a bad password, 0xc0000064 no such user, 0xc0000072 disabled, 0xc0000234 locked out. | 0xc000006a, 0xc0000064, 0xc0000072, 0xc0000234, 0xc0000071, 0xc0000193
SubjectAccount string | The account that requested the action, DOMAIN\\user.
SubjectDomainName string | The subject's domain.
SubjectLogonId string | The subject's logon id.
SubjectUserName string | The subject's user name.
SubjectUserSid string | The subject's SID.
TargetAccount string | The account acted on, DOMAIN\\user.
TargetDomainName string | The target's domain.
TargetLinkedLogonId string | The linked logon id.
TargetLogonId string | The target's logon id.
TargetOutboundDomainName string | The outbound domain for new-credential logons.
TargetOutboundUserName string | The outbound user for new-credential logons.
TargetSid string | The SID of the target (e.g. a group).
TargetUserName string | The target's user name.
TargetUserSid string | The target's SID.
TokenElevationType string | The token elevation type. | %%1936, %%1937, %%1938
TransmittedServices string | Services transmitted in S4U.
UserAccountControl string | The userAccountControl change.
UserPrincipalName string | The UPN of the account.
VirtualAccount string | Whether the account is virtual.
WorkstationName string | The workstation the logon came from.
"],
    )
}

fn threat_intelligence_indicator() -> TableSchema {
    table(
        "ThreatIntelligenceIndicator",
        "Threat intelligence indicators (IPs, domains, URLs, file hashes, emails) from TI feeds and platforms. Match NetworkIP, DomainName, Url or FileHashValue against other tables; keep Active == true and ExpirationDateTime > now().",
        &["
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the indicator was ingested or updated.
SourceSystem string | The feed or platform. | SecurityGraph, Azure Sentinel, ThreatIntelligencePlatforms
Action string | The recommended action. | alert, block, allow, unknown
ActivityGroupNames string | Threat actors associated with the indicator.
AdditionalInformation string | Free text.
Active bool | Whether the indicator is active.
AzureTenantId string | The tenant id.
ConfidenceScore real | Confidence 0-100.
Description string | What the indicator is.
DomainName string | The domain indicator.
EmailEncoding string | The email encoding.
EmailLanguage string | The email language.
EmailRecipient string | The recipient of a malicious email.
EmailSenderAddress string | The sender address indicator.
EmailSenderName string | The sender name.
EmailSourceDomain string | The sender domain.
EmailSourceIpAddress string | The sending IP.
EmailSubject string | The subject.
EmailXMailer string | The X-Mailer header.
ExpirationDateTime datetime | When the indicator expires.
ExternalIndicatorId string | The indicator's id in its source.
FileCompileDateTime datetime | The compile time of a file.
FileCreatedDateTime datetime | The creation time of a file.
FileHashType string | The hash algorithm. | MD5, SHA1, SHA256
FileHashValue string | The file hash indicator.
FileMutexName string | A mutex the malware creates.
FileName string | The file name.
FilePacker string | The packer used.
FilePath string | The file path.
FileSize int | The file size.
FileType string | The file type.
IndicatorId string | The indicator's id.
IndicatorProvider string | Who provided it.
KillChainActions bool | Kill chain stage: actions on objectives.
KillChainC2 bool | Kill chain stage: command and control.
KillChainDelivery bool | Kill chain stage: delivery.
KillChainExploitation bool | Kill chain stage: exploitation.
KillChainReconnaissance bool | Kill chain stage: reconnaissance.
KillChainWeaponization bool | Kill chain stage: weaponization.
KnownFalsePositives string | Known benign uses.
MalwareNames string | Malware families associated.
NetworkCidrBlock string | A CIDR block indicator.
NetworkDestinationAsn int | The destination AS number.
NetworkDestinationCidrBlock string | The destination CIDR block.
NetworkDestinationIP string | The destination IP.
NetworkDestinationPort int | The destination port.
NetworkIP string | The IP address indicator.
NetworkPort int | The port.
NetworkProtocol int | The IP protocol number.
NetworkSourceAsn int | The source AS number.
NetworkSourceCidrBlock string | The source CIDR block.
NetworkSourceIP string | The source IP.
NetworkSourcePort int | The source port.
PassiveOnly bool | Whether the indicator is for hunting only.
Tags string | Tags on the indicator.
TargetProduct string | The product the indicator is for. | Azure Sentinel
ThreatSeverity int | Severity 0-5.
ThreatType string | The threat type. | Botnet, C2, CryptoMining, Darknet, DDoS, MaliciousUrl, Malware, Phishing, Proxy, PUA, WatchList
TrafficLightProtocolLevel string | The TLP sharing level. | white, green, amber, red
Url string | The URL indicator.
UserAgent string | A user agent indicator.
"],
    )
}

/// The security tables.
pub(super) fn tables() -> Vec<TableSchema> {
    vec![
        security_alert(),
        security_incident(),
        security_event(),
        threat_intelligence_indicator(),
    ]
}
