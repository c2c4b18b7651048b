//! Input readers of `zoneproof scan` over realistic fixtures written from
//! AWS's and Terraform's documented output shapes
//! (tests/fixtures/inputs/). Each test names the input rule it checks.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on fixture mistakes"
)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use zoneproof_analyzer::inputs::{
    read_path, read_text, InputError, InputFormat, InputResult, ReadOptions, ResourceInput,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inputs")
        .join(name)
}

fn deployed() -> ReadOptions {
    ReadOptions {
        account: Some("111122223333".into()),
        region: Some("us-east-1".into()),
        partition: None,
    }
}

fn split(results: Vec<InputResult>) -> (Vec<ResourceInput>, Vec<InputError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(input) => ok.push(input),
            Err(error) => errors.push(error),
        }
    }
    (ok, errors)
}

fn arns(inputs: &[ResourceInput]) -> Vec<&str> {
    inputs.iter().map(|input| input.arn.as_str()).collect()
}

fn by_arn<'a>(inputs: &'a [ResourceInput], arn: &str) -> &'a ResourceInput {
    inputs
        .iter()
        .find(|input| input.arn == arn)
        .unwrap_or_else(|| panic!("no resource {arn} in {:?}", arns(inputs)))
}

fn policy(input: &ResourceInput) -> &Value {
    input.policy.as_ref().expect("resource has a policy")
}

fn statements(input: &ResourceInput) -> Vec<Value> {
    match &policy(input)["Statement"] {
        Value::Array(items) => items.clone(),
        single => vec![single.clone()],
    }
}

fn principals(input: &ResourceInput) -> Vec<Value> {
    statements(input)
        .iter()
        .map(|statement| statement["Principal"].clone())
        .collect()
}

/// The text of 1-based line `line` of a fixture.
fn line_text(name: &str, line: u32) -> String {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    text.lines()
        .nth(line as usize - 1)
        .unwrap_or("")
        .to_string()
}

// Inventory format (README, "Scanning an estate"): a broken policy among good
// ones is one error record with file and JSON pointer; every other record
// is still returned, in document order.
#[test]
fn inventory_with_one_broken_policy_yields_the_error_and_all_other_resources() {
    let (ok, errors) = split(read_path(
        &fixture("inventory.json"),
        &ReadOptions::default(),
    ));
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:s3:::example-shared-bucket",
            "arn:aws:sqs:us-east-1:111122223333:orders",
            "arn:aws:iam::111122223333:role/ci-deployer",
            "arn:aws:ec2:us-east-1:111122223333:snapshot/snap-0123456789abcdef0",
        ]
    );
    assert_eq!(errors.len(), 1);
    let error = &errors[0];
    assert_eq!(error.pointer, "/2/policy");
    assert_eq!(
        error.arn.as_deref(),
        Some("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    );
    assert_eq!(error.resource_type.as_deref(), Some("AWS::KMS::Key"));
    let shown = error.to_string();
    assert!(shown.ends_with("inventory.json: /2/policy: policy text is not valid JSON: EOF while parsing a value at line 1 column 177"), "{shown}");
    assert!(!shown.contains('\n'));

    let bucket = &ok[0];
    assert_eq!(bucket.resource_type.name(), "AWS::S3::Bucket");
    assert_eq!(bucket.account.as_deref(), Some("111122223333"));
    assert_eq!(
        principals(bucket),
        [json!({"AWS": "arn:aws:iam::444455556666:root"}), json!("*")]
    );
    assert_eq!(
        bucket.block_public_access.as_ref().unwrap()["BlockPublicPolicy"],
        false
    );
    assert_eq!(bucket.origin.format, InputFormat::Inventory);
    assert_eq!(bucket.origin.pointer, "/0/policy");
    assert_eq!(bucket.origin.line, Some(6));
    assert_eq!(bucket.origin.statement_lines, [9, 16]);
    assert!(line_text("inventory.json", 10).contains("ShareWithPartner"));
    assert!(line_text("inventory.json", 17).contains("DenyInsecureTransport"));

    // A policy held as a JSON string is decoded; its statements sit on the
    // string's line.
    let queue = &ok[1];
    assert_eq!(principals(queue), [json!({"Service": "sns.amazonaws.com"})]);
    assert_eq!(queue.account.as_deref(), Some("111122223333"));
    assert_eq!(queue.origin.statement_lines, [31]);

    // `Statement` as a single object.
    assert_eq!(ok[2].origin.statement_lines, [43]);
    // A record without policy keeps its sharing attributes.
    assert_eq!(ok[3].policy, None);
    assert_eq!(
        ok[3].sharing,
        Some(json!({"createVolumePermission": [{"Group": "all"}]}))
    );
}

// Inventory as JSON Lines: a line that is not JSON is one error record.
#[test]
fn json_lines_inventory_reports_the_broken_line_and_reads_the_others() {
    let (ok, errors) = split(read_path(
        &fixture("inventory.jsonl"),
        &ReadOptions::default(),
    ));
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:sns:eu-west-1:111122223333:alerts",
            "arn:aws:lambda:eu-west-1:111122223333:function:resize",
        ]
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/1");
    assert!(
        errors[0].message.starts_with("line 2 is not valid JSON"),
        "{}",
        errors[0]
    );
    assert_eq!(ok[1].origin.pointer, "/2/policy");
    assert_eq!(ok[1].origin.line, Some(4));
    assert_eq!(principals(&ok[0]), [json!({"AWS": "*"})]);
}

