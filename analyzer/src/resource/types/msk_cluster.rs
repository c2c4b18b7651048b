//! `AWS::MSK::Cluster`: an Amazon MSK cluster and its cluster policy,
//! which lets other accounts connect (multi-VPC private connectivity,
//! `kafka:CreateVpcConnection`) and, with IAM access control, use its
//! topics and groups (`kafka-cluster:*`).
//!
//! - **ARN**: `arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${Uuid}`.
//! - **Actions**: `kafka` actions on the catalog kind `cluster`, and
//!   `kafka-cluster` actions on the kinds `cluster`, `topic`, `group` and
//!   `transactional-id`, whose ARNs are `topic/NAME/UUID/TOPIC`, ...
//! - **Inputs**: CloudFormation `AWS::MSK::ClusterPolicy.Policy`
//!   (`ClusterArn`); Terraform `aws_msk_cluster_policy.policy`
//!   (`cluster_arn`). AWS Config records the policy resource without its
//!   document.
//!
//! Sources: <https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-policy.html>,
//! <https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-msk-clusterpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_cluster_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

/// The cluster's topics, groups or transactional ids:
/// `cluster/NAME/UUID` → `KIND/NAME/UUID/...`.
fn within(kind: &str, arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    let cluster = parts.resource.strip_prefix("cluster/")?;
    Some(Pattern::new(
        [
            Token::Literal(format!("{}{kind}/{cluster}/", parts.prefix())),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

fn topics(arn: &str) -> Option<Pattern> {
    within("topic", arn)
}

fn groups(arn: &str) -> Option<Pattern> {
    within("group", arn)
}

fn transactional_ids(arn: &str) -> Option<Pattern> {
    within("transactional-id", arn)
}

/// A template cluster: its UUID is known only after deployment.
fn cluster(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:kafka:{}:{}:cluster/{}/{}",
        ctx.partition,
        ctx.region,
        ctx.account,
        lookup.name("ClusterName"),
        unresolved("cluster UUID")
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::MSK::Cluster",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "cluster policy",
    policy_kind: PolicyKind::Resource,
    actions: &[
        ActionSource {
            service: "kafka",
            kinds: &["cluster"],
        },
        ActionSource {
            service: "kafka-cluster",
            kinds: &["cluster", "topic", "group", "transactional-id"],
        },
    ],
    covers: &[
        ("topic", Cover::Rule(topics)),
        ("group", Cover::Rule(groups)),
        ("transactional-id", Cover::Rule(transactional_ids)),
    ],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${Uuid}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::MSK::ClusterPolicy",
            &["Policy"],
            "ClusterArn",
            ArnFrom::Arn,
        )],
        cloudformation_arns: &[TemplateArn::rule("AWS::MSK::Cluster", cluster)
            .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_msk_cluster_policy",
            &["policy"],
            "cluster_arn",
            ArnFrom::Arn,
        )],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: the policy document is not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:kafka:us-east-1:111122223333:cluster/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers",
                       "kafka:DescribeCluster", "kafka:DescribeClusterV2"],
            "Resource": "arn:aws:kafka:us-east-1:111122223333:cluster/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2"}]}"#,
    },
};
