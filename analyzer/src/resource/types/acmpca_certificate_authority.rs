//! `AWS::ACMPCA::CertificateAuthority`: an AWS Private CA certificate
//! authority and its resource policy, which lets other accounts issue and
//! retrieve certificates from it.
//!
//! - **ARN**: `arn:${Partition}:acm-pca:${Region}:${Account}:certificate-authority/${CertificateAuthorityId}`.
//! - **Actions**: `acm-pca` actions on the catalog kind
//!   `certificate-authority` (`acm-pca:IssueCertificate`, ...).
//! - **Inputs**: Terraform `aws_acmpca_policy.policy` (`resource_arn`);
//!   inventory records (`aws acm-pca get-policy`). CloudFormation has no
//!   policy resource (AWS RAM shares CAs there); AWS Config does not record
//!   the policy.
//!
//! Sources: <https://docs.aws.amazon.com/privateca/latest/userguide/pca-rbp.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acmpca_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:acm-pca:{region}:{account}:certificate-authority/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::ACMPCA::CertificateAuthority",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "CA resource policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "acm-pca",
        kinds: &["certificate-authority"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &[
        "arn:${Partition}:acm-pca:${Region}:${Account}:certificate-authority/${CertificateAuthorityId}",
    ],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[],
        cloudformation_arns: &[TemplateArn::generated("AWS::ACMPCA::CertificateAuthority", ARN)
            .reference(Reference::Arn)],
        terraform: &[TemplateSource::attached(
            "aws_acmpca_policy",
            &["policy"],
            "resource_arn",
            ArnFrom::Arn,
        )],
        terraform_arns: &[],
        config: None,
        remarks: "CloudFormation: no policy resource; AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/11223344-5566-7788-9900-aabbccddeeff",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "444455556666"},
            "Action": ["acm-pca:IssueCertificate", "acm-pca:GetCertificate"],
            "Resource": "arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/11223344-5566-7788-9900-aabbccddeeff"}]}"#,
    },
};
