//! The command-line contract: exit codes, formats, one-line errors.

use crate::{zoneproof, Scratch};

const PUBLIC_BUCKET: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Public",
  "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::example-bucket/*"}]}"#;

const PRIVATE_BUCKET: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Own",
  "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*",
  "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]}]}"#;

fn analyze(policy: &Scratch, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "analyze",
        policy.path(),
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-bucket",
        "--account",
        "111122223333",
    ];
    args.extend_from_slice(extra);
    zoneproof(&args)
}

#[test]
fn public_bucket_is_a_blocking_finding_with_exit_code_2() {
    let policy = Scratch::new("public.json", PUBLIC_BUCKET);
    let out = analyze(&policy, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["status"], "analyzed");
    assert_eq!(result["proof"]["complete"], true);
    assert_eq!(result["findings"][0]["principal"], serde_json::json!({"AWS": "*"}));
    assert_eq!(result["findings"][0]["isPublic"], true);
    assert_eq!(result["findings"][0]["action"], serde_json::json!(["s3:GetObject"]));
}

#[test]
fn private_bucket_exits_0_and_says_so() {
    let policy = Scratch::new("private.json", PRIVATE_BUCKET);
    let out = analyze(&policy, &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 findings"), "{text}");
    assert!(text.contains("no principal outside the zone of trust"), "{text}");
}

#[test]
fn archived_findings_do_not_block() {
    let policy = Scratch::new("public2.json", PUBLIC_BUCKET);
    let rules = Scratch::new(
        "rules.json",
        r#"[{"ruleName": "website", "filter": {"resource": {"eq": ["arn:aws:s3:::example-bucket"]}}}]"#,
    );
    let out = analyze(&policy, &["--archive-rules", rules.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["findings"][0]["status"], "ARCHIVED");
}

#[test]
fn invalid_policy_is_one_line_error_with_file_and_path_and_exit_1() {
    let policy = Scratch::new(
        "bad.json",
        r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*",
           "Condition": {"ForAnyValues:StringLike": {"aws:SourceVpc": "v"}}}]}"#,
    );
    let out = analyze(&policy, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bad.json"), "{stderr}");
    assert!(stderr.contains("Statement[0].Condition"), "{stderr}");
}

#[test]
fn bucket_arn_without_account_needs_account_flag() {
    let policy = Scratch::new("public3.json", PUBLIC_BUCKET);
    let out = zoneproof(&[
        "analyze",
        policy.path(),
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::example-bucket",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--account"));
}