// get-account-authorization-details: role trust policies only (users,
// groups and managed policies carry identity policies), as objects (AWS
// CLI) or URL-encoded strings (IAM API).
#[test]
fn authorization_details_yield_role_trust_policies_only() {
    let (ok, errors) = split(read_path(
        &fixture("authorization-details.json"),
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:iam::111122223333:role/CrossAccountAuditor",
            "arn:aws:iam::111122223333:role/service-role/ec2-app",
        ]
    );
    assert!(ok
        .iter()
        .all(|input| input.resource_type.name() == "AWS::IAM::Role"
            && input.account.as_deref() == Some("111122223333")
            && input.origin.format == InputFormat::AuthorizationDetails));
    assert_eq!(
        principals(&ok[0]),
        [json!({"AWS": "arn:aws:iam::444455556666:root"})]
    );
    assert_eq!(
        statements(&ok[0])[0]["Condition"]["StringEquals"]["sts:ExternalId"],
        "audit-7f3a"
    );
    assert_eq!(
        principals(&ok[1]),
        [json!({"Service": "ec2.amazonaws.com"})]
    );
    assert_eq!(ok[0].origin.line, Some(43));
    assert!(line_text("authorization-details.json", 43).contains("AssumeRolePolicyDocument"));
    assert_eq!(ok[0].origin.statement_lines, [46]);
    assert_eq!(ok[1].origin.statement_lines, [68]);
}

