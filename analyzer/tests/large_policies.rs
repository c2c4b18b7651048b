//! Policies at the size AWS allows: a statement listing hundreds of
//! partner accounts (or source addresses) has one finding per entry. The
//! enumeration finds one with the solver and derives the others by
//! renaming (each derived request checked against the query), so the
//! number of solver checks does not grow with the list; these tests hold
//! it to that and check that derived findings keep every action and drop
//! what a Deny takes away.
#![expect(
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on fixture mistakes"
)]

use std::collections::BTreeMap;

use serde_json::{json, Value};
use zoneproof_analyzer::analysis::{
    analyze, AnalysisOptions, Extras, PolicyDocument, ResourceSpec,
};
use zoneproof_analyzer::finding::{FindingPrincipal, ResourceResult, ResultStatus};
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::zone::Zone;

/// Solver checks a listed statement may cost, whatever its length.
const FEW_CHECKS: u64 = 12;

fn partner(i: usize) -> String {
    format!("{:012}", 200_000_000_000_u64 + 7_919 * i as u64)
}

fn bucket(statements: Value) -> ResourceResult {
    let policy = json!({"Version": "2012-10-17", "Statement": statements});
    let spec = ResourceSpec {
        resource_type: ResourceType::S3Bucket,
        arn: "arn:aws:s3:::bucket".into(),
        zone: Zone::account("111122223333"),
        policy: Some(PolicyDocument::Text(policy.to_string())),
        extras: Extras::default(),
    };
    let result = analyze(&spec, &AnalysisOptions::default());
    assert_eq!(result.status, ResultStatus::Analyzed, "{:?}", result.error);
    assert!(result.proof.complete);
    result
}

fn listed(partners: usize, action: &str) -> Value {
    json!({"Sid": "Partners", "Effect": "Allow",
        "Principal": {"AWS": (0..partners).map(partner).collect::<Vec<_>>()},
        "Action": action, "Resource": "arn:aws:s3:::bucket/*"})
}

/// Actions per AWS principal of the findings.
fn actions_by_account(result: &ResourceResult) -> BTreeMap<String, Vec<String>> {
    result
        .findings
        .iter()
        .map(|f| match &f.principal {
            FindingPrincipal::Aws(account) => (account.clone(), f.action.clone()),
            other => panic!("unexpected principal {other:?}"),
        })
        .collect()
}

#[test]
fn a_list_of_partners_is_one_finding_each_from_a_few_solver_checks() {
    let result = bucket(json!([listed(400, "s3:GetObject")]));
    let found = actions_by_account(&result);
    assert_eq!(found.len(), 400);
    assert!((0..400).all(|i| found[&partner(i)] == ["s3:GetObject"]));
    assert!(
        result.proof.solver_checks <= FEW_CHECKS,
        "{} checks",
        result.proof.solver_checks
    );
}

#[test]
fn a_partner_granted_more_elsewhere_keeps_every_action() {
    let result = bucket(json!([
        listed(60, "s3:GetObject"),
        {"Effect": "Allow", "Principal": {"AWS": partner(7)},
            "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*"},
        {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{}:root", partner(41))},
            "Action": ["s3:DeleteObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"},
    ]));
    let found = actions_by_account(&result);
    assert_eq!(found.len(), 60);
    assert_eq!(found[&partner(7)], ["s3:GetObject", "s3:PutObject"]);
    assert_eq!(
        found[&partner(41)],
        ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
    );
    assert_eq!(found[&partner(8)], ["s3:GetObject"]);
}

#[test]
fn a_partner_denied_elsewhere_is_not_derived() {
    let result = bucket(json!([
        listed(60, "s3:GetObject"),
        {"Effect": "Deny", "Principal": {"AWS": partner(3)},
            "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"},
    ]));
    let found = actions_by_account(&result);
    assert_eq!(found.len(), 59);
    assert!(!found.contains_key(&partner(3)));
}

#[test]
fn a_list_of_source_addresses_is_one_finding_each_from_a_few_solver_checks() {
    let cidrs: Vec<String> = (0..300)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    let result = bucket(json!([
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::bucket/*",
            "Condition": {"IpAddress": {"aws:SourceIp": cidrs}}},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::bucket/*",
            "Condition": {"IpAddress": {"aws:SourceIp": "10.0.9.0/24"}}},
    ]));
    assert_eq!(result.findings.len(), 300);
    let by_address: BTreeMap<String, &Vec<String>> = result
        .findings
        .iter()
        .map(|f| (f.condition["aws:SourceIp"].to_string(), &f.action))
        .collect();
    assert_eq!(by_address.len(), 300);
    assert_eq!(
        by_address["\"10.0.9.0/24\""],
        &vec!["s3:GetObject".to_string(), "s3:PutObject".to_string()]
    );
    assert_eq!(
        by_address["\"10.0.10.0/24\""],
        &vec!["s3:GetObject".to_string()]
    );
    assert!(
        result.proof.solver_checks <= FEW_CHECKS,
        "{} checks",
        result.proof.solver_checks
    );
}
