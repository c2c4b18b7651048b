//! The kinds of policy `zoneproof validate` checks, and the resource types
//! whose policies get resource-specific checks.

use std::fmt;
use std::str::FromStr;

/// The type of a policy, which decides its grammar and which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyType {
    /// An identity-based policy (user, group, role, permissions boundary):
    /// no `Principal`.
    Identity,
    /// A resource-based policy (bucket, queue, key, ...): `Principal`
    /// required.
    Resource,
    /// A role trust policy: `Principal` required, no `Resource`.
    Trust,
    /// An AWS Organizations service control policy.
    Scp,
    /// An AWS Organizations resource control policy.
    Rcp,
}

impl PolicyType {
    /// Every policy type.
    pub const ALL: [PolicyType; 5] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::Scp,
        PolicyType::Rcp,
    ];

    /// The name used on the command line, e.g. `scp`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
        }
    }

    /// Access Analyzer's name of the type, as in `ValidatePolicy`'s
    /// `policyType` (a trust policy is a resource policy of type
    /// `AWS::IAM::AssumeRolePolicyDocument`).
    pub fn aws_name(self) -> &'static str {
        match self {
            PolicyType::Identity => "IDENTITY_POLICY",
            PolicyType::Resource | PolicyType::Trust => "RESOURCE_POLICY",
            PolicyType::Scp => "SERVICE_CONTROL_POLICY",
            PolicyType::Rcp => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// Whether statements name principals (`Principal` required).
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp
        )
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A policy type name that zoneproof does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown policy type `{0}`; expected `identity`, `resource`, `trust`, `scp` or `rcp`")]
pub struct UnknownPolicyType(pub String);

impl FromStr for PolicyType {
    type Err = UnknownPolicyType;

    /// Accepts zoneproof's names (`identity`, `resource`, `trust`, `scp`,
    /// `rcp`) and Access Analyzer's (`IDENTITY_POLICY`, `RESOURCE_POLICY`,
    /// `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`), ignoring case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let lower = text.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "identity" | "identity_policy" => PolicyType::Identity,
            "resource" | "resource_policy" => PolicyType::Resource,
            "trust" | "role-trust" | "role_trust" => PolicyType::Trust,
            "scp" | "service_control_policy" => PolicyType::Scp,
            "rcp" | "resource_control_policy" => PolicyType::Rcp,
            _ => return Err(UnknownPolicyType(text.to_owned())),
        })
    }
}

/// A resource type whose policy gets the resource-specific checks
/// (`UNSUPPORTED_ACTION_IN_POLICY`, `UNSUPPORTED_RESOURCE_ARN_IN_POLICY`,
/// `IRRELEVANT_CONDITION_KEY_IN_POLICY`, the resource policy size quota).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceKind {
    /// The CloudFormation type name, e.g. `AWS::S3::Bucket`.
    pub name: &'static str,
    /// How findings name it, e.g. `S3 Bucket`.
    pub display: &'static str,
    /// The actions its policy may grant, as action patterns.
    pub actions: &'static [&'static str],
    /// The catalog resource types its policy's `Resource` may name, as
    /// `(service, resource type)`; empty: no `Resource` check.
    pub arn_types: &'static [(&'static str, &'static str)],
    /// The largest policy the service accepts, in characters.
    pub size_quota: Option<usize>,
    /// Condition keys that say nothing in this resource's own policy.
    pub irrelevant_keys: &'static [&'static str],
    /// Whether Access Analyzer's `ValidatePolicy` has resource-specific
    /// checks for the type (its `validatePolicyResourceType`). For the
    /// others, zoneproof's checks are its own, and `"Resource": "*"` (which
    /// their services accept) is not reported.
    pub aws_validated: bool,
}

/// The keys that describe the resource a policy is attached to: in that
/// resource's own policy they are fixed.
const RESOURCE_OWNER_KEYS: &[&str] = &[
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
];

const S3_IRRELEVANT_KEYS: &[&str] = &[
    "s3:ResourceAccount",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
];

