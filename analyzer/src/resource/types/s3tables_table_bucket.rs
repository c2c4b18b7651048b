//! `AWS::S3Tables::TableBucket`: an S3 table bucket and its table bucket
//! policy, which governs the bucket and every table in it.
//!
//! - **ARN**: `arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}`.
//! - **Actions**: `s3tables` actions on the catalog kinds `TableBucket` and
//!   `Table`; table requests name `ARN/table/ID`.
//! - **Inputs**: CloudFormation `AWS::S3Tables::TableBucketPolicy.ResourcePolicy`
//!   (`TableBucketARN`); Terraform `aws_s3tables_table_bucket_policy.resource_policy`
//!   (`table_bucket_arn`). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-resource-based-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3tables-tablebucketpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3tables_table_bucket_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:s3tables:{region}:{account}:bucket/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Tables::TableBucket",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "table bucket policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3tables",
        kinds: &["TableBucket", "Table"],
    }],
    covers: &[("Table", Cover::Under("/table/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3Tables::TableBucketPolicy",
            &["ResourcePolicy"],
            "TableBucketARN",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::S3Tables::TableBucket",
            "TableBucketName",
            ARN,
        )
        .arn_attributes(&["TableBucketARN"])
        .reference(Reference::Arn)],
        terraform: &[TemplateSource {
            resource_type: "aws_s3tables_table_bucket_policy",
            policy: &["resource_policy"],
            required: true,
            target: Target::Named {
                property: "table_bucket_arn",
                arn: ArnFrom::Arn,
            },
            mirrored: false,
        }],
        terraform_arns: &[TemplateArn::named("aws_s3tables_table_bucket", "name", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3tables:GetTableData",
            "Resource": "arn:aws:s3tables:us-east-1:111122223333:bucket/analytics/table/*"}]}"#,
    },
};
