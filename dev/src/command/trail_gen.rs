//! A synthetic CloudTrail trail for tests and benchmarks: `zoneproof-bench
//! gen-trail --out DIR [--events N] [--days 90] [--seed S]` writes the S3
//! delivery layout (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`,
//! each file `{"Records": [...]}` of at most [`EVENTS_PER_FILE`] events),
//! plus the matching `authz-details.json` and `credential-report.csv`.
//!
//! Account 111122223333 over `days` days to 2026-03-31, the same for the
//! same seed. About 80% of the events are the `DataPipeline` role's (S3
//! data events on `data-lake`, KMS calls S3 makes with its identity, Glue,
//! Athena, logs, and refused `s3:DeleteObject`), the rest those of
//! `WebApp` (DynamoDB, SQS, Secrets Manager, Lambda, CloudWatch), `Deployer`
//! (CloudFormation, Lambda, ECR, artifacts, cross-account `AssumeRole`),
//! a partner role of 444455556666 reading `shared-exports` (cross-account),
//! users `alice` (console) and `bob` (access key), and AWS services.
//! `LegacyBatch` never appears: `unused` reports it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{json, Value};
use zoneproof_analyzer::timestamp::{Timestamp, DAY};

use super::estate::Rng;

/// The account of the generated trail.
pub const ACCOUNT: &str = "111122223333";
const PARTNER: &str = "444455556666";
/// Events per delivery file.
pub const EVENTS_PER_FILE: usize = 2_000;
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct TrailSpec {
    /// Events in all.
    pub events: usize,
    /// Days covered, ending 2026-03-31.
    pub days: i64,
    /// The seed.
    pub seed: u64,
}

/// Writes the trail and the IAM exports under `out`; returns the number
/// of files written.
pub fn write_trail(out: &Path, spec: &TrailSpec) -> anyhow::Result<usize> {
    let mut rng = Rng::new(spec.seed);
    let end: Timestamp = "2026-03-31T00:00:00Z".parse().context("end date")?;
    let start = end.minus_days(spec.days);
    let per_day = spec.events.div_ceil(spec.days.max(1) as usize);
    let mut files = 0;
    let mut written = 0;
    for day in 0..spec.days {
        let day_start = Timestamp(start.0 + day * DAY);
        let count = per_day.min(spec.events - written);
        if count == 0 {
            break;
        }
        let mut events: Vec<(i64, &str, Value)> = (0..count)
            .map(|_| {
                let time = Timestamp(day_start.0 + rng.below(DAY as usize) as i64);
                let (region, event) = event(&mut rng, time);
                (time.0, region, event)
            })
            .collect();
        written += count;
        events.sort_by_key(|(t, _, _)| *t);
        for region in REGIONS {
            let regional: Vec<&(i64, &str, Value)> =
                events.iter().filter(|(_, r, _)| *r == region).collect();
            for (index, chunk) in regional.chunks(EVENTS_PER_FILE).enumerate() {
                write_file(out, region, day_start, index, chunk, &mut rng)?;
                files += 1;
            }
        }
    }
    std::fs::write(
        out.join("authz-details.json"),
        serde_json::to_string_pretty(&authz_details())?,
    )
    .with_context(|| format!("{}: cannot write", out.display()))?;
    std::fs::write(out.join("credential-report.csv"), CREDENTIAL_REPORT)
        .with_context(|| format!("{}: cannot write", out.display()))?;
    Ok(files)
}

fn write_file(
    out: &Path,
    region: &str,
    day: Timestamp,
    index: usize,
    events: &[&(i64, &str, Value)],
    rng: &mut Rng,
) -> anyhow::Result<()> {
    let (year, month, date, _, _, _) = day.to_civil();
    let dir: PathBuf = out
        .join("AWSLogs")
        .join(ACCOUNT)
        .join("CloudTrail")
        .join(region)
        .join(format!("{year:04}"))
        .join(format!("{month:02}"))
        .join(format!("{date:02}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let first = Timestamp(events.first().map_or(day.0, |e| e.0));
    let (_, _, _, hour, minute, _) = first.to_civil();
    let name = format!(
        "{ACCOUNT}_CloudTrail_{region}_{year:04}{month:02}{date:02}T{hour:02}{minute:02}Z_{}{index:02}.json.gz",
        rng.hex(14)
    );
    let path = dir.join(name);
    let file = std::fs::File::create(&path)
        .with_context(|| format!("{}: cannot create", path.display()))?;
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::new(6));
    gz.write_all(b"{\"Records\":[")?;
    for (i, (_, _, event)) in events.iter().enumerate() {
        if i > 0 {
            gz.write_all(b",")?;
        }
        serde_json::to_writer(&mut gz, event)?;
    }
    gz.write_all(b"]}")?;
    gz.finish()?.flush()?;
    Ok(())
}

/// One event at `time`: the actor mix and each actor's calls.
fn event(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    match rng.weighted(&[800, 100, 40, 20, 15, 5, 20]) {
        0 => pipeline(rng, time),
        1 => webapp(rng, time),
        2 => deployer(rng, time),
        3 => partner(rng, time),
        4 => alice(rng, time),
        5 => bob(rng, time),
        _ => service(rng, time),
    }
}

fn uuid(rng: &mut Rng) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        rng.hex(8),
        rng.hex(4),
        rng.hex(4),
        rng.hex(4),
        rng.hex(12)
    )
}

