//! `NULL_WITH_IF_EXISTS`: `NullIfExists`.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// The `Null` operator with the `IfExists` suffix.
    ///
    /// ## Why it matters
    /// `Null` already tests whether the key is present; IAM rejects the
    /// combination.
    ///
    /// ## How to fix
    /// Use `Null` alone.
    code: "NULL_WITH_IF_EXISTS",
    finding_type: Error,
    title: "Null with if exists",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let mut seen = Vec::new();
        for entry in &statement.conditions {
            if entry.base() == Some(BaseOperator::Null)
                && entry.if_exists()
                && !seen.contains(&entry.operator_text)
            {
                seen.push(entry.operator_text);
                report.add(
                    "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.",
                    entry.operator_location(),
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
    fn flags_null_if_exists() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}]}"#,
        );
    }
}
