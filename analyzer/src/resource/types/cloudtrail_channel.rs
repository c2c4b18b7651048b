//! `AWS::CloudTrail::Channel`: a CloudTrail Lake channel for events from
//! outside AWS, and its resource policy, which says who may send events
//! into it (`cloudtrail-data:PutAuditEvents`).
//!
//! - **ARN**: `arn:${Partition}:cloudtrail:${Region}:${Account}:channel/${ChannelId}`.
//! - **Actions**: `cloudtrail-data` actions on its catalog kind `channel`,
//!   and `cloudtrail` actions on the kind `channel`.
//! - **Inputs**: CloudFormation `AWS::CloudTrail::ResourcePolicy.ResourcePolicy`
//!   whose `ResourceArn` is a channel's. Terraform and AWS Config have no
//!   mapping for the policy.
//!
//! Sources: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-event-data-store-integration.html>,
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_resource-based-policy-examples.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-resourcepolicy.html>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:cloudtrail:{region}:{account}:channel/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CloudTrail::Channel",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "channel resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[
        ActionSource {
            service: "cloudtrail-data",
            kinds: &["channel"],
        },
        ActionSource {
            service: "cloudtrail",
            kinds: &["channel"],
        },
    ],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:cloudtrail:${Region}:${Account}:channel/${ChannelId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::CloudTrail::ResourcePolicy",
            &["ResourcePolicy"],
            "ResourceArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::generated("AWS::CloudTrail::Channel", ARN)
            .arn_attributes(&["ChannelArn"])
            .reference(Reference::Arn)],
        terraform: &[],
        terraform_arns: &[],
        config: None,
        remarks: "Terraform and AWS Config: no mapping",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567-89ab-cdef-0123-456789abcdef",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "cloudtrail-data:PutAuditEvents",
            "Resource": "arn:aws:cloudtrail:us-east-1:111122223333:channel/01234567-89ab-cdef-0123-456789abcdef"}]}"#,
    },
};
