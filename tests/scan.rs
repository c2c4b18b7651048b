//! `zoneproof scan`: every input format recognised by its shape, errors in
//! their place, the same findings whatever the number of jobs, SARIF that
//! validates against the SARIF 2.1.0 schema, baselines and `--fail-on`.
#![cfg(test)]

use crate::{root, zoneproof, zoneproof_bench, Scratch};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The readers' fixtures (analyzer/tests/fixtures/inputs), relative to the
/// repository root, which is the tests' working directory.
const FIXTURES: &str = "analyzer/tests/fixtures/inputs";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn scan(args: &[&str]) -> Output {
    let mut all = vec!["scan", "--no-progress"];
    all.extend_from_slice(args);
    zoneproof(&all)
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What the scan of one fixture must show: the number of records, the
/// records that are input errors (by JSON pointer), and the input format of
/// every other record.
struct Expected<'a> {
    file: &'a str,
    format: &'a str,
    records: usize,
    input_errors: &'a [&'a str],
}

/// Scans one fixture as JSON (templates and plans deploy into
/// 111122223333) and checks the records against `expected`; returns them.
fn scan_fixture(expected: &Expected<'_>) -> Vec<Value> {
    let path = fixture(expected.file);
    let output = scan(&[&path, "--account", "111122223333", "--format", "json"]);
    let records = stdout_json(&output).as_array().cloned().unwrap_or_default();
    assert_eq!(
        records.len(),
        expected.records,
        "{}: {records:#?}",
        expected.file
    );
    let mut errors = Vec::new();
    for record in &records {
        let origin = &record["origin"];
        assert_eq!(origin["file"], path.as_str(), "{record:#}");
        match origin.get("format") {
            Some(format) => assert_eq!(format, expected.format, "{record:#}"),
            None => {
                // A reader error: an error record with the file and pointer.
                assert_eq!(record["status"], "error", "{record:#}");
                let pointer = origin["pointer"].as_str().unwrap_or_default().to_string();
                let message = record["error"].as_str().unwrap_or_default();
                assert!(
                    message.starts_with(&format!("{path}: {pointer}: ")),
                    "{message}"
                );
                errors.push(pointer);
            }
        }
    }
    assert_eq!(errors, expected.input_errors, "{}", expected.file);
    // Every error or unknown record is also one line on stderr.
    let failed = records.iter().filter(|r| r["status"] != "analyzed").count();
    assert_eq!(
        stderr(&output).lines().count(),
        failed,
        "{}",
        stderr(&output)
    );
    let code = if failed > 0 { 1 } else { 2 };
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
    records
}

fn record<'a>(records: &'a [Value], resource_suffix: &str) -> &'a Value {
    records
        .iter()
        .find(|r| {
            r["resource"]
                .as_str()
                .is_some_and(|a| a.ends_with(resource_suffix))
        })
        .unwrap_or_else(|| panic!("no record for {resource_suffix}"))
}

