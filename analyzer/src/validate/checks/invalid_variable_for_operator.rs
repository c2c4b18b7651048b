//! `INVALID_VARIABLE_FOR_OPERATOR`: a policy variable in a value of a
//! non-string operator.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;

check! {
    /// ## What it finds
    /// A policy variable in a value of a `Numeric`, `Date`, `Bool`,
    /// `Binary`, `IpAddress` or `Null` condition.
    ///
    /// ## Why it matters
    /// Variables are substituted only for string and ARN operators; IAM
    /// rejects the policy.
    ///
    /// ## How to fix
    /// Compare with a fixed value, or use a string operator.
    code: "INVALID_VARIABLE_FOR_OPERATOR",
    finding_type: Error,
    title: "Invalid variable for operator",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    if !ctx.policy.variables_enabled() {
        return;
    }
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let Some(base) = entry.base() else {
                continue;
            };
            if matches!(base.family(), OperatorFamily::String | OperatorFamily::Arn) {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) {
                    report.add(
                        "Policy variables can only be used with String and ARN operators.",
                        value.location(),
                    );
                }
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
    fn flags_a_variable_in_a_numeric_condition() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/limit}"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "${aws:PrincipalTag/limit}"}}}]}"#,
        );
    }
}
