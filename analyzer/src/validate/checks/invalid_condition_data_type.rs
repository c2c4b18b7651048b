//! `INVALID_CONDITION_DATA_TYPE`: condition values of mixed or unusable
//! JSON types.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::json::Value;

check! {
    /// ## What it finds
    /// A condition key whose values mix JSON types (`["10", 20, true]`), or
    /// hold `null`, an object or a nested array.
    ///
    /// ## Why it matters
    /// Condition values are strings, numbers or booleans of one type;
    /// others are rejected or compared in ways nobody intended.
    ///
    /// ## How to fix
    /// Write every value with the same JSON type, usually as strings.
    code: "INVALID_CONDITION_DATA_TYPE",
    finding_type: Error,
    title: "Invalid condition data type",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            let unusable = entry.values.iter().any(|value| {
                matches!(
                    value.node.value,
                    Value::Null | Value::Array(_) | Value::Object(_)
                )
            });
            let mut kinds: Vec<&str> = entry
                .values
                .iter()
                .map(|value| value.node.type_name())
                .collect();
            kinds.dedup();
            kinds.sort_unstable();
            kinds.dedup();
            if unusable || kinds.len() > 1 {
                report.add(
                    "The condition value data types do not match. Use condition values of the same JSON data type.",
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
    fn flags_mixed_value_types() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", 7200]}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", "7200"]}}}]}"#,
        );
    }
}
