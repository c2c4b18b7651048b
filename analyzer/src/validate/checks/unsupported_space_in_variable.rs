//! `UNSUPPORTED_SPACE_IN_VARIABLE`: unsupported space in variable.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables::{self, VariableProblem};

use super::missing_brace_in_variable::variable_values;

check! {
    /// ## What it finds
    /// A space in a policy variable's name: `${aws: username}`.
    ///
    /// ## Why it matters
    /// IAM rejects the variable (spaces are allowed only around a default
    /// value).
    ///
    /// ## How to fix
    /// Remove the space: `${aws:username}`.
    code: "UNSUPPORTED_SPACE_IN_VARIABLE",
    finding_type: Error,
    title: "Unsupported space in variable",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for (text, location) in variable_values(ctx) {
        let found = variables::variables(&text)
            .iter()
            .any(|variable| variable.problem == Some(VariableProblem::SpaceInName));
        if found {
            report.add(
                "A space is not supported within the policy variable text. Remove the space.",
                location,
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
    fn flags_the_variable() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws: username}/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        );
    }
}
