//! `VARIABLE_UNSUPPORTED_IN_ELEMENT`: a policy variable outside `Resource`
//! and `Condition`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::Item;
use crate::validate::support::variables;

check! {
    /// ## What it finds
    /// A policy variable in an `Action`, `NotAction`, `Principal` or
    /// `NotPrincipal` value (`"Action": "s3:${aws:username}*"`).
    ///
    /// ## Why it matters
    /// Variables are substituted only in `Resource` and `Condition`; here
    /// the text is literal and matches nothing.
    ///
    /// ## How to fix
    /// Move the variable part into the `Resource` or a `Condition`.
    code: "VARIABLE_UNSUPPORTED_IN_ELEMENT",
    finding_type: Error,
    title: "Variable unsupported in element",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    if !ctx.policy.variables_enabled() {
        return;
    }
    for statement in ctx.statements() {
        let mut items: Vec<&Item<'_>> = statement
            .actions
            .iter()
            .flat_map(|c| c.items.iter())
            .collect();
        if let Some(principal) = &statement.principal {
            items.extend(
                principal
                    .entries()
                    .iter()
                    .flat_map(|entry| entry.values.iter()),
            );
        }
        for item in items {
            if let Some(variable) = variables::variables(item.text).first() {
                report.add(
                    format!(
                        "Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${{{}}} from this element.",
                        variable.inner
                    ),
                    item.location(),
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
    fn flags_a_variable_in_an_action() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:${aws:username}*", "Resource": "*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        );
    }
}
