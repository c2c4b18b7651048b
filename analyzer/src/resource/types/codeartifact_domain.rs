//! `AWS::CodeArtifact::Domain`: a CodeArtifact domain and its domain
//! permissions policy.
//!
//! - **ARN**: `arn:${Partition}:codeartifact:${Region}:${Account}:domain/${DomainName}`.
//! - **Actions**: `codeartifact` actions on the catalog kind `domain`
//!   (`codeartifact:GetAuthorizationToken`, `CreateRepository`, ...);
//!   repositories and packages have their own policy
//!   (`AWS::CodeArtifact::Repository`).
//! - **Inputs**: CloudFormation `AWS::CodeArtifact::Domain.PermissionsPolicyDocument`;
//!   Terraform `aws_codeartifact_domain_permissions_policy.policy_document`
//!   (`domain`). AWS Config does not record domains.
//!
//! Sources: <https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codeartifact-domain.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codeartifact_domain_permissions_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:codeartifact:{region}:{account}:domain/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CodeArtifact::Domain",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "domain permissions policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "codeartifact",
        kinds: &["domain"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:codeartifact:${Region}:${Account}:domain/${DomainName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::CodeArtifact::Domain",
            &["PermissionsPolicyDocument"],
        )],
        cloudformation_arns: &[TemplateArn::named("AWS::CodeArtifact::Domain", "DomainName", ARN)
            .reference(Reference::Arn)],
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
