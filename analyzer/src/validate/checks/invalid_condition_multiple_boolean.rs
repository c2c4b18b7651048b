//! `INVALID_CONDITION_MULTIPLE_BOOLEAN`: several values for a `Bool`
//! condition.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A `Bool` condition with more than one value
    /// (`"aws:SecureTransport": ["true", "false"]`).
    ///
    /// ## Why it matters
    /// Values are ORed: `["true", "false"]` holds whenever the key is
    /// present, which is not a test of anything.
    ///
    /// ## How to fix
    /// Keep the one value you mean.
    code: "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    finding_type: Error,
    title: "Invalid condition multiple Boolean",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base() == Some(BaseOperator::Bool) && entry.values.len() > 1 {
                report.add(
                    "The condition key does not support multiple Boolean values. Use a single Boolean value.",
                    entry.value_location(),
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
    fn flags_two_boolean_values() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ["true"]}}}]}"#,
        );
    }
}
