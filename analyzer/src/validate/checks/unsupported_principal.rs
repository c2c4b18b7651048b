//! `UNSUPPORTED_PRINCIPAL`: `Principal` in an identity policy.

use crate::validate::check::{check, Context, Report, IDENTITY_ONLY};

check! {
    /// ## What it finds
    /// A `Principal` or `NotPrincipal` element in an identity-based
    /// policy.
    ///
    /// ## Why it matters
    /// An identity policy applies to the identity it is attached to; IAM
    /// rejects a principal in it. A policy written for a resource was
    /// probably attached to the wrong thing.
    ///
    /// ## How to fix
    /// Remove the element, or attach the policy to the resource it was
    /// written for.
    code: "UNSUPPORTED_PRINCIPAL",
    finding_type: Error,
    title: "Unsupported principal",
    policy_types: IDENTITY_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = &statement.principal {
            report.add(
                format!(
                    "The policy type {} does not support the {} element. Remove the {} element.",
                    ctx.policy_type.aws_name(),
                    principal.name,
                    principal.name
                ),
                statement.key_location(principal.member),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_a_principal_in_an_identity_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
