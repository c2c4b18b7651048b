//! `EMPTY_ARRAY_PRINCIPAL`: a principal type with an empty list.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::value_location;

check! {
    /// ## What it finds
    /// A principal type whose list is empty (`"AWS": []`).
    ///
    /// ## Why it matters
    /// The entry names nobody; if it is the statement's only one, the
    /// statement applies to no request.
    ///
    /// ## How to fix
    /// List the principals, or remove the entry.
    code: "EMPTY_ARRAY_PRINCIPAL",
    finding_type: Suggestion,
    title: "Empty array principal",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in statement.principal.iter().flat_map(|p| p.entries()) {
            if entry.member.value.as_array().is_some_and(<[_]>::is_empty) {
                report.add(
                    "This statement includes no principals and does not affect the policy. Specify principals.",
                    value_location(entry.path.clone(), entry.member),
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
    fn flags_an_empty_principal_list() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
