//! `MISMATCHED_ACTION_FOR_PRINCIPAL`: an assume-role action that the
//! statement's principals cannot call.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::document::{Item, PrincipalClause};
use crate::validate::support::principals::{self, Federated};

check! {
    /// ## What it finds
    /// In a role trust policy, `sts:AssumeRoleWithSAML` granted to
    /// principals that are not SAML providers,
    /// `sts:AssumeRoleWithWebIdentity` granted to principals that are not
    /// OIDC providers, or `sts:AssumeRole` granted to a `Federated`
    /// principal.
    ///
    /// ## Why it matters
    /// Each kind of principal reaches a role through one action: the pair
    /// grants nothing, and the principal meant to assume the role cannot.
    ///
    /// ## How to fix
    /// Use `sts:AssumeRoleWithSAML` with SAML providers,
    /// `sts:AssumeRoleWithWebIdentity` with OIDC providers and
    /// `sts:AssumeRole` with AWS and service principals.
    code: "MISMATCHED_ACTION_FOR_PRINCIPAL",
    finding_type: Error,
    title: "Mismatched action for principal",
    policy_types: TRUST_ONLY,
    run: run,
}

/// A principal as the rule sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Saml,
    Oidc,
    /// A `Federated` value that names no provider (its own check reports
    /// it).
    Malformed,
    Other,
}

fn principals_of<'a>(principal: &'a PrincipalClause<'a>) -> Vec<(Kind, &'a Item<'a>)> {
    principal
        .entries()
        .iter()
        .flat_map(|entry| {
            entry.values.iter().map(move |value| {
                let kind = match (entry.kind, principals::federated(value.text)) {
                    ("Federated", Federated::Saml) => Kind::Saml,
                    ("Federated", Federated::Oidc(_)) => Kind::Oidc,
                    ("Federated", Federated::Invalid) => Kind::Malformed,
                    _ => Kind::Other,
                };
                (kind, value)
            })
        })
        .collect()
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let (Some(principal), Some(actions)) = (&statement.principal, &statement.actions) else {
            continue;
        };
        if principal.negated || actions.negated {
            continue;
        }
        let listed = principals_of(principal);
        for item in &actions.items {
            let wrong: Vec<&str> = if item.text.eq_ignore_ascii_case("sts:AssumeRoleWithSAML") {
                names(&listed, |kind, _| kind != Kind::Saml)
            } else if item
                .text
                .eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity")
            {
                names(&listed, |kind, _| kind != Kind::Oidc)
            } else if item.text.eq_ignore_ascii_case("sts:AssumeRole") {
                let federated: Vec<&str> =
                    principal.values_of("Federated").map(|v| v.text).collect();
                names(&listed, |_, text| federated.contains(&text))
            } else {
                continue;
            };
            if !wrong.is_empty() {
                report.add(
                    format!(
                        "The {} action is invalid with the following principal(s): {}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options.",
                        item.text,
                        wrong.join(", ")
                    ),
                    item.location(),
                );
            }
        }
    }
}

fn names<'a>(listed: &[(Kind, &'a Item<'a>)], wrong: impl Fn(Kind, &str) -> bool) -> Vec<&'a str> {
    listed
        .iter()
        .filter(|(kind, item)| *kind != Kind::Malformed && wrong(*kind, item.text))
        .map(|(_, item)| item.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::validate::check::testing::assert_flags;
    use crate::validate::PolicyType;

    #[test]
    fn flags_web_identity_for_a_saml_provider() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Corp"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Corp"}, "Action": "sts:AssumeRoleWithSAML"}]}"#,
        );
    }

    #[test]
    fn flags_assume_role_for_a_federated_principal() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRole"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
        );
    }
}
