//! The resource types that IAM Access Analyzer covers, and what the analysis
//! needs to know about each: its service, the catalog resource types whose
//! actions apply, the ARNs a request can name, and how its policy is read.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use zoneproof_encodings::pattern::{Pattern, Token};

/// A resource type with a resource policy or sharing setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[allow(missing_docs)]
pub enum ResourceType {
    S3Bucket,
    S3ExpressDirectoryBucket,
    IamRole,
    KmsKey,
    LambdaFunction,
    LambdaLayerVersion,
    SqsQueue,
    SnsTopic,
    SecretsManagerSecret,
    EcrRepository,
    EfsFileSystem,
    DynamoDbTable,
    DynamoDbStream,
    Ec2Snapshot,
    RdsDbSnapshot,
    RdsDbClusterSnapshot,
}

/// How a resource type grants access to other principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A resource-based policy (bucket policy, key policy, queue policy, ...).
    Resource,
    /// A role trust policy: service principals are no finding there.
    Trust,
    /// No policy, only sharing attributes (snapshots).
    SharingOnly,
}

/// The static description of a resource type.
struct Descriptor {
    resource_type: ResourceType,
    name: &'static str,
    service: &'static str,
    /// Catalog resource types (lowercase) whose actions apply.
    catalog_kinds: &'static [&'static str],
    policy_kind: PolicyKind,
}

/// The actions a role trust policy can grant.
pub const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

