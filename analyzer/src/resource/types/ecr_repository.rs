//! `AWS::ECR::Repository`: a private ECR repository and its repository
//! policy.
//!
//! - **ARN**: `arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`
//!   (names may hold `/`).
//! - **Actions**: `ecr` actions on the catalog kind `repository`.
//! - **Inputs**: CloudFormation `AWS::ECR::Repository.RepositoryPolicyText`;
//!   Terraform `aws_ecr_repository_policy.policy` (the repository
//!   `repository`, by name); AWS Config `configuration.RepositoryPolicyText`.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html>.

use crate::resource::definition::*;

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::ECR::Repository",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "repository policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "ecr",
        kinds: &["repository"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}"],
    free_variables: &["RepositoryName"],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::ECR::Repository",
            &["RepositoryPolicyText"],
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::ECR::Repository",
            "RepositoryName",
            "arn:{partition}:ecr:{region}:{account}:repository/{name}",
        )],
        terraform: &[TemplateSource::attached(
            "aws_ecr_repository_policy",
            &["policy"],
            "repository",
            ArnFrom::Name("arn:{partition}:ecr:{region}:{account}:repository/{name}"),
        )],
        terraform_arns: &[TemplateArn::named(
            "aws_ecr_repository",
            "name",
            "arn:{partition}:ecr:{region}:{account}:repository/{name}",
        )],
        config: Some(ConfigSource {
            config_type: "AWS::ECR::Repository",
            policy: &[&["configuration", "RepositoryPolicyText"]],
            required: true,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:ecr:us-east-1:111122223333:repository/team/app",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#,
    },
};