/// The actions of a role trust policy.
pub const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The resource types with resource-specific checks: Access Analyzer's
/// six (`ValidatePolicy`'s `validatePolicyResourceType`) and the other
/// types zoneproof analyses.
pub const RESOURCE_KINDS: &[ResourceKind] = &[
    ResourceKind {
        name: "AWS::S3::Bucket",
        display: "S3 Bucket",
        actions: &["s3:*"],
        arn_types: &[("s3", "bucket"), ("s3", "object")],
        size_quota: Some(20_480),
        irrelevant_keys: S3_IRRELEVANT_KEYS,
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::S3::AccessPoint",
        display: "S3 Access Point",
        actions: &["s3:*"],
        arn_types: &[("s3", "accesspoint"), ("s3", "accesspointobject")],
        size_quota: Some(20_480),
        irrelevant_keys: S3_IRRELEVANT_KEYS,
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::S3::MultiRegionAccessPoint",
        display: "S3 Multi-Region Access Point",
        actions: &["s3:*"],
        arn_types: &[("s3", "multiregionaccesspoint")],
        size_quota: Some(20_480),
        irrelevant_keys: S3_IRRELEVANT_KEYS,
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::S3ObjectLambda::AccessPoint",
        display: "S3 Object Lambda Access Point",
        actions: &["s3-object-lambda:*"],
        arn_types: &[("s3-object-lambda", "objectlambdaaccesspoint")],
        size_quota: Some(20_480),
        irrelevant_keys: S3_IRRELEVANT_KEYS,
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::IAM::AssumeRolePolicyDocument",
        display: "Role Trust Policy",
        actions: TRUST_ACTIONS,
        arn_types: &[],
        size_quota: None,
        irrelevant_keys: &[],
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::DynamoDB::Table",
        display: "DynamoDB Table",
        actions: &["dynamodb:*"],
        arn_types: &[
            ("dynamodb", "table"),
            ("dynamodb", "index"),
            ("dynamodb", "stream"),
        ],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: true,
    },
    ResourceKind {
        name: "AWS::DynamoDB::Stream",
        display: "DynamoDB Stream",
        actions: &["dynamodb:*"],
        arn_types: &[("dynamodb", "stream")],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::S3Express::DirectoryBucket",
        display: "S3 Directory Bucket",
        actions: &["s3express:*"],
        arn_types: &[("s3express", "bucket")],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::KMS::Key",
        display: "KMS Key",
        actions: &["kms:*"],
        arn_types: &[],
        size_quota: Some(32_768),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::Lambda::Function",
        display: "Lambda Function",
        actions: &["lambda:*"],
        arn_types: &[
            ("lambda", "function"),
            ("lambda", "function alias"),
            ("lambda", "function version"),
        ],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::Lambda::LayerVersion",
        display: "Lambda Layer Version",
        actions: &["lambda:*"],
        arn_types: &[("lambda", "layerVersion"), ("lambda", "layer")],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::SQS::Queue",
        display: "SQS Queue",
        actions: &["sqs:*"],
        arn_types: &[("sqs", "queue")],
        size_quota: Some(8_192),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::SNS::Topic",
        display: "SNS Topic",
        actions: &["sns:*"],
        arn_types: &[("sns", "topic")],
        size_quota: Some(30_720),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::SecretsManager::Secret",
        display: "Secrets Manager Secret",
        actions: &["secretsmanager:*"],
        arn_types: &[],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::ECR::Repository",
        display: "ECR Repository",
        actions: &["ecr:*"],
        arn_types: &[("ecr", "repository")],
        size_quota: Some(10_240),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
    ResourceKind {
        name: "AWS::EFS::FileSystem",
        display: "EFS File System",
        actions: &["elasticfilesystem:*"],
        arn_types: &[("elasticfilesystem", "file-system")],
        size_quota: Some(20_480),
        irrelevant_keys: RESOURCE_OWNER_KEYS,
        aws_validated: false,
    },
];

/// The name Access Analyzer gives the role trust policy resource type.
pub const TRUST_RESOURCE_TYPE: &str = "AWS::IAM::AssumeRolePolicyDocument";

/// Looks a resource type up by its CloudFormation name (case-insensitive);
/// `AWS::IAM::Role` means its trust policy.
pub fn resource_kind(name: &str) -> Option<&'static ResourceKind> {
    let name = if name.eq_ignore_ascii_case("AWS::IAM::Role") {
        TRUST_RESOURCE_TYPE
    } else {
        name
    };
    RESOURCE_KINDS
        .iter()
        .find(|kind| kind.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_both_ways() {
        assert_eq!("SCP".parse::<PolicyType>(), Ok(PolicyType::Scp));
        assert_eq!(
            "RESOURCE_CONTROL_POLICY".parse::<PolicyType>(),
            Ok(PolicyType::Rcp)
        );
        assert!("group".parse::<PolicyType>().is_err());
        assert_eq!(PolicyType::Trust.aws_name(), "RESOURCE_POLICY");
    }

    #[test]
    fn resource_kinds_name_catalog_resource_types() {
        let catalog = crate::catalog::Catalog::get();
        for kind in RESOURCE_KINDS {
            for (service, resource_type) in kind.arn_types {
                let service = catalog.service(service).unwrap();
                assert!(
                    service.resource_type(resource_type).is_some(),
                    "{}: {resource_type}",
                    kind.name
                );
            }
        }
        assert_eq!(
            resource_kind("aws::iam::role").unwrap().name,
            TRUST_RESOURCE_TYPE
        );
    }
}
