//! Every policy of the shared corpus seed parses, except those its manifest
//! marks invalid and those in [`REJECTED_BY_AWS`], each listed with the AWS
//! rule it breaks. Parsed policies also survive a round trip through their
//! normalised JSON.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly on bad fixtures"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use zoneproof_analyzer::policy::{parse_policy_bytes, parse_policy_value};

/// Absolute path of the seed (worktrees live elsewhere, so not relative).
const CORPUS_SEED: &str = "/work/shared/corpus-seed";

/// Seed files the source tools treat as valid but AWS rejects: (file, JSON
/// path of the error, the rule).
const REJECTED_BY_AWS: &[(&str, &str, &str)] = &[
    ("policyuniverse/test_policy__non_list_sequence_statement.json", "Version", "unknown Version `2012-10-08` (Access Analyzer: Invalid version)"),
    ("policyuniverse/test_policy__policy01.json", "Version", "unknown Version `2012-10-08`"),
    ("policyuniverse/test_policy__policy02.json", "Version", "unknown Version `2010-08-14`"),
    ("policyuniverse/test_policy__policy03.json", "Version", "unknown Version `2010-08-14`"),
    ("policyuniverse/test_statement__statement02.json", "Statement[0].Principal", "Principal is a bare ARN string (grammar: `*` or a principal map)"),
    ("policyuniverse/test_statement__statement17.json", "Statement[0].Principal", "Principal is a bare ARN string"),
    ("steampipe-evaluate-policy/TestPolicyPrincipalElementWildcard__testWhenStatementHasBothPublicAndSharedAccountThenTheEvaluationIsPublic.json", "Statement[1].Principal", "Principal is a bare account id string"),
    ("steampipe-extra/TestPolicyPrincipalElementWildcard__testWhenStatementHasBothPublicAndPrivateAccountThenTheEvaluationIsPublic.json", "Statement[1].Principal", "Principal is a bare account id string"),
    ("policyuniverse/test_statement__statement07.json", "Statement[0].Condition.ForAllValues:ARNEqualsIfExists", "operator names are case-sensitive (`ArnEquals`)"),
    ("policyuniverse/test_statement__statement08.json", "Statement[0].Condition.ForAnyValue:ARNEquals", "operator names are case-sensitive (`ArnEquals`)"),
    ("policyuniverse/test_statement__statement12.json", "Statement[0].Condition.ARNLike", "operator names are case-sensitive (`ArnLike`)"),
    ("policyuniverse/test_statement__statement13.json", "Statement[0].Condition.ARNLike", "operator names are case-sensitive (`ArnLike`)"),
    ("policyuniverse/test_statement__statement18.json", "Statement[0].Condition.ARNLike", "operator names are case-sensitive (`ArnLike`)"),
    ("policyuniverse/test_statement__statement27.json", "Statement[0].Condition.ForAllValues:ARNEqualsIfExists", "operator names are case-sensitive (`ArnEquals`)"),
    ("steampipe-extra/TestGlobalConditionPrincipalAccount__testPrincipalAccountConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator (Access Analyzer: Invalid condition operator)"),
    ("steampipe-extra/TestGlobalConditionPrincipalArn__testPrincipalArnConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator"),
    ("steampipe-extra/TestGlobalConditionPrincipalOrgID__testPrincipalOrgIDConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator"),
    ("steampipe-extra/TestGlobalConditionSourceAccount__testSourceAccountConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator"),
    ("steampipe-extra/TestGlobalConditionSourceArn__testSourceArnConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator"),
    ("steampipe-extra/TestGlobalConditionSourceOwner__testSourceOwnerConditionWhenUnknownOperatorType.json", "Statement[0].Condition.StringUnknown", "unknown operator"),
    ("steampipe-extra/TestGlobalConditionPrincipalArn__testPrincipalArnConditionIsNotAnArnOrStringType.json", "Statement[0].Condition.NumericEquals.aws:PrincipalArn[0]", "an ARN as a NumericEquals value"),
    ("steampipe-extra/TestGlobalConditionSourceArn__testSourceArnConditionIsNotAnArnOrStringType.json", "Statement[0].Condition.NumericEquals.aws:SourceArn[0]", "an ARN as a NumericEquals value"),
    ("steampipe-evaluate-policy/TestPolicyEffectElement__testEffectElementWithValidValues.json", "Statement[0]", "no Action (Access Analyzer: Missing action)"),
    ("steampipe-evaluate-policy/TestPolicyInstantiation__testPolicyValidityPolicyWithCorrectVersionEvaluates1.json", "Statement[0]", "no Action"),
    ("steampipe-evaluate-policy/TestPolicyInstantiation__testPolicyValidityPolicyWithCorrectVersionEvaluates2.json", "Statement[0]", "no Action"),
    ("steampipe-extra/TestPolicyActionElement__testPolicyActionWhenServiceNameIsMissing.json", "Statement[0]", "no Action"),
    ("steampipe-evaluate-policy/TestPolicyInstantiation__testPolicyInstantiationWithPrincipalAndWithoutStatementsPolicyEvaluates.json", "$", "no Statement (Access Analyzer: Missing statement)"),
    ("steampipe-evaluate-policy/TestPolicyPrincipalElementFederated__testWhenPrincipalHasAWildcardInFederatedUserThenIgnorePrincipal.json", "Statement[0].Principal.Federated[0]", "wildcard in a principal (Access Analyzer: Unsupported wildcard in principal)"),
    ("steampipe-evaluate-policy/TestPolicyPrincipalElementFederated__testWhenPrincipalHasAWildcardInSamlUserThenIgnorePrincipal.json", "Statement[0].Principal.Federated[0]", "wildcard in a principal"),
    ("steampipe-evaluate-policy/TestPolicyPrincipalElementService__testWhenPrincipalHasAWildcardInServicePrincipalsThenIgnorePrincipal.json", "Statement[0].Principal.Service[0]", "wildcard in a principal"),
    ("steampipe-extra/TestDenyPermissionsByAccount__testDenyPermissionsByAccountWhereDenyHasPartiallyWildcardedPrincipalsForAccounts.json", "Statement[2].Principal.AWS", "wildcard in a principal"),
    ("steampipe-extra/TestDenyPermissionsByArn__testDenyPermissionsByArnWhereDenyHasPartiallyWildcardedPrincipalsForAccounts.json", "Statement[2].Principal.AWS", "wildcard in a principal"),
    ("steampipe-extra/TestDenyPermissionsByFederated__testDenyPermissionsByFederatedWhereDenyHasPartiallyWildcardedPrincipalsForAccounts.json", "Statement[2].Principal.Federated", "wildcard in a principal"),
    ("steampipe-extra/TestDenyPermissionsByService__testDenyPermissionsByServiceWhereDenyHasPartiallyWildcardedPrincipalsForAccounts.json", "Statement[2].Principal.Service", "wildcard in a principal"),
    ("steampipe-extra/TestPolicyPrincipalElementAccounts__testWhenPrincipalHasAWildcardInAccountThenIgnorePrincipal.json", "Statement[0].Principal.AWS[0]", "wildcard in a principal"),
];

