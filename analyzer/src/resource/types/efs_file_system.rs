//! `AWS::EFS::FileSystem`: an EFS file system and its file system policy.
//!
//! - **ARN**: `arn:${Partition}:elasticfilesystem:${Region}:${Account}:file-system/${FileSystemId}`.
//! - **Actions**: `elasticfilesystem` actions on the catalog kind `file-system`.
//! - **Inputs**: CloudFormation `AWS::EFS::FileSystem.FileSystemPolicy` (the
//!   logical id stands for the generated id); Terraform
//!   `aws_efs_file_system_policy.policy` (`file_system_id`); AWS Config
//!   `configuration.FileSystemPolicy`.
//!
//! Sources: <https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::EFS::FileSystem",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "file system policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "elasticfilesystem",
        kinds: &["file-system"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:elasticfilesystem:${Region}:${Account}:file-system/${FileSystemId}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::EFS::FileSystem",
            &["FileSystemPolicy"],
        )],
        cloudformation_arns: &[TemplateArn::generated(
            "AWS::EFS::FileSystem",
            "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{name}",
        )
        .reference(Reference::Name)],
        terraform: &[TemplateSource::attached(
            "aws_efs_file_system_policy",
            &["policy"],
            "file_system_id",
            ArnFrom::Name("arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{name}"),
        )],
        terraform_arns: &[TemplateArn::named(
            "aws_efs_file_system",
            "id",
            "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::EFS::FileSystem",
            policy: &[&["configuration", "FileSystemPolicy"]],
            required: true,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "elasticfilesystem:ClientMount"}]}"#,
    },
};
