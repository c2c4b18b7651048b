//! `AWS::MediaStore::Container`: an AWS Elemental MediaStore container and
//! its container policy, which governs the container and its objects.
//!
//! - **ARN**: `arn:${Partition}:mediastore:${Region}:${Account}:container/${ContainerName}`.
//! - **Actions**: `mediastore` actions on the catalog kinds `container`,
//!   `folder` and `object`; folders and objects are `ARN/PATH`.
//! - **Inputs**: CloudFormation `AWS::MediaStore::Container.Policy`;
//!   Terraform `aws_media_store_container_policy.policy`
//!   (`container_name`). AWS Config does not record it.
//!
//! Sources: <https://docs.aws.amazon.com/mediastore/latest/ug/policies.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-mediastore-container.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/media_store_container_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:mediastore:{region}:{account}:container/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::MediaStore::Container",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "container policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "mediastore",
        kinds: &["container", "folder", "object"],
    }],
    covers: &[("folder", Cover::Under("/")), ("object", Cover::Under("/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:mediastore:${Region}:${Account}:container/${ContainerName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::MediaStore::Container", &["Policy"])],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::MediaStore::Container",
            "ContainerName",
            ARN,
        )],
        terraform: &[TemplateSource::attached(
            "aws_media_store_container_policy",
            &["policy"],
            "container_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_media_store_container", "name", ARN)],
        config: None,
        remarks: "AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:mediastore:us-east-1:111122223333:container/live",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["mediastore:GetObject", "mediastore:DescribeObject"],
            "Resource": "arn:aws:mediastore:us-east-1:111122223333:container/live/*"}]}"#,
    },
};