fn role_identity(
    rng: &mut Rng,
    account: &str,
    path: &str,
    role: &str,
    session: &str,
    invoked_by: Option<&str>,
) -> Value {
    let mut identity = json!({
        "type": "AssumedRole",
        "principalId": format!("AROA{}:{session}", rng.hex(16).to_uppercase()),
        "arn": format!("arn:aws:sts::{account}:assumed-role/{role}/{session}"),
        "accountId": account,
        "accessKeyId": format!("ASIA{}", rng.hex(16).to_uppercase()),
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "principalId": format!("AROA{}", rng.hex(16).to_uppercase()),
                "arn": format!("arn:aws:iam::{account}:role{path}{role}"), "accountId": account, "userName": role},
            "attributes": {"creationDate": "2026-01-01T00:00:00Z", "mfaAuthenticated": "false"},
        },
    });
    if let Some(service) = invoked_by {
        identity["invokedBy"] = Value::from(service);
    }
    identity
}

fn user_identity(rng: &mut Rng, user: &str) -> Value {
    json!({"type": "IAMUser", "principalId": format!("AIDA{}", rng.hex(16).to_uppercase()),
        "arn": format!("arn:aws:iam::{ACCOUNT}:user/{user}"), "accountId": ACCOUNT,
        "accessKeyId": format!("AKIA{}", rng.hex(16).to_uppercase()), "userName": user})
}

#[allow(clippy::too_many_arguments)]
fn record(
    rng: &mut Rng,
    time: Timestamp,
    region: &str,
    identity: Value,
    source: &str,
    name: &str,
    params: Value,
    data: bool,
    error: Option<&str>,
) -> Value {
    let mut event = json!({
        "eventVersion": "1.10",
        "userIdentity": identity,
        "eventTime": time.to_string(),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": format!("10.{}.{}.{}", rng.below(255), rng.below(255), rng.below(255)),
        "userAgent": "aws-sdk-java/2.25.40 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE",
        "requestParameters": params,
        "responseElements": Value::Null,
        "requestID": rng.hex(16).to_uppercase(),
        "eventID": uuid(rng),
        "readOnly": name.starts_with("Get") || name.starts_with("List") || name.starts_with("Describe") || name.starts_with("Head"),
        "eventType": "AwsApiCall",
        "managementEvent": !data,
        "recipientAccountId": ACCOUNT,
        "eventCategory": if data { "Data" } else { "Management" },
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": format!("{}.{region}.amazonaws.com", source.trim_end_matches(".amazonaws.com"))},
    });
    if let Some(code) = error {
        event["errorCode"] = Value::from(code);
        event["errorMessage"] = Value::from("User is not authorized to perform this operation");
    }
    event
}

