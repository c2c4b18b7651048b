//! `AWS::Kinesis::StreamConsumer`: a registered (enhanced fan-out)
//! consumer of a Kinesis data stream and its resource policy.
//!
//! - **ARN**: `arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimestamp}`.
//! - **Actions**: `kinesis` actions on the catalog kind `consumer`
//!   (`kinesis:SubscribeToShard`, `DescribeStreamConsumer`, ...).
//! - **Inputs**: CloudFormation `AWS::Kinesis::ResourcePolicy.ResourcePolicy`
//!   whose `ResourceArn` is a consumer's; Terraform
//!   `aws_kinesis_resource_policy.policy` likewise. AWS Config does not
//!   record the policy.
//!
//! Sources: <https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-resourcepolicy.html>.

use crate::resource::definition::*;

/// The consumer `ConsumerName` of the stream `StreamARN`; its creation
/// timestamp is known only after deployment.
fn consumer(lookup: &Lookup<'_>, _: &ArnContext<'_>) -> String {
    format!(
        "{}/consumer/{}:{}",
        lookup.get("StreamARN"),
        lookup.name("ConsumerName"),
        unresolved("ConsumerCreationTimestamp")
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Kinesis::StreamConsumer",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "stream consumer resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "kinesis",
        kinds: &["consumer"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimestamp}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::Kinesis::ResourcePolicy",
            &["ResourcePolicy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::rule("AWS::Kinesis::StreamConsumer", consumer)
            .arn_attributes(&["ConsumerARN"])],
        terraform: &[TemplateSource::attached(
            "aws_kinesis_resource_policy",
            &["policy"],
            "resource_arn",
            ArnFrom::Arn,
        )],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:kinesis:us-east-1:111122223333:stream/clicks/consumer/fraud:1714550400",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"],
            "Resource": "arn:aws:kinesis:us-east-1:111122223333:stream/clicks/consumer/fraud:1714550400"}]}"#,
    },
};
