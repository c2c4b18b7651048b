//! `AWS::Logs::ResourcePolicy`: a CloudWatch Logs resource policy, which
//! lets AWS services (Route 53, EventBridge, OpenSearch, log delivery...)
//! and other accounts write to the log groups of an account and region, or
//! of one log group.
//!
//! - **ARN**: the log groups it governs:
//!   `arn:${Partition}:logs:${Region}:${Account}:log-group:*` for an
//!   account-wide policy (AWS gives these no ARN of their own; this form is
//!   zoneproof's), or a log group's ARN for a policy scoped to it.
//! - **Actions**: `logs` actions on the catalog kinds `log-group` and
//!   `log-stream`; requests name `log-group:NAME`, `log-group:NAME:*` or
//!   `log-group:NAME:log-stream:STREAM`, all under the ARN's prefix.
//! - **Rules**: most statements grant a service principal; without
//!   `aws:SourceAccount` / `aws:SourceArn` keeping it to the zone, that is a
//!   confused-deputy finding (`ExternalAccessViaService`).
//! - **Inputs**: CloudFormation `AWS::Logs::ResourcePolicy.PolicyDocument`
//!   and Terraform `aws_cloudwatch_log_resource_policy.policy_document`
//!   (account-wide); inventory records (`aws logs
//!   describe-resource-policies`). AWS Config does not record them.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html>,
//! <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-resourcepolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_resource_policy>.

use crate::resource::definition::*;
use zoneproof_encodings::pattern::{Pattern, Token};

/// Log groups and streams under the ARN: `log-group:*` is every group of
/// the account and region, `log-group:NAME` the group and its streams.
fn log_groups(arn: &str) -> Option<Pattern> {
    let prefix = arn.strip_suffix('*').unwrap_or(arn);
    Some(Pattern::new(
        [
            Token::Literal(prefix.to_string()),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

/// The account-wide policy of the template's account and region.
fn account_wide(_: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:logs:{}:{}:log-group:*",
        ctx.partition, ctx.region, ctx.account
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Logs::ResourcePolicy",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "CloudWatch Logs resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "logs",
        kinds: &["log-group", "log-stream"],
    }],
    covers: &[
        ("log-group", Cover::Rule(log_groups)),
        ("log-stream", Cover::Rule(log_groups)),
    ],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:logs:${Region}:${Account}:log-group:*",
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
    ],
    free_variables: &["LogGroupName"],
    inputs: Inputs {
        cloudformation: &[TemplateSource {
            resource_type: "AWS::Logs::ResourcePolicy",
            policy: &["PolicyDocument"],
            required: true,
            target: Target::Rule(account_wide),
            mirrored: false,
        }],
        cloudformation_arns: &[],
        terraform: &[TemplateSource {
            resource_type: "aws_cloudwatch_log_resource_policy",
            policy: &["policy_document"],
            required: true,
            target: Target::Rule(account_wide),
            mirrored: false,
        }],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:logs:us-east-1:111122223333:log-group:*",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "route53.amazonaws.com"},
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/*"}]}"#,
    },
};
