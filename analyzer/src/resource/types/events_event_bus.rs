//! `AWS::Events::EventBus`: an EventBridge event bus and its resource
//! policy.
//!
//! - **ARN**: `arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}`
//!   (partner event bus names hold `/`).
//! - **Actions**: `events` actions on the catalog kinds `event-bus`,
//!   `rule-on-custom-event-bus` and `rule-on-default-event-bus`: a bus
//!   policy can let other accounts send events (`events:PutEvents`) and
//!   manage rules on the bus, whose ARNs are `rule/BUS/NAME` (`rule/NAME`
//!   on the default bus).
//! - **Inputs**: CloudFormation `AWS::Events::EventBus.Policy`, and
//!   `AWS::Events::EventBusPolicy` resources: each adds one statement to
//!   its bus's policy (`Statement`, or the older `Action`, `Principal` and
//!   `Condition`), grouped per bus into one policy by the reader; Terraform
//!   `aws_cloudwatch_event_bus_policy.policy` (`event_bus_name`); AWS
//!   Config `configuration.Policy`.
//!
//! Sources: <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_bus_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

const ARN: &str = "arn:{partition}:events:{region}:{account}:event-bus/{name}";

/// The rules of the bus: `rule/BUS/...`, or `rule/...` on the default bus.
fn rules(arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    let bus = parts.resource.strip_prefix("event-bus/")?;
    let prefix = if bus == "default" {
        format!("{}rule/", parts.prefix())
    } else {
        format!("{}rule/{bus}/", parts.prefix())
    };
    Some(Pattern::new(
        [Token::Literal(prefix), Token::AnyString { except: None }],
        false,
    ))
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::Events::EventBus",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "event bus policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "events",
        kinds: &[
            "event-bus",
            "rule-on-custom-event-bus",
            "rule-on-default-event-bus",
        ],
    }],
    covers: &[
        ("rule-on-custom-event-bus", Cover::Rule(rules)),
        ("rule-on-default-event-bus", Cover::Rule(rules)),
    ],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}"],
    free_variables: &["EventBusName"],
    inputs: Inputs {
        cloudformation: &[
            TemplateSource::own("AWS::Events::EventBus", &["Policy"]),
            TemplateSource::synthesised("AWS::Events::EventBusPolicy"),
        ],
        cloudformation_arns: &[TemplateArn::named("AWS::Events::EventBus", "Name", ARN)],
        terraform: &[TemplateSource::attached(
            "aws_cloudwatch_event_bus_policy",
            &["policy"],
            "event_bus_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_cloudwatch_event_bus", "name", ARN)],
        config: Some(ConfigSource {
            config_type: "AWS::Events::EventBus",
            policy: &[&["configuration", "Policy"]],
            required: false,
            arn: None,
        }),
        remarks: "CloudFormation `AWS::Events::EventBusPolicy` statements are grouped per bus; \
                  Terraform's older `aws_cloudwatch_event_permission` is not read",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:events:us-east-1:111122223333:event-bus/central",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "PartnerEvents", "Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "events:PutEvents",
            "Resource": "arn:aws:events:us-east-1:111122223333:event-bus/central"}]}"#,
    },
};
