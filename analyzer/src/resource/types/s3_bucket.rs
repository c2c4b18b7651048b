//! `AWS::S3::Bucket`: a general purpose S3 bucket, its bucket policy, its
//! ACL and its Block Public Access settings.
//!
//! - **ARN**: `arn:${Partition}:s3:::${BucketName}` (no region, no account:
//!   the owner comes from `--account` or the input).
//! - **Actions**: `s3` actions on the catalog kinds `bucket` and `object`;
//!   object requests name `ARN/KEY`.
//! - **Rules**: the ACL grants and Block Public Access settings
//!   (`analysis::sharing`); canonical user principals are S3's own.
//! - **Inputs**: CloudFormation `AWS::S3::BucketPolicy.PolicyDocument` (the
//!   bucket `Bucket`, with the template bucket's `AccessControl` and
//!   `PublicAccessBlockConfiguration`) and an `AWS::S3::Bucket` with
//!   `AccessControl` and no policy (ACL only); Terraform
//!   `aws_s3_bucket_policy.policy`, the legacy inline `aws_s3_bucket.policy`,
//!   with `aws_s3_bucket_acl` and `aws_s3_bucket_public_access_block`;
//!   AWS Config `supplementaryConfiguration.BucketPolicy.policyText`,
//!   `AccessControlList`, `PublicAccessBlockConfiguration`. The readers join
//!   the ACL and settings to the policy themselves.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html>,
//! <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3::Bucket",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "bucket policy, ACL, Block Public Access",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3",
        kinds: &["bucket", "object"],
    }],
    covers: &[("object", Cover::Under("/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3:::${BucketName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3::BucketPolicy",
            &["PolicyDocument"],
            "Bucket",
            ArnFrom::Name("arn:{partition}:s3:::{name}"),
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::S3::Bucket",
            "BucketName",
            "arn:{partition}:s3:::{name}",
        )],
        terraform: &[
            TemplateSource::attached(
                "aws_s3_bucket_policy",
                &["policy"],
                "bucket",
                ArnFrom::Name("arn:{partition}:s3:::{name}"),
            ),
            TemplateSource::own("aws_s3_bucket", &["policy"]).mirrored(),
        ],
        terraform_arns: &[TemplateArn::named(
            "aws_s3_bucket",
            "bucket",
            "arn:{partition}:s3:::{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::S3::Bucket",
            policy: &[&["supplementaryConfiguration", "BucketPolicy", "policyText"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3:::example-bucket",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}"#,
    },
};
