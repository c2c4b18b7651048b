//! What `Ref` and `Fn::GetAtt` return for resources of the template.
//!
//! A resource's name is its name property (`BucketName`, `RoleName`,
//! `QueueName`, ...) when it resolves, else its logical id (CloudFormation
//! would generate a name; the logical id stands for it, consistently).
//! ARNs are in the deployment account and region (`--account`,
//! `--region`, or their placeholders).
//!
//! | type | `Ref` | attributes |
//! | --- | --- | --- |
//! | `AWS::S3::Bucket` | name | `Arn`, `DomainName` |
//! | `AWS::IAM::Role` | name | `Arn` (`arn:aws:iam::ACCOUNT:role/PATH/NAME`) |
//! | `AWS::IAM::User` | name | `Arn` |
//! | `AWS::SQS::Queue` | URL | `Arn`, `QueueName`, `QueueUrl` |
//! | `AWS::SNS::Topic` | ARN | `TopicArn`, `TopicName` |
//! | `AWS::KMS::Key` | key id (logical id) | `Arn`, `KeyId` |
//! | `AWS::Lambda::Function` | name | `Arn` |
//! | `AWS::SecretsManager::Secret` | ARN | `Id` |
//! | `AWS::ECR::Repository` | name | `Arn`, `RepositoryUri` |
//! | `AWS::EFS::FileSystem` | id (logical id) | `Arn`, `FileSystemId` |
//! | `AWS::DynamoDB::Table` | name | `Arn` |
//!
//! Every other `Ref` or attribute is a placeholder.

use serde_json::Value;

use super::super::names::{placeholder, url_suffix};
use super::intrinsics::Resolver;

/// What `Ref` of the resource `logical` returns.
pub(crate) fn reference(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> String {
    let name = || resource_name(resolver, logical, resource, depth);
    match resource_type(resource) {
        "AWS::S3::Bucket"
        | "AWS::IAM::Role"
        | "AWS::IAM::User"
        | "AWS::Lambda::Function"
        | "AWS::ECR::Repository"
        | "AWS::DynamoDB::Table"
        | "AWS::KMS::Key"
        | "AWS::EFS::FileSystem" => name(),
        "AWS::SQS::Queue" => queue_url(resolver, &name()),
        "AWS::SNS::Topic" | "AWS::SecretsManager::Secret" => {
            arn_of(resolver, logical, resource, depth)
                .unwrap_or_else(|| placeholder(&format!("Ref:{logical}")))
        }
        _ => placeholder(&format!("Ref:{logical}")),
    }
}

/// What `Fn::GetAtt` of `logical.attribute` returns.
pub(crate) fn attribute(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    attribute: &str,
    depth: usize,
) -> String {
    let unresolved = || placeholder(&format!("Fn::GetAtt:{logical}.{attribute}"));
    let kind = resource_type(resource);
    let name = || resource_name(resolver, logical, resource, depth);
    match (kind, attribute) {
        (_, "Arn") | ("AWS::SNS::Topic", "TopicArn") | ("AWS::SecretsManager::Secret", "Id") => {
            arn_of(resolver, logical, resource, depth).unwrap_or_else(unresolved)
        }
        ("AWS::S3::Bucket", "DomainName") => {
            format!("{}.s3.{}", name(), url_suffix(resolver.partition()))
        }
        ("AWS::SQS::Queue", "QueueName")
        | ("AWS::SNS::Topic", "TopicName")
        | ("AWS::KMS::Key", "KeyId")
        | ("AWS::EFS::FileSystem", "FileSystemId") => name(),
        ("AWS::SQS::Queue", "QueueUrl") => queue_url(resolver, &name()),
        ("AWS::ECR::Repository", "RepositoryUri") => format!(
            "{}.dkr.ecr.{}.{}/{}",
            resolver.account(),
            resolver.region(),
            url_suffix(resolver.partition()),
            name()
        ),
        _ => unresolved(),
    }
}

/// The ARN of a template resource of a known type.
pub(crate) fn arn_of(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> Option<String> {
    let name = resource_name(resolver, logical, resource, depth);
    let partition = resolver.partition();
    let region = resolver.region();
    let account = resolver.account();
    let path = || {
        resource
            .get("Properties")
            .and_then(|properties| properties.get("Path"))
            .and_then(|path| resolver.resolve_string(path, depth + 1))
            .unwrap_or_else(|| "/".to_string())
    };
    Some(match resource_type(resource) {
        "AWS::S3::Bucket" => format!("arn:{partition}:s3:::{name}"),
        "AWS::IAM::Role" => format!("arn:{partition}:iam::{account}:role{}{name}", path()),
        "AWS::IAM::User" => format!("arn:{partition}:iam::{account}:user{}{name}", path()),
        "AWS::SQS::Queue" => format!("arn:{partition}:sqs:{region}:{account}:{name}"),
        "AWS::SNS::Topic" => format!("arn:{partition}:sns:{region}:{account}:{name}"),
        "AWS::KMS::Key" => format!("arn:{partition}:kms:{region}:{account}:key/{name}"),
        "AWS::Lambda::Function" => {
            format!("arn:{partition}:lambda:{region}:{account}:function:{name}")
        }
        "AWS::SecretsManager::Secret" => {
            format!("arn:{partition}:secretsmanager:{region}:{account}:secret:{name}")
        }
        "AWS::ECR::Repository" => {
            format!("arn:{partition}:ecr:{region}:{account}:repository/{name}")
        }
        "AWS::EFS::FileSystem" => {
            format!("arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{name}")
        }
        "AWS::DynamoDB::Table" => {
            format!("arn:{partition}:dynamodb:{region}:{account}:table/{name}")
        }
        _ => return None,
    })
}

/// The resource's name property, resolved, or its logical id.
pub(crate) fn resource_name(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> String {
    let property = match resource_type(resource) {
        "AWS::S3::Bucket" => "BucketName",
        "AWS::IAM::Role" => "RoleName",
        "AWS::IAM::User" => "UserName",
        "AWS::SQS::Queue" => "QueueName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::Lambda::Function" => "FunctionName",
        "AWS::SecretsManager::Secret" => "Name",
        "AWS::ECR::Repository" => "RepositoryName",
        "AWS::DynamoDB::Table" => "TableName",
        _ => return logical.to_string(),
    };
    resource
        .get("Properties")
        .and_then(|properties| properties.get(property))
        .and_then(|value| resolver.resolve_string(value, depth + 1))
        .unwrap_or_else(|| logical.to_string())
}

fn queue_url(resolver: &Resolver<'_>, name: &str) -> String {
    format!(
        "https://sqs.{}.{}/{}/{name}",
        resolver.region(),
        url_suffix(resolver.partition()),
        resolver.account()
    )
}

/// The `Type` of a template resource.
pub(crate) fn resource_type(resource: &Value) -> &str {
    resource.get("Type").and_then(Value::as_str).unwrap_or("")
}
