//! `AWS::SNS::Topic`: an SNS topic and its topic policy.
//!
//! - **ARN**: `arn:${Partition}:sns:${Region}:${Account}:${TopicName}`.
//! - **Actions**: `sns` actions on the catalog kind `topic`.
//! - **Inputs**: CloudFormation `AWS::SNS::TopicPolicy.PolicyDocument` (each
//!   topic of `Topics`) and `AWS::SNS::TopicInlinePolicy.PolicyDocument`
//!   (the topic `TopicArn`); Terraform `aws_sns_topic.policy` and
//!   `aws_sns_topic_policy.policy` (the topic `arn`); AWS Config
//!   `configuration.Policy`.
//!
//! Sources: <https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::SNS::Topic",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "topic policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "sns",
        kinds: &["topic"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:sns:${Region}:${Account}:${TopicName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[
            TemplateSource::attached(
                "AWS::SNS::TopicPolicy",
                &["PolicyDocument"],
                "Topics",
                ArnFrom::Arn,
            ),
            TemplateSource::attached(
                "AWS::SNS::TopicInlinePolicy",
                &["PolicyDocument"],
                "TopicArn",
                ArnFrom::Arn,
            ),
        ],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::SNS::Topic",
            "TopicName",
            "arn:{partition}:sns:{region}:{account}:{name}",
        )
        .arn_attributes(&["Arn", "TopicArn"])
        .reference(Reference::Arn)],
        terraform: &[
            TemplateSource::own("aws_sns_topic", &["policy"]).mirrored(),
            TemplateSource::attached("aws_sns_topic_policy", &["policy"], "arn", ArnFrom::Arn),
        ],
        terraform_arns: &[TemplateArn::named(
            "aws_sns_topic",
            "name",
            "arn:{partition}:sns:{region}:{account}:{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::SNS::Topic",
            policy: &[&["configuration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:sns:us-east-1:111122223333:alerts",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "sns:Subscribe",
            "Resource": "arn:aws:sns:us-east-1:111122223333:alerts"}]}"#,
    },
};
