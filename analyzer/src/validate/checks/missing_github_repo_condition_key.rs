//! `MISSING_GITHUB_REPO_CONDITION_KEY`: GitHub Actions trusted without a
//! condition on the repository.

use crate::validate::check::{check, Context, Report, TRUST_ONLY};
use crate::validate::support::principals::{self, Federated};

check! {
    /// ## What it finds
    /// A role trust policy statement that allows GitHub's OIDC provider
    /// (`token.actions.githubusercontent.com`) without a condition on
    /// `token.actions.githubusercontent.com:sub`.
    ///
    /// ## Why it matters
    /// Any workflow of any repository on GitHub — anyone's — can assume
    /// the role.
    ///
    /// ## How to fix
    /// Add `"StringEquals": {"token.actions.githubusercontent.com:sub":
    /// "repo:ORG/REPO:ref:refs/heads/main"}` (or the environments and
    /// branches you deploy from).
    code: "MISSING_GITHUB_REPO_CONDITION_KEY",
    finding_type: SecurityWarning,
    title: "Missing github repo condition key",
    policy_types: TRUST_ONLY,
    run: run,
}

/// GitHub's OIDC provider host.
pub(super) const GITHUB: &str = "token.actions.githubusercontent.com";

fn run(ctx: &Context<'_>, report: &mut Report<'_>) {
    for statement in ctx.statements() {
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if !statement.is_allow() {
            continue;
        }
        for value in principal.values_of("Federated") {
            let is_github = matches!(principals::federated(value.text), Federated::Oidc(host) if host.starts_with(GITHUB));
            if is_github && !statement.uses_key(&format!("{GITHUB}:sub")) {
                report.add(
                    "Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.",
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
    fn flags_github_without_a_subject() {
        assert_flags(
            &CHECK,
            PolicyType::Trust,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}"#,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}}}]}"#,
        );
    }
}