fn pipeline(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "us-east-1";
    let session = format!("pipeline-{}", rng.below(50));
    let (y, m, d, _, _, _) = time.to_civil();
    let key = format!(
        "raw/{y:04}/{m:02}/{d:02}/part-{:05}.parquet",
        rng.below(20_000)
    );
    let id = |rng: &mut Rng, by: Option<&str>| {
        role_identity(rng, ACCOUNT, "/service/", "DataPipeline", &session, by)
    };
    let kms_key =
        format!("arn:aws:kms:{region}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let s3 = |rng: &mut Rng, name: &str, params: Value, error: Option<&str>| {
        let identity = id(rng, None);
        let mut event = record(
            rng,
            time,
            region,
            identity,
            "s3.amazonaws.com",
            name,
            params.clone(),
            true,
            error,
        );
        let bucket = params["bucketName"]
            .as_str()
            .unwrap_or("data-lake")
            .to_string();
        let mut resources = vec![
            json!({"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}),
        ];
        if let Some(key) = params["key"].as_str() {
            resources.insert(
                0,
                json!({"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::{bucket}/{key}")}),
            );
        }
        event["resources"] = Value::from(resources);
        event["additionalEventData"] = json!({"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader", "x-amz-id-2": rng.hex(40), "bytesTransferredOut": 1_048_576});
        event
    };
    let event = match rng.weighted(&[500, 200, 80, 60, 40, 30, 30, 20, 10, 5]) {
        0 => s3(
            rng,
            "GetObject",
            json!({"bucketName": "data-lake", "key": key, "Host": "data-lake.s3.us-east-1.amazonaws.com"}),
            None,
        ),
        1 => s3(
            rng,
            "PutObject",
            json!({"bucketName": "data-lake", "key": key.replace("raw/", "curated/"), "Host": "data-lake.s3.us-east-1.amazonaws.com"}),
            None,
        ),
        2 => s3(
            rng,
            "ListObjectsV2",
            json!({"bucketName": "data-lake", "list-type": "2", "prefix": format!("raw/{y:04}/{m:02}/"), "Host": "data-lake.s3.us-east-1.amazonaws.com"}),
            None,
        ),
        3 => s3(
            rng,
            "HeadObject",
            json!({"bucketName": "data-lake", "key": key, "Host": "data-lake.s3.us-east-1.amazonaws.com"}),
            None,
        ),
        4 => {
            let identity = id(rng, Some("s3.amazonaws.com"));
            let name = if rng.percent(50) {
                "Decrypt"
            } else {
                "GenerateDataKey"
            };
            let mut event = record(
                rng,
                time,
                region,
                identity,
                "kms.amazonaws.com",
                name,
                json!({"encryptionContext": {"aws:s3:arn": format!("arn:aws:s3:::data-lake/{key}")}, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
                false,
                None,
            );
            event["resources"] =
                json!([{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": kms_key}]);
            event["sourceIPAddress"] = Value::from("s3.amazonaws.com");
            event
        }
        5 => {
            let identity = id(rng, None);
            let table = format!("events_{}", rng.below(8));
            record(
                rng,
                time,
                region,
                identity,
                "glue.amazonaws.com",
                "GetTable",
                json!({"databaseName": "lake", "name": table}),
                false,
                None,
            )
        }
        6 => {
            let identity = id(rng, None);
            record(
                rng,
                time,
                region,
                identity,
                "athena.amazonaws.com",
                "StartQueryExecution",
                json!({"queryString": "***", "workGroup": "primary"}),
                false,
                None,
            )
        }
        7 => {
            let identity = id(rng, None);
            let stream = format!("worker-{}", rng.below(12));
            record(
                rng,
                time,
                region,
                identity,
                "logs.amazonaws.com",
                "PutLogEvents",
                json!({"logGroupName": "/pipeline/etl", "logStreamName": stream}),
                false,
                None,
            )
        }
        8 => s3(
            rng,
            "DeleteObject",
            json!({"bucketName": "data-lake", "key": key}),
            Some("AccessDenied"),
        ),
        _ => s3(
            rng,
            "CopyObject",
            json!({"bucketName": "archive-bucket", "key": key, "x-amz-copy-source": format!("data-lake/{key}")}),
            None,
        ),
    };
    (region, event)
}

fn webapp(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = if rng.percent(70) {
        "us-east-1"
    } else {
        "eu-west-1"
    };
    let session = format!("i-0{}", rng.hex(16));
    let identity = role_identity(rng, ACCOUNT, "/", "WebApp", &session, None);
    let table = if rng.percent(70) {
        "orders"
    } else {
        "customers"
    };
    let queue = format!("https://sqs.{region}.amazonaws.com/{ACCOUNT}/order-events");
    let (source, name, params, data, error) = match rng
        .weighted(&[300, 150, 100, 100, 80, 60, 50, 40, 20, 10])
    {
        0 => (
            "dynamodb.amazonaws.com",
            "GetItem",
            json!({"tableName": table, "key": {"id": {"S": rng.hex(12)}}}),
            true,
            None,
        ),
        1 => (
            "dynamodb.amazonaws.com",
            "PutItem",
            json!({"tableName": table, "key": {"id": {"S": rng.hex(12)}}}),
            true,
            None,
        ),
        2 => (
            "dynamodb.amazonaws.com",
            "Query",
            json!({"tableName": table, "indexName": "by-customer"}),
            true,
            None,
        ),
        3 => (
            "sqs.amazonaws.com",
            "SendMessage",
            json!({"queueUrl": queue}),
            true,
            None,
        ),
        4 => (
            "sqs.amazonaws.com",
            "ReceiveMessage",
            json!({"queueUrl": queue, "maxNumberOfMessages": 10}),
            true,
            None,
        ),
        5 => (
            "sqs.amazonaws.com",
            "DeleteMessage",
            json!({"queueUrl": queue}),
            true,
            None,
        ),
        6 => (
            "secretsmanager.amazonaws.com",
            "GetSecretValue",
            json!({"secretId": format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:webapp/db-a1B2c3")}),
            false,
            None,
        ),
        7 => (
            "monitoring.amazonaws.com",
            "PutMetricData",
            json!({"namespace": "WebApp"}),
            false,
            None,
        ),
        8 => (
            "lambda.amazonaws.com",
            "Invoke",
            json!({"functionName": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:thumbnailer")}),
            true,
            None,
        ),
        _ => (
            "dynamodb.amazonaws.com",
            "DeleteTable",
            json!({"tableName": table}),
            false,
            Some("AccessDeniedException"),
        ),
    };
    (
        region,
        record(
            rng, time, region, identity, source, name, params, data, error,
        ),
    )
}

fn deployer(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "us-east-1";
    let session = format!("GitHubActions-{}", rng.below(1000));
    let identity = role_identity(rng, ACCOUNT, "/ci/", "Deployer", &session, None);
    let stack = format!(
        "arn:aws:cloudformation:{region}:{ACCOUNT}:stack/web-{}/{}",
        rng.below(3),
        uuid(rng)
    );
    let (source, name, params, mut extra) = match rng.weighted(&[30, 20, 20, 10, 10, 10]) {
        0 => (
            "cloudformation.amazonaws.com",
            "DescribeStacks",
            json!({"stackName": stack}),
            None,
        ),
        1 => (
            "cloudformation.amazonaws.com",
            "UpdateStack",
            json!({"stackName": stack}),
            None,
        ),
        2 => (
            "s3.amazonaws.com",
            "PutObject",
            json!({"bucketName": "build-artifacts", "key": format!("web/{}.zip", rng.hex(12))}),
            None,
        ),
        3 => (
            "lambda.amazonaws.com",
            "UpdateFunctionCode20150331v2",
            json!({"functionName": "thumbnailer"}),
            None,
        ),
        4 => (
            "ecr.amazonaws.com",
            "GetAuthorizationToken",
            Value::Null,
            None,
        ),
        _ => {
            let role = format!("arn:aws:iam::{PARTNER}:role/DeployTarget");
            (
                "sts.amazonaws.com",
                "AssumeRole",
                json!({"roleArn": role, "roleSessionName": "deploy"}),
                Some(
                    json!({"resources": [{"accountId": PARTNER, "type": "AWS::IAM::Role", "ARN": role}], "sharedEventID": uuid(rng)}),
                ),
            )
        }
    };
    let mut event = record(
        rng, time, region, identity, source, name, params, false, None,
    );
    if let (Some(Value::Object(extra)), Some(object)) = (extra.take(), event.as_object_mut()) {
        object.extend(extra);
    }
    (region, event)
}

fn partner(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "us-east-1";
    let identity = role_identity(rng, PARTNER, "/", "PartnerReader", "nightly-sync", None);
    let key = format!("exports/{}.csv", rng.below(300));
    let mut event = record(
        rng,
        time,
        region,
        identity,
        "s3.amazonaws.com",
        "GetObject",
        json!({"bucketName": "shared-exports", "key": key}),
        true,
        None,
    );
    event["resources"] = json!([{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::shared-exports/{key}")},
        {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::shared-exports"}]);
    event["sharedEventID"] = Value::from(uuid(rng));
    (region, event)
}

fn alice(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "us-east-1";
    let identity = user_identity(rng, "alice");
    let (source, name, params) = match rng.weighted(&[10, 40, 30, 20]) {
        0 => ("signin.amazonaws.com", "ConsoleLogin", Value::Null),
        1 => (
            "ec2.amazonaws.com",
            "DescribeInstances",
            json!({"instancesSet": {}, "filterSet": {}}),
        ),
        2 => (
            "cloudwatch.amazonaws.com",
            "DescribeAlarms",
            json!({"maxRecords": 100}),
        ),
        _ => ("iam.amazonaws.com", "ListRoles", Value::Null),
    };
    let mut event = record(
        rng, time, region, identity, source, name, params, false, None,
    );
    if name == "ConsoleLogin" {
        event["eventType"] = Value::from("AwsConsoleSignIn");
        event["additionalEventData"] = json!({"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"});
        event["responseElements"] = json!({"ConsoleLogin": "Success"});
    }
    (region, event)
}

fn bob(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "eu-west-1";
    let identity = user_identity(rng, "bob");
    let event = if rng.percent(80) {
        record(
            rng,
            time,
            region,
            identity,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            Value::Null,
            false,
            None,
        )
    } else {
        record(
            rng,
            time,
            region,
            identity,
            "s3.amazonaws.com",
            "ListBuckets",
            json!({"Host": "s3.amazonaws.com"}),
            false,
            None,
        )
    };
    (region, event)
}

fn service(rng: &mut Rng, time: Timestamp) -> (&'static str, Value) {
    let region = "us-east-1";
    let identity = json!({"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"});
    let mut event = record(
        rng,
        time,
        region,
        identity,
        "kms.amazonaws.com",
        "GenerateDataKey",
        json!({"keySpec": "AES_256", "encryptionContext": {"aws:cloudtrail:arn": format!("arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/org")}}),
        false,
        None,
    );
    event["eventType"] = Value::from("AwsServiceEvent");
    (region, event)
}

fn authz_details() -> Value {
    let role = |name: &str, path: &str, created: &str, policies: Value| {
        json!({
        "Path": path, "RoleName": name, "RoleId": format!("AROA{name}"), "Arn": format!("arn:aws:iam::{ACCOUNT}:role{path}{name}"),
        "CreateDate": created, "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "InstanceProfileList": [], "RolePolicyList": policies, "AttachedManagedPolicies": [], "Tags": [], "RoleLastUsed": {}})
    };
    let inline = |name: &str, statements: Value| json!({"PolicyName": name, "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}});
    json!({
        "RoleDetailList": [
            role("DataPipeline", "/service/", "2025-01-01T00:00:00Z", json!([inline("Pipeline", json!([
                {"Sid": "Lake", "Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::data-lake", "arn:aws:s3:::data-lake/*", "arn:aws:s3:::archive-bucket/*"]},
                {"Sid": "Keys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"], "Resource": "*"},
                {"Sid": "Analytics", "Effect": "Allow", "Action": ["glue:*", "athena:*", "logs:*"], "Resource": "*"}]))])),
            role("WebApp", "/", "2025-01-01T00:00:00Z", json!([inline("App", json!([
                {"Effect": "Allow", "Action": ["dynamodb:*", "sqs:*", "secretsmanager:GetSecretValue", "cloudwatch:PutMetricData", "lambda:InvokeFunction"], "Resource": "*"}]))])),
            role("Deployer", "/ci/", "2025-01-01T00:00:00Z", json!([inline("Deploy", json!([
                {"Effect": "Allow", "Action": ["cloudformation:*", "lambda:*", "ecr:*", "s3:PutObject", "sts:AssumeRole", "iam:PassRole"], "Resource": "*"}]))])),
            role("LegacyBatch", "/", "2024-01-01T00:00:00Z", json!([inline("Batch", json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]))])),
        ],
        "UserDetailList": [
            {"Path": "/", "UserName": "alice", "UserId": "AIDAALICE", "Arn": format!("arn:aws:iam::{ACCOUNT}:user/alice"), "CreateDate": "2024-01-01T00:00:00Z",
             "UserPolicyList": [inline("ReadOnlyish", json!([{"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Describe*", "iam:List*", "iam:Get*"], "Resource": "*"}]))],
             "GroupList": [], "AttachedManagedPolicies": [], "Tags": []},
            {"Path": "/", "UserName": "bob", "UserId": "AIDABOB", "Arn": format!("arn:aws:iam::{ACCOUNT}:user/bob"), "CreateDate": "2024-01-01T00:00:00Z",
             "UserPolicyList": [inline("S3Read", json!([{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetObject"], "Resource": "*"}]))],
             "GroupList": [], "AttachedManagedPolicies": [], "Tags": []},
        ],
        "GroupDetailList": [],
        "Policies": [],
    })
}

const CREDENTIAL_REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2025-11-02T09:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,2026-03-30T08:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::111122223333:user/bob,2024-01-01T00:00:00+00:00,true,2024-05-01T10:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,false,true,2024-01-01T00:00:00+00:00,2026-03-30T11:00:00+00:00,eu-west-1,sts,true,2024-02-01T00:00:00+00:00,2024-09-01T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A
";