// AWS Config snapshot delivered to S3: policies from the documented places,
// S3 ACL and Block Public Access normalised; other types and deleted
// resources skipped; Secrets Manager (no policy in Config) is an error, not
// a silent "no policy".
#[test]
fn config_snapshot_items_yield_policies_acls_and_block_public_access() {
    let (ok, errors) = split(read_path(
        &fixture("config-snapshot.json"),
        &ReadOptions::default(),
    ));
    assert_eq!(
        ok.iter()
            .map(|i| i.resource_type.name())
            .collect::<Vec<_>>(),
        [
            "AWS::S3::Bucket",
            "AWS::IAM::Role",
            "AWS::SQS::Queue",
            "AWS::Lambda::Function"
        ]
    );
    let bucket = by_arn(&ok, "arn:aws:s3:::example-public-site");
    assert_eq!(principals(bucket), [json!("*")]);
    assert_eq!(
        bucket.origin.pointer,
        "/configurationItems/0/supplementaryConfiguration/BucketPolicy/policyText"
    );
    assert_eq!(bucket.origin.statement_lines, [18]);
    let acl = bucket.acl.as_ref().unwrap();
    assert_eq!(
        acl["Grants"][1],
        json!({"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"})
    );
    assert_eq!(
        bucket.block_public_access,
        Some(
            json!({"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false})
        )
    );
    let role = by_arn(&ok, "arn:aws:iam::111122223333:role/PartnerAccess");
    assert_eq!(
        principals(role),
        [json!({"AWS": "arn:aws:iam::777788889999:root"})]
    );
    let queue = by_arn(&ok, "arn:aws:sqs:us-east-1:111122223333:ingest");
    assert_eq!(
        statements(queue)[0]["Condition"]["StringEquals"]["aws:PrincipalOrgID"],
        "o-a1b2c3d4e5"
    );
    let function = by_arn(
        &ok,
        "arn:aws:lambda:us-east-1:111122223333:function:thumbnailer",
    );
    assert_eq!(
        principals(function),
        [
            json!({"Service": "s3.amazonaws.com"}),
            json!({"AWS": "arn:aws:iam::444455556666:root"})
        ]
    );
    assert!(ok
        .iter()
        .all(|i| i.account.as_deref() == Some("111122223333")));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/configurationItems/5");
    assert_eq!(
        errors[0].resource_type.as_deref(),
        Some("AWS::SecretsManager::Secret")
    );
    assert!(errors[0]
        .message
        .contains("does not record Secrets Manager resource policies"));
}

// select-resource-config: `Results` is an array of JSON strings; the
// policy's position is the result's line.
#[test]
fn config_select_results_are_decoded_from_strings() {
    let (ok, errors) = split(read_path(
        &fixture("config-select.json"),
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:sns:us-east-1:111122223333:order-events",
        ]
    );
    assert_eq!(
        principals(&ok[0]),
        [
            json!({"AWS": "arn:aws:iam::111122223333:root"}),
            json!({"AWS": "arn:aws:iam::999988887777:root"})
        ]
    );
    assert_eq!(ok[0].origin.pointer, "/Results/0");
    assert_eq!(ok[0].origin.statement_lines, [3, 3]);
    assert_eq!(ok[1].origin.format, InputFormat::ConfigItems);
}

// CloudFormation YAML with short-form tags: one input per policy-bearing
// resource, intrinsics resolved from parameters and --account/--region,
// unresolvable values kept as named placeholders, never `*`.
#[test]
fn cloudformation_yaml_resolves_intrinsics_and_keeps_placeholders() {
    let (ok, errors) = split(read_path(&fixture("cloudformation.yaml"), &deployed()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:s3:::data-prod-111122223333",
            "arn:aws:iam::111122223333:role/service/data-pipeline",
            "arn:aws:sqs:us-east-1:111122223333:prod-events",
            "arn:aws:sqs:us-east-1:111122223333:legacy-events",
            "arn:aws:sns:us-east-1:111122223333:alerts",
            "arn:aws:kms:us-east-1:111122223333:key/DataKey",
            "arn:aws:ecr:us-east-1:111122223333:repository/images",
            "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/SharedFileSystem",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db",
            "arn:aws:lambda:us-east-1:111122223333:function:thumbnailer",
        ]
    );
    assert!(ok
        .iter()
        .all(|i| i.account.as_deref() == Some("111122223333")
            && i.origin.format == InputFormat::CloudFormation));

    // Bucket policy: `!Sub` with a parameter, `!GetAtt Bucket.Arn`; the
    // undecidable `!If HasAuditor` (AuditorRoleArn has no default) is a
    // placeholder; `!If IsDev` is false by the default, so AWS::NoValue
    // removes that statement.
    let bucket = &ok[0];
    let statements_ = statements(bucket);
    assert_eq!(statements_.len(), 3);
    assert_eq!(
        statements_[0]["Principal"],
        json!({"AWS": "arn:aws:iam::444455556666:root"})
    );
    assert_eq!(
        statements_[0]["Resource"],
        json!([
            "arn:aws:s3:::data-prod-111122223333",
            "arn:aws:s3:::data-prod-111122223333/*"
        ])
    );
    assert_eq!(statements_[1], json!("{{unresolved:Fn::If:HasAuditor}}"));
    assert_eq!(
        statements_[2]["Resource"],
        "arn:aws:s3:::data-prod-111122223333/*"
    );
    assert_eq!(
        bucket.block_public_access.as_ref().unwrap()["RestrictPublicBuckets"],
        true
    );
    assert_eq!(
        bucket.origin.pointer,
        "/Resources/DataBucketPolicy/Properties/PolicyDocument"
    );
    assert_eq!(bucket.origin.line, Some(32));
    assert!(line_text("cloudformation.yaml", 32).contains("PolicyDocument:"));
    assert_eq!(bucket.origin.statement_lines, [35, 44, 60]);
    assert!(line_text("cloudformation.yaml", 35).contains("Sid: PartnerRead"));
    assert!(line_text("cloudformation.yaml", 60).contains("Sid: DenyInsecure"));

    // Fn::ImportValue is a named placeholder, not a wildcard.
    let role = &ok[1];
    assert_eq!(
        principals(role),
        [
            json!({"AWS": "{{unresolved:Fn::ImportValue:SharedRoleArn}}"}),
            json!({"Service": "glue.amazonaws.com"})
        ]
    );
    assert_eq!(role.origin.statement_lines, [76, 80]);

    // QueuePolicy: one input per queue URL, `!Ref Queue` is its URL.
    assert_eq!(
        statements(&ok[2])[0]["Condition"]["ArnEquals"]["aws:SourceArn"],
        "arn:aws:sns:us-east-1:111122223333:alerts"
    );
    assert_eq!(ok[3].policy, ok[2].policy);
    // A policy written as a JSON string in a block scalar.
    assert_eq!(
        principals(&ok[4]),
        [json!({"Service": "cloudwatch.amazonaws.com"})]
    );
    // `!Select [0, !Split [',', !Sub ...]]` and `${AWS::Region}`.
    let key = &ok[5];
    assert_eq!(
        statements(key)[1]["Principal"],
        json!({"AWS": "444455556666"})
    );
    assert_eq!(
        statements(key)[1]["Condition"]["StringEquals"]["kms:ViaService"],
        "s3.us-east-1.amazonaws.com"
    );
    // `!FindInMap [Org, !Ref Environment, Id]`.
    assert_eq!(
        statements(&ok[6])[0]["Condition"]["StringEquals"]["aws:PrincipalOrgID"],
        "o-a1b2c3d4e5"
    );
    // `!If [IsProd, ...]` decided by the parameter default.
    assert_eq!(
        principals(&ok[7]),
        [json!({"AWS": "arn:aws:iam::444455556666:root"})]
    );
    // `!GetAtt PipelineRole.Arn` follows RoleName and Path.
    assert_eq!(
        principals(&ok[8]),
        [json!({"AWS": "arn:aws:iam::111122223333:role/service/data-pipeline"})]
    );

    // Three AWS::Lambda::Permission resources of one function (named by
    // `!GetAtt F.Arn` and by `!Ref F`) make one policy.
    let function = &ok[9];
    assert_eq!(function.resource_type.name(), "AWS::Lambda::Function");
    assert_eq!(
        principals(function),
        [
            json!({"Service": "s3.amazonaws.com"}),
            json!({"AWS": "arn:aws:iam::444455556666:root"}),
            json!("*")
        ]
    );
    let s3 = &statements(function)[0];
    assert_eq!(
        s3["Condition"]["ArnLike"]["AWS:SourceArn"],
        "arn:aws:s3:::data-prod-111122223333"
    );
    assert_eq!(
        s3["Condition"]["StringEquals"]["AWS:SourceAccount"],
        "111122223333"
    );
    assert_eq!(
        statements(function)[2]["Condition"]["StringEquals"]["lambda:FunctionUrlAuthType"],
        "NONE"
    );
    assert_eq!(
        statements(function)[2]["Action"],
        "lambda:InvokeFunctionUrl"
    );
    assert_eq!(function.origin.statement_lines, [158, 166, 172]);
    assert!(line_text("cloudformation.yaml", 166).contains("ThumbnailerPartnerPermission:"));

    // DevOnlyKey's condition IsDev is false: the key is not created.
    assert!(ok.iter().all(|i| !i.arn.contains("DevOnlyKey")));
}

// Without --account/--region, AWS::AccountId and AWS::Region stay
// placeholders, identical wherever they appear, and the owner is unknown.
#[test]
fn cloudformation_without_account_keeps_pseudo_parameters_as_placeholders() {
    let (ok, errors) = split(read_path(
        &fixture("cloudformation.yaml"),
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ok.len(), 10);
    let key = &ok[5];
    assert_eq!(
        key.arn,
        "arn:aws:kms:{{unresolved:AWS::Region}}:{{unresolved:AWS::AccountId}}:key/DataKey"
    );
    assert_eq!(key.account, None);
    assert_eq!(
        statements(key)[0]["Principal"],
        json!({"AWS": "arn:aws:iam::{{unresolved:AWS::AccountId}}:root"})
    );
    // The bucket's ARN and the ARNs in its own policy agree.
    assert_eq!(
        ok[0].arn,
        "arn:aws:s3:::data-prod-{{unresolved:AWS::AccountId}}"
    );
    assert_eq!(statements(&ok[0])[0]["Resource"][0], json!(ok[0].arn));
}

// CloudFormation JSON: Fn::Join / Fn::Select over a CommaDelimitedList,
// ${!Literal} escapes, an undecidable Fn::If, a canned ACL without bucket
// policy, and a broken policy string among good resources.
#[test]
fn cloudformation_json_template_with_a_broken_policy_among_good_ones() {
    let (ok, errors) = split(read_path(&fixture("cloudformation.json"), &deployed()));
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:s3:::example-website-assets",
            "arn:aws:sqs:us-east-1:111122223333:PartnerQueue",
            "arn:aws:lambda:us-east-1:111122223333:function:{{unresolved:Fn::ImportValue:{{unresolved:Ref:StageName} }-FunctionArn}}",
        ]
    );
    let website = &ok[0];
    assert_eq!(website.policy, None);
    assert_eq!(
        website.acl.as_ref().unwrap()["Grants"],
        json!([{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}])
    );
    let queue = &ok[1];
    assert_eq!(
        principals(queue),
        [
            json!({"AWS": "777788889999"}),
            json!({"AWS": "{{unresolved:Fn::If:IsLive}}"})
        ]
    );
    let live = &statements(queue)[1];
    assert_eq!(
        live["Resource"],
        "arn:aws:sqs:us-east-1:111122223333:PartnerQueue"
    );
    assert_eq!(
        live["Condition"]["StringLike"]["aws:userid"],
        "${aws:userid}"
    );
    assert_eq!(queue.origin.line, Some(32));
    assert_eq!(queue.origin.statement_lines, [35, 42]);
    assert!(line_text("cloudformation.json", 36).contains("\"Sid\": \"Partners\""));
    let events = &statements(&ok[2])[0];
    assert_eq!(
        events["Principal"],
        json!({"Service": "events.amazonaws.com"})
    );
    assert_eq!(
        events["Condition"]["ArnLike"]["AWS:SourceArn"],
        "arn:aws:events:us-east-1:111122223333:rule/nightly"
    );

    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].pointer,
        "/Resources/BrokenTopicPolicy/Properties/PolicyDocument"
    );
    assert_eq!(
        errors[0].arn.as_deref(),
        Some("arn:aws:sns:us-east-1:111122223333:broken")
    );
    assert!(errors[0]
        .message
        .starts_with("policy text is not valid JSON"));
}

