//! `AWS::VpcLattice::ServiceNetwork`: an Amazon VPC Lattice service
//! network and its auth policy, which applies to every request through the
//! network (when its auth type is `AWS_IAM`), to any service associated
//! with it.
//!
//! - **ARN**: `arn:${Partition}:vpc-lattice:${Region}:${Account}:servicenetwork/${ServiceNetworkId}`.
//! - **Actions**: `vpc-lattice-svcs` actions on the catalog kinds
//!   `Service` and `TCP Service`: requests name a service of the network,
//!   which may belong to another account, so any service ARN of the region.
//! - **Rules**: as for services, `NONE` as auth type lets everyone in
//!   whatever the policy says; each service's own auth policy must also
//!   allow.
//! - **Inputs**: CloudFormation `AWS::VpcLattice::AuthPolicy.Policy` and
//!   Terraform `aws_vpclattice_auth_policy.policy` whose resource
//!   identifier (`sn-...` or an ARN) is a service network's. AWS Config
//!   does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/vpc-lattice/latest/ug/auth-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-vpclattice-authpolicy.html>.

use super::vpclattice_service::identified;
use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

/// Any service of the network's partition and region, in any account.
fn services(arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    Some(Pattern::new(
        [
            Token::Literal(format!(
                "arn:{}:vpc-lattice:{}:",
                parts.partition, parts.region
            )),
            Token::AnyString { except: Some(':') },
            Token::Literal(":service/".to_string()),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::VpcLattice::ServiceNetwork",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "auth policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "vpc-lattice-svcs",
        kinds: &["Service", "TCP Service"],
    }],
    covers: &[
        ("Service", Cover::Rule(services)),
        ("TCP Service", Cover::Rule(services)),
    ],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:vpc-lattice:${Region}:${Account}:servicenetwork/${ServiceNetworkId}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::VpcLattice::AuthPolicy",
            &["Policy"],
            "ResourceIdentifier",
            ArnFrom::Rule(identified),
        )],
        cloudformation_arns: &[TemplateArn::generated(
            "AWS::VpcLattice::ServiceNetwork",
            "arn:{partition}:vpc-lattice:{region}:{account}:servicenetwork/{name}",
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
        arn: "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
    },
};
