//! `MISSING_STATEMENT`: a policy without statements.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::{document_location, value_location};
use crate::validate::finding::JsonPath;

check! {
    /// ## What it finds
    /// A policy with no `Statement` element, or with an empty array of
    /// statements.
    ///
    /// ## Why it matters
    /// A policy is its statements: IAM rejects one that has none.
    ///
    /// ## How to fix
    /// Add a `Statement` with at least one statement.
    code: "MISSING_STATEMENT",
    finding_type: Error,
    title: "Missing statement",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    let details = "Add a statement to the policy";
    if ctx.policy.root.as_object().is_none() {
        return;
    }
    match ctx.policy.statement_member {
        None => report.add(details, document_location(ctx.policy.root)),
        Some(member) if member.value.as_array().is_some_and(<[_]>::is_empty) => {
            report.add(
                details,
                value_location(JsonPath::root().member("Statement"), member),
            );
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_an_empty_statement_list() {
        assert_flags(
            &CHECK,
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": []}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
        );
    }

    #[test]
    fn flags_a_policy_without_statement() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17"}"#,
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}}"#,
        );
    }
}