fn principals(record: &Value) -> Vec<String> {
    record["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["principal"].to_string())
        .collect()
}

#[test]
fn inventory_json_and_json_lines_are_scanned_record_by_record() {
    let records = scan_fixture(&Expected {
        file: "inventory.json",
        format: "inventory",
        records: 5,
        input_errors: &["/2/policy"],
    });
    let bucket = record(&records, ":::example-shared-bucket");
    assert_eq!(bucket["status"], "analyzed");
    assert_eq!(principals(bucket), [r#"{"AWS":"444455556666"}"#]);
    let records = scan_fixture(&Expected {
        file: "inventory.jsonl",
        format: "inventory",
        records: 3,
        input_errors: &["/1"],
    });
    assert_eq!(
        records[1]["resource"],
        format!("{}#/1", fixture("inventory.jsonl"))
    );
    assert_eq!(principals(record(&records, ":alerts")), [r#"{"AWS":"*"}"#]);
}

#[test]
fn authorization_details_yield_role_trust_policies() {
    let records = scan_fixture(&Expected {
        file: "authorization-details.json",
        format: "authorization-details",
        records: 2,
        input_errors: &[],
    });
    let auditor = record(&records, ":role/CrossAccountAuditor");
    assert_eq!(principals(auditor), [r#"{"AWS":"444455556666"}"#]);
    // A service trust (ec2.amazonaws.com) is no finding in a trust policy.
    assert_eq!(
        record(&records, ":role/service-role/ec2-app")["findings"],
        json!([])
    );
}

#[test]
fn config_items_snapshots_and_select_results_are_scanned() {
    let records = scan_fixture(&Expected {
        file: "config-snapshot.json",
        format: "config-items",
        records: 5,
        input_errors: &["/configurationItems/5"],
    });
    let site = record(&records, ":::example-public-site");
    assert!(site["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["isPublic"] == true)));
    scan_fixture(&Expected {
        file: "config-select.json",
        format: "config-items",
        records: 2,
        input_errors: &[],
    });
}

#[test]
fn cloudformation_json_and_yaml_templates_are_scanned() {
    let records = scan_fixture(&Expected {
        file: "cloudformation.json",
        format: "cloudformation",
        records: 4,
        input_errors: &["/Resources/BrokenTopicPolicy/Properties/PolicyDocument"],
    });
    let website = record(&records, ":::example-website-assets");
    assert_eq!(principals(website), [r#"{"AWS":"*"}"#]);
    let records = scan_fixture(&Expected {
        file: "cloudformation.yaml",
        format: "cloudformation",
        records: 10,
        input_errors: &[],
    });
    // The template's malformed bucket policy is an analysis error in place.
    assert_eq!(records[0]["status"], "error");
    assert!(records[0]["error"]
        .as_str()
        .is_some_and(|e| e.contains("/Resources/DataBucketPolicy/Properties/PolicyDocument")));
}

#[test]
fn terraform_plan_is_scanned() {
    let records = scan_fixture(&Expected {
        file: "terraform-plan.json",
        format: "terraform-plan",
        records: 7,
        input_errors: &["/planned_values/root_module/resources/4/values/policy"],
    });
    assert_eq!(
        record(&records, ":::example-media-origin")["status"],
        "analyzed"
    );
}

const BROKEN_AMONG_GOOD: &str = r#"[
  {
    "arn": "arn:aws:s3:::acme-public-site",
    "resourceType": "AWS::S3::Bucket",
    "accountId": "111122223333",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PublicRead",
          "Effect": "Allow",
          "Principal": "*",
          "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::acme-public-site/*"
        }
      ]
    }
  },
  {
    "arn": "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    "resourceType": "AWS::KMS::Key",
    "policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}"
  },
  {
    "arn": "arn:aws:iam::111122223333:role/deploy",
    "resourceType": "AWS::IAM::Role",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
          "Action": "sts:AssumeRole",
          "Condition": {"StringEqualz": {"sts:ExternalId": "partner-7"}}
        }
      ]
    }
  },
  {
    "arn": "arn:aws:sqs:us-east-1:111122223333:orders",
    "resourceType": "AWS::SQS::Queue",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "OwnAccount",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
          "Action": "sqs:*",
          "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"
        }
      ]
    }
  },
  {
    "arn": "arn:aws:sns:us-east-1:111122223333:alerts",
    "resourceType": "AWS::SNS::Topic",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PartnerSubscribe",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::777788889999:root"},
          "Action": "sns:Subscribe",
          "Resource": "arn:aws:sns:us-east-1:111122223333:alerts"
        }
      ]
    }
  }
]"#;

