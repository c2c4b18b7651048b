//! Condition keys as the external-access analysis sees them: functions of
//! the principal, facts about the resource, restricting keys that the caller
//! cannot choose, and caller-controlled keys (DESIGN, "The external-access
//! question").

/// How the analysis treats one condition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// A function of the principal: its value is decided by who calls.
    Principal(PrincipalKey),
    /// A fact about the analysed resource (its account, its organization).
    Resource(ResourceKey),
    /// A key the caller cannot influence; findings are projected onto it.
    Restricting(Presence),
    /// A key the caller chooses (transport, tags, time, ...): existentially
    /// eliminated, never reported.
    CallerControlled,
}

/// Keys that are functions of the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKey {
    /// `aws:PrincipalArn`: the identity ARN (a role's ARN for its sessions).
    Arn,
    /// `aws:PrincipalAccount` (`anonymous` for anonymous callers).
    Account,
    /// `kms:CallerAccount` (absent for anonymous callers).
    CallerAccount,
    /// `aws:PrincipalType`.
    Type,
    /// `aws:PrincipalIsAWSService`.
    IsAwsService,
    /// `aws:PrincipalServiceName`.
    ServiceName,
}

/// Keys that describe the analysed resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKey {
    /// `aws:ResourceAccount`, `s3:ResourceAccount`: the owner.
    Account,
    /// `aws:ResourceOrgID`: the zone's organization, when known.
    OrgId,
}

/// When a restricting key can be present in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Any request may carry it (aws:SourceIp, aws:SourceVpc, ...).
    Any,
    /// Only requests of an AWS principal (aws:PrincipalOrgID, aws:PrincipalOrgPaths).
    AwsPrincipal,
    /// Only requests a service makes for a resource (aws:SourceArn,
    /// aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:SourceOrgPaths).
    Service,
    /// Only web-identity / SAML federation requests
    /// (`token.actions.githubusercontent.com:sub`, `saml:aud`, ...).
    Federated,
}

/// The organization id key.
pub const PRINCIPAL_ORG_ID: &str = "aws:principalorgid";
/// The organization paths key.
pub const PRINCIPAL_ORG_PATHS: &str = "aws:principalorgpaths";
/// The service's source account key.
pub const SOURCE_ACCOUNT: &str = "aws:sourceaccount";
/// The service's source resource key.
pub const SOURCE_ARN: &str = "aws:sourcearn";
/// The service's source owner key (SNS, SES).
pub const SOURCE_OWNER: &str = "aws:sourceowner";
/// The service's source organization key.
pub const SOURCE_ORG_ID: &str = "aws:sourceorgid";

/// Keys that restrict by network or identity and may appear on any request.
const RESTRICTING_ANY: [&str; 6] = [
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpcsourceip",
    "aws:userid",
    "aws:username",
];

/// Keys that only a service acting for a resource sets.
const RESTRICTING_SERVICE: [&str; 5] = [
    SOURCE_ACCOUNT,
    SOURCE_ARN,
    SOURCE_OWNER,
    SOURCE_ORG_ID,
    "aws:sourceorgpaths",
];

/// The key as AWS spells it (`aws:SourceVpc` for `AWS:sourcevpc`), for
/// reports; keys the catalog does not know keep the policy's spelling.
pub fn canonical_key_name(key: &str) -> String {
    crate::catalog::Catalog::global_condition_keys()
        .find(|k| k.name.eq_ignore_ascii_case(key))
        .map_or_else(|| key.to_string(), |k| k.name.to_string())
}

/// Classifies a condition key (case-insensitively).
pub fn key_role(key: &str) -> KeyRole {
    let key = key.to_ascii_lowercase();
    match key.as_str() {
        "aws:principalarn" => KeyRole::Principal(PrincipalKey::Arn),
        "aws:principalaccount" => KeyRole::Principal(PrincipalKey::Account),
        "kms:calleraccount" => KeyRole::Principal(PrincipalKey::CallerAccount),
        "aws:principaltype" => KeyRole::Principal(PrincipalKey::Type),
        "aws:principalisawsservice" => KeyRole::Principal(PrincipalKey::IsAwsService),
        "aws:principalservicename" => KeyRole::Principal(PrincipalKey::ServiceName),
        "aws:resourceaccount" | "s3:resourceaccount" => KeyRole::Resource(ResourceKey::Account),
        "aws:resourceorgid" => KeyRole::Resource(ResourceKey::OrgId),
        PRINCIPAL_ORG_ID | PRINCIPAL_ORG_PATHS => KeyRole::Restricting(Presence::AwsPrincipal),
        k if RESTRICTING_ANY.contains(&k) => KeyRole::Restricting(Presence::Any),
        k if RESTRICTING_SERVICE.contains(&k) => KeyRole::Restricting(Presence::Service),
        k if is_federation_key(k) => KeyRole::Restricting(Presence::Federated),
        _ => KeyRole::CallerControlled,
    }
}

/// Whether a key belongs to an identity provider: `saml:*` keys and keys
/// named after a provider host (`accounts.google.com:aud`,
/// `cognito-identity.amazonaws.com:amr`,
/// `token.actions.githubusercontent.com:sub`,
/// `oidc.eks.us-east-1.amazonaws.com/id/X:sub`, ...).
pub fn is_federation_key(lowercase_key: &str) -> bool {
    if lowercase_key.starts_with("saml:") {
        return true;
    }
    lowercase_key
        .split_once(':')
        .is_some_and(|(prefix, _)| prefix.contains('.'))
}

/// Keys that IAM treats as multivalued (sets), beyond those the policy
/// uses with `ForAllValues:` / `ForAnyValue:`.
pub fn is_known_multivalued(lowercase_key: &str) -> bool {
    matches!(
        lowercase_key,
        "aws:principalorgpaths"
            | "aws:sourceorgpaths"
            | "aws:resourceorgpaths"
            | "aws:tagkeys"
            | "aws:calledvia"
            | "cognito-identity.amazonaws.com:amr"
    ) || lowercase_key.ends_with(":amr")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classified_as_design_lists_them() {
        assert_eq!(
            key_role("kms:CallerAccount"),
            KeyRole::Principal(PrincipalKey::CallerAccount)
        );
        assert_eq!(key_role("aws:SourceVpc"), KeyRole::Restricting(Presence::Any));
        assert_eq!(key_role("aws:SourceArn"), KeyRole::Restricting(Presence::Service));
        assert_eq!(
            key_role("token.actions.githubusercontent.com:sub"),
            KeyRole::Restricting(Presence::Federated)
        );
        assert_eq!(key_role("aws:SecureTransport"), KeyRole::CallerControlled);
        assert_eq!(key_role("lambda:FunctionUrlAuthType"), KeyRole::CallerControlled);
        assert_eq!(key_role("s3:x-amz-acl"), KeyRole::CallerControlled);
    }
}
