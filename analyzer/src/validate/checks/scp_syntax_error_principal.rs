//! `SCP_SYNTAX_ERROR_PRINCIPAL`: a principal in a service control policy.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// A service control policy statement with `Principal` or
    /// `NotPrincipal`.
    ///
    /// ## Why it matters
    /// AWS Organizations rejects it: an SCP applies to every principal of
    /// the accounts it is attached to.
    ///
    /// ## How to fix
    /// Remove the element; to exempt or target principals, use a condition
    /// on `aws:PrincipalArn`.
    code: "SCP_SYNTAX_ERROR_PRINCIPAL",
    finding_type: Error,
    title: "SCP syntax error principal",
    policy_types: SCP_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = &statement.principal {
            report.add(
                "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.",
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
    fn flags_a_principal_in_an_scp() {
        assert_flags(
            &CHECK,
            PolicyType::Scp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#,
        );
    }
}
