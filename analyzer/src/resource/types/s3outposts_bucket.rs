//! `AWS::S3Outposts::Bucket`: an S3 on Outposts bucket and its bucket
//! policy.
//!
//! - **ARN**: `arn:${Partition}:s3-outposts:${Region}:${Account}:outpost/${OutpostId}/bucket/${BucketName}`.
//! - **Actions**: `s3-outposts` actions on the catalog kinds `bucket` and
//!   `object`; object requests name `ARN/object/KEY`.
//! - **Inputs**: CloudFormation `AWS::S3Outposts::BucketPolicy.PolicyDocument`
//!   (`Bucket`, an ARN); Terraform `aws_s3control_bucket_policy.policy`
//!   (`bucket`, an ARN). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/s3-outposts/S3OutpostsIAM.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3outposts-bucketpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_bucket_policy>.

use crate::resource::definition::*;

fn bucket(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:s3-outposts:{}:{}:outpost/{}/bucket/{}",
        ctx.partition,
        ctx.region,
        ctx.account,
        lookup.get("OutpostId"),
        lookup.name("BucketName")
    )
}

fn planned_bucket(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:s3-outposts:{}:{}:outpost/{}/bucket/{}",
        ctx.partition,
        ctx.region,
        ctx.account,
        lookup.get("outpost_id"),
        lookup.name("bucket")
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Outposts::Bucket",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "Outposts bucket policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3-outposts",
        kinds: &["bucket", "object"],
    }],
    covers: &[("object", Cover::Under("/object/"))],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:s3-outposts:${Region}:${Account}:outpost/${OutpostId}/bucket/${BucketName}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3Outposts::BucketPolicy",
            &["PolicyDocument"],
            "Bucket",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::rule("AWS::S3Outposts::Bucket", bucket)
            .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_s3control_bucket_policy",
            &["policy"],
            "bucket",
            ArnFrom::Arn,
        )],
        terraform_arns: &[TemplateArn::rule("aws_s3control_bucket", planned_bucket)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3-outposts:us-east-1:111122223333:outpost/op-01ac5d28a6a232904/bucket/plant-data",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3-outposts:GetObject",
            "Resource": "arn:aws:s3-outposts:us-east-1:111122223333:outpost/op-01ac5d28a6a232904/bucket/plant-data/object/*"}]}"#,
    },
};
