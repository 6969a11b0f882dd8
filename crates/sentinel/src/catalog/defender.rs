//! Microsoft Defender for Endpoint advanced hunting tables, as streamed into Sentinel
//! (`Device*`, with both `Timestamp` and `TimeGenerated`).

use kql::TableSchema;

use super::spec::table;

const DEVICE_COMMON: &str = "
TenantId string | The Log Analytics workspace id.
TimeGenerated datetime | When the event was recorded (in Sentinel).
Timestamp datetime | When the event happened on the device.
SourceSystem string | The collecting system.
DeviceId string | The device's Defender id.
DeviceName string | The device's fully qualified name, e.g. lt-0042.contoso.com.
ReportId long | The event's id on the device (unique with DeviceName and Timestamp).
MachineGroup string | The device group.
AppGuardContainerId string | The Application Guard container, if any.
AdditionalFields dynamic | Extra details of the event.
";

const INITIATING_PROCESS: &str = "
InitiatingProcessAccountDomain string | The domain of the account that ran the initiating process.
InitiatingProcessAccountName string | The account that ran the initiating process.
InitiatingProcessAccountObjectId string | The Entra ID object id of that account.
InitiatingProcessAccountSid string | The SID of that account.
InitiatingProcessAccountUpn string | The UPN of that account.
InitiatingProcessCommandLine string | The command line of the initiating process.
InitiatingProcessCreationTime datetime | When the initiating process started.
InitiatingProcessFileName string | The initiating process's file name, e.g. powershell.exe.
InitiatingProcessFileSize long | The size of its image.
InitiatingProcessFolderPath string | The folder of its image.
InitiatingProcessId long | Its process id.
InitiatingProcessIntegrityLevel string | Its integrity level. | Low, Medium, High, System
InitiatingProcessLogonId long | Its logon session.
InitiatingProcessMD5 string | The MD5 of its image.
InitiatingProcessParentCreationTime datetime | When its parent started.
InitiatingProcessParentFileName string | Its parent's file name.
InitiatingProcessParentId long | Its parent's process id.
InitiatingProcessSHA1 string | The SHA1 of its image.
InitiatingProcessSHA256 string | The SHA256 of its image.
InitiatingProcessTokenElevation string | Its token elevation. | None, Full, Limited, Default
InitiatingProcessVersionInfoCompanyName string | The company in its version info.
InitiatingProcessVersionInfoFileDescription string | The description in its version info.
InitiatingProcessVersionInfoInternalFileName string | The internal file name.
InitiatingProcessVersionInfoOriginalFileName string | The original file name.
InitiatingProcessVersionInfoProductName string | The product name.
InitiatingProcessVersionInfoProductVersion string | The product version.
";

