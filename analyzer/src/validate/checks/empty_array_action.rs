//! `EMPTY_ARRAY_ACTION`: `"Action": []`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement whose `Action` is an empty array.
    ///
    /// ## Why it matters
    /// The statement matches no request: it allows or denies nothing,
    /// which is rarely what its author meant.
    ///
    /// ## How to fix
    /// List the actions, or remove the statement.
    code: "EMPTY_ARRAY_ACTION",
    finding_type: Suggestion,
    title: "Empty array action",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(clause) = statement
            .actions
            .as_ref()
            .filter(|c| !c.negated && c.is_empty_array())
        {
            report.add(
                "This statement includes no actions and does not affect the policy. Specify actions.",
                clause.location(),
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
    fn flags_an_empty_action_list() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}"#,
        );
    }
}