/// See: issue "errors belong to one resource" — a broken policy is an error
/// record with file and JSON path, in its place in every format, and on
/// stderr as one line; the scan goes on.
#[test]
fn broken_policies_among_good_ones_are_error_records_in_place_in_every_format() {
    let inventory = Scratch::new("broken-among-good.json", BROKEN_AMONG_GOOD);
    let file = inventory.path();
    let json = scan(&[file, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let records = stdout_json(&json);
    let statuses: Vec<&str> = records
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        statuses,
        ["analyzed", "error", "error", "analyzed", "analyzed"]
    );
    assert_eq!(
        records[1]["resource"],
        "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    );
    let not_json = format!("{file}: /1/policy: policy text is not valid JSON");
    assert!(records[1]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with(&not_json)));
    let bad_operator =
        format!("{file}: /2/policy: invalid policy: Statement[0].Condition.StringEqualz");
    assert!(records[2]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with(&bad_operator)));
    assert_eq!(principals(&records[0]), [r#"{"AWS":"*"}"#]);
    assert_eq!(principals(&records[4]), [r#"{"AWS":"777788889999"}"#]);
    let lines: Vec<String> = stderr(&json).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains(&not_json) && lines[1].contains(&bad_operator),
        "{lines:?}"
    );

    let jsonl = scan(&[file, "--format", "jsonl"]);
    let stdout = String::from_utf8_lossy(&jsonl.stdout).into_owned();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[1]["status"], "error");
    assert_eq!(lines[1]["origin"]["pointer"], "/1/policy");

    let text = scan(&[file]);
    let stdout = String::from_utf8_lossy(&text.stdout).into_owned();
    let kms = stdout.find("AWS::KMS::Key): 0 findings — error").unwrap();
    let role = stdout
        .find("role/deploy (AWS::IAM::Role): 0 findings — error")
        .unwrap();
    let queue = stdout
        .find(":orders (AWS::SQS::Queue): 0 findings")
        .unwrap();
    assert!(kms < role && role < queue, "{stdout}");
    assert!(
        stdout.contains("5 resources: 3 analyzed, 2 errors, 0 unknown"),
        "{stdout}"
    );

    let sarif = stdout_json(&scan(&[file, "--format", "sarif"]));
    let errors: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["ruleId"] == "AnalysisError")
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|r| r["level"] == "error"));
}

/// The records of a scan with what may legitimately differ between runs
/// removed: timings and solver-check counts, and the witness (one concrete
/// allowed request; the solver may pick another one).
fn comparable(records: &Value) -> Vec<Value> {
    let mut records = records.as_array().cloned().unwrap_or_default();
    for record in &mut records {
        if let Some(map) = record.as_object_mut() {
            map.remove("proof");
        }
        for finding in record["findings"].as_array_mut().into_iter().flatten() {
            if let Some(map) = finding.as_object_mut() {
                map.remove("witness");
            }
        }
    }
    records
}

/// See: issue "the same findings at --jobs 1 and --jobs 2", in the same order.
#[test]
fn one_job_and_two_jobs_give_the_same_results_in_the_same_order() {
    let estate = zoneproof_bench(&["gen", "--resources", "120", "--seed", "11"]);
    assert_eq!(estate.status.code(), Some(0));
    let estate = Scratch::new("estate-120.jsonl", &String::from_utf8_lossy(&estate.stdout));
    let args = |jobs: &'static str| {
        vec![
            FIXTURES,
            estate.path(),
            "--account",
            "111122223333",
            "--org",
            "o-a1b2c3d4e5",
            "--format",
            "json",
            "--jobs",
            jobs,
        ]
    };
    let one = stdout_json(&scan(&args("1")));
    let two = stdout_json(&scan(&args("2")));
    let (one, two) = (comparable(&one), comparable(&two));
    assert!(one.len() > 150, "{}", one.len());
    assert_eq!(one.len(), two.len());
    for (a, b) in one.iter().zip(&two) {
        if a["status"] == "unknown" {
            // An incomplete enumeration may stop at other classes.
            assert_eq!(
                (&a["resource"], &b["status"]),
                (&b["resource"], &a["status"])
            );
        } else {
            assert_eq!(a, b);
        }
    }
}

