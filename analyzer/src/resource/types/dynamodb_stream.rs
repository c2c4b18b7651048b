//! `AWS::DynamoDB::Stream`: the stream of a DynamoDB table and its
//! resource policy. CloudFormation has no stream resource (a table's
//! `StreamSpecification` creates it); zoneproof names it in the same style.
//!
//! - **ARN**: `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}`.
//! - **Actions**: `dynamodb` actions on the catalog kind `stream`.
//! - **Inputs**: CloudFormation `AWS::DynamoDB::Table.StreamSpecification.ResourcePolicy.PolicyDocument`
//!   (the stream label is known only after deployment: a placeholder);
//!   Terraform `aws_dynamodb_resource_policy.policy` whose `resource_arn`
//!   is a stream's.
//!
//! Sources: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-attach-resource-based-policy.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-streamspecification.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::DynamoDB::Stream",
    name_origin: NameOrigin::Zoneproof,
    policy_name: "stream resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "dynamodb",
        kinds: &["stream"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}",
    ],
    free_variables: &["StreamLabel"],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::DynamoDB::Table",
            &["StreamSpecification", "ResourcePolicy", "PolicyDocument"],
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::DynamoDB::Table",
            "TableName",
            "arn:{partition}:dynamodb:{region}:{account}:table/{name}/stream/{{unresolved:StreamLabel}}",
        )],
        terraform: &[TemplateSource::attached(
            "aws_dynamodb_resource_policy",
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
        arn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-05-01T00:00:00.000",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "dynamodb:GetRecords", "Resource": "*"}]}"#,
    },
};
