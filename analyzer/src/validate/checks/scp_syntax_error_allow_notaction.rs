//! `SCP_SYNTAX_ERROR_ALLOW_NOTACTION`: scp syntax error allow notaction.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// A service control policy `Allow` statement with `NotAction`.
    ///
    /// ## Why it matters
    /// AWS Organizations rejects it: an SCP allow list names the actions it
    /// allows.
    ///
    /// ## How to fix
    /// List the actions in `Action`, or deny the others in a `Deny` statement
    /// with `NotAction`.
    code: "SCP_SYNTAX_ERROR_ALLOW_NOTACTION",
    finding_type: Error,
    title: "SCP syntax error allow NotAction",
    policy_types: SCP_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_allow() && statement.has("NotAction") {
            if let Some(member) = statement.member("NotAction") {
                report.add("SCPs do not support NotAction with effect Allow. Update the element NotAction or the effect.", statement.key_location(member));
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}"#,
        );
    }
}
