//! Resource types from the command line: `--resource-arn` is checked
//! against the type's ARN forms, a type zoneproof does not know is analysed
//! generically and says so, and scans read the new types from templates
//! and plans.

use crate::{zoneproof, Scratch};
use serde_json::{json, Value};
use zoneproof_analyzer::resource::ResourceType;

const VAULT_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Anyone",
  "Effect": "Allow", "Principal": "*", "Action": ["glacier:InitiateJob", "glacier:GetJobOutput"],
  "Resource": "*"}]}"#;

fn analyze(resource_type: &str, arn: &str, extra: &[&str]) -> std::process::Output {
    let policy = Scratch::new("vault-policy.json", VAULT_POLICY);
    let mut args = vec![
        "analyze",
        policy.path(),
        "--resource-type",
        resource_type,
        "--resource-arn",
        arn,
        "--account",
        "111122223333",
    ];
    args.extend_from_slice(extra);
    zoneproof(&args)
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_resource_arn_that_is_no_arn_of_the_type_is_a_clear_error() {
    // See: issue 15, class 1 (an unchecked --resource-arn could look clean).
    for (arn, message) in [
        (
            "not-an-arn",
            "--resource-arn: `not-an-arn` is not an ARN: expected \
             arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
        ),
        ("", "--resource-arn: the resource ARN is empty"),
        (
            "arn:aws:sqs:us-east-1:111122223333:orders",
            "--resource-arn: `arn:aws:sqs:us-east-1:111122223333:orders` is not an ARN of \
             AWS::Glacier::Vault: expected arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName} \
             (it looks like an ARN of AWS::SQS::Queue)",
        ),
    ] {
        let out = analyze("AWS::Glacier::Vault", arn, &["--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{arn}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{arn}");
        assert_eq!(stderr(&out).trim_end(), message, "{arn}");
    }
    let ok = analyze(
        "AWS::Glacier::Vault",
        "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        &["--format", "json"],
    );
    assert_eq!(ok.status.code(), Some(2), "{}", stderr(&ok));
}

#[test]
fn an_unknown_type_is_analysed_generically_with_a_note() {
    let out = analyze(
        "Custom::ColdStorage",
        "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON result");
    assert_eq!(result["resourceType"], "Custom::ColdStorage");
    assert_eq!(result["status"], "analyzed");
    assert_eq!(result["findings"][0]["isPublic"], true);
    let actions = result["findings"][0]["action"].as_array().expect("actions");
    assert!(
        actions.contains(&json!("glacier:InitiateJob")),
        "{actions:?}"
    );
    let note = result["notes"][0].as_str().expect("a note");
    assert!(
        note.contains("does not know the resource type `Custom::ColdStorage`")
            && note.contains("every action of the `glacier` service"),
        "{note}"
    );

    let text = analyze(
        "Custom::ColdStorage",
        "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        &[],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("note: zoneproof does not know"), "{text}");

    let typo = analyze(
        "AWS::Glacier::Vaults",
        "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        &[],
    );
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        stderr(&typo).contains("did you mean `AWS::Glacier::Vault`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn a_scanned_inventory_checks_each_records_arn_and_type() {
    let records = [
        json!({"arn": "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
               "resourceType": "AWS::Glacier::Vault", "policy": VAULT_POLICY}),
        json!({"arn": "arn:aws:s3:::not-a-vault", "resourceType": "AWS::Glacier::Vault",
               "accountId": "111122223333", "policy": VAULT_POLICY}),
        json!({"arn": "arn:aws:glacier:us-east-1:111122223333:vaults/other",
               "resourceType": "Custom::ColdStorage", "policy": VAULT_POLICY}),
    ];
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    let inventory = Scratch::new("types-inventory.jsonl", &lines.join("\n"));
    let out = zoneproof(&["scan", inventory.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let results: Value = serde_json::from_slice(&out.stdout).expect("JSON results");
    assert_eq!(results[0]["status"], "analyzed");
    assert_eq!(results[1]["status"], "error");
    let error = results[1]["error"].as_str().expect("error");
    assert!(
        error.ends_with(
            "/1/policy: `arn:aws:s3:::not-a-vault` is not an ARN of AWS::Glacier::Vault: \
             expected arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName} \
             (it looks like an ARN of AWS::S3::Bucket)"
        ),
        "{error}"
    );
    assert_eq!(results[2]["status"], "analyzed");
    assert!(results[2]["notes"][0].is_string());
}

/// What a scan of a fixture reports, one row per result: status, type and
/// the findings' principals (with their condition keys), sorted.
fn scanned(fixture: &str) -> (Option<i32>, Vec<(String, String, String)>) {
    let path = format!("analyzer/tests/fixtures/types/{fixture}");
    let out = zoneproof(&[
        "scan",
        &path,
        "--account",
        "111122223333",
        "--region",
        "us-east-1",
        "--format",
        "json",
        "--no-progress",
    ]);
    let results: Value = serde_json::from_slice(&out.stdout).expect("JSON results");
    let rows = results
        .as_array()
        .expect("an array")
        .iter()
        .map(|result| {
            let status = result["status"].as_str().unwrap_or("").to_string();
            let kind = result["resourceType"].as_str().unwrap_or("").to_string();
            let mut principals: Vec<String> = result["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|finding| {
                    let (key, value) = finding["principal"]
                        .as_object()
                        .and_then(|p| p.iter().next())
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .unwrap_or_default();
                    let keys: Vec<&str> = finding["condition"]
                        .as_object()
                        .map(|c| c.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    if keys.is_empty() {
                        format!("{key}:{value}")
                    } else {
                        format!("{key}:{value} [{}]", keys.join(","))
                    }
                })
                .collect();
            principals.sort();
            (status, kind, principals.join("; "))
        })
        .collect();
    (out.status.code(), rows)
}

fn expected(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(s, t, p)| (s.to_string(), t.to_string(), p.to_string()))
        .collect()
}

#[test]
fn a_template_with_every_type_cloudformation_sets_is_scanned_type_by_type() {
    let (code, rows) = scanned("cloudformation.yaml");
    assert_eq!(
        code,
        Some(1),
        "the unmapped registry policy is an error record"
    );
    assert_eq!(rows, expected(CLOUDFORMATION));
    // Every type whose file declares a CloudFormation source is in it.
    let covered: Vec<&str> = CLOUDFORMATION.iter().map(|(_, t, _)| *t).collect();
    for rt in ResourceType::all() {
        let declared = rt
            .definition()
            .is_some_and(|def| !def.inputs.cloudformation.is_empty());
        assert!(!declared || covered.contains(&rt.name()), "{rt}");
    }
}

#[test]
fn a_plan_with_every_type_terraform_sets_is_scanned_type_by_type() {
    let (code, rows) = scanned("terraform-plan.json");
    assert_eq!(
        code,
        Some(1),
        "the unmapped registry policy is an error record"
    );
    assert_eq!(rows, expected(TERRAFORM));
    let covered: Vec<&str> = TERRAFORM.iter().map(|(_, t, _)| *t).collect();
    for rt in ResourceType::all() {
        let declared = rt
            .definition()
            .is_some_and(|def| !def.inputs.terraform.is_empty());
        assert!(!declared || covered.contains(&rt.name()), "{rt}");
    }
}

/// What `analyzer/tests/fixtures/types/cloudformation.yaml` gives, checked by hand against each policy.
const CLOUDFORMATION: &[(&str, &str, &str)] = &[
    ("analyzed", "AWS::S3::AccessPoint", "AWS:444455556666"),
    ("analyzed", "AWS::S3::MultiRegionAccessPoint", "AWS:*"),
    (
        "analyzed",
        "AWS::S3ObjectLambda::AccessPoint",
        "AWS:444455556666",
    ),
    (
        "analyzed",
        "AWS::S3Express::AccessPoint",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::S3Express::DirectoryBucket", "AWS:*"),
    ("analyzed", "AWS::S3Tables::TableBucket", "AWS:444455556666"),
    ("analyzed", "AWS::S3Tables::Table", "AWS:*"),
    ("analyzed", "AWS::S3Outposts::Bucket", "AWS:444455556666"),
    ("analyzed", "AWS::S3Outposts::AccessPoint", "AWS:*"),
    ("analyzed", "AWS::Glacier::Vault", "AWS:*"),
    (
        "analyzed",
        "AWS::OpenSearchService::Domain",
        "AWS:* [aws:SourceIp]",
    ),
    (
        "analyzed",
        "AWS::Elasticsearch::Domain",
        "AWS:arn:aws:iam::444455556666:role/analyst",
    ),
    (
        "analyzed",
        "AWS::Events::EventBus",
        "AWS:* [aws:PrincipalOrgID]",
    ),
    ("analyzed", "AWS::Backup::BackupVault", "AWS:444455556666"),
    ("analyzed", "AWS::CodeArtifact::Domain", "AWS:444455556666"),
    ("analyzed", "AWS::CodeArtifact::Repository", "AWS:*"),
    ("analyzed", "AWS::ApiGateway::RestApi", "AWS:*"),
    ("analyzed", "AWS::Kinesis::Stream", "AWS:444455556666"),
    ("analyzed", "AWS::Kinesis::StreamConsumer", "AWS:*"),
    ("analyzed", "AWS::Logs::Destination", "AWS:444455556666"),
    (
        "analyzed",
        "AWS::Logs::ResourcePolicy",
        "Service:delivery.logs.amazonaws.com",
    ),
    (
        "analyzed",
        "AWS::ECR::PublicRepository",
        "AWS:arn:aws:iam::444455556666:role/ci",
    ),
    (
        "analyzed",
        "AWS::CloudTrail::EventDataStore",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::CloudTrail::Dashboard", "AWS:*"),
    ("analyzed", "AWS::CloudTrail::Channel", "AWS:444455556666"),
    (
        "analyzed",
        "AWS::EventSchemas::Registry",
        "AWS:444455556666",
    ),
    (
        "analyzed",
        "AWS::Oam::Sink",
        "AWS:* [aws:PrincipalOrgPaths]",
    ),
    ("analyzed", "AWS::MSK::Cluster", "AWS:444455556666"),
    ("analyzed", "AWS::MediaStore::Container", "AWS:*"),
    (
        "analyzed",
        "AWS::Lex::BotAlias",
        "Service:connect.amazonaws.com",
    ),
    ("analyzed", "AWS::Lex::Bot", "AWS:444455556666"),
    ("analyzed", "AWS::VpcLattice::Service", "AWS:*"),
    (
        "analyzed",
        "AWS::VpcLattice::ServiceNetwork",
        "AWS:444455556666",
    ),
    (
        "analyzed",
        "AWS::DynamoDB::Stream",
        "AWS:arn:aws:iam::444455556666:role/replicator",
    ),
    ("error", "AWS::ECR::RegistryPolicy", ""),
    ("analyzed", "AWS::S3::Bucket", "AWS:444455556666"),
    ("analyzed", "AWS::IAM::Role", "AWS:444455556666"),
    ("analyzed", "AWS::KMS::Key", "AWS:444455556666"),
    ("analyzed", "AWS::SQS::Queue", "AWS:*"),
    (
        "analyzed",
        "AWS::SNS::Topic",
        "Service:events.amazonaws.com",
    ),
    (
        "analyzed",
        "AWS::SecretsManager::Secret",
        "AWS:arn:aws:iam::444455556666:role/reader",
    ),
    ("analyzed", "AWS::ECR::Repository", "AWS:444455556666"),
    ("analyzed", "AWS::EFS::FileSystem", "AWS:*"),
    ("analyzed", "AWS::DynamoDB::Table", "AWS:444455556666"),
    (
        "analyzed",
        "AWS::Lambda::Function",
        "Service:s3.amazonaws.com [aws:SourceArn]",
    ),
    (
        "analyzed",
        "AWS::Events::EventBus",
        "AWS:*; AWS:444455556666",
    ),
];

/// What `analyzer/tests/fixtures/types/terraform-plan.json` gives, checked by hand against each policy.
const TERRAFORM: &[(&str, &str, &str)] = &[
    ("analyzed", "AWS::S3::AccessPoint", "AWS:444455556666"),
    ("analyzed", "AWS::S3Outposts::AccessPoint", "AWS:*"),
    (
        "analyzed",
        "AWS::S3::MultiRegionAccessPoint",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::S3ObjectLambda::AccessPoint", "AWS:*"),
    ("analyzed", "AWS::S3Tables::TableBucket", "AWS:444455556666"),
    ("analyzed", "AWS::S3Tables::Table", "AWS:*"),
    ("analyzed", "AWS::S3Outposts::Bucket", "AWS:444455556666"),
    ("analyzed", "AWS::Glacier::Vault", "AWS:444455556666"),
    ("analyzed", "AWS::Glacier::Vault", "AWS:*"),
    (
        "analyzed",
        "AWS::OpenSearchService::Domain",
        "AWS:* [aws:SourceIp]",
    ),
    (
        "analyzed",
        "AWS::Elasticsearch::Domain",
        "AWS:arn:aws:iam::444455556666:role/analyst",
    ),
    (
        "analyzed",
        "AWS::Events::EventBus",
        "AWS:* [aws:PrincipalOrgID]",
    ),
    ("analyzed", "AWS::Backup::BackupVault", "AWS:444455556666"),
    ("analyzed", "AWS::CodeArtifact::Domain", "AWS:444455556666"),
    ("analyzed", "AWS::CodeArtifact::Repository", "AWS:*"),
    ("analyzed", "AWS::ApiGateway::RestApi", "AWS:*"),
    ("analyzed", "AWS::Kinesis::Stream", "AWS:444455556666"),
    ("analyzed", "AWS::Kinesis::StreamConsumer", "AWS:*"),
    ("analyzed", "AWS::Glue::DataCatalog", "AWS:444455556666"),
    ("analyzed", "AWS::Logs::Destination", "AWS:444455556666"),
    (
        "analyzed",
        "AWS::Logs::ResourcePolicy",
        "Service:delivery.logs.amazonaws.com",
    ),
    (
        "analyzed",
        "AWS::ECR::PublicRepository",
        "AWS:arn:aws:iam::444455556666:role/ci",
    ),
    (
        "analyzed",
        "AWS::EventSchemas::Registry",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::Oam::Sink", "AWS:444455556666"),
    ("analyzed", "AWS::MSK::Cluster", "AWS:444455556666"),
    ("analyzed", "AWS::MediaStore::Container", "AWS:*"),
    (
        "analyzed",
        "AWS::ACMPCA::CertificateAuthority",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::SES::EmailIdentity", "AWS:444455556666"),
    ("analyzed", "AWS::VpcLattice::Service", "AWS:*"),
    (
        "analyzed",
        "AWS::VpcLattice::ServiceNetwork",
        "AWS:444455556666",
    ),
    (
        "analyzed",
        "AWS::S3Express::AccessPoint",
        "AWS:444455556666",
    ),
    ("analyzed", "AWS::S3::Bucket", "AWS:444455556666"),
    ("analyzed", "AWS::IAM::Role", "AWS:444455556666"),
    ("analyzed", "AWS::KMS::Key", "AWS:444455556666"),
    ("analyzed", "AWS::SQS::Queue", "AWS:*"),
    (
        "analyzed",
        "AWS::SNS::Topic",
        "Service:events.amazonaws.com",
    ),
    (
        "analyzed",
        "AWS::SecretsManager::Secret",
        "AWS:arn:aws:iam::444455556666:role/reader",
    ),
    ("analyzed", "AWS::ECR::Repository", "AWS:444455556666"),
    ("analyzed", "AWS::EFS::FileSystem", "AWS:*"),
    ("analyzed", "AWS::DynamoDB::Table", "AWS:444455556666"),
    (
        "analyzed",
        "AWS::DynamoDB::Stream",
        "AWS:arn:aws:iam::444455556666:role/replicator",
    ),
    ("error", "aws_ecr_registry_policy", ""),
    ("analyzed", "AWS::Lambda::Function", "AWS:444455556666"),
];

#[test]
fn the_readme_lists_every_type_as_zoneproof_types_prints_them() {
    let out = zoneproof(&["types", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).expect("UTF-8");
    let readme = std::fs::read_to_string(crate::root().join("README.md")).expect("README");
    let begin = "<!-- types:begin (generated by `zoneproof types --format markdown`) -->\n";
    let start = readme.find(begin).expect("README has the types table") + begin.len();
    let end = readme
        .find("<!-- types:end -->")
        .expect("README's table ends");
    assert_eq!(
        &readme[start..end],
        table,
        "run `zoneproof types --format markdown` and paste it into the README"
    );
    assert_eq!(table.lines().count(), 2 + ResourceType::all().count());

    let json = zoneproof(&["types", "--format", "json"]);
    let types: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        types.as_array().map(Vec::len),
        Some(ResourceType::all().count())
    );
    assert_eq!(types[0]["name"], "AWS::S3::Bucket");
}
