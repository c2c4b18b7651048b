//! `AWS::Backup::BackupVault`: an AWS Backup vault and its access policy.
//!
//! - **ARN**: `arn:${Partition}:backup:${Region}:${Account}:backup-vault:${BackupVaultName}`.
//! - **Actions**: `backup` actions on the catalog kinds `backupVault` and
//!   `recoveryPoint`. Recovery point ARNs are not under the vault's (an
//!   EBS snapshot's, a `backup:...:recovery-point:` one): requests on
//!   recovery points may name any resource, and the policy's `Resource`
//!   decides.
//! - **Inputs**: CloudFormation `AWS::Backup::BackupVault.AccessPolicy`;
//!   Terraform `aws_backup_vault_policy.policy` (`backup_vault_name`); AWS
//!   Config `configuration.AccessPolicy` (Config records the type through
//!   its CloudFormation model).
//!
//! Sources: <https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-backupvault.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/backup_vault_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:backup:{region}:{account}:backup-vault:{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Backup::BackupVault",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "backup vault access policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "backup",
        kinds: &["backupVault", "recoveryPoint"],
    }],
    covers: &[("recoveryPoint", Cover::Any)],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:backup:${Region}:${Account}:backup-vault:${BackupVaultName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::Backup::BackupVault", &["AccessPolicy"])],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::Backup::BackupVault",
            "BackupVaultName",
            ARN,
        )
        .arn_attributes(&["BackupVaultArn"])],
        terraform: &[TemplateSource::attached(
            "aws_backup_vault_policy",
            &["policy"],
            "backup_vault_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_backup_vault", "name", ARN)],
        config: Some(ConfigSource {
            config_type: "AWS::Backup::BackupVault",
            policy: &[&["configuration", "AccessPolicy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:backup:us-east-1:111122223333:backup-vault:central",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "backup:CopyIntoBackupVault", "Resource": "*"}]}"#,
    },
};
