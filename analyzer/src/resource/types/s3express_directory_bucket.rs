//! `AWS::S3Express::DirectoryBucket`: an S3 Express One Zone directory
//! bucket and its bucket policy.
//!
//! - **ARN**: `arn:${Partition}:s3express:${Region}:${Account}:bucket/${BucketName}`.
//! - **Actions**: `s3express` actions on the catalog kind `bucket` (object
//!   access goes through `s3express:CreateSession` on the bucket).
//! - **Inputs**: CloudFormation `AWS::S3Express::BucketPolicy.PolicyDocument`
//!   (the bucket `Bucket`, a name or an ARN). Terraform sets directory
//!   bucket policies with `aws_s3_bucket_policy`, which cannot be told apart
//!   from a general purpose bucket's before apply: export those into the
//!   inventory. AWS Config records `AWS::S3Express::BucketPolicy` without
//!   the policy document.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-security-iam.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3express-bucketpolicy.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Express::DirectoryBucket",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "directory bucket policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3express",
        kinds: &["bucket"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3express:${Region}:${Account}:bucket/${BucketName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3Express::BucketPolicy",
            &["PolicyDocument"],
            "Bucket",
            ArnFrom::Name("arn:{partition}:s3express:{region}:{account}:bucket/{name}"),
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::S3Express::DirectoryBucket",
            "BucketName",
            "arn:{partition}:s3express:{region}:{account}:bucket/{name}",
        )],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform: `aws_s3_bucket_policy` on a directory bucket reads as an S3 bucket; \
                  AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3express:us-east-1:111122223333:bucket/logs--use1-az4--x-s3",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3express:CreateSession",
            "Resource": "arn:aws:s3express:us-east-1:111122223333:bucket/logs--use1-az4--x-s3"}]}"#,
    },
};
