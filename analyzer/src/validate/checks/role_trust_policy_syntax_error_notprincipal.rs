//! `ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL`: `NotPrincipal` in a trust
//! policy.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};

check! {
    /// ## What it finds
    /// A role trust policy statement with `NotPrincipal`.
    ///
    /// ## Why it matters
    /// IAM rejects it: a trust policy names who may assume the role.
    ///
    /// ## How to fix
    /// List the principals that may assume the role in `Principal`.
    code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
    finding_type: Error,
    title: "Role trust policy syntax error notprincipal",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(member) = statement.member("NotPrincipal") {
            report.add(
                "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.",
                statement.key_location(member),
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
    fn flags_not_principal_in_a_trust_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}"#,
        );
    }
}
