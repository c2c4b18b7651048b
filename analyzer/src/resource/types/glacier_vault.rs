//! `AWS::Glacier::Vault`: an S3 Glacier vault, its vault access policy and
//! its Vault Lock policy.
//!
//! - **ARN**: `arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName}`.
//! - **Actions**: `glacier` actions on the catalog kind `vault`.
//! - **Rules**: a vault has two resource policies, the access policy and
//!   the (immutable once locked) Vault Lock policy; a request needs an
//!   Allow in either and no Deny in both. Each is read as its own input for
//!   the same vault, so each is analysed alone: the findings of the two
//!   together cover every access the pair grants (a Deny in one policy
//!   does not remove the other's findings — more access, never less).
//! - **Inputs**: CloudFormation `AWS::Glacier::Vault.AccessPolicy`;
//!   Terraform `aws_glacier_vault.access_policy` and
//!   `aws_glacier_vault_lock.policy` (`vault_name`); inventory records with
//!   either policy (`aws glacier get-vault-access-policy`,
//!   `get-vault-lock`). AWS Config does not record vaults.
//!
//! Sources: <https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html>,
//! <https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-lock-policy.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-glacier-vault.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/glacier_vault_lock>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:glacier:{region}:{account}:vaults/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Glacier::Vault",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "vault access policy, Vault Lock policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "glacier",
        kinds: &["vault"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:glacier:${Region}:${Account}:vaults/${VaultName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::Glacier::Vault", &["AccessPolicy"])],
        cloudformation_arns: &[TemplateArn::named("AWS::Glacier::Vault", "VaultName", ARN)],
        terraform: &[
            TemplateSource::own("aws_glacier_vault", &["access_policy"]),
            TemplateSource::attached(
                "aws_glacier_vault_lock",
                &["policy"],
                "vault_name",
                ArnFrom::Name(ARN),
            ),
        ],
        terraform_arns: &[TemplateArn::named("aws_glacier_vault", "name", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:glacier:us-east-1:111122223333:vaults/archive",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["glacier:InitiateJob", "glacier:GetJobOutput"],
            "Resource": "arn:aws:glacier:us-east-1:111122223333:vaults/archive"}]}"#,
    },
};
