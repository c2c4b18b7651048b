//! `CONFIRM_AUDIENCE_CLAIM_TYPE`: a set qualifier on an OIDC audience claim.

use crate::validate::check::{check, Context, Report, ALL_TYPES};
use crate::validate::support::keys::{self, KeyKind};

check! {
    /// ## What it finds
    /// A `ForAllValues:` or `ForAnyValue:` condition on an identity
    /// provider's audience claim (`<provider>:aud`).
    ///
    /// ## Why it matters
    /// Providers send `aud` as one value or as a list. With a single
    /// value, `ForAllValues` also holds when the claim is missing; with a
    /// list, a plain operator compares unpredictably. Which form is right
    /// depends on your provider.
    ///
    /// ## How to fix
    /// Check what your provider sends: keep the qualifier only for a
    /// multivalued claim (`ForAnyValue:` is the safe one), drop it for a
    /// single value.
    code: "CONFIRM_AUDIENCE_CLAIM_TYPE",
    finding_type: Suggestion,
    title: "Confirm audience claim type",
    policy_types: ALL_TYPES,
    run: run,
}

/// Whether the key is an identity provider's `aud` claim.
pub(super) fn is_audience_key(ctx: &Context<'_>, key: &str) -> bool {
    let is_aud = key
        .rsplit_once(':')
        .is_some_and(|(_, claim)| claim.eq_ignore_ascii_case("aud"));
    is_aud && matches!(keys::classify(ctx.catalog, key), KeyKind::Provider(_))
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        for entry in &statement.conditions {
            if entry.qualifier().is_some() && is_audience_key(ctx, entry.key) {
                report.add(
                    "The 'aud' (audience) claim key identifies the recipients that the JSON web token is intended for. Audience claims can be multivalued or single-valued. If the claim is multivalued, use a ForAllValues or ForAnyValue qualifier. If the claim is single-valued, do not use a qualifier.",
                    entry.key_location(),
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
    fn flags_a_qualified_audience() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}]}"#,
        );
    }
}
