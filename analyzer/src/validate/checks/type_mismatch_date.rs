//! `TYPE_MISMATCH_DATE`: type mismatch date.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;
use crate::value;

check! {
    /// ## What it finds
    /// A `Date...` condition value that is not a date (ISO 8601, e.g.
    /// `2025-01-31` or `2025-01-31T12:00:00Z`, or epoch seconds).
    ///
    /// ## Why it matters
    /// The value never matches, so the condition never holds as intended.
    ///
    /// ## How to fix
    /// Write the date as `YYYY-MM-DD` or a full ISO 8601 date and time.
    code: "TYPE_MISMATCH_DATE",
    finding_type: Warning,
    title: "Type mismatch date",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let is_valid: fn(&str) -> bool = |text| value::parse_date(text).is_ok();
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Date) {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) || is_valid(text) {
                    continue;
                }
                if super::invalid_date_value::is_epoch(text) {
                    continue;
                }
                report.add("The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.".to_owned(), value.location());
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
    fn flags_a_value_of_the_wrong_type() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "31/01/2025"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2025-01-31"}}}]}"#,
        );
    }
}
