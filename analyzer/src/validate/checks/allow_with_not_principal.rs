//! `ALLOW_WITH_NOT_PRINCIPAL`: `Allow` with `NotPrincipal`.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// An `Allow` statement with `NotPrincipal`.
    ///
    /// ## Why it matters
    /// It allows everyone except the listed principals — every account,
    /// and anonymous callers too.
    ///
    /// ## How to fix
    /// List the principals to allow in `Principal`. To exclude some
    /// principals from a broad grant, use a `Deny` with `NotPrincipal` or
    /// a condition on `aws:PrincipalArn`.
    code: "ALLOW_WITH_NOT_PRINCIPAL",
    finding_type: SecurityWarning,
    title: "Allow with NotPrincipal",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = statement.principal.as_ref().filter(|p| p.negated) {
            if statement.is_allow() {
                report.add(
                    "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.",
                    statement.key_location(principal.member),
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
    fn flags_allow_with_not_principal() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
