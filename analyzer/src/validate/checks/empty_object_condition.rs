//! `EMPTY_OBJECT_CONDITION`: `"Condition": {}`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::value_location;

check! {
    /// ## What it finds
    /// A `Condition` element, or one of its operators, that is an empty
    /// object.
    ///
    /// ## Why it matters
    /// It limits nothing; a reader may believe the statement is
    /// conditional when it is not.
    ///
    /// ## How to fix
    /// Write the intended conditions, or remove the empty block.
    code: "EMPTY_OBJECT_CONDITION",
    finding_type: Suggestion,
    title: "Empty object condition",
    policy_types: ALL_TYPES,
    run: run,
}

const DETAILS: &str =
    "This condition block is empty and it does not affect the policy. Specify conditions.";

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(block) = statement.member("Condition") else {
            continue;
        };
        let Some(operators) = block.value.as_object() else {
            continue;
        };
        let path = statement.member_path("Condition");
        if operators.is_empty() {
            report.add(DETAILS, value_location(path, block));
            continue;
        }
        for operator in operators {
            if operator.value.as_object().is_some_and(<[_]>::is_empty) {
                report.add(
                    DETAILS,
                    value_location(path.member(&operator.key), operator),
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
    fn flags_an_empty_condition_block() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
        );
    }
}
