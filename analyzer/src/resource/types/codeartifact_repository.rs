//! `AWS::CodeArtifact::Repository`: a CodeArtifact repository (and its
//! packages) and its repository permissions policy.
//!
//! - **ARN**: `arn:${Partition}:codeartifact:${Region}:${Account}:repository/${DomainName}/${RepositoryName}`.
//! - **Actions**: `codeartifact` actions on the catalog kinds `repository`
//!   and `package`; package requests name
//!   `arn:...:package/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME`.
//! - **Inputs**: CloudFormation `AWS::CodeArtifact::Repository.PermissionsPolicyDocument`;
//!   Terraform `aws_codeartifact_repository_permissions_policy.policy_document`
//!   (`domain`, `repository`); AWS Config `configuration.PermissionsPolicyDocument`
//!   (Config records the type through its CloudFormation model).
//!
//! Sources: <https://docs.aws.amazon.com/codeartifact/latest/ug/repo-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codeartifact-repository.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codeartifact_repository_permissions_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

/// The packages of the repository `repository/DOMAIN/NAME`.
fn packages(arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    let repository = parts.resource.strip_prefix("repository/")?;
    Some(Pattern::new(
        [
            Token::Literal(format!("{}package/{repository}/", parts.prefix())),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

fn template_repository(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    repository(lookup.get("DomainName"), lookup.name("RepositoryName"), ctx)
}

fn planned_repository(lookup: &Lookup<'_>, ctx: &ArnContext<'_>) -> String {
    repository(lookup.get("domain"), lookup.get("repository"), ctx)
}

fn repository(domain: String, name: String, ctx: &ArnContext<'_>) -> String {
    format!(
        "arn:{}:codeartifact:{}:{}:repository/{domain}/{name}",
        ctx.partition, ctx.region, ctx.account
    )
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::CodeArtifact::Repository",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "repository permissions policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "codeartifact",
        kinds: &["repository", "package"],
    }],
    covers: &[("package", Cover::Rule(packages))],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:codeartifact:${Region}:${Account}:repository/${DomainName}/${RepositoryName}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::CodeArtifact::Repository",
            &["PermissionsPolicyDocument"],
        )],
        cloudformation_arns: &[TemplateArn::rule(
            "AWS::CodeArtifact::Repository",
            template_repository,
        )
        .reference(Reference::Arn)],
        terraform: &[TemplateSource {
            resource_type: "aws_codeartifact_repository_permissions_policy",
            policy: &["policy_document"],
            required: true,
            target: Target::Rule(planned_repository),
            mirrored: false,
        }],
        terraform_arns: &[TemplateArn::rule(
            "aws_codeartifact_repository",
            planned_repository,
        )],
        config: Some(ConfigSource {
            config_type: "AWS::CodeArtifact::Repository",
            policy: &[&["configuration", "PermissionsPolicyDocument"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/releases",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["codeartifact:ReadFromRepository", "codeartifact:GetPackageVersionAsset"],
            "Resource": "*"}]}"#,
    },
};
