//! `AWS::S3::MultiRegionAccessPoint`: an S3 Multi-Region Access Point and
//! its policy.
//!
//! - **ARN**: `arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}`
//!   (the alias AWS generates, such as `mfzwi23gnjvgw.mrap`, not the name).
//! - **Actions**: `s3` actions on the catalog kinds `multiregionaccesspoint`
//!   and `accesspointobject`; object requests name `ARN/object/KEY`.
//! - **Rules**: as for access points, the buckets' policies must also
//!   allow; analysed alone the policy's findings are an upper bound.
//! - **Inputs**: CloudFormation `AWS::S3::MultiRegionAccessPointPolicy.Policy`
//!   (`MrapName`); Terraform `aws_s3control_multi_region_access_point_policy.details[0].policy`
//!   (`details[0].name`). Templates name the access point, whose alias is
//!   known only after deployment: the ARN holds a placeholder for it. AWS
//!   Config does not record the policy.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-multiregionaccesspointpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_multi_region_access_point_policy>.

use crate::resource::definition::*;

/// The ARN of the access point named `name`: its alias is unknown.
fn by_name(name: &str, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:s3::{}:accesspoint/{}",
        ctx.partition,
        ctx.account,
        unresolved(&format!("alias of {name}"))
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::S3::MultiRegionAccessPoint",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "Multi-Region Access Point policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "s3",
        kinds: &["multiregionaccesspoint", "accesspointobject"],
    }],
    covers: &[("accesspointobject", Cover::Under("/object/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::S3::MultiRegionAccessPointPolicy",
            &["Policy"],
            "MrapName",
            ArnFrom::Rule(by_name),
        )],
        cloudformation_arns: &[],
        terraform: &[TemplateSource::attached(
            "aws_s3control_multi_region_access_point_policy",
            &["details", "0", "policy"],
            "details.0.name",
            ArnFrom::Rule(by_name),
        )],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"}]}"#,
    },
};