// Terraform plan JSON: targets computed at apply are found through the
// configuration's references; a policy unknown until apply is an error;
// an unset optional inline policy (AWS default policy) yields nothing.
#[test]
fn terraform_plan_resources_with_unknown_values() {
    let options = ReadOptions {
        account: Some("111122223333".into()),
        ..ReadOptions::default()
    };
    let (ok, errors) = split(read_path(&fixture("terraform-plan.json"), &options));
    assert_eq!(
        arns(&ok),
        [
            "arn:aws:s3:::example-media-origin",
            "arn:aws:iam::111122223333:role/media-deploy",
            "arn:aws:sqs:eu-west-1:111122223333:media-uploads",
            "arn:aws:sns:eu-west-1:111122223333:media-events",
            "arn:aws:ecr:eu-west-1:111122223333:repository/media-images",
            "arn:aws:lambda:eu-west-1:111122223333:function:media-transcode",
        ]
    );
    assert!(ok
        .iter()
        .all(|i| i.origin.format == InputFormat::TerraformPlan));
    let bucket = &ok[0];
    assert_eq!(
        principals(bucket),
        [
            json!({"Service": "cloudfront.amazonaws.com"}),
            json!({"AWS": "arn:aws:iam::444455556666:role/media-sync"})
        ]
    );
    assert_eq!(
        bucket.block_public_access.as_ref().unwrap()["BlockPublicAcls"],
        true
    );
    assert_eq!(
        bucket.origin.pointer,
        "/planned_values/root_module/resources/1/values/policy"
    );
    assert_eq!(bucket.origin.statement_lines, [30, 30]);
    assert_eq!(
        principals(&ok[1]),
        [
            json!({"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"})
        ]
    );
    assert_eq!(
        principals(&ok[4]),
        [json!({"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]})]
    );
    let function = &ok[5];
    assert_eq!(
        principals(function),
        [
            json!({"Service": "s3.amazonaws.com"}),
            json!({"AWS": "arn:aws:iam::444455556666:root"})
        ]
    );
    assert_eq!(statements(function)[0]["Sid"], "AllowBucketInvoke");
    assert_eq!(
        statements(function)[0]["Condition"]["ArnLike"]["AWS:SourceArn"],
        "arn:aws:s3:::example-media-origin"
    );
    assert_eq!(function.origin.statement_lines.len(), 2);

    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].pointer,
        "/planned_values/root_module/resources/4/values/policy"
    );
    assert!(errors[0]
        .message
        .contains("`aws_kms_key.media.policy` is known only after apply"));
    assert!(ok.iter().all(|i| !i.arn.contains("media-notices")));
}

// Without --account the plan's own account is a placeholder, never a guess.
#[test]
fn terraform_plan_without_account_uses_placeholders() {
    let (ok, _) = split(read_path(
        &fixture("terraform-plan.json"),
        &ReadOptions::default(),
    ));
    assert_eq!(
        ok[1].arn,
        "arn:aws:iam::{{unresolved:AWS::AccountId}}:role/media-deploy"
    );
    assert_eq!(ok[1].account, None);
    assert_eq!(ok[3].account.as_deref(), Some("111122223333"));
}

// Directories: recursive, sorted, hidden entries skipped, unrelated
// JSON/YAML skipped, a bare policy and broken JSON reported.
#[test]
fn directory_walk_is_sorted_and_skips_unrelated_files() {
    let dir = std::env::temp_dir().join(format!("zoneproof-inputs-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b/.terraform")).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    let copy = |from: &str, to: &str| std::fs::copy(fixture(from), dir.join(to)).unwrap();
    copy("authorization-details.json", "b/iam.json");
    copy("inventory.jsonl", "a/inventory.ndjson");
    copy("terraform-plan.json", "b/.terraform/plan.json");
    std::fs::write(
        dir.join("a/package.json"),
        r#"{"name": "site", "version": "1.0.0"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("a/chart.yaml"),
        "replicas: {{ .Values.replicas }}\n  bad: [",
    )
    .unwrap();
    std::fs::write(dir.join("a/notes.txt"), "not an input").unwrap();
    std::fs::write(
        dir.join("b/bare-policy.json"),
        r#"{"Version": "2012-10-17", "Statement": []}"#,
    )
    .unwrap();
    std::fs::write(dir.join("b/truncated.json"), r#"{"RoleDetailList": ["#).unwrap();

    let results = read_path(&dir, &ReadOptions::default());
    let summary: Vec<String> = results
        .iter()
        .map(|result| match result {
            Ok(input) => format!(
                "ok {}",
                input.origin.file.strip_prefix(&dir).unwrap().display()
            ),
            Err(error) => format!("error {}", error.file.strip_prefix(&dir).unwrap().display()),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "ok a/inventory.ndjson",
            "error a/inventory.ndjson",
            "ok a/inventory.ndjson",
            "error b/bare-policy.json",
            "ok b/iam.json",
            "ok b/iam.json",
            "error b/truncated.json",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// A file named explicitly must be a recognised input.
#[test]
fn explicit_unrecognised_or_missing_inputs_are_errors() {
    let results = read_text(
        Path::new("package.json"),
        r#"{"name": "site"}"#,
        &ReadOptions::default(),
    );
    let (ok, errors) = split(results);
    assert!(ok.is_empty());
    assert!(
        errors[0].message.starts_with("not a recognised input"),
        "{}",
        errors[0]
    );
    let (_, errors) = split(read_path(
        Path::new("/nonexistent/zoneproof.json"),
        &ReadOptions::default(),
    ));
    assert!(errors[0].message.starts_with("cannot read"));
    let (_, errors) = split(read_text(
        Path::new("t.yaml"),
        "Resources: [",
        &ReadOptions::default(),
    ));
    assert!(
        errors[0].message.starts_with("not valid YAML"),
        "{}",
        errors[0]
    );
}

// Shapes are recognised by content, not by file name.
#[test]
fn formats_are_detected_by_shape_not_name() {
    let text = std::fs::read_to_string(fixture("config-select.json")).unwrap();
    let (ok, _) = split(read_text(
        Path::new("whatever.template"),
        &text,
        &ReadOptions::default(),
    ));
    assert_eq!(ok.len(), 2);
    assert!(ok
        .iter()
        .all(|i| i.origin.format == InputFormat::ConfigItems));
    let yaml = "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'sts:AssumeRole'}]}\n";
    let (ok, _) = split(read_text(Path::new("stack"), yaml, &ReadOptions::default()));
    assert_eq!(ok[0].origin.format, InputFormat::CloudFormation);
    assert_eq!(principals(&ok[0]), [json!({"AWS": "*"})]);
}

fn errors_of(name: &str, text: &str) -> Vec<InputError> {
    split(read_text(Path::new(name), text, &ReadOptions::default())).1
}

// Bad input never panics: each malformed resource is one error naming its
// place, and the whole file is one error only when it cannot be parsed.
#[test]
fn malformed_shapes_are_errors_with_their_pointer() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let errors = errors_of("deep.json", &deep);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("recursion limit"),
        "{}",
        errors[0]
    );

    let errors = errors_of(
        "t.json",
        r#"{"Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": "oops"},
                          "R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": 42}}}}"#,
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].pointer, "/Resources/P/Properties");
    assert_eq!(errors[0].message, "resource has no `Bucket`");
    assert_eq!(
        errors[1].pointer,
        "/Resources/R/Properties/AssumeRolePolicyDocument"
    );
    assert!(errors[1].message.contains("found a number"));

    let errors = errors_of(
        "plan.json",
        r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "r", "assume_role_policy": "{not json"}},
            {"address": "aws_lambda_permission.p", "mode": "managed", "type": "aws_lambda_permission", "name": "p", "values": {"function_name": "f"}}]}}}"#,
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0].pointer,
        "/planned_values/root_module/resources/0/values/assume_role_policy"
    );
    assert!(errors[1].message.contains("has no `action`"));

    let errors = errors_of(
        "batch.json",
        r#"{"baseConfigurationItems": [{"resourceType": "AWS::SNS::Topic", "arn": "arn:aws:sns:us-east-1:111122223333:t", "configuration": "{\"Policy\": \"{broken\"}"}, "not an item"]}"#,
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/baseConfigurationItems/0/configuration");
    assert!(errors[0]
        .message
        .starts_with("`configuration.Policy`: policy text is not valid JSON"));

    let errors = errors_of(
        "iam.json",
        r#"{"RoleDetailList": [7, {"Arn": "arn:aws:iam::1:role/x"}]}"#,
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].message, "role entry has no `Arn` string");
    assert_eq!(errors[1].message, "role has no `AssumeRolePolicyDocument`");

    let errors = errors_of(
        "inv.json",
        r#"[{"arn": 5, "resourceType": "AWS::S3::Bucket"}, "x"]"#,
    );
    assert_eq!(errors[0].pointer, "/0/arn");
    assert_eq!(
        errors[1].message,
        "an inventory record must be a JSON object"
    );
}

