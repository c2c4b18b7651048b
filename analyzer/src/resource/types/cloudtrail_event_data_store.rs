//! `AWS::CloudTrail::EventDataStore`: a CloudTrail Lake event data store and its resource policy, which
//! lets other accounts query it (`cloudtrail:StartQuery`, ...).
//!
//! - **ARN**: `arn:${Partition}:cloudtrail:${Region}:${Account}:eventdatastore/${EventDataStoreId}`.
//! - **Actions**: `cloudtrail` actions on the catalog kind `eventdatastore`.
//! - **Inputs**: CloudFormation `AWS::CloudTrail::ResourcePolicy.ResourcePolicy`
//!   whose `ResourceArn` is one of these (the same resource type also
//!   sets event data store, dashboard and channel policies). Terraform and
//!   AWS Config have no mapping for the policy.
//!
//! Sources: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_resource-based-policy-examples.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-resourcepolicy.html>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:cloudtrail:{region}:{account}:eventdatastore/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CloudTrail::EventDataStore",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "cloudtrail",
        kinds: &["eventdatastore"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:cloudtrail:${Region}:${Account}:eventdatastore/${EventDataStoreId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::CloudTrail::ResourcePolicy",
            &["ResourcePolicy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::generated("AWS::CloudTrail::EventDataStore", ARN)
            .arn_attributes(&["EventDataStoreArn"])
            .reference(Reference::Arn)],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform and AWS Config: no mapping",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["cloudtrail:StartQuery", "cloudtrail:GetQueryResults"],
            "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/0a1b2c3d-4e5f-6789-abcd-ef0123456789"}]}"#,
    },
};
