//! The result of an authorization and the trace a person can follow: each
//! policy type's verdict, each policy's verdict and deciding statements,
//! and the context keys the decision depends on that the request did not
//! give. Serialised as `zoneproof authorize --format json` prints it.

use serde::Serialize;

use crate::eval::Decision;
use crate::organization::LevelKind;

/// The policy types IAM evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    /// Resource control policies of the resource's account (root, OUs, account).
    Rcp,
    /// Service control policies of the principal's account (root, OUs, account).
    Scp,
    /// The resource-based policy (bucket policy, key policy, trust policy, ...).
    Resource,
    /// The principal's identity-based policies (its own, and its groups').
    Identity,
    /// The principal's permissions boundary.
    PermissionsBoundary,
    /// The session policy passed when the session was created.
    SessionPolicy,
}

impl PolicyType {
    /// Every type, in the order the trace lists them.
    pub const ALL: [PolicyType; 6] = [
        PolicyType::Identity,
        PolicyType::PermissionsBoundary,
        PolicyType::SessionPolicy,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::Resource,
    ];

    /// A name for people, e.g. `permissions boundary`.
    pub fn label(self) -> &'static str {
        match self {
            PolicyType::Rcp => "RCPs",
            PolicyType::Scp => "SCPs",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Identity => "identity-based policies",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::SessionPolicy => "session policy",
        }
    }
}

/// One statement that took part in the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    /// The type of the policy it belongs to.
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    /// The policy's name (or ARN when it has no name).
    pub policy: String,
    /// The policy's ARN, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_arn: Option<String>,
    /// For SCPs and RCPs: the root, OU or account the policy is attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
    /// Zero-based index of the statement in its policy.
    pub index: usize,
    /// Its `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
}

/// The verdict of one policy on the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVerdict {
    /// The policy's name (or ARN when it has no name).
    pub name: String,
    /// The policy's ARN, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Where it comes from or is attached: `inline`, `attached`, `group dev`,
    /// an OU or account for SCPs and RCPs, `--session-policy`, the resource.
    pub attached_to: String,
    /// The policy's own decision on the request.
    pub decision: Decision,
    /// The statements that apply: every applicable `Deny` for
    /// `ExplicitDeny`, every applicable `Allow` for `Allow`.
    pub statements: Vec<StatementRef>,
}

/// Whether every SCP or RCP level allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelVerdict {
    /// The root, OU or account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Root, OU or account.
    pub kind: LevelKind,
    /// `Allow` when some policy attached there allows and none denies.
    pub decision: Decision,
}

/// How a resource-based policy grants the request, which decides what can
/// still limit it within one account (`reference_policies_evaluation-logic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Grant {
    /// Granted to the account (its id or root ARN): within the account, the
    /// account's identity-based policies must allow (delegation).
    Account,
    /// Granted to the role ARN (or to the IAM user who created a federated
    /// user session): limited by the permissions boundary and session policy.
    RoleArn,
    /// Granted to the requesting user or session itself (its ARN, `*`, or
    /// `NotPrincipal`): not limited by an implicit deny in identity-based
    /// policies, boundaries or session policies.
    Direct,
}

/// The verdict of one policy type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeVerdict {
    /// The policy type.
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    /// Whether the type takes part in this request.
    pub applies: bool,
    /// Why it does not apply, or how it was found (one line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The type's verdict when it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// For SCPs and RCPs: each level from the root to the account.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelVerdict>,
    /// For the resource-based policy: how it grants the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant: Option<Grant>,
    /// Each policy of the type.
    pub policies: Vec<PolicyVerdict>,
}

/// Who made the request, as authorize understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalSummary {
    /// The principal as the request names it (a role ARN becomes a session).
    pub arn: String,
    /// `root user`, `IAM user`, `role session`, `federated user`,
    /// `AWS service`, `anonymous`, `federated identity`, `canonical user`.
    pub kind: String,
    /// Its account, for AWS principals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The entity (user or role) in the inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Whether it is a session of a service-linked role.
    pub service_linked: bool,
}

/// The resource, as authorize found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSummary {
    /// The requested resource ARN.
    pub arn: String,
    /// The owner account, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Where the owner account comes from.
    pub account_source: String,
    /// The resource in the inputs whose policy applies (e.g. the bucket of
    /// an object), with its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_resource: Option<String>,
    /// Its type, e.g. `AWS::S3::Bucket`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// A decision with its trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub decision: Decision,
    /// One sentence saying why.
    pub reason: String,
    /// The request's principal.
    pub principal: PrincipalSummary,
    /// The action, as given.
    pub action: String,
    /// The resource.
    pub resource: ResourceSummary,
    /// Whether principal and resource are in different accounts (both the
    /// principal's and the resource's side must then allow).
    pub cross_account: bool,
    /// The statements that decided: the applicable `Deny` statements for
    /// `ExplicitDeny`; for `Allow`, the granting statements and the
    /// statements of the ceilings (boundary, session policy, SCPs, RCPs)
    /// that let it through; none for `ImplicitDeny` (the reason names what
    /// did not allow).
    pub deciding_statements: Vec<StatementRef>,
    /// Each policy type's verdict, in [`PolicyType::ALL`] order.
    pub policies: Vec<TypeVerdict>,
    /// Condition keys that applicable statements test (or use as policy
    /// variables) and that the request context does not hold, like the IAM
    /// policy simulator's `MissingContextValues`: giving them may change the
    /// decision.
    pub missing_context_values: Vec<String>,
    /// The request context the policies were evaluated with: the keys
    /// given, and those derived from the principal, the resource and the
    /// organization.
    pub context: std::collections::BTreeMap<String, Vec<String>>,
}

impl Authorization {
    /// The verdict of one policy type.
    pub fn verdict(&self, policy_type: PolicyType) -> Option<&TypeVerdict> {
        self.policies.iter().find(|v| v.policy_type == policy_type)
    }
}
