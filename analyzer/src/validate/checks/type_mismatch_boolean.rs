//! `TYPE_MISMATCH_BOOLEAN`: type mismatch boolean.

use crate::policy::OperatorFamily;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::variables;
use crate::value;

check! {
    /// ## What it finds
    /// A `Bool` condition value other than `true` or `false`.
    ///
    /// ## Why it matters
    /// The value never matches, so the condition never holds (or, negated
    /// by `IfExists` logic, always does).
    ///
    /// ## How to fix
    /// Write `"true"` or `"false"`.
    code: "TYPE_MISMATCH_BOOLEAN",
    finding_type: Warning,
    title: "Type mismatch Boolean",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let is_valid: fn(&str) -> bool = |text| value::parse_bool(text).is_ok();
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.base().map(crate::policy::BaseOperator::family) != Some(OperatorFamily::Bool) {
                continue;
            }
            for (text, value) in entry.texts() {
                if variables::has_variable(text) || is_valid(text) {
                    continue;
                }
                report.add(
                    format!(
                        "Add a valid Boolean value (true or false) for the condition operator {}.",
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
        );
    }
}
