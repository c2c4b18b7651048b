//! `zoneproof validate` end to end: exit codes, the three formats, policy
//! types, templates and plans, and `scan --validate`.

use serde_json::{json, Value};

use crate::{zoneproof, Scratch};

const PASS_ROLE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:PassRole", "s3:GetObjekt"],
      "Resource": "*"
    }
  ]
}"#;

const CLEAN: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}"#;

const SUGGESTION_ONLY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "", "Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}"#;

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn codes(records: &Value) -> Vec<String> {
    records
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|record| record["findings"].as_array().cloned().unwrap_or_default())
        .map(|finding| finding["issueCode"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn blocking_findings_exit_2_and_carry_access_analyzer_fields() {
    let policy = Scratch::new("pass-role.json", PASS_ROLE);
    let out = zoneproof(&["validate", policy.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let records = json_of(&out);
    assert_eq!(records[0]["policyType"], "IDENTITY_POLICY");
    let findings = records[0]["findings"].as_array().unwrap();
    let invalid = findings
        .iter()
        .find(|f| f["issueCode"] == "INVALID_ACTION")
        .unwrap();
    assert_eq!(invalid["findingType"], "ERROR");
    assert_eq!(
        invalid["findingDetails"],
        "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?"
    );
    assert_eq!(
        invalid["learnMoreLink"],
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action"
    );
    assert_eq!(
        invalid["locations"][0]["path"],
        json!([{"value": "Statement"}, {"index": 0}, {"value": "Action"}, {"index": 1}])
    );
    assert_eq!(
        invalid["locations"][0]["span"]["start"],
        json!({"line": 6, "column": 33, "offset": 110})
    );
    assert!(codes(&records).contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE".to_owned()));
}

#[test]
fn clean_and_suggestion_only_policies_exit_0() {
    for text in [CLEAN, SUGGESTION_ONLY] {
        let policy = Scratch::new("ok.json", text);
        let out = zoneproof(&["validate", policy.path()]);
        assert_eq!(out.status.code(), Some(0), "{text}");
    }
    let policy = Scratch::new("clean.json", CLEAN);
    let text = String::from_utf8_lossy(&zoneproof(&["validate", policy.path()]).stdout).to_string();
    assert!(text.contains("no findings"), "{text}");
}

#[test]
fn the_blocking_types_are_configurable() {
    let policy = Scratch::new("blocking.json", SUGGESTION_ONLY);
    let out = zoneproof(&[
        "validate",
        policy.path(),
        "--treat-finding-type-as-blocking",
        "SUGGESTION",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let policy = Scratch::new("blocking-none.json", PASS_ROLE);
    let out = zoneproof(&[
        "validate",
        policy.path(),
        "--treat-finding-type-as-blocking",
        "NONE",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let out = zoneproof(&[
        "validate",
        policy.path(),
        "--treat-finding-type-as-blocking",
        "FATAL",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unreadable_input_exits_1_with_one_line_naming_it() {
    let out = zoneproof(&["validate", "no/such/policy.json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/policy.json"), "{stderr}");
    let out = zoneproof(&[
        "validate",
        "x.json",
        "--policy-type",
        "identity",
        "--resource-type",
        "AWS::S3::Bucket",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn invalid_json_is_a_finding_not_a_crash() {
    let policy = Scratch::new("broken.json", "{\"Statement\": [}");
    let out = zoneproof(&["validate", policy.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(codes(&json_of(&out)), ["JSON_SYNTAX_ERROR"]);
}

#[test]
fn the_policy_type_selects_the_checks() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    let policy = Scratch::new("trust.json", trust);
    let as_trust = zoneproof(&[
        "validate",
        policy.path(),
        "--policy-type",
        "trust",
        "--format",
        "json",
    ]);
    assert_eq!(
        codes(&json_of(&as_trust)),
        ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"]
    );
    let as_identity = zoneproof(&["validate", policy.path(), "--format", "json"]);
    assert_eq!(codes(&json_of(&as_identity)), ["UNSUPPORTED_PRINCIPAL"]);
    let bucket = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::b/*"}]}"#;
    let policy = Scratch::new("bucket.json", bucket);
    let out = zoneproof(&[
        "validate",
        policy.path(),
        "--policy-type",
        "resource",
        "--resource-type",
        "AWS::S3::Bucket",
        "--format",
        "json",
    ]);
    assert_eq!(codes(&json_of(&out)), ["UNSUPPORTED_ACTION_IN_POLICY"]);
}

#[test]
fn text_is_grouped_by_finding_type_with_line_and_column() {
    let policy = Scratch::new("text.json", PASS_ROLE);
    let out = zoneproof(&["validate", policy.path()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let error = text.find("ERROR INVALID_ACTION").unwrap();
    let warning = text
        .find("SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE")
        .unwrap();
    assert!(error < warning, "{text}");
    assert!(text.contains("text.json:6:34"), "{text}");
    assert!(text.contains("1 error, 1 security warning"), "{text}");
}

const TEMPLATE: &str = r#"{
  "Resources": {
    "Deployer": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
        },
        "Policies": [{"PolicyName": "deploy", "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/*"}}]}}]
      }
    },
    "Guardrail": {
      "Type": "AWS::Organizations::Policy",
      "Properties": {"Type": "SERVICE_CONTROL_POLICY", "Name": "g",
        "Content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "iam:*", "Resource": "*"}]}}
    }
  }
}"#;

#[test]
fn a_template_validates_every_policy_with_the_type_of_its_place() {
    let template = Scratch::new("template.json", TEMPLATE);
    let out = zoneproof(&["validate", template.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let records = json_of(&out);
    let types: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["policyType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "RESOURCE_POLICY",
            "IDENTITY_POLICY",
            "SERVICE_CONTROL_POLICY"
        ]
    );
    assert!(records[0]["findings"].as_array().unwrap().is_empty());
    let pass_role = &records[1]["findings"][0];
    assert_eq!(pass_role["issueCode"], "PASS_ROLE_WITH_STAR_IN_RESOURCE");
    assert_eq!(pass_role["fileLocation"]["line"], 14);
    assert_eq!(
        pass_role["fileLocation"]["pointer"],
        "/Resources/Deployer/Properties/Policies/0/PolicyDocument/Statement/0/Resource"
    );
    assert_eq!(
        records[2]["findings"][0]["issueCode"],
        "SCP_SYNTAX_ERROR_PRINCIPAL"
    );
}

const PLAN: &str = r#"{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_iam_policy.ci", "mode": "managed", "type": "aws_iam_policy", "name": "ci",
     "values": {"name": "ci", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjekt\",\"Resource\":\"*\"}]}"}},
    {"address": "aws_organizations_policy.rcp", "mode": "managed", "type": "aws_organizations_policy", "name": "rcp",
     "values": {"type": "RESOURCE_CONTROL_POLICY", "content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}
  ]}}
}"#;

#[test]
fn a_terraform_plan_validates_identity_and_organization_policies() {
    let plan = Scratch::new("plan.json", PLAN);
    let out = zoneproof(&["validate", plan.path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let records = json_of(&out);
    assert_eq!(records[0]["name"], "aws_iam_policy.ci");
    assert_eq!(records[0]["findings"][0]["issueCode"], "INVALID_ACTION");
    assert_eq!(records[1]["policyType"], "RESOURCE_CONTROL_POLICY");
    assert_eq!(
        records[1]["findings"][0]["issueCode"],
        "RCP_SYNTAX_ERROR_ACTION_WILDCARD"
    );
}

#[test]
fn sarif_has_one_rule_per_issue_code_and_validates() {
    let policy = Scratch::new("sarif.json", PASS_ROLE);
    let out = zoneproof(&["validate", policy.path(), "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(2));
    let log = json_of(&out);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "one rule per issue code");
    assert!(ids.contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE"));
    let rule = rules.iter().find(|r| r["id"] == "INVALID_ACTION").unwrap();
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## How to fix"));
    let results = run["results"].as_array().unwrap();
    let invalid = results
        .iter()
        .find(|r| r["ruleId"] == "INVALID_ACTION")
        .unwrap();
    assert_eq!(invalid["level"], "error");
    assert_eq!(
        invalid["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    let index = invalid["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "INVALID_ACTION");
    crate::scan::assert_valid_sarif(&log);
}

#[test]
fn scan_validate_runs_both_passes() {
    let template = Scratch::new("scan-template.json", TEMPLATE);
    let out = zoneproof(&[
        "scan",
        template.path(),
        "--account",
        "111122223333",
        "--validate",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let report = json_of(&out);
    assert!(report["results"].is_array());
    assert!(codes(&report["validation"]).contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE".to_owned()));
    let without = zoneproof(&[
        "scan",
        template.path(),
        "--account",
        "111122223333",
        "--format",
        "json",
    ]);
    assert!(json_of(&without).is_array());
    let sarif = zoneproof(&[
        "scan",
        template.path(),
        "--account",
        "111122223333",
        "--validate",
        "--format",
        "sarif",
    ]);
    let log = json_of(&sarif);
    assert_eq!(log["runs"].as_array().unwrap().len(), 2);
    assert_eq!(
        log["runs"][1]["tool"]["driver"]["name"],
        "zoneproof-validate"
    );
}

#[test]
fn unresolved_template_values_are_not_reported_as_malformed() {
    let template = Scratch::new(
        "unresolved.yaml",
        r#"Parameters:
  Partner: {Type: String}
  Vpce: {Type: String}
Resources:
  Q: {Type: AWS::SQS::Queue}
  P:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Q]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${Partner}:root"}
            Action: sqs:SendMessage
            Resource: !GetAtt Q.Arn
            Condition:
              StringEquals: {aws:SourceVpce: !Ref Vpce}
"#,
    );
    let out = zoneproof(&["validate", template.path(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(codes(&json_of(&out)).is_empty());
}
