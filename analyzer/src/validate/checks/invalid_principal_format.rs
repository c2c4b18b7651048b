//! `INVALID_PRINCIPAL_FORMAT`: a `Principal` that is neither `"*"` nor a map.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::document::PrincipalShape;

check! {
    /// ## What it finds
    /// A `Principal` or `NotPrincipal` written as a string other than
    /// `"*"` (`"Principal": "111122223333"`) or as anything else that is
    /// not a map from principal type to principals.
    ///
    /// ## Why it matters
    /// The service rejects the policy: principals must be typed
    /// (`{"AWS": "111122223333"}`), since the same text can name different
    /// principals of different types.
    ///
    /// ## How to fix
    /// Write `{"AWS": "..."}`, `{"Service": "..."}`, `{"Federated": "..."}`
    /// or `{"CanonicalUser": "..."}`.
    code: "INVALID_PRINCIPAL_FORMAT",
    finding_type: Error,
    title: "Invalid principal format",
    policy_types: ALL_TYPES,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        if let Some(principal) = statement
            .principal
            .as_ref()
            .filter(|p| matches!(p.shape, PrincipalShape::Other))
        {
            report.add(
                "The Principal element contents are not valid. Specify a key-value pair in the Principal element.",
                principal.location(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_an_untyped_principal() {
        assert_flags(
            &CHECK,
            PolicyType::Resource,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "111122223333", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
    }
}
