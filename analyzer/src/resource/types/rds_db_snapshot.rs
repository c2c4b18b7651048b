//! `AWS::RDS::DBSnapshot`: a manual RDS DB snapshot, shared with other accounts (or all) through
//! the `restore` attribute (`aws rds describe-db-snapshot-attributes`); it has no resource policy.
//!
//! - **ARN**: `arn:${Partition}:rds:${Region}:${Account}:snapshot:${SnapshotName}`.
//! - **Actions**: `rds` actions on the catalog kind `snapshot`.
//! - **Rules**: sharing-only: findings come from the sharing attributes
//!   (`analysis::sharing`), given with the inventory record's `sharing`.
//! - **Inputs**: inventory records only.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::RDS::DBSnapshot",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "sharing attributes",
    policy_kind: PolicyKind::SharingOnly,
    actions: &[ActionSource {
        service: "rds",
        kinds: &["snapshot"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:rds:${Region}:${Account}:snapshot:${SnapshotName}"],
    free_variables: &[],
    inputs: Inputs {
        remarks: "inventory records only (`sharing`)",
        ..Inputs::NONE
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:rds:us-east-1:111122223333:snapshot:db-snap-1",
        policy: "",
    },
};