#[test]
fn bench_gen_is_deterministic_per_seed() {
    let gen = |seed: &str| zoneproof_bench(&["gen", "--resources", "40", "--seed", seed]).stdout;
    assert_eq!(gen("5"), gen("5"));
    assert_ne!(gen("5"), gen("6"));
    assert_eq!(String::from_utf8_lossy(&gen("5")).lines().count(), 40);
}

// --- SARIF -----------------------------------------------------------------

/// The npm package of Microsoft's SARIF SDK that ships the official SARIF
/// 2.1.0 JSON schema (`sarif-2.1.0-rtm.5.json`, MIT). The schema is fetched
/// at test time and never committed.
const SCHEMA_PACKAGE: &str = "@microsoft/jest-sarif@1.0.0-beta.0";
const SCHEMA_TARBALL: &str = "microsoft-jest-sarif-1.0.0-beta.0.tgz";
const SCHEMA_IN_PACKAGE: &str = "package/lib/schemas/sarif-2.1.0-rtm.5.json";

/// The SARIF 2.1.0 schema: `$ZONEPROOF_SARIF_SCHEMA` when set, else the one
/// in [`SCHEMA_PACKAGE`], fetched once with `npm pack` into the target
/// directory. `Err` says why it is not available.
fn sarif_schema() -> Result<Value, String> {
    let path = match std::env::var_os("ZONEPROOF_SARIF_SCHEMA") {
        Some(path) => PathBuf::from(path),
        None => fetch_schema_package()?,
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut schema: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    escape_lone_bracket(&mut schema);
    Ok(schema)
}

/// The rtm.5 schema's patterns for `language` properties have a lone `]`,
/// which ECMA-262 regexes (the dialect of JSON Schema) read as a literal `]`
/// but the Rust validator rejects; escaping it keeps their meaning.
fn escape_lone_bracket(schema: &mut Value) {
    const LONE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    const ESCAPED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == LONE {
                    *value = json!(ESCAPED);
                } else {
                    escape_lone_bracket(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(escape_lone_bracket),
        _ => {}
    }
}

fn fetch_schema_package() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sarif-schema");
    let schema = dir.join(SCHEMA_IN_PACKAGE);
    if schema.exists() {
        return Ok(schema);
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let run = |program: &str, args: &[&str]| -> Result<(), String> {
        let output = Command::new(program)
            .args(args)
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} {}: {}",
                args.join(" "),
                stderr(&output).trim()
            ))
        }
    };
    run("npm", &["pack", SCHEMA_PACKAGE, "--silent"])?;
    run("tar", &["-xzf", SCHEMA_TARBALL, SCHEMA_IN_PACKAGE])?;
    Ok(schema)
}

/// The SARIF output validates against the official SARIF 2.1.0 schema, and
/// locates each finding at its granting statement.
#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let output = scan(&[FIXTURES, "--account", "111122223333", "--format", "sarif"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the fixtures hold broken inputs"
    );
    let log = stdout_json(&output);
    check_sarif_semantics(&log);
    match sarif_schema() {
        Ok(schema) => {
            let validator = jsonschema::draft4::new(&schema).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&log)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
            // The validator does reject a broken log.
            let mut broken = log.clone();
            broken["runs"][0]["results"][0]["level"] = json!("fatal");
            assert!(!validator.is_valid(&broken));
        }
        Err(reason) => eprintln!(
            "skipped SARIF schema validation: the schema from {SCHEMA_PACKAGE} is not available \
             ({reason}); set ZONEPROOF_SARIF_SCHEMA to a copy of sarif-2.1.0-rtm.5.json"
        ),
    }
}