fn device_process_events() -> TableSchema {
    table(
        "DeviceProcessEvents",
        "Processes started on Defender-onboarded devices: the new process (FileName, ProcessCommandLine) and the process that started it (InitiatingProcess*).",
        &[DEVICE_COMMON, "
ActionType string | The event type. | ProcessCreated, OpenProcessApiCall
FileName string | The new process's file name, e.g. powershell.exe.
FolderPath string | The folder of the new process's image.
FileSize long | The size of the image.
SHA1 string | The SHA1 of the image.
SHA256 string | The SHA256 of the image.
MD5 string | The MD5 of the image.
ProcessId long | The new process's id.
ProcessCommandLine string | The new process's command line.
ProcessCreationTime datetime | When the new process started.
ProcessIntegrityLevel string | The integrity level. | Low, Medium, High, System
ProcessTokenElevation string | The token elevation. | None, Full, Limited, Default
ProcessVersionInfoCompanyName string | The company in the version info.
ProcessVersionInfoProductName string | The product name.
ProcessVersionInfoProductVersion string | The product version.
ProcessVersionInfoInternalFileName string | The internal file name.
ProcessVersionInfoOriginalFileName string | The original file name.
ProcessVersionInfoFileDescription string | The file description.
AccountDomain string | The domain of the account the process runs as.
AccountName string | The account the process runs as.
AccountSid string | The SID of that account.
AccountObjectId string | The Entra ID object id of that account.
AccountUpn string | The UPN of that account.
LogonId long | The logon session of the process.
", INITIATING_PROCESS],
    )
}

fn device_network_events() -> TableSchema {
    table(
        "DeviceNetworkEvents",
        "Network connections made and accepted by processes on Defender-onboarded devices.",
        &[DEVICE_COMMON, "
ActionType string | The connection event. | ConnectionSuccess, ConnectionFailed, ConnectionRequest, ConnectionAttempt, InboundConnectionAccepted, ListeningConnectionCreated, NetworkSignatureInspected
RemoteIP string | The remote IP address.
RemotePort int | The remote port.
RemoteUrl string | The remote host name or URL, when known.
RemoteIPType string | The kind of remote address. | Public, Private, Loopback, Reserved, LinkLocal, FourToSixMapping, Teredo, Broadcast, Multicast
LocalIP string | The device's IP address.
LocalPort int | The local port.
LocalIPType string | The kind of local address. | Public, Private, Loopback
Protocol string | The protocol. | Tcp, Udp, TcpV4, TcpV6, UdpV4, UdpV6, Icmp
", INITIATING_PROCESS],
    )
}

fn device_logon_events() -> TableSchema {
    table(
        "DeviceLogonEvents",
        "Sign-ins and sign-in attempts on Defender-onboarded devices (local, network, RDP).",
        &[DEVICE_COMMON, "
ActionType string | The outcome. | LogonSuccess, LogonFailed, LogonAttempted
AccountDomain string | The account's domain.
AccountName string | The account name.
AccountSid string | The account's SID.
LogonType string | The kind of logon. | Interactive, RemoteInteractive, Network, Batch, Service, Unlock, NetworkCleartext, NewCredentials, CachedInteractive, CachedRemoteInteractive, CachedUnlock
FailureReason string | Why the logon failed. | InvalidUserNameOrPassword, UnknownUser, AccountDisabled, AccountLocked, WrongPassword, AccountRestricted
IsLocalAdmin bool | Whether the account is a local administrator.
LogonId long | The logon session id.
Protocol string | The authentication protocol. | NTLM, Kerberos, Negotiate
RemoteDeviceName string | The device the logon came from.
RemoteIP string | The IP address the logon came from.
RemoteIPType string | The kind of remote address. | Public, Private, Loopback
RemotePort int | The remote port.
", INITIATING_PROCESS],
    )
}

fn device_file_events() -> TableSchema {
    table(
        "DeviceFileEvents",
        "Files created, modified, renamed and deleted on Defender-onboarded devices.",
        &[
            DEVICE_COMMON,
            "
ActionType string | The file event. | FileCreated, FileModified, FileRenamed, FileDeleted
FileName string | The file name.
FolderPath string | The folder.
FileSize long | The size in bytes.
SHA1 string | The SHA1 of the file.
SHA256 string | The SHA256 of the file.
MD5 string | The MD5 of the file.
FileOriginUrl string | The URL the file was downloaded from.
FileOriginReferrerUrl string | The page that linked to the download.
FileOriginIP string | The IP address the file was downloaded from.
PreviousFileName string | The name before a rename.
PreviousFolderPath string | The folder before a rename.
IsAzureInfoProtectionApplied bool | Whether the file is protected by a sensitivity label.
SensitivityLabel string | The sensitivity label.
SensitivitySubLabel string | The sensitivity sub-label.
ShareName string | The share, for files accessed over the network.
RequestAccountDomain string | The domain of the remote account.
RequestAccountName string | The remote account that touched the file.
RequestAccountSid string | The SID of that account.
RequestProtocol string | The network protocol. | Local, SMB, NFS
RequestSourceIP string | The remote IP.
RequestSourcePort int | The remote port.
",
            INITIATING_PROCESS,
        ],
    )
}

fn device_registry_events() -> TableSchema {
    table(
        "DeviceRegistryEvents",
        "Registry keys and values created, changed and deleted on Defender-onboarded devices.",
        &[DEVICE_COMMON, "
ActionType string | The registry event. | RegistryKeyCreated, RegistryKeyDeleted, RegistryKeyRenamed, RegistryValueSet, RegistryValueDeleted
RegistryKey string | The key, e.g. HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run.
RegistryValueName string | The value name.
RegistryValueData string | The value data.
RegistryValueType string | The value type. | String, ExpandString, Binary, Dword, Qword, MultiString
PreviousRegistryKey string | The key before the change.
PreviousRegistryValueName string | The value name before the change.
PreviousRegistryValueData string | The data before the change.
", INITIATING_PROCESS],
    )
}

fn device_events() -> TableSchema {
    table(
        "DeviceEvents",
        "Other events on Defender-onboarded devices: antivirus detections, exploit protection, ASR rules, USB, scheduled tasks, named pipes and more, by ActionType.",
        &[DEVICE_COMMON, "
ActionType string | The event type. | AntivirusDetection, AntivirusReport, AsrExecutableEmailContentBlocked, AsrOfficeChildProcessBlocked, ExploitGuardNetworkProtectionBlocked, ScheduledTaskCreated, UsbDriveMounted, PowerShellCommand, DnsQueryResponse, NamedPipeEvent, LdapSearch, SmartScreenUrlWarning, BrowserLaunchedToOpenUrl, ProcessCreatedUsingWmiQuery
FileName string | The file involved.
FolderPath string | Its folder.
FileSize long | Its size.
SHA1 string | Its SHA1.
SHA256 string | Its SHA256.
MD5 string | Its MD5.
FileOriginUrl string | Where it was downloaded from.
FileOriginIP string | The IP it was downloaded from.
AccountDomain string | The account's domain.
AccountName string | The account involved.
AccountSid string | The account's SID.
ProcessId long | The process involved.
ProcessCommandLine string | Its command line.
ProcessCreationTime datetime | When it started.
ProcessTokenElevation string | Its token elevation.
LogonId long | The logon session.
RegistryKey string | The registry key involved.
RegistryValueName string | The registry value name.
RegistryValueData string | The registry value data.
RemoteUrl string | The URL involved.
RemoteIP string | The remote IP.
RemotePort int | The remote port.
RemoteDeviceName string | The remote device.
LocalIP string | The local IP.
LocalPort int | The local port.
", INITIATING_PROCESS],
    )
}

fn device_info() -> TableSchema {
    table(
        "DeviceInfo",
        "Periodic inventory of Defender-onboarded devices: OS, public IP, logged-on users, exposure.",
        &[DEVICE_COMMON, "
ClientVersion string | The sensor version.
DeviceObjectId string | The Entra ID device object id.
IsAzureADJoined bool | Whether the device is Entra ID joined.
JoinType string | How the device is joined. | AAD Joined, Hybrid Azure AD Join, AAD Registered, Domain Joined
LoggedOnUsers dynamic | Users signed in: [{UserName, DomainName, Sid}].
OSArchitecture string | The architecture. | 32-bit, 64-bit
OSBuild long | The OS build number.
OSPlatform string | The OS. | Windows11, Windows10, WindowsServer2022, WindowsServer2019, WindowsServer2016, Linux, macOS, iOS, Android
OSVersion string | The OS version.
OSDistribution string | The Linux distribution, if any.
OSVersionInfo string | More OS version detail.
PublicIP string | The public IP the device was last seen from.
RegistryDeviceTag string | The device tag set in the registry.
OnboardingStatus string | Defender onboarding. | Onboarded, Can be onboarded, Unsupported, Insufficient info
DeviceCategory string | The category. | Endpoint, Network device, IoT
DeviceType string | The type. | Workstation, Server, Mobile, Printer
DeviceSubtype string | The subtype.
Model string | The hardware model.
Vendor string | The hardware vendor.
SensorHealthState string | Sensor health. | Active, Inactive, Impaired, No sensor data
IsInternetFacing bool | Whether the device is reachable from the internet.
ExposureLevel string | Defender's exposure level. | Low, Medium, High
AssetValue string | The asset value. | Low, Normal, High
DeviceManualTags dynamic | Tags set by people.
DeviceDynamicTags dynamic | Tags set by rules.
MergedDeviceIds string | Earlier ids of the device.
MergedToDeviceId string | The id the device was merged into.
"],
    )
}

/// The Defender tables.
pub(super) fn tables() -> Vec<TableSchema> {
    vec![
        device_events(),
        device_process_events(),
        device_network_events(),
        device_logon_events(),
        device_file_events(),
        device_registry_events(),
        device_info(),
    ]
}
