//! `AWS::S3Express::AccessPoint`: an access point of an S3 Express One
//! Zone directory bucket and its policy.
//!
//! - **ARN**: `arn:${Partition}:s3express:${Region}:${Account}:accesspoint/${AccessPointName}`.
//! - **Actions**: `s3express` actions on the catalog kind `accesspoint`
//!   (object access goes through `s3express:CreateSession`).
//! - **Rules**: the directory bucket's policy must also allow; analysed
//!   alone the findings are an upper bound.
//! - **Inputs**: CloudFormation `AWS::S3Express::AccessPoint.Policy`.
//!   Terraform creates these with `aws_s3_access_point` on a directory
//!   bucket; its `arn`, once known, decides the type. AWS Config does not
//!   record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3express-accesspoint.html>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:s3express:{region}:{account}:accesspoint/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3Express::AccessPoint",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "directory bucket access point policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3express",
        kinds: &["accesspoint"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3express:${Region}:${Account}:accesspoint/${AccessPointName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::S3Express::AccessPoint", &["Policy"])],
        cloudformation_arns: &[TemplateArn::named("AWS::S3Express::AccessPoint", "Name", ARN)],
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
        remarks: "Terraform: `aws_s3_access_point` whose `arn` is an `s3express` ARN; \
                  AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3express:us-east-1:111122223333:accesspoint/reports--use1-az4--xa-s3",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3express:CreateSession",
            "Resource": "arn:aws:s3express:us-east-1:111122223333:accesspoint/reports--use1-az4--xa-s3"}]}"#,
    },
};
