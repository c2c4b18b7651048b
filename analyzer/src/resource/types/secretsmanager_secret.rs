//! `AWS::SecretsManager::Secret`: a Secrets Manager secret and its
//! resource policy.
//!
//! - **ARN**: `arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}`
//!   (the name with AWS's six-character suffix; names may hold `/`).
//! - **Actions**: `secretsmanager` actions on the catalog kind `Secret`.
//! - **Inputs**: CloudFormation `AWS::SecretsManager::ResourcePolicy.ResourcePolicy`
//!   (the secret `SecretId`, an ARN or a name); Terraform
//!   `aws_secretsmanager_secret.policy` and
//!   `aws_secretsmanager_secret_policy.policy` (`secret_arn`). AWS Config
//!   does not record the policy: such an item is an error record asking
//!   for an inventory export.
//!
//! Sources: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::SecretsManager::Secret",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "secret resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "secretsmanager",
        kinds: &["Secret"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}"],
    free_variables: &["SecretId"],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::SecretsManager::ResourcePolicy",
            &["ResourcePolicy"],
            "SecretId",
            ArnFrom::Name("arn:{partition}:secretsmanager:{region}:{account}:secret:{name}"),
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::SecretsManager::Secret",
            "Name",
            "arn:{partition}:secretsmanager:{region}:{account}:secret:{name}",
        )
        .arn_attributes(&["Arn", "Id"])
        .reference(Reference::Arn)],
        terraform: &[
            TemplateSource::own("aws_secretsmanager_secret", &["policy"]).mirrored(),
            TemplateSource::attached(
                "aws_secretsmanager_secret_policy",
                &["policy"],
                "secret_arn",
                ArnFrom::Arn,
            ),
        ],
        terraform_arns: &[TemplateArn::named(
            "aws_secretsmanager_secret",
            "name",
            "arn:{partition}:secretsmanager:{region}:{account}:secret:{name}",
        )],
        config: None,
        remarks: "AWS Config does not record the policy (an error record says so)",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/reader"},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}"#,
    },
};
