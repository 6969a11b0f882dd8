//! Values of well-known log columns that data catalogs often leave unlisted: Azure Storage
//! operation names and authentication types, CloudTrail event names and error codes, syslog
//! facilities and severities, HTTP methods, Defender for Cloud Apps action types. They are the
//! services' own documented values, so that "blob deletions" binds `OperationName == "DeleteBlob"`
//! and "console logins" `EventName == "ConsoleLogin"`. Used only for a column the catalog at hand
//! gives no values for, and only when the table is the service's own.

/// Azure Blob storage REST operations (`OperationName` of StorageBlobLogs).
const BLOB_OPERATIONS: &[&str] = &[
    "GetBlob",
    "PutBlob",
    "DeleteBlob",
    "UndeleteBlob",
    "CopyBlob",
    "ListBlobs",
    "GetBlobProperties",
    "SetBlobProperties",
    "GetBlobMetadata",
    "SetBlobMetadata",
    "SetBlobTier",
    "SnapshotBlob",
    "PutBlock",
    "PutBlockList",
    "AppendBlock",
    "CreateContainer",
    "DeleteContainer",
    "ListContainers",
    "GetContainerProperties",
    "GetContainerACL",
    "SetContainerACL",
    "GetBlobServiceProperties",
    "SetBlobServiceProperties",
    "GetUserDelegationKey",
];

/// Azure Files REST operations (`OperationName` of StorageFileLogs).
const FILE_OPERATIONS: &[&str] = &[
    "CreateFile",
    "DeleteFile",
    "GetFile",
    "PutRange",
    "CopyFile",
    "GetFileProperties",
    "SetFileProperties",
    "ListFilesAndDirectories",
    "CreateDirectory",
    "DeleteDirectory",
];

/// Azure Queue storage REST operations (`OperationName` of StorageQueueLogs).
const QUEUE_OPERATIONS: &[&str] = &[
    "PutMessage",
    "GetMessages",
    "PeekMessages",
    "DeleteMessage",
    "CreateQueue",
    "DeleteQueue",
    "ListQueues",
];

/// Azure Table storage REST operations (`OperationName` of StorageTableLogs).
const TABLE_OPERATIONS: &[&str] = &[
    "QueryEntities",
    "InsertEntity",
    "UpdateEntity",
    "DeleteEntity",
    "CreateTable",
    "DeleteTable",
    "QueryTables",
];

/// How a storage request was authenticated.
const STORAGE_AUTHENTICATION: &[&str] = &["AccountKey", "SAS", "OAuth", "Kerberos", "Anonymous"];

/// Storage request outcomes (`StatusText`).
const STORAGE_STATUS: &[&str] = &[
    "Success",
    "AnonymousSuccess",
    "SASSuccess",
    "AuthorizationFailure",
    "AuthenticationFailure",
    "AuthorizationError",
    "ClientOtherError",
    "ServerOtherError",
    "ThrottlingError",
    "ClientTimeoutError",
    "NetworkError",
    "BlobNotFound",
    "ContainerNotFound",
    "ResourceNotFound",
];

/// Storage request protocols.
const STORAGE_PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "SMB", "NFS"];

/// CloudTrail API actions analysts hunt for (`EventName`).
const CLOUDTRAIL_EVENTS: &[&str] = &[
    "ConsoleLogin",
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
    "GetSessionToken",
    "GetFederationToken",
    "GetCallerIdentity",
    "CreateUser",
    "DeleteUser",
    "CreateAccessKey",
    "DeleteAccessKey",
    "UpdateAccessKey",
    "CreateLoginProfile",
    "UpdateLoginProfile",
    "ChangePassword",
    "AddUserToGroup",
    "AttachUserPolicy",
    "AttachRolePolicy",
    "AttachGroupPolicy",
    "PutUserPolicy",
    "PutRolePolicy",
    "CreateRole",
    "DeleteRole",
    "UpdateAssumeRolePolicy",
    "CreatePolicy",
    "CreatePolicyVersion",
    "DeactivateMFADevice",
    "DeleteVirtualMFADevice",
    "StopLogging",
    "StartLogging",
    "DeleteTrail",
    "UpdateTrail",
    "PutEventSelectors",
    "DeleteDetector",
    "DeleteFlowLogs",
    "ListBuckets",
    "CreateBucket",
    "DeleteBucket",
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketAcl",
    "PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock",
    "GetObject",
    "PutObject",
    "DeleteObject",
    "RunInstances",
    "StartInstances",
    "StopInstances",
    "TerminateInstances",
    "CreateKeyPair",
    "ImportKeyPair",
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "CreateSecurityGroup",
    "ModifyInstanceAttribute",
    "CreateSnapshot",
    "ModifySnapshotAttribute",
    "GetSecretValue",
    "Decrypt",
    "DisableKey",
    "ScheduleKeyDeletion",
    "GetParameter",
    "GetParameters",
];

