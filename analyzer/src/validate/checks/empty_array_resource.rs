//! `EMPTY_ARRAY_RESOURCE`: `"Resource": []`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A statement whose `Resource` is an empty array.
    ///
    /// ## Why it matters
    /// The statement matches no request: it allows or denies nothing.
    ///
    /// ## How to fix
    /// List the resource ARNs, or remove the statement.
    code: "EMPTY_ARRAY_RESOURCE",
    finding_type: Suggestion,
    title: "Empty array resource",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(clause) = statement
            .resources
            .as_ref()
            .filter(|c| !c.negated && c.is_empty_array())
        {
            report.add(
                "This statement includes no resources and does not affect the policy. Specify resources.",
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
    fn flags_an_empty_resource_list() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*"]}]}"#,
        );
    }
}
