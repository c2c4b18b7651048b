//! `ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL`: `"Principal": "*"`
//! in a trust policy.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::document::PrincipalShape;

check! {
    /// ## What it finds
    /// A role trust policy statement with `"Principal": "*"`.
    ///
    /// ## Why it matters
    /// Everyone — every AWS account and every identity provider — could
    /// assume the role; Access Analyzer treats the form as an error. To
    /// let an organization's principals in, use `{"AWS": "*"}` with a
    /// condition on `aws:PrincipalOrgID`.
    ///
    /// ## How to fix
    /// Name the principals that may assume the role.
    code: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    finding_type: Error,
    title: "Role trust policy unsupported wildcard in principal",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) {
            if matches!(principal.shape, PrincipalShape::Star) {
                report.add(
                    "\"Principal:\" \"*\" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.",
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
    fn flags_star_principal_in_a_trust_policy() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        );
    }
}
