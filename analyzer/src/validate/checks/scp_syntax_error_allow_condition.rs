//! `SCP_SYNTAX_ERROR_ALLOW_CONDITION`: scp syntax error allow condition.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// A service control policy `Allow` statement with a `Condition`.
    ///
    /// ## Why it matters
    /// AWS Organizations accepts conditions in SCPs only in `Deny`
    /// statements and rejects the policy.
    ///
    /// ## How to fix
    /// Express the condition in a `Deny` statement with the negated operator
    /// (`StringNotEquals` for `StringEquals`).
    code: "SCP_SYNTAX_ERROR_ALLOW_CONDITION",
    finding_type: Error,
    title: "SCP syntax error allow condition",
    policy_types: SCP_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_allow() && statement.has("Condition") {
            if let Some(member) = statement.member("Condition") {
                report.add("SCPs do not support the Condition element with effect Allow. Update the element Condition or the effect.", statement.key_location(member));
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
    fn flags_the_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Scp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#,
        );
    }
}
