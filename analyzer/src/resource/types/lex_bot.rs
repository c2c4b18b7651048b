//! `AWS::Lex::Bot`: an Amazon Lex V2 bot and its resource policy (who may build, describe or manage it).
//!
//! - **ARN**: `arn:${Partition}:lex:${Region}:${Account}:bot/${BotId}`.
//! - **Actions**: `lex` actions on the catalog kind `bot`.
//! - **Inputs**: CloudFormation `AWS::Lex::ResourcePolicy.Policy` whose
//!   `ResourceArn` is one of these (the same resource type sets bot and
//!   alias policies). Terraform and AWS Config have no mapping.
//!
//! Sources: <https://docs.aws.amazon.com/lexv2/latest/dg/security_iam_resource-based-policy-examples.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lex-resourcepolicy.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Lex::Bot",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "lex",
        kinds: &["bot"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:lex:${Region}:${Account}:bot/${BotId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::Lex::ResourcePolicy",
            &["Policy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::generated(
            "AWS::Lex::Bot",
            "arn:{partition}:lex:{region}:{account}:bot/{name}",
        )],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform and AWS Config: no mapping",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:lex:us-east-1:111122223333:bot/ABCDEFGHIJ",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "lex:DescribeBot",
            "Resource": "arn:aws:lex:us-east-1:111122223333:bot/ABCDEFGHIJ"}]}"#,
    },
};
