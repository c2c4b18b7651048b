//! `AWS::CodeArtifact::Domain`: a CodeArtifact domain and its domain
//! permissions policy.
//!
//! - **ARN**: `arn:${Partition}:codeartifact:${Region}:${Account}:domain/${DomainName}`.
//! - **Actions**: `codeartifact` actions on the catalog kinds `domain`,
//!   `repository`, `package` and `package-group`: a domain policy is
//!   evaluated for every operation on the domain and on the resources in it
//!   (an action is allowed when the domain policy or the repository policy
//!   allows it), whose ARNs are `repository/DOMAIN/...`,
//!   `package/DOMAIN/...` and `package-group/DOMAIN...`.
//! - **Inputs**: CloudFormation `AWS::CodeArtifact::Domain.PermissionsPolicyDocument`;
//!   Terraform `aws_codeartifact_domain_permissions_policy.policy_document`
//!   (`domain`). AWS Config does not record domains.
//!
//! Sources: <https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html>,
//! <https://docs.aws.amazon.com/codeartifact/latest/ug/repo-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codeartifact-domain.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codeartifact_domain_permissions_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

const ARN: &str = "arn:{partition}:codeartifact:{region}:{account}:domain/{name}";

/// Resources of `kind` in the domain `domain/NAME`: `KIND/NAME` followed
/// by `separator` and anything.
fn within(kind: &str, separator: &str, arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    let domain = parts.resource.strip_prefix("domain/")?;
    Some(Pattern::new(
        [
            Token::Literal(format!("{}{kind}/{domain}{separator}", parts.prefix())),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

fn repositories(arn: &str) -> Option<Pattern> {
    within("repository", "/", arn)
}

fn packages(arn: &str) -> Option<Pattern> {
    within("package", "/", arn)
}

fn package_groups(arn: &str) -> Option<Pattern> {
    within("package-group", "", arn)
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CodeArtifact::Domain",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "domain permissions policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "codeartifact",
        kinds: &["domain", "repository", "package", "package-group"],
    }],
    covers: &[
        ("repository", Cover::Rule(repositories)),
        ("package", Cover::Rule(packages)),
        ("package-group", Cover::Rule(package_groups)),
    ],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:codeartifact:${Region}:${Account}:domain/${DomainName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::CodeArtifact::Domain",
            &["PermissionsPolicyDocument"],
        )],
        cloudformation_arns: &[TemplateArn::named("AWS::CodeArtifact::Domain", "DomainName", ARN)
            .reference(Reference::Arn)
        .name_attributes(&["Name"])],
        terraform: &[TemplateSource::attached(
            "aws_codeartifact_domain_permissions_policy",
            &["policy_document"],
            "domain",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_codeartifact_domain", "domain", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:codeartifact:us-east-1:111122223333:domain/acme",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "codeartifact:GetAuthorizationToken", "Resource": "*"}]}"#,
    },
};
