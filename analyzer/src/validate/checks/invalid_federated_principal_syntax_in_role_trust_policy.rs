//! `INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY`: a `Federated`
//! principal that names no identity provider.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::support::principals::{self, Federated};

check! {
    /// ## What it finds
    /// A `Federated` principal of a role trust policy that is neither a
    /// SAML or OIDC provider ARN (`arn:aws:iam::111122223333:saml-provider/Corp`)
    /// nor a provider's domain name (`accounts.google.com`).
    ///
    /// ## Why it matters
    /// IAM rejects the trust policy.
    ///
    /// ## How to fix
    /// Use the provider's ARN from IAM, or the built-in provider's domain.
    code: "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
    finding_type: Error,
    title: "Invalid federated principal syntax in role trust policy",
    policy_types: TRUST_ONLY,
    run: run,
}

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = &statement.principal else {
            continue;
        };
        for value in principal.values_of("Federated") {
            if value.text.contains(['*', '?'])
                || crate::validate::support::is_unresolved(value.text)
            {
                continue;
            }
            if principals::federated(value.text) == Federated::Invalid {
                report.add(
                    "The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.",
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
    fn flags_a_provider_name_that_is_not_an_arn() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "Corp SAML"}, "Action": "sts:AssumeRoleWithSAML"}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Corp"}, "Action": "sts:AssumeRoleWithSAML"}]}"#,
        );
    }
}
