//! `AWS::IAM::Role`: an IAM role and its trust policy.
//!
//! - **ARN**: `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`
//!   (the path may hold `/`).
//! - **Actions**: only the actions a trust policy can grant
//!   ([`TRUST_ACTIONS`](crate::resource::TRUST_ACTIONS)), on the `sts`
//!   catalog kind `role`.
//! - **Rules**: a trust policy, so service principals are no finding (a
//!   service assumes a role only for a resource whose owner passed it the
//!   role); `NotPrincipal` and `Resource` are invalid; federated principals
//!   assume with `sts:AssumeRoleWithWebIdentity` / `sts:AssumeRoleWithSAML`.
//! - **Inputs**: CloudFormation `AWS::IAM::Role.AssumeRolePolicyDocument`;
//!   Terraform `aws_iam_role.assume_role_policy`; AWS Config
//!   `configuration.assumeRolePolicyDocument` (URL-encoded); `aws iam
//!   get-account-authorization-details` `RoleDetailList`.
//!
//! Sources: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>.

use crate::resource::definition::*;
use crate::resource::TRUST_ACTIONS;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::IAM::Role",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "role trust policy",
    policy_kind: PolicyKind::Trust,
    actions: &[ActionSource {
        service: "sts",
        kinds: &["role"],
    }],
    covers: &[],
    admitted_actions: Some(&TRUST_ACTIONS),
    arn_forms: &["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
    free_variables: &["RoleNameWithPath"],
    inputs: Inputs {
        cloudformation: &[TemplateSource {
            resource_type: "AWS::IAM::Role",
            policy: &["AssumeRolePolicyDocument"],
            required: true,
            target: Target::Itself,
            mirrored: false,
        }],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::IAM::Role",
            "RoleName",
            "arn:{partition}:iam::{account}:role{path}{name}",
        )
        .path("Path")],
        terraform: &[TemplateSource {
            resource_type: "aws_iam_role",
            policy: &["assume_role_policy"],
            required: true,
            target: Target::Itself,
            mirrored: false,
        }],
        terraform_arns: &[TemplateArn::named(
            "aws_iam_role",
            "name",
            "arn:{partition}:iam::{account}:role{path}{name}",
        )
        .path("path")],
        config: Some(ConfigSource {
            config_type: "AWS::IAM::Role",
            policy: &[&["configuration", "assumeRolePolicyDocument"]],
            required: true,
            arn: None,
        }),
        remarks: "also `aws iam get-account-authorization-details`",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:iam::111122223333:role/deploy",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "sts:AssumeRole"}]}"#,
    },
};
