//! `MISSING_EFFECT`: a statement without `Effect`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement without an `Effect` element.
    ///
    /// ## Why it matters
    /// IAM rejects the statement: nothing says whether it allows or denies.
    ///
    /// ## How to fix
    /// Add `"Effect": "Allow"` or `"Effect": "Deny"`.
    code: "MISSING_EFFECT",
    finding_type: Error,
    title: "Missing effect",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.is_object() && !statement.has("Effect") {
            report.add(
                "Add an Effect element to the policy statement with a value of Allow or Deny.",
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
    fn flags_a_statement_without_effect() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
