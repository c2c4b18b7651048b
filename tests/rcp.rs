//! `analyze` and `scan` with `--organization`: the resource control
//! policies (RCPs) of the resource's account cut external access, and the
//! output names the RCP statements that cut it.

use serde_json::{json, Value};

use crate::{root, zoneproof, Scratch};

const ORG: &str = "o-a1b2c3d4e5";

fn organization() -> String {
    root()
        .join("examples/authorize/organization.json")
        .display()
        .to_string()
}

fn public_bucket() -> String {
    root()
        .join("examples/public-bucket.json")
        .display()
        .to_string()
}

fn run_json(args: &[&str]) -> (Option<i32>, Value) {
    let out = zoneproof(args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

fn aws_findings(result: &Value) -> Vec<&Value> {
    result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["principal"].get("AWS").is_some())
        .collect()
}

#[test]
fn analyze_an_org_perimeter_rcp_cuts_the_public_bucket_and_names_the_statement() {
    let (organization, policy) = (organization(), public_bucket());
    let (code, result) = run_json(&[
        "analyze",
        &policy,
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-website",
        "--account",
        "111122223333",
        "--org",
        ORG,
        "--organization",
        &organization,
        "--format",
        "json",
    ]);
    // The service finding (the RCP exempts AWS services) keeps exit code 2.
    assert_eq!(code, Some(2));
    assert!(aws_findings(&result).is_empty(), "{result:#}");
    let cut = result["cutByRcp"].as_array().expect("cutByRcp");
    let public = cut
        .iter()
        .find(|f| f["isPublic"] == json!(true))
        .expect("the public finding is listed as cut");
    assert_eq!(public["status"], json!("ARCHIVED"));
    assert_eq!(
        public["cutBy"],
        json!([{"policyType": "RCP", "policyId": "p-perimeter", "policyName": "DataPerimeter",
                "attachedTo": "OU `Workloads` (ou-ab12-workload)", "index": 0,
                "sid": "EnforceOrgIdentities"}])
    );
}

#[test]
fn analyze_text_shows_the_cut_and_without_the_export_the_bucket_is_public() {
    let (organization, policy) = (organization(), public_bucket());
    let base = [
        "analyze",
        policy.as_str(),
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-website",
        "--account",
        "111122223333",
        "--org",
        ORG,
    ];
    let out = zoneproof(&[&base[..], &["--organization", &organization]].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[CUT BY RCP] ExternalAccess: AWS *"),
        "{text}"
    );
    assert!(
        text.contains(
            "cut by:    RCP p-perimeter `DataPerimeter` statement EnforceOrgIdentities (#0)"
        ),
        "{text}"
    );
    assert!(!text.contains("PUBLIC"), "{text}");
    let out = zoneproof(&base);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("PUBLIC") && !text.contains("CUT BY RCP"),
        "{text}"
    );
}

#[test]
fn scan_cuts_member_buckets_only_and_not_other_services() {
    let bucket: Value =
        serde_json::from_str(&std::fs::read_to_string(public_bucket()).unwrap()).unwrap();
    let topic = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": "*", "Action": "sns:Publish", "Resource": "*"}]});
    let mgmt = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mgmt-bucket/*"}]});
    let rows = [
        json!({"arn": "arn:aws:s3:::example-website", "resourceType": "AWS::S3::Bucket",
               "accountId": "111122223333", "policy": bucket}),
        json!({"arn": "arn:aws:sns:us-east-1:111122223333:t", "resourceType": "AWS::SNS::Topic",
               "policy": topic}),
        json!({"arn": "arn:aws:s3:::mgmt-bucket", "resourceType": "AWS::S3::Bucket",
               "accountId": "999988887777", "policy": mgmt}),
    ];
    let lines: Vec<String> = rows.iter().map(Value::to_string).collect();
    let inventory = Scratch::new("rcp-inventory.jsonl", &lines.join("\n"));
    let organization = organization();
    let out = zoneproof(&[
        "scan",
        inventory.path(),
        "--org",
        ORG,
        "--organization",
        &organization,
        "--format",
        "jsonl",
        "--no-progress",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let results: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let by_arn = |arn: &str| {
        results
            .iter()
            .find(|r| r["resource"] == json!(arn))
            .unwrap_or_else(|| panic!("{arn} in {results:#?}"))
    };
    let member = by_arn("arn:aws:s3:::example-website");
    assert!(aws_findings(member).is_empty(), "{member:#}");
    assert!(!member["cutByRcp"].as_array().unwrap().is_empty());
    for (arn, note) in [
        (
            "arn:aws:sns:us-east-1:111122223333:t",
            "RCPs do not apply to `sns` resources",
        ),
        (
            "arn:aws:s3:::mgmt-bucket",
            "management account 999988887777",
        ),
    ] {
        let result = by_arn(arn);
        let public = aws_findings(result);
        assert_eq!(public.len(), 1, "{result:#}");
        assert_eq!(public[0]["isPublic"], json!(true));
        assert!(public[0].get("cutBy").is_none());
        assert!(result.get("cutByRcp").is_none());
        assert!(result["notes"].to_string().contains(note), "{result:#}");
    }
}

#[test]
fn an_unreadable_organization_export_is_an_error_naming_the_file() {
    let bad = Scratch::new("rcp-bad-org.json", r#"{"Roots": []}"#);
    let policy = public_bucket();
    let out = zoneproof(&[
        "analyze",
        &policy,
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-website",
        "--account",
        "111122223333",
        "--organization",
        bad.path(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rcp-bad-org.json"), "{stderr}");
}

#[test]
fn fix_refuses_an_organization_export_rather_than_ignoring_it() {
    let (organization, policy) = (organization(), public_bucket());
    let out = zoneproof(&[
        "fix",
        &policy,
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-website",
        "--account",
        "111122223333",
        "--organization",
        &organization,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--organization"));
}
