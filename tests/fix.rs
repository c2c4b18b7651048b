//! `zoneproof fix`: the proved patch as JSON, diff and text, `--write`,
//! `--archive`, and the exit codes.

use super::{zoneproof, Scratch};
use serde_json::Value;

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    },
    {
      "Sid": "Partner",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:role/App"]},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}
"#;

const ZONE: [&str; 6] = [
    "--resource-type",
    "AWS::S3::Bucket",
    "--resource-arn",
    "arn:aws:s3:::example-bucket",
    "--account",
    "111122223333",
];

fn run(file: &Scratch, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["fix", file.path()];
    args.extend(ZONE);
    args.extend(extra);
    zoneproof(&args)
}

#[test]
fn json_has_the_patched_policy_the_diff_and_the_proof() {
    let file = Scratch::new("fix-json.json", POLICY);
    let out = run(&file, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["proof"]["classGone"]["holds"], true);
    assert_eq!(report["proof"]["noNewAccess"]["holds"], true);
    assert_eq!(report["proof"]["nothingElseLost"]["holds"], true);
    let statements = report["policy"]["Statement"]
        .as_array()
        .expect("statements");
    assert_eq!(statements[0]["Sid"], "PublicRead");
    assert!(statements[0]["Condition"].is_object());
    assert_eq!(
        statements[1]["Principal"]["AWS"],
        serde_json::json!(["arn:aws:iam::111122223333:role/App"])
    );
    let diff = report["diff"].as_str().expect("diff");
    assert!(diff.contains("-      \"Principal\": {\"AWS\": [\"arn:aws:iam::444455556666:root\""));
    let strategies: Vec<&str> = report["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .filter_map(|f| f["strategy"].as_str())
        .collect();
    assert_eq!(strategies, ["restrict", "remove"]);
}

#[test]
fn write_rewrites_the_file_and_a_second_run_finds_nothing_to_fix() {
    let file = Scratch::new("fix-write.json", POLICY);
    let out = run(&file, &["--write", "--format", "diff"]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&file.0).expect("read");
    assert_ne!(written, POLICY);
    assert!(written.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"PublicRead\""));
    let analyze = zoneproof(&[
        "analyze",
        file.path(),
        ZONE[0],
        ZONE[1],
        ZONE[2],
        ZONE[3],
        ZONE[4],
        ZONE[5],
        "--format",
        "json",
    ]);
    let text = String::from_utf8_lossy(&analyze.stdout);
    assert!(!text.contains("444455556666\""), "{text}");
    assert!(!text.contains("\"isPublic\": true"), "{text}");
}

#[test]
fn a_finding_without_a_patch_exits_2_with_the_reason() {
    let file = Scratch::new("fix-none.json", POLICY);
    let json = run(&file, &["--format", "json", "--strategy", "restrict"]);
    let report: Value = serde_json::from_slice(&json.stdout).expect("json");
    let partner = report["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .find(|f| f["finding"]["principal"]["AWS"] == "444455556666")
        .expect("partner finding")
        .clone();
    assert_eq!(partner["status"], "none");
    assert!(partner["reason"].is_string());
    assert_eq!(json.status.code(), Some(2));
    let unknown = run(&file, &["--finding", "nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no ACTIVE finding `nope`"));
}

#[test]
fn archive_prints_one_rule_per_finding() {
    let file = Scratch::new("fix-archive.json", POLICY);
    let out = run(&file, &["--archive"]);
    assert_eq!(out.status.code(), Some(0));
    let rules: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules = rules.as_array().expect("rules");
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[0]["filter"]["resource"]["eq"][0],
        "arn:aws:s3:::example-bucket"
    );
    assert!(rules
        .iter()
        .any(|r| r["filter"]["principal.AWS"]["eq"][0] == "444455556666"));
}

/// A GitHub Actions trust that checks `aud` but not `sub`: any repository
/// on GitHub can assume the role.
const GITHUB_TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GitHubActions",
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
      }
    }
  ]
}
"#;

const SUB: &str = "token.actions.githubusercontent.com:sub";

fn fix_role(file: &Scratch, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "fix",
        file.path(),
        "--resource-type",
        "AWS::IAM::Role",
        "--resource-arn",
        "arn:aws:iam::111122223333:role/deploy",
    ];
    args.extend(extra);
    zoneproof(&args)
}

#[test]
fn claim_restricts_a_github_trust_to_the_repository_with_a_proof() {
    let file = Scratch::new("fix-claim-github.json", GITHUB_TRUST);
    let claim = format!("{SUB}=repo:my-org/my-repo:ref:refs/heads/main");
    let out = fix_role(&file, &["--claim", &claim, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let fix = &report["fixes"][0];
    assert_eq!(fix["status"], "fixed");
    assert_eq!(fix["strategy"], "restrict");
    for obligation in ["classGone", "noNewAccess", "nothingElseLost"] {
        assert_eq!(fix["proof"][obligation]["holds"], true, "{obligation}");
    }
    // Merged into the existing StringEquals block, the aud check kept.
    assert_eq!(
        report["policy"]["Statement"][0]["Condition"]["StringEquals"],
        serde_json::json!({
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            SUB: "repo:my-org/my-repo:ref:refs/heads/main",
        })
    );
    // The remaining finding is the narrower one, carrying the claim.
    let remaining = report["remaining"].as_array().expect("remaining");
    assert_eq!(remaining.len(), 1);
    assert_eq!(
        remaining[0]["condition"][SUB],
        "repo:my-org/my-repo:ref:refs/heads/main"
    );
    // A wildcard value is compared with StringLike.
    let like = fix_role(
        &file,
        &[
            "--claim",
            &format!("{SUB}=repo:my-org/*"),
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_slice(&like.stdout).expect("json");
    assert_eq!(
        report["policy"]["Statement"][0]["Condition"]["StringLike"][SUB],
        "repo:my-org/*"
    );
}

#[test]
fn claim_of_another_provider_or_bad_syntax_is_a_one_line_error() {
    let file = Scratch::new("fix-claim-other.json", GITHUB_TRUST);
    let out = fix_role(&file, &["--claim", "accounts.google.com:aud=my-client"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("claim `accounts.google.com:aud`")
            && stderr.contains("not a claim of provider"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let syntax = fix_role(&file, &["--claim", SUB]);
    assert_eq!(syntax.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&syntax.stderr).contains("expected KEY=VALUE"));
    // Without --claim, restrict says how to give the claims.
    let none = fix_role(&file, &["--strategy", "restrict"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stdout).contains("--claim"));
}

#[test]
fn claim_restricts_a_saml_trust_by_its_audience() {
    let file = Scratch::new(
        "fix-claim-saml.json",
        r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP"},
   "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"]}
]}
"#,
    );
    let out = fix_role(
        &file,
        &[
            "--claim",
            "SAML:aud=https://signin.aws.amazon.com/saml",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["proof"]["classGone"]["holds"], true);
    assert_eq!(report["proof"]["nothingElseLost"]["holds"], true);
    assert_eq!(
        report["policy"]["Statement"][0]["Condition"],
        serde_json::json!({"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}})
    );
    assert_eq!(
        report["remaining"][0]["condition"]["SAML:aud"],
        "https://signin.aws.amazon.com/saml"
    );
}
