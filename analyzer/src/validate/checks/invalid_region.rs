//! `INVALID_REGION`: a Region condition value that is no Region.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::{regions, variables};

check! {
    /// ## What it finds
    /// A value of `aws:RequestedRegion` that is not a Region code
    /// (`us-east-7`, `US-EAST-1`, `eu-west`), wildcards and policy
    /// variables aside.
    ///
    /// ## Why it matters
    /// No request names that Region, so the condition never matches: a
    /// `Deny` meant to keep work in some Regions with `StringNotEquals`
    /// denies every Region, an `Allow` grants nothing.
    ///
    /// ## How to fix
    /// Use Region codes such as `eu-west-1`.
    code: "INVALID_REGION",
    finding_type: Error,
    title: "Invalid Region",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if !entry.key_is("aws:RequestedRegion") || entry.base() == Some(BaseOperator::Null) {
                continue;
            }
            for (text, value) in entry.texts() {
                if text.contains(['*', '?'])
                    || variables::has_variable(text)
                    || crate::validate::support::is_unresolved(text)
                    || regions::is_region(text)
                {
                    continue;
                }
                report.add(
                    format!("The Region {text} is not valid. Update the condition value to a suported Region."),
                    value.location(),
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
    fn flags_an_unknown_region() {
        assert_flags(
            &CHECK,
            PolicyType::Scp,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-7"]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-3"]}}}]}"#,
        );
    }
}
