//! `EMPTY_VARIABLE`: empty variable.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables::{self, VariableProblem};

use super::missing_brace_in_variable::variable_values;

check! {
    /// ## What it finds
    /// An empty policy variable: `${}`.
    ///
    /// ## Why it matters
    /// IAM rejects the variable.
    ///
    /// ## How to fix
    /// Name the variable, or remove the `${}`.
    code: "EMPTY_VARIABLE",
    finding_type: Error,
    title: "Empty variable",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for (text, location) in variable_values(ctx) {
        let found = variables::variables(&text)
            .iter()
            .any(|variable| variable.problem == Some(VariableProblem::Empty));
        if found {
            report.add("Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${}/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        );
    }
}
