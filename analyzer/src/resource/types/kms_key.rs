//! `AWS::KMS::Key`: a KMS key, its key policy and its grants.
//!
//! - **ARN**: `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`.
//! - **Actions**: `kms` actions on the catalog kind `key`.
//! - **Rules**: the key policy must allow even within the account (the
//!   root principal delegates to IAM); grants from `ListGrants` are
//!   findings of their own (`analysis::sharing`); `kms:CallerAccount` is
//!   the caller's account.
//! - **Inputs**: CloudFormation `AWS::KMS::Key.KeyPolicy` (absent: the
//!   default key policy, owner only) and `AWS::KMS::ReplicaKey.KeyPolicy`;
//!   Terraform `aws_kms_key.policy`, `aws_kms_replica_key.policy`; AWS
//!   Config `supplementaryConfiguration.Policy`.
//!
//! Sources: <https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html>,
//! <https://docs.aws.amazon.com/kms/latest/developerguide/grants.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::KMS::Key",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "key policy, grants",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "kms",
        kinds: &["key"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[
            TemplateSource::own("AWS::KMS::Key", &["KeyPolicy"]),
            TemplateSource {
                resource_type: "AWS::KMS::ReplicaKey",
                policy: &["KeyPolicy"],
                required: true,
                target: Target::Itself,
                mirrored: false,
            },
        ],
        cloudformation_arns: &[
            TemplateArn::generated(
                "AWS::KMS::Key",
                "arn:{partition}:kms:{region}:{account}:key/{name}",
            )
            .reference(Reference::Name),
            TemplateArn::generated(
                "AWS::KMS::ReplicaKey",
                "arn:{partition}:kms:{region}:{account}:key/{name}",
            )
            .reference(Reference::Name),
        ],
        terraform: &[
            TemplateSource::own("aws_kms_key", &["policy"]),
            TemplateSource::own("aws_kms_replica_key", &["policy"]),
        ],
        terraform_arns: &[
            TemplateArn::named(
                "aws_kms_key",
                "key_id",
                "arn:{partition}:kms:{region}:{account}:key/{name}",
            ),
            TemplateArn::named(
                "aws_kms_replica_key",
                "key_id",
                "arn:{partition}:kms:{region}:{account}:key/{name}",
            ),
        ],
        config: Some(ConfigSource {
            config_type: "AWS::KMS::Key",
            policy: &[&["supplementaryConfiguration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "kms:Decrypt", "Resource": "*"}]}"#,
    },
};
