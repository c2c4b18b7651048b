//! `AWS::VpcLattice::Service`: an Amazon VPC Lattice service and its auth
//! policy, which says who may invoke it (when the service's auth type is
//! `AWS_IAM`).
//!
//! - **ARN**: `arn:${Partition}:vpc-lattice:${Region}:${Account}:service/${ServiceId}`.
//! - **Actions**: `vpc-lattice-svcs` actions on the catalog kinds
//!   `Service` (HTTP: `Invoke`, requests name `ARN/PATH`) and
//!   `TCP Service` (`Connect`, the ARN itself).
//! - **Rules**: an auth policy is enforced only when the auth type is
//!   `AWS_IAM`; with `NONE` every caller that can reach the service gets
//!   in, which the policy does not show (give the policy only for services
//!   with `AWS_IAM`). The service network's auth policy must also allow.
//! - **Inputs**: CloudFormation `AWS::VpcLattice::AuthPolicy.Policy` and
//!   Terraform `aws_vpclattice_auth_policy.policy` whose resource
//!   identifier (an id `svc-...` or an ARN) is a service's. AWS Config does
//!   not record it.
//!
//! Sources: <https://docs.aws.amazon.com/vpc-lattice/latest/ug/auth-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-vpclattice-authpolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpclattice_auth_policy>.

use crate::resource::definition::*;

/// An auth policy's resource identifier: an ARN, `svc-...` or `sn-...`.
pub(super) fn identified(value: &str, ctx: &ArnContext<'_>) -> String {
    let kind = if value.starts_with("sn-") {
        "servicenetwork"
    } else {
        "service"
    };
    format!(
        "arn:{}:vpc-lattice:{}:{}:{kind}/{value}",
        ctx.partition, ctx.region, ctx.account
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::VpcLattice::Service",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "auth policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "vpc-lattice-svcs",
        kinds: &["Service", "TCP Service"],
    }],
    covers: &[("Service", Cover::Under("/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:vpc-lattice:${Region}:${Account}:service/${ServiceId}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::VpcLattice::AuthPolicy",
            &["Policy"],
            "ResourceIdentifier",
            ArnFrom::Rule(identified),
        )],
        cloudformation_arns: &[TemplateArn::generated(
            "AWS::VpcLattice::Service",
            "arn:{partition}:vpc-lattice:{region}:{account}:service/{name}",
        )
        .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_vpclattice_auth_policy",
            &["policy"],
            "resource_identifier",
            ArnFrom::Rule(identified),
        )],
        terraform_arns: &[],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/client"},
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
    },
};
