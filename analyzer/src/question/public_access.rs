//! The no-public-access check: can anyone (anonymous callers included)
//! reach the resource with no condition restricting who they are?
//!
//! This is the `isPublic` of the external-access question
//! ([`super::external_access`]): the check runs that question for the
//! resource (its type's request space, zone = `--account`/`--org`) and
//! fails on every public finding, whose witness the evaluator has already
//! re-checked. Archive rules do not apply: a check looks at the policy.

use std::time::Instant;

use crate::analysis::{analyze, AnalysisOptions, PolicyDocument, ResourceSpec};
use crate::finding::{FindingStatus, ResultStatus};
use crate::resource::ResourceType;
use crate::zone::Zone;

use super::check::{AccessClass, CheckOptions, CheckOutcome, CheckReason, CheckVerdict};

/// Checks that the resource policy `policy` (JSON) of a resource of
/// `resource_type` grants no public access. `resource_arn` defaults to the
/// type's example ARN in `--account` (or `111122223333`).
pub fn check_no_public_access(
    policy: &serde_json::Value,
    resource_type: ResourceType,
    resource_arn: Option<&str>,
    options: &CheckOptions,
) -> CheckOutcome {
    let started = Instant::now();
    if let Err(e) = options.validate() {
        return CheckOutcome::unknown(e.to_string(), started);
    }
    let arn = match resource_arn {
        Some(arn) => arn.to_string(),
        None => named_resource(policy, resource_type)
            .unwrap_or_else(|| default_arn(resource_type, options.owner())),
    };
    let zone = Zone {
        account: options.owner().to_string(),
        org: options.org.clone(),
        ..Zone::default()
    };
    let spec = ResourceSpec {
        resource_type,
        arn,
        zone,
        policy: Some(PolicyDocument::Json(policy.clone())),
        extras: Default::default(),
    };
    let analysis = AnalysisOptions {
        backend: options.backend,
        timeout: options.timeout,
        ..AnalysisOptions::default()
    };
    let result = analyze(&spec, &analysis);
    if result.status == ResultStatus::Error {
        return CheckOutcome::unknown(
            result.error.unwrap_or_else(|| "analysis failed".into()),
            started,
        );
    }
    let parsed = crate::policy::parse_policy_value(policy).ok();
    let mut classes = Vec::new();
    let mut reasons: Vec<CheckReason> = Vec::new();
    for finding in result.findings.iter().filter(|f| f.is_public) {
        let statements: Vec<_> = finding.sources.iter().flat_map(|s| &s.statements).collect();
        for s in &statements {
            if !reasons.iter().any(|r| r.statement_index == s.index) {
                reasons.push(CheckReason {
                    description: format!(
                        "Public access granted in the statement with index: {}.",
                        s.index
                    ),
                    statement_index: s.index,
                    statement_id: s.sid.clone(),
                });
            }
        }
        debug_assert!(finding.status == FindingStatus::Active);
        let indexes: std::collections::BTreeSet<usize> =
            statements.iter().map(|s| s.index).collect();
        let (resources, conditions) = parsed
            .as_ref()
            .map(|p| super::check::restrictions(p, &indexes))
            .unwrap_or_default();
        classes.push(AccessClass {
            principal: "*".into(),
            statements: statements.iter().map(|s| s.index).collect(),
            actions: finding.action.clone(),
            resources,
            conditions,
            witnesses: finding.witness.iter().cloned().collect(),
        });
    }
    reasons.sort_by_key(|r| r.statement_index);
    let mut proof = result.proof;
    proof.micros = super::check::micros(started);
    let (verdict, message) = match (result.status, classes.is_empty()) {
        (_, false) => (
            CheckVerdict::Fail,
            format!(
                "The resource policy grants public access for the given resource type ({} public finding{}).",
                classes.len(),
                if classes.len() == 1 { "" } else { "s" }
            ),
        ),
        (ResultStatus::Analyzed, true) => (
            CheckVerdict::Pass,
            "The resource policy does not grant public access for the given resource type.".into(),
        ),
        (_, true) => (
            CheckVerdict::Unknown,
            format!(
                "the check could not decide: {}",
                result.error.clone().unwrap_or_default()
            ),
        ),
    };
    CheckOutcome {
        result: verdict,
        message,
        reasons,
        classes,
        error: result.error,
        proof,
    }
}

/// The one resource the policy's `Resource` elements name (a bucket for
/// its objects), if they name exactly one without wildcards.
pub fn named_resource(policy: &serde_json::Value, resource_type: ResourceType) -> Option<String> {
    let statements = match &policy["Statement"] {
        serde_json::Value::Array(items) => items.clone(),
        single => vec![single.clone()],
    };
    let mut named = std::collections::BTreeSet::new();
    for statement in &statements {
        let patterns = match &statement["Resource"] {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => continue,
        };
        for pattern in patterns {
            let base = match resource_type {
                ResourceType::S3Bucket => {
                    pattern.split_once('/').map_or(pattern.as_str(), |(b, _)| b)
                }
                _ => pattern.as_str(),
            };
            if base.contains(['*', '?', '$']) || crate::resource::split_arn(base).is_none() {
                return None;
            }
            named.insert(base.to_string());
        }
    }
    (named.len() == 1)
        .then(|| named.into_iter().next())
        .flatten()
}

/// The type's example ARN, moved to `account`.
pub fn default_arn(resource_type: ResourceType, account: &str) -> String {
    let example = resource_type
        .definition()
        .map_or("arn:aws:s3:::example-bucket", |d| d.example.arn);
    example.replace(super::check::DEFAULT_ACCOUNT, account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::check::CheckPolicyType;

    #[test]
    fn a_bucket_open_to_everyone_is_public_and_one_open_to_an_org_is_not() {
        let options = CheckOptions::of_type(CheckPolicyType::Resource);
        let open: serde_json::Value = serde_json::from_str(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}"#,
        )
        .unwrap();
        let outcome = check_no_public_access(&open, ResourceType::S3Bucket, None, &options);
        assert_eq!(outcome.result, CheckVerdict::Fail, "{outcome:?}");
        assert_eq!(outcome.reasons[0].statement_index, 0);
        let org: serde_json::Value = serde_json::from_str(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}]}"#,
        )
        .unwrap();
        let outcome = check_no_public_access(&org, ResourceType::S3Bucket, None, &options);
        assert_eq!(outcome.result, CheckVerdict::Pass, "{outcome:?}");
    }
}