const DESCRIPTORS: [Descriptor; 16] = [
    Descriptor {
        resource_type: ResourceType::S3Bucket,
        name: "AWS::S3::Bucket",
        service: "s3",
        catalog_kinds: &["bucket", "object"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::S3ExpressDirectoryBucket,
        name: "AWS::S3Express::DirectoryBucket",
        service: "s3express",
        catalog_kinds: &["bucket"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::IamRole,
        name: "AWS::IAM::Role",
        service: "sts",
        catalog_kinds: &["role"],
        policy_kind: PolicyKind::Trust,
    },
    Descriptor {
        resource_type: ResourceType::KmsKey,
        name: "AWS::KMS::Key",
        service: "kms",
        catalog_kinds: &["key"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::LambdaFunction,
        name: "AWS::Lambda::Function",
        service: "lambda",
        catalog_kinds: &["function", "function alias", "function version"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::LambdaLayerVersion,
        name: "AWS::Lambda::LayerVersion",
        service: "lambda",
        catalog_kinds: &["layerversion"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::SqsQueue,
        name: "AWS::SQS::Queue",
        service: "sqs",
        catalog_kinds: &["queue"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::SnsTopic,
        name: "AWS::SNS::Topic",
        service: "sns",
        catalog_kinds: &["topic"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::SecretsManagerSecret,
        name: "AWS::SecretsManager::Secret",
        service: "secretsmanager",
        catalog_kinds: &["secret"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::EcrRepository,
        name: "AWS::ECR::Repository",
        service: "ecr",
        catalog_kinds: &["repository"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::EfsFileSystem,
        name: "AWS::EFS::FileSystem",
        service: "elasticfilesystem",
        catalog_kinds: &["file-system"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::DynamoDbTable,
        name: "AWS::DynamoDB::Table",
        service: "dynamodb",
        catalog_kinds: &["table", "index"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::DynamoDbStream,
        name: "AWS::DynamoDB::Stream",
        service: "dynamodb",
        catalog_kinds: &["stream"],
        policy_kind: PolicyKind::Resource,
    },
    Descriptor {
        resource_type: ResourceType::Ec2Snapshot,
        name: "AWS::EC2::Snapshot",
        service: "ec2",
        catalog_kinds: &["snapshot"],
        policy_kind: PolicyKind::SharingOnly,
    },
    Descriptor {
        resource_type: ResourceType::RdsDbSnapshot,
        name: "AWS::RDS::DBSnapshot",
        service: "rds",
        catalog_kinds: &["snapshot"],
        policy_kind: PolicyKind::SharingOnly,
    },
    Descriptor {
        resource_type: ResourceType::RdsDbClusterSnapshot,
        name: "AWS::RDS::DBClusterSnapshot",
        service: "rds",
        catalog_kinds: &["cluster-snapshot"],
        policy_kind: PolicyKind::SharingOnly,
    },
];

/// A resource type name that zoneproof does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource type `{0}`; expected one of: {list}", list = ResourceType::names().join(", "))]
pub struct UnknownResourceType(pub String);

impl ResourceType {
    fn descriptor(self) -> &'static Descriptor {
        // DESCRIPTORS lists every variant exactly once, in declaration order.
        let index = self as usize;
        DESCRIPTORS
            .get(index)
            .filter(|d| d.resource_type == self)
            .unwrap_or(&DESCRIPTORS[0])
    }

    /// Every supported type.
    pub fn all() -> impl Iterator<Item = ResourceType> {
        DESCRIPTORS.iter().map(|d| d.resource_type)
    }

    /// The CloudFormation-style names of every supported type.
    pub fn names() -> Vec<&'static str> {
        DESCRIPTORS.iter().map(|d| d.name).collect()
    }

    /// The type's name, e.g. `AWS::S3::Bucket`.
    pub fn name(self) -> &'static str {
        self.descriptor().name
    }

    /// The IAM service prefix whose actions apply, e.g. `s3`.
    pub fn service(self) -> &'static str {
        self.descriptor().service
    }

    /// The catalog resource types (lowercase) whose actions apply.
    pub fn catalog_kinds(self) -> &'static [&'static str] {
        self.descriptor().catalog_kinds
    }

    /// How this type grants access.
    pub fn policy_kind(self) -> PolicyKind {
        self.descriptor().policy_kind
    }

    /// Whether an action (qualified, e.g. `sts:AssumeRole`) can be granted by
    /// this type's policy at all, beyond matching its catalog resource kinds.
    pub fn admits_action(self, qualified_action: &str) -> bool {
        match self {
            ResourceType::IamRole => TRUST_ACTIONS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(qualified_action)),
            _ => true,
        }
    }

    /// The resource strings a request on this resource can name, for one
    /// catalog resource kind: the ARN itself, objects under a bucket,
    /// qualified versions and aliases of a function, indexes of a table.
    pub fn resource_pattern(self, kind: &str, arn: &str) -> Pattern {
        let any = Token::AnyString { except: None };
        let under = |separator: &str| {
            Pattern::new([Token::Literal(format!("{arn}{separator}")), any.clone()], false)
        };
        match (self, kind) {
            (ResourceType::S3Bucket, "object") => under("/"),
            (ResourceType::LambdaFunction, "function alias" | "function version") => under(":"),
            (ResourceType::DynamoDbTable, "index") => under("/index/"),
            _ => Pattern::literal(arn),
        }
    }
}

impl FromStr for ResourceType {
    type Err = UnknownResourceType;

    /// Parses a type name, ASCII case-insensitively.
    fn from_str(text: &str) -> Result<ResourceType, UnknownResourceType> {
        DESCRIPTORS
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(text))
            .map(|d| d.resource_type)
            .ok_or_else(|| UnknownResourceType(text.to_string()))
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The six colon-separated components of an ARN, the last keeping its colons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// Service namespace.
    pub service: &'a str,
    /// Region, empty for global resources.
    pub region: &'a str,
    /// Account id, empty for S3 buckets.
    pub account: &'a str,
    /// Resource part.
    pub resource: &'a str,
}

/// Splits an ARN into its components, or `None` if it is not an ARN.
pub fn split_arn(arn: &str) -> Option<ArnParts<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    Some(ArnParts {
        partition,
        service,
        region,
        account,
        resource,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_are_in_declaration_order() {
        for (index, descriptor) in DESCRIPTORS.iter().enumerate() {
            assert_eq!(descriptor.resource_type as usize, index, "{}", descriptor.name);
        }
    }

    #[test]
    fn names_round_trip() {
        for rt in ResourceType::all() {
            assert_eq!(rt.name().parse::<ResourceType>(), Ok(rt));
        }
        assert!("AWS::S3::Buckets".parse::<ResourceType>().is_err());
        assert_eq!("aws::s3::bucket".parse::<ResourceType>(), Ok(ResourceType::S3Bucket));
    }

    #[test]
    fn bucket_objects_are_under_the_bucket() {
        let p = ResourceType::S3Bucket.resource_pattern("object", "arn:aws:s3:::b");
        assert!(p.matches("arn:aws:s3:::b/key"));
        assert!(!p.matches("arn:aws:s3:::bb/key"));
        let b = ResourceType::S3Bucket.resource_pattern("bucket", "arn:aws:s3:::b");
        assert!(b.matches("arn:aws:s3:::b"));
        assert!(!b.matches("arn:aws:s3:::b/key"));
    }

    #[test]
    fn split_arn_keeps_colons_in_the_resource() {
        let parts = split_arn("arn:aws:lambda:us-east-1:111122223333:function:f:1");
        assert_eq!(parts.map(|p| (p.account, p.resource)), Some(("111122223333", "function:f:1")));
        assert_eq!(split_arn("not-an-arn"), None);
    }
}
