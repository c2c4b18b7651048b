//! `EMPTY_ARRAY_CONDITION_FORANYVALUE`: empty array condition foranyvalue.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::empty_array_condition::{empty_kind, EmptyKind};

check! {
    /// ## What it finds
    /// A `ForAnyValue:` condition whose value is an empty array.
    ///
    /// ## Why it matters
    /// It never holds: an `Allow` grants nothing, a `Deny` denies nothing.
    ///
    /// ## How to fix
    /// List the values, or remove the key.
    code: "EMPTY_ARRAY_CONDITION_FORANYVALUE",
    finding_type: Suggestion,
    title: "Empty array condition ForAnyValue",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if empty_kind(entry) == Some(EmptyKind::ForAnyValue) {
                report.add(format!("The ForAnyValue prefix with an empty condition key {} never matches the request context and it does not affect the policy. Specify conditions.", entry.key), entry.value_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": []}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": ["blue"]}}}]}"#,
        );
    }
}
