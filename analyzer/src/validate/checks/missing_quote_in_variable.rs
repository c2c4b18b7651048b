//! `MISSING_QUOTE_IN_VARIABLE`: missing quote in variable.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables::{self, VariableProblem};

use super::missing_brace_in_variable::variable_values;

check! {
    /// ## What it finds
    /// A policy variable's default value not enclosed in single quotes:
    /// `${aws:PrincipalTag/team, company-wide}`.
    ///
    /// ## Why it matters
    /// IAM rejects the variable.
    ///
    /// ## How to fix
    /// Quote the default: `${aws:PrincipalTag/team, 'company-wide'}`.
    code: "MISSING_QUOTE_IN_VARIABLE",
    finding_type: Error,
    title: "Missing quote in variable",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for (text, location) in variable_values(ctx) {
        let found = variables::variables(&text)
            .iter()
            .any(|variable| variable.problem == Some(VariableProblem::MissingQuote));
        if found {
            report.add("The policy variable default value must begin and end with a single quote. Add the missing quote.", location);
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b-${aws:PrincipalTag/team, company-wide}/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}/*"}]}"#,
        );
    }
}
