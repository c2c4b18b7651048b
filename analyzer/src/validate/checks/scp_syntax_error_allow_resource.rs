//! `SCP_SYNTAX_ERROR_ALLOW_RESOURCE`: scp syntax error allow resource.

use crate::validate::check::{check, Context, Report, SCP_ONLY};

check! {
    /// ## What it finds
    /// A service control policy `Allow` statement whose `Resource` is
    /// anything but `"*"`.
    ///
    /// ## Why it matters
    /// AWS Organizations rejects it: SCP `Allow` statements apply to all
    /// resources.
    ///
    /// ## How to fix
    /// Use `"Resource": "*"`, and deny the resources to exclude in a `Deny`
    /// statement.
    code: "SCP_SYNTAX_ERROR_ALLOW_RESOURCE",
    finding_type: Error,
    title: "SCP syntax error allow resource",
    policy_types: SCP_ONLY,
    run: run,
}

/// Whether the statement's `Resource` is something other than `"*"`.
fn resource_is_limited(statement: &crate::validate::document::Statement<'_>) -> bool {
    statement.resources.as_ref().is_some_and(|clause| {
        !clause.negated
            && (clause.items.iter().any(|item| item.text != "*") || clause.is_empty_array())
    })
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_allow() && resource_is_limited(statement) {
            if let Some(member) = statement.member("Resource") {
                report.add("SCPs do not support Resource with effect Allow. Update the element Resource or the effect.", statement.key_location(member));
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
        );
    }
}
