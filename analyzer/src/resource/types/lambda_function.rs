//! `AWS::Lambda::Function`: a Lambda function (or a version or alias of
//! it) and its function policy.
//!
//! - **ARN**: `arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`,
//!   or with `:${Qualifier}` for the policy of a version or alias.
//! - **Actions**: `lambda` actions on the catalog kinds `function`,
//!   `function alias` and `function version`; qualified requests name
//!   `ARN:QUALIFIER`.
//! - **Rules**: function URLs (`lambda:FunctionUrlAuthType` is chosen by
//!   the caller, so `NONE` is public).
//! - **Inputs**: the readers synthesise the policy from permissions, one
//!   statement each, as `AddPermission` does: CloudFormation
//!   `AWS::Lambda::Permission`, Terraform `aws_lambda_permission` (see
//!   `inputs::lambda_permissions`); AWS Config
//!   `supplementaryConfiguration.Policy`.
//!
//! Sources: <https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html>,
//! <https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Lambda::Function",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "function policy (permissions)",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "lambda",
        kinds: &["function", "function alias", "function version"],
    }],
    covers: &[
        ("function alias", Cover::Under(":")),
        ("function version", Cover::Under(":")),
    ],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
        "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Qualifier}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::synthesised("AWS::Lambda::Permission")],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::Lambda::Function",
            "FunctionName",
            "arn:{partition}:lambda:{region}:{account}:function:{name}",
        )],
        terraform: &[TemplateSource::synthesised("aws_lambda_permission")],
        terraform_arns: &[TemplateArn::named(
            "aws_lambda_function",
            "function_name",
            "arn:{partition}:lambda:{region}:{account}:function:{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::Lambda::Function",
            policy: &[&["supplementaryConfiguration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "CloudFormation `AWS::Lambda::Permission` and Terraform `aws_lambda_permission` \
                  are grouped per function into one policy",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:lambda:us-east-1:111122223333:function:resize",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "lambda:InvokeFunction",
            "Resource": "arn:aws:lambda:us-east-1:111122223333:function:resize"}]}"#,
    },
};
