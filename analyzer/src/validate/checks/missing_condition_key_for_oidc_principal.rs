//! `MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL`: an OIDC provider trusted
//! without a condition on its claims.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::support::principals::{self, Federated};

check! {
    /// ## What it finds
    /// A role trust policy statement that allows an OpenID Connect
    /// provider (other than GitHub, which has its own check) without any
    /// condition on that provider's keys (`<provider>:aud`,
    /// `<provider>:sub`, ...).
    ///
    /// ## Why it matters
    /// Every identity the provider issues tokens to — for Amazon Cognito
    /// or Google, anyone who signs up to any application — can assume the
    /// role.
    ///
    /// ## How to fix
    /// Add a condition on the provider's `aud` (your application) and, as
    /// needed, `sub` (the identities) keys.
    code: "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    finding_type: SecurityWarning,
    title: "Missing condition key for oidc principal",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if !statement.is_allow() {
            continue;
        }
        for value in principal.values_of("Federated") {
            let Federated::Oidc(host) = principals::federated(value.text) else {
                continue;
            };
            if host.starts_with(super::missing_github_repo_condition_key::GITHUB) {
                continue;
            }
            let constrained = statement.conditions.iter().any(|entry| {
                entry
                    .key
                    .rsplit_once(':')
                    .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(&host))
            });
            if !constrained {
                report.add(
                    "Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.",
                    value.location(),
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
    fn flags_cognito_without_an_audience() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012"}}}]}"#,
        );
    }
}
