//! `NULL_WITH_QUALIFIER`: `ForAllValues:Null` or `ForAnyValue:Null`.

use crate::policy::BaseOperator;
use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// The `Null` operator with a `ForAllValues:` or `ForAnyValue:`
    /// qualifier.
    ///
    /// ## Why it matters
    /// The qualifiers compare each value of a multivalued key, but `Null`
    /// tests the key's presence: the condition always holds with
    /// `ForAllValues` and never with `ForAnyValue`.
    ///
    /// ## How to fix
    /// Use `Null` without a qualifier.
    code: "NULL_WITH_QUALIFIER",
    finding_type: Suggestion,
    title: "Null with qualifier",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let mut seen = Vec::new();
        for entry in &statement.conditions {
            if entry.base() == Some(BaseOperator::Null)
                && entry.qualifier().is_some()
                && !seen.contains(&entry.operator_text)
            {
                seen.push(entry.operator_text);
                report.add(
                    "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.",
                    entry.operator_location(),
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
    fn flags_a_qualified_null() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "false"}}}]}"#,
        );
    }
}
