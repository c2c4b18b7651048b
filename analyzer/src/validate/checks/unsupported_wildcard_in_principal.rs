//! `UNSUPPORTED_WILDCARD_IN_PRINCIPAL`: a partial wildcard in a principal.

use crate::validate::check::{check, Context, Report, ALL_TYPES};

check! {
    /// ## What it finds
    /// A principal with `*` or `?` other than the whole `"AWS": "*"`:
    /// `arn:aws:iam::111122223333:role/app-*`, `"Service": "*"`.
    ///
    /// ## Why it matters
    /// Principals do not match by pattern: the service rejects the policy.
    /// To match principals by name, use `aws:PrincipalArn` with
    /// `ArnLike` in the `Condition`.
    ///
    /// ## How to fix
    /// Name the principals, or use `"AWS": "*"` with a condition on
    /// `aws:PrincipalArn`.
    code: "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
    finding_type: Error,
    title: "Unsupported wildcard in principal",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in statement.principal.iter().flat_map(|p| p.entries()) {
            for value in &entry.values {
                let whole_star = entry.kind == "AWS" && value.text == "*";
                if !whole_star && value.text.contains(['*', '?']) {
                    report.add(
                        format!(
                            "Wildcards (*, ?) are not supported with the principal key {}. Replace the wildcard with a valid principal value.",
                            entry.kind
                        ),
                        value.location(),
                    );
                }
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
    fn flags_a_partial_wildcard_in_a_role_arn() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app-*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}]}"#,
        );
    }
}
