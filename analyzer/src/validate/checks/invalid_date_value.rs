//! `INVALID_DATE_VALUE`: a date written as epoch seconds.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A `Date...` condition value written as epoch seconds
    /// (`1735689600`) rather than as an ISO 8601 date.
    ///
    /// ## Why it matters
    /// Epoch numbers are easy to get wrong by a factor of 1,000
    /// (milliseconds) or a time zone, and a reviewer cannot read them.
    ///
    /// ## How to fix
    /// Write the date as `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`.
    code: "INVALID_DATE_VALUE",
    finding_type: Warning,
    title: "Invalid date value",
    policy_types: ALL_TYPES,
    run: run,
}

/// Whether a date value is written as epoch seconds (digits only).
pub(super) fn is_epoch(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Date) {
                continue;
            }
            for (text, value) in entry.texts() {
                if is_epoch(text) {
                    report.add(
                        format!("The date {text} might not resolve as expected. We recommend that you use the YYYY-MM-DD format."),
                        value.location(),
                    );
                }
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
    fn flags_epoch_seconds() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "1735689600"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2025-01-01"}}}]}"#,
        );
    }
}
