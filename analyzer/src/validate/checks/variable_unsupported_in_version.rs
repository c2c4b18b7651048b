//! `VARIABLE_UNSUPPORTED_IN_VERSION`: a policy variable where the version
//! makes it literal text.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;

check! {
    /// ## What it finds
    /// A policy variable (`${aws:username}`) in a `Resource` or condition
    /// value of a policy whose `Version` is missing or `2008-10-17`.
    ///
    /// ## Why it matters
    /// Variables exist only in the `2012-10-17` language: here `${...}`
    /// is literal text, so `arn:aws:s3:::home/${aws:username}/*` names a
    /// folder literally called `${aws:username}`.
    ///
    /// ## How to fix
    /// Add `"Version": "2012-10-17"`.
    code: "VARIABLE_UNSUPPORTED_IN_VERSION",
    finding_type: Error,
    title: "Variable unsupported in version",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    if ctx.policy.variables_enabled() || ctx.policy.root.as_object().is_none() {
        return;
    }
    for statement in ctx.statements() {
        let mut locations = Vec::new();
        for item in statement
            .resources
            .iter()
            .flat_map(|clause| clause.items.iter())
        {
            if variables::has_variable(item.text) {
                locations.push(item.location());
            }
        }
        for entry in &statement.conditions {
            for (text, value) in entry.texts() {
                if variables::has_variable(text) {
                    locations.push(value.location());
                }
            }
        }
        for location in locations {
            report.add(
                "To include variables in your policy, use the policy version 2012-10-17 or later.",
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
    fn flags_a_variable_under_the_old_version() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        );
    }
}
