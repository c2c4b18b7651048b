//! `AWS::EventSchemas::Registry`: an EventBridge schema registry and its
//! resource policy, which governs the registry and its schemas.
//!
//! - **ARN**: `arn:${Partition}:schemas:${Region}:${Account}:registry/${RegistryName}`.
//! - **Actions**: `schemas` actions on the catalog kinds `registry` and
//!   `schema`; schema requests name `arn:...:schema/REGISTRY/NAME`.
//! - **Inputs**: CloudFormation `AWS::EventSchemas::RegistryPolicy.Policy`
//!   (`RegistryName`); Terraform `aws_schemas_registry_policy.policy`
//!   (`registry_name`). AWS Config records the policy resource without its
//!   document.
//!
//! Sources: <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-resource-based-schemas.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eventschemas-registrypolicy.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/schemas_registry_policy>.

use crate::resource::definition::*;
use crate::resource::split_arn;
use zoneproof_encodings::pattern::{Pattern, Token};

const ARN: &str = "arn:{partition}:schemas:{region}:{account}:registry/{name}";

/// The schemas of the registry `registry/NAME`: `schema/NAME/...`.
fn schemas(arn: &str) -> Option<Pattern> {
    let parts = split_arn(arn)?;
    let registry = parts.resource.strip_prefix("registry/")?;
    Some(Pattern::new(
        [
            Token::Literal(format!("{}schema/{registry}/", parts.prefix())),
            Token::AnyString { except: None },
        ],
        false,
    ))
}

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::EventSchemas::Registry",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "schema registry policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "schemas",
        kinds: &["registry", "schema"],
    }],
    covers: &[("schema", Cover::Rule(schemas))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:schemas:${Region}:${Account}:registry/${RegistryName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::attached(
            "AWS::EventSchemas::RegistryPolicy",
            &["Policy"],
            "RegistryName",
            ArnFrom::Name(ARN),
        )],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::EventSchemas::Registry",
            "RegistryName",
            ARN,
        )
        .arn_attributes(&["RegistryArn"])
        .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_schemas_registry_policy",
            &["policy"],
            "registry_name",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[TemplateArn::named("aws_schemas_registry", "name", ARN)],
        config: None,
        remarks: "AWS Config: the policy document is not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:schemas:us-east-1:111122223333:registry/orders",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"},
            "Action": ["schemas:DescribeSchema", "schemas:ListSchemas"],
            "Resource": ["arn:aws:schemas:us-east-1:111122223333:registry/orders",
                         "arn:aws:schemas:us-east-1:111122223333:schema/orders/*"]}]}"#,
    },
};
