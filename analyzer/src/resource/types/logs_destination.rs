//! `AWS::Logs::Destination`: a CloudWatch Logs destination (the receiving
//! end of cross-account log subscriptions) and its access policy.
//!
//! - **ARN**: `arn:${Partition}:logs:${Region}:${Account}:destination:${DestinationName}`.
//! - **Actions**: `logs` actions on the catalog kind `destination`
//!   (`logs:PutSubscriptionFilter`, ...).
//! - **Inputs**: CloudFormation `AWS::Logs::Destination.DestinationPolicy`;
//!   Terraform `aws_cloudwatch_log_destination_policy.access_policy`
//!   (`destination_name`); AWS Config `configuration.DestinationPolicy`
//!   (Config records the type through its CloudFormation model).
//!
//! Sources: <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateDestination.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-destination.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_destination_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:logs:{region}:{account}:destination:{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Logs::Destination",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "destination access policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "logs",
        kinds: &["destination"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:logs:${Region}:${Account}:destination:${DestinationName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::Logs::Destination",
            &["DestinationPolicy"],
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::Logs::Destination",
            "DestinationName",
            ARN,
        )],
        terraform: &[TemplateSource::attached(
            "aws_cloudwatch_log_destination_policy",
            &["access_policy"],
            "destination_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_cloudwatch_log_destination", "name", ARN)],
        config: Some(ConfigSource {
            config_type: "AWS::Logs::Destination",
            policy: &[&["configuration", "DestinationPolicy"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:logs:us-east-1:111122223333:destination:central",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "logs:PutSubscriptionFilter",
            "Resource": "arn:aws:logs:us-east-1:111122223333:destination:central"}]}"#,
    },
};
