//! `TYPE_MISMATCH_NUMBER`: type mismatch number.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;
use crate::value;

check! {
    /// ## What it finds
    /// A `Numeric...` condition value that is not a number.
    ///
    /// ## Why it matters
    /// The value never matches, so the condition never holds as intended.
    ///
    /// ## How to fix
    /// Write a decimal number: `3600`.
    code: "TYPE_MISMATCH_NUMBER",
    finding_type: Warning,
    title: "Type mismatch number",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let is_valid: fn(&str) -> bool = |text| value::parse_decimal(text).is_ok();
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family)
                != Some(OperatorFamily::Numeric)
            {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) || is_valid(text) {
                    continue;
                }
                report.add(
                    format!(
                        "Add a valid numeric value for the condition operator {}.",
                        entry.operator_text
                    ),
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
    fn flags_a_value_of_the_wrong_type() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}"#,
        );
    }
}
