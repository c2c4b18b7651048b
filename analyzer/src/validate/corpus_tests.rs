//! The corpus against validation: every case's policy is validated (as a
//! role trust policy for `AWS::IAM::Role`, as a resource policy without
//! resource type otherwise — the corpus places policies on resources of
//! other services on purpose, to test the analysis) and its `ERROR`
//! findings must be what the case says: none for a policy labelled
//! analysable, some for one labelled invalid, or exactly the codes of the
//! case's `validation.errors` when it has them (with the evidence for
//! them).

use std::collections::BTreeSet;
use std::path::Path;

use crate::corpus::{load_cases, Case};
use crate::finding::ResultStatus;

use super::{validate_policy, FindingType, PolicyType, ValidateOptions};

fn options(case: &Case) -> ValidateOptions {
    let policy_type = if case.resource_type == "AWS::IAM::Role" {
        PolicyType::Trust
    } else {
        PolicyType::Resource
    };
    ValidateOptions {
        policy_type,
        resource_type: None,
    }
}

/// The policy as the service stores it (API Gateway expands its
/// `execute-api:/...` shorthand into ARNs), which is what IAM validates.
fn policy_text(case: &Case) -> Option<String> {
    let rewriting = crate::resource::ResourceType::resolve(&case.resource_type, &case.resource_arn)
        .ok()
        .filter(|t| t.rewrites_policies());
    let stored = |value: &serde_json::Value| match rewriting {
        Some(t) => serde_json::to_string_pretty(&t.stored_policy(value, &case.resource_arn)).ok(),
        None => serde_json::to_string_pretty(value).ok(),
    };
    match &case.policy {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) if rewriting.is_some() => {
            match serde_json::from_str(text) {
                Ok(value) => stored(&value),
                Err(_) => Some(text.clone()),
            }
        }
        serde_json::Value::String(text) => Some(text.clone()),
        other => stored(other),
    }
}

fn error_codes(case: &Case) -> BTreeSet<String> {
    let Some(text) = policy_text(case) else {
        return BTreeSet::new();
    };
    validate_policy(&text, &options(case))
        .unwrap_or_default()
        .into_iter()
        .filter(|finding| finding.finding_type == FindingType::Error)
        .map(|finding| finding.issue_code.to_owned())
        .collect()
}

/// What is wrong with one case, if anything.
fn mismatch(case: &Case) -> Option<String> {
    let found = error_codes(case);
    let name = case.file.display();
    if let Some(expected) = &case.validation {
        if expected.evidence.trim().is_empty() {
            return Some(format!("{name}: `validation` without evidence"));
        }
        return (found != expected.errors).then(|| {
            format!(
                "{name}: validation errors {found:?}, the case says {:?}",
                expected.errors
            )
        });
    }
    match case.expected.status {
        ResultStatus::Error if found.is_empty() => Some(format!(
            "{name}: labelled invalid, but validation finds no error"
        )),
        ResultStatus::Analyzed if !found.is_empty() => Some(format!(
            "{name}: labelled analysable, but validation finds {found:?}"
        )),
        _ => None,
    }
}

#[test]
fn corpus_policies_have_errors_exactly_when_their_labels_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut cases = Vec::new();
    for dir in ["rules", "seed", "seed-adapted"] {
        cases.extend(load_cases(&root.join(dir)).unwrap_or_else(|e| panic!("{e}")));
    }
    assert!(cases.len() > 500, "the corpus has {} cases", cases.len());
    let problems: Vec<String> = cases.iter().filter_map(mismatch).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
