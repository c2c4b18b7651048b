//! `AWS::DynamoDB::Table`: a DynamoDB table (and its indexes) and its
//! resource policy.
//!
//! - **ARN**: `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
//! - **Actions**: `dynamodb` actions on the catalog kinds `table` and
//!   `index`; index requests name `ARN/index/NAME`.
//! - **Inputs**: CloudFormation `AWS::DynamoDB::Table.ResourcePolicy.PolicyDocument`;
//!   Terraform `aws_dynamodb_resource_policy.policy` whose `resource_arn`
//!   has the table form (a stream's ARN makes it an `AWS::DynamoDB::Stream`).
//!
//! Sources: <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::DynamoDB::Table",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "table resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "dynamodb",
        kinds: &["table", "index"],
    }],
    covers: &[("index", Cover::Under("/index/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::DynamoDB::Table",
            &["ResourcePolicy", "PolicyDocument"],
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::DynamoDB::Table",
            "TableName",
            "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
        )],
        terraform: &[TemplateSource::attached(
            "aws_dynamodb_resource_policy",
            &["policy"],
            "resource_arn",
            ArnFrom::Arn,
        )],
        terraform_arns: &[TemplateArn::named(
            "aws_dynamodb_table",
            "name",
            "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
        )],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "dynamodb:GetItem",
            "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}]}"#,
    },
};
