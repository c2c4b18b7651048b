//! `AWS::S3Outposts::AccessPoint`: an access point of an S3 on Outposts
//! bucket and its policy.
//!
//! - **ARN**: `arn:${Partition}:s3-outposts:${Region}:${Account}:outpost/${OutpostId}/accesspoint/${AccessPointName}`.
//! - **Actions**: `s3-outposts` actions on the catalog kinds `accesspoint`
//!   and `object`; object requests through the access point name
//!   `ARN/object/KEY`.
//! - **Rules**: the bucket's policy must also allow; analysed alone the
//!   findings are an upper bound.
//! - **Inputs**: CloudFormation `AWS::S3Outposts::AccessPoint.Policy` (the
//!   outpost comes from the `Bucket` ARN); Terraform `aws_s3_access_point.policy`
//!   and `aws_s3control_access_point_policy.policy` whose ARN is an Outposts
//!   one. AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/s3-outposts/S3OutpostsAccessPoints.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3outposts-accesspoint.html>.

use crate::resource::definition::*;

/// The access point `Name` of the bucket `Bucket` (an Outposts bucket ARN).
fn access_point(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    let bucket = lookup.get("Bucket");
    let outpost = bucket
        .split_once(":outpost/")
        .and_then(|(_, rest)| rest.split_once("/bucket/"))
        .map(|(outpost, _)| outpost.to_string())
        .unwrap_or_else(|| unresolved(&format!("outpost of {bucket}")));
    format!(
        "arn:{}:s3-outposts:{}:{}:outpost/{outpost}/accesspoint/{}",
        ctx.partition,
        ctx.region,
        ctx.account,
        lookup.name("Name")
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Outposts::AccessPoint",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "Outposts access point policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3-outposts",
        kinds: &["accesspoint", "object"],
    }],
    covers: &[("object", Cover::Under("/object/"))],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:s3-outposts:${Region}:${Account}:outpost/${OutpostId}/accesspoint/${AccessPointName}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::S3Outposts::AccessPoint", &["Policy"])],
        cloudformation_arns: &[TemplateArn::rule("AWS::S3Outposts::AccessPoint", access_point)
            .reference(Reference::Arn)],
        terraform: &[
            TemplateSource::own("aws_s3_access_point", &["policy"]).mirrored(),
            TemplateSource::attached(
                "aws_s3control_access_point_policy",
                &["policy"],
                "access_point_arn",
                ArnFrom::Arn,
            ),
        ],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform: `aws_s3_access_point` whose `arn` is an `s3-outposts` ARN; \
                  AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3-outposts:us-east-1:111122223333:outpost/op-01ac5d28a6a232904/accesspoint/plant-reader",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3-outposts:GetObject",
            "Resource": "arn:aws:s3-outposts:us-east-1:111122223333:outpost/op-01ac5d28a6a232904/accesspoint/plant-reader/object/*"}]}"#,
    },
};
