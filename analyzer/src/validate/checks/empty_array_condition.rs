//! `EMPTY_ARRAY_CONDITION`: empty array condition.

use crate::policy::SetQualifier;
use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::ConditionEntry;

check! {
    /// ## What it finds
    /// A condition key whose value is an empty array, with an operator
    /// without set qualifier or `IfExists`.
    ///
    /// ## Why it matters
    /// No value can match, so the condition never holds: an `Allow` grants
    /// nothing, a `Deny` denies nothing.
    ///
    /// ## How to fix
    /// List the values, or remove the key.
    code: "EMPTY_ARRAY_CONDITION",
    finding_type: Suggestion,
    title: "Empty array condition",
    policy_types: ALL_TYPES,
    run: run,
}

/// Which of the four empty-array checks an empty condition value belongs
/// to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EmptyKind {
    Plain,
    ForAllValues,
    ForAnyValue,
    IfExists,
}

/// The kind of an entry whose value is an empty array.
pub(super) fn empty_kind(entry: &ConditionEntry<'_>) -> Option<EmptyKind> {
    if !entry.values_are_array || !entry.values.is_empty() {
        return None;
    }
    Some(match entry.qualifier() {
        Some(SetQualifier::ForAllValues) => EmptyKind::ForAllValues,
        Some(SetQualifier::ForAnyValue) => EmptyKind::ForAnyValue,
        None if entry.if_exists() => EmptyKind::IfExists,
        None => EmptyKind::Plain,
    })
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if empty_kind(entry) == Some(EmptyKind::Plain) {
                report.add(format!("There are no values for the condition key {} and it does not affect the policy. Specify conditions.", entry.key), entry.value_location());
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
    fn flags_an_empty_value_list() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": []}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["blue"]}}}]}"#,
        );
    }
}
