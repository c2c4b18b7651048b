//! `AWS::Glue::DataCatalog`: the AWS Glue Data Catalog of an account in a
//! region, and its resource policy. CloudFormation has no type for it (the
//! catalog exists in every account and region, and its policy is set with
//! `glue:PutResourcePolicy`); zoneproof names it in CloudFormation's style.
//!
//! - **ARN**: `arn:${Partition}:glue:${Region}:${Account}:catalog`.
//! - **Actions**: `glue` actions on the catalog kinds `catalog`,
//!   `rootcatalog`, `database`, `table`, `tableversion` and
//!   `userdefinedfunction`: the policy governs the catalog and every
//!   database, table, table version and function in it, whose ARNs sit
//!   beside the catalog's (`database/NAME`, `table/DATABASE/NAME`, ...);
//!   federated catalogs are `catalog/NAME`.
//! - **Inputs**: Terraform `aws_glue_resource_policy.policy` (the catalog
//!   of the plan's account and region); inventory records
//!   (`aws glue get-resource-policy`). CloudFormation and AWS Config have
//!   no such resource.
//!
//! Sources: <https://docs.aws.amazon.com/glue/latest/dg/glue-resource-policies.html>,
//! <https://docs.aws.amazon.com/glue/latest/dg/cross-account-access.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/glue_resource_policy>.

use crate::resource::definition::*;

/// The Data Catalog of the plan's account and region.
fn catalog(_: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:glue:{}:{}:catalog",
        ctx.partition, ctx.region, ctx.account
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Glue::DataCatalog",
    name_origin: NameOrigin::Zoneproof,
    policy_name: "Data Catalog resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "glue",
        kinds: &[
            "catalog",
            "rootcatalog",
            "database",
            "table",
            "tableversion",
            "userdefinedfunction",
        ],
    }],
    covers: &[
        ("catalog", Cover::ItselfOrUnder("/")),
        ("database", Cover::Sibling("database/")),
        ("table", Cover::Sibling("table/")),
        ("tableversion", Cover::Sibling("tableVersion/")),
        ("userdefinedfunction", Cover::Sibling("userDefinedFunction/")),
    ],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:glue:${Region}:${Account}:catalog"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[],
        cloudformation_arns: &[],
        terraform: &[TemplateSource {
            resource_type: "aws_glue_resource_policy",
            policy: &["policy"],
            required: true,
            target: Target::Rule(catalog),
            mirrored: false,
        }],
        terraform_arns: &[],
        config: None,
        remarks: "CloudFormation and AWS Config: no such resource",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:glue:us-east-1:111122223333:catalog",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["glue:GetDatabase", "glue:GetTable"],
            "Resource": ["arn:aws:glue:us-east-1:111122223333:catalog",
                         "arn:aws:glue:us-east-1:111122223333:database/sales",
                         "arn:aws:glue:us-east-1:111122223333:table/sales/*"]}]}"#,
    },
};
