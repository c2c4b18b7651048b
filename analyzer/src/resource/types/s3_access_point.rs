//! `AWS::S3::AccessPoint`: an S3 access point of a general purpose bucket
//! and its access point policy.
//!
//! - **ARN**: `arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}`.
//! - **Actions**: `s3` actions on the catalog kinds `accesspoint` and
//!   `accesspointobject`; object requests through the access point name
//!   `ARN/object/KEY`.
//! - **Rules**: a request through an access point needs both the access
//!   point policy and the bucket policy (the bucket may delegate to its
//!   access points). Analysed alone, the access point policy's findings are
//!   the access it grants if the bucket delegates: more access than or as
//!   much as the pair grants, never less.
//! - **Inputs**: CloudFormation `AWS::S3::AccessPoint.Policy`; Terraform
//!   `aws_s3_access_point.policy` and `aws_s3control_access_point_policy.policy`
//!   (`access_point_arn`); AWS Config `configuration.Policy` (Config records
//!   the type through its CloudFormation model).
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-accesspoint.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_access_point_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:s3:{region}:{account}:accesspoint/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3::AccessPoint",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "access point policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3",
        kinds: &["accesspoint", "accesspointobject"],
    }],
    covers: &[("accesspointobject", Cover::Under("/object/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::S3::AccessPoint", &["Policy"])],
        cloudformation_arns: &[TemplateArn::named("AWS::S3::AccessPoint", "Name", ARN)],
        terraform: &[
            TemplateSource::own("aws_s3_access_point", &["policy"]).mirrored(),
            TemplateSource::attached(
                "aws_s3control_access_point_policy",
                &["policy"],
                "access_point_arn",
                ArnFrom::Arn,
            ),
        ],
        terraform_arns: &[TemplateArn::named("aws_s3_access_point", "name", ARN)],
        config: Some(ConfigSource {
            config_type: "AWS::S3::AccessPoint",
            policy: &[&["configuration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3:us-east-1:111122223333:accesspoint/analytics",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/reader"}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:us-east-1:111122223333:accesspoint/analytics/object/*"}]}"#,
    },
};
