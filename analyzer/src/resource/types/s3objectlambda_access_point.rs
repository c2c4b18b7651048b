//! `AWS::S3ObjectLambda::AccessPoint`: an S3 Object Lambda access point
//! and its policy.
//!
//! - **ARN**: `arn:${Partition}:s3-object-lambda:${Region}:${Account}:accesspoint/${AccessPointName}`.
//! - **Actions**: `s3-object-lambda` actions on the catalog kind
//!   `objectlambdaaccesspoint`, and the `s3` actions on it (its
//!   configuration and policy).
//! - **Rules**: requests name the access point's ARN, or `ARN/object/KEY`
//!   for objects: both are analysed. The supporting access point and the
//!   bucket must also allow; analysed alone the findings are an upper
//!   bound.
//! - **Inputs**: CloudFormation `AWS::S3ObjectLambda::AccessPointPolicy.PolicyDocument`
//!   (`ObjectLambdaAccessPoint`, a name); Terraform
//!   `aws_s3control_object_lambda_access_point_policy.policy` (`name`).
//!   AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3objectlambda-accesspointpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_object_lambda_access_point_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:s3-object-lambda:{region}:{account}:accesspoint/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3ObjectLambda::AccessPoint",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "Object Lambda access point policy",
    policy_kind: PolicyKind::Resource,
    actions: &[
        ActionSource {
            service: "s3-object-lambda",
            kinds: &["objectlambdaaccesspoint"],
        },
        ActionSource {
            service: "s3",
            kinds: &["objectlambdaaccesspoint"],
        },
    ],
    covers: &[("objectlambdaaccesspoint", Cover::ItselfOrUnder("/object/"))],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:s3-object-lambda:${Region}:${Account}:accesspoint/${AccessPointName}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3ObjectLambda::AccessPointPolicy",
            &["PolicyDocument"],
            "ObjectLambdaAccessPoint",
            ArnFrom::Name(ARN),
        )],
        cloudformation_arns: &[TemplateArn::named("AWS::S3ObjectLambda::AccessPoint", "Name", ARN)],
        terraform: &[TemplateSource::attached(
            "aws_s3control_object_lambda_access_point_policy",
            &["policy"],
            "name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named(
            "aws_s3control_object_lambda_access_point",
            "name",
            ARN,
        )],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/redact",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "s3-object-lambda:GetObject",
            "Resource": "arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/redact"}]}"#,
    },
};
