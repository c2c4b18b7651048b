//! `zoneproof-bench largest`: the largest policies AWS accepts for each
//! resource type, in the shapes that cost the analysis most, and the time
//! to analyse each (in-process, median of N runs). `--out DIR` writes them
//! as policy files instead, to time other builds or measure memory with
//! `/usr/bin/time`.
//!
//! Size quotas (compact JSON, so bytes and characters agree):
//! - S3 bucket policy 20 KB: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html>
//! - role trust policy 2,048 characters, 4,096 at most on request:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
//! - KMS key policy 32 KiB: <https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html>
//! - Lambda function policy 20 KB: <https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html>
//! - SQS policy 8,192 bytes, 20 statements, 50 principals, 10 conditions:
//!   <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html>
//! - SNS policy 30 KB, 100 statements, 200 principals:
//!   <https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html>
//! - Secrets Manager 20,480 characters: <https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html>
//! - ECR repository policy 10,240 characters: <https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html>
//! - EFS file system policy 20,000 characters: <https://docs.aws.amazon.com/efs/latest/ug/API_PutFileSystemPolicy.html>
//! - DynamoDB resource policy 20 KB: <https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html>
//!
//! Lambda layers and S3 directory buckets document no quota of their own;
//! they get their family's (Lambda's, S3's).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::{json, Value};
use zoneproof_analyzer::analysis::{analyze, AnalysisOptions, PolicyDocument, ResourceSpec};
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::zone::Zone;

/// Arguments of `zoneproof-bench largest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Runs per policy (the median is printed).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Write the policies to this directory (`TYPE-SHAPE.json`) instead of
    /// analysing them.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// The owner of every generated resource.
const OWNER: &str = "111122223333";

/// A resource type's policy quotas.
struct Quota {
    resource_type: ResourceType,
    arn: &'static str,
    action: &'static str,
    resource: Option<&'static str>,
    bytes: usize,
    statements: usize,
    principals: usize,
}

const NO_CAP: usize = usize::MAX;

fn quotas() -> Vec<Quota> {
    let q = |resource_type, arn, action, resource, bytes| Quota {
        resource_type,
        arn,
        action,
        resource,
        bytes,
        statements: NO_CAP,
        principals: NO_CAP,
    };
    vec![
        q(
            ResourceType::S3Bucket,
            "arn:aws:s3:::example-bucket",
            "s3:GetObject",
            Some("arn:aws:s3:::example-bucket/*"),
            20 << 10,
        ),
        q(
            ResourceType::S3ExpressDirectoryBucket,
            "arn:aws:s3express:us-east-1:111122223333:bucket/example--use1-az4--x-s3",
            "s3express:CreateSession",
            Some("arn:aws:s3express:us-east-1:111122223333:bucket/example--use1-az4--x-s3"),
            20 << 10,
        ),
        q(
            ResourceType::IamRole,
            "arn:aws:iam::111122223333:role/example",
            "sts:AssumeRole",
            None,
            4096,
        ),
        q(
            ResourceType::KmsKey,
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "kms:Decrypt",
            Some("*"),
            32 << 10,
        ),
        q(
            ResourceType::LambdaFunction,
            "arn:aws:lambda:us-east-1:111122223333:function:example",
            "lambda:InvokeFunction",
            Some("arn:aws:lambda:us-east-1:111122223333:function:example"),
            20 << 10,
        ),
        q(
            ResourceType::LambdaLayerVersion,
            "arn:aws:lambda:us-east-1:111122223333:layer:example:1",
            "lambda:GetLayerVersion",
            Some("arn:aws:lambda:us-east-1:111122223333:layer:example:1"),
            20 << 10,
        ),
        Quota {
            statements: 20,
            principals: 50,
            ..q(
                ResourceType::SqsQueue,
                "arn:aws:sqs:us-east-1:111122223333:example",
                "sqs:SendMessage",
                Some("arn:aws:sqs:us-east-1:111122223333:example"),
                8192,
            )
        },
        Quota {
            statements: 100,
            principals: 200,
            ..q(
                ResourceType::SnsTopic,
                "arn:aws:sns:us-east-1:111122223333:example",
                "sns:Publish",
                Some("arn:aws:sns:us-east-1:111122223333:example"),
                30 << 10,
            )
        },
        q(
            ResourceType::SecretsManagerSecret,
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:example-AbCdEf",
            "secretsmanager:GetSecretValue",
            Some("*"),
            20_480,
        ),
        q(
            ResourceType::EcrRepository,
            "arn:aws:ecr:us-east-1:111122223333:repository/example",
            "ecr:BatchGetImage",
            None,
            10_240,
        ),
        q(
            ResourceType::EfsFileSystem,
            "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
            "elasticfilesystem:ClientMount",
            Some(
                "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
            ),
            20_000,
        ),
        q(
            ResourceType::DynamoDbTable,
            "arn:aws:dynamodb:us-east-1:111122223333:table/example",
            "dynamodb:GetItem",
            Some("arn:aws:dynamodb:us-east-1:111122223333:table/example"),
            20 << 10,
        ),
    ]
}

