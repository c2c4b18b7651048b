//! The entities of an account's IAM: users, groups, roles and managed
//! policies, with their policy documents.
//!
//! Field names follow `aws iam get-account-authorization-details` (in
//! snake case); values are kept as the document gives them (dates as text).

use std::path::PathBuf;

use serde_json::Value;

use crate::policy::{Policy, PolicyError};

/// A policy document read from an input, parsed once.
///
/// Two documents are equal when their JSON is equal, wherever they were read.
#[derive(Debug, Clone)]
pub struct PolicyDocument {
    /// The document as JSON (decoded when the input held it as a JSON
    /// string or a URL-encoded string).
    pub json: Value,
    /// The parsed policy, or why it does not follow the IAM grammar.
    pub parsed: Result<Policy, PolicyError>,
    /// Where the document is in its input.
    pub origin: DocumentOrigin,
}

impl PolicyDocument {
    /// A document parsed from its JSON.
    pub fn new(json: Value, origin: DocumentOrigin) -> PolicyDocument {
        let parsed = crate::policy::parse_policy_value(&json);
        PolicyDocument {
            json,
            parsed,
            origin,
        }
    }

    /// The parsed policy, `None` when it does not parse.
    pub fn policy(&self) -> Option<&Policy> {
        self.parsed.as_ref().ok()
    }
}

impl PartialEq for PolicyDocument {
    fn eq(&self, other: &PolicyDocument) -> bool {
        self.json == other.json
    }
}

/// The place of a document in its input file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentOrigin {
    /// The input file.
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) of the document in the file.
    pub pointer: String,
}

impl std::fmt::Display for DocumentOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.pointer)
    }
}

/// An inline policy embedded in a user, group or role
/// (`UserPolicyList`, `GroupPolicyList`, `RolePolicyList`).
#[derive(Debug, Clone, PartialEq)]
pub struct InlinePolicy {
    /// `PolicyName`.
    pub name: String,
    /// `PolicyDocument`.
    pub document: PolicyDocument,
}

/// A managed policy attached to a user, group or role
/// (`AttachedManagedPolicies`); its document is in [`ManagedPolicy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    /// `PolicyName`.
    pub name: String,
    /// `PolicyArn`.
    pub arn: String,
}

/// A tag (`Tags`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// `Key`.
    pub key: String,
    /// `Value`.
    pub value: String,
}

/// An IAM user (`UserDetailList`).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// `Arn`.
    pub arn: String,
    /// `UserName`.
    pub name: String,
    /// `Path` (`/` by default).
    pub path: String,
    /// `UserId`, the unique id (`AIDA...`), the value of `aws:userid`.
    pub id: Option<String>,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// `GroupList`: the names of the groups the user belongs to.
    pub groups: Vec<String>,
    /// `UserPolicyList`.
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    pub attached_policies: Vec<AttachedPolicy>,
    /// `PermissionsBoundary.PermissionsBoundaryArn`.
    pub permissions_boundary: Option<String>,
    /// `Tags`.
    pub tags: Vec<Tag>,
}

/// An IAM group (`GroupDetailList`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `Arn`.
    pub arn: String,
    /// `GroupName`.
    pub name: String,
    /// `Path`.
    pub path: String,
    /// `GroupId`.
    pub id: Option<String>,
    /// `GroupPolicyList`.
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    pub attached_policies: Vec<AttachedPolicy>,
}

/// `RoleLastUsed`: when and where the role was last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLastUsed {
    /// `LastUsedDate` (ISO 8601), absent when never used in the tracking period.
    pub date: Option<String>,
    /// `Region`.
    pub region: Option<String>,
}

/// An IAM role (`RoleDetailList`).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// `Arn`.
    pub arn: String,
    /// `RoleName`.
    pub name: String,
    /// `Path`; service-linked roles have paths under `/aws-service-role/`.
    pub path: String,
    /// `RoleId`, the unique id (`AROA...`); a session's `aws:userid` is
    /// `RoleId:session-name`.
    pub id: Option<String>,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// `AssumeRolePolicyDocument`: who may assume the role.
    pub trust_policy: Option<PolicyDocument>,
    /// `RolePolicyList`.
    pub inline_policies: Vec<InlinePolicy>,
    /// `AttachedManagedPolicies`.
    pub attached_policies: Vec<AttachedPolicy>,
    /// `PermissionsBoundary.PermissionsBoundaryArn`.
    pub permissions_boundary: Option<String>,
    /// `Tags`.
    pub tags: Vec<Tag>,
    /// `RoleLastUsed`.
    pub last_used: Option<RoleLastUsed>,
    /// `InstanceProfileList[].Arn`.
    pub instance_profiles: Vec<String>,
}

impl Role {
    /// Whether this is a service-linked role: its path starts with
    /// `/aws-service-role/` ("a unique type of service role that is linked
    /// to an AWS service", `id_roles_terms-and-concepts`; AWS creates them
    /// under that path). SCPs and RCPs do not restrict service-linked roles.
    pub fn is_service_linked(&self) -> bool {
        self.path.starts_with("/aws-service-role/")
    }
}

/// One version of a managed policy (`PolicyVersionList`).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    /// `VersionId`, e.g. `v3`.
    pub version_id: String,
    /// `IsDefaultVersion`: the version that is in effect.
    pub is_default: bool,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// `Document`.
    pub document: PolicyDocument,
}

/// A managed policy (`Policies`): customer managed, or AWS managed
/// (`arn:aws:iam::aws:policy/...`, shared by every account).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    /// `Arn`.
    pub arn: String,
    /// `PolicyName`.
    pub name: String,
    /// `Path`.
    pub path: String,
    /// `PolicyId`.
    pub id: Option<String>,
    /// `DefaultVersionId`.
    pub default_version_id: Option<String>,
    /// `AttachmentCount`.
    pub attachment_count: Option<u64>,
    /// `PermissionsBoundaryUsageCount`.
    pub boundary_usage_count: Option<u64>,
    /// `IsAttachable`.
    pub is_attachable: Option<bool>,
    /// `CreateDate`.
    pub create_date: Option<String>,
    /// `UpdateDate`.
    pub update_date: Option<String>,
    /// `PolicyVersionList`, as listed.
    pub versions: Vec<PolicyVersion>,
}

impl ManagedPolicy {
    /// The version in effect: the one marked `IsDefaultVersion`, else the
    /// one whose id is `DefaultVersionId`.
    pub fn default_version(&self) -> Option<&PolicyVersion> {
        self.versions.iter().find(|v| v.is_default).or_else(|| {
            let id = self.default_version_id.as_deref()?;
            self.versions.iter().find(|v| v.version_id == id)
        })
    }

    /// The document in effect (of the default version).
    pub fn default_document(&self) -> Option<&PolicyDocument> {
        self.default_version().map(|v| &v.document)
    }

    /// Whether AWS manages the policy (`arn:PARTITION:iam::aws:policy/...`).
    pub fn is_aws_managed(&self) -> bool {
        self.arn.split(':').nth(4) == Some("aws")
    }

    /// Whether two descriptions of the policy have the same versions (the
    /// same ids, default flags and documents). Counts such as
    /// `AttachmentCount` are per account and may differ.
    pub fn same_versions(&self, other: &ManagedPolicy) -> bool {
        self.versions.len() == other.versions.len()
            && self.versions.iter().zip(&other.versions).all(|(a, b)| {
                a.version_id == b.version_id
                    && a.is_default == b.is_default
                    && a.document == b.document
            })
    }
}
