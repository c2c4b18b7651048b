//! `zoneproof authorize` over the bundled examples (two accounts, an
//! organization export, resources), and the organization export script.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::{root, zoneproof, Scratch};

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const ETL: &str = "arn:aws:iam::111122223333:role/service/etl";
const PARTNER: &str = "arn:aws:iam::444455556666:user/partner";

fn examples() -> String {
    root().join("examples/authorize").display().to_string()
}

fn authorize_json(principal: &str, action: &str, resource: &str, extra: &[&str]) -> Value {
    let examples = examples();
    let mut args = vec![
        "authorize",
        "--principal",
        principal,
        "--action",
        action,
        "--resource",
        resource,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args.push(&examples);
    let out = zoneproof(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
fn decisions_over_the_examples_exit_0_whatever_they_are() {
    let cases = [
        (
            ALICE,
            "s3:GetObject",
            "arn:aws:s3:::example-reports/q1.csv",
            "Allow",
        ),
        (
            ALICE,
            "s3:PutObject",
            "arn:aws:s3:::example-reports/q1.csv",
            "ImplicitDeny",
        ),
        (
            ETL,
            "s3:PutObject",
            "arn:aws:s3:::example-reports/q1.csv",
            "Allow",
        ),
        (
            ETL,
            "iam:CreateUser",
            "arn:aws:iam::111122223333:user/x",
            "ExplicitDeny",
        ),
        (
            PARTNER,
            "s3:GetObject",
            "arn:aws:s3:::example-reports/shared/a.csv",
            "ExplicitDeny",
        ),
        (
            "arn:aws:iam::111122223333:user/bob",
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/service/etl",
            "Allow",
        ),
    ];
    for (principal, action, resource, decision) in cases {
        let result = authorize_json(principal, action, resource, &[]);
        assert_eq!(
            result["decision"], decision,
            "{principal} {action} {resource}: {}",
            result["reason"]
        );
    }
}

#[test]
fn the_json_trace_names_each_policy_type_and_the_deciding_statements() {
    let result = authorize_json(
        PARTNER,
        "s3:GetObject",
        "arn:aws:s3:::example-reports/shared/a.csv",
        &[],
    );
    assert_eq!(result["crossAccount"], true);
    let deciding = &result["decidingStatements"][0];
    assert_eq!(deciding["type"], "rcp");
    assert_eq!(deciding["policy"], "DataPerimeter");
    assert_eq!(deciding["sid"], "EnforceOrgIdentities");
    assert_eq!(deciding["attachedTo"], "OU `Workloads` (ou-ab12-workload)");
    let types: Vec<&str> = result["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .map(|p| p["type"].as_str().expect("type"))
        .collect();
    assert_eq!(
        types,
        [
            "identity",
            "permissionsBoundary",
            "sessionPolicy",
            "scp",
            "rcp",
            "resource"
        ]
    );
    // The partner's account is in no organization: no SCP applies to it.
    assert_eq!(result["policies"][3]["applies"], false);
}

#[test]
fn missing_context_values_and_given_context() {
    let resource = "arn:aws:s3:::example-reports/q1.csv";
    let result = authorize_json(ETL, "s3:PutObject", resource, &[]);
    assert_eq!(
        result["missingContextValues"],
        serde_json::json!(["aws:SecureTransport"])
    );
    let denied = authorize_json(
        ETL,
        "s3:PutObject",
        resource,
        &["--context", "aws:SecureTransport=false"],
    );
    assert_eq!(denied["decision"], "ExplicitDeny");
    assert_eq!(denied["decidingStatements"][0]["sid"], "TlsOnly");
}

#[test]
fn a_session_policy_limits_a_role_arn_grant() {
    let policy = Scratch::new(
        "session-policy.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
    );
    let result = authorize_json(
        ETL,
        "s3:PutObject",
        "arn:aws:s3:::example-reports/q1.csv",
        &["--session-policy", policy.path()],
    );
    assert_eq!(result["decision"], "ImplicitDeny");
    assert!(
        result["reason"]
            .as_str()
            .unwrap_or("")
            .contains("session policy does not allow it"),
        "{}",
        result["reason"]
    );
}

#[test]
fn the_text_trace_starts_with_the_decision() {
    let examples = examples();
    let out = zoneproof(&[
        "authorize",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::example-reports/q1.csv",
        &examples,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!(
            "Allow: {ALICE} may s3:GetObject on arn:aws:s3:::example-reports/q1.csv\n"
        )),
        "{text}"
    );
    assert!(text.contains("`ReadReports` arn:aws:iam::111122223333:policy/ReadReports (attached to group `analysts`): Allow"), "{text}");
    assert!(
        text.contains("    Allow Statement[0] (Sid `ReadReports`)"),
        "{text}"
    );
}

#[test]
fn inputs_that_cannot_be_read_and_undecidable_requests_exit_1() {
    let examples = examples();
    let missing = zoneproof(&[
        "authorize",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "no-such-file.json",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with("no-such-file.json: (document): cannot read"),
        "{stderr}"
    );

    let unknown = zoneproof(&[
        "authorize",
        "--principal",
        "arn:aws:iam::111122223333:user/mallory",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        &examples,
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("no user `mallory` in the authorization details of account 111122223333"),
        "{stderr}"
    );

    let bad_context = zoneproof(&[
        "authorize",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--context",
        "novalue",
        &examples,
    ]);
    assert_eq!(bad_context.status.code(), Some(1));
}

#[test]
fn a_bad_entry_is_a_warning_when_the_decision_does_not_need_it() {
    let broken = Scratch::new(
        "authorize-broken-details.json",
        r#"{"UserDetailList": [{"UserName": "eve", "Arn": "arn:aws:iam::111122223333:user/eve",
            "UserPolicyList": [{"PolicyName": "bad", "PolicyDocument": "{not json"}]}]}"#,
    );
    let examples = examples();
    let out = zoneproof(&[
        "authorize",
        "--principal",
        ALICE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::example-reports/q1.csv",
        &examples,
        broken.path(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(
        stderr.contains(
            "/UserDetailList/0/UserPolicyList/0/PolicyDocument: policy text is not valid JSON"
        ),
        "{stderr}"
    );
    let eve = zoneproof(&[
        "authorize",
        "--principal",
        "arn:aws:iam::111122223333:user/eve",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        &examples,
        broken.path(),
    ]);
    assert_eq!(
        eve.status.code(),
        Some(1),
        "eve's only policy is unreadable: fail closed"
    );
}

/// A stand-in for the AWS CLI that answers the Organizations calls of
/// `scripts/export-organization.py` from canned responses.
const FAKE_AWS: &str = r#"#!/usr/bin/env python3
import json, sys
args = sys.argv[1:]
assert args[0] == "organizations" and "--output" in args, args
call, rest = args[1], args[2:]
def arg(name):
    return rest[rest.index(name) + 1]
full = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
deny = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})
answers = {
    "describe-organization": {"Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "111111111111"}},
    "list-roots": {"Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": [
        {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]},
}
if call in answers:
    print(json.dumps(answers[call]))
elif call == "list-organizational-units-for-parent":
    units = {"r-ab12": [{"Id": "ou-ab12-prod0001", "Name": "Prod"}]}
    print(json.dumps({"OrganizationalUnits": units.get(arg("--parent-id"), [])}))
elif call == "list-accounts-for-parent":
    accounts = {"r-ab12": [{"Id": "111111111111", "Name": "management", "Status": "ACTIVE"}],
                "ou-ab12-prod0001": [{"Id": "222222222222", "Name": "prod", "Status": "ACTIVE"}]}
    print(json.dumps({"Accounts": accounts.get(arg("--parent-id"), [])}))
elif call == "list-policies":
    assert arg("--filter") == "SERVICE_CONTROL_POLICY", "RCPs are not enabled"
    print(json.dumps({"Policies": [
        {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": True},
        {"Id": "p-nos3", "Name": "NoS3", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": False}]}))
elif call == "describe-policy":
    content = full if arg("--policy-id") == "p-FullAWSAccess" else deny
    print(json.dumps({"Policy": {"PolicySummary": {"Id": arg("--policy-id")}, "Content": content}}))
elif call == "list-targets-for-policy":
    targets = {"p-FullAWSAccess": ["r-ab12", "ou-ab12-prod0001", "111111111111", "222222222222"], "p-nos3": ["ou-ab12-prod0001"]}
    print(json.dumps({"Targets": [{"TargetId": t} for t in targets[arg("--policy-id")]]}))
else:
    print("unknown call " + call, file=sys.stderr)
    sys.exit(255)
"#;

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_export_script_builds_an_export_that_authorize_reads() {
    let Some(python) = python() else {
        panic!("python3 is needed to test scripts/export-organization.py");
    };
    let bin = std::env::temp_dir().join(format!("zoneproof-fake-aws-{}", std::process::id()));
    std::fs::create_dir_all(&bin).expect("fake aws dir");
    let aws = bin.join("aws");
    std::fs::write(&aws, FAKE_AWS).expect("write fake aws");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let export = bin.join("org.json");
    let out = Command::new(python)
        .arg(root().join("scripts/export-organization.py"))
        .args(["--output", export.to_str().expect("utf-8")])
        .args(["--aws-cli", aws.to_str().expect("utf-8")])
        .output()
        .expect("run the export script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string(&export).expect("export")).expect("JSON");
    assert_eq!(document["Accounts"][1]["ParentId"], "ou-ab12-prod0001");
    assert_eq!(
        document["Policies"][1]["Targets"],
        serde_json::json!(["ou-ab12-prod0001"])
    );

    let details = Scratch::new(
        "export-details.json",
        r#"{"UserDetailList": [{"UserName": "dev", "Arn": "arn:aws:iam::222222222222:user/dev",
            "UserPolicyList": [{"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}]}]}"#,
    );
    let out = zoneproof(&[
        "authorize",
        "--principal",
        "arn:aws:iam::222222222222:user/dev",
        "--action",
        "s3:ListBucket",
        "--resource",
        "arn:aws:s3:::b",
        "--format",
        "json",
        details.path(),
        export.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(result["decision"], "ExplicitDeny");
    assert_eq!(result["decidingStatements"][0]["policy"], "NoS3");
    let _ = std::fs::remove_dir_all(PathBuf::from(&bin));
}
