//! `AWS::EC2::Snapshot`: an EBS snapshot, shared with other accounts (or all) through
//! createVolumePermission (`aws ec2 describe-snapshot-attribute`); it has no resource policy.
//!
//! - **ARN**: `arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}` or `arn:${Partition}:ec2:${Region}:${Account}:snapshot/${SnapshotId}`. The catalog's form has no account; Access Analyzer and many exports put the owner there, so both are accepted.
//! - **Actions**: `ec2` actions on the catalog kind `snapshot`.
//! - **Rules**: sharing-only: findings come from the sharing attributes
//!   (`analysis::sharing`), given with the inventory record's `sharing`.
//! - **Inputs**: inventory records only.
//!
//! Sources: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::EC2::Snapshot",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "sharing attributes",
    policy_kind: PolicyKind::SharingOnly,
    actions: &[ActionSource {
        service: "ec2",
        kinds: &["snapshot"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}", "arn:${Partition}:ec2:${Region}:${Account}:snapshot/${SnapshotId}"],
    free_variables: &[],
    inputs: Inputs {
        remarks: "inventory records only (`sharing`)",
        ..Inputs::NONE
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:ec2:us-east-1:111122223333:snapshot/snap-0123456789abcdef0",
        policy: "",
    },
};
