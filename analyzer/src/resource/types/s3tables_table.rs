//! `AWS::S3Tables::Table`: a table in an S3 table bucket and its table
//! policy.
//!
//! - **ARN**: `arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}/table/${TableID}`.
//! - **Actions**: `s3tables` actions on the catalog kind `Table`.
//! - **Rules**: the table bucket's policy also grants on the table;
//!   analysed alone, a table policy's findings are its own grants.
//! - **Inputs**: CloudFormation `AWS::S3Tables::TablePolicy.ResourcePolicy`
//!   (`TableARN`); Terraform `aws_s3tables_table_policy.resource_policy`
//!   (the table id is known only after apply: a placeholder under
//!   `table_bucket_arn`). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-resource-based-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3tables-tablepolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3tables_table_policy>.

use crate::resource::definition::*;

/// A table named by its bucket, namespace and name: its id is unknown.
fn table(lookup: &Lookup<'_>, _: &ArnContext<'_>) -> String {
    format!(
        "{}/table/{}",
        lookup.get("table_bucket_arn"),
        unresolved(&format!(
            "id of table {}.{}",
            lookup.get("namespace"),
            lookup.get("name")
        ))
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Tables::Table",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "table policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3tables",
        kinds: &["Table"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}/table/${TableID}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3Tables::TablePolicy",
            &["ResourcePolicy"],
            "TableARN",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[],
        terraform: &[TemplateSource {
            resource_type: "aws_s3tables_table_policy",
            policy: &["resource_policy"],
            required: true,
            target: Target::Rule(table),
            mirrored: false,
        }],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3tables:GetTableData",
            "Resource": "*"}]}"#,
    },
};
