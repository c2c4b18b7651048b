//! What `Ref` and `Fn::GetAtt` return for resources of the template.
//!
//! A resource's name is its name property (`BucketName`, `RoleName`,
//! `QueueName`, ...) when it resolves, else its logical id (CloudFormation
//! would generate a name; the logical id stands for it, consistently).
//! ARNs are in the deployment account and region (`--account`,
//! `--region`, or their placeholders), built as each resource type's file
//! says (`TemplateArn` in `resource::types`): `Ref` returns the name, the
//! ARN or a placeholder as declared there, and the declared attributes
//! (`Arn`, `TopicArn`, `EventDataStoreArn`, ...) return the ARN. Besides:
//!
//! | type | `Ref` | other attributes |
//! | --- | --- | --- |
//! | `AWS::S3::Bucket` | name | `DomainName` |
//! | `AWS::IAM::User` | name | `Arn` (`arn:aws:iam::ACCOUNT:user/PATH/NAME`) |
//! | `AWS::SQS::Queue` | URL | `QueueName`, `QueueUrl` |
//! | `AWS::SNS::Topic` | ARN | `TopicName` |
//! | `AWS::KMS::Key` | key id (logical id) | `KeyId` |
//! | `AWS::ECR::Repository` | name | `RepositoryUri` |
//! | `AWS::EFS::FileSystem` | id (logical id) | `FileSystemId` |
//!
//! Every other `Ref` or attribute is a placeholder.

use serde_json::Value;

use super::super::names::{placeholder, url_suffix};
use super::intrinsics::Resolver;
use crate::resource::{ArnContext, Lookup, Reference, ResourceType, TemplateArn, TemplateFormat};

/// What `Ref` of the resource `logical` returns.
pub(crate) fn reference(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> String {
    let name = || resource_name(resolver, logical, resource, depth);
    let unresolved = || placeholder(&format!("Ref:{logical}"));
    match resource_type(resource) {
        "AWS::SQS::Queue" => queue_url(resolver, &name()),
        "AWS::IAM::User" => name(),
        kind => match template_arn(kind).map(|t| t.reference) {
            Some(Reference::Name) => name(),
            Some(Reference::Arn) => {
                arn_of(resolver, logical, resource, depth).unwrap_or_else(unresolved)
            }
            Some(Reference::Other) | None => unresolved(),
        },
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
    let returns_arn = match template_arn(kind) {
        Some(template) => template.arn_attributes.contains(&attribute),
        None => kind == "AWS::IAM::User" && attribute == "Arn",
    };
    if returns_arn {
        return arn_of(resolver, logical, resource, depth).unwrap_or_else(unresolved);
    }
    if template_arn(kind).is_some_and(|t| t.name_attributes.contains(&attribute)) {
        return name();
    }
    match (kind, attribute) {
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

/// How the ARN of a template resource of type `kind` is built, when its
/// resource type file says.
pub(crate) fn template_arn(kind: &str) -> Option<&'static TemplateArn> {
    ResourceType::template_arn(TemplateFormat::CloudFormation, kind).map(|(_, t)| t)
}

/// The ARN of a template resource of a known type.
pub(crate) fn arn_of(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> Option<String> {
    let kind = resource_type(resource);
    if kind == "AWS::IAM::User" {
        let name = resource_name(resolver, logical, resource, depth);
        let path = property(resolver, resource, "Path", depth).unwrap_or_else(|| "/".into());
        return Some(format!(
            "arn:{}:iam::{}:user{path}{name}",
            resolver.partition(),
            resolver.account()
        ));
    }
    Some(built_arn(
        resolver,
        template_arn(kind)?,
        logical,
        resource,
        depth,
    ))
}

/// The ARN that `template` builds for the template resource `logical`.
pub(crate) fn built_arn(
    resolver: &Resolver<'_>,
    template: &TemplateArn,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> String {
    let get = |name: &str| property(resolver, resource, name, depth);
    let lookup = Lookup {
        property: &get,
        generated_name: logical,
    };
    let (region, account) = (resolver.region(), resolver.account());
    let ctx = ArnContext {
        partition: resolver.partition(),
        region: &region,
        account: &account,
    };
    template.arn(&lookup, &ctx)
}

/// The resource's name property, resolved, or its logical id.
pub(crate) fn resource_name(
    resolver: &Resolver<'_>,
    logical: &str,
    resource: &Value,
    depth: usize,
) -> String {
    let name_property = match resource_type(resource) {
        "AWS::IAM::User" => Some("UserName"),
        kind => template_arn(kind).and_then(TemplateArn::name_property),
    };
    name_property
        .and_then(|name| property(resolver, resource, name, depth))
        .unwrap_or_else(|| logical.to_string())
}

/// A property of a template resource, resolved to a string.
fn property(resolver: &Resolver<'_>, resource: &Value, name: &str, depth: usize) -> Option<String> {
    resource
        .get("Properties")
        .and_then(|properties| properties.get(name))
        .and_then(|value| resolver.resolve_string(value, depth + 1))
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
