//! `INVALID_CONDITION_OPERATOR`: an operator IAM does not have.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::parse_operator;
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A condition operator that is not one of IAM's, with its optional
    /// `ForAllValues:`/`ForAnyValue:` prefix and `IfExists` suffix.
    /// Operator names are case-sensitive: `stringEquals` and `ARNLike` are
    /// invalid.
    ///
    /// ## Why it matters
    /// IAM rejects the policy.
    ///
    /// ## How to fix
    /// Use the operator's exact name, e.g. `StringEquals`, `ArnLike`.
    code: "INVALID_CONDITION_OPERATOR",
    finding_type: Error,
    title: "Invalid condition operator",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(block) = statement.member("Condition") else {
            continue;
        };
        let path = statement.member_path("Condition");
        for operator in block.value.as_object().unwrap_or(&[]) {
            if parse_operator(&operator.key).is_none() {
                report.add(
                    format!(
                        "The condition operator {} is not valid. Use a valid condition operator.",
                        operator.key
                    ),
                    Location {
                        path: path.key(&operator.key),
                        span: operator.key_span,
                    },
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
    fn flags_a_misspelt_operator() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ARNLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}}]}"#,
        );
    }
}