/// Validates a SARIF log against the official schema when the schema is
/// available (see [`sarif_schema`]); says why on stderr when it is not.
pub fn assert_valid_sarif(log: &Value) {
    match sarif_schema() {
        Ok(schema) => {
            let validator = jsonschema::draft4::new(&schema).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(log)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
        Err(reason) => eprintln!("skipped SARIF schema validation: {reason}"),
    }
}

fn check_sarif_semantics(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "zoneproof");
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    for rule in [
        "PublicAccess",
        "ExternalAccess",
        "ExternalAccessViaService",
        "AnalysisError",
    ] {
        assert!(rules.contains(&rule), "{rules:?}");
    }
    let results = run["results"].as_array().cloned().unwrap_or_default();
    // The partner grant of inventory.json's bucket is statement 0, whose
    // object starts on the line before its Sid.
    let partner = results
        .iter()
        .find(|r| r["properties"]["resource"] == "arn:aws:s3:::example-shared-bucket")
        .unwrap();
    assert_eq!(partner["ruleId"], "ExternalAccess");
    assert_eq!(partner["level"], "warning");
    let location = &partner["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        fixture("inventory.json")
    );
    let line = location["region"]["startLine"].as_u64().unwrap();
    let text = std::fs::read_to_string(root().join(fixture("inventory.json"))).unwrap();
    let next = text.lines().nth(usize::try_from(line).unwrap()).unwrap();
    assert!(
        next.contains("\"Sid\": \"ShareWithPartner\""),
        "line {line}: {next}"
    );
    assert!(partner["partialFingerprints"]["findingId/v1"].is_string());
    // Public findings are errors; every failure is an error result.
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "PublicAccess" && r["level"] == "error"));
    let failures = results
        .iter()
        .filter(|r| r["ruleId"] == "AnalysisError" || r["ruleId"] == "AnalysisIncomplete")
        .count();
    // The fixtures' broken inputs, and no more: the `${aws:userid}` condition
    // of cloudformation.json's queue policy is decided since issue #9.
    assert!(failures >= 6, "{failures}");
}

