//! `AWS::OpenSearchService::Domain`: an Amazon OpenSearch Service domain and its domain access policy.
//!
//! - **ARN**: `arn:${Partition}:es:${Region}:${Account}:domain/${DomainName}`
//!   (OpenSearch and Elasticsearch domains both use the `es` service).
//! - **Actions**: `es` actions on the catalog kind `domain`; HTTP
//!   requests (`es:ESHttp*`) name the domain's subresources
//!   `ARN/INDEX/...`, other requests the domain itself: both are analysed.
//! - **Rules**: an access policy applies to requests that reach the
//!   domain; a domain in a VPC is reachable only from that VPC, which the
//!   analysis does not see (its findings stand for a public endpoint).
//! - **Inputs**: CloudFormation `AWS::OpenSearchService::Domain.AccessPolicies`; Terraform
//!   `aws_opensearch_domain.access_policies` and `aws_opensearch_domain_policy.access_policies`
//!   (`domain_name`); AWS Config `configuration.AccessPolicies` of `AWS::OpenSearch::Domain`
//!   items.
//!
//! Sources: <https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-opensearchservice-domain.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/opensearch_domain_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:es:{region}:{account}:domain/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::OpenSearchService::Domain",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "domain access policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "es",
        kinds: &["domain"],
    }],
    covers: &[("domain", Cover::ItselfOrUnder("/"))],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:es:${Region}:${Account}:domain/${DomainName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[TemplateSource::own("AWS::OpenSearchService::Domain", &["AccessPolicies"])],
        cloudformation_arns: &[TemplateArn::named("AWS::OpenSearchService::Domain", "DomainName", ARN)
            .arn_attributes(&["Arn", "DomainArn"])],
        terraform: &[
            TemplateSource::own("aws_opensearch_domain", &["access_policies"]).mirrored(),
            TemplateSource::attached(
                "aws_opensearch_domain_policy",
                &["access_policies"],
                "domain_name",
                ArnFrom::Name(ARN),
            ),
        ],
        terraform_arns: &[TemplateArn::named("aws_opensearch_domain", "domain_name", ARN)],
        config: Some(ConfigSource {
            config_type: "AWS::OpenSearch::Domain",
            policy: &[&["configuration", "AccessPolicies"], &["configuration", "accessPolicies"]],
            required: false,
            arn: None,
        }),
        remarks: "",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:es:us-east-1:111122223333:domain/search",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/analyst"},
            "Action": "es:ESHttpGet", "Resource": "arn:aws:es:us-east-1:111122223333:domain/search/*"}]}"#,
    },
};
