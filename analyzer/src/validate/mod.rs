//! `zoneproof validate`: IAM Access Analyzer's policy checks
//! (`ValidatePolicy`), offline.
//!
//! A policy is parsed into a position-aware JSON tree ([`json`]), viewed
//! leniently as statements and elements ([`document`]), and every check of
//! the table in `checks/` that applies to the policy type runs over it.
//! Each finding carries Access Analyzer's `findingType`, `issueCode`,
//! `findingDetails`, `learnMoreLink` and `locations` (JSON path and span).
//!
//! # Example
//! ```
//! use zoneproof_analyzer::validate::{validate_policy, PolicyType, ValidateOptions};
//! let policy = r#"{"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#;
//! let options = ValidateOptions { policy_type: PolicyType::Identity, resource_type: None };
//! let findings = validate_policy(policy, &options).unwrap();
//! assert_eq!(findings[0].issue_code, "PASS_ROLE_WITH_STAR_IN_RESOURCE");
//! ```

pub mod check;
mod checks;
pub mod document;
pub mod finding;
pub mod json;
pub mod policy_type;
pub mod support;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod docs_tests;

use crate::catalog::{Catalog, CatalogError};

pub use check::Check;
pub use finding::{
    FindingType, JsonPath, Location, PathElement, UnknownFindingType, ValidationFinding,
};
pub use policy_type::{resource_kind, PolicyType, ResourceKind, UnknownPolicyType, RESOURCE_KINDS};

use check::{Context, Report};
use document::PolicyView;

/// How to validate a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateOptions {
    /// The policy's type.
    pub policy_type: PolicyType,
    /// The resource type a resource policy is attached to (e.g.
    /// `AWS::S3::Bucket`), for the resource-specific checks.
    pub resource_type: Option<String>,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            policy_type: PolicyType::Identity,
            resource_type: None,
        }
    }
}

/// Why validation could not run (a bad request, not a bad policy: problems
/// of the policy are findings).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidateError {
    /// `--resource-type` names a type without resource-specific checks.
    #[error("unknown resource type `{name}` for validation; expected one of: {known}")]
    UnknownResourceType {
        /// The type given.
        name: String,
        /// The types known.
        known: String,
    },
    /// `--resource-type` given for a policy type that is not attached to
    /// resources.
    #[error("a resource type applies only to resource policies, not to {policy_type} policies")]
    ResourceTypeNotApplicable {
        /// The policy type given.
        policy_type: PolicyType,
    },
    /// The embedded IAM catalog did not load.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

/// Every check, in the order of the registry table.
pub fn checks() -> &'static [&'static Check] {
    checks::ALL
}

/// Validates policy text. Findings come sorted by where they point, then
/// by finding type and issue code.
///
/// # Errors
/// [`ValidateError`] when the options are unusable; every problem of the
/// policy itself (JSON syntax included) is a finding.
pub fn validate_policy(
    text: &str,
    options: &ValidateOptions,
) -> Result<Vec<ValidationFinding>, ValidateError> {
    let (policy_type, resource_kind) = effective_type(options)?;
    let catalog = Catalog::try_get()?;
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(error) => return Ok(vec![checks::json_syntax_error::finding_for(&error)]),
    };
    let view = PolicyView::new(&root);
    let parsed = crate::policy::parse_policy(text).ok();
    let context = Context {
        policy: &view,
        policy_type,
        resource_kind,
        catalog,
        text,
        parsed: parsed.as_ref(),
        proofs: Default::default(),
    };
    let mut findings = Vec::new();
    for check in checks::ALL.iter().copied() {
        if check.applies_to(policy_type) {
            (check.run)(&context, &mut Report::new(check, &mut findings));
        }
    }
    sort_and_dedup(&mut findings);
    Ok(findings)
}

/// The policy type and resource type that apply: a resource policy of the
/// role trust policy type is a trust policy, and a trust policy always has
/// that resource type.
fn effective_type(
    options: &ValidateOptions,
) -> Result<(PolicyType, Option<&'static ResourceKind>), ValidateError> {
    let kind = options
        .resource_type
        .as_deref()
        .map(|name| {
            resource_kind(name).ok_or_else(|| ValidateError::UnknownResourceType {
                name: name.to_owned(),
                known: RESOURCE_KINDS
                    .iter()
                    .map(|kind| kind.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
        .transpose()?;
    let trust_kind = resource_kind(policy_type::TRUST_RESOURCE_TYPE);
    match (options.policy_type, kind) {
        (PolicyType::Trust, None) => Ok((PolicyType::Trust, trust_kind)),
        (PolicyType::Resource | PolicyType::Trust, Some(kind))
            if kind.name == policy_type::TRUST_RESOURCE_TYPE =>
        {
            Ok((PolicyType::Trust, Some(kind)))
        }
        (PolicyType::Resource, kind) => Ok((PolicyType::Resource, kind)),
        (policy_type, None) => Ok((policy_type, None)),
        (policy_type, Some(_)) => Err(ValidateError::ResourceTypeNotApplicable { policy_type }),
    }
}

fn sort_and_dedup(findings: &mut Vec<ValidationFinding>) {
    findings.sort_by(|a, b| {
        let offset = |f: &ValidationFinding| {
            f.locations
                .first()
                .map_or(0, |location| location.span.start.offset)
        };
        offset(a)
            .cmp(&offset(b))
            .then(a.finding_type.cmp(&b.finding_type))
            .then(a.issue_code.cmp(b.issue_code))
    });
    findings.dedup();
}

/// Whether any finding is of one of the `blocking` types.
pub fn is_blocking(findings: &[ValidationFinding], blocking: &[FindingType]) -> bool {
    findings
        .iter()
        .any(|finding| blocking.contains(&finding.finding_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_unique_code_and_documentation() {
        let mut codes: Vec<&str> = checks().iter().map(|check| check.code).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code is registered twice");
        for check in checks() {
            let help = check.help_text();
            for section in ["## What it finds", "## Why it matters", "## How to fix"] {
                assert!(help.contains(section), "{} lacks `{section}`", check.code);
            }
            assert!(!check.summary().is_empty(), "{}", check.code);
            assert!(!check.policy_types.is_empty(), "{}", check.code);
        }
    }

    #[test]
    fn resource_types_are_checked() {
        let options = ValidateOptions {
            policy_type: PolicyType::Resource,
            resource_type: Some("AWS::Nope::Thing".into()),
        };
        assert!(matches!(
            validate_policy("{}", &options),
            Err(ValidateError::UnknownResourceType { .. })
        ));
        let options = ValidateOptions {
            policy_type: PolicyType::Scp,
            resource_type: Some("AWS::S3::Bucket".into()),
        };
        assert!(validate_policy("{}", &options).is_err());
        let options = ValidateOptions {
            policy_type: PolicyType::Resource,
            resource_type: Some("AWS::IAM::AssumeRolePolicyDocument".into()),
        };
        assert_eq!(effective_type(&options).unwrap().0, PolicyType::Trust);
    }

    #[test]
    fn links_point_at_the_reference_page_section() {
        let check = checks()
            .iter()
            .find(|check| check.code == "PASS_ROLE_WITH_STAR_IN_RESOURCE")
            .unwrap();
        assert_eq!(
            check.learn_more_link(),
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource"
        );
    }
}
