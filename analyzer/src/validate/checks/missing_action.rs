//! `MISSING_ACTION`: a statement without `Action` or `NotAction`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement with neither `Action` nor `NotAction`.
    ///
    /// ## Why it matters
    /// IAM rejects the statement: it must say which actions it allows or
    /// denies.
    ///
    /// ## How to fix
    /// Add an `Action` element listing the actions (or `NotAction`).
    code: "MISSING_ACTION",
    finding_type: Error,
    title: "Missing action",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_object() && !statement.has("Action") && !statement.has("NotAction") {
            report.add(
                "Add an Action or NotAction element to the policy statement.",
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
    fn flags_a_statement_without_action() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#,
        );
    }
}