// Templates whose names refer to names refer to names stay bounded.
#[test]
fn exponential_name_chains_are_cut_off() {
    let mut resources = serde_json::Map::new();
    resources.insert(
        "B0".into(),
        json!({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "x"}}),
    );
    for i in 1..40 {
        let previous = format!("B{}", i - 1);
        resources.insert(
            format!("B{i}"),
            json!({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": format!("${{{previous}}}${{{previous}}}")}}}),
        );
    }
    resources.insert(
        "Policy".into(),
        json!({"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "B39"}, "PolicyDocument": {"Statement": []}}}),
    );
    let text = json!({"Resources": resources}).to_string();
    let (ok, errors) = split(read_text(
        Path::new("t.json"),
        &text,
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty());
    assert!(ok[0].arn.contains("{{unresolved:"));
}

// `terraform show -json` of a state: `values.root_module`, ARNs known; the
// bucket's own `policy` mirrors its aws_s3_bucket_policy and is kept once.
#[test]
fn terraform_state_uses_known_arns_and_keeps_one_copy_of_a_mirrored_policy() {
    let policy = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::site/*\"}]}"#;
    let trust = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}"#;
    let state = format!(
        r#"{{"format_version": "1.0", "terraform_version": "1.7.5", "values": {{"root_module": {{"resources": [
            {{"address": "aws_s3_bucket.site", "mode": "managed", "type": "aws_s3_bucket", "name": "site", "values": {{"bucket": "site", "arn": "arn:aws:s3:::site", "policy": "{policy}"}}}},
            {{"address": "aws_s3_bucket_policy.site", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "site", "values": {{"bucket": "site", "id": "site", "policy": "{policy}"}}}},
            {{"address": "aws_iam_role.x", "mode": "managed", "type": "aws_iam_role", "name": "x", "values": {{"name": "x", "arn": "arn:aws:iam::111122223333:role/x", "assume_role_policy": "{trust}"}}}}
        ]}}}}}}"#
    );
    let (ok, errors) = split(read_text(
        Path::new("state.json"),
        &state,
        &ReadOptions::default(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        arns(&ok),
        ["arn:aws:s3:::site", "arn:aws:iam::111122223333:role/x"]
    );
    assert_eq!(
        ok[0].origin.pointer,
        "/values/root_module/resources/1/values/policy"
    );
    assert_eq!(ok[1].account.as_deref(), Some("111122223333"));
    assert_eq!(
        principals(&ok[1]),
        [json!({"AWS": "arn:aws:iam::444455556666:root"})]
    );
}
