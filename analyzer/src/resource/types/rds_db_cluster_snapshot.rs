//! `AWS::RDS::DBClusterSnapshot`: a manual Aurora DB cluster snapshot, shared with other accounts (or all) through
//! the `restore` attribute (`aws rds describe-db-cluster-snapshot-attributes`); it has no resource policy.
//!
//! - **ARN**: `arn:${Partition}:rds:${Region}:${Account}:cluster-snapshot:${ClusterSnapshotName}`.
//! - **Actions**: `rds` actions on the catalog kind `cluster-snapshot`.
//! - **Rules**: sharing-only: findings come from the sharing attributes
//!   (`analysis::sharing`), given with the inventory record's `sharing`.
//! - **Inputs**: inventory records only.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-share-snapshot.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::RDS::DBClusterSnapshot",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "sharing attributes",
    policy_kind: PolicyKind::SharingOnly,
    actions: &[ActionSource {
        service: "rds",
        kinds: &["cluster-snapshot"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:rds:${Region}:${Account}:cluster-snapshot:${ClusterSnapshotName}"],
    free_variables: &[],
    inputs: Inputs {
        remarks: "inventory records only (`sharing`)",
        ..Inputs::NONE
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:rds:us-east-1:111122223333:cluster-snapshot:c-snap-1",
        policy: "",
    },
};
