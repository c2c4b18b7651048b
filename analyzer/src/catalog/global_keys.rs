//! The global condition keys (`aws:` prefix) and their types.
//!
//! iam-data lists only the three tag keys (`aws:RequestTag/${TagKey}`,
//! `aws:ResourceTag/${TagKey}`, `aws:TagKeys`) under the services that
//! support them, so this table is written by hand from the IAM User Guide
//! page "AWS global condition context keys"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
//! the current edition for the keys added since: the organization
//! keys of service principals and VPC endpoints, `aws:SourceVpcArn`,
//! `aws:AssumedRoot`, `aws:SignInSessionArn` and the MCP keys). Each key's
//! type is the page's "Data type"; a key whose "Value type" is multivalued
//! is an `ArrayOf...` type.
//!
//! Templated keys use iam-data's `${TagKey}` spelling, so that
//! `aws:PrincipalTag/team` finds `aws:PrincipalTag/${TagKey}`.

use super::model::KeyType;

/// Global condition keys and their types.
pub(super) const GLOBAL_CONDITION_KEYS: &[(&str, KeyType)] = &[
    // Properties of the principal.
    ("aws:PrincipalArn", KeyType::Arn),
    ("aws:PrincipalAccount", KeyType::String),
    ("aws:PrincipalOrgPaths", KeyType::ArrayOfString),
    ("aws:PrincipalOrgID", KeyType::String),
    ("aws:PrincipalTag/${TagKey}", KeyType::String),
    ("aws:PrincipalIsAWSService", KeyType::Bool),
    ("aws:PrincipalServiceName", KeyType::String),
    ("aws:PrincipalServiceNamesList", KeyType::ArrayOfString),
    ("aws:PrincipalType", KeyType::String),
    ("aws:userid", KeyType::String),
    ("aws:username", KeyType::String),
    // Properties of a role session.
    ("aws:AssumedRoot", KeyType::Bool),
    // String for built-in identity providers, an ARN for others; the page
    // lists String.
    ("aws:FederatedProvider", KeyType::String),
    ("aws:TokenIssueTime", KeyType::Date),
    ("aws:SignInSessionArn", KeyType::Arn),
    ("aws:MultiFactorAuthAge", KeyType::Numeric),
    ("aws:MultiFactorAuthPresent", KeyType::Bool),
    ("aws:ChatbotSourceArn", KeyType::Arn),
    ("aws:Ec2InstanceSourceVpc", KeyType::String),
    ("aws:Ec2InstanceSourcePrivateIPv4", KeyType::IpAddress),
    ("aws:SourceIdentity", KeyType::String),
    // Properties of the network.
    ("aws:SourceIp", KeyType::IpAddress),
    ("aws:SourceVpc", KeyType::String),
    ("aws:SourceVpcArn", KeyType::Arn),
    ("aws:SourceVpce", KeyType::String),
    ("aws:VpceAccount", KeyType::String),
    ("aws:VpceOrgID", KeyType::String),
    ("aws:VpceOrgPaths", KeyType::ArrayOfString),
    ("aws:VpcSourceIp", KeyType::IpAddress),
    // Properties of the resource.
    ("aws:ResourceAccount", KeyType::String),
    ("aws:ResourceOrgID", KeyType::String),
    ("aws:ResourceOrgPaths", KeyType::ArrayOfString),
    ("aws:ResourceTag/${TagKey}", KeyType::String),
    // Properties of the request.
    ("aws:CalledVia", KeyType::ArrayOfString),
    ("aws:CalledViaFirst", KeyType::String),
    ("aws:CalledViaLast", KeyType::String),
    ("aws:CalledViaAWSMCP", KeyType::String),
    ("aws:ViaAWSService", KeyType::Bool),
    ("aws:ViaAWSMCPService", KeyType::Bool),
    ("aws:CurrentTime", KeyType::Date),
    // The page lists Date and Numeric: date operators compare it as a date,
    // numeric operators as seconds since the epoch.
    ("aws:EpochTime", KeyType::Date),
    ("aws:referer", KeyType::String),
    ("aws:RequestedRegion", KeyType::String),
    ("aws:RequestTag/${TagKey}", KeyType::String),
    ("aws:TagKeys", KeyType::ArrayOfString),
    ("aws:SecureTransport", KeyType::Bool),
    ("aws:SourceAccount", KeyType::String),
    ("aws:SourceArn", KeyType::Arn),
    ("aws:SourceOrgID", KeyType::String),
    ("aws:SourceOrgPaths", KeyType::ArrayOfString),
    ("aws:UserAgent", KeyType::String),
    ("aws:IsMcpServiceAction", KeyType::Bool),
    // Not on the page: an older key for the account of the resource on whose
    // behalf a service calls (as aws:SourceAccount), still seen in Amazon SNS
    // topic policies; `docs/semantics.md` ("External access") lists it among the restricting keys.
    ("aws:SourceOwner", KeyType::String),
];

/// The claims of an OpenID Connect provider that IAM exposes as condition
/// keys named `<provider>:<claim>` for any provider, e.g.
/// `token.actions.githubusercontent.com:sub` or
/// `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud` ("Available keys for
/// AWS web identity federation", reference_policies_iam-condition-keys.md).
/// iam-data lists such keys only for a few named providers.
pub(super) const OIDC_CLAIM_KEYS: &[(&str, KeyType)] = &[
    ("aud", KeyType::String),
    ("azp", KeyType::String),
    ("sub", KeyType::String),
];
