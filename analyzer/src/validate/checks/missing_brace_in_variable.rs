//! `MISSING_BRACE_IN_VARIABLE`: missing brace in variable.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables::{self, VariableProblem};
use crate::validate::Location;

check! {
    /// ## What it finds
    /// A policy variable without its closing brace: `${aws:username`.
    ///
    /// ## Why it matters
    /// The text is taken literally, so the resource or condition value
    /// matches nothing.
    ///
    /// ## How to fix
    /// Close the variable: `${aws:username}`.
    code: "MISSING_BRACE_IN_VARIABLE",
    finding_type: Error,
    title: "Missing brace in variable",
    policy_types: ALL_TYPES,
    run: run,
}

/// The values where policy variables are interpreted, each with its
/// location: `Resource`/`NotResource` entries and condition values, when
/// the policy's version supports variables.
pub(super) fn variable_values(ctx: &Context<'_>) -> Vec<(String, Location)> {
    if !ctx.policy.variables_enabled() {
        return Vec::new();
    }
    let mut values = Vec::new();
    for statement in ctx.statements() {
        for item in statement
            .resources
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            values.push((item.text.to_owned(), item.location()));
        }
        for entry in &statement.conditions {
            for (text, value) in entry.texts() {
                values.push((text.to_owned(), value.location()));
            }
        }
    }
    values
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for (text, location) in variable_values(ctx) {
        let found = variables::variables(&text)
            .iter()
            .any(|variable| variable.problem == Some(VariableProblem::MissingBrace));
        if found {
            report.add("The policy variable is missing a closing curly brace. Add } after the variable text.", location);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_the_variable() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        );
    }
}
