//! `AWS::SQS::Queue`: an SQS queue and its queue policy.
//!
//! - **ARN**: `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`.
//! - **Actions**: `sqs` actions on the catalog kind `queue`.
//! - **Inputs**: CloudFormation `AWS::SQS::QueuePolicy.PolicyDocument` (each
//!   queue URL of `Queues`) and `AWS::SQS::QueueInlinePolicy.PolicyDocument`
//!   (the queue `Queue`); Terraform `aws_sqs_queue.policy` and
//!   `aws_sqs_queue_policy.policy` (the queue at `queue_url`); AWS Config
//!   `configuration.Policy`. Queue URLs
//!   (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`) become ARNs.
//!
//! Sources: <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-using-identity-based-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html>.

use crate::inputs::queue_url_to_arn;
use crate::resource::definition::*;

/// The ARN of the queue at a URL; a value that is no URL is a name.
fn queue_arn(value: &str, ctx: &ArnContext<'_>) -> String {
    queue_url_to_arn(value, ctx.partition).unwrap_or_else(|| {
        format!(
            "arn:{}:sqs:{}:{}:{value}",
            ctx.partition, ctx.region, ctx.account
        )
    })
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::SQS::Queue",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "queue policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "sqs",
        kinds: &["queue"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[
            TemplateSource::attached(
                "AWS::SQS::QueuePolicy",
                &["PolicyDocument"],
                "Queues",
                ArnFrom::Rule(queue_arn),
            ),
            TemplateSource::attached(
                "AWS::SQS::QueueInlinePolicy",
                &["PolicyDocument"],
                "Queue",
                ArnFrom::Rule(queue_arn),
            ),
        ],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::SQS::Queue",
            "QueueName",
            "arn:{partition}:sqs:{region}:{account}:{name}",
        )
        .reference(Reference::Other)],
        terraform: &[
            TemplateSource::own("aws_sqs_queue", &["policy"]).mirrored(),
            TemplateSource::attached(
                "aws_sqs_queue_policy",
                &["policy"],
                "queue_url",
                ArnFrom::Rule(queue_arn),
            ),
        ],
        terraform_arns: &[TemplateArn::named(
            "aws_sqs_queue",
            "name",
            "arn:{partition}:sqs:{region}:{account}:{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::SQS::Queue",
            policy: &[&["configuration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:sqs:us-east-1:111122223333:orders",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/producer"},
            "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"}]}"#,
    },
};
