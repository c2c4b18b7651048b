//! `FEDERATED_PRINCIPAL_NOT_SUPPORTED`: a `Federated` principal outside a
//! role trust policy.

use crate::validate::check::{check, Context, Report};
use crate::validate::PolicyType;

check! {
    /// ## What it finds
    /// A `Federated` principal in a resource policy other than a role
    /// trust policy (an S3 bucket policy, an SQS queue policy, ...) or in
    /// a resource control policy.
    ///
    /// ## Why it matters
    /// Federated identities reach AWS only by assuming a role; a resource
    /// policy never sees them as principals, so the entry grants nothing.
    ///
    /// ## How to fix
    /// Grant the role that the federated users assume.
    code: "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
    finding_type: Error,
    title: "Federated principal not supported",
    policy_types: &[PolicyType::Resource, PolicyType::Rcp],
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in statement.principal.iter().flat_map(|p| p.entries()) {
            if entry.kind == "Federated" {
                report.add(
                    "The policy type does not support a federated identity provider in the principal element. Use a supported principal.",
                    crate::validate::document::value_location(entry.path.clone(), entry.member),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_federated_principal_in_a_bucket_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/web"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
