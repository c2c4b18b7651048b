//! `MISSING_PRINCIPAL`: a resource-based statement without `Principal`.

use crate::validate::check::{check, Context, Report, PRINCIPAL_TYPES};

check! {
    /// ## What it finds
    /// A statement without `Principal` or `NotPrincipal` in a resource
    /// policy, role trust policy or resource control policy.
    ///
    /// ## Why it matters
    /// A resource-based policy must say who it applies to; the service
    /// rejects the policy otherwise.
    ///
    /// ## How to fix
    /// Add a `Principal`, e.g. `{"AWS": "111122223333"}` for an account.
    code: "MISSING_PRINCIPAL",
    finding_type: Error,
    title: "Missing principal",
    policy_types: PRINCIPAL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_object() && statement.principal.is_none() {
            report.add(
                "Add a Principal element to the policy statement.",
                statement.location(),
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
    fn flags_a_bucket_statement_without_principal() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
