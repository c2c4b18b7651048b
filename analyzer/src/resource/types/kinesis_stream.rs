//! `AWS::Kinesis::Stream`: a Kinesis data stream and its resource policy.
//!
//! - **ARN**: `arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}`.
//! - **Actions**: `kinesis` actions on the catalog kind `stream`; a
//!   stream's consumers have their own policy
//!   (`AWS::Kinesis::StreamConsumer`).
//! - **Inputs**: CloudFormation `AWS::Kinesis::ResourcePolicy.ResourcePolicy`
//!   whose `ResourceArn` is a stream's; Terraform
//!   `aws_kinesis_resource_policy.policy` (`resource_arn`). AWS Config
//!   does not record the policy.
//!
//! Sources: <https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-resourcepolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_resource_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:kinesis:{region}:{account}:stream/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Kinesis::Stream",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "data stream resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "kinesis",
        kinds: &["stream"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::Kinesis::ResourcePolicy",
            &["ResourcePolicy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::named("AWS::Kinesis::Stream", "Name", ARN)],
        terraform: &[TemplateSource::attached(
            "aws_kinesis_resource_policy",
            &["policy"],
            "resource_arn",
            ArnFrom::Arn,
        )],
        terraform_arns: &[TemplateArn::named("aws_kinesis_stream", "name", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:kinesis:us-east-1:111122223333:stream/clicks",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary"],
            "Resource": "arn:aws:kinesis:us-east-1:111122223333:stream/clicks"}]}"#,
    },
};