/// CloudTrail error codes (`ErrorCode`).
const CLOUDTRAIL_ERRORS: &[&str] = &[
    "AccessDenied",
    "UnauthorizedOperation",
    "Client.UnauthorizedOperation",
    "AccessDeniedException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "NoSuchEntity",
    "NoSuchBucket",
    "EntityAlreadyExists",
    "ThrottlingException",
    "ValidationException",
];

/// Syslog facilities (RFC 5424 names as the agent writes them).
const SYSLOG_FACILITIES: &[&str] = &[
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
    "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
];

/// Syslog severities as the agent writes them.
const SYSLOG_SEVERITIES: &[&str] = &[
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// HTTP request methods.
const HTTP_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "PROPFIND", "CONNECT", "TRACE",
];

/// Windows event levels (`EventLevelName` of the Event table).
const EVENT_LEVELS: &[&str] = &["Error", "Warning", "Information", "Critical"];

/// Operating system families of agents.
const OS_TYPES: &[&str] = &["Windows", "Linux"];

/// Entra ID user types.
const USER_TYPES: &[&str] = &["Member", "Guest"];

/// File hash algorithms.
const HASH_TYPES: &[&str] = &["SHA256", "SHA1", "MD5"];

/// Defender for Cloud Apps / Microsoft 365 activities (`ActionType` of CloudAppEvents).
const CLOUD_APP_ACTIONS: &[&str] = &[
    "FileDownloaded",
    "FileUploaded",
    "FileAccessed",
    "FileModified",
    "FileDeleted",
    "FileRenamed",
    "FileMoved",
    "FileCopied",
    "FileSyncDownloadedFull",
    "FilePreviewed",
    "SharingSet",
    "SharingInvitationCreated",
    "AnonymousLinkCreated",
    "AnonymousLinkUsed",
    "CompanyLinkCreated",
    "MailItemsAccessed",
    "Send",
    "SendAs",
    "SendOnBehalf",
    "MoveToDeletedItems",
    "SoftDelete",
    "HardDelete",
    "New-InboxRule",
    "Set-InboxRule",
    "UpdateInboxRules",
    "Set-Mailbox",
    "Add-MailboxPermission",
    "Add-RecipientPermission",
    "New-TransportRule",
    "Set-OwaMailboxPolicy",
    "UserLoggedIn",
    "UserLoginFailed",
    "SearchQueryPerformed",
    "Add member to role.",
    "Remove member from role.",
    "Add user.",
    "Delete user.",
    "Update user.",
    "Reset user password.",
    "Change user password.",
    "Consent to application.",
    "Add service principal.",
    "Add service principal credentials.",
    "Add app role assignment to service principal.",
    "Add delegated permission grant.",
    "Add application.",
    "Update application.",
];

/// The values of `column` of `table` that its service documents, or none.
pub(crate) fn well_known_values(table: &str, column: &str) -> &'static [&'static str] {
    let storage = table.starts_with("Storage") && table.ends_with("Logs");
    match (table, column) {
        ("StorageBlobLogs", "OperationName") => BLOB_OPERATIONS,
        ("StorageFileLogs", "OperationName") => FILE_OPERATIONS,
        ("StorageQueueLogs", "OperationName") => QUEUE_OPERATIONS,
        ("StorageTableLogs", "OperationName") => TABLE_OPERATIONS,
        (_, "AuthenticationType") if storage => STORAGE_AUTHENTICATION,
        (_, "StatusText") if storage => STORAGE_STATUS,
        (_, "Protocol") if storage => STORAGE_PROTOCOLS,
        ("AWSCloudTrail", "EventName") => CLOUDTRAIL_EVENTS,
        ("AWSCloudTrail", "ErrorCode") => CLOUDTRAIL_ERRORS,
        ("Syslog", "Facility") => SYSLOG_FACILITIES,
        ("Syslog", "SeverityLevel") => SYSLOG_SEVERITIES,
        ("W3CIISLog", "csMethod") => HTTP_METHODS,
        ("Event", "EventLevelName") => EVENT_LEVELS,
        ("Heartbeat", "OSType") => OS_TYPES,
        ("IdentityInfo", "UserType") => USER_TYPES,
        ("ThreatIntelligenceIndicator", "FileHashType") => HASH_TYPES,
        ("CloudAppEvents", "ActionType") => CLOUD_APP_ACTIONS,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_services_own_tables_get_values() {
        assert!(well_known_values("StorageBlobLogs", "OperationName").contains(&"DeleteBlob"));
        assert!(well_known_values("StorageFileLogs", "OperationName").contains(&"DeleteFile"));
        assert!(!well_known_values("StorageBlobLogs", "OperationName").contains(&"DeleteFile"));
        assert!(well_known_values("AzureActivity", "OperationName").is_empty());
        assert!(well_known_values("AWSCloudTrail", "EventName").contains(&"ConsoleLogin"));
        assert!(well_known_values("SecurityEvent", "EventName").is_empty());
    }
}