/// The shapes of policy that cost the analysis most, per item `i`.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// One statement granting a list of distinct accounts: one finding each.
    AccountList,
    /// One statement per account, each with its own condition value.
    AccountStatements,
    /// Statements open to everyone, each limited to its own VPC endpoint:
    /// one restricting value each.
    EndpointConditions,
    /// Statements open to everyone, each limited by a wildcard source ARN.
    WildcardSources,
}

impl Shape {
    const ALL: [Shape; 4] = [
        Shape::AccountList,
        Shape::AccountStatements,
        Shape::EndpointConditions,
        Shape::WildcardSources,
    ];

    fn name(self) -> &'static str {
        match self {
            Shape::AccountList => "account-list",
            Shape::AccountStatements => "account-statements",
            Shape::EndpointConditions => "endpoint-conditions",
            Shape::WildcardSources => "wildcard-sources",
        }
    }

    /// Principals and statements `n` items take.
    fn counts(self, n: usize) -> (usize, usize) {
        match self {
            Shape::AccountList => (n, 1),
            _ => (n, n),
        }
    }
}

fn account(i: usize) -> String {
    format!("{:012}", 200_000_000_000u64 + 7_919 * i as u64)
}

fn statement(quota: &Quota, sid: String, principal: Value, condition: Option<Value>) -> Value {
    let mut s =
        json!({"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": quota.action});
    if let Some(resource) = quota.resource {
        s["Resource"] = json!(resource);
    }
    if let Some(condition) = condition {
        s["Condition"] = condition;
    }
    s
}

