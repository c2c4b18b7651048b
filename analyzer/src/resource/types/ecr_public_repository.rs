//! `AWS::ECR::PublicRepository`: an Amazon ECR Public repository and its
//! repository policy.
//!
//! - **ARN**: `arn:${Partition}:ecr-public::${Account}:repository/${RepositoryName}`
//!   (ECR Public is global: no region).
//! - **Actions**: `ecr-public` actions on the catalog kind `repository`.
//! - **Rules**: anyone can pull a public repository's images without IAM
//!   (that is what it is for); the policy governs everything else, such as
//!   pushing images (`ecr-public:PutImage`, `InitiateLayerUpload`, ...),
//!   and findings report those grants.
//! - **Inputs**: CloudFormation `AWS::ECR::PublicRepository.RepositoryPolicyText`;
//!   Terraform `aws_ecrpublic_repository_policy.policy`
//!   (`repository_name`). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/AmazonECR/latest/public/public-repository-policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-publicrepository.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecrpublic_repository_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:ecr-public::{account}:repository/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::ECR::PublicRepository",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "public repository policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "ecr-public",
        kinds: &["repository"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:ecr-public::${Account}:repository/${RepositoryName}"],
    free_variables: &["RepositoryName"],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own(
            "AWS::ECR::PublicRepository",
            &["RepositoryPolicyText"],
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::ECR::PublicRepository",
            "RepositoryName",
            ARN,
        )],
        terraform: &[TemplateSource::attached(
            "aws_ecrpublic_repository_policy",
            &["policy"],
            "repository_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named(
            "aws_ecrpublic_repository",
            "repository_name",
            ARN,
        )],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:ecr-public::111122223333:repository/tools",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/ci"},
            "Action": ["ecr-public:PutImage", "ecr-public:InitiateLayerUpload",
                       "ecr-public:UploadLayerPart", "ecr-public:CompleteLayerUpload"]}]}"#,
    },
};
