//! `ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE`: `Resource` in a trust policy.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};

check! {
    /// ## What it finds
    /// A role trust policy statement with `Resource` or `NotResource`.
    ///
    /// ## Why it matters
    /// IAM rejects it (`Has prohibited field Resource`): a trust policy is
    /// about the role it is attached to.
    ///
    /// ## How to fix
    /// Remove the element.
    code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
    finding_type: Error,
    title: "Role trust policy syntax error resource",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for name in ["Resource", "NotResource"] {
            if let Some(member) = statement.member(name) {
                report.add(
                    "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.",
                    statement.key_location(member),
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
    fn flags_a_resource_in_a_trust_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        );
    }
}
