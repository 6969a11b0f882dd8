//! Microsoft Entra ID (Azure AD) tables: sign-ins, audit logs, identity info, UEBA.

use kql::TableSchema;

use super::spec::table;

/// Columns shared by SigninLogs and AADNonInteractiveUserSignInLogs, except the structured ones,
/// whose type differs between the two tables.
const SIGNIN_COMMON: &str = "
TenantId string | The Log Analytics workspace id.
SourceSystem string | The agent type that collected the event. | Azure AD
TimeGenerated datetime | When the sign-in happened (UTC).
ResourceId string | The Azure resource id of the tenant's directory.
OperationName string | Always 'Sign-in activity'. | Sign-in activity
OperationVersion string | The REST API version of the sign-in record.
Category string | The log category. | SignInLogs, NonInteractiveUserSignInLogs
ResultType string | 0 for success, otherwise the Entra ID error code: 50126 invalid username or password, 50053 account locked, 50074/50076 MFA required, 500121 MFA denied or failed, 53003 blocked by Conditional Access, 50140 keep-me-signed-in interrupt, 50057 account disabled, 50055 password expired. | 0, 50126, 50053, 50074, 50076, 500121, 53003, 50140, 50057, 50055, 50158, 16000, 70044
ResultSignature string | Usually SUCCESS or None.
ResultDescription string | The text of the error for ResultType, e.g. 'Invalid username or password or Invalid on-premise username or password.'
DurationMs long | How long the sign-in took, in milliseconds.
CorrelationId string | Ties together the records of one sign-in flow.
Resource string | The resource provider. | Microsoft.aadiam
ResourceGroup string | The resource group. | Microsoft.aadiam
ResourceProvider string | The resource provider. | Microsoft.aadiam
Identity string | The display name of the user who signed in.
Level string | The log level (4 = informational).
Location string | The two-letter country code of the sign-in, e.g. US, GB, NL.
AlternateSignInName string | The sign-in name when not the UPN (phone number, email).
AppDisplayName string | The application signed in to. | Office 365 Exchange Online, Microsoft Teams, Azure Portal, Microsoft Office, Office 365 SharePoint Online, Microsoft Azure CLI, OfficeHome, Microsoft Authentication Broker, Azure Virtual Desktop Client
AppId string | The application (client) id.
AuthenticationContextClassReferences string | Conditional Access authentication contexts that applied.
AuthenticationMethodsUsed string | Authentication methods used.
AuthenticationProcessingDetails string | Details of the authentication processing (JSON text).
AuthenticationProtocol string | The protocol used. | none, oAuth2, ropc, wsFederation, saml20, deviceCode
AuthenticationRequirement string | Whether single- or multifactor authentication was required. | singleFactorAuthentication, multiFactorAuthentication
AuthenticationRequirementPolicies string | Policies that set the authentication requirement (JSON text).
AutonomousSystemNumber string | The AS number of the sign-in's IP address.
ClientAppUsed string | The client app type. | Browser, Mobile Apps and Desktop clients, Exchange ActiveSync, IMAP4, POP3, SMTP, Authenticated SMTP, Other clients, Exchange Web Services
ConditionalAccessStatus string | The Conditional Access outcome. | success, failure, notApplied
CreatedDateTime datetime | When the sign-in was initiated.
CrossTenantAccessType string | The kind of cross-tenant access. | none, b2bCollaboration, b2bDirectConnect, microsoftSupport, serviceProvider, passthrough
FlaggedForReview bool | Whether an admin flagged the sign-in for review.
HomeTenantId string | The tenant the user belongs to.
Id string | The sign-in record's unique id.
IPAddress string | The client IP address of the sign-in.
IPAddressFromResourceProvider string | The IP address the resource provider saw.
IsInteractive bool | Whether the user interacted (entered credentials) during the sign-in.
IsRisky bool | Whether Identity Protection considered the sign-in risky.
OriginalRequestId string | The id of the first request in the flow.
ProcessingTimeInMilliseconds string | Server-side processing time.
ResourceDisplayName string | The resource (API) signed in to. | Office 365 Exchange Online, Microsoft Graph, Windows Azure Service Management API, Office 365 SharePoint Online, Windows Azure Active Directory
ResourceIdentity string | The id of the resource signed in to.
ResourceServicePrincipalId string | The service principal of the resource.
ResourceTenantId string | The tenant of the resource.
RiskDetail string | Why the risk state is what it is. | none, adminGeneratedTemporaryPassword, userPerformedSecuredPasswordChange, adminConfirmedSigninSafe, aiConfirmedSigninSafe, adminDismissedAllRiskForUser, adminConfirmedSigninCompromised, hidden
RiskEventTypes string | Risk detections (legacy names), as a JSON array.
RiskEventTypes_V2 string | Risk detections: unfamiliarFeatures, anonymizedIPAddress, impossibleTravel, maliciousIPAddress, passwordSpray, leakedCredentials..., as a JSON array.
RiskLevelAggregated string | Aggregated risk level. | none, low, medium, high, hidden
RiskLevelDuringSignIn string | Risk level at the time of the sign-in. | none, low, medium, high, hidden
RiskState string | The user's risk state. | none, confirmedSafe, remediated, dismissed, atRisk, confirmedCompromised
ServicePrincipalId string | The service principal of the app, for app sign-ins.
ServicePrincipalName string | The service principal name.
SessionLifetimePolicies string | Session lifetime policies applied (JSON text).
SignInEventTypes string | Kinds of sign-in (JSON array). | [\"interactiveUser\"], [\"nonInteractiveUser\"]
SignInIdentifier string | The identifier the user typed.
SignInIdentifierType string | The kind of identifier.
TokenIssuerName string | The issuer of the token.
TokenIssuerType string | The issuer type. | AzureAD, ADFederationServices
UniqueTokenIdentifier string | The id of the issued token.
UserAgent string | The user agent of the client.
UserDisplayName string | The user's display name.
UserId string | The user's object id.
UserPrincipalName string | The user's UPN, e.g. someone@contoso.com. The usual key for a user.
UserType string | Whether the user is a member or a guest. | Member, Guest
AADTenantId string | The Entra ID tenant id.
";

fn signin_structured(ty: &str) -> String {
    format!(
        "
AppliedEventListeners {ty} | Event listeners (custom extensions) that ran.
AuthenticationDetails {ty} | Each authentication step: method, succeeded, authenticationStepResultDetail.
ConditionalAccessPolicies {ty} | Each Conditional Access policy evaluated: displayName, result (success, failure, notApplied, reportOnlyFailure...), enforcedGrantControls.
DeviceDetail {ty} | The device: deviceId, displayName, operatingSystem, browser, isCompliant, isManaged, trustType.
LocationDetails {ty} | Where the sign-in came from: city, state, countryOrRegion, geoCoordinates {{latitude, longitude}}. Use tostring(LocationDetails.countryOrRegion).
MfaDetail {ty} | Multifactor details: authMethod, authDetail.
NetworkLocationDetails {ty} | Named network locations matched: networkType (trustedNamedLocation...), networkNames.
Status {ty} | The outcome: errorCode, failureReason, additionalDetails.
"
    )
}

fn signin_logs() -> TableSchema {
    table(
        "SigninLogs",
        "Interactive sign-ins of users to Microsoft Entra ID: who signed in, to which app, from where, with what result and risk. ResultType \"0\" is success.",
        &[SIGNIN_COMMON, &signin_structured("dynamic"), "RiskLevel string | Deprecated risk level. | none, low, medium, high"],
    )
}

fn non_interactive_signins() -> TableSchema {
    table(
        "AADNonInteractiveUserSignInLogs",
        "Non-interactive sign-ins done by a client on the user's behalf (token refresh, SSO). The structured columns hold JSON text: use parse_json() before reading fields.",
        &[SIGNIN_COMMON, &signin_structured("string")],
    )
}

fn audit_logs() -> TableSchema {
    table(
        "AuditLogs",
        "Changes in Microsoft Entra ID: users, groups, roles, applications, policies. InitiatedBy is who did it, TargetResources what it was done to.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting agent. | Azure AD
TimeGenerated datetime | When the change was logged (UTC).
ResourceId string | The tenant's directory resource id.
OperationName string | The activity, e.g. 'Add member to role', 'Add user', 'Update application', 'Consent to application', 'Reset password (self-service)'. | Add member to role, Remove member from role, Add user, Delete user, Update user, Add member to group, Add service principal, Add app role assignment to service principal, Consent to application, Update application – Certificates and secrets management , Reset password (self-service), Reset user password, Change user password, Update conditional access policy, Add eligible member to role in PIM completed (permanent), Add member to role completed (PIM activation), User registered security info
OperationVersion string | The API version of the activity.
Category string | The area of the directory. | UserManagement, GroupManagement, RoleManagement, ApplicationManagement, Policy, DirectoryManagement, Authentication, UserAuthenticationMethod, Device
ResultType string | The outcome code.
ResultSignature string | The result signature.
ResultDescription string | The outcome text.
DurationMs long | Duration in milliseconds.
CorrelationId string | Ties together the records of one operation.
Resource string | The resource provider. | Microsoft.aadiam
ResourceGroup string | The resource group. | Microsoft.aadiam
ResourceProvider string | The resource provider.
Identity string | Who performed the activity (display name).
Level string | The log level.
Location string | The location of the data center.
AdditionalDetails dynamic | Extra key/value details, e.g. User-Agent, ipaddr.
Id string | The record's unique id.
InitiatedBy dynamic | Who did it: user {userPrincipalName, id, ipAddress, displayName} or app {displayName, servicePrincipalId}. Use tostring(InitiatedBy.user.userPrincipalName).
LoggedByService string | The service that logged it. | Core Directory, Self-service Password Management, PIM, Invited Users, Conditional Access, Authentication Methods
Result string | The outcome. | success, failure, timeout, unknownFutureValue
ResultReason string | Why it failed, if it did.
TargetResources dynamic | What was changed: an array of {id, displayName, type (User, Group, Role, ServicePrincipal, Application, Policy), userPrincipalName, modifiedProperties [{displayName, oldValue, newValue}]}.
AADTenantId string | The Entra ID tenant id.
ActivityDisplayName string | The activity's display name (the same as OperationName).
ActivityDateTime datetime | When the activity happened.
AADOperationType string | The kind of operation. | Add, Assign, Update, Delete, Unassign, Other
"],
    )
}

fn identity_info() -> TableSchema {
    table(
        "IdentityInfo",
        "Identity information synchronised by UEBA from Entra ID and Active Directory: one record per account refresh, with department, job title, roles and group memberships. Use arg_max(TimeGenerated, *) by AccountUPN for the latest.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting system.
TimeGenerated datetime | When the record was written.
AccountCloudSID string | The account's cloud SID.
AccountCreationTime datetime | When the account was created.
AccountDisplayName string | The display name.
AccountDomain string | The account's domain.
AccountName string | The account name (the UPN prefix or sAMAccountName).
AccountObjectId string | The Entra ID object id.
AccountSID string | The on-premises SID.
AccountTenantId string | The Entra ID tenant id.
AccountUPN string | The user principal name.
AdditionalMailAddresses dynamic | Other email addresses.
AssignedRoles dynamic | Entra ID roles assigned, e.g. [\"Global Administrator\"].
BlastRadius string | How much harm the account could do if compromised. | Low, Medium, High
ChangeSource string | Where the latest change came from. | AzureActiveDirectory, ActiveDirectory, UEBA, Watchlist
City string | The user's city.
CompanyName string | The company.
Country string | The user's country.
DeletedDateTime datetime | When the account was deleted, if it was.
Department string | The department.
EmployeeId string | The employee id.
EntityRiskLevel string | The UEBA risk level. | Low, Medium, High
ExtensionProperty dynamic | Directory extension properties.
GivenName string | The first name.
GroupMembership dynamic | Groups the account is in.
IsAccountEnabled bool | Whether the account can sign in.
IsMFARegistered bool | Whether the user registered for MFA.
IsServiceAccount bool | Whether it is a service account.
JobTitle string | The job title.
MailAddress string | The primary email address.
Manager string | The manager's UPN.
OnPremisesDistinguishedName string | The on-premises distinguished name.
Phone string | The phone number.
RelatedAccounts dynamic | Linked accounts.
RiskLevel string | The Identity Protection risk level. | low, medium, high, none
RiskLevelDetails string | Why the risk level is what it is.
RiskState string | The Identity Protection risk state. | none, atRisk, confirmedCompromised, remediated, dismissed
ServicePrincipals dynamic | Service principals related to the account.
State string | The user's state or province.
StreetAddress string | The office address.
Surname string | The last name.
Tags dynamic | Tags from watchlists.
UACFlags int | The on-premises userAccountControl flags.
UserAccountControl dynamic | The userAccountControl flags, by name.
UserState string | Whether the account is active. | Active, Disabled, Deleted
UserStateChangedOn datetime | When UserState last changed.
UserType string | Member or guest. | Member, Guest
"],
    )
}

fn behavior_analytics() -> TableSchema {
    table(
        "BehaviorAnalytics",
        "UEBA: user activities enriched with how unusual they are for the user, their peers and the organisation. InvestigationPriority 0-10 ranks anomalies.",
        &["
TenantId string | The Log Analytics workspace id.
SourceSystem string | The collecting system.
TimeGenerated datetime | When the activity happened.
TimeProcessed datetime | When UEBA processed it.
SourceRecordId string | The id of the raw event.
ActivityType string | The activity group. | LogOn, FailedLogOn, Authorization, ResourceManagement, Management, PasswordReset
ActionType string | The action.
UserName string | The account name.
UserPrincipalName string | The user's UPN.
EventSource string | Where the raw event came from. | Azure AD, AzureActivity, SecurityEvent, Office365
EventVendor string | The vendor. | Microsoft
EventProductVersion string | The product version.
SourceDevice string | The device the activity came from.
SourceIPAddress string | The source IP address.
SourceIPLocation string | The country of the source IP.
DestinationDevice string | The target device.
DestinationIPAddress string | The target IP address.
DestinationIPLocation string | The country of the target IP.
UsersInsights dynamic | Facts about the user (AccountDisplayName, IsDormantAccount, IsNewAccount, BlastRadius...).
DevicesInsights dynamic | Facts about the device (ThreatIntelIndicatorType, Browser, OS...).
ActivityInsights dynamic | How unusual the activity is (FirstTimeUserConnectedFromCountry, CountryUncommonlyConnectedFromAmongPeers, ActionUncommonlyPerformedByUser...).
ExtendedProperties dynamic | Other details.
InvestigationPriority int | 0 (normal) to 10 (highly anomalous).
"],
    )
}

/// The identity tables.
pub(super) fn tables() -> Vec<TableSchema> {
    vec![
        signin_logs(),
        non_interactive_signins(),
        audit_logs(),
        identity_info(),
        behavior_analytics(),
    ]
}
