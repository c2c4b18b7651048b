//! Finding the resource-based policy that governs a request: the input
//! resource whose ARN forms cover the requested ARN (a bucket for its
//! objects, a function for its versions and aliases, a table for its
//! indexes) and whose service the action belongs to; for
//! `sts:AssumeRole` and the other trust actions on a role ARN, the role's
//! trust policy from the IAM model.

use std::collections::HashMap;

use crate::iam::IamModel;
use crate::inputs::ResourceInput;
use crate::policy::{Policy, PolicyError};
use crate::resource::{split_arn, ResourceType, TRUST_ACTIONS};

/// A resource of the inputs with its parsed policy.
#[derive(Debug, Clone)]
pub(crate) struct IndexedResource {
    pub(crate) arn: String,
    pub(crate) resource_type: ResourceType,
    /// The owner account the input names, else the ARN's.
    pub(crate) account: Option<String>,
    /// `None`: the resource has no policy.
    pub(crate) policy: Option<Result<Policy, PolicyError>>,
    /// `FILE: POINTER` of the policy.
    pub(crate) origin: String,
}

/// The resource policy that governs one request.
#[derive(Debug, Clone)]
pub(crate) struct Governing<'a> {
    pub(crate) arn: &'a str,
    pub(crate) resource_type: ResourceType,
    pub(crate) account: Option<&'a str>,
    pub(crate) policy: Option<&'a Result<Policy, PolicyError>>,
    pub(crate) origin: String,
    /// Whether the resource is a service-linked role (its trust policy).
    pub(crate) service_linked_role: bool,
}

impl Governing<'_> {
    /// The name of the policy for people: `bucket policy`, `key policy`,
    /// `trust policy`, `resource policy`.
    pub(crate) fn policy_name(&self) -> &'static str {
        match self.resource_type {
            ResourceType::S3Bucket | ResourceType::S3ExpressDirectoryBucket => "bucket policy",
            ResourceType::KmsKey => "key policy",
            ResourceType::IamRole => "trust policy",
            _ => "resource policy",
        }
    }

    /// Whether the policy must itself allow the request, even within the
    /// account: KMS key policies and role trust policies
    /// (`reference_policies_evaluation-logic`, resource-based policies).
    pub(crate) fn must_allow(&self) -> bool {
        matches!(
            self.resource_type,
            ResourceType::KmsKey | ResourceType::IamRole
        )
    }
}

/// The resources of the inputs, by ARN.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResourceIndex {
    resources: Vec<IndexedResource>,
    by_arn: HashMap<String, Vec<usize>>,
}

impl ResourceIndex {
    /// Indexes the resources whose type zoneproof knows; policies are
    /// parsed once here.
    pub(crate) fn new(inputs: &[ResourceInput]) -> ResourceIndex {
        let mut index = ResourceIndex::default();
        for input in inputs {
            let resource_type = input.resource_type;
            let position = index.resources.len();
            index.resources.push(IndexedResource {
                arn: input.arn.clone(),
                resource_type,
                account: input.account.clone().or_else(|| arn_account(&input.arn)),
                policy: input.policy.as_ref().map(crate::policy::parse_policy_value),
                origin: format!("{}: {}", input.origin.file.display(), input.origin.pointer),
            });
            index
                .by_arn
                .entry(input.arn.clone())
                .or_default()
                .push(position);
        }
        index
    }

