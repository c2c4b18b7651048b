//! `SCP_SYNTAX_ERROR_NOTRESOURCE`: scp syntax error notresource.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// A service control policy statement with `NotResource`.
    ///
    /// ## Why it matters
    /// AWS Organizations rejects it.
    ///
    /// ## How to fix
    /// List the resources in `Resource` instead.
    code: "SCP_SYNTAX_ERROR_NOTRESOURCE",
    finding_type: Error,
    title: "SCP syntax error NotResource",
    policy_types: SCP_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.has("NotResource") {
            if let Some(member) = statement.member("NotResource") {
                report.add("SCPs do not support the NotResource element. Update the policy to use Resource instead.", statement.key_location(member));
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
