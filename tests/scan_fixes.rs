//! `zoneproof scan --fixes`: the proved patch on each finding in JSON and as
//! SARIF `fixes`; applying the SARIF replacement gives the patched policy,
//! and scanning the patched file shows the finding gone.
#![cfg(test)]

use crate::scan::assert_valid_sarif;
use crate::{zoneproof, Scratch};
use serde_json::{json, Value};

fn scan_json(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["scan", "--no-progress", "--account", "111122223333"];
    all.extend_from_slice(args);
    let output = zoneproof(&all);
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), value)
}

/// An inventory of one bucket shared with an outside account beside an
/// in-account grant, written with its own indentation.
fn inventory() -> String {
    let policy = r#"{
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": ["444455556666", "arn:aws:iam::111122223333:role/app"]},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::fix-me/*"
          }
        ]
      }"#;
    format!(
        "[\n  {{\n    \"arn\": \"arn:aws:s3:::fix-me\",\n    \"resourceType\": \"AWS::S3::Bucket\",\n    \"policy\": {policy}\n  }}\n]\n"
    )
}

/// Applies one SARIF replacement (1-based lines and code-point columns).
fn apply(text: &str, replacement: &Value) -> String {
    let region = &replacement["deletedRegion"];
    let offset = |line: &Value, column: &Value| -> usize {
        let line = usize::try_from(line.as_u64().unwrap()).unwrap();
        let column = usize::try_from(column.as_u64().unwrap()).unwrap();
        let before: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(|l| l.chars().count())
            .sum();
        before + column - 1
    };
    let start = offset(&region["startLine"], &region["startColumn"]);
    let end = offset(&region["endLine"], &region["endColumn"]);
    let chars: Vec<char> = text.chars().collect();
    let mut out: String = chars[..start].iter().collect();
    out.push_str(replacement["insertedContent"]["text"].as_str().unwrap());
    out.extend(&chars[end..]);
    out
}

#[test]
fn sarif_fixes_applied_to_a_json_file_remove_the_finding() {
    let file = Scratch::new("scan-fixes-inventory.json", &inventory());
    let (code, log) = scan_json(&[file.path(), "--fixes", "--format", "sarif"]);
    assert_eq!(code, Some(2));
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    let fix = &results[0]["fixes"][0];
    assert!(
        fix["description"]["text"]
            .as_str()
            .unwrap()
            .contains("proved"),
        "{fix:#}"
    );
    let change = &fix["artifactChanges"][0];
    assert!(change["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("scan-fixes-inventory.json"));
    let original = std::fs::read_to_string(&file.0).unwrap();
    let patched = apply(&original, &change["replacements"][0]);
    // The rest of the file is untouched and the policy is the fix's.
    assert!(patched.starts_with("[\n  {\n    \"arn\": \"arn:aws:s3:::fix-me\""));
    let (_, json_out) = scan_json(&[file.path(), "--fixes", "--format", "json"]);
    let finding_fix = &json_out[0]["findings"][0]["fix"];
    assert_eq!(finding_fix["status"], "fixed", "{finding_fix:#}");
    assert_eq!(finding_fix["proof"]["classGone"]["holds"], true);
    assert_eq!(finding_fix["proof"]["noNewAccess"]["holds"], true);
    assert_eq!(finding_fix["proof"]["nothingElseLost"]["holds"], true);
    let written: Value = serde_json::from_str(&patched).unwrap();
    assert_eq!(written[0]["policy"], finding_fix["policy"]);
    // The in-account role keeps its grant; the partner is gone.
    assert_eq!(
        written[0]["policy"]["Statement"][0]["Principal"]["AWS"],
        json!(["arn:aws:iam::111122223333:role/app"])
    );
    std::fs::write(&file.0, &patched).unwrap();
    let (code, after) = scan_json(&[file.path(), "--format", "json"]);
    assert_eq!(code, Some(0), "{after:#}");
    assert_eq!(after[0]["status"], "analyzed");
    assert_eq!(after[0]["findings"], json!([]));
}

#[test]
fn a_policy_held_as_a_json_string_is_replaced_by_a_json_string() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]});
    let record = json!({"arn": "arn:aws:sqs:us-east-1:111122223333:q",
        "resourceType": "AWS::SQS::Queue", "policy": policy.to_string()});
    let file = Scratch::new("scan-fixes-lines.jsonl", &format!("\n{record}\n"));
    let (_, log) = scan_json(&[file.path(), "--fixes", "--format", "sarif"]);
    assert_valid_sarif(&log);
    let replacement =
        &log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startLine"], 2);
    let patched = apply(&std::fs::read_to_string(&file.0).unwrap(), replacement);
    let written: Value = serde_json::from_str(patched.trim()).unwrap();
    let policy: Value = serde_json::from_str(written["policy"].as_str().unwrap()).unwrap();
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        "111122223333"
    );
    std::fs::write(&file.0, &patched).unwrap();
    let (code, after) = scan_json(&[file.path(), "--format", "json"]);
    assert_eq!(code, Some(0), "{after:#}");
}

#[test]
fn templates_and_plans_get_the_patched_document_and_its_place() {
    let (_, records) = scan_json(&[
        "analyzer/tests/fixtures/inputs/cloudformation.yaml",
        "--fixes",
        "--format",
        "json",
    ]);
    let records = records.as_array().unwrap();
    let topic = records
        .iter()
        .find(|r| r["resource"].as_str().unwrap().ends_with(":alerts"))
        .unwrap();
    let fix = &topic["findings"][0]["fix"];
    assert_eq!(fix["status"], "fixed", "{fix:#}");
    assert_eq!(fix["location"]["logicalId"], "AlertsTopicPolicy");
    assert_eq!(
        fix["location"]["pointer"],
        "/Resources/AlertsTopicPolicy/Properties/PolicyDocument"
    );
    assert!(fix["location"]["line"].as_u64().is_some());
    assert!(
        fix.get("replacement").is_none(),
        "YAML is not patched in place"
    );
    assert_eq!(
        fix["policy"]["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        "111122223333"
    );
    // A finding from a placeholder says why it has no fix.
    let role = records
        .iter()
        .find(|r| r["resource"].as_str().unwrap().ends_with("data-pipeline"))
        .unwrap();
    let reason = role["findings"][0]["fix"]["reason"].as_str().unwrap();
    assert!(reason.contains("unresolved"), "{reason}");

    let (_, records) = scan_json(&[
        "analyzer/tests/fixtures/inputs/terraform-plan.json",
        "--fixes",
        "--format",
        "json",
    ]);
    let queue = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"].as_str().unwrap().ends_with(":media-uploads"))
        .unwrap();
    let fix = &queue["findings"][0]["fix"];
    assert_eq!(fix["status"], "fixed", "{fix:#}");
    assert_eq!(fix["location"]["address"], "aws_sqs_queue_policy.uploads");
    assert!(
        fix.get("replacement").is_none(),
        "plans are generated files"
    );
    assert!(fix["policy"]["Statement"].is_array());
}

#[test]
fn without_the_flag_findings_have_no_fix() {
    let file = Scratch::new("scan-nofix-inventory.json", &inventory());
    let (_, records) = scan_json(&[file.path(), "--format", "json"]);
    assert!(records[0]["findings"][0].get("fix").is_none());
}