    /// The policy that governs `action` on `resource`: the role's trust
    /// policy for a trust action on a role in the model, else the first
    /// input resource that covers the ARN for the action's service.
    pub(crate) fn governing<'a>(
        &'a self,
        iam: &'a IamModel,
        action: &str,
        resource: &str,
    ) -> Option<Governing<'a>> {
        if let Some(trust) = trust_policy(iam, action, resource) {
            return Some(trust);
        }
        let service = action.split(':').next()?.to_ascii_lowercase();
        candidate_arns(resource)
            .into_iter()
            .filter_map(|candidate| self.by_arn.get(candidate))
            .flatten()
            .filter_map(|&position| self.resources.get(position))
            .find(|indexed| covers(indexed, &service, action, resource))
            .map(|indexed| Governing {
                arn: &indexed.arn,
                resource_type: indexed.resource_type,
                account: indexed.account.as_deref(),
                policy: indexed.policy.as_ref(),
                origin: indexed.origin.clone(),
                service_linked_role: indexed.resource_type == ResourceType::IamRole
                    && indexed.arn.contains(":role/aws-service-role/"),
            })
    }

    /// Every resource of the inputs, in input order.
    pub(crate) fn all(&self) -> &[IndexedResource] {
        &self.resources
    }

    /// The owner account of the input resource with exactly this ARN.
    pub(crate) fn account_of(&self, arn: &str) -> Option<&str> {
        self.by_arn
            .get(arn)?
            .iter()
            .filter_map(|&position| self.resources.get(position))
            .find_map(|indexed| indexed.account.as_deref())
    }
}

/// Whether an indexed resource's policy governs `action` on `resource`.
fn covers(indexed: &IndexedResource, service: &str, action: &str, resource: &str) -> bool {
    let resource_type = indexed.resource_type;
    resource_type.service() == service
        && resource_type.admits_action(action)
        && resource_type.catalog_kinds().iter().any(|kind| {
            resource_type
                .resource_pattern(kind, &indexed.arn)
                .matches(resource)
        })
}

/// The ARN and its prefixes that end before a `/` or `:` of the resource
/// part, longest first: the ARNs of the resources that may cover it.
fn candidate_arns(resource: &str) -> Vec<&str> {
    let Some(parts) = split_arn(resource) else {
        return vec![resource];
    };
    let resource_start = resource.len() - parts.resource.len();
    let mut candidates = vec![resource];
    for (offset, byte) in parts.resource.bytes().enumerate().rev() {
        if byte == b'/' || byte == b':' {
            if let Some(prefix) = resource.get(..resource_start + offset) {
                candidates.push(prefix);
            }
        }
    }
    candidates
}

/// The trust policy of a role in the model, for a trust action on its ARN.
fn trust_policy<'a>(iam: &'a IamModel, action: &str, resource: &str) -> Option<Governing<'a>> {
    if !TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action)) {
        return None;
    }
    let parts = split_arn(resource)?;
    let name = parts.resource.strip_prefix("role/")?.rsplit('/').next()?;
    let role = iam.role(parts.account, name)?;
    Some(Governing {
        arn: &role.arn,
        resource_type: ResourceType::IamRole,
        account: role.arn.split(':').nth(4),
        policy: role.trust_policy.as_ref().map(|d| &d.parsed),
        origin: role
            .trust_policy
            .as_ref()
            .map_or_else(String::new, |d| d.origin.to_string()),
        service_linked_role: role.is_service_linked(),
    })
}

/// The 12-digit account of an ARN, if it has one.
pub(crate) fn arn_account(arn: &str) -> Option<String> {
    let account = split_arn(arn)?.account;
    crate::zone::is_account_id(account).then(|| account.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_arn_and_its_prefixes_at_separators() {
        assert_eq!(
            candidate_arns("arn:aws:s3:::bucket/a/b.txt"),
            [
                "arn:aws:s3:::bucket/a/b.txt",
                "arn:aws:s3:::bucket/a",
                "arn:aws:s3:::bucket"
            ]
        );
        assert_eq!(
            candidate_arns("arn:aws:lambda:us-east-1:111122223333:function:f:prod"),
            [
                "arn:aws:lambda:us-east-1:111122223333:function:f:prod",
                "arn:aws:lambda:us-east-1:111122223333:function:f",
                "arn:aws:lambda:us-east-1:111122223333:function",
            ]
        );
        assert_eq!(candidate_arns("*"), ["*"]);
    }
}
