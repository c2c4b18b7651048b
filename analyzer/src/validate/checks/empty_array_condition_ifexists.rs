//! `EMPTY_ARRAY_CONDITION_IFEXISTS`: empty array condition ifexists.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

use super::empty_array_condition::{empty_kind, EmptyKind};

check! {
    /// ## What it finds
    /// An `...IfExists` condition whose value is an empty array.
    ///
    /// ## Why it matters
    /// It holds only when the request carries no value for the key, which
    /// is rarely what was meant.
    ///
    /// ## How to fix
    /// To test that the key is absent, use `"Null": {"key": "true"}`.
    code: "EMPTY_ARRAY_CONDITION_IFEXISTS",
    finding_type: Suggestion,
    title: "Empty array condition IfExists",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if empty_kind(entry) == Some(EmptyKind::IfExists) {
                report.add(format!("The IfExists suffix with an empty condition key matches only if the key {} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.", entry.key), entry.value_location());
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
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": []}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": ["blue"]}}}]}"#,
        );
    }
}
