//! `zoneproof generate` and `zoneproof unused` end to end: exit codes,
//! formats, one-line errors, over the mapping fixtures and a synthetic
//! trail written by `zoneproof-bench gen-trail`.

use std::path::PathBuf;

use serde_json::Value;

use crate::{root, zoneproof, zoneproof_bench, Scratch};

const APP_ROLE: &str = "arn:aws:iam::111122223333:role/AppRole";

fn fixture() -> String {
    root()
        .join("analyzer/tests/fixtures/cloudtrail/mapping-exceptions.jsonl")
        .display()
        .to_string()
}

/// A synthetic trail of `events` events and its IAM exports.
fn trail(name: &str, events: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zoneproof-trail-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = zoneproof_bench(&[
        "gen-trail",
        "--out",
        dir.to_str().expect("utf-8 path"),
        "--events",
        events,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn generate_writes_a_proved_policy_as_json() {
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        &fixture(),
        "--principal",
        APP_ROLE,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["policy"]["Version"], "2012-10-17");
    assert_eq!(report["proof"]["eventsAllowed"]["status"], "proved");
    assert_eq!(report["proof"]["noNewAccess"]["status"], "not-run");
    let statements = report["policy"]["Statement"].as_array().unwrap();
    let list_bucket = statements
        .iter()
        .find(|s| s["Sid"] == "S3ListBucket")
        .unwrap();
    assert_eq!(list_bucket["Resource"], "arn:aws:s3:::data-lake");
    let unmapped: Vec<&str> = report["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["eventName"].as_str().unwrap())
        .collect();
    assert_eq!(unmapped, ["DoSomething", "NoSuchOperation"]);
}

#[test]
fn generate_text_summarises_what_the_current_policy_grants_beyond_the_events() {
    let dir = trail("text", "3000");
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        dir.join("AWSLogs").to_str().unwrap(),
        "--principal",
        "arn:aws:iam::111122223333:role/WebApp",
        "--authz-details",
        dir.join("authz-details.json").to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Least-privilege policy for arn:aws:iam::111122223333:role/WebApp"),
        "{text}"
    );
    assert!(
        text.contains("every event allowed by the policy: PROVED"),
        "{text}"
    );
    assert!(
        text.contains("no access beyond the current policies: PROVED"),
        "{text}"
    );
    assert!(
        text.contains("dynamodb:DeleteTable AccessDeniedException"),
        "{text}"
    );
    assert!(text.contains("left out of the generated policy"), "{text}");
    assert!(text.contains("dynamodb: "), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generate_reports_access_beyond_the_current_policies_with_a_witness() {
    let dir = trail("beyond", "3000");
    // The current policy now denies one table the events used.
    let path = dir.join("authz-details.json");
    let mut details: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let roles = details["RoleDetailList"].as_array_mut().unwrap();
    let web = roles
        .iter_mut()
        .find(|r| r["RoleName"] == "WebApp")
        .unwrap();
    let statements = web["RolePolicyList"][0]["PolicyDocument"]["Statement"]
        .as_array_mut()
        .unwrap();
    statements.push(serde_json::json!({"Effect": "Deny", "Action": "dynamodb:*",
        "Resource": "arn:aws:dynamodb:eu-west-1:*:table/orders"}));
    std::fs::write(&path, details.to_string()).unwrap();
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        dir.join("AWSLogs").to_str().unwrap(),
        "--principal",
        "arn:aws:iam::111122223333:role/WebApp",
        "--authz-details",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report = json(&out);
    let nna = &report["proof"]["noNewAccess"];
    assert_eq!(nna["status"], "failed", "{nna}");
    let witness = &nna["classes"][0]["witnesses"][0];
    assert_eq!(
        witness["resource"], "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
        "{nna}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-new-access FAIL"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generate_reports_bad_records_on_one_line_and_exits_1() {
    let good = std::fs::read_to_string(fixture()).unwrap();
    let first = good.lines().next().unwrap();
    let bad = Scratch::new("bad-trail.jsonl", &format!("{first}\nnot json\n{first}\n"));
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        bad.path(),
        "--principal",
        APP_ROLE,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first_line = stderr.lines().next().unwrap();
    assert!(
        first_line.starts_with(&format!("{}: /1: not a CloudTrail event", bad.path())),
        "{stderr}"
    );
    let report = json(&out);
    assert_eq!(
        report["events"]["inWindow"], 2,
        "reading went on after the bad record"
    );
}

#[test]
fn generate_refuses_a_principal_that_is_not_one() {
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        &fixture(),
        "--principal",
        "arn:aws:s3:::bucket",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a role, user or root ARN"));
    let out = zoneproof(&[
        "generate",
        "--cloudtrail",
        &fixture(),
        "--principal",
        APP_ROLE,
        "--since",
        "2026-04-01",
        "--until",
        "2026-03-01",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unused_finds_roles_keys_passwords_and_permissions_and_exits_2() {
    let dir = trail("unused", "3000");
    let args = |format: &'static str| {
        vec![
            "unused".to_string(),
            "--cloudtrail".into(),
            dir.join("AWSLogs").display().to_string(),
            "--authz-details".into(),
            dir.join("authz-details.json").display().to_string(),
            "--credential-report".into(),
            dir.join("credential-report.csv").display().to_string(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |format| {
        let args = args(format);
        zoneproof(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run("json");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let kinds: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["findingType"].as_str().unwrap().to_string(),
                f["resource"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    for expected in [
        ("UnusedIAMRole", "LegacyBatch"),
        ("UnusedPermission", "DataPipeline"),
        ("UnusedIAMUserAccessKey", "bob"),
        ("UnusedIAMUserPassword", "bob"),
    ] {
        assert!(
            kinds.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not in {kinds:?}"
        );
    }
    for finding in report["findings"].as_array().unwrap() {
        if finding["findingType"] == "UnusedPermission" {
            let proof = &finding["proof"];
            assert_eq!(proof["allowedBefore"], proof["allowedAfter"], "{finding}");
            assert_eq!(finding["noNewAccess"]["status"], "proved", "{finding}");
            assert!(!finding["recommendedSteps"].as_array().unwrap().is_empty());
        }
    }
    let sarif = json(&run("sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        report["findings"].as_array().unwrap().len()
    );
    let text = String::from_utf8_lossy(&run("text").stdout).to_string();
    assert!(
        text.contains("UnusedIAMRole arn:aws:iam::111122223333:role/LegacyBatch"),
        "{text}"
    );
    assert!(text.contains("proof: PROVED"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}
