//! `AWS::Oam::Sink`: a CloudWatch cross-account observability sink (in a
//! monitoring account) and its sink policy, which says which source
//! accounts may link to it and share their telemetry.
//!
//! - **ARN**: `arn:${Partition}:oam:${Region}:${Account}:sink/${SinkId}`.
//! - **Actions**: `oam` actions on the catalog kind `Sink`
//!   (`oam:CreateLink`, `oam:UpdateLink`, ...).
//! - **Inputs**: CloudFormation `AWS::Oam::Sink.Policy` (the logical id
//!   stands for the generated id); Terraform `aws_oam_sink_policy.policy`
//!   (`sink_identifier`, the sink's ARN). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Unified-Cross-Account-Setup.html>,
//! <https://docs.aws.amazon.com/OAM/latest/APIReference/API_PutSinkPolicy.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-oam-sink.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/oam_sink_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:oam:{region}:{account}:sink/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Oam::Sink",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "sink policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "oam",
        kinds: &["Sink"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:oam:${Region}:${Account}:sink/${SinkId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::Oam::Sink", &["Policy"])],
        cloudformation_arns: &[TemplateArn::generated("AWS::Oam::Sink", ARN)
            .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_oam_sink_policy",
            &["policy"],
            "sink_identifier",
            ArnFrom::Arn,
        )],
        terraform_arns: &[TemplateArn::named("aws_oam_sink", "sink_id", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:oam:us-east-1:111122223333:sink/f3b3a1c2-0a1b-4c5d-9e8f-0123456789ab",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": ["444455556666"]},
            "Action": ["oam:CreateLink", "oam:UpdateLink"], "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"oam:ResourceTypes": ["AWS::CloudWatch::Metric"]}}}]}"#,
    },
};
