//! `AWS::CloudTrail::Dashboard`: a CloudTrail Lake dashboard and its resource policy, which
//! lets other principals view or refresh it.
//!
//! - **ARN**: `arn:${Partition}:cloudtrail:${Region}:${Account}:dashboard/${DashboardName}`.
//! - **Actions**: `cloudtrail` actions on the catalog kind `dashboard`.
//! - **Inputs**: CloudFormation `AWS::CloudTrail::ResourcePolicy.ResourcePolicy`
//!   whose `ResourceArn` is one of these (the same resource type also
//!   sets event data store, dashboard and channel policies). Terraform and
//!   AWS Config have no mapping for the policy.
//!
//! Sources: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/lake-dashboard.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-resourcepolicy.html>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:cloudtrail:{region}:{account}:dashboard/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CloudTrail::Dashboard",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "cloudtrail",
        kinds: &["dashboard"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:cloudtrail:${Region}:${Account}:dashboard/${DashboardName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::CloudTrail::ResourcePolicy",
            &["ResourcePolicy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::named("AWS::CloudTrail::Dashboard", "Name", ARN)
            .arn_attributes(&["DashboardArn"])
            .reference(Reference::Arn)],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform and AWS Config: no mapping",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:cloudtrail:us-east-1:111122223333:dashboard/security-overview",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["cloudtrail:GetDashboard"],
            "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:dashboard/security-overview"}]}"#,
    },
};
