//! `EMPTY_SID_VALUE`: `"Sid": ""`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement whose `Sid` is the empty string.
    ///
    /// ## Why it matters
    /// The `Sid` is there to name the statement in reviews, logs and
    /// findings; an empty one names nothing.
    ///
    /// ## How to fix
    /// Give the statement a name, or remove the `Sid`.
    code: "EMPTY_SID_VALUE",
    finding_type: Suggestion,
    title: "Empty Sid value",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if statement.sid() == Some("") {
            report.add(
                "Add a value to the empty string in the Sid element.",
                statement.location_of("Sid"),
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
    fn flags_an_empty_sid() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }
}
