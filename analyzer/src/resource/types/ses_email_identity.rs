//! `AWS::SES::EmailIdentity`: an Amazon SES identity (an email address or
//! a domain) and its sending authorization policies, which let other
//! accounts send email as the identity.
//!
//! - **ARN**: `arn:${Partition}:ses:${Region}:${Account}:identity/${IdentityName}`.
//! - **Actions**: `ses` actions on the catalog kind `identity`
//!   (`ses:SendEmail`, `ses:SendRawEmail`, ...).
//! - **Rules**: an identity can have several named policies; each is read
//!   as its own input for the identity, and each is analysed alone (their
//!   findings together cover what the set grants).
//! - **Inputs**: Terraform `aws_ses_identity_policy.policy` (`identity`, a
//!   name or an ARN); inventory records (`aws sesv2
//!   get-email-identity-policies`). CloudFormation has no policy resource;
//!   AWS Config does not record them.
//!
//! Sources: <https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policies.html>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ses_identity_policy>.

use crate::resource::definition::*;

const ARN: &str = "arn:{partition}:ses:{region}:{account}:identity/{name}";

pub(super) const TYPE: TypeDef = TypeDef {
    name: "AWS::SES::EmailIdentity",
    name_origin: NameOrigin::CloudFormation,
    policy_name: "sending authorization policy",
    policy_kind: PolicyKind::Resource,
    actions: &[ActionSource {
        service: "ses",
        kinds: &["identity"],
    }],
    covers: &[],
    admitted_actions: None,
    arn_forms: &["arn:${Partition}:ses:${Region}:${Account}:identity/${IdentityName}"],
    free_variables: &[],
    inputs: Inputs {
        cloudformation: &[],
        cloudformation_arns: &[TemplateArn::named(
            "AWS::SES::EmailIdentity",
            "EmailIdentity",
            ARN,
        )
        .arn_attributes(&[])],
        terraform: &[TemplateSource::attached(
            "aws_ses_identity_policy",
            &["policy"],
            "identity",
            ArnFrom::Name(ARN),
        )],
        terraform_arns: &[],
        config: None,
        remarks: "CloudFormation: no policy resource; AWS Config: not recorded",
    },
    rewrite_policy: None,
    example: Example {
        arn: "arn:aws:ses:us-east-1:111122223333:identity/example.com",
        policy: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            "Resource": "arn:aws:ses:us-east-1:111122223333:identity/example.com"}]}"#,
    },
};