#[test]
fn analyze_sarif_locates_the_granting_statement_in_the_policy_file() {
    let policy = Scratch::new(
        "two-statements.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Own\",\n      \
         \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"111122223333\"},\n      \
         \"Action\": \"s3:*\",\n      \"Resource\": \"arn:aws:s3:::b/*\"\n    },\n    \
         {\"Sid\": \"Public\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \
         \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}\n  ]\n}\n",
    );
    let output = zoneproof(&[
        "analyze",
        policy.path(),
        "--resource-type",
        "AWS::S3::Bucket",
        "--resource-arn",
        "arn:aws:s3:::b",
        "--account",
        "111122223333",
        "--format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let log = stdout_json(&output);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "PublicAccess");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
}

// --- baseline and --fail-on -------------------------------------------------

fn bucket_record(name: &str, principal: &str) -> Value {
    json!({
        "arn": format!("arn:aws:s3:::{name}"),
        "resourceType": "AWS::S3::Bucket",
        "accountId": "111122223333",
        "policy": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{name}/*")}]}
    })
}

/// See: issue "--baseline: NEW, UNCHANGED, RESOLVED; --fail-on decides the exit code".
#[test]
fn baseline_marks_changes_and_fail_on_decides_the_exit_code() {
    let before = json!([
        bucket_record("kept", "444455556666"),
        bucket_record("fixed", "*")
    ]);
    let before = Scratch::new("before.json", &before.to_string());
    let baseline_output = scan(&[before.path(), "--format", "json"]);
    assert_eq!(baseline_output.status.code(), Some(2));
    let baseline = Scratch::new(
        "baseline.json",
        &String::from_utf8_lossy(&baseline_output.stdout),
    );

    // Unchanged findings only: blocking with --fail-on active, not with new.
    let same = |fail_on: &str| {
        scan(&[
            before.path(),
            "--baseline",
            baseline.path(),
            "--fail-on",
            fail_on,
        ])
        .status
        .code()
    };
    assert_eq!(same("new"), Some(0));
    assert_eq!(same("active"), Some(2));
    assert_eq!(same("none"), Some(0));
    assert_eq!(
        scan(&[before.path(), "--baseline", baseline.path()])
            .status
            .code(),
        Some(0)
    );

    let after = json!([
        bucket_record("kept", "444455556666"),
        bucket_record("fixed", "111122223333"),
        bucket_record("added", "777788889999"),
    ]);
    let after = Scratch::new("after.json", &after.to_string());
    let json_output = scan(&[
        after.path(),
        "--baseline",
        baseline.path(),
        "--format",
        "json",
    ]);
    assert_eq!(
        json_output.status.code(),
        Some(2),
        "a NEW active finding blocks"
    );
    let report = stdout_json(&json_output);
    let changes: Vec<Vec<String>> = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            r["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| f["change"].to_string())
                .collect()
        })
        .collect();
    assert_eq!(changes, [vec![r#""UNCHANGED""#], vec![], vec![r#""NEW""#]]);
    let resolved = report["resolved"].as_array().cloned().unwrap_or_default();
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0]["resource"], "arn:aws:s3:::fixed");
    assert_eq!(resolved[0]["principal"], json!({"AWS": "*"}));
    let none = scan(&[
        after.path(),
        "--baseline",
        baseline.path(),
        "--fail-on",
        "none",
    ]);
    assert_eq!(none.status.code(), Some(0));

    let text = String::from_utf8_lossy(&none.stdout).into_owned();
    assert!(
        text.contains("] NEW ExternalAccess: AWS 777788889999"),
        "{text}"
    );
    assert!(
        text.contains("] UNCHANGED ExternalAccess: AWS 444455556666"),
        "{text}"
    );
    assert!(text.contains("[RESOLVED] arn:aws:s3:::fixed"), "{text}");
    assert!(text.contains("1 new, 1 resolved"), "{text}");

    let jsonl = scan(&[
        after.path(),
        "--baseline",
        baseline.path(),
        "--format",
        "jsonl",
    ]);
    let stdout = String::from_utf8_lossy(&jsonl.stdout).into_owned();
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["resolved"]["resource"], "arn:aws:s3:::fixed");

    let sarif = stdout_json(&scan(&[
        after.path(),
        "--baseline",
        baseline.path(),
        "--format",
        "sarif",
    ]));
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert_eq!(states, ["unchanged", "new"]);
    assert_eq!(
        sarif["runs"][0]["properties"]["resolved"][0]["resource"],
        "arn:aws:s3:::fixed"
    );
}

#[test]
fn errors_exit_1_even_with_fail_on_none_and_a_bad_baseline_is_refused() {
    let missing = scan(&["no/such/dir", "--fail-on", "none"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no/such/dir: (document): cannot read"),
        "{}",
        stderr(&missing)
    );
    let bad = Scratch::new("bad-baseline.json", r#"[{"findings": [{"id": 3}]}]"#);
    let refused = scan(&[&fixture("inventory.json"), "--baseline", bad.path()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("/0/findings/0: not a finding"),
        "{}",
        stderr(&refused)
    );
    assert!(refused.stdout.is_empty());
}

#[test]
fn a_directory_is_scanned_in_sorted_order_like_its_files_one_by_one() {
    let whole = stdout_json(&scan(&[
        FIXTURES,
        "--account",
        "111122223333",
        "--format",
        "json",
    ]));
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join(FIXTURES))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut one_by_one = Vec::new();
    for name in names {
        let path = Path::new(FIXTURES).join(name.file_name().unwrap());
        let path = path.to_str().unwrap();
        let records = stdout_json(&scan(&[
            path,
            "--account",
            "111122223333",
            "--format",
            "json",
        ]));
        one_by_one.extend(records.as_array().cloned().unwrap_or_default());
    }
    let resources = |records: &[Value]| -> Vec<Value> {
        records.iter().map(|r| r["resource"].clone()).collect()
    };
    let whole = whole.as_array().cloned().unwrap_or_default();
    assert_eq!(whole.len(), 38);
    assert_eq!(resources(&whole), resources(&one_by_one));
}