/// Seed files the manifest marks invalid whose grammar is fine: they are
/// invalid only for their resource type, which the parser does not know.
const INVALID_ONLY_FOR_RESOURCE_TYPE: &[&str] = &[
    "aws-cfn-policy-validator/test_s3_access_point_validator__s3_access_point_invalid_policy.json",
    "aws-cfn-policy-validator/test_s3_multi_region_access_point_validator__s3_multi_region_access_point_invalid_policy.json",
];

#[test]
fn corpus_seed_parses_except_invalid_policies() {
    let root = Path::new(CORPUS_SEED);
    if !root.is_dir() {
        println!("note: {CORPUS_SEED} is missing; corpus-seed test skipped");
        return;
    }
    let marked_invalid = manifest_invalid_files(root);
    let rejected_by_aws: BTreeMap<&str, &str> = REJECTED_BY_AWS
        .iter()
        .map(|(file, path, _)| (*file, *path))
        .collect();
    let mut files = Vec::new();
    collect_json_files(root, &mut files);
    files.sort();
    let mut parsed = 0;
    let mut rejected = BTreeMap::new();
    for file in &files {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        match parse_policy_bytes(&std::fs::read(file).unwrap()) {
            Ok(policy) => {
                parsed += 1;
                let normal = policy.to_iam_json();
                let again = parse_policy_value(&normal).unwrap();
                assert_eq!(again.to_iam_json(), normal, "{name}: round trip");
            }
            Err(error) => {
                rejected.insert(name, error);
            }
        }
    }
    println!(
        "corpus-seed: {} files, {parsed} parsed, {} rejected",
        files.len(),
        rejected.len()
    );
    for (name, error) in &rejected {
        println!("  rejected {name}: {error}");
    }
    for (name, error) in &rejected {
        let expected_path = rejected_by_aws.get(name.as_str());
        assert!(
            marked_invalid.contains(name) || expected_path.is_some(),
            "{name} should parse: {error}"
        );
        if let Some(path) = expected_path {
            assert_eq!(error.path, *path, "{name}: {error}");
        }
    }
    for name in rejected_by_aws.keys() {
        assert!(rejected.contains_key(*name), "{name} should be rejected");
    }
    for name in &marked_invalid {
        let grammar_ok = INVALID_ONLY_FOR_RESOURCE_TYPE.contains(&name.as_str());
        assert_eq!(
            rejected.contains_key(name),
            !grammar_ok,
            "{name}: marked invalid in the manifest"
        );
    }
}

/// Files whose manifest row has `expected` = `unknown` and "invalid" in its
/// evidence.
fn manifest_invalid_files(root: &Path) -> BTreeSet<String> {
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).unwrap();
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let (file, expected, evidence) = (fields[0], fields[4], fields[5]);
            (expected == "unknown" && evidence.to_lowercase().contains("invalid"))
                .then(|| file.to_owned())
        })
        .collect()
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            out.push(path);
        }
    }
}
