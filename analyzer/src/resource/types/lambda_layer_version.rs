//! `AWS::Lambda::LayerVersion`: a version of a Lambda layer and its layer
//! version policy.
//!
//! - **ARN**: `arn:${Partition}:lambda:${Region}:${Account}:layer:${LayerName}:${LayerVersion}`.
//! - **Actions**: `lambda` actions on the catalog kind `layerVersion`
//!   (`lambda:GetLayerVersion`, ...).
//! - **Inputs**: inventory records only (`aws lambda get-layer-version-policy`);
//!   CloudFormation's `AWS::Lambda::LayerVersionPermission` is not read.
//!
//! Sources: <https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Lambda::LayerVersion",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "layer version policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "lambda",
        kinds: &["layerversion"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:lambda:${Region}:${Account}:layer:${LayerName}:${LayerVersion}"],
    free_variables: &[],
    inputs: Inputs {
        remarks: "inventory records only",
        ..Inputs::NONE
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:lambda:us-east-1:111122223333:layer:shared-libs:3",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "lambda:GetLayerVersion",
            "Resource": "arn:aws:lambda:us-east-1:111122223333:layer:shared-libs:3"}]}"#,
    },
};
