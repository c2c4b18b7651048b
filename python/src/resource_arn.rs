//! The resource ARN when the caller gives none: the one resource that the
//! policy's `Resource` elements name. Anything less certain (no Resource,
//! `NotResource`, wildcards, several resources) is an error asking for the
//! ARN: guessing a wrong ARN would silently hide findings.

use std::collections::BTreeSet;
use zoneproof_analyzer::policy::Policy;
use zoneproof_analyzer::resource::{split_arn, ResourceType};

/// Why the policy does not name the one resource it is attached to; each
/// message asks for `resource_arn`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InferError {
    /// A statement uses `NotResource`.
    #[error("give resource_arn: {0} uses NotResource, which names no single resource")]
    NotResource(String),
    /// A `Resource` entry has wildcards or is not an ARN.
    #[error("give resource_arn: the policy's Resource `{0}` does not name one resource")]
    NotOneResource(String),
    /// No statement names a resource.
    #[error("give resource_arn: the policy names no resource")]
    NoResource,
    /// The statements name two resources or more (the first two).
    #[error("give resource_arn: the policy names several resources (`{0}`, `{1}`)")]
    SeveralResources(String, String),
}

/// The ARN of the resource the policy is attached to, inferred from its
/// `Resource` elements; an error when they do not name exactly one
/// resource of `resource_type` without wildcards.
pub fn infer(policy: &Policy, resource_type: ResourceType) -> Result<String, InferError> {
    let mut named = BTreeSet::new();
    for statement in &policy.statements {
        let Some(clause) = &statement.resource else {
            continue;
        };
        if clause.negated {
            return Err(InferError::NotResource(statement.path.clone()));
        }
        for pattern in &clause.patterns {
            named.insert(resource_of(pattern, resource_type)?);
        }
    }
    let mut names = named.into_iter();
    match (names.next(), names.next()) {
        (Some(arn), None) => Ok(arn),
        (None, _) => Err(InferError::NoResource),
        (Some(first), Some(second)) => Err(InferError::SeveralResources(first, second)),
    }
}

/// The resource a `Resource` entry is about: the entry itself, or the
/// resource whose sub-resources it names (S3 objects, Lambda aliases and
/// versions, DynamoDB indexes), as `ResourceType::resource_pattern` matches them.
fn resource_of(pattern: &str, resource_type: ResourceType) -> Result<String, InferError> {
    let base = match resource_type {
        ResourceType::S3Bucket => pattern
            .split_once('/')
            .map_or(pattern, |(bucket, _)| bucket),
        ResourceType::DynamoDbTable => pattern.split_once("/index/").map_or(pattern, |(t, _)| t),
        ResourceType::LambdaFunction => lambda_function(pattern),
        _ => pattern,
    };
    let wildcard = base.contains(['*', '?']) || base.contains("${");
    if wildcard || split_arn(base).is_none() {
        return Err(InferError::NotOneResource(pattern.to_string()));
    }
    Ok(base.to_string())
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`, without a `:QUALIFIER`.
fn lambda_function(pattern: &str) -> &str {
    match pattern.match_indices(':').nth(6) {
        Some((at, _)) => &pattern[..at],
        None => pattern,
    }
}
