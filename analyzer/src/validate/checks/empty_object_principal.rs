//! `EMPTY_OBJECT_PRINCIPAL`: `"Principal": {}`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::PrincipalShape;

check! {
    /// ## What it finds
    /// A `Principal` (or `NotPrincipal`) that is an empty object.
    ///
    /// ## Why it matters
    /// It names nobody: the statement applies to no request.
    ///
    /// ## How to fix
    /// Name the principals, or remove the statement.
    code: "EMPTY_OBJECT_PRINCIPAL",
    finding_type: Suggestion,
    title: "Empty object principal",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = &statement.principal {
            if matches!(&principal.shape, PrincipalShape::Map(entries) if entries.is_empty()) {
                report.add(
                    "This statement includes no principals and does not affect the policy. Specify principals.",
                    principal.location(),
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
    fn flags_an_empty_principal_object() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
