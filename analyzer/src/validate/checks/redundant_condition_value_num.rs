//! `REDUNDANT_CONDITION_VALUE_NUM`: several bounds for one numeric
//! comparison.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::value;

check! {
    /// ## What it finds
    /// A `NumericLessThan`, `NumericLessThanEquals`, `NumericGreaterThan`
    /// or `NumericGreaterThanEquals` condition with more than one value.
    ///
    /// ## Why it matters
    /// Values are ORed, so only the greatest (for "less than") or least
    /// (for "greater than") one matters; the others suggest a limit that
    /// does not exist.
    ///
    /// ## How to fix
    /// Keep the single value that applies.
    code: "REDUNDANT_CONDITION_VALUE_NUM",
    finding_type: Suggestion,
    title: "Redundant condition value num",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let bound = match entry.base() {
                Some(BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals) => {
                    "greatest"
                }
                Some(BaseOperator::NumericGreaterThan | BaseOperator::NumericGreaterThanEquals) => {
                    "least"
                }
                _ => continue,
            };
            let numbers = entry
                .texts()
                .filter(|(text, _)| value::parse_decimal(text).is_ok())
                .count();
            if numbers > 1 {
                report.add(
                    format!(
                        "Multiple values in {} are redundant. Replace with the {bound} single value for {}.",
                        entry.operator_text, entry.key
                    ),
                    entry.value_location(),
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
    fn flags_two_upper_bounds() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600"]}}}]}"#,
        );
    }
}