/// The policy of `n` items of a shape.
fn policy(quota: &Quota, shape: Shape, n: usize) -> Value {
    let trust = quota.resource_type == ResourceType::IamRole;
    let statements: Vec<Value> = match shape {
        Shape::AccountList => {
            let accounts: Vec<String> = (0..n).map(account).collect();
            vec![statement(quota, "Partners".into(), json!({"AWS": accounts}), None)]
        }
        Shape::AccountStatements => (0..n)
            .map(|i| {
                let key = if trust { "sts:ExternalId" } else { "aws:SourceVpce" };
                let condition = json!({"StringEquals": {key: format!("p{i}")}});
                statement(quota, format!("P{i}"), json!({"AWS": account(i)}), Some(condition))
            })
            .collect(),
        Shape::EndpointConditions => (0..n)
            .map(|i| {
                let (principal, key) = if trust {
                    (
                        json!({"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}),
                        "token.actions.githubusercontent.com:sub",
                    )
                } else {
                    (json!("*"), "aws:SourceVpce")
                };
                let condition = json!({"StringEquals": {key: format!("vpce-{i:08x}")}});
                let mut s = statement(quota, format!("E{i}"), principal, Some(condition));
                if trust {
                    s["Action"] = json!("sts:AssumeRoleWithWebIdentity");
                }
                s
            })
            .collect(),
        Shape::WildcardSources => (0..n)
            .map(|i| {
                let (principal, key, value) = if trust {
                    (
                        json!({"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}),
                        "token.actions.githubusercontent.com:sub",
                        format!("repo:org{i}/*:ref:refs/heads/*"),
                    )
                } else {
                    (
                        json!({"Service": "events.amazonaws.com"}),
                        "aws:SourceArn",
                        format!("arn:aws:events:*:{}:rule/*", account(i)),
                    )
                };
                let condition = json!({"StringLike": {key: value}});
                let mut s = statement(quota, format!("W{i}"), principal, Some(condition));
                if trust {
                    s["Action"] = json!("sts:AssumeRoleWithWebIdentity");
                }
                s
            })
            .collect(),
    };
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn size(policy: &Value) -> usize {
    serde_json::to_vec(policy).map_or(usize::MAX, |v| v.len())
}

/// The largest policy of a shape within the quota (`None` if not even one
/// item fits).
fn largest(quota: &Quota, shape: Shape) -> Option<(Value, usize)> {
    let fits = |n: usize| {
        let (principals, statements) = shape.counts(n);
        principals <= quota.principals
            && statements <= quota.statements
            && size(&policy(quota, shape, n)) <= quota.bytes
    };
    if !fits(1) {
        return None;
    }
    let (mut lo, mut hi) = (1, 2);
    while fits(hi) {
        lo = hi;
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((policy(quota, shape, lo), lo))
}

/// Writes the policies or analyses them and prints a Markdown table.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if args.out.is_none() {
        writeln!(
            out,
            "largest legal policies, median of {} runs",
            args.repeat.max(1)
        )?;
        writeln!(
            out,
            "| resource type | shape | bytes | items | findings | status | median ms |"
        )?;
        writeln!(out, "| --- | --- | ---: | ---: | ---: | --- | ---: |")?;
    }
    for quota in quotas() {
        for shape in Shape::ALL {
            let Some((policy, items)) = largest(&quota, shape) else {
                continue;
            };
            match &args.out {
                Some(dir) => write_policy(dir, &quota, shape, &policy)?,
                None => {
                    let line = measure(&quota, shape, &policy, items, args.repeat)?;
                    writeln!(out, "{line}")?;
                    out.flush()?;
                }
            }
        }
    }
    Ok(())
}

fn write_policy(dir: &Path, quota: &Quota, shape: Shape, policy: &Value) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let name = format!(
        "{}-{}.json",
        quota.resource_type.name().replace("::", "-"),
        shape.name()
    );
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(policy)?)
        .with_context(|| path.display().to_string())?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}\t{}\t{}",
        path.display(),
        quota.resource_type.name(),
        quota.arn
    )?;
    Ok(())
}

fn measure(
    quota: &Quota,
    shape: Shape,
    policy: &Value,
    items: usize,
    repeat: usize,
) -> anyhow::Result<String> {
    let spec = ResourceSpec {
        resource_type: quota.resource_type,
        arn: quota.arn.to_string(),
        zone: Zone::account(OWNER),
        policy: Some(PolicyDocument::Json(policy.clone())),
        extras: Default::default(),
    };
    let options = AnalysisOptions::default();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        last = Some(analyze(&spec, &options));
        times.push(started.elapsed());
    }
    times.sort();
    let median = times
        .get(times.len() / 2)
        .copied()
        .unwrap_or(Duration::ZERO);
    let result = last.context("no run")?;
    Ok(format!(
        "| {} | {} | {} | {} | {} | {} | {:.0} |",
        quota.resource_type.name(),
        shape.name(),
        size(policy),
        items,
        result.findings.len(),
        format!("{:?}", result.status).to_lowercase(),
        median.as_secs_f64() * 1000.0
    ))
}
