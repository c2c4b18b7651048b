//! `UNSUPPORTED_ELEMENT_COMBINATION`: an element and its `Not` form in one
//! statement.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement with both `Action` and `NotAction`, `Resource` and
    /// `NotResource`, or `Principal` and `NotPrincipal`.
    ///
    /// ## Why it matters
    /// IAM rejects the statement: each pair is one element written in two
    /// mutually exclusive ways.
    ///
    /// ## How to fix
    /// Keep one of the two elements (usually the positive one) and move
    /// the other into a separate statement if both are needed.
    code: "UNSUPPORTED_ELEMENT_COMBINATION",
    finding_type: Error,
    title: "Unsupported element combination",
    policy_types: ALL_TYPES,
    run: run,
}

const PAIRS: [(&str, &str); 3] = [
    ("Action", "NotAction"),
    ("Resource", "NotResource"),
    ("Principal", "NotPrincipal"),
];

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for (positive, negative) in PAIRS {
            if let (Some(first), Some(second)) =
                (statement.member(positive), statement.member(negative))
            {
                report.add_at(
                    format!(
                        "The policy elements {positive} and {negative} can not be used in the same statement. Remove one of these elements."
                    ),
                    vec![statement.key_location(first), statement.key_location(second)],
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
    fn flags_action_with_not_action() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
